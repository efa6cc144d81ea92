"""The primitives CCXT writes by hand in each language, written here by hand.

One module per concept: ``safe`` (field access, hot paths compiled), ``generic``
(dict/list helpers), ``time``, ``number`` (``decimal_to_precision``),
``precise`` (string arithmetic), ``encoding`` (query strings, base64, JSON),
``crypto`` (hash, hmac, RSA, Ed25519, JWT) and ``ids`` (uuids). Everything is
re-exported here; ``FunctionsMixin`` exposes it all as exchange methods with
snake_case and camelCase names, the way generated exchange code calls it.
"""

from __future__ import annotations

from importlib import import_module as _import_module

from .crypto import *  # noqa: F401,F403
from .encoding import *  # noqa: F401,F403
from .generic import *  # noqa: F401,F403
from .ids import *  # noqa: F401,F403
from .number import *  # noqa: F401,F403
from .precise import Precise
from .safe import *  # noqa: F401,F403
from .time import *  # noqa: F401,F403
from .mixin import FunctionsMixin, camelcase  # noqa: E402 - needs the modules above

# (one module per concept, all re-exported)
__all__ = ["FunctionsMixin", "Precise", "camelcase"]
for _name in ("crypto", "encoding", "generic", "ids", "number", "safe", "time"):
    __all__ += _import_module(f"{__name__}.{_name}").__all__
del _name
