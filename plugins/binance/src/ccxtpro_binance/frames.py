"""Selects the compiled frame handlers (``frames_c``) or their pure-Python twin (``frames_py``).

The same switch as the core's: ``CCXTPRO_NO_EXTENSIONS=1`` selects the twin;
otherwise the compiled build is used when it was built.
"""

from __future__ import annotations

from ccxtpro._core import NO_EXTENSIONS

from . import frames_py

if NO_EXTENSIONS:
    impl = frames_py
    USING_EXTENSIONS = False
else:
    try:
        from . import frames_c as impl  # type: ignore[attr-defined, no-redef]
    except ImportError:
        impl = frames_py
        USING_EXTENSIONS = False
    else:
        USING_EXTENSIONS = True

HANDLERS = impl.HANDLERS
MIRRORS = frames_py.MIRRORS
SOURCE_DIGESTS = frames_py.SOURCE_DIGESTS

__all__ = ["HANDLERS", "MIRRORS", "SOURCE_DIGESTS", "USING_EXTENSIONS", "impl"]
