"""camelCase aliases for snake_case methods, as CCXT's Python classes have.

CCXT names ``fetch_ohlcv`` ``fetchOHLCV`` (not ``fetchOhlcv``), so a few
words keep a fixed spelling. Aliases are set per class on the class that
defines the snake_case method, so a subclass override of ``load_markets``
is what ``loadMarkets`` calls on that subclass.
"""

from __future__ import annotations

import inspect
from typing import Any

#: words CCXT spells in upper case inside camelCase names
SPECIAL_WORDS = {"ohlcv": "OHLCV", "le": "LE", "be": "BE", "adl": "ADL"}


def camelize(name: str) -> str:
    """``fetch_ohlcv`` -> ``fetchOHLCV``; ``load_markets`` -> ``loadMarkets``."""
    head, *rest = name.split("_")
    return head + "".join(SPECIAL_WORDS.get(w, w[:1].upper() + w[1:]) for w in rest)


def _aliasable(value: Any) -> bool:
    if isinstance(value, (staticmethod, classmethod, property)):
        return True
    return callable(value) and not isinstance(value, type) and hasattr(value, "__code__")


def add_camelcase_aliases(cls: type, inherited: bool = False) -> type:
    """Give every public snake_case method defined on ``cls`` its camelCase
    name, unless ``cls`` itself defines that name.

    ``inherited=True`` also covers methods ``cls`` gets from its bases (for
    mixins that carry no aliases of their own), pointing each camelCase name
    at the method the snake_case name resolves to on ``cls``.
    """
    own = vars(cls)
    if inherited:
        names = {n for klass in cls.__mro__[:-1] for n in vars(klass)}
    else:
        names = set(own)
    for name in sorted(names):
        if name[0] == "_" or name[-1] == "_" or "_" not in name:
            continue
        value = inspect.getattr_static(cls, name)
        if not _aliasable(value):
            continue
        camel = camelize(name)
        if camel != name and camel not in own and inspect.getattr_static(cls, camel, None) is not value:
            setattr(cls, camel, value)
    return cls
