"""``book`` and ``cache`` fixtures parametrized over the twin (``py``) and the compiled module (``c``).

The compiled module must be present: a missing build fails these tests rather
than silently testing the twin twice.
"""

from __future__ import annotations

import os

import pytest

from ccxtpro._core import cache_py, orderbook_py

try:
    from ccxtpro._core import cache_c, orderbook_c
except ImportError:  # pragma: no cover - only when the extensions were not built
    cache_c = orderbook_c = None

BOOK_IMPLS = {"py": orderbook_py, "c": orderbook_c}
CACHE_IMPLS = {"py": cache_py, "c": cache_c}


def _module(impls: dict, name: str):
    module = impls[name]
    if module is None:
        if os.environ.get("CCXTPRO_NO_EXTENSIONS"):
            pytest.skip("extensions disabled by CCXTPRO_NO_EXTENSIONS")
        pytest.fail("the Cython extensions are not built: run `pip install -e .` or setup.py build_ext")
    return module


@pytest.fixture(params=["py", "c"])
def book(request):
    """The order-book module under test: ``orderbook_py`` or ``orderbook_c``."""
    return _module(BOOK_IMPLS, request.param)


@pytest.fixture(params=["py", "c"])
def cache(request):
    """The cache module under test: ``cache_py`` or ``cache_c``."""
    return _module(CACHE_IMPLS, request.param)
