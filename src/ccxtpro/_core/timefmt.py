"""Selects the compiled ``iso8601`` or its pure-Python twin (see ``_core/__init__``)."""

from __future__ import annotations

import os

if os.environ.get("CCXTPRO_NO_EXTENSIONS", "") not in ("", "0"):
    from .timefmt_py import iso8601
else:
    try:
        from .timefmt_c import iso8601
    except ImportError:
        from .timefmt_py import iso8601

__all__ = ["iso8601"]
