"""Selects the compiled ``iso8601`` or its pure-Python twin (:mod:`.extensions`)."""

from __future__ import annotations

from .extensions import select

iso8601 = select(__package__, "timefmt").iso8601

__all__ = ["iso8601"]
