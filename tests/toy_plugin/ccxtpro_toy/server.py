"""The toy exchange on loopback: REST and websocket on one aiohttp server.

REST ``GET /api/markets`` and ``/api/time``. Websocket ``/ws``:
``{"op": "subscribe", "channel": "ticker", "symbol": S, "id": n}`` is acked
(``{"id": n, "result": null}``), followed by a ticker at once and then every
``interval`` seconds; ``{"op": "time", "id": n}`` answers
``{"id": n, "result": {"serverTime": ms}}``; ``{"op": "ping"}`` answers the
text ``pong``; a subscribe with ``"blast": N`` instead writes N ticker frames
back to back, pre-framed, so the server is never the bottleneck of a
throughput benchmark. :meth:`ToyServer.drop` cuts every connection.

Run standalone with ``python -m ccxtpro_toy.server [--port P]``; it prints
``PORT <p>`` once listening.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import struct
import time
from typing import Any

import orjson
from aiohttp import WSMsgType, web

MARKETS = [
    {"id": "BTCUSD", "base": "BTC", "quote": "USD"},
    {"id": "ETHUSD", "base": "ETH", "quote": "USD"},
]


def ticker_frame(symbol: str, seq: int, rng: random.Random) -> dict[str, Any]:
    price = 100 + rng.random() * 10
    return {
        "e": "ticker", "E": 1_700_000_000_000 + seq, "s": symbol, "seq": seq,
        "b": f"{price - 0.01:.2f}", "a": f"{price + 0.01:.2f}", "c": f"{price:.2f}",
        "v": f"{rng.random() * 1000:.4f}",
    }


def encode_text_frame(payload: bytes) -> bytes:
    """One unmasked server->client text frame (RFC 6455)."""
    n = len(payload)
    if n < 126:
        return bytes((0x81, n)) + payload
    if n < 1 << 16:
        return bytes((0x81, 126)) + struct.pack("!H", n) + payload
    return bytes((0x81, 127)) + struct.pack("!Q", n) + payload


def blast_blob(symbol: str, n: int, seed: int = 42) -> bytes:
    """``n`` ticker frames for ``symbol``, framed and concatenated."""
    rng = random.Random(seed)
    return b"".join(encode_text_frame(orjson.dumps(ticker_frame(symbol, i, rng))) for i in range(n))


class ToyServer:
    """See the module docstring. ``connections`` counts websocket sessions,
    ``subscribes`` lists every subscribe request received."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, interval: float = 0.02, seed: int = 42) -> None:
        self.host = host
        self.port = port
        self.interval = interval
        self.rng = random.Random(seed)
        self.seq = 0
        self.connections = 0
        self.subscribes: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.rest_calls: list[str] = []
        self._sessions: dict[int, tuple[web.WebSocketResponse, Any, list[asyncio.Task]]] = {}
        self._runner: web.AppRunner | None = None
        self.subscribed = asyncio.Event()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> ToyServer:
        app = web.Application()
        app.router.add_get("/api/markets", self._markets)
        app.router.add_get("/api/time", self._time)
        app.router.add_get("/ws", self._ws)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        for ws, _, tasks in list(self._sessions.values()):
            for t in tasks:
                t.cancel()
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def drop(self) -> None:
        """Cut every websocket connection at once, without a close frame."""
        self.subscribed.clear()
        for key, (_, transport, tasks) in list(self._sessions.items()):
            for t in tasks:
                t.cancel()
            if transport is not None:
                transport.abort()
            self._sessions.pop(key, None)

    async def _markets(self, request: web.Request) -> web.Response:
        self.rest_calls.append("markets")
        return web.json_response(MARKETS)

    async def _time(self, request: web.Request) -> web.Response:
        self.rest_calls.append("time")
        return web.json_response({"serverTime": int(time.time() * 1000)})

    async def _ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, compress=False)
        await ws.prepare(request)
        key = id(ws)
        tasks: list[asyncio.Task] = []
        self._sessions[key] = (ws, request.transport, tasks)
        self.connections += 1
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                await self._on_request(ws, request, orjson.loads(msg.data), tasks)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            for t in tasks:
                t.cancel()
            self._sessions.pop(key, None)
        return ws

    async def _on_request(self, ws: web.WebSocketResponse, request: web.Request, data: dict[str, Any],
                          tasks: list[asyncio.Task]) -> None:
        op = data.get("op")
        if op == "ping":
            await ws.send_str("pong")
            return
        self.requests.append(data)
        if op == "time":
            await ws.send_str(orjson.dumps({"id": data["id"], "result": {"serverTime": int(time.time() * 1000)}}).decode())
        elif op == "subscribe":
            self.subscribes.append(data)
            await ws.send_str(orjson.dumps({"id": data.get("id"), "result": None}).decode())
            symbol = data["symbol"]
            if "blast" in data:
                request.transport.write(blast_blob(symbol, int(data["blast"])))
            else:
                await self._send_ticker(ws, symbol)
                if self.interval:
                    tasks.append(asyncio.ensure_future(self._pusher(ws, symbol)))
            self.subscribed.set()
        else:
            await ws.send_str(orjson.dumps({"id": data.get("id"), "error": {"code": -1, "msg": f"unknown op {op}"}}).decode())

    async def _send_ticker(self, ws: web.WebSocketResponse, symbol: str) -> None:
        self.seq += 1
        await ws.send_str(orjson.dumps(ticker_frame(symbol, self.seq, self.rng)).decode())

    async def _pusher(self, ws: web.WebSocketResponse, symbol: str) -> None:
        while not ws.closed:
            await asyncio.sleep(self.interval)
            try:
                await self._send_ticker(ws, symbol)
            except (ConnectionError, RuntimeError):
                return


async def _serve(port: int, interval: float) -> None:
    server = await ToyServer(port=port, interval=interval).start()
    print(f"PORT {server.port}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--interval", type=float, default=0.02)
    args = parser.parse_args()
    try:
        asyncio.run(_serve(args.port, args.interval))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
