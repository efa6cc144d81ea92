"""Differential tests of generated websocket handlers against CCXT Pro Python 4.5.84.

Both exchanges receive the same frames through a recording client double (the
handlers only call ``client.resolve/reject`` and read ``client.url`` and
``client.subscriptions``); what each resolves, per message hash, must be equal.
"""

from __future__ import annotations

import copy

import pytest

from binance_payloads import EXECUTION_REPORT, FORCE_ORDER, WS_TICKER
from differential_support import make_pair

SPOT_URL = "wss://stream.binance.com:9443/stream?streams=ethbtc@trade"
FUTURES_URL = "wss://fstream.binance.com/ws"


def _plain(value):
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class RecordingClient:
    def __init__(self, url):
        self.url = url
        self.subscriptions = {}
        self.futures = {}
        self.resolved = []
        self.rejected = []

    def resolve(self, result, message_hash):
        self.resolved.append((message_hash, _plain(copy.deepcopy(list(result) if isinstance(result, list)
                                                                 else result))))
        return result

    def reject(self, error, message_hash=None):
        self.rejected.append((message_hash, type(error).__name__))
        return error


def feed(pair, handler: str, frames, url=SPOT_URL):
    out = []
    for ex in pair:
        client = RecordingClient(url)
        for frame in frames:
            getattr(ex, handler)(client, copy.deepcopy(frame))
        out.append((client.resolved, client.rejected))
    ours, theirs = out
    assert ours == theirs
    assert ours[0] or ours[1], "the handler resolved nothing: the frames did not exercise it"
    return ours


def test_handle_trade(pair):
    frames = [{"e": "trade", "E": 1672515782136 + i, "s": "ETHBTC", "t": 100 + i, "p": f"0.00{i + 1}",
               "q": "100", "T": 1672515782136 + i, "m": i % 2 == 0, "M": True} for i in range(5)]
    feed(pair, "handle_trade", frames)


def test_handle_ohlcv(pair):
    frames = []
    for i, (t, close) in enumerate([(1672515780000, "0.1"), (1672515780000, "0.2"), (1672515840000, "0.3")]):
        frames.append({"e": "kline", "E": t + 1, "s": "ETHBTC", "k": {
            "t": t, "T": t + 59999, "s": "ETHBTC", "i": "1m", "f": 100, "L": 200, "o": "0.1", "c": close,
            "h": "0.3", "l": "0.05", "v": "1000", "n": 100, "x": i == 2, "q": "1.0", "V": "500", "Q": "0.5",
            "B": "0"}})
    feed(pair, "handle_ohlcv", frames)


def test_handle_tickers_and_bids_asks(pair):
    feed(pair, "handle_tickers", [WS_TICKER, dict(WS_TICKER, c="0.0030", E=1672515782999)])
    feed(pair, "handle_bids_asks", [{"u": 1, "s": "ETHBTC", "b": "25.3", "B": "31", "a": "25.4", "A": "40"}])


def test_handle_mark_prices(pair):
    frames = [{"e": "markPriceUpdate", "E": 1562305380000, "s": "BTCUSDT", "p": "11794.15000000",
               "i": "11784.62659091", "P": "11784.25641265", "r": "0.00038167", "T": 1562306400000}]
    feed(pair, "handle_mark_prices", frames, url=FUTURES_URL)


def test_handle_order_update_spot(pair):
    new = dict(EXECUTION_REPORT, x="NEW", X="NEW", l="0.00000000", z="0.00000000", t=-1, n="0", N=None)
    feed(pair, "handle_order_update", [new, EXECUTION_REPORT])


def test_handle_liquidation(pair):
    feed(pair, "handle_liquidation", [{"e": "forceOrder", "E": 1568014460893, "o": FORCE_ORDER}], url=FUTURES_URL)


def test_handle_order_book_applies_deltas_like_ccxt(pair):
    """Snapshot, then a contiguous spot diff: both books resolve with the same levels."""
    from ccxtpro import OrderBook
    ours, theirs = pair
    snapshot = {"bids": [[0.0024, 10.0], [0.0023, 5.0]], "asks": [[0.0026, 100.0]], "nonce": 100,
                "timestamp": None, "datetime": None, "symbol": "ETH/BTC"}
    ours.orderbooks["ETH/BTC"] = OrderBook(copy.deepcopy(snapshot))
    theirs.orderbooks["ETH/BTC"] = theirs.order_book(copy.deepcopy(snapshot))
    frame = {"e": "depthUpdate", "E": 1672515782136, "s": "ETHBTC", "U": 101, "u": 102,
             "b": [["0.0024", "0"], ["0.0022", "1.5"]], "a": [["0.0026", "50"], ["0.0027", "1"]]}
    results = []
    for ex in pair:
        client = RecordingClient(SPOT_URL)
        ex.handle_order_book(client, copy.deepcopy(frame))
        book = ex.orderbooks["ETH/BTC"]
        results.append(([list(x) for x in book["bids"]], [list(x) for x in book["asks"]], book["nonce"],
                        [h for h, _ in client.resolved], client.rejected))
    assert results[0] == results[1]
    assert results[0][0] == [[0.0023, 5.0], [0.0022, 1.5]]


# --------------------------------------------------------------- hypothesis variations

from hypothesis import HealthCheck, assume, given, settings  # noqa: E402

from hypothesis import strategies as st  # noqa: E402

