"""Binance on loopback: REST, market streams, user data, websocket API, matching, faults.

``async with Simulator(seed=1) as sim:`` then point a client at ``sim.ccxt_urls()``
(CCXT) or ``sim.exchange_config()`` (ccxtpro). See ``server.py`` for the URL map.
"""

from .server import Simulator

__all__ = ["Simulator"]
