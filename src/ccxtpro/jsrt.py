"""JavaScript semantics the generated code needs where Python differs.

Written by hand, like the other primitives; generated code imports it. The
generator's back end only calls these where static typing of the expression
cannot prove the plain Python operator is already equivalent.
"""

from __future__ import annotations

import math
from typing import Any

NaN = float("nan")


def truthy(v: Any) -> bool:
    """JS ToBoolean: like Python's, except that every array and object is true."""
    if v is None or v is False:
        return False
    if isinstance(v, (list, dict, tuple)):
        return True
    if v.__class__ is float and v != v:
        return False
    return bool(v)


def _num_str(x: float) -> str:
    if x != x:
        return "NaN"
    if x in (math.inf, -math.inf):
        return "Infinity" if x > 0 else "-Infinity"
    if x == int(x) and abs(x) < 2**53:
        return str(int(x))
    s = repr(x)
    if "e" not in s:
        return s
    mantissa, exp_s = s.split("e")
    exp = int(exp_s)
    if -7 < exp < 21:
        neg = mantissa.startswith("-")
        digits = mantissa.lstrip("-").replace(".", "")
        point = len(mantissa.lstrip("-").split(".")[0]) + exp
        if point <= 0:
            out = "0." + "0" * (-point) + digits
        elif point >= len(digits):
            out = digits + "0" * (point - len(digits))
        else:
            out = digits[:point] + "." + digits[point:]
        return ("-" if neg else "") + out
    return f"{mantissa}e{'+' if exp > 0 else '-'}{abs(exp)}"


def js_str(v: Any) -> str:
    """JS ToString (what ``'' + v`` and ``String(v)`` produce)."""
    cls = v.__class__
    if cls is str:
        return v
    if v is None:
        return "undefined"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if cls is int:
        return str(v)
    if cls is float:
        return _num_str(v)
    if isinstance(v, (list, tuple)):
        return ",".join("" if e is None else js_str(e) for e in v)
    if isinstance(v, dict):
        return "[object Object]"
    return str(v)


def js_add(a: Any, b: Any) -> Any:
    """JS ``+`` when neither operand's type is known statically."""
    if a.__class__ is str:
        return a + (b if b.__class__ is str else js_str(b))
    if b.__class__ is str:
        return js_str(a) + b
    if a is None or b is None:
        return NaN
    return a + b


def js_typeof(v: Any) -> str:
    if v is None:
        return "undefined"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if callable(v):
        return "function"
    return "object"


def index_of(haystack: Any, needle: Any) -> int:
    """``String.prototype.indexOf`` / ``Array.prototype.indexOf`` (strict equality)."""
    if isinstance(haystack, str):
        return haystack.find(js_str(needle))
    for i, v in enumerate(haystack):
        if v == needle and (v.__class__ is needle.__class__ or not isinstance(v, bool) and not isinstance(needle, bool)):
            return i
    return -1


def get(obj: Any, key: Any) -> Any:
    """``obj[key]`` reading ``undefined`` (``None``) where Python would raise."""
    if obj.__class__ is dict or isinstance(obj, dict):
        return obj.get(key)
    if isinstance(obj, (list, tuple, str)):
        if isinstance(key, int) and not isinstance(key, bool) and 0 <= key < len(obj):
            return obj[key]
        if key == "length":
            return len(obj)
        return None
    try:
        return obj[key]
    except (KeyError, IndexError, TypeError):
        return None


def parse_int(v: Any, radix: Any = None) -> Any:
    """``parseInt``: the leading integer of ``String(v)``, NaN when there is none."""
    s = js_str(v).strip()
    sign = ""
    if s[:1] in ("+", "-"):
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    base = 0 if radix is None else int(radix)
    if base in (0, 16) and s[:2].lower() == "0x":
        base, s = 16, s[2:]
    if base == 0:
        base = 10
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"[:base]
    lead = ""
    for ch in s:
        if ch.lower() in digits:
            lead += ch
        else:
            break
    if not lead:
        return NaN
    return int(sign + lead, base)


def parse_float(v: Any) -> float:
    """``parseFloat``: the longest leading decimal literal of ``String(v)``."""
    s = js_str(v).strip()
    i = 0
    if s[:1] in ("+", "-"):
        i = 1
    if s[i:].startswith("Infinity"):
        return -math.inf if s.startswith("-") else math.inf
    start_digits = i
    while i < len(s) and s[i].isdigit() and s[i].isascii():
        i += 1
    int_digits = i - start_digits
    frac_digits = 0
    if i < len(s) and s[i] == ".":
        j = i + 1
        while j < len(s) and s[j].isdigit() and s[j].isascii():
            j += 1
        frac_digits = j - i - 1
        if int_digits or frac_digits:
            i = j
    if not (int_digits or frac_digits):
        return NaN
    if i < len(s) and s[i] in "eE":
        j = i + 1
        if j < len(s) and s[j] in "+-":
            j += 1
        k = j
        while k < len(s) and s[k].isdigit() and s[k].isascii():
            k += 1
        if k > j:
            i = k
    return float(s[:i])


def js_mod(a: Any, b: Any) -> Any:
    """JS ``%``: the result takes the sign of the dividend."""
    if isinstance(a, int) and isinstance(b, int) and b != 0:
        r = abs(a) % abs(b)
        return -r if a < 0 else r
    return math.fmod(a, b)


def is_nan(v: Any) -> bool:
    """``Number.isNaN``."""
    return v.__class__ is float and v != v


def js_number(v: Any) -> Any:
    """``Number(v)`` for the inputs CCXT passes (numbers, numeric strings, booleans)."""
    if v is None:
        return NaN
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v
    s = js_str(v).strip()
    if s == "":
        return 0
    try:
        f = float(s)
    except ValueError:
        return NaN
    return int(f) if f.is_integer() and abs(f) < 2**53 and "e" not in s.lower() and "." not in s else f


def encode_uri_component(v: Any) -> str:
    from urllib.parse import quote
    return quote(js_str(v), safe="-_.!~*'()")
