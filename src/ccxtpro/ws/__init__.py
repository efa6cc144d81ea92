"""The websocket runtime: CCXT Pro's client semantics on ``websockets``.

``protocol`` decides (sans I/O), ``client`` carries it out on asyncio,
``manager`` owns one client per URL, ``mixin`` is the exchange-facing API,
``streams`` the ``stream_*`` iterators, ``telemetry`` events and redacted logs.
"""

from .client import WsClient
from .future import Future
from .manager import ConnectionManager
from .mixin import WsMixin
from .protocol import ConnectionState, Phase, ReconnectPolicy, backoff
from .streams import WatchStream
from .telemetry import EVENTS, Telemetry, WsEvent

__all__ = [
    "EVENTS",
    "ConnectionManager",
    "ConnectionState",
    "Future",
    "Phase",
    "ReconnectPolicy",
    "Telemetry",
    "WatchStream",
    "WsClient",
    "WsEvent",
    "WsMixin",
    "backoff",
]
