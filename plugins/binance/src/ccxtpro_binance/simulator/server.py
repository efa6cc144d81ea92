"""The ``Simulator``: one aiohttp server on loopback serving every Binance surface.

Paths mirror Binance's hosts so one port can carry all of them:

==================  =====================================================
``/api/v3``…        spot REST (``api.binance.com``), ``/sapi/v1``… too
``/fapi/v1``…       USD-M REST (``fapi.binance.com``)
``/dapi/v1``…       COIN-M REST (``dapi.binance.com``)
``/stream/ws``      spot market streams (``stream.binance.com/ws``), ``/stream/stream`` combined
``/fstream/ws``     USD-M streams; ``/fstream/{public,market,private}/ws`` as CCXT rewrites them
``/dstream/ws``     COIN-M streams, ``/dstream/stream`` combined
``/ws-api/v3``      spot websocket API; ``/ws-fapi/v1`` and ``/ws-dapi/v1`` for futures
==================  =====================================================

The spot stream path contains ``/stream`` and the futures ones do not, because
CCXT tells spot from futures connections by that substring.
"""

from __future__ import annotations

import copy
import socket

from aiohttp import web

from ..urls import MOUNTS
from .core import SimCore
from .errors import log
from .instruments import COINM, SPOT, USDM
from .rest import RestApi
from .streams import MarketConn, serve_conn
from .wsapi import WsApi

_WS_MARKET = {"stream": SPOT, "fstream": USDM, "dstream": COINM}
_WS_API = {"/ws-api/v3": SPOT, "/ws-fapi/v1": USDM, "/ws-dapi/v1": COINM}


