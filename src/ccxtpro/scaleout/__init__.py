"""Scale-out: collectors publish unified market data to Redis Streams, consumers read it.

* :mod:`.collector` — :class:`Collector` (``ccxtpro collect``): leases a share of the
  (channel, symbol) subscriptions, runs ``stream_<x>`` for each, publishes each update;
* :mod:`.consumer` — :func:`subscribe` (also ``ccxtpro.subscribe``): the same unified
  structures back, books rebuilt from snapshot + deltas, :class:`StreamGap` on lost updates;
* :mod:`.leases` — ownership per (exchange, channel, symbol) with expiry and renewal;
* :mod:`.codec` — the versioned wire format; :mod:`.keys` — key names (Cluster hash tags);
* :mod:`.testing` — a throwaway ``redis-server`` for tests and benchmarks.

Needs the ``redis`` package (``pip install "ccxtpro[redis]"``); see ``docs/scaleout.md``.
"""

from .codec import VERSION, UnknownFormat
from .collector import CHANNELS, Collector
from .consumer import StreamGap, Subscription, subscribe
from .keys import StreamKey

__all__ = ["CHANNELS", "VERSION", "Collector", "StreamGap", "StreamKey", "Subscription", "UnknownFormat",
           "subscribe"]
