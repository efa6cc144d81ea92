"""Dict and list helpers with CCXT's semantics: merging, indexing, grouping, sorting."""

from __future__ import annotations

import collections
import re
from operator import itemgetter
from typing import Any, Iterable

__all__ = [
    "aggregate",
    "array_concat",
    "array_slice",
    "capitalize",
    "clone",
    "deep_extend",
    "extend",
    "filter_by",
    "flatten",
    "group_by",
    "in_array",
    "index_by",
    "index_by_safe",
    "is_dictionary",
    "is_empty",
    "keysort",
    "omit",
    "pluck",
    "sort",
    "sort_by",
    "sort_by_2",
    "string_to_chars_array",
    "strip",
    "sum",
    "to_array",
    "un_camel_case",
    "unique",
    "value_is_defined",
]


def extend(*args: Any) -> Any:
    """Shallow merge, later arguments winning; an ``OrderedDict`` first keeps the type."""
    if not args:
        return {}
    first = args[0]
    if len(args) == 2 and type(first) is dict:
        return {**first, **args[1]}
    result: dict[Any, Any] = collections.OrderedDict() if type(first) is collections.OrderedDict else {}
    for arg in args:
        result.update(arg)
    return result


def _deep_merge(into: dict[Any, Any], arg: dict[Any, Any]) -> None:
    for key, value in arg.items():
        current = into.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            merged: dict[Any, Any] = {}
            _deep_merge(merged, current)
            _deep_merge(merged, value)
            into[key] = merged
        else:
            into[key] = value


def deep_extend(*args: Any) -> Any:
    """Recursive merge of dicts into a new dict; a non-dict argument replaces what came before."""
    result: Any = None
    is_dict = False
    for arg in args:
        if isinstance(arg, dict):
            if not is_dict:
                result = {}
                is_dict = True
            _deep_merge(result, arg)
        else:
            result = arg
            is_dict = False
    return result


def omit(d: Any, *args: Any) -> Any:
    """A copy of ``d`` without the given keys (lists of keys are expanded); non-dicts pass through."""
    if not isinstance(d, dict):
        return d
    result = d.copy()
    for arg in args:
        for key in arg if type(arg) is list else (arg,):
            result.pop(key, None)
    return result


def to_array(value: Any) -> Any:
    """A dict's values as a list; anything else unchanged."""
    return list(value.values()) if type(value) is dict else value


def index_by(array: Any, key: Any) -> dict[Any, Any]:
    """``{element[key]: element}``; a dict input is walked in key order, None keys skipped."""
    if isinstance(array, dict):
        array = [array[k] for k in sorted(array)]
    result: dict[Any, Any] = {}
    if isinstance(key, int):
        for element in array:
            if key < len(element):
                k = element[key]
                if k is not None:
                    result[k] = element
    else:
        for element in array:
            k = element.get(key)
            if k is not None:
                result[k] = element
    return result


index_by_safe = index_by


def group_by(array: Any, key: Any) -> collections.defaultdict[Any, list[Any]]:
    """``{value: [elements]}`` by ``element[key]``, skipping None; a defaultdict, as in CCXT."""
    result: collections.defaultdict[Any, list[Any]] = collections.defaultdict(list)
    for entry in to_array(array):
        value = entry.get(key)
        if value is not None:
            result[value].append(entry)
    return result


def filter_by(array: Any, key: Any, value: Any = None) -> list[Any]:
    """Elements whose ``key`` equals ``value``."""
    return [x for x in to_array(array) if x.get(key) == value]


def sort_by(array: Any, key: Any, descending: bool = False, default: Any = 0) -> list[Any]:
    """Sorted by ``element[key]``; None sorts as ``default`` (only when a None is present)."""
    items = array if isinstance(array, (list, tuple)) else list(array)
    try:
        return sorted(items, key=itemgetter(key), reverse=descending)
    except TypeError:
        pass

    def with_default(element: Any) -> Any:
        value = element[key]
        return default if value is None else value

    return sorted(items, key=with_default, reverse=descending)


