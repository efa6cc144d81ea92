"""ccxtpro: CCXT Pro's unified websocket API, generated from CCXT's source.

``ccxtpro.load(name, config)`` finds an exchange through the plugin system
(entry-point group ``ccxtpro``) and returns an instance of it. The order books
and caches are the compiled ones when the extensions were built
(``USING_EXTENSIONS``), their pure-Python twins otherwise. CCXT's exception
tree is importable from here by CCXT's names.
"""

from . import errors
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
from .errors import *  # noqa: F401,F403  (CCXT's exception tree, by CCXT's names)
from .exchange import Exchange
from .hookspecs import hookimpl
from .plugins import exchanges, load
from .outcome import OrderOutcomeUnknown
from .ws import WatchStream, WsEvent
from .ws.backlog import StreamOverflow

__version__ = "0.1.0"


def subscribe(source, exchange, channel, symbol, **options):  # type: ignore[no-untyped-def]
    """Updates a collector (``ccxtpro collect``) published to Redis Streams, as the direct API
    yields them: :func:`ccxtpro.scaleout.subscribe` (needs ``pip install "ccxtpro[redis]"``)."""
    from .scaleout import subscribe as _subscribe

    return _subscribe(source, exchange, channel, symbol, **options)


__all__ = [
    "USING_EXTENSIONS",
    "ArrayCache",
    "ArrayCacheBySymbolById",
    "ArrayCacheBySymbolBySide",
    "ArrayCacheByTimestamp",
    "CountedOrderBook",
    "IndexedOrderBook",
    "OrderBook",
    "Exchange",
    "exchanges",
    "hookimpl",
    "load",
    "OrderOutcomeUnknown",
    "StreamOverflow",
    "subscribe",
    "WatchStream",
    "WsEvent",
    *errors.__all__,
]
