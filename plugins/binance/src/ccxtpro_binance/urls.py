"""Where Binance's hosts sit on a single origin: what a string ``baseUrl`` needs.

Binance serves the same paths on several hosts (``/ws`` on ``stream``,
``fstream`` and ``dstream``; ``/futures/data`` on ``fapi`` and ``dapi``), so
``{"baseUrl": "http://127.0.0.1:PORT"}`` cannot keep every path as it is.
``MOUNTS`` maps each host (a URL prefix, longest first) to the path it is
mounted at on one origin; the core puts a URL at ``base + mount + the rest``
(:mod:`ccxtpro.config`). The simulator serves exactly this layout
(:meth:`ccxtpro_binance.simulator.Simulator.base_url_map` is built from it),
so one ``http://host:port`` string points every REST and websocket URL at it.

The spot stream mount contains ``/stream`` and the futures ones do not:
CCXT tells spot from futures connections by that substring. The testnet and
demo hosts fold the same way, so ``env="testnet"`` with a string ``baseUrl``
lands on the same paths.
"""

from __future__ import annotations

#: URL prefix -> path on a single origin ("" keeps the URL's path)
MOUNTS: dict[str, str] = {
    # REST: each API already has its own path prefix…
    "https://api.binance.com": "",
    "https://fapi.binance.com": "",
    "https://dapi.binance.com": "",
    "https://eapi.binance.com": "",
    "https://papi.binance.com": "",
    # …except the two ``/futures/data`` APIs: COIN-M's gets a mount of its own
    "https://dapi.binance.com/futures/data": "/dapi-data/futures/data",
    # market and user-data streams: every host serves ``/ws`` and ``/stream``
    "wss://stream.binance.com:9443": "/stream",
    "wss://fstream.binance.com": "/fstream",
    "wss://fstream.binance.com/pm": "/pstream",
    "wss://fstream.binance.com/public": "/estream/public",
    "wss://fstream.binance.com/market": "/estream/market",
    "wss://fstream.binance.com/private": "/estream/private",
    "wss://dstream.binance.com": "/dstream",
    "wss://nbstream.binance.com": "/nbstream",
    # websocket APIs: distinct paths already
    "wss://ws-api.binance.com:443": "",
    "wss://ws-fapi.binance.com": "",
    "wss://ws-dapi.binance.com": "",
    # testnet and demo stream hosts, folded like production's
    "wss://stream.testnet.binance.vision": "/stream",
    "wss://demo-stream.binance.com": "/stream",
    "wss://fstream.binancefuture.com": "/fstream",
    "wss://dstream.binancefuture.com": "/dstream",
}
