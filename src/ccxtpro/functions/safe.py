"""CCXT's ``safe_*`` family: read a field of a parsed frame without raising.

The hot accessors come from ``ccxtpro._core.safe_c`` (compiled) or its twin
``safe_py``, selected by the one switch (:mod:`ccxtpro._core.extensions`). The rarer variants (``_2`` of lower/upper, the ``_n`` family,
``omit_zero`` helpers) are plain Python on top, with CCXT's semantics,
including where CCXT lets an exception through.
"""

from __future__ import annotations

from numbers import Number
from typing import Any

from .._core import safe_py as safe_py
from .._core.extensions import USING_EXTENSIONS, select

_impl: Any = select("ccxtpro._core", "safe")

parse_number = _impl.parse_number
safe_bool = _impl.safe_bool
safe_dict = _impl.safe_dict
safe_float = _impl.safe_float
safe_float_2 = _impl.safe_float_2
safe_integer = _impl.safe_integer
safe_integer_2 = _impl.safe_integer_2
safe_integer_product = _impl.safe_integer_product
safe_list = _impl.safe_list
safe_number = _impl.safe_number
safe_number_2 = _impl.safe_number_2
safe_string = _impl.safe_string
safe_string_2 = _impl.safe_string_2
safe_string_lower = _impl.safe_string_lower
safe_string_upper = _impl.safe_string_upper
safe_timestamp = _impl.safe_timestamp
safe_value = _impl.safe_value
safe_value_2 = _impl.safe_value_2


def _first_present(dictionary_or_list: Any, key_list: Any) -> Any:
    """First value at ``key_list`` that is neither None nor ''; dicts and lists only.

    List keys must be in-range non-negative ints (no negative indexing), as in CCXT.
    """
    if isinstance(dictionary_or_list, dict):
        get = dictionary_or_list.get
        for key in key_list:
            value = get(key)
            if value is not None and value != "":
                return value
    elif isinstance(dictionary_or_list, list):
        size = len(dictionary_or_list)
        for key in key_list:
            if isinstance(key, int) and 0 <= key < size:
                value = dictionary_or_list[key]
                if value is not None and value != "":
                    return value
    return None


def _view(value: Any) -> str | None:
    t = type(value)
    if t is str:
        return value
    if t is int or t is float:
        return str(value)
    return None


def safe_string_lower_2(dictionary: Any, key1: Any, key2: Any, default: Any = None) -> Any:
    """``safe_string_2`` lowered."""
    s = safe_string_2(dictionary, key1, key2)
    return default if s is None else s.lower()


def safe_string_upper_2(dictionary: Any, key1: Any, key2: Any, default: Any = None) -> Any:
    """``safe_string_2`` uppered."""
    s = safe_string_2(dictionary, key1, key2)
    return default if s is None else s.upper()


def safe_integer_product_2(dictionary: Any, key1: Any, key2: Any, factor: Any, default: Any = None) -> Any:
    """``safe_integer_product`` on ``key1``, then on ``key2``."""
    v = safe_integer_product(dictionary, key1, factor)
    return safe_integer_product(dictionary, key2, factor, default) if v is None else v


def safe_timestamp_2(dictionary: Any, key1: Any, key2: Any, default: Any = None) -> Any:
    """Seconds at ``key1`` or ``key2`` as integer milliseconds."""
    return safe_integer_product_2(dictionary, key1, key2, 1000, default)


def safe_value_n(dictionary: Any, key_list: Any, default: Any = None) -> Any:
    """The first present value among ``key_list``."""
    if dictionary is None:
        return default
    value = _first_present(dictionary, key_list)
    return default if value is None else value


def safe_string_n(dictionary: Any, key_list: Any, default: Any = None) -> Any:
    """The first present value as a string; ``default`` if it is not a str/int/float."""
    s = _view(_first_present(dictionary, key_list))
    return default if s is None else s


def safe_string_lower_n(dictionary: Any, key_list: Any, default: Any = None) -> Any:
    """``safe_string_n`` lowered."""
    s = _view(_first_present(dictionary, key_list))
    return default if s is None else s.lower()


def safe_string_upper_n(dictionary: Any, key_list: Any, default: Any = None) -> Any:
    """``safe_string_n`` uppered."""
    s = _view(_first_present(dictionary, key_list))
    return default if s is None else s.upper()


def safe_integer_n(dictionary: Any, key_list: Any, default: Any = None) -> Any:
    """``int(float(first present value))``; ValueError/TypeError give ``default``."""
    value = _first_present(dictionary, key_list)
    if value is None:
        return default
    try:
        return int(float(value))
    except (ValueError, TypeError):
        return default


