"""Frame-path workloads: the same Binance frame bytes through ccxtpro and CCXT Pro.

Both exchanges load the same markets from the loopback simulator once; after
that everything is offline: each frame kind is a list of frame *bytes* (ids,
prices and sequence numbers vary the way a live stream does), fed to

* ccxtpro: what the receive loop (``WsClient._frame_handler``) does with a frame:
  the plugin's ``raw_frame`` taker first (``exchange.ws_dispatcher.raw``: Binance
  applies depthUpdate frames from their bytes), then ``orjson.loads`` ->
  ``exchange.ws_dispatcher.dispatch(client, msg)`` for every frame it declines;
* CCXT Pro 4.5.84: ``json.loads`` (what its aiohttp client does) ->
  ``exchange.handle_message(client, msg)``;

each with a real client object of its own library for the frame's URL, so
handlers, caches, books and ``client.resolve`` all run as in production.
"""

from __future__ import annotations

import asyncio
import copy
import json
import random
from dataclasses import dataclass, field
from typing import Any, Callable

import orjson

SPOT_URL = "wss://stream.binance.com:9443/ws"
USDM_URL = "wss://fstream.binance.com/ws"
SPOT_PRIVATE_URL = "wss://stream.binance.com:9443/ws/userdata"
USDM_PRIVATE_URL = "wss://fstream.binance.com/ws/listenkey"
WS_API_URL = "wss://ws-api.binance.com:443/ws-api/v3"

T0 = 1_764_000_000_000
BOOK_LEVELS = 1000


@dataclass
class Kind:
    """One frame kind: its frames, the URL it arrives on, and per-run setup."""

    name: str
    url: str
    frames: list[bytes]
    prepare: Callable[[Any, Any], None] = field(default=lambda ex, client: None)


def _fmt(x: float, places: int = 2) -> str:
    return f"{x:.{places}f}"


def trade_frames(n: int, rnd: random.Random) -> list[bytes]:
    out = []
    for i in range(n):
        t = T0 + i
        out.append(orjson.dumps({"e": "trade", "E": t, "s": "BTCUSDT", "t": 1000 + i,
                                 "p": _fmt(30000 + rnd.random() * 100), "q": _fmt(rnd.random(), 5),
                                 "T": t, "m": rnd.random() < 0.5, "M": True}))
    return out


def agg_trade_frames(n: int, rnd: random.Random) -> list[bytes]:
    out = []
    for i in range(n):
        t = T0 + i
        out.append(orjson.dumps({"e": "aggTrade", "E": t, "s": "BTCUSDT", "a": 5000 + i,
                                 "p": _fmt(30000 + rnd.random() * 100), "q": _fmt(rnd.random(), 5),
                                 "f": 100 + 2 * i, "l": 101 + 2 * i, "T": t, "m": rnd.random() < 0.5,
                                 "M": True}))
    return out


def ticker_frames(n: int, rnd: random.Random) -> list[bytes]:
    out = []
    for i in range(n):
        c = 30000 + rnd.random() * 100
        out.append(orjson.dumps({
            "e": "24hrTicker", "E": T0 + i, "s": "BTCUSDT", "p": _fmt(rnd.random() * 10),
            "P": _fmt(rnd.random(), 3), "w": _fmt(c - 5), "x": _fmt(c - 10), "c": _fmt(c),
            "Q": _fmt(rnd.random(), 5), "b": _fmt(c - 0.01), "B": _fmt(rnd.random() * 3, 5),
            "a": _fmt(c + 0.01), "A": _fmt(rnd.random() * 3, 5), "o": _fmt(c - 100), "h": _fmt(c + 200),
            "l": _fmt(c - 300), "v": _fmt(10000 + i, 5), "q": _fmt(3e8 + i), "O": T0 - 86_400_000 + i,
            "C": T0 + i, "F": 100, "L": 18150 + i, "n": 18051 + i}))
    return out


def mini_ticker_frames(n: int, rnd: random.Random) -> list[bytes]:
    out = []
    for i in range(n):
        c = 30000 + rnd.random() * 100
        out.append(orjson.dumps({"e": "24hrMiniTicker", "E": T0 + i, "s": "BTCUSDT", "c": _fmt(c),
                                 "o": _fmt(c - 100), "h": _fmt(c + 200), "l": _fmt(c - 300),
                                 "v": _fmt(10000 + i, 5), "q": _fmt(3e8 + i)}))
    return out


