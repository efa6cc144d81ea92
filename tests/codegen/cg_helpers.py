"""Helpers shared by the codegen tests (a unique module name: no clash with other conftests)."""

from __future__ import annotations

import importlib.util


def runtime_available() -> bool:
    """True once the runtime the generated code imports (``ccxtpro.exchange``) exists."""
    return importlib.util.find_spec("ccxtpro.exchange") is not None
