"""Selects the compiled frame dispatcher or its pure-Python twin (:mod:`.extensions`).

Both builds stay importable by name (``RouteTablePy``/``RouteTableC``,
``DispatcherPy``/``DispatcherC``) for tests and benchmarks.
"""

from __future__ import annotations

from .dispatch_py import RouteError, parse_path
from .extensions import select, twins

_impl = select(__package__, "dispatch")
RouteTable = _impl.RouteTable
Dispatcher = _impl.Dispatcher

_py, _c = twins(__package__, "dispatch")
RouteTablePy, DispatcherPy = _py.RouteTable, _py.Dispatcher
if _c is not None:
    RouteTableC, DispatcherC = _c.RouteTable, _c.Dispatcher

__all__ = ["RouteError", "RouteTable", "Dispatcher", "parse_path"]
