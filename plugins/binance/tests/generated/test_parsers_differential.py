"""Differential tests: generated parsers and helpers vs CCXT Python 4.5.84's own methods.

Inputs are Binance's documented payloads plus hypothesis variations (fields
dropped, nulled, numbers as strings and strings as numbers). The two sides must
return equal results, or raise the same exception class. Differences are
generator bugs: nothing is allow-listed.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from binance_payloads import (
    AGG_TRADE, BOOK_TICKER, EXECUTION_REPORT, FORCE_ORDER, KLINE, MARK_PRICE, MY_TRADE, ORDER_TRADE_UPDATE,
    POSITION_RISK, REST_ORDER, REST_TRADE, SPOT_ACCOUNT, SPOT_MARKET, USDM_MARKET, WS_AGG_TRADE, WS_POSITION,
    WS_TICKER, WS_TRADE, _BASE_FIELDS, _PYTHON_CRASHES, _numeric_text, _replacement,
)

from differential_support import make_pair


@pytest.fixture(scope="module")
def pair():
    """(generated, oracle) exchanges holding the same two markets, shared by this module."""
    return make_pair()


def outcome(ex, method: str, payload, *args):
    try:
        return ("ok", getattr(ex, method)(copy.deepcopy(payload), *args))
    except Exception as exc:  # the exception class is part of the behaviour
        return ("raised", type(exc).__name__)


def assert_same(pair, method: str, payload, *args, market: str | None = None, varied: bool = False):
    ours, theirs = pair
    a_args = args + ((ours.market(market),) if market else ())
    b_args = args + ((theirs.market(market),) if market else ())
    b = outcome(theirs, method, payload, *b_args)
    if varied:
        assume(not (b[0] == "raised" and b[1] in _PYTHON_CRASHES))
    a = outcome(ours, method, payload, *a_args)
    assert a == b, f"{method} differs:\n ours={a}\n ccxt={b}"
    return a


# --------------------------------------------------------------- documented payloads

def test_parse_market(pair):
    ours, theirs = pair
    for raw in (SPOT_MARKET, USDM_MARKET):
        assert ours.parse_market(copy.deepcopy(raw)) == theirs.parse_market(copy.deepcopy(raw))
    # (``markets`` after ``set_markets`` is the runtime's work, not the generator's.)
    assert sorted(ours.markets) == sorted(theirs.markets)


def test_parse_trade(pair):
    assert assert_same(pair, "parse_trade", REST_TRADE, market="ETH/BTC")[0] == "ok"
    assert assert_same(pair, "parse_trade", AGG_TRADE, market="ETH/BTC")[0] == "ok"
    assert assert_same(pair, "parse_trade", MY_TRADE)[0] == "ok"


def test_parse_ws_trade(pair):
    for payload in (WS_TRADE, WS_AGG_TRADE, EXECUTION_REPORT):
        assert assert_same(pair, "parse_ws_trade", payload)[0] == "ok"


def test_parse_ws_order(pair):
    new = dict(EXECUTION_REPORT, x="NEW", X="NEW", l="0.00000000", z="0.00000000", t=-1, n="0", N=None)
    for payload in (EXECUTION_REPORT, new, ORDER_TRADE_UPDATE):
        assert assert_same(pair, "parse_ws_order", payload)[0] == "ok"


def test_parse_order(pair):
    assert assert_same(pair, "parse_order", REST_ORDER)[0] == "ok"


def test_parse_ohlcv(pair):
    assert assert_same(pair, "parse_ohlcv", KLINE, market="ETH/BTC")[0] == "ok"


def test_parse_ws_ticker(pair):
    assert assert_same(pair, "parse_ws_ticker", WS_TICKER, "spot")[0] == "ok"
    assert assert_same(pair, "parse_ws_ticker", BOOK_TICKER, "spot")[0] == "ok"
    assert assert_same(pair, "parse_ws_ticker", MARK_PRICE, "swap")[0] == "ok"


def test_parse_ws_position(pair):
    assert assert_same(pair, "parse_ws_position", WS_POSITION)[0] == "ok"


def test_parse_position_risk(pair):
    assert assert_same(pair, "parse_position_risk", POSITION_RISK)[0] == "ok"


def test_parse_ws_liquidation(pair):
    assert assert_same(pair, "parse_ws_liquidation", FORCE_ORDER)[0] == "ok"


def test_parse_balance(pair):
    assert assert_same(pair, "parse_balance_custom", SPOT_ACCOUNT, "spot")[0] == "ok"


def test_parse_order_status(pair):
    for status in ("NEW", "PARTIALLY_FILLED", "FILLED", "CANCELED", "PENDING_CANCEL", "REJECTED", "EXPIRED",
                   "EXPIRED_IN_MATCH", "accepted", "unknown", None):
        ours, theirs = pair
        assert ours.parse_order_status(status) == theirs.parse_order_status(status)


def test_pure_helpers(pair):
    ours, theirs = pair
    for sym in ("ETH/BTC", "BTC/USDT:USDT"):
        assert ours.get_stock_ticker_from_symbol(sym) == theirs.get_stock_ticker_from_symbol(sym)
    for args in (("AAPL",), ("AAPL", "USDT"), (None,), ("ETHBTC",)):
        assert ours.get_stock_unified_symbol(*args) == theirs.get_stock_unified_symbol(*args)
    for channel in ("depth", "trade", "kline_1m", "markPrice", "forceOrder", "bookTicker", "aggTrade", None):
        assert ours.get_future_ws_category(channel) == theirs.get_future_ws_category(channel)
    for tf in ("1m", "60", "3600", "1d", "xx"):
        assert ours.find_timeframe(tf) == theirs.find_timeframe(tf)
    for market_id in ("ETHBTC", "BTCUSDT", "NOPE", None):
        for mtype in (None, "spot", "swap"):
            assert ours.safe_symbol(market_id, None, None, mtype) == theirs.safe_symbol(market_id, None, None, mtype)
    assert ours.market_symbols(["ETH/BTC"]) == theirs.market_symbols(["ETH/BTC"])
    for p in ("8", "2", "0", None):
        assert ours.parse_precision(p) == theirs.parse_precision(p)
    assert ours.amount_to_precision("ETH/BTC", 1.234567) == theirs.amount_to_precision("ETH/BTC", 1.234567)
    assert ours.price_to_precision("BTC/USDT:USDT", 123.456789) == \
        theirs.price_to_precision("BTC/USDT:USDT", 123.456789)


# --------------------------------------------------------------- hypothesis variations

def _variant(payload: dict):
    """Drop some fields, replace others (null, numeric strings, numbers, other enum values)."""
    keys = sorted(payload)
    return st.fixed_dictionaries({
        k: st.one_of(st.just(("keep",)), st.just(("drop",)), _replacement.map(lambda v: ("set", v)))
        for k in keys
    }).map(lambda edits: {k: (payload[k] if e[0] == "keep" else e[1]) for k, e in edits.items() if e[0] != "drop"})


_SETTINGS = settings(max_examples=80, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("method,payload,args", [
    ("parse_ws_trade", WS_TRADE, ()),
    ("parse_ws_trade", EXECUTION_REPORT, ()),
    ("parse_ws_order", EXECUTION_REPORT, ()),
    ("parse_ws_order", ORDER_TRADE_UPDATE, ()),
    ("parse_ws_ticker", WS_TICKER, ("spot",)),
    ("parse_ws_ticker", MARK_PRICE, ("swap",)),
    ("parse_trade", MY_TRADE, ()),
    ("parse_order", REST_ORDER, ()),
    ("parse_ws_position", WS_POSITION, ()),
    ("parse_position_risk", POSITION_RISK, ()),
    ("parse_ws_liquidation", FORCE_ORDER, ()),
], ids=lambda v: v if isinstance(v, str) else "")
def test_variations(pair, method, payload, args):
    @_SETTINGS
    @given(_variant(payload))
    def check(variant):
        assert_same(pair, method, variant, *args, varied=True)
    check()


@_SETTINGS
@given(st.lists(st.one_of(st.none(), _numeric_text, st.integers(0, 10**13)), min_size=0, max_size=12))
def test_parse_ohlcv_variations(pair, row):
    assert_same(pair, "parse_ohlcv", row, market="ETH/BTC", varied=True)


def test_payloads_are_json():
    """The fixtures are JSON frames as Binance sends them (no Python-only values)."""
    for payload in (WS_TRADE, EXECUTION_REPORT, ORDER_TRADE_UPDATE, WS_TICKER, SPOT_ACCOUNT, KLINE):
        assert json.loads(json.dumps(payload)) == payload
