"""ccxtpro: CCXT Pro's unified websocket API, generated from CCXT's source.

The order books and caches below are the compiled ones when the extensions
were built (``USING_EXTENSIONS``), their pure-Python twins otherwise.
"""

from ._core import (
    USING_EXTENSIONS,
    ArrayCache,
    ArrayCacheBySymbolById,
    ArrayCacheBySymbolBySide,
    ArrayCacheByTimestamp,
    CountedOrderBook,
    IndexedOrderBook,
    OrderBook,
)

__version__ = "0.1.0"

__all__ = [
    "USING_EXTENSIONS",
    "ArrayCache",
    "ArrayCacheBySymbolById",
    "ArrayCacheBySymbolBySide",
    "ArrayCacheByTimestamp",
    "CountedOrderBook",
    "IndexedOrderBook",
    "OrderBook",
]

from . import errors  # noqa: E402
from .errors import *  # noqa: E402,F401,F403  (CCXT's exception tree, by CCXT's names)

__all__ += errors.__all__
