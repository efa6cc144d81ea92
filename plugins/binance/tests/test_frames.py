"""The compiled frame handlers against CCXT Pro 4.5.84, frame for frame.

Every frame goes to three places: CCXT Pro's own handler, and ccxtpro's frame
handler in both builds (``frames_c`` compiled, ``frames_py`` its twin). What
each resolves (per message hash, as plain data), rejects or raises, and the
caches they hold afterwards must be equal. Frames are the shapes Binance sends
plus hypothesis variations (numbers of every length and scale, exponents,
zeros, nulls, missing and extra keys, unknown and inverse markets), so both
the fast path and its hand-over to the generated handler are exercised.
"""

from __future__ import annotations

import copy
import hashlib
import inspect

import pytest
from frames_support import RecordingClient, plain, reset
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccxtpro_binance import frames

SPOT_URL = "wss://stream.binance.com:9443/ws"
FUTURES_URL = "wss://fstream.binance.com/ws"
DELIVERY_URL = "wss://dstream.binance.com/ws"
T0 = 1_764_000_000_000

SETTINGS = settings(max_examples=int(__import__("os").environ.get("FRAMES_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def run_both(market_pair, impl, handler: str, frame_list, url: str):
    """Feed the frames to CCXT's handler and to ``impl``'s; return what each did."""
    ours, theirs = market_pair
    out = []
    for side, ex in (("ours", ours), ("ccxt", theirs)):
        reset(ex)
        client = RecordingClient(url)
        raised = None
        for frame in frame_list:
            try:
                if side == "ours":
                    impl.HANDLERS[handler](ex, client, copy.deepcopy(frame))
                else:
                    getattr(ex, handler)(client, copy.deepcopy(frame))
            except Exception as e:  # noqa: BLE001 - the exception class is part of the comparison
                raised = type(e).__name__
                break
        state = plain({"trades": {s: list(c) for s, c in ex.trades.items()}, "tickers": ex.tickers,
                       "bidsasks": ex.bidsasks,
                       "ohlcvs": {s: {t: list(c) for t, c in v.items()} for s, v in ex.ohlcvs.items()}})
        out.append((client.resolved, client.rejected, raised, state))
    return out


class fast_only:
    """Fails the test if the fast path hands a frame to the generated handler ``name``."""

    def __init__(self, market_pair, *names):
        self.ex = market_pair[0]
        self.names = names

    def __enter__(self):
        def refuse(*args):
            raise AssertionError("the fast path handed a stream-shaped frame to the generated handler")
        for name in self.names:
            setattr(self.ex, name, refuse)
        return self

    def __exit__(self, *exc):
        for name in self.names:
            delattr(self.ex, name)


def same(market_pair, impl, handler, frame_list, url, expect_resolved=False):
    ours, theirs = run_both(market_pair, impl, handler, frame_list, url)
    assert ours == theirs
    if expect_resolved:
        assert ours[0], "the frames resolved nothing: they did not exercise the handler"


# -- strategies -----------------------------------------------------------------------


def _decimal(draw, max_int=12, max_frac=12):
    sign = draw(st.sampled_from(["", "", "", "-"]))
    whole = draw(st.integers(0, 10 ** draw(st.integers(0, max_int)) - 1)) if max_int else 0
    frac_len = draw(st.integers(0, max_frac))
    if frac_len == 0:
        return f"{sign}{whole}"
    frac = draw(st.integers(0, 10 ** frac_len - 1))
    return f"{sign}{whole}.{frac:0{frac_len}d}"


@st.composite
def number_strings(draw):
    kind = draw(st.sampled_from(["plain"] * 6 + ["zero", "long", "exp", "int", "float", "none"]))
    if kind == "plain":
        return _decimal(draw)
    if kind == "zero":
        return draw(st.sampled_from(["0", "0.00000000", "0.0", "-0.000"]))
    if kind == "long":
        return _decimal(draw, 25, 20)
    if kind == "exp":
        return f"{draw(st.integers(1, 999))}e{draw(st.integers(-12, 12))}"
    if kind == "int":
        return draw(st.integers(-10 ** 6, 10 ** 6))
    if kind == "float":
        return draw(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False))
    return None


positive_prices = st.builds(lambda i, f: f"{i}.{f:02d}", st.integers(1, 99999), st.integers(0, 99))
market_ids = st.sampled_from(["BTCUSDT", "BTCUSDT", "ETHBTC", "BTCUSD_PERP", "NOPEUSDT"])
urls = st.sampled_from([SPOT_URL, FUTURES_URL, DELIVERY_URL])


@st.composite
def maybe(draw, frame, key, strategy):
    """Keep, drop, null or replace ``frame[key]``."""
    what = draw(st.sampled_from(["keep"] * 5 + ["drop", "null", "other"]))
    if what == "drop":
        frame.pop(key, None)
    elif what == "null":
        frame[key] = None
    elif what == "other":
        frame[key] = draw(strategy)
    return frame


# -- trades ---------------------------------------------------------------------------


@st.composite
def trade_frames(draw):
    agg = draw(st.booleans())
    frame = {"e": "aggTrade" if agg else "trade", "E": T0, "s": draw(market_ids),
             ("a" if agg else "t"): draw(st.integers(0, 10 ** 12)), "p": draw(positive_prices),
             "q": _decimal(draw, 6, 8), "T": T0 + draw(st.integers(0, 10 ** 6)), "m": draw(st.booleans())}
    if agg:
        frame.update(f=1, l=2)
    if draw(st.booleans()):
        frame["M"] = True
    for key in ("p", "q"):
        frame = draw(maybe(frame, key, number_strings()))
    for key, strat in (("T", st.one_of(st.integers(0, 10 ** 13), st.text(max_size=3))),
                       ("t" if not agg else "a", st.one_of(st.text(max_size=4), st.integers()))):
        frame = draw(maybe(frame, key, strat))
    frame = draw(maybe(frame, "m", st.sampled_from([None, "true", 1])))
    if draw(st.integers(0, 9)) == 0:
        frame[draw(st.sampled_from(["x", "symbol", "commission", "isMaker", "X", "price"]))] = \
            draw(st.sampled_from(["TRADE", "BTCUSDT", "0.1", True, "MARKET"]))
    return frame


@SETTINGS
@given(frame_list=st.lists(trade_frames(), min_size=1, max_size=4), url=urls)
def test_trades_match_ccxt(market_pair, frames_impl, frame_list, url):
    same(market_pair, frames_impl, "handle_trade", frame_list, url)


def test_trade_stream_shapes(market_pair, frames_impl):
    spot = [{"e": "trade", "E": T0 + i, "s": "BTCUSDT", "t": 100 + i, "p": f"3000{i}.10", "q": "0.00100000",
             "T": T0 + i, "m": i % 2 == 0, "M": True} for i in range(5)]
    futures = [{"e": "aggTrade", "E": T0 + i, "s": "BTCUSDT", "a": 7 + i, "p": "30000.1", "q": "0.013",
                "f": 1, "l": 2, "T": T0 + i, "m": False} for i in range(3)]
    with fast_only(market_pair, "handle_trade"):
        assert run_both(market_pair, frames_impl, "handle_trade", spot, SPOT_URL)[0][0]
        assert run_both(market_pair, frames_impl, "handle_trade", futures, FUTURES_URL)[0][0]
    same(market_pair, frames_impl, "handle_trade", spot, SPOT_URL, expect_resolved=True)
    same(market_pair, frames_impl, "handle_trade", futures, FUTURES_URL, expect_resolved=True)
    same(market_pair, frames_impl, "handle_trade", futures, DELIVERY_URL)  # an inverse market: handed over


# -- tickers, bookTicker, mark prices ---------------------------------------------------------

TICKER_KEYS = ("p", "P", "w", "x", "c", "Q", "b", "B", "a", "A", "o", "h", "l", "v", "q")


@st.composite
def ticker_frames(draw):
    event = draw(st.sampled_from(["24hrTicker", "24hrMiniTicker", "1hTicker", "4hTicker", "1dTicker"]))
    close = draw(positive_prices)
    frame = {"e": event, "E": T0, "s": draw(market_ids)}
    keys = TICKER_KEYS if event != "24hrMiniTicker" else ("c", "o", "h", "l", "v", "q")
    for key in keys:
        frame[key] = close if key == "c" else draw(st.one_of(positive_prices, number_strings()))
    frame.update(O=T0 - 86_400_000, C=T0, F=0, L=10, n=11)
    for key in draw(st.lists(st.sampled_from(keys + ("C", "E")), max_size=4)):
        frame = draw(maybe(frame, key, number_strings()))
    if draw(st.integers(0, 9)) == 0:
        frame[draw(st.sampled_from(["symbol", "time", "mp", "price", "bidPrice"]))] = "1"
    return frame


@SETTINGS
@given(frame_list=st.lists(ticker_frames(), min_size=1, max_size=3), url=urls, as_array=st.booleans())
def test_tickers_match_ccxt(market_pair, frames_impl, frame_list, url, as_array):
    feed = [frame_list] if as_array else frame_list
    same(market_pair, frames_impl, "handle_tickers", feed, url)


@st.composite
def book_ticker_frames(draw):
    frame = {"u": draw(st.integers(0, 10 ** 9)), "s": draw(market_ids), "b": draw(positive_prices),
             "B": _decimal(draw, 4, 8), "a": draw(positive_prices), "A": _decimal(draw, 4, 8)}
    if draw(st.booleans()):
        frame.update(e="bookTicker", E=T0, T=T0)
    for key in draw(st.lists(st.sampled_from(["b", "B", "a", "A", "E"]), max_size=3)):
        frame = draw(maybe(frame, key, number_strings()))
    return frame


@SETTINGS
@given(frame_list=st.lists(book_ticker_frames(), min_size=1, max_size=3), url=urls)
def test_book_tickers_match_ccxt(market_pair, frames_impl, frame_list, url):
    same(market_pair, frames_impl, "handle_bids_asks", frame_list, url)


@st.composite
def mark_price_frames(draw):
    frame = {"e": draw(st.sampled_from(["markPriceUpdate", "markPrice"])), "E": T0, "s": draw(market_ids),
             "p": draw(positive_prices), "i": draw(positive_prices), "P": draw(positive_prices),
             "r": "0.00010000", "T": T0}
    for key in draw(st.lists(st.sampled_from(["p", "i", "E"]), max_size=2)):
        frame = draw(maybe(frame, key, number_strings()))
    return frame


@SETTINGS
@given(frame_list=st.lists(mark_price_frames(), min_size=1, max_size=3), url=urls, as_array=st.booleans())
def test_mark_prices_match_ccxt(market_pair, frames_impl, frame_list, url, as_array):
    feed = [frame_list] if as_array else frame_list
    same(market_pair, frames_impl, "handle_mark_prices", feed, url)


def test_ticker_stream_shapes(market_pair, frames_impl):
    full = {"e": "24hrTicker", "E": T0, "s": "BTCUSDT", "p": "100.00", "P": "0.334", "w": "30005.01",
            "x": "29990.00", "c": "30090.00", "Q": "0.01", "b": "30089.99", "B": "1.5", "a": "30090.01",
            "A": "2.5", "o": "29990.00", "h": "30200.00", "l": "29800.00", "v": "10000.5", "q": "300050000.1",
            "O": T0 - 86_400_000, "C": T0, "F": 1, "L": 100, "n": 100}
    mini = {"e": "24hrMiniTicker", "E": T0, "s": "ETHBTC", "c": "0.0525", "o": "0.0500", "h": "0.0530",
            "l": "0.0490", "v": "1000.5", "q": "52.1"}
    with fast_only(market_pair, "handle_tickers", "handle_bids_asks", "handle_mark_prices"):
        run_both(market_pair, frames_impl, "handle_tickers", [full, mini, [full, mini]], SPOT_URL)
        run_both(market_pair, frames_impl, "handle_bids_asks",
                 [{"u": 1, "s": "BTCUSDT", "b": "30000.00", "B": "1", "a": "30000.01", "A": "0.5"}], SPOT_URL)
    same(market_pair, frames_impl, "handle_tickers", [full, mini, [full, mini]], SPOT_URL, expect_resolved=True)
    same(market_pair, frames_impl, "handle_tickers", [full], FUTURES_URL, expect_resolved=True)
    same(market_pair, frames_impl, "handle_bids_asks",
         [{"u": 1, "s": "BTCUSDT", "b": "30000.00", "B": "1", "a": "30000.01", "A": "0.5"}], SPOT_URL,
         expect_resolved=True)
    same(market_pair, frames_impl, "handle_mark_prices",
         [[{"e": "markPriceUpdate", "E": T0, "s": "BTCUSDT", "p": "30000.1", "i": "30001", "P": "1",
            "r": "0", "T": T0}]], FUTURES_URL, expect_resolved=True)


# -- candles --------------------------------------------------------------------------


@st.composite
def kline_frames(draw):
    event = draw(st.sampled_from(["kline", "kline", "markPrice_kline", "indexPrice_kline"]))
    start = T0 - T0 % 60_000 + 60_000 * draw(st.integers(0, 3))
    k = {"t": start, "T": start + 59_999, "s": draw(market_ids), "i": draw(st.sampled_from(["1m", "1m", "3m", "1h"])),
         "o": draw(positive_prices), "c": draw(positive_prices), "h": draw(positive_prices),
         "l": draw(positive_prices), "v": _decimal(draw, 6, 6), "n": 1, "x": draw(st.booleans())}
    # (no market id at all is the unknown-interval case again: CCXT Python raises TypeError on
    # None + str, the generated handler resolves "ohlcv::undefined::…" as CCXT's JS does)
    for key in draw(st.lists(st.sampled_from(["t", "o", "h", "l", "c", "v"]), max_size=3)):
        k = draw(maybe(k, key, st.one_of(number_strings(), st.just(""))))
    frame = {"e": event, "E": T0, "s": k.get("s"), "k": k}
    if event != "kline":
        frame["ps"] = draw(market_ids)
    return frame


@SETTINGS
@given(frame_list=st.lists(kline_frames(), min_size=1, max_size=4), url=urls)
def test_klines_match_ccxt(market_pair, frames_impl, frame_list, url):
    same(market_pair, frames_impl, "handle_ohlcv", frame_list, url)


def test_kline_stream_shapes(market_pair, frames_impl):
    frame_list = []
    for i, (t, close) in enumerate([(T0 - T0 % 60_000, "30000.1"), (T0 - T0 % 60_000, "30001.2"),
                                    (T0 - T0 % 60_000 + 60_000, "30002.3")]):
        frame_list.append({"e": "kline", "E": t + 1, "s": "BTCUSDT", "k": {
            "t": t, "T": t + 59_999, "s": "BTCUSDT", "i": "1m", "f": 1, "L": 2, "o": "30000.0", "c": close,
            "h": "30010.0", "l": "29990.0", "v": "12.5", "n": 3, "x": i == 2, "q": "1", "V": "1", "Q": "1",
            "B": "0"}})
    with fast_only(market_pair, "handle_ohlcv"):
        run_both(market_pair, frames_impl, "handle_ohlcv", frame_list, SPOT_URL)
    same(market_pair, frames_impl, "handle_ohlcv", frame_list, SPOT_URL, expect_resolved=True)
    same(market_pair, frames_impl, "handle_ohlcv", frame_list, FUTURES_URL, expect_resolved=True)


def test_unknown_interval_goes_to_the_generated_handler(market_pair, frames_impl):
    """An interval CCXT has no timeframe for: CCXT Python raises TypeError building the message
    hash (None + str) where its JS resolves "…::undefined"; the generated handler follows JS. The
    fast path does not decide: it hands the frame over, so the result is the generated one."""
    ours, _ = market_pair
    frame = {"e": "kline", "E": T0, "s": "BTCUSDT", "k": {"t": T0, "T": T0 + 1, "s": "BTCUSDT", "i": "2m",
                                                          "o": "1", "h": "1", "l": "1", "c": "1", "v": "1"}}
    seen = []
    for handle in (lambda c: frames_impl.HANDLERS["handle_ohlcv"](ours, c, dict(frame)),
                   lambda c: ours.handle_ohlcv(c, dict(frame))):
        reset(ours)
        client = RecordingClient(SPOT_URL)
        handle(client)
        seen.append(client.resolved)
    assert seen[0] == seen[1] and seen[0][0][0] == "ohlcv::BTC/USDT::undefined"


# -- wiring -----------------------------------------------------------------------------


def test_the_runtime_calls_the_registered_handlers(market_pair):
    """ccxtpro_parsers is how the frame path reaches the plugin: the route table binds them."""
    ours, _ = market_pair
    dispatcher = type(ours)().ws_dispatcher
    for event, name in (("trade", "handle_trade"), ("24hrTicker", "handle_tickers"), ("kline", "handle_ohlcv")):
        hit = next(h for v, (h, _) in _value_routes(dispatcher).items() if v == event)
        assert getattr(hit, "__func__", None) is frames.HANDLERS[name], name


def _value_routes(dispatcher):
    probes = getattr(dispatcher, "probes", None)
    if probes is None:  # the compiled dispatcher keeps its probes private; the Python twin's are the same
        from ccxtpro._core.dispatch_py import Dispatcher

        probes = Dispatcher(dispatcher.table, dispatcher.target, dispatcher.target.wiring.handlers).probes
    table = next(p.table for p in probes if p.path == ("e",) and isinstance(p.table, dict))
    return table


def test_the_compiled_build_is_the_one_in_use():
    import ccxtpro

    if ccxtpro.USING_EXTENSIONS:
        assert frames.USING_EXTENSIONS and frames.impl.COMPILED
        assert frames.HANDLERS["handle_trade"] is frames.impl.handle_trade


def _source_digest(method) -> str:
    return hashlib.sha256(inspect.getsource(method).encode()).hexdigest()[:16]


def test_mirrored_generated_methods_are_unchanged():
    """Each handler reproduces generated methods; a regeneration that changes one fails here
    until the handler is checked against the new source and ``SOURCE_DIGESTS`` updated."""
    from ccxtpro_binance.generated.binance import Binance

    current = {name: _source_digest(getattr(Binance, name)) for names in frames.MIRRORS.values() for name in names}
    assert current == frames.SOURCE_DIGESTS


# -- order books ---------------------------------------------------------------------------


def _book_state(ex, symbol):
    book = ex.orderbooks.get(symbol)
    if book is None:
        return None
    return {"bids": plain(list(book["bids"])), "asks": plain(list(book["asks"])), "nonce": book["nonce"],
            "timestamp": book["timestamp"], "datetime": book["datetime"]}


def run_books(market_pair, impl, frame_list, url, symbol, nonce, stamped):
    ours, theirs = market_pair
    out = []
    for side, ex in (("ours", ours), ("ccxt", theirs)):
        reset(ex)
        snapshot = {"bids": [[100.0 - i, 1.0 + i] for i in range(5)], "asks": [[101.0 + i, 2.0] for i in range(5)],
                    "nonce": nonce, "timestamp": T0 if stamped else None, "symbol": symbol}
        book = ex.order_book(snapshot, 1000)
        book["nonce"] = nonce
        book["timestamp"] = T0 if stamped else None
        ex.orderbooks[symbol] = book
        client = RecordingClient(url)
        client.subscriptions["orderbook::" + symbol] = {"symbol": symbol}
        raised = None
        for frame in frame_list:
            try:
                if side == "ours":
                    impl.HANDLERS["handle_order_book"](ex, client, copy.deepcopy(frame))
                else:
                    ex.handle_order_book(client, copy.deepcopy(frame))
            except Exception as e:  # noqa: BLE001
                raised = type(e).__name__
                break
        out.append((client.resolved, client.rejected, raised, _book_state(ex, symbol), sorted(client.subscriptions)))
    return out


@st.composite
def depth_frames(draw, futures):
    start = draw(st.integers(95, 105))
    frames_out = []
    for _ in range(draw(st.integers(1, 4))):
        first = start + draw(st.sampled_from([0, 0, 0, 1, -3, 2]))
        last = first + draw(st.integers(0, 4))

        def level():
            price = draw(st.one_of(positive_prices, st.sampled_from(["100.00", "101.0", "99"])))
            size = draw(st.one_of(st.sampled_from(["0", "0.000", "1.5"]), positive_prices))
            return [price, size]
        frame = {"e": "depthUpdate", "E": T0 + last, "s": "BTCUSDT", "U": first, "u": last,
                 "b": [level() for _ in range(draw(st.integers(0, 3)))],
                 "a": [level() for _ in range(draw(st.integers(0, 3)))]}
        if futures:
            frame["T"] = T0
            frame["pu"] = start - 1 if draw(st.integers(0, 4)) else start + 7
        for key in draw(st.lists(st.sampled_from(["U", "u", "E", "b", "a"] + (["pu"] if futures else [])),
                                 max_size=1)):
            frame = draw(maybe(frame, key, st.one_of(st.integers(0, 200), st.just("x"))))
        frames_out.append(frame)
        start = last + 1
    return frames_out


@SETTINGS
@given(data=st.data(), futures=st.booleans(), stamped=st.booleans())
def test_depth_updates_match_ccxt(market_pair, frames_impl, data, futures, stamped):
    frame_list = data.draw(depth_frames(futures))
    url, symbol = (FUTURES_URL, "BTC/USDT:USDT") if futures else (SPOT_URL, "BTC/USDT")
    ours, theirs = run_books(market_pair, frames_impl, frame_list, url, symbol, 99, stamped)
    assert ours == theirs


def test_depth_stream_shapes(market_pair, frames_impl):
    spot = [{"e": "depthUpdate", "E": T0 + i, "s": "BTCUSDT", "U": 100 + 3 * i, "u": 102 + 3 * i,
             "b": [["100.00", "0"], ["99.50", "3.25"]], "a": [["101.00", "1.5"], [f"10{2 + i}.00", "0.00"]]}
            for i in range(4)]
    with fast_only(market_pair, "handle_order_book"):
        run_books(market_pair, frames_impl, spot, SPOT_URL, "BTC/USDT", 99, False)
    ours, theirs = run_books(market_pair, frames_impl, spot, SPOT_URL, "BTC/USDT", 99, False)
    assert ours == theirs and len(ours[0]) == 4
    gap = [spot[0], dict(spot[2], U=500, u=501)]
    ours, theirs = run_books(market_pair, frames_impl, gap, SPOT_URL, "BTC/USDT", 99, False)
    assert ours == theirs and ours[1] == [("orderbook::BTC/USDT", "ChecksumError")] and ours[3] is None


def test_a_malformed_level_is_an_error_not_a_silent_skip(market_pair, frames_impl):
    """Deliberate difference (docs/frame-path.md): CCXT's safe_float turns a non-numeric size into
    None and moves on with the book; ccxtpro's book sides refuse it, so the waiter gets a typed
    error and the book is dropped for a fresh snapshot (what handle_order_book's except does)."""
    frame = [{"e": "depthUpdate", "E": T0, "s": "BTCUSDT", "U": 97, "u": 100, "b": [["1", "a"]], "a": []}]
    ours, theirs = run_books(market_pair, frames_impl, frame, SPOT_URL, "BTC/USDT", 99, False)
    assert ours[1] == [("orderbook::BTC/USDT", "ValueError")] and ours[3] is None
    assert theirs[1] == [] and theirs[3]["nonce"] == 100


# -- the user's orders and trades -----------------------------------------------------------------

SPOT_USER_URL = "wss://stream.binance.com:9443/ws/userdata"
FUTURES_USER_URL = "wss://fstream.binance.com/ws/listenkey"


def run_orders(market_pair, impl, frame_list, url):
    ours, theirs = market_pair
    out = []
    for side, ex in (("ours", ours), ("ccxt", theirs)):
        reset(ex)
        client = RecordingClient(url)
        raised = None
        for frame in frame_list:
            try:
                if side == "ours":
                    impl.HANDLERS["handle_order_update"](ex, client, copy.deepcopy(frame))
                else:
                    ex.handle_order_update(client, copy.deepcopy(frame))
            except Exception as e:  # noqa: BLE001
                raised = type(e).__name__
                break
        out.append((client.resolved, client.rejected, raised, plain(list(ex.orders or [])),
                    plain(list(ex.myTrades or []))))
    return out


@st.composite
def execution_reports(draw):
    """An order's life on the spot user stream: NEW, fills, maybe a cancel, with field variations."""
    order_id = draw(st.integers(1, 3))
    qty = draw(st.sampled_from(["1.00000000", "0.50000000", "2"]))
    price = draw(st.one_of(positive_prices, st.just("0.00000000")))
    kind = draw(st.sampled_from(["LIMIT", "MARKET", "LIMIT_MAKER", "STOP_LOSS_LIMIT"]))
    out = []
    filled = 0
    for step in range(draw(st.integers(1, 4))):
        execution = "NEW" if step == 0 else draw(st.sampled_from(["TRADE", "TRADE", "CANCELED", "EXPIRED"]))
        last = "0.25000000" if execution == "TRADE" else "0.00000000"
        if execution == "TRADE":
            filled += 1
        status = {"NEW": "NEW", "TRADE": "PARTIALLY_FILLED", "CANCELED": "CANCELED", "EXPIRED": "EXPIRED"}[execution]
        frame = {"e": "executionReport", "E": T0 + step, "s": draw(st.sampled_from(["BTCUSDT", "ETHBTC"])),
                 "c": f"cl{order_id}", "S": draw(st.sampled_from(["BUY", "SELL"])), "o": kind,
                 "f": draw(st.sampled_from(["GTC", "IOC", "FOK", "GTX"])), "q": qty, "p": price,
                 "P": draw(st.sampled_from(["0.00000000", "29000.00"])), "F": "0.00000000", "g": -1,
                 "C": draw(st.sampled_from(["", "orig1"])), "x": execution, "X": status, "r": "NONE",
                 "i": order_id, "l": last, "z": f"{0.25 * filled:.8f}", "L": price if execution == "TRADE" else "0",
                 "n": draw(st.sampled_from(["0", "0.00100000", "0.5"])) if execution == "TRADE" else "0",
                 "N": draw(st.sampled_from(["BNB", "USDT", None])) if execution == "TRADE" else None,
                 "T": T0 + step, "t": 100 + step if execution == "TRADE" else -1, "I": 1000 + step,
                 "w": execution == "NEW", "m": draw(st.booleans()), "M": execution == "TRADE",
                 "O": T0, "Z": draw(st.sampled_from(["0.00000000", "7500.00", "0"])),
                 "Y": draw(st.sampled_from(["0.00000000", "7500.00"])), "Q": "0.00000000", "W": T0, "V": "NONE"}
        for key in draw(st.lists(st.sampled_from(["p", "q", "z", "Z", "Y", "n", "L", "l", "O", "T"]), max_size=2)):
            frame = draw(maybe(frame, key, number_strings()))
        out.append(frame)
    return out


@SETTINGS
@given(lives=st.lists(execution_reports(), min_size=1, max_size=3))
def test_execution_reports_match_ccxt(market_pair, frames_impl, lives):
    frame_list = [frame for life in lives for frame in life]
    ours, theirs = run_orders(market_pair, frames_impl, frame_list, SPOT_USER_URL)
    assert ours == theirs


@st.composite
def order_trade_updates(draw):
    out = []
    for step in range(draw(st.integers(1, 4))):
        execution = "NEW" if step == 0 else draw(st.sampled_from(["TRADE", "CANCELED", "AMENDMENT"]))
        o = {"s": "BTCUSDT", "c": "fc1", "S": "BUY", "o": draw(st.sampled_from(["LIMIT", "MARKET", "STOP"])),
             "f": "GTC", "q": "0.010", "p": draw(positive_prices), "ap": draw(st.sampled_from(["0", "30000.5"])),
             "sp": draw(st.sampled_from(["0", "29000"])), "x": execution,
             "X": "PARTIALLY_FILLED" if execution == "TRADE" else execution.replace("AMENDMENT", "NEW"),
             "i": 7, "l": "0.005" if execution == "TRADE" else "0", "z": "0.005" if execution == "TRADE" else "0",
             "L": "30000.5" if execution == "TRADE" else "0", "N": "USDT",
             "n": draw(st.sampled_from(["0", "0.06"])), "T": T0 + step, "t": 500 + step, "b": "0", "a": "0",
             "m": draw(st.booleans()), "R": draw(st.booleans()), "wt": "CONTRACT_PRICE", "ot": "LIMIT",
             "ps": "BOTH", "cp": False, "rp": "0", "pP": False, "si": 0, "ss": 0, "V": "NONE", "pm": "NONE",
             "gtd": 0}
        for key in draw(st.lists(st.sampled_from(["p", "ap", "sp", "z", "n", "q"]), max_size=2)):
            o = draw(maybe(o, key, number_strings()))
        out.append({"e": "ORDER_TRADE_UPDATE", "E": T0 + step, "T": T0 + step, "o": o})
    return out


@SETTINGS
@given(frame_list=order_trade_updates())
def test_order_trade_updates_match_ccxt(market_pair, frames_impl, frame_list):
    ours, theirs = run_orders(market_pair, frames_impl, frame_list, FUTURES_USER_URL)
    assert ours == theirs


def test_order_stream_shapes(market_pair, frames_impl):
    new = {"e": "executionReport", "E": T0, "s": "BTCUSDT", "c": "c1", "S": "BUY", "o": "LIMIT", "f": "GTC",
           "q": "1.00000000", "p": "30000.00", "P": "0.00000000", "x": "NEW", "X": "NEW", "i": 9,
           "l": "0.00000000", "z": "0.00000000", "L": "0.00000000", "n": "0", "N": None, "T": T0, "t": -1,
           "w": True, "m": False, "O": T0, "Z": "0.00000000", "Y": "0.00000000"}
    fill = dict(new, x="TRADE", X="FILLED", l="1.00000000", z="1.00000000", L="30000.00", n="0.001", N="BNB",
                t=77, w=False, m=True, Z="30000.00", Y="30000.00", T=T0 + 5)
    with fast_only(market_pair, "handle_order_update"):
        run_orders(market_pair, frames_impl, [new, fill], SPOT_USER_URL)
    ours, theirs = run_orders(market_pair, frames_impl, [new, fill], SPOT_USER_URL)
    assert ours == theirs and len(ours[3]) == 1 and len(ours[4]) == 1
    assert ours[3][0]["status"] == "closed" and ours[3][0]["trades"] and ours[4][0]["fee"]["currency"] == "BNB"
