"""Number formatting with CCXT's semantics: ``decimal_to_precision`` and friends.

Prices and amounts are rounded or truncated as decimal strings, never as
floats. Arithmetic runs in a private ``decimal`` context (28 digits, half-up,
underflow trapped), so unlike CCXT Python the caller's thread context is left
alone; the results are the same as CCXT's under the default context.
"""

from __future__ import annotations

import decimal
import numbers
import threading
from typing import Any

__all__ = [
    "DECIMAL_PLACES",
    "NO_PADDING",
    "PAD_WITH_ZERO",
    "ROUND",
    "ROUND_DOWN",
    "ROUND_UP",
    "SIGNIFICANT_DIGITS",
    "TICK_SIZE",
    "TRUNCATE",
    "decimal_to_precision",
    "number_to_string",
    "precision_from_string",
    "truncate",
    "truncate_to_string",
]

# rounding modes
TRUNCATE = 0
ROUND = 1
ROUND_UP = 2
ROUND_DOWN = 3

# what ``precision`` counts
DECIMAL_PLACES = 2
SIGNIFICANT_DIGITS = 3
TICK_SIZE = 4

# padding modes
NO_PADDING = 5
PAD_WITH_ZERO = 6

_D = decimal.Decimal
_CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_UP,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow, decimal.Underflow],
)
_MAX_DIGITS = _CONTEXT.prec - 2
_local = threading.local()


def _thread_context() -> decimal.Context:
    """This thread's private copy of ``_CONTEXT`` (a context's flags are per-use state)."""
    ctx = getattr(_local, "context", None)
    if ctx is None:
        ctx = _local.context = _CONTEXT.copy()
    return ctx
_TEN = _D(10)


def _pow10(exponent: Any) -> decimal.Decimal:
    """``10 ** -exponent`` as a Decimal."""
    return _TEN ** (-exponent)


def _fixed(value: decimal.Decimal) -> str:
    """Plain notation, never scientific."""
    return format(value, "f")


def _drop_negative_zero(text: str) -> str:
    """``'-0.00'`` -> ``'0.00'``: a rounded-away sign is not kept."""
    if text.startswith("-0") and not text[1:].strip("0."):
        return text[1:]
    return text


def _check(rounding_mode: Any, precision: Any, counting_mode: Any, padding_mode: Any) -> None:
    """CCXT's argument checks; its failures are AssertionErrors, kept for callers that catch them."""
    kind = type(precision)
    integral = kind is int or (kind is not float and isinstance(precision, numbers.Integral))
    if not (integral or kind is float or isinstance(precision, (float, decimal.Decimal))):
        raise AssertionError("precision has an invalid number")
    if counting_mode == TICK_SIZE:
        if not precision > 0:
            raise AssertionError("negative or zero precision can not be used with TICK_SIZE precisionMode")
    elif not integral:
        raise AssertionError("precision should be an integer")
    if rounding_mode != TRUNCATE and rounding_mode != ROUND:
        raise AssertionError("invalid rounding mode")
    if counting_mode != DECIMAL_PLACES and counting_mode != SIGNIFICANT_DIGITS and counting_mode != TICK_SIZE:
        raise AssertionError("invalid counting mode")
    if padding_mode != NO_PADDING and padding_mode != PAD_WITH_ZERO:
        raise AssertionError("invalid padding mode")


def decimal_to_precision(
    n: Any,
    rounding_mode: int = ROUND,
    precision: Any = None,
    counting_mode: int = DECIMAL_PLACES,
    padding_mode: int = NO_PADDING,
) -> str:
    """``n`` rounded or truncated to ``precision`` decimal places, significant digits or tick size.

    ``precision`` may be negative with DECIMAL_PLACES / SIGNIFICANT_DIGITS (tens,
    hundreds…); with TICK_SIZE it is the tick (a number or numeric string).
    """
    if precision is None:
        raise AssertionError("precision should not be None")
    if isinstance(precision, str):
        precision = float(precision)
    _check(rounding_mode, precision, counting_mode, padding_mode)
    saved = decimal.getcontext()
    decimal.setcontext(_thread_context())  # cheaper than localcontext(), which copies on every call
    try:
        return _to_precision(n, rounding_mode, precision, counting_mode, padding_mode)
    finally:
        decimal.setcontext(saved)


def _to_precision(n: Any, rounding_mode: int, precision: Any, counting_mode: int, padding_mode: int) -> str:
    if counting_mode != TICK_SIZE and precision >= _MAX_DIGITS:
        precision = _MAX_DIGITS
    value = _D(str(n))
    if type(precision) is not int:
        _D(str(precision))  # rejects what Decimal cannot read (e.g. a bool), as CCXT does
    if counting_mode == TICK_SIZE:
        return _to_tick(value, rounding_mode, precision, padding_mode)
    if precision < 0:
        return _to_negative_places(value, rounding_mode, precision, padding_mode)
    if rounding_mode == ROUND:
        if counting_mode == DECIMAL_PLACES:
            text = _fixed(value.quantize(_pow10(precision)))
        else:
            text = _round_significant(value, precision)
        text = _drop_negative_zero(text)
    else:
        if counting_mode == DECIMAL_PLACES:
            text = _truncate_places(value, precision)
        else:
            if precision == 0:
                return "0"
            text = _truncate_significant(value, precision)
        text = _drop_negative_zero(text).rstrip(".")
    return _pad(text, precision, counting_mode, padding_mode)


