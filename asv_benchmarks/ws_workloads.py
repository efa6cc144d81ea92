"""Websocket workloads shared by the asv suite and ``vs_ccxt_ws``.

* Binance frames as the exchange sends them (spot and futures market data,
  a combined-stream wrapper, a user-data event, a websocket-API reply), the
  route list that recognises them the way CCXT Pro's ``binance.handle_message``
  does, and no-op handler targets for both sides, so a dispatch benchmark
  measures recognition and the handler call only.
* The loopback throughput contenders against the toy exchange's server.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
TOY_DIR = ROOT / "tests" / "toy_plugin"

# -- dispatch ------------------------------------------------------------------

_T = 1_700_000_000_000
TRADE = {"e": "trade", "E": _T, "s": "BTCUSDT", "t": 12345, "p": "30000.10", "q": "0.010",
         "T": _T, "m": True, "M": True}
AGG_TRADE = {"e": "aggTrade", "E": _T, "s": "BTCUSDT", "a": 5933014, "p": "30000.10", "q": "0.5",
             "f": 100, "l": 105, "T": _T, "m": True}
DEPTH = {"e": "depthUpdate", "E": _T, "s": "BTCUSDT", "U": 157, "u": 160,
         "b": [["30000.00", "10"], ["29999.99", "0"]], "a": [["30000.01", "100"]]}
KLINE = {"e": "kline", "E": _T, "s": "BTCUSDT", "k": {"t": _T, "T": _T + 59_999, "s": "BTCUSDT", "i": "1m",
         "o": "30000", "c": "30001", "h": "30002", "l": "29999", "v": "1000", "n": 100, "x": False}}
TICKER_24H = {"e": "24hrTicker", "E": _T, "s": "BTCUSDT", "p": "0.0015", "P": "250.00", "w": "0.0018",
              "c": "30000", "Q": "10", "b": "29999", "B": "1", "a": "30001", "A": "1", "o": "29000",
              "h": "31000", "l": "28000", "v": "10000", "q": "18", "O": 0, "C": 86400000, "F": 0, "L": 18150, "n": 18151}
BOOK_TICKER = {"u": 400900217, "s": "BTCUSDT", "b": "30000.00", "B": "31.21", "a": "30000.01", "A": "40.66"}
MARK_PRICES = [{"e": "markPriceUpdate", "E": _T, "s": s, "p": "30000", "i": "30001", "P": "30002",
                "r": "0.0001", "T": _T} for s in ("BTCUSDT", "ETHUSDT")]
COMBINED = {"stream": "btcusdt@trade", "data": TRADE}
EXECUTION_REPORT = {"e": "executionReport", "E": _T, "s": "BTCUSDT", "c": "myOrder1", "S": "BUY", "o": "LIMIT",
                    "f": "GTC", "q": "1.0", "p": "30000", "x": "NEW", "X": "NEW", "i": 4293153, "l": "0",
                    "z": "0", "L": "0", "n": "0", "T": _T, "t": -1, "w": True, "m": False, "O": _T}
WS_API_REPLY = {"id": "922bcc6e-9de8-440d-9e84-7c80933a8d0d", "status": 200,
                "result": {"serverTime": _T}, "rateLimits": []}

FRAMES = [TRADE, AGG_TRADE, DEPTH, KLINE, TICKER_24H, BOOK_TICKER, MARK_PRICES, COMBINED,
          EXECUTION_REPORT, WS_API_REPLY]

#: event -> CCXT Pro binance handler, as its handle_message maps them
EVENTS = {
    "depthUpdate": "handle_order_book", "trade": "handle_trade", "aggTrade": "handle_trade",
    "optionTrade": "handle_trade", "price": "handle_stock_price", "quote": "handle_stock_quote",
    "markPrice": "handle_mark_prices", "kline": "handle_ohlcv", "markPrice_kline": "handle_ohlcv",
    "indexPrice_kline": "handle_ohlcv", "1hTicker": "handle_tickers", "4hTicker": "handle_tickers",
    "1dTicker": "handle_tickers", "24hrTicker": "handle_tickers", "24hrMiniTicker": "handle_tickers",
    "markPriceUpdate": "handle_mark_prices", "bookTicker": "handle_bids_asks",
    "outboundAccountPosition": "handle_balance", "balanceUpdate": "handle_balance",
    "ACCOUNT_UPDATE": "handle_acount_update", "BALANCE_POSITION_UPDATE": "handle_options_account_update",
    "executionReport": "handle_order_update", "orderReport": "handle_order_update",
    "ORDER_TRADE_UPDATE": "handle_order_update", "ALGO_UPDATE": "handle_order_update",
    "forceOrder": "handle_liquidation", "eventStreamTerminated": "handle_event_stream_terminated",
    "externalLockUpdate": "handle_balance",
}
ARRAY_EVENTS = {
    "1hTicker": "handle_tickers", "4hTicker": "handle_tickers", "1dTicker": "handle_tickers",
    "24hrTicker": "handle_tickers", "24hrMiniTicker": "handle_tickers",
    "markPriceUpdate": "handle_mark_prices", "markPrice": "handle_mark_prices",
}


def binance_routes() -> list[dict[str, Any]]:
    """Routes recognising Binance frames in the order its handle_message does."""
    routes: list[dict[str, Any]] = [
        {"unwrap": "data", "if_present": "stream"},
        {"unwrap": "event", "if_present": "event"},
        {"unwrap": "data", "if_present": "data"},
        {"path": "error", "present": True, "handler": "handle_ws_error"},
        {"path": "status", "not_values": ["200", 200], "handler": "handle_ws_error"},
    ]
    routes += [{"path": "e", "value": e, "handler": h} for e, h in EVENTS.items()]
    routes += [{"path": "0.e", "value": e, "handler": h} for e, h in ARRAY_EVENTS.items()]
    routes += [
        {"path": "id", "request_id": True, "handler": "handle_subscription_status"},
        {"path": "A", "present": True, "handler": "handle_bids_asks"},
    ]
    return routes


def handler_names() -> set[str]:
    return set(EVENTS.values()) | set(ARRAY_EVENTS.values()) | {
        "handle_ws_error", "handle_subscription_status", "handle_bids_asks"}


class StubClient:
    """The attributes a dispatcher reads from a client, nothing else."""

    url = "wss://stream.binance.com:9443/ws"

    def __init__(self) -> None:
        self.subscriptions: dict[str, Any] = {}
        self.futures: dict[str, Any] = {}

    def resolve(self, result: Any, message_hash: Any) -> Any:
        return result


def _noop(self: Any, client: Any, message: Any, *rest: Any) -> None:
    return None


def noop_target() -> Any:
    """An object whose handler methods do nothing (the ccxtpro side)."""
    return type("NoopHandlers", (), {name: _noop for name in handler_names()})()


def ccxt_binance_noop() -> Any:
    """CCXT Pro's binance with every handler its handle_message names made a
    no-op *method*, so each frame still pays what CCXT pays to dispatch."""
    import ccxt.pro

    cls = type("BinanceNoopHandlers", (ccxt.pro.binance,), {name: _noop for name in handler_names()})
    return cls()


def ours_dispatcher(impl: str = "c") -> Any:
    from ccxtpro._core import dispatch

    table = dispatch.RouteTableC if impl == "c" else dispatch.RouteTablePy
    return table(binance_routes()).bind(noop_target())


# -- loopback throughput -------------------------------------------------------------

SYMBOL = "BTC/USD"
MARKET_ID = "BTCUSD"


class ToyServerProcess:
    """The toy exchange server in its own process, so its CPU is not the
    client's; the blast frames are pre-framed once per size and cached."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TOY_DIR), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ccxtpro_toy.server", "--port", "0", "--interval", "0"],
            stdout=subprocess.PIPE, env=env, text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if len(line) != 2 or line[0] != "PORT":
            self.close()
            raise RuntimeError(f"toy server did not start: {line!r}")
        self.port = int(line[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


async def bare_loop(ws_url: str, n: int) -> tuple[float, float]:
    """The floor: a bare ``websockets`` client that only ``orjson.loads`` each
    frame. Returns (wall seconds, client CPU seconds) from the subscribe to
    the last frame."""
    from websockets.asyncio.client import connect

    loads = orjson.loads
    last = n - 1
    async with connect(ws_url, ping_interval=None, compression=None, max_queue=256, max_size=2**24) as ws:
        start, cpu = time.perf_counter(), time.process_time()
        await ws.send(orjson.dumps({"op": "subscribe", "channel": "ticker", "symbol": MARKET_ID,
                                    "id": 1, "blast": n}).decode())
        async for raw in ws:
            frame = loads(raw)
            if frame.get("seq") == last:
                break
        return time.perf_counter() - start, time.process_time() - cpu


async def ccxtpro_loop(exchange: Any, n: int) -> tuple[float, float, int]:
    """ccxtpro's watch loop on the toy exchange: every frame is dispatched and
    parsed into a unified ticker; the loop wakes as often as it can keep up
    (CCXT semantics: a watch returns the next update, so the loop checks the
    ticker cache for the last frame before it waits again).
    Returns (wall seconds, client CPU seconds, wake-ups) from the subscribe
    to the last ticker."""
    last = n - 1
    await exchange.close_ws()  # a fresh connection: the subscribe (and blast) is re-sent
    exchange.tickers.pop(SYMBOL, None)
    tickers = exchange.tickers
    wakeups = 0
    start, cpu = time.perf_counter(), time.process_time()
    while True:
        cached = tickers.get(SYMBOL)
        if cached is not None and cached["info"]["seq"] == last:
            return time.perf_counter() - start, time.process_time() - cpu, wakeups
        await exchange.watch_ticker(SYMBOL, {"blast": n})
        wakeups += 1


def runtime_only(exchange: Any) -> Any:
    """Make the toy's ticker handler skip unified parsing (the frame is wrapped,
    not parsed), isolating the runtime's own cost: receive loop, dispatch,
    cache store, resolve and wake-up."""
    def parse_ws_ticker(message: dict[str, Any]) -> dict[str, Any]:
        return {"symbol": SYMBOL, "info": message}

    exchange.parse_ws_ticker = parse_ws_ticker
    return exchange


def toy_exchange(base_url: str) -> Any:
    try:
        import ccxtpro_toy  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(TOY_DIR))
    from ccxtpro import plugins

    if "toy" in plugins.exchanges():
        return plugins.load("toy", {"baseUrl": base_url})
    from ccxtpro_toy.exchange import Toy

    return Toy({"baseUrl": base_url})


def run(coro: Any) -> Any:
    return asyncio.run(coro)
