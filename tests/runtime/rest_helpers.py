"""A toy REST exchange and a real aiohttp server on 127.0.0.1 that plays it.

The toy is written the way generated CCXT code is: ``describe()`` merged over
the base, implicit endpoints from ``api``, its own ``sign()`` and
``handle_errors()``. Nothing here mocks the network.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from ccxtpro import Exchange
from ccxtpro.errors import (
    AuthenticationError,
    BadSymbol,
    ExchangeError,
    InsufficientFunds,
    RateLimitExceeded,
)

API_KEY = "toyApiKeyAAAAAAAAAAAA1234"
SECRET = "toySecretBBBBBBBBBBBBBB5678"
LISTEN_KEY = "toyListenKeyCCCCCCCCCCCC9012"

MARKETS = [
    {"id": "BTCUSDT", "base": "BTC", "quote": "USDT", "type": "spot", "pricePrecision": 2, "qtyPrecision": 6},
    {"id": "ETHUSDT", "base": "ETH", "quote": "USDT", "type": "spot", "pricePrecision": 2, "qtyPrecision": 4},
    {"id": "BTCUSDT", "base": "BTC", "quote": "USDT", "type": "swap", "pricePrecision": 1, "qtyPrecision": 3},
]


class RestToy(Exchange):
    """A small exchange in the shape of generated CCXT code."""

    def describe(self) -> dict[str, Any]:
        return self.deep_extend(
            super().describe(),
            {
                "id": "resttoy",
                "name": "Rest Toy",
                "rateLimit": 50,
                "has": {"fetchCurrencies": False},
                "urls": {
                    "api": {
                        "public": "https://api.toy.example/v1",
                        "private": "https://api.toy.example/v1",
                        "ws": "wss://stream.toy.example/ws",
                    },
                    "test": {
                        "public": "https://testnet.toy.example/v1",
                        "private": "https://testnet.toy.example/v1",
                        "ws": "wss://testnet-stream.toy.example/ws",
                    },
                },
                "api": {
                    "public": {
                        "get": {
                            "markets": 1,
                            "time": 1,
                            "ticker/{symbol}": 2,
                            "depth": {"cost": 5, "byLimit": [[100, 5], [1000, 10]]},
                            "slow": 1,
                            "error/{kind}": 1,
                        },
                    },
                    "private": {
                        "get": ["account"],
                        "post": {"listenKey": 1, "order": 1},
                    },
                },
                "options": {"defaultType": "spot", "nested": {"a": 1, "b": 2}, "flag": True},
                "exceptions": {
                    "exact": {"-1121": BadSymbol, "-2010": InsufficientFunds, "-2015": AuthenticationError},
                    "broad": {"Too many requests": RateLimitExceeded, "API-key": AuthenticationError},
                },
            },
        )

    def sign(self, path: str, api: Any = "public", method: str = "GET", params: Any = None,
             headers: Any = None, body: Any = None) -> dict[str, Any]:
        params = dict(params or {})
        url = self.urls["api"][api] + "/" + path.format(**params)
        query = {k: v for k, v in params.items() if "{" + k + "}" not in path}
        headers = {}
        if api == "private":
            self.check_required_credentials()
            query["timestamp"] = 1700000000000
            qs = urlencode(query)
            qs += "&signature=" + self.sign_payload(qs)
            headers["X-TOY-APIKEY"] = self.apiKey
        else:
            qs = urlencode(query)
        if method == "GET":
            url += ("?" + qs) if qs else ""
        else:
            body = qs
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return {"url": url, "method": method, "body": body, "headers": headers}

    async def fetch_markets(self, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        response = await self.publicGetMarkets(params)
        out = []
        for m in response:
            swap = m["type"] == "swap"
            symbol = m["base"] + "/" + m["quote"] + (":" + m["quote"] if swap else "")
            out.append({
                "id": m["id"], "symbol": symbol, "base": m["base"], "quote": m["quote"],
                "baseId": m["base"], "quoteId": m["quote"], "type": m["type"],
                "spot": not swap, "swap": swap, "linear": True if swap else None,
                "precision": {"price": m["pricePrecision"], "amount": m["qtyPrecision"]},
                "active": True, "info": m,
            })
        return out

    def handle_errors(self, code: int, reason: str, url: str, method: str, headers: Any, body: str,
                      response: Any, request_headers: Any, request_body: Any) -> Any:
        if not isinstance(response, dict) or "code" not in response:
            return None
        message = self.id + " " + body
        self.throw_exactly_matched_exception(self.exceptions["exact"], str(response["code"]), message)
        self.throw_broadly_matched_exception(self.exceptions["broad"], response.get("msg"), message)
        raise ExchangeError(message)


class ToyServer:
    """The toy exchange on loopback. Records every request it receives."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.hits: dict[str, int] = {}
        self.release = asyncio.Event()
        self.fail_markets = 0
        self.runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> ToyServer:
        app = web.Application()
        r = app.router
        r.add_get("/v1/markets", self.markets)
        r.add_get("/v1/time", self.time)
        r.add_get("/v1/ticker/{symbol}", self.ticker)
        r.add_get("/v1/depth", self.depth)
        r.add_get("/v1/slow", self.slow)
        r.add_get("/v1/error/{kind}", self.error)
        r.add_get("/v1/account", self.account)
        r.add_post("/v1/listenKey", self.listen_key)
        r.add_post("/v1/order", self.order)
        self.runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.1)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self.release.set()
        if self.runner is not None:
            await self.runner.cleanup()

    async def _record(self, request: web.Request) -> dict[str, Any]:
        body = await request.text()
        entry = {
            "method": request.method,
            "path": request.path,
            "query": dict(request.query),
            "headers": dict(request.headers),
            "body": body,
        }
        self.requests.append(entry)
        self.hits[request.path] = self.hits.get(request.path, 0) + 1
        return entry

    def _verify(self, entry: dict[str, Any], signed: str) -> web.Response | None:
        if entry["headers"].get("X-TOY-APIKEY") != API_KEY:
            return web.json_response({"code": -2015, "msg": "Invalid API-key, IP, or permissions"}, status=401)
        payload, _, signature = signed.rpartition("&signature=")
        expected = hmac.new(SECRET.encode(), payload.encode(), hashlib.sha256).hexdigest()
        if signature != expected:
            return web.json_response({"code": -1022, "msg": "Signature for this request is not valid."}, status=400)
        return None

    async def markets(self, request: web.Request) -> web.Response:
        await self._record(request)
        if self.fail_markets > 0:
            self.fail_markets -= 1
            return web.Response(status=503, text="maintenance")
        return web.json_response(MARKETS)

    async def time(self, request: web.Request) -> web.Response:
        await self._record(request)
        return web.json_response({"serverTime": int(time.time() * 1000)})

    async def ticker(self, request: web.Request) -> web.Response:
        entry = await self._record(request)
        return web.json_response({"symbol": request.match_info["symbol"], "query": entry["query"]})

    async def depth(self, request: web.Request) -> web.Response:
        await self._record(request)
        return web.json_response({"bids": [], "asks": []})

    async def slow(self, request: web.Request) -> web.Response:
        await self._record(request)
        await self.release.wait()
        return web.json_response({})

    async def error(self, request: web.Request) -> web.Response:
        await self._record(request)
        kind = request.match_info["kind"]
        if kind == "exact":
            return web.json_response({"code": -1121, "msg": "Invalid symbol."}, status=400)
        if kind == "broad":
            return web.json_response({"code": -1003, "msg": "Too many requests; current limit is 1200"}, status=429)
        if kind == "unknown":
            return web.json_response({"code": -9999, "msg": "Something odd"}, status=400)
        if kind == "ok-body-error":
            return web.json_response({"code": -2010, "msg": "Account has insufficient balance."}, status=200)
        if kind == "status":
            return web.Response(status=int(request.query.get("status", "503")), text="plain failure")
        if kind == "text":
            return web.Response(text="pong")
        raise web.HTTPNotFound()

    async def account(self, request: web.Request) -> web.Response:
        entry = await self._record(request)
        denied = self._verify(entry, request.query_string)
        return denied or web.json_response({"balances": [{"asset": "USDT", "free": "100"}]})

    async def listen_key(self, request: web.Request) -> web.Response:
        entry = await self._record(request)
        denied = self._verify(entry, entry["body"])
        return denied or web.json_response({"listenKey": LISTEN_KEY})

    async def order(self, request: web.Request) -> web.Response:
        entry = await self._record(request)
        denied = self._verify(entry, entry["body"])
        return denied or web.json_response({"orderId": 1, "status": "NEW"})