def _to_negative_places(value: decimal.Decimal, rounding_mode: int, precision: int, padding_mode: int) -> str:
    """Rounding to tens, hundreds…: scale down, work at 0 places, scale back."""
    unit = _pow10(precision)
    if rounding_mode == ROUND:
        whole = _to_precision(value / unit, ROUND, 0, DECIMAL_PLACES, padding_mode)
        return _fixed(unit * _D(whole))
    return _to_precision(value - value % unit, TRUNCATE, 0, DECIMAL_PLACES, padding_mode)


def _to_tick(value: decimal.Decimal, rounding_mode: int, precision: Any, padding_mode: int) -> str:
    """Snap to a multiple of the tick, then format at the tick's own number of places."""
    tick = _D(str(precision))
    off = abs(value) % tick
    if off != 0:
        if rounding_mode == ROUND:
            up = off >= tick / 2
            if value > 0:
                value = value - off + tick if up else value - off
            else:
                value = value + off - tick if up else value + off
        elif value < 0:
            value = value + off
        else:
            value = value - off
    digits = _fixed(tick).rstrip("0")
    whole, dot, fraction = digits.partition(".")
    if dot and fraction:
        places = len(fraction)
    elif dot:
        places = 0
    else:
        places = -(len(whole) - len(whole.rstrip("0")))
    return _to_precision(_fixed(value), ROUND, places, DECIMAL_PLACES, padding_mode)


def _round_significant(value: decimal.Decimal, precision: int) -> str:
    scale = precision - value.adjusted() - 1
    step = _pow10(scale)
    if scale >= 0:
        return _fixed(value.quantize(step))
    # fewer digits than the integer part: pick the nearer of the two neighbours,
    # built from the leading characters of the plain text (the lower one on a tie)
    head = _fixed(value)[:precision]
    lower = step * _D(head or "0")
    upper = lower + step
    nearest = upper if abs(upper - value) < abs(lower - value) else lower
    return _fixed(nearest)


def _truncate_places(value: decimal.Decimal, precision: int) -> str:
    whole, _, fraction = _fixed(value).partition(".")
    return whole + "." + fraction[:precision]


def _truncate_significant(value: decimal.Decimal, precision: int) -> str:
    text = _fixed(value)
    dot = text.find(".")
    if dot < 0:
        dot = len(text)
    end = dot - value.adjusted() + precision
    if dot >= end:
        end -= 1
    if precision >= len(text) - text.count("."):
        return text
    return text[:end].ljust(dot, "0")


def _pad(text: str, precision: int, counting_mode: int, padding_mode: int) -> str:
    if padding_mode == NO_PADDING:
        return text.rstrip("0").rstrip(".") if "." in text else text
    if "." in text:
        if counting_mode == DECIMAL_PLACES:
            whole, _, fraction = text.partition(".")
            return whole + "." + fraction.ljust(precision, "0")
        lead = len(text) - len(text.lstrip("0."))
        width = precision + 1 if "." in text[lead:] else precision
        return text[:lead] + text[lead:].rstrip("0").ljust(width, "0")
    if counting_mode == SIGNIFICANT_DIGITS and precision > len(text):
        return text + "." + "0" * (precision - len(text))
    if counting_mode == DECIMAL_PLACES and precision > 0:
        return text + "." + "0" * precision
    return text


def number_to_string(x: Any) -> str | None:
    """A number in plain decimal notation without trailing zeros: ``1e-7`` -> ``'0.0000001'``."""
    if x is None:
        return None
    if type(x) is int:
        return str(x)
    if type(x) is float:
        text = repr(x)
        if "e" not in text and "n" not in text:  # not scientific, not inf/nan
            return text[:-2] if text.endswith(".0") else text
    text = _fixed(_D(str(x)))
    return text.rstrip("0").rstrip(".") if "." in text else text


def precision_from_string(string: str) -> int:
    """Decimal places a tick string stands for: ``'0.0010'`` -> 3, ``'1e-4'`` -> 4."""
    if "e" in string or "E" in string:
        marker = string.find("e")
        if marker < 0:
            marker = string.find("E")
        return -int(string[marker + 1 :])
    dot = string.find(".")
    if dot < 0:
        return 0
    return len(string[dot + 1 :].rstrip("0"))


def truncate_to_string(num: Any, precision: int = 0) -> str:
    """``num`` cut (not rounded) to ``precision`` decimals, as text; whole part only for 0."""
    text = number_to_string(num)
    if precision > 0:
        head, dot, tail = text.partition(".")
        if dot and len(tail) > precision:
            return head + "." + tail[:precision]
        return text
    whole = text.partition(".")[0]
    return str(int(whole)) if whole not in ("", "-") else "0"


def truncate(num: Any, precision: int = 0) -> float:
    """``num`` cut (not rounded) to ``precision`` decimals."""
    return float(truncate_to_string(num, precision))
