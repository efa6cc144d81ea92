"""The toy exchange: a REST market list, a ticker stream, and a websocket
request/response call, written against ccxtpro's base API like any plugin."""

from __future__ import annotations

from typing import Any

from ccxtpro.exchange import Exchange
from ccxtpro.ws import Future

TICKER = "ticker:"


class Toy(Exchange):
    """Exchange ``toy``; its URLs point at ``toy.invalid`` until ``baseUrl``
    rebases them onto a :mod:`ccxtpro_toy.server`."""

    def describe(self) -> dict[str, Any]:
        base = super().describe()
        base.update({
            "id": "toy",
            "name": "Toy",
            "rateLimit": 10,
            "has": {**base["has"], "ws": True, "watchTicker": True, "fetchMarkets": True},
            "urls": {
                **base["urls"],
                "api": {
                    "public": "https://api.toy.invalid/api",
                    "ws": "wss://stream.toy.invalid/ws",
                },
            },
            "api": {"public": {"get": ["markets", "time"]}},
            "streaming": {"keepAlive": 10_000},
            "requiredCredentials": {"apiKey": False, "secret": False},
        })
        return base

    # -- REST ------------------------------------------------------------------

    def sign(self, path: str, api: Any = "public", method: str = "GET", params: Any = None,
             headers: Any = None, body: Any = None) -> dict[str, Any]:
        url = self.urls["api"][api] + "/" + path
        if params:
            url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        return {"url": url, "method": method, "body": body, "headers": headers}

    async def fetch_markets(self, params: Any = None) -> list[dict[str, Any]]:
        response = await self.public_get_markets(params or {})
        return [self.parse_market(m) for m in response]

    def parse_market(self, m: dict[str, Any]) -> dict[str, Any]:
        base, quote = m["base"], m["quote"]
        return {
            "id": m["id"], "symbol": f"{base}/{quote}", "base": base, "quote": quote,
            "baseId": base, "quoteId": quote, "active": True, "type": "spot", "spot": True,
            "margin": False, "swap": False, "future": False, "option": False, "contract": False,
            "settle": None, "settleId": None, "contractSize": None, "linear": None, "inverse": None,
            "expiry": None, "expiryDatetime": None, "strike": None, "optionType": None,
            "taker": 0.001, "maker": 0.001,
            "precision": {"amount": 1e-6, "price": 0.01},
            "limits": {"amount": {"min": None, "max": None}, "price": {"min": None, "max": None},
                       "cost": {"min": None, "max": None}, "leverage": {"min": None, "max": None}},
            "created": None, "info": m,
        }

    # -- websocket ---------------------------------------------------------------

    def ws_url(self) -> str:
        return self.urls["api"]["ws"]

    def request_id(self) -> int:
        self.options["requestId"] = self.options.get("requestId", 0) + 1
        return self.options["requestId"]

    async def watch_ticker(self, symbol: str, params: Any = None) -> dict[str, Any]:
        await self.load_markets()
        market = self.market(symbol)
        message_hash = TICKER + market["symbol"]
        request = {"op": "subscribe", "channel": "ticker", "symbol": market["id"], "id": self.request_id()}
        request.update(params or {})
        return await self.watch(self.ws_url(), message_hash, request, message_hash)

    def handle_ticker(self, client: Any, message: dict[str, Any]) -> None:
        ticker = self.parse_ws_ticker(message)
        symbol = ticker["symbol"]
        self.tickers[symbol] = ticker
        client.resolve(ticker, TICKER + symbol)

    def parse_ws_ticker(self, message: dict[str, Any]) -> dict[str, Any]:
        market = self.safe_market(self.safe_string(message, "s"))
        timestamp = self.safe_integer(message, "E")
        return {
            "symbol": market["symbol"],
            "timestamp": timestamp,
            "datetime": self.iso8601(timestamp),
            "bid": self.safe_number(message, "b"),
            "ask": self.safe_number(message, "a"),
            "last": self.safe_number(message, "c"),
            "baseVolume": self.safe_number(message, "v"),
            "info": message,
        }

    async def fetch_time_ws(self) -> int:
        """A request/response call over the websocket, routed back by its id."""
        request_id = self.request_id()
        subscription = {"id": str(request_id), "method": self.handle_time}
        return await self.watch_request(self.ws_url(), request_id, {"op": "time", "id": request_id}, subscription)

    def handle_time(self, client: Any, message: dict[str, Any]) -> None:
        client.resolve(self.safe_integer(message["result"], "serverTime"), str(message["id"]))

    def handle_subscription_status(self, client: Any, message: dict[str, Any]) -> None:
        """Acks of subscribe requests carry nothing a caller waits for."""

    def handle_error(self, client: Any, message: dict[str, Any]) -> None:
        from ccxtpro.errors import ExchangeError

        client.reject(ExchangeError(f"toy error {message.get('error')}"), str(message.get("id")))

    def handle_pong(self, client: Any, message: Any) -> None:
        client.lastPong = self.milliseconds()

    def ping(self, client: Any) -> dict[str, Any]:
        return {"op": "ping"}


ROUTES = [
    {"path": "e", "value": "ticker", "handler": "handle_ticker"},
    {"path": "error", "present": True, "handler": "handle_error"},
    {"path": "id", "request_id": True, "handler": "handle_subscription_status"},
    {"text": "pong", "handler": "handle_pong"},
]

__all__ = ["Toy", "ROUTES", "Future"]
