"""Selects the compiled frame handlers (``frames_c``) or their pure-Python twin (``frames_py``).

The core's switch and policy (:mod:`ccxtpro._core.extensions`): ``CCXTPRO_NO_EXTENSIONS=1``
selects the twin; otherwise the compiled build is required.
"""

from __future__ import annotations

from ccxtpro._core.extensions import USING_EXTENSIONS, select

from . import frames_py

impl = select(__package__, "frames")

HANDLERS = impl.HANDLERS
MIRRORS = frames_py.MIRRORS
SOURCE_DIGESTS = frames_py.SOURCE_DIGESTS

__all__ = ["HANDLERS", "MIRRORS", "SOURCE_DIGESTS", "USING_EXTENSIONS", "impl"]
