"""Hot-path data structures, compiled with Cython, each with a pure-Python twin.

The twin of ``foo_c`` is ``foo_py``: same names, same behaviour, tested by the
same tests. ``CCXTPRO_NO_EXTENSIONS=1`` selects the twins; otherwise the
compiled modules are required when they were built, and the twins are used
only when no compiled module is present at all (a source checkout that was
never built). ``USING_EXTENSIONS`` says which is in use.
"""

from __future__ import annotations

import os

NO_EXTENSIONS: bool = os.environ.get("CCXTPRO_NO_EXTENSIONS", "") not in ("", "0")

if NO_EXTENSIONS:
    from . import cache_py as cache_impl
    from . import orderbook_py as orderbook_impl

    USING_EXTENSIONS = False
else:
    try:
        from . import cache_c as cache_impl  # type: ignore[no-redef]
        from . import orderbook_c as orderbook_impl  # type: ignore[no-redef]
    except ImportError:
        from . import cache_py as cache_impl
        from . import orderbook_py as orderbook_impl

        USING_EXTENSIONS = False
    else:
        USING_EXTENSIONS = True

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
