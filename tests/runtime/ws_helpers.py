"""A scriptable websocket server on 127.0.0.1 and a stand-in exchange, for the
websocket runtime tests. Real sockets throughout; tests wait on events, never
on sleeps."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import orjson
from aiohttp import WSMsgType, web

from ccxtpro.ws import WsMixin


class WsServer:
    """aiohttp websocket endpoint at ``/ws`` that records what clients send and
    lets the test push frames, answer requests, or drop connections."""

    def __init__(self, *, auto_ack: bool = True, answer_requests: bool = True) -> None:
        self.auto_ack = auto_ack
        self.answer_requests = answer_requests
        self.sockets: list[web.WebSocketResponse] = []
        self.transports: dict[int, Any] = {}
        self.received: asyncio.Queue[Any] = asyncio.Queue()
        self.subscribes: list[Any] = []
        self.connections = 0
        self.connected = asyncio.Event()
        self.runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    async def start(self) -> WsServer:
        app = web.Application()
        app.router.add_get("/ws", self._handle)
        app.router.add_get("/ws/{tail}", self._handle)  # e.g. a listen key in the path
        self.runner = web.AppRunner(app, handle_signals=False)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        for ws in list(self.sockets):
            await ws.close()
        if self.runner is not None:
            await self.runner.cleanup()

    async def _handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.sockets.append(ws)
        self.transports[id(ws)] = request.transport
        self.connections += 1
        self.connected.set()
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    data = orjson.loads(msg.data)
                except orjson.JSONDecodeError:
                    data = msg.data
                await self.received.put(data)
                if isinstance(data, dict) and data.get("op") == "sub":
                    self.subscribes.append(data)
                    if self.auto_ack:
                        await ws.send_str(orjson.dumps({"ack": data.get("s")}).decode())
                elif isinstance(data, dict) and data.get("op") == "req" and self.answer_requests:
                    await ws.send_str(orjson.dumps({"id": data["id"], "result": data.get("echo")}).decode())
        finally:
            if ws in self.sockets:
                self.sockets.remove(ws)
        return ws

    async def push(self, frame: Any) -> None:
        text = frame if isinstance(frame, str) else orjson.dumps(frame).decode()
        for ws in list(self.sockets):
            await ws.send_str(text)

    async def drop(self) -> None:
        """Cut every connection without a close handshake."""
        self.connected.clear()
        for ws in list(self.sockets):
            self.sockets.remove(ws)
            transport = self.transports.pop(id(ws), None)
            if transport is not None:
                transport.abort()

    async def next_received(self, timeout: float = 5) -> Any:
        return await asyncio.wait_for(self.received.get(), timeout)

    async def wait_subscribes(self, n: int, timeout: float = 5) -> None:
        async def wait() -> None:
            while len(self.subscribes) < n:
                await self.received.get()
        await asyncio.wait_for(wait(), timeout)


class StandIn(WsMixin):
    """The smallest exchange the runtime needs: routes, handlers, one watch."""

    id = "standin"

    def __init__(self, url: str, *, keepalive: float = 0, verbose: bool = False, ping: Any = None,
                 reconnect: dict | None = None, **extra: Any) -> None:
        self.url = url
        self.verbose = verbose
        self.timeout = 2000
        self.options = {"ws": {"reconnect": reconnect or {"initialDelay": 0.01, "jitter": 0.0}}}
        self.streaming = {"keepAlive": keepalive, "maxPingPongMisses": 2}
        if ping is not None:
            self.ping = ping
        self.tickers: dict[str, Any] = {}
        self.pongs = 0
        for k, v in extra.items():
            setattr(self, k, v)

    def ws_routes(self) -> list[Any]:
        return [
            {"unwrap": "data", "if_present": "stream"},
            {"path": "e", "value": "ticker", "handler": "handle_ticker"},
            {"path": "id", "request_id": True},
            {"path": "ack", "present": True, "handler": "handle_ack"},
            {"text": "pong", "handler": "handle_pong"},
        ]

    def handle_ticker(self, client: Any, message: Any) -> None:
        self.tickers[message["s"]] = message
        client.resolve(message, "ticker:" + message["s"])

    def handle_ack(self, client: Any, message: Any) -> None:
        client.resolve(message, "ack:" + str(message["ack"]))

    def handle_pong(self, client: Any, message: Any) -> None:
        self.pongs += 1
        client.lastPong = time.time() * 1000

    async def watch_ticker(self, symbol: str) -> Any:
        h = "ticker:" + symbol
        return await self.watch(self.url, h, {"op": "sub", "s": symbol}, h)

    async def watch_tickers(self, symbols: list[str]) -> Any:
        hashes = ["ticker:" + s for s in symbols]
        return await self.watch_multiple(self.url, hashes, {"op": "sub", "s": ",".join(symbols)}, hashes)

    async def close(self) -> None:
        await self.close_ws()


def transport_params() -> list:
    """Every websocket transport, as pytest params; one whose library is missing is
    reported as a skip naming it (never silently left out)."""
    import pytest

    from ccxtpro.ws import transport

    return [pytest.param(name, id=name, marks=[] if ok else [pytest.mark.skip(
        reason=f"transport {name!r} not installed ({transport.TRANSPORTS[name][2]})")])
        for name, ok in transport.installed().items()]
