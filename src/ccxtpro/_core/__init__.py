"""Hot-path data structures, compiled with Cython, each with a pure-Python twin.

The twin of ``foo_c`` is ``foo_py``: same names, same behaviour, tested by the
same tests. Which one runs is decided in one place, :mod:`.extensions`
(``CCXTPRO_NO_EXTENSIONS=1`` selects the twins; otherwise the compiled modules
are required). Every class also has both builds under explicit names,
``OrderBookPy``/``OrderBookC``, ``ArrayCachePy``/``ArrayCacheC``…, for tests and
benchmarks that compare them (the ``C`` names exist when the extensions were
built).
"""

from __future__ import annotations

from .extensions import NO_EXTENSIONS, USING_EXTENSIONS, select, twins

orderbook_impl = select(__name__, "orderbook")
cache_impl = select(__name__, "cache")

OrderBookSide = orderbook_impl.OrderBookSide
Asks = orderbook_impl.Asks
Bids = orderbook_impl.Bids
CountedAsks = orderbook_impl.CountedAsks
CountedBids = orderbook_impl.CountedBids
IndexedAsks = orderbook_impl.IndexedAsks
IndexedBids = orderbook_impl.IndexedBids
OrderBook = orderbook_impl.OrderBook
CountedOrderBook = orderbook_impl.CountedOrderBook
IndexedOrderBook = orderbook_impl.IndexedOrderBook

BaseCache = cache_impl.BaseCache
ArrayCache = cache_impl.ArrayCache
ArrayCacheByTimestamp = cache_impl.ArrayCacheByTimestamp
ArrayCacheBySymbolById = cache_impl.ArrayCacheBySymbolById
ArrayCacheBySymbolBySide = cache_impl.ArrayCacheBySymbolBySide

__all__ = [
    "NO_EXTENSIONS",
    "USING_EXTENSIONS",
    "OrderBookSide",
    "Asks",
    "Bids",
    "CountedAsks",
    "CountedBids",
    "IndexedAsks",
    "IndexedBids",
    "OrderBook",
    "CountedOrderBook",
    "IndexedOrderBook",
    "BaseCache",
    "ArrayCache",
    "ArrayCacheByTimestamp",
    "ArrayCacheBySymbolById",
    "ArrayCacheBySymbolBySide",
]


def _both_builds(name: str, classes: tuple[str, ...]) -> None:
    py, c = twins(__name__, name)
    for cls in classes:
        globals()[cls + "Py"] = getattr(py, cls)
        if c is not None:
            globals()[cls + "C"] = getattr(c, cls)


_both_builds("orderbook", ("OrderBookSide", "Asks", "Bids", "CountedAsks", "CountedBids", "IndexedAsks",
                           "IndexedBids", "OrderBook", "CountedOrderBook", "IndexedOrderBook"))
_both_builds("cache", ("BaseCache", "ArrayCache", "ArrayCacheByTimestamp", "ArrayCacheBySymbolById",
                       "ArrayCacheBySymbolBySide"))