class Simulator:
    """Binance on loopback. Use as ``async with Simulator(seed=1) as sim:``.

    ``tick_interval`` is the market model's step (seconds); ``autostep=False``
    leaves stepping to ``sim.step()`` for fully deterministic tests. The server
    pings market-stream connections every ``ping_interval`` seconds (Binance: 20)
    and websocket-API ones every ``api_ping_interval`` (Binance: 180); a connection
    that leaves pings unanswered for ``pong_timeout`` seconds is closed (code 1008).
    Connections older than ``connection_lifetime`` seconds are closed (code 1000),
    Binance's 24-hour limit. With ``burst=N`` every symbol-stream subscription (trade,
    aggTrade, bookTicker, ticker, miniTicker, kline, markPrice) on the ordinary URLs first
    gets N frames of its stream as fast as the client reads: the replay mode for clients
    that subscribe the usual way (``replay.render_stream``). ``extra_symbols=N`` adds N
    synthetic spot symbols ``SYN001USDT``… (``instruments.synthetic_spot``, drawn from
    ``seed``), each with its own market model, book, streams and ``exchangeInfo`` entry;
    a synthetic symbol's model only steps while one of its streams has a subscriber.
    """

    def __init__(self, seed: int = 1, host: str = "127.0.0.1", port: int = 0,
                 tick_interval: float = 0.1, autostep: bool = True, replay=None,
                 ping_interval: float | None = 20.0, api_ping_interval: float | None = 180.0,
                 pong_timeout: float = 60.0, connection_lifetime: float | None = 24 * 3600.0,
                 enforce_rate_limits: bool = True, burst: int = 0, extra_symbols: int = 0) -> None:
        self.host = host
        self.connection_lifetime = connection_lifetime
        self.pong_timeout = pong_timeout
        self.ping_interval = ping_interval
        self.api_ping_interval = api_ping_interval
        self.port = port
        self.core = SimCore(seed=seed, tick_interval=tick_interval, autostep=autostep,
                            enforce_rate_limits=enforce_rate_limits, extra_symbols=extra_symbols)
        self.core.burst = burst
        self.rest = RestApi(self.core)
        self.wsapi = WsApi(self.core)
        self.replay = replay
        self._runner: web.AppRunner | None = None
        self._site: web.SockSite | None = None

    # ------------------------------------------------------------ lifecycle
    async def start(self) -> "Simulator":
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.create_server((self.host, self.port), reuse_port=False)
        self.port = sock.getsockname()[1]  # the bound port when port=0
        self._site = web.SockSite(self._runner, sock)
        await self._site.start()
        self.core.start()
        log.info("simulator listening on %s", self.base_http)
        return self

    async def stop(self) -> None:
        await self.core.stop()
        for c in list(self.core.faults.conns):
            c.closed = True
            try:
                await c.ws.close(code=1001, message=b"server shutdown")
            except Exception:
                pass
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "Simulator":
        return await self.start()

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    # ------------------------------------------------------------ conveniences
    @property
    def faults(self):
        return self.core.faults

    @property
    def engine(self):
        return self.core.engine

    def model(self, market: str, symbol: str):
        return self.core.models[market][symbol]

    def step(self, n: int = 1) -> None:
        self.core.step(n)

    def deposit(self, asset: str, amount, account: str = "default", wallet: str = "spot") -> None:
        """Credit a spot (or ``wallet="margin"``) balance; its user streams get
        ``balanceUpdate`` and ``outboundAccountPosition``."""
        from decimal import Decimal
        self.core.engine.deposit(self.core.engine.account(account), asset, Decimal(str(amount)), self.core.now(),
                                 wallet)

    async def wait_tick(self) -> int:
        return await self.core.wait_tick()

    def new_api_key(self, kind: str = "hmac", account: str = "default") -> dict:
        """Generate another credential, for ``account`` (a new account gets fresh balances)."""
        from .auth import generate_key
        key = self.core.keys.add(generate_key(kind, account))
        self.core.engine.account(account)
        return key.as_config()

    @property
    def api_keys(self) -> dict[str, dict]:
        """``{"hmac"|"rsa"|"ed25519": {"apiKey", "secret"}}`` generated at start."""
        return {k: v.as_config() for k, v in self.core.api_keys.items()}

    # ------------------------------------------------------------ URLs
    @property
    def base_http(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_ws(self) -> str:
        return f"ws://{self.host}:{self.port}"

    @property
    def urls(self) -> dict:
        """Every entry point by surface and market type."""
        h, w = self.base_http, self.base_ws
        return {
            "rest": {"spot": h + "/api/v3", "sapi": h + "/sapi/v1", "usdm": h + "/fapi/v1",
                     "coinm": h + "/dapi/v1"},
            "ws": {"spot": w + "/stream/ws", "usdm": w + "/fstream/ws", "coinm": w + "/dstream/ws"},
            "ws_combined": {"spot": w + "/stream/stream", "usdm": w + "/fstream/stream",
                            "coinm": w + "/dstream/stream"},
            "ws_api": {"spot": w + "/ws-api/v3", "usdm": w + "/ws-fapi/v1", "coinm": w + "/ws-dapi/v1"},
            **({"replay": w + "/replay"} if self.replay is not None else {}),
        }

    def ccxt_urls(self) -> dict:
        """A CCXT ``urls`` override (deep-merged by CCXT) pointing ``ccxt.binance``/``ccxt.pro.binance`` here."""
        h, w = self.base_http, self.base_ws
        api = {
            "public": h + "/api/v3", "private": h + "/api/v3", "v1": h + "/api/v1",
            "sapi": h + "/sapi/v1", "sapiV2": h + "/sapi/v2", "sapiV3": h + "/sapi/v3", "sapiV4": h + "/sapi/v4",
            "fapiPublic": h + "/fapi/v1", "fapiPublicV2": h + "/fapi/v2", "fapiPublicV3": h + "/fapi/v3",
            "fapiPrivate": h + "/fapi/v1", "fapiPrivateV2": h + "/fapi/v2", "fapiPrivateV3": h + "/fapi/v3",
            "fapiData": h + "/futures/data",
            "dapiPublic": h + "/dapi/v1", "dapiPrivate": h + "/dapi/v1", "dapiPrivateV2": h + "/dapi/v2",
            "dapiData": h + "/dapi-data/futures/data",
            "eapiPublic": h + "/eapi/v1", "eapiPrivate": h + "/eapi/v1",
            "papi": h + "/papi/v1", "papiV2": h + "/papi/v2",
            "ws": {
                "spot": w + "/stream/ws", "margin": w + "/stream/ws",
                "future": w + "/fstream/ws", "delivery": w + "/dstream/ws",
                "ws-api": {"spot": w + "/ws-api/v3", "future": w + "/ws-fapi/v1", "delivery": w + "/ws-dapi/v1"},
                "papi": w + "/pstream/ws", "stock": w + "/nbstream/equity/ws",
                "option": w + "/estream/public/ws", "optionMarket": w + "/estream/market/ws",
                "optionPrivate": w + "/estream/private/ws",
            },
        }
        return {"api": api}

    def base_url_map(self) -> dict[str, str]:
        """Binance origin -> simulator origin, for runtimes that rebase URLs by prefix.

        Built from :data:`ccxtpro_binance.urls.MOUNTS`, the layout a string
        ``baseUrl`` (``base_http``) folds Binance's hosts into: longest prefix
        wins, so COIN-M's ``/futures/data`` (same path as USD-M's) gets its own
        mount. Applied to CCXT's production ``urls['api']`` this gives exactly
        ``ccxt_urls()['api']``.
        """
        return {prefix: (self.base_ws if prefix.startswith("ws") else self.base_http) + path
                for prefix, path in MOUNTS.items()}

    def exchange_config(self, key: str | None = "hmac", **options) -> dict:
        """Config for ``ccxtpro.load("binance", …)`` pointing it at this simulator.

        ``baseUrl`` is the prefix map of ``base_url_map()`` (the ccxtpro way to
        rebase every URL); ``apiKey``/``secret`` are the chosen generated key
        (omitted for ``key=None``); ``options`` are passed through. CCXT itself
        takes ``{"urls": sim.ccxt_urls(), **sim.api_keys[kind]}`` instead.
        """
        cfg = {"baseUrl": self.base_url_map(), "options": {"adjustForTimeDifference": False, **options}}
        if key is not None:
            cfg.update(self.api_keys[key])
        return copy.deepcopy(cfg)

    # ------------------------------------------------------------ routing
    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Upgrade", "").lower() == "websocket":
            if self.core.faults.refusing_upgrades():  # fault: reconnects refused for a while
                return web.json_response({"code": -1003, "msg": "Service unavailable: connection refused."},
                                         status=503)
            try:
                return await self._websocket(request)
            except Exception:
                log.exception("websocket handler failed")
                raise
        return await self.rest.handle(request)

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        path = request.path.rstrip("/") or "/"
        if self.replay is not None and path.startswith("/replay"):
            return await self.replay.serve(request)
        if path in _WS_API:
            return await self._ws_api(request, _WS_API[path])
        parts = [p for p in path.split("/") if p]
        if not parts or parts[0] not in _WS_MARKET:
            return web.json_response({"code": -5000, "msg": f"Path {path} is invalid"}, status=404)
        market = _WS_MARKET[parts[0]]
        rest = parts[1:]
        if market == USDM and rest and rest[0] in ("public", "market", "private"):
            rest = rest[1:]
        if not rest or rest[0] not in ("ws", "stream"):
            return web.json_response({"code": -5000, "msg": f"Path {path} is invalid"}, status=404)
        combined = rest[0] == "stream"
        names = rest[1:]
        if combined:
            q = request.query.get("streams", "")
            names = [n for n in q.split("/") if n]
        hub = self.core.hubs[market]
        specs, keys = [], []
        for n in names:
            if n in self.core.userdata.keys:
                keys.append(n)
                continue
            try:
                specs.append(hub.parse(n))
            except ValueError:
                if combined:
                    return web.json_response({"code": -1121, "msg": f"Invalid stream name {n}"}, status=400)
        lk = request.query.get("listenKey")
        if lk:
            keys.append(lk)
        ws = web.WebSocketResponse(autoping=False, max_msg_size=1 << 20, compress=False)
        await ws.prepare(request)
        conn = MarketConn(ws, market, combined, path, transport=request.transport, connected_at=self.core.now())
        hub.conns.add(conn)
        for s in specs:
            hub.subscribe(conn, s)
        for k in keys:
            if not self.core.userdata.attach_market_conn(conn, k):
                log.info("unknown listen key on %s", path)
        try:
            await serve_conn(self.core, ws, conn, lambda text: hub.handle_request(conn, text),
                             ping_interval=self.ping_interval, pong_timeout=self.pong_timeout,
                             lifetime=self.connection_lifetime)
        finally:
            hub.drop(conn)
            self.core.userdata.detach(conn)
        return ws

    async def _ws_api(self, request: web.Request, market: str) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=False, max_msg_size=1 << 20, compress=False)
        await ws.prepare(request)
        conn = MarketConn(ws, market, False, request.path, kind="wsapi", transport=request.transport,
                          connected_at=self.core.now())
        try:
            await serve_conn(self.core, ws, conn, lambda text: self.wsapi.handle(conn, text),
                             ping_interval=self.api_ping_interval, pong_timeout=self.pong_timeout,
                             lifetime=self.connection_lifetime)
        finally:
            self.core.userdata.detach(conn)
        return ws


__all__ = ["Simulator"]