def sort_by_2(array: Any, key1: Any, key2: Any, descending: bool = False) -> list[Any]:
    """Sorted by ``(element[key1], element[key2])``; None sorts as ''."""
    items = array if isinstance(array, (list, tuple)) else list(array)
    try:
        return sorted(items, key=itemgetter(key1, key2), reverse=descending)
    except TypeError:
        pass

    def with_default(element: Any) -> Any:
        a, b = element[key1], element[key2]
        return ("" if a is None else a, "" if b is None else b)

    return sorted(items, key=with_default, reverse=descending)


def pluck(array: Any, key: Any) -> list[Any]:
    """The ``key`` values of the elements that have it."""
    return [element[key] for element in to_array(array) if key in element]


def keysort(dictionary: dict[Any, Any]) -> dict[Any, Any]:
    """A copy with keys in sorted order."""
    return dict(sorted(dictionary.items()))


def sort(array: Iterable[Any]) -> list[Any]:
    """A sorted copy."""
    return sorted(array)


def sum(*args: Any) -> Any:  # noqa: A001 - CCXT's name
    """Sum of the int/float arguments; others are ignored."""
    total: Any = 0
    for arg in args:
        if isinstance(arg, (int, float)):
            total += arg
    return total


def array_concat(a: Any, b: Any) -> Any:
    """``a + b``."""
    return a + b


def in_array(needle: Any, haystack: Any) -> bool:
    """``needle in haystack``."""
    return needle in haystack


def is_empty(obj: Any) -> bool:
    """None, an empty container, or an object with no public attributes; strings never are."""
    if obj is None:
        return True
    if hasattr(obj, "__len__") and not isinstance(obj, (str, bytes)):
        return len(obj) == 0
    if hasattr(obj, "__dict__"):
        return not any(not name.startswith("_") for name in vars(obj))
    return False


def unique(array: Iterable[Any]) -> list[Any]:
    """Distinct elements in first-seen order (CCXT Python returns set order; JS keeps order)."""
    return list(dict.fromkeys(array))


def flatten(array: Iterable[Any]) -> list[Any]:
    """Nested lists and tuples flattened to one list, depth-first, as CCXT's JS ``flatten``."""
    out: list[Any] = []
    stack = [iter(array)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, (list, tuple)):
                stack.append(iter(item))
                break
            out.append(item)
        else:
            stack.pop()
    return out


def aggregate(bidasks: Iterable[Any]) -> list[list[Any]]:
    """Order-book levels summed by price, dropping non-positive volumes, first-seen order."""
    by_price: dict[Any, Any] = {}
    for price, volume, *_ in bidasks:
        if volume > 0:
            by_price[price] = by_price.get(price, 0) + volume
    return [[price, volume] for price, volume in by_price.items()]


def capitalize(string: Any) -> Any:
    """First character upper-cased, the rest untouched (unlike ``str.capitalize``)."""
    return string[0].upper() + string[1:] if string else string


def strip(string: str) -> str:
    """Surrounding whitespace removed."""
    return string.strip()


def is_dictionary(value: Any) -> bool:
    """True for dicts."""
    return isinstance(value, dict)


def value_is_defined(value: Any) -> bool:
    """True unless None."""
    return value is not None


def array_slice(array: Any, first: Any, second: Any = None) -> Any:
    """``array[first:second]``; a falsy ``second`` means 'to the end', as in CCXT."""
    return array[first:second] if second else array[first:]


def string_to_chars_array(value: str) -> list[str]:
    """The characters of a string."""
    return list(value)


def clone(obj: Any) -> Any:
    """Lists as they are, dicts shallow-copied."""
    return obj if isinstance(obj, list) else extend(obj)


def un_camel_case(name: str) -> str:
    """CCXT's ``unCamelCase``: ``fetchOHLCVWs`` -> ``fetch_ohlcv_ws``, ``safeString2`` ->
    ``safe_string_2``; a name without capitals is returned as is."""
    if name == "fetchOHLCVWs":
        return "fetch_ohlcv_ws"
    if not re.search("[A-Z]", name):
        return name
    name = re.sub("[a-z0-9][A-Z]", lambda m: m.group()[0] + "_" + m.group()[1], name)
    name = re.sub("[A-Z0-9][A-Z0-9][a-z][^$]", lambda m: m.group()[0] + "_" + m.group()[1:], name)
    name = re.sub("[a-z][0-9]$", lambda m: m.group()[0] + "_" + m.group()[1], name)
    return name.lower()
