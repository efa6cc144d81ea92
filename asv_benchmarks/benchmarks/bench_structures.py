"""asv suite: order-book sides and caches, ours (compiled and twin) and CCXT's.

Run from ``asv_benchmarks/``: ``asv run --environment existing --quick --set-commit-hash $(git rev-parse HEAD)``.
"""

from __future__ import annotations

import random

from ccxt.async_support.base.ws import cache as ccxt_cache
from ccxt.async_support.base.ws import order_book_side as ccxt_sides

from ccxtpro._core import cache_py, orderbook_py

try:
    from ccxtpro._core import cache_c, orderbook_c
except ImportError:
    cache_c = orderbook_c = None

BOOKS = {"ccxt": ccxt_sides, "py": orderbook_py, "c": orderbook_c}
CACHES = {"ccxt": ccxt_cache, "py": cache_py, "c": cache_c}


def _book_stream():
    rng = random.Random(42)
    grid = [30000 + i * 0.01 for i in range(3000)]
    initial = [[p, 1.0] for p in rng.sample(grid, 1000)]
    deltas = [[rng.choice(grid), 0.0 if rng.random() < 0.3 else rng.random()] for _ in range(5000)]
    return initial, deltas


class BookSide:
    params = (["ccxt", "py", "c"],)
    param_names = ["impl"]

    def setup(self, impl):
        mod = BOOKS[impl]
        if mod is None:
            raise NotImplementedError("extensions not built")
        self.initial, self.deltas = _book_stream()
        self.side = mod.Bids()
        for p, s in self.initial:
            self.side.store(p, s)
        self.rows = [list(d) for d in self.deltas]
        self.bulk = impl != "ccxt"

    def time_store_per_call(self, impl):
        store = self.side.store
        for p, s in self.deltas:
            store(p, s)

    def time_store_deltas_bulk(self, impl):
        if self.bulk:
            self.side.store_deltas(self.rows)
        else:
            for d in self.rows:
                self.side.storeArray(d)


class Caches:
    params = (["ccxt", "py", "c"],)
    param_names = ["impl"]

    def setup(self, impl):
        mod = CACHES[impl]
        if mod is None:
            raise NotImplementedError("extensions not built")
        self.mod = mod
        self.trades = [{"id": str(i), "symbol": "BTC/USDT"} for i in range(5000)]
        self.orders = [{"id": str(i % 1500), "symbol": "ETH/USDT"} for i in range(5000)]

    def time_array_cache_append(self, impl):
        cache = self.mod.ArrayCache(1000)
        for t in self.trades:
            cache.append(t)

    def time_by_symbol_by_id_append(self, impl):
        cache = self.mod.ArrayCacheBySymbolById(1000)
        for o in self.orders:
            cache.append(dict(o))