def book_ticker_frames(n: int, rnd: random.Random) -> list[bytes]:
    out = []
    for i in range(n):
        c = 30000 + rnd.random() * 100
        out.append(orjson.dumps({"u": 400900217 + i, "s": "BTCUSDT", "b": _fmt(c), "B": _fmt(rnd.random(), 5),
                                 "a": _fmt(c + 0.01), "A": _fmt(rnd.random(), 5)}))
    return out


def kline_frames(n: int, rnd: random.Random, event: str = "kline") -> list[bytes]:
    out = []
    for i in range(n):
        start = T0 - T0 % 60_000 + (i // 50) * 60_000
        c = 30000 + rnd.random() * 100
        k = {"t": start, "T": start + 59_999, "s": "BTCUSDT", "i": "1m", "f": 100, "L": 200 + i,
             "o": _fmt(c - 1), "c": _fmt(c), "h": _fmt(c + 2), "l": _fmt(c - 3), "v": _fmt(100 + i, 5),
             "n": 100 + i, "x": i % 50 == 49, "q": _fmt(3e6 + i), "V": _fmt(50, 5), "Q": _fmt(1.5e6), "B": "0"}
        frame: dict[str, Any] = {"e": event, "E": T0 + i, "s": "BTCUSDT", "k": k}
        if event != "kline":
            frame = {"e": event, "E": T0 + i, "ps": "BTCUSDT", "k": dict(k, s="0")}
        out.append(orjson.dumps(frame))
    return out


def mark_price_frames(n: int, rnd: random.Random) -> list[bytes]:
    out = []
    for i in range(n):
        c = 30000 + rnd.random() * 100
        out.append(orjson.dumps({"e": "markPriceUpdate", "E": T0 + i, "s": "BTCUSDT", "p": _fmt(c, 8),
                                 "i": _fmt(c - 1, 8), "P": _fmt(c + 1, 8), "r": "0.00010000",
                                 "T": T0 + 3_600_000}))
    return out


def depth_frames(n: int, rnd: random.Random, first_id: int, futures: bool = False) -> list[bytes]:
    """10 bid + 10 ask deltas around a 1,000-level book's top, a quarter deletes."""
    out = []
    uid = first_id
    for i in range(n):
        def side(base: float, sign: int) -> list[list[str]]:
            return [[_fmt(base + sign * 0.01 * rnd.randrange(0, 400)),
                     "0.00000000" if rnd.random() < 0.25 else _fmt(rnd.random() * 5, 8)] for _ in range(10)]
        frame: dict[str, Any] = {"e": "depthUpdate", "E": T0 + i, "s": "BTCUSDT", "U": uid, "u": uid + 19,
                                 "b": side(29999.99, -1), "a": side(30000.00, 1)}
        if futures:
            frame["T"] = T0 + i
            frame["pu"] = uid - 1
        uid += 20
        out.append(orjson.dumps(frame))
    return out


def book_snapshot(nonce: int) -> dict[str, Any]:
    bids = [[round(29999.99 - 0.01 * k, 2), 1.0 + k % 7] for k in range(BOOK_LEVELS)]
    asks = [[round(30000.00 + 0.01 * k, 2), 1.0 + k % 5] for k in range(BOOK_LEVELS)]
    return {"bids": bids, "asks": asks, "nonce": nonce, "timestamp": None, "datetime": None,
            "symbol": "BTC/USDT"}


def execution_report_frames(n: int, rnd: random.Random) -> list[bytes]:
    out = []
    for i in range(n):
        t = T0 + i
        filled = i % 3 == 2
        out.append(orjson.dumps({
            "e": "executionReport", "E": t, "s": "BTCUSDT", "c": f"cl{i}", "S": "BUY" if i % 2 else "SELL",
            "o": "LIMIT", "f": "GTC", "q": "1.00000000", "p": _fmt(30000 + i % 100), "P": "0.00000000",
            "F": "0.00000000", "g": -1, "C": "", "x": "TRADE" if filled else "NEW",
            "X": "FILLED" if filled else "NEW", "r": "NONE", "i": 4_000_000 + i // 3,
            "l": "1.00000000" if filled else "0.00000000", "z": "1.00000000" if filled else "0.00000000",
            "L": _fmt(30000 + i % 100) if filled else "0.00000000", "n": "0.00100000" if filled else "0",
            "N": "BNB" if filled else None, "T": t, "t": 9000 + i if filled else -1, "I": 8_000_000 + i,
            "w": not filled, "m": False, "M": filled, "O": t, "Z": _fmt(30000 + i % 100) if filled else "0.00000000",
            "Y": _fmt(30000 + i % 100) if filled else "0.00000000", "Q": "0.00000000", "W": t, "V": "NONE"}))
    return out


def order_trade_update_frames(n: int, rnd: random.Random) -> list[bytes]:
    out = []
    for i in range(n):
        t = T0 + i
        filled = i % 2 == 1
        o = {"s": "BTCUSDT", "c": f"fc{i}", "S": "BUY", "o": "LIMIT", "f": "GTC", "q": "0.010", "p": "30000",
             "ap": "30000" if filled else "0", "sp": "0", "x": "TRADE" if filled else "NEW",
             "X": "FILLED" if filled else "NEW", "i": 7_000_000 + i // 2, "l": "0.010" if filled else "0",
             "z": "0.010" if filled else "0", "L": "30000" if filled else "0", "N": "USDT",
             "n": "0.12" if filled else "0", "T": t, "t": 500 + i if filled else 0, "b": "0", "a": "0",
             "m": False, "R": False, "wt": "CONTRACT_PRICE", "ot": "LIMIT", "ps": "BOTH", "cp": False,
             "rp": "0", "pP": False, "si": 0, "ss": 0, "V": "NONE", "pm": "NONE", "gtd": 0}
        out.append(orjson.dumps({"e": "ORDER_TRADE_UPDATE", "E": t, "T": t, "o": o}))
    return out


def balance_frames(n: int, rnd: random.Random) -> list[bytes]:
    out = []
    for i in range(n):
        out.append(orjson.dumps({"e": "outboundAccountPosition", "E": T0 + i, "u": T0 + i, "B": [
            {"a": "BTC", "f": _fmt(1 + rnd.random(), 8), "l": "0.00000000"},
            {"a": "USDT", "f": _fmt(10000 + rnd.random(), 8), "l": _fmt(rnd.random() * 10, 8)}]}))
    return out


def account_update_frames(n: int, rnd: random.Random) -> list[bytes]:
    """USD-M user data: wallet balances and one position after a fill."""
    out = []
    for i in range(n):
        t = T0 + i
        contracts = _fmt((i % 7 - 3) * 0.001, 3)
        out.append(orjson.dumps({"e": "ACCOUNT_UPDATE", "E": t, "T": t, "a": {"m": "ORDER", "B": [
            {"a": "USDT", "wb": _fmt(10000 + rnd.random() * 100, 8), "cw": _fmt(9000 + rnd.random(), 8), "bc": "0"},
            {"a": "BNB", "wb": _fmt(1 + rnd.random(), 8), "cw": "1.00000000", "bc": "0"}], "P": [
            {"s": "BTCUSDT", "pa": contracts, "ep": _fmt(30000 + rnd.random() * 100, 5), "bep": "30000.1", "cr": "0",
             "up": _fmt(rnd.random() * 10 - 5, 8), "mt": "cross", "iw": "0", "ps": "BOTH"}]}}))
    return out


def force_order_frames(n: int, rnd: random.Random) -> list[bytes]:
    """USD-M liquidation orders (``<symbol>@forceOrder``)."""
    out = []
    for i in range(n):
        t = T0 + i
        price = _fmt(30000 + rnd.random() * 100)
        qty = _fmt(rnd.random(), 3)
        out.append(orjson.dumps({"e": "forceOrder", "E": t, "o": {
            "s": "BTCUSDT", "S": "SELL" if i % 2 else "BUY", "o": "LIMIT", "f": "IOC", "q": qty, "p": price,
            "ap": price, "X": "FILLED", "l": qty, "z": qty, "T": t}}))
    return out


def ws_api_reply_frames(n: int, rnd: random.Random) -> list[bytes]:
    return [orjson.dumps({"id": f"req{i}", "status": 200, "result": {"serverTime": T0 + i},
                          "rateLimits": []}) for i in range(n)]


def build_kinds(n: int, seed: int = 42) -> list[Kind]:
    rnd = random.Random(seed)
    first_id = 1_000_001

    def prepare_book(futures: bool) -> Callable[[Any, Any], None]:
        def prepare(ex: Any, client: Any) -> None:
            symbol = "BTC/USDT:USDT" if futures else "BTC/USDT"
            snap = book_snapshot(first_id - 1)
            snap["symbol"] = symbol
            book = ex.order_book(copy.deepcopy(snap), BOOK_LEVELS)
            book["nonce"] = first_id - 1
            ex.orderbooks[symbol] = book
        return prepare

    def prepare_futures_book(ex: Any, client: Any) -> None:
        prepare_book(True)(ex, client)

    def private(account: str) -> Callable[[Any, Any], None]:
        def prepare(ex: Any, client: Any) -> None:
            # a user-data connection's first subscription names its account type
            client.subscriptions[account] = True
            ex.balance[account] = {}  # what watch_balance's first REST snapshot leaves
        return prepare

    return [
        Kind("depthUpdate 10+10 (spot)", SPOT_URL, depth_frames(n, rnd, first_id), prepare_book(False)),
        Kind("depthUpdate 10+10 (USD-M)", USDM_URL, depth_frames(n, rnd, first_id, True), prepare_futures_book),
        Kind("trade", SPOT_URL, trade_frames(n, rnd)),
        Kind("aggTrade", SPOT_URL, agg_trade_frames(n, rnd)),
        Kind("24hrTicker", SPOT_URL, ticker_frames(n, rnd)),
        Kind("24hrMiniTicker", SPOT_URL, mini_ticker_frames(n, rnd)),
        Kind("bookTicker", SPOT_URL, book_ticker_frames(n, rnd)),
        Kind("kline", SPOT_URL, kline_frames(n, rnd)),
        Kind("markPrice_kline", USDM_URL, kline_frames(n, rnd, "markPrice_kline")),
        Kind("markPriceUpdate", USDM_URL, mark_price_frames(n, rnd)),
        Kind("executionReport", SPOT_PRIVATE_URL, execution_report_frames(n, rnd), private("spot")),
        Kind("ORDER_TRADE_UPDATE", USDM_PRIVATE_URL, order_trade_update_frames(n, rnd), private("future")),
        Kind("outboundAccountPosition", SPOT_PRIVATE_URL, balance_frames(n, rnd), private("spot")),
        Kind("ACCOUNT_UPDATE", USDM_PRIVATE_URL, account_update_frames(n, rnd), private("future")),
        Kind("forceOrder", USDM_URL, force_order_frames(n, rnd)),
        Kind("ws-API reply", WS_API_URL, ws_api_reply_frames(n, rnd)),
    ]


# -- the two contenders ----------------------------------------------------------


async def load_pair() -> tuple[Any, Any]:
    """ccxtpro and CCXT Pro binance instances holding the simulator's markets."""
    import ccxt.pro
    import ccxtpro
    from ccxtpro_binance.simulator import Simulator

    async with Simulator(seed=1) as sim:
        ours = ccxtpro.load("binance", sim.exchange_config(None))
        theirs = ccxt.pro.binance({"urls": sim.ccxt_urls(), "options": {"adjustForTimeDifference": False}})
        try:
            await ours.load_markets()
            await theirs.load_markets()
        finally:
            await ours.close()
            await theirs.close()
    ours.open()  # frames are fed to unconnected clients: a closed instance would refuse to make them
    return ours, theirs


def ours_entry(ex: Any, url: str) -> tuple[Any, Callable[[bytes], Any]]:
    client = ex.client(url)
    dispatch = ex.ws_dispatcher.dispatch
    raw = ex.ws_dispatcher.raw
    loads = orjson.loads

    if raw is None:
        def feed(frame: bytes) -> Any:
            return dispatch(client, loads(frame))
    else:
        def feed(frame: bytes) -> Any:
            return raw(client, frame) or dispatch(client, loads(frame))
    return client, feed


def ccxt_entry(ex: Any, url: str) -> tuple[Any, Callable[[bytes], Any]]:
    client = ex.client(url)
    handle = ex.handle_message
    loads = json.loads

    def feed(frame: bytes) -> Any:
        return handle(client, loads(frame))
    return client, feed


def reset_state(ex: Any) -> None:
    for name in ("trades", "tickers", "bidsasks", "ohlcvs", "orderbooks", "balance"):
        setattr(ex, name, {})
    for name in ("orders", "myTrades", "liquidations", "positions"):
        setattr(ex, name, None)


def run(coro: Any) -> Any:
    return asyncio.run(coro)