from binance_payloads import _PYTHON_CRASHES, _replacement  # noqa: E402


def _few_edits(frame: dict):
    """Up to three fields dropped or replaced: handlers need most of a frame to get anywhere."""
    keys = sorted(frame)
    edit = st.tuples(st.sampled_from(keys), st.one_of(st.just(("drop",)), _replacement.map(lambda v: ("set", v))))

    def apply(edits):
        out = dict(frame)
        for key, e in edits:
            if e[0] == "drop":
                out.pop(key, None)
            else:
                out[key] = e[1]
        return out
    return st.lists(edit, max_size=3, unique_by=lambda t: t[0]).map(apply)

_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow])


def _outcome(ex, handler, frame, url):
    client = RecordingClient(url)
    try:
        getattr(ex, handler)(client, copy.deepcopy(frame))
    except Exception as exc:
        return ("raised", type(exc).__name__)
    return ("ok", client.resolved, client.rejected)


@pytest.mark.parametrize("handler,frame,url", [
    ("handle_trade", {"e": "trade", "E": 1672515782136, "s": "ETHBTC", "t": 12345, "p": "0.001", "q": "100",
                      "T": 1672515782136, "m": True, "M": True}, SPOT_URL),
    ("handle_tickers", WS_TICKER, SPOT_URL),
    ("handle_order_update", EXECUTION_REPORT, SPOT_URL),
    ("handle_liquidation", {"e": "forceOrder", "E": 1568014460893, "o": FORCE_ORDER}, FUTURES_URL),
], ids=["trade", "ticker", "execution-report", "force-order"])
def test_handler_variations(handler, frame, url):
    @_SETTINGS
    @given(_few_edits(frame))
    def check(variant):
        ours, theirs = make_pair()  # handlers keep state (caches): a fresh pair per example
        b = _outcome(theirs, handler, variant, url)
        assume(not (b[0] == "raised" and b[1] in _PYTHON_CRASHES))
        a = _outcome(ours, handler, variant, url)
        assert a == b
    check()


# --------------------------------------------------------------- websocket-API responses

from binance_payloads import REST_ORDER, REST_TRADE, SPOT_ACCOUNT, KLINE  # noqa: E402

WS_API_URL = "wss://ws-api.binance.com:443/ws-api/v3"


@pytest.mark.parametrize("handler,result", [
    ("handle_order_ws", dict(REST_ORDER, transactTime=1499827319559)),
    ("handle_orders_ws", [REST_ORDER, dict(REST_ORDER, orderId=2, status="FILLED", executedQty="1.0")]),
    ("handle_fetch_order_book", {"lastUpdateId": 2731179239, "bids": [["0.01379900", "3.43200000"]],
                                 "asks": [["0.01380000", "5.91700000"], ["0.01380100", "1"]]}),
    ("handle_balance_ws", SPOT_ACCOUNT),
    ("handle_trades_ws", [dict(REST_TRADE, symbol="ETHBTC")]),
    ("handle_ticker_ws", {"symbol": "ETHBTC", "priceChange": "0.0015", "priceChangePercent": "250.00",
                          "weightedAvgPrice": "0.0018", "prevClosePrice": "0.0009", "lastPrice": "0.0025",
                          "lastQty": "10", "bidPrice": "0.0024", "bidQty": "10", "askPrice": "0.0026",
                          "askQty": "100", "openPrice": "0.0010", "highPrice": "0.0025", "lowPrice": "0.0010",
                          "volume": "10000", "quoteVolume": "18", "openTime": 0, "closeTime": 86400000,
                          "firstId": 0, "lastId": 18150, "count": 18151}),
    ("handle_fetch_ohlcv", [KLINE]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_ws_api_response_handlers(pair, handler, result):
    frame = {"id": "7", "status": 200, "result": result,
             "rateLimits": [{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1,
                             "limit": 6000, "count": 2}]}
    out = []
    for ex in pair:
        client = RecordingClient(WS_API_URL)
        client.subscriptions["7"] = {"symbol": "ETH/BTC", "timeframe": "1m", "type": "spot", "limit": None,
                                     "params": {}, "method": getattr(ex, handler)}
        try:
            getattr(ex, handler)(client, copy.deepcopy(frame))
        except Exception as exc:
            out.append(("raised", type(exc).__name__))
            continue
        out.append(("ok", client.resolved, client.rejected))
    assert out[0] == out[1]
    assert out[0][0] == "ok" and out[0][1], out[0]


@pytest.mark.parametrize("frame", [
    {"id": "7", "status": 400, "error": {"code": -1121, "msg": "Invalid symbol."}},
    {"id": "7", "status": 401, "error": {"code": -2015, "msg": "Invalid API-key, IP, or permissions for action."}},
    {"id": "7", "status": 429, "error": {"code": -1003, "msg": "Too much request weight used."}},
    {"error": {"code": 2, "msg": "Invalid request: unknown variant"}, "id": 3},
], ids=["bad-symbol", "auth", "rate-limit", "subscribe-error"])
def test_handle_ws_error(pair, frame):
    out = []
    for ex in pair:
        client = RecordingClient(WS_API_URL)
        try:
            ex.handle_ws_error(client, copy.deepcopy(frame))
            out.append(("ok", client.resolved, client.rejected))
        except Exception as exc:
            out.append(("raised", type(exc).__name__, client.rejected))
    assert out[0] == out[1]