def safe_float_n(dictionary: Any, key_list: Any, default: Any = None) -> Any:
    """``float(first present value)``; a ValueError gives ``default``."""
    value = _first_present(dictionary, key_list)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        return default


def safe_integer_product_n(dictionary: Any, key_list: Any, factor: Any, default: Any = None) -> Any:
    """``int(first present value * factor)`` for numbers and numeric strings."""
    if dictionary is None:
        return default
    value = _first_present(dictionary, key_list)
    if value is None:
        return default
    if isinstance(value, Number):
        return int(value * factor)
    if isinstance(value, str):
        try:
            return int(float(value) * factor)
        except ValueError:
            pass
    return default


def safe_timestamp_n(dictionary: Any, key_list: Any, default: Any = None) -> Any:
    """Seconds at the first present key as integer milliseconds."""
    return safe_integer_product_n(dictionary, key_list, 1000, default)


def safe_number_n(dictionary: Any, key_list: Any, default: Any = None) -> Any:
    """``safe_string_n`` parsed as a float."""
    return parse_number(safe_string_n(dictionary, key_list), default)


def safe_bool_2(dictionary: Any, key1: Any, key2: Any, default: Any = None) -> Any:
    """The first of the two values that is a bool."""
    v = safe_value(dictionary, key1)
    if isinstance(v, bool):
        return v
    v = safe_value(dictionary, key2)
    return v if isinstance(v, bool) else default


def safe_bool_n(dictionary: Any, key_list: Any, default: Any = None) -> Any:
    """The first present value if it is a bool."""
    v = safe_value_n(dictionary, key_list, default)
    return v if isinstance(v, bool) else default


def safe_dict_2(dictionary: Any, key1: Any, key2: Any, default: Any = None) -> Any:
    """The first of the two values that is a dict."""
    v = safe_value(dictionary, key1)
    if isinstance(v, dict):
        return v
    v = safe_value(dictionary, key2)
    return v if isinstance(v, dict) else default


def safe_dict_n(dictionary: Any, key_list: Any, default: Any = None) -> Any:
    """The first present value if it is a dict."""
    v = safe_value_n(dictionary, key_list, default)
    return v if isinstance(v, dict) else default


def safe_list_2(dictionary: Any, key1: Any, key2: Any, default: Any = None) -> Any:
    """The first of the two values that is a list."""
    v = safe_value(dictionary, key1)
    if isinstance(v, list):
        return v
    v = safe_value(dictionary, key2)
    return v if isinstance(v, list) else default


def safe_list_n(dictionary: Any, key_list: Any, default: Any = None) -> Any:
    """The first present value if it is a list."""
    v = safe_value_n(dictionary, key_list, default)
    return v if isinstance(v, list) else default


def omit_zero(string_number: Any) -> Any:
    """None for None, '' and numeric zero; the input otherwise."""
    if string_number is None or string_number == "":
        return None
    try:
        if float(string_number) == 0:
            return None
    except Exception:
        pass
    return string_number


def safe_number_omit_zero(dictionary: Any, key: Any, default: Any = None) -> Any:
    """``safe_number`` that treats zero as missing."""
    value = parse_number(omit_zero(safe_string(dictionary, key)))
    return default if value is None else value


def safe_integer_omit_zero(dictionary: Any, key: Any, default: Any = None) -> Any:
    """``safe_integer`` that treats zero as missing (even a zero ``default``)."""
    value = safe_integer(dictionary, key, default)
    return None if value is None or value == 0 else value


__all__ = [
    "USING_EXTENSIONS",
    "omit_zero",
    "parse_number",
    "safe_bool",
    "safe_bool_2",
    "safe_bool_n",
    "safe_dict",
    "safe_dict_2",
    "safe_dict_n",
    "safe_float",
    "safe_float_2",
    "safe_float_n",
    "safe_integer",
    "safe_integer_2",
    "safe_integer_n",
    "safe_integer_omit_zero",
    "safe_integer_product",
    "safe_integer_product_2",
    "safe_integer_product_n",
    "safe_list",
    "safe_list_2",
    "safe_list_n",
    "safe_number",
    "safe_number_2",
    "safe_number_n",
    "safe_number_omit_zero",
    "safe_string",
    "safe_string_2",
    "safe_string_lower",
    "safe_string_lower_2",
    "safe_string_lower_n",
    "safe_string_n",
    "safe_string_upper",
    "safe_string_upper_2",
    "safe_string_upper_n",
    "safe_timestamp",
    "safe_timestamp_2",
    "safe_timestamp_n",
    "safe_value",
    "safe_value_2",
    "safe_value_n",
]
