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
