"""``Precise``: exact decimal arithmetic on numeric strings, as CCXT does it.

A value is an integer scaled by ``10 ** -decimals`` (``'1.50'`` is ``150``
with 2 decimals). Addition, subtraction, multiplication and comparison are
exact; division keeps 18 decimals, truncated toward zero; ``mod`` follows
Python's sign rule. The ``string_*`` static methods take and return strings
(None in, None or False out) and are what exchange code calls.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Precise"]

_POW10 = [10**i for i in range(160)]


def _pow10(exponent: int) -> int:
    return _POW10[exponent] if exponent < 160 else 10**exponent


def _align(a: Precise, b: Precise) -> tuple[int, int, int]:
    """Both integers at the larger number of decimals, and that number."""
    if a.decimals == b.decimals:
        return a.integer, b.integer, a.decimals
    if a.decimals > b.decimals:
        return a.integer, b.integer * _pow10(a.decimals - b.decimals), a.decimals
    return a.integer * _pow10(b.decimals - a.decimals), b.integer, b.decimals


class Precise:
    """A decimal number as ``integer * 10 ** -decimals``."""

    __slots__ = ("integer", "decimals", "base")

    def __init__(self, number: Any, decimals: int | None = None) -> None:
        if decimals is not None:
            self.integer = number
            self.decimals = decimals
        else:
            mantissa, exponent = number, 0
            if "e" in number or "E" in number:
                mantissa, _, power = number.lower().partition("e")
                exponent = int(power)
            dot = mantissa.find(".")
            if dot >= 0:
                self.integer = int(mantissa.replace(".", ""))
                self.decimals = len(mantissa) - dot - 1 - exponent
            else:
                self.integer = int(mantissa)
                self.decimals = -exponent
        self.base = 10

    # ------------------------------------------------------------ arithmetic

    def mul(self, other: Precise) -> Precise:
        return Precise(self.integer * other.integer, self.decimals + other.decimals)

    def div(self, other: Precise, precision: int = 18) -> Precise:
        """Quotient at ``precision`` decimals, truncated toward zero."""
        shift = precision - self.decimals + other.decimals
        if shift >= 0:
            numerator = self.integer * _pow10(shift)
        else:
            numerator = self.integer // _pow10(-shift)
        quotient, remainder = divmod(numerator, other.integer)
        if quotient < 0 and remainder:
            quotient += 1  # divmod floors; the result truncates
        return Precise(quotient, precision)

    def add(self, other: Precise) -> Precise:
        a, b, decimals = _align(self, other)
        return Precise(a + b, decimals)

    def sub(self, other: Precise) -> Precise:
        a, b, decimals = _align(self, other)
        return Precise(a - b, decimals)

    def abs(self) -> Precise:
        return Precise(abs(self.integer), self.decimals)

    def neg(self) -> Precise:
        return Precise(-self.integer, self.decimals)

    def mod(self, other: Precise) -> Precise:
        up = max(other.decimals - self.decimals, 0)
        down = max(self.decimals - other.decimals, 0)
        remainder = (self.integer * _pow10(up)) % (other.integer * _pow10(down))
        return Precise(remainder, down + other.decimals)

    def orn(self, other: Precise) -> Precise:
        """Bitwise or of the integers, keeping this side's decimals (CCXT's quirk)."""
        return Precise(self.integer | other.integer, self.decimals)

    # ------------------------------------------------------------ comparison

    def cmp(self, other: Precise) -> int:
        a, b, _ = _align(self, other)
        return (a > b) - (a < b)

    def min(self, other: Precise) -> Precise:
        return self if self.cmp(other) < 0 else other

    def max(self, other: Precise) -> Precise:
        return self if self.cmp(other) > 0 else other

    def gt(self, other: Precise) -> bool:
        return self.cmp(other) > 0

    def ge(self, other: Precise) -> bool:
        return self.cmp(other) >= 0

    def lt(self, other: Precise) -> bool:
        return self.cmp(other) < 0

    def le(self, other: Precise) -> bool:
        return self.cmp(other) <= 0

    def reduce(self) -> Precise:
        """Trailing zeros moved out of the integer, in place (``'10.00'`` -> ``10`` with -1 decimals)."""
        if self.integer == 0:
            self.decimals = 0
            return self
        digits = str(self.integer)
        stripped = digits.rstrip("0")
        if len(stripped) != len(digits):
            self.decimals -= len(digits) - len(stripped)
            self.integer = int(stripped)
        return self

    def equals(self, other: Precise) -> bool:
        self.reduce()
        other.reduce()
        return self.decimals == other.decimals and self.integer == other.integer

    # ------------------------------------------------------------ Python protocol

    __add__ = add
    __sub__ = sub
    __mul__ = mul
    __truediv__ = div
    __mod__ = mod
    __neg__ = neg
    __abs__ = abs
    __lt__ = lt
    __le__ = le
    __gt__ = gt
    __ge__ = ge

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return str(self) == other
        if isinstance(other, Precise):
            return self.equals(other)
        return NotImplemented

    def __str__(self) -> str:
        self.reduce()
        sign = "-" if self.integer < 0 else ""
        digits = str(abs(self.integer))
        decimals = self.decimals
        if decimals <= 0:
            return sign + digits + "0" * -decimals
        if len(digits) > decimals:
            cut = len(digits) - decimals
            return sign + digits[:cut] + "." + digits[cut:]
        return sign + "0." + digits.rjust(decimals, "0")

    def __repr__(self) -> str:
        return "Precise(" + str(self) + ")"

    def __float__(self) -> float:
        return float(str(self))

    # ------------------------------------------------------------ string API

    @staticmethod
    def string_mul(string1: str | None, string2: str | None) -> str | None:
        if string1 is None or string2 is None:
            return None
        return str(Precise(string1).mul(Precise(string2)))

    @staticmethod
    def string_div(string1: str | None, string2: str | None, precision: int = 18) -> str | None:
        """None when either side is None or the divisor is zero."""
        if string1 is None or string2 is None:
            return None
        divisor = Precise(string2)
        if divisor.integer == 0:
            return None
        return str(Precise(string1).div(divisor, precision))

    @staticmethod
    def string_add(string1: str | None, string2: str | None) -> str | None:
        if string1 is None or string2 is None:
            return None
        return str(Precise(string1).add(Precise(string2)))

    @staticmethod
    def string_sub(string1: str | None, string2: str | None) -> str | None:
        if string1 is None or string2 is None:
            return None
        return str(Precise(string1).sub(Precise(string2)))

    @staticmethod
    def string_abs(string: str | None) -> str | None:
        if string is None:
            return None
        return str(Precise(string).abs())

    @staticmethod
    def string_neg(string: str | None) -> str | None:
        if string is None:
            return None
        return str(Precise(string).neg())

    @staticmethod
    def string_mod(string1: str | None, string2: str | None) -> str | None:
        if string1 is None or string2 is None:
            return None
        return str(Precise(string1).mod(Precise(string2)))

    @staticmethod
    def string_or(string1: str | None, string2: str | None) -> str | None:
        if string1 is None or string2 is None:
            return None
        return str(Precise(string1).orn(Precise(string2)))

    @staticmethod
    def string_equals(string1: str | None, string2: str | None) -> bool:
        if string1 is None or string2 is None:
            return False
        return Precise(string1).equals(Precise(string2))

    string_eq = string_equals

    @staticmethod
    def string_min(string1: str | None, string2: str | None) -> str | None:
        if string1 is None or string2 is None:
            return None
        return str(Precise(string1).min(Precise(string2)))

    @staticmethod
    def string_max(string1: str | None, string2: str | None) -> str | None:
        if string1 is None or string2 is None:
            return None
        return str(Precise(string1).max(Precise(string2)))

    @staticmethod
    def string_gt(string1: str | None, string2: str | None) -> bool:
        if string1 is None or string2 is None:
            return False
        return Precise(string1).gt(Precise(string2))

    @staticmethod
    def string_ge(string1: str | None, string2: str | None) -> bool:
        if string1 is None or string2 is None:
            return False
        return Precise(string1).ge(Precise(string2))

    @staticmethod
    def string_lt(string1: str | None, string2: str | None) -> bool:
        if string1 is None or string2 is None:
            return False
        return Precise(string1).lt(Precise(string2))

    @staticmethod
    def string_le(string1: str | None, string2: str | None) -> bool:
        if string1 is None or string2 is None:
            return False
        return Precise(string1).le(Precise(string2))
