"""Which implementation ``import ccxtpro`` selects, and the switch that forces the twins."""

from __future__ import annotations

import os
import subprocess
import sys

import ccxtpro
from ccxtpro import _core


def test_top_level_names():
    for name in ("OrderBook", "CountedOrderBook", "IndexedOrderBook", "ArrayCache",
                 "ArrayCacheByTimestamp", "ArrayCacheBySymbolById", "ArrayCacheBySymbolBySide"):
        assert getattr(ccxtpro, name) is getattr(_core, name)


def test_compiled_modules_are_the_default():
    if os.environ.get("CCXTPRO_NO_EXTENSIONS"):
        assert ccxtpro.USING_EXTENSIONS is False
        return
    from ccxtpro._core import cache_c, orderbook_c

    assert ccxtpro.USING_EXTENSIONS is True
    assert ccxtpro.OrderBook is orderbook_c.OrderBook
    assert ccxtpro.ArrayCache is cache_c.ArrayCache


def test_environment_switch_forces_the_twins():
    code = (
        "import ccxtpro, ccxtpro._core.orderbook_py as p, ccxtpro._core.cache_py as c;"
        "assert ccxtpro.USING_EXTENSIONS is False;"
        "assert ccxtpro.OrderBook is p.OrderBook and ccxtpro.ArrayCache is c.ArrayCache;"
        "print('twins')"
    )
    env = dict(os.environ, CCXTPRO_NO_EXTENSIONS="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "twins"


def test_one_switch_selects_every_pair():
    from ccxtpro._core import extensions

    report = extensions.report()
    for pair in ("ccxtpro._core.orderbook", "ccxtpro._core.cache", "ccxtpro._core.dispatch",
                 "ccxtpro._core.safe", "ccxtpro._core.timefmt"):
        assert report[pair] == ("pure Python" if extensions.NO_EXTENSIONS else "compiled"), pair
    assert ccxtpro.USING_EXTENSIONS is extensions.USING_EXTENSIONS is (not extensions.NO_EXTENSIONS)


def test_both_builds_have_explicit_names():
    from ccxtpro._core import cache_py, orderbook_py

    assert _core.OrderBookPy is orderbook_py.OrderBook and _core.ArrayCachePy is cache_py.ArrayCache
    if hasattr(_core, "OrderBookC"):
        from ccxtpro._core import orderbook_c

        assert _core.OrderBookC is orderbook_c.OrderBook


def test_a_missing_compiled_module_is_an_error_naming_it_and_the_switch():
    import pytest

    from ccxtpro._core import extensions

    if extensions.NO_EXTENSIONS:
        pytest.skip("the twins are selected: nothing compiled is required")
    with pytest.raises(ImportError, match=r"ccxtpro\._core\.nothing_c is not built.*CCXTPRO_NO_EXTENSIONS=1"):
        extensions.select("ccxtpro._core", "nothing")
