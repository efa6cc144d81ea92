"""Selects the compiled frame dispatcher, or its pure-Python twin.

Same switch as the rest of ``_core``: ``CCXTPRO_NO_EXTENSIONS=1`` picks the
twin; otherwise the compiled module is used when it was built. Both stay
importable by name (``RouteTablePy``/``RouteTableC``) for tests and benchmarks.
"""

from __future__ import annotations

import os

from . import dispatch_py
from .dispatch_py import RouteError, parse_path

RouteTablePy = dispatch_py.RouteTable
DispatcherPy = dispatch_py.Dispatcher

_NO_EXTENSIONS = os.environ.get("CCXTPRO_NO_EXTENSIONS", "") not in ("", "0")

try:
    from . import dispatch_c
except ImportError:
    dispatch_c = None

if dispatch_c is not None:
    RouteTableC = dispatch_c.RouteTable
    DispatcherC = dispatch_c.Dispatcher

if _NO_EXTENSIONS or dispatch_c is None:
    RouteTable = RouteTablePy
    Dispatcher = DispatcherPy
    USING_DISPATCH_EXTENSION = False
else:
    RouteTable = RouteTableC
    Dispatcher = DispatcherC
    USING_DISPATCH_EXTENSION = True

__all__ = ["RouteError", "RouteTable", "Dispatcher", "parse_path", "USING_DISPATCH_EXTENSION"]
