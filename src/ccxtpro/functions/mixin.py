"""``FunctionsMixin``: every primitive as an exchange method, snake_case and camelCase.

Generated exchange code calls the primitives as ``self.safe_string(...)`` or
``self.safeString(...)``; the exchange base class inherits this mixin so both
resolve to the same function object (no per-call binding: all are
staticmethods). ``number`` is ``float`` as in CCXT; an exchange configured
with another number type calls :meth:`FunctionsMixin.use_number_type`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

from . import safe
from .precise import Precise

__all__ = ["FunctionsMixin", "camelcase"]

_NOT_METHODS = {
    "USING_EXTENSIONS",
    "DECIMAL_PLACES",
    "NO_PADDING",
    "PAD_WITH_ZERO",
    "ROUND",
    "ROUND_DOWN",
    "ROUND_UP",
    "SIGNIFICANT_DIGITS",
    "TICK_SIZE",
    "TRUNCATE",
}
_EXTRA_ALIASES = {"encode_uri_component": "encodeURIComponent"}  # JavaScript's spelling, besides CCXT Python's


def camelcase(name: str) -> str:
    """``safe_string_2`` -> ``safeString2``, as CCXT Python derives its aliases."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _primitives() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module_name in ("safe", "generic", "time", "number", "encoding", "crypto", "ids"):
        module = import_module(f"{__package__}.{module_name}")
        for name in module.__all__:
            if name not in _NOT_METHODS:
                found[name] = getattr(module, name)
    return found


PRIMITIVES = _primitives()

# number-typed accessors that follow ``self.number`` (float by default)
_NUMBER_METHODS = ("parse_number", "safe_number", "safe_number_2", "safe_number_n", "safe_number_omit_zero")


def _number_methods(number_type: Callable[[Any], Any]) -> dict[str, Callable[..., Any]]:
    """The number accessors for a number type other than float (e.g. ``str`` or ``Decimal``)."""

    def parse_number(value: Any, default: Any = None) -> Any:
        if value is None:
            return default
        try:
            return number_type(value)
        except Exception:
            return default

    def safe_number(dictionary: Any, key: Any, default: Any = None) -> Any:
        return parse_number(safe.safe_string(dictionary, key), default)

    def safe_number_2(dictionary: Any, key1: Any, key2: Any, default: Any = None) -> Any:
        return parse_number(safe.safe_string_2(dictionary, key1, key2), default)

    def safe_number_n(dictionary: Any, key_list: Any, default: Any = None) -> Any:
        return parse_number(safe.safe_string_n(dictionary, key_list), default)

    def safe_number_omit_zero(dictionary: Any, key: Any, default: Any = None) -> Any:
        value = parse_number(safe.omit_zero(safe.safe_string(dictionary, key)))
        return default if value is None else value

    return {
        "parse_number": parse_number,
        "safe_number": safe_number,
        "safe_number_2": safe_number_2,
        "safe_number_n": safe_number_n,
        "safe_number_omit_zero": safe_number_omit_zero,
    }


class FunctionsMixin:
    """CCXT's hand-written base-class primitives, as methods."""

    number: Any = float
    Precise = Precise

    def use_number_type(self, number_type: Any) -> None:
        """Make this instance's number accessors produce ``number_type`` (``float`` restores the fast ones)."""
        self.number = number_type
        if number_type is float:
            for name in _NUMBER_METHODS:
                self.__dict__.pop(name, None)
                self.__dict__.pop(camelcase(name), None)
            return
        for name, fn in _number_methods(number_type).items():
            setattr(self, name, fn)
            setattr(self, camelcase(name), fn)


def _install() -> None:
    for name, fn in PRIMITIVES.items():
        method = staticmethod(fn)
        setattr(FunctionsMixin, name, method)
        alias = camelcase(name)
        if alias != name:
            setattr(FunctionsMixin, alias, method)
        extra = _EXTRA_ALIASES.get(name)
        if extra:
            setattr(FunctionsMixin, extra, method)


_install()
