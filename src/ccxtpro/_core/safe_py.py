"""Pure-Python twin of ``safe_c``: the hot ``safe_*`` accessors, CCXT's semantics.

Same names and results as the compiled module; it is the reference the
compiled one is tested against, and the fallback under
``CCXTPRO_NO_EXTENSIONS=1``. ``number`` is ``float``, as in CCXT Python.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "parse_number",
    "safe_bool",
    "safe_dict",
    "safe_float",
    "safe_float_2",
    "safe_integer",
    "safe_integer_2",
    "safe_integer_product",
    "safe_list",
    "safe_number",
    "safe_number_2",
    "safe_string",
    "safe_string_2",
    "safe_string_lower",
    "safe_string_upper",
    "safe_timestamp",
    "safe_value",
    "safe_value_2",
]

_MISSING: Any = object()


def _get(container: Any, key: Any) -> Any:
    """``container[key]``, or ``_MISSING`` where CCXT's ``try`` would catch."""
    try:
        return container[key]
    except Exception:
        return _MISSING


def _string(v: Any) -> str | None:
    """CCXT's string view of a value: non-empty str, or str() of an int/float."""
    t = type(v)
    if t is str:
        return v or None
    if t is int or t is float:
        try:
            return str(v)
        except Exception:  # ints past the str() digit limit
            return None
    return None


def _present(v: Any) -> bool:
    """CCXT's ``value is not None and value != ''``, any error meaning 'absent'."""
    if v is None or v is _MISSING:
        return False
    try:
        return bool(v != "")
    except Exception:
        return False


def _integer(v: Any) -> int | None:
    try:
        return int(float(v))
    except Exception:
        return None


def _float(v: Any) -> float | None:
    try:
        return float(v)
    except Exception:
        return None


def parse_number(value: Any, default: Any = None) -> Any:
    """``float(value)``, or ``default`` when ``value`` is None or not a number."""
    if value is None:
        return default
    f = _float(value)
    return default if f is None else f


def safe_value(dictionary: Any, key: Any, default: Any = None) -> Any:
    """``dictionary[key]`` unless missing, None or ''."""
    try:
        v = dictionary[key]
        if v is not None and v != "":
            return v
    except Exception:
        pass
    return default


def safe_value_2(dictionary: Any, key1: Any, key2: Any, default: Any = None) -> Any:
    """``safe_value`` on ``key1``, then on ``key2``."""
    v = _get(dictionary, key1)
    if _present(v):
        return v
    v = _get(dictionary, key2)
    return v if _present(v) else default


def safe_string(dictionary: Any, key: Any, default: Any = None) -> Any:
    """The value as a string: non-empty str as is, int/float via ``str``; else ``default``."""
    try:
        v = dictionary[key]
        t = type(v)
        if t is str:
            if v:
                return v
        elif t is int or t is float:
            return str(v)
    except Exception:
        pass
    return default


def safe_string_2(dictionary: Any, key1: Any, key2: Any, default: Any = None) -> Any:
    """``safe_string`` on ``key1``, then on ``key2``."""
    for key in (key1, key2):
        v = _get(dictionary, key)
        if v is not _MISSING:
            s = _string(v)
            if s is not None:
                return s
    return default


def safe_string_lower(dictionary: Any, key: Any, default: Any = None) -> Any:
    """``safe_string`` lowered."""
    v = _get(dictionary, key)
    s = None if v is _MISSING else _string(v)
    return default if s is None else s.lower()


def safe_string_upper(dictionary: Any, key: Any, default: Any = None) -> Any:
    """``safe_string`` uppered."""
    v = _get(dictionary, key)
    s = None if v is _MISSING else _string(v)
    return default if s is None else s.upper()


def safe_integer(dictionary: Any, key: Any, default: Any = None) -> Any:
    """``int(float(dictionary[key]))``, or ``default`` where that would raise."""
    try:
        return int(float(dictionary[key]))
    except Exception:
        return default


def safe_integer_2(dictionary: Any, key1: Any, key2: Any, default: Any = None) -> Any:
    """``safe_integer`` on ``key1``, then on ``key2``."""
    for key in (key1, key2):
        v = _get(dictionary, key)
        if v is not _MISSING:
            i = _integer(v)
            if i is not None:
                return i
    return default


def safe_integer_product(dictionary: Any, key: Any, factor: Any, default: Any = None) -> Any:
    """``int(float(dictionary[key]) * factor)``, or ``default`` where that would raise."""
    v = _get(dictionary, key)
    if v is _MISSING:
        return default
    try:
        return int(float(v) * factor)
    except Exception:
        return default


def safe_timestamp(dictionary: Any, key: Any, default: Any = None) -> Any:
    """Seconds at ``key`` as integer milliseconds."""
    return safe_integer_product(dictionary, key, 1000, default)


def safe_float(dictionary: Any, key: Any, default: Any = None) -> Any:
    """``float(dictionary[key])``, or ``default`` where that would raise."""
    try:
        return float(dictionary[key])
    except Exception:
        return default


def safe_float_2(dictionary: Any, key1: Any, key2: Any, default: Any = None) -> Any:
    """``safe_float`` on ``key1``, then on ``key2``."""
    for key in (key1, key2):
        v = _get(dictionary, key)
        if v is not _MISSING:
            f = _float(v)
            if f is not None:
                return f
    return default


def safe_number(dictionary: Any, key: Any, default: Any = None) -> Any:
    """``safe_string`` parsed as a float (CCXT's ``number = float``), else ``default``."""
    try:
        v = dictionary[key]
        t = type(v)
        if t is float:
            return v
        if (t is str and v) or t is int:
            return float(v if t is str else str(v))
    except Exception:
        pass
    return default


def safe_number_2(dictionary: Any, key1: Any, key2: Any, default: Any = None) -> Any:
    """``safe_number`` of ``safe_string_2``: the first key with a string view wins."""
    s = safe_string_2(dictionary, key1, key2)
    if s is None:
        return default
    try:
        return float(s)
    except Exception:
        return default


def safe_bool(dictionary: Any, key: Any, default: Any = None) -> Any:
    """The value if it is a bool, else ``default``."""
    v = safe_value(dictionary, key, default)
    return v if isinstance(v, bool) else default


def safe_dict(dictionary: Any, key: Any, default: Any = None) -> Any:
    """The value if it is a dict, else ``default``."""
    v = safe_value(dictionary, key, default)
    return v if isinstance(v, dict) else default


def safe_list(dictionary: Any, key: Any, default: Any = None) -> Any:
    """The value if it is a list, else ``default``."""
    v = safe_value(dictionary, key, default)
    return v if isinstance(v, list) else default
