"""clean_cache: what an acknowledged unsubscribe forgets, per CCXT's cleanCache."""

from __future__ import annotations

import pytest

from ccxtpro import ArgumentsRequired, Exchange


class Bare(Exchange):
    id = "bare"


def test_symbols_of_a_topic_are_forgotten():
    ex = Bare()
    ex.trades.update({"BTC/USDT": [1], "ETH/USDT": [2]})
    ex.orderbooks["BTC/USDT"] = {}
    ex.clean_cache({"topic": "trades", "symbols": ["BTC/USDT", "SOL/USDT"]})
    assert list(ex.trades) == ["ETH/USDT"]
    ex.clean_cache({"topic": "orderbook", "symbols": ["BTC/USDT"]})
    assert ex.orderbooks == {}


def test_ohlcv_needs_symbol_and_timeframe():
    ex = Bare()
    ex.ohlcvs["BTC/USDT"] = {"1m": [], "5m": []}
    ex.clean_cache({"topic": "ohlcv", "symbolsAndTimeframes": [["BTC/USDT", "1m"]]})
    assert ex.ohlcvs == {"BTC/USDT": {"5m": []}}
    with pytest.raises(ArgumentsRequired):
        ex.clean_cache({"topic": "ohlcv", "symbolsAndTimeframes": [[None, "1m"]]})


def test_whole_topics():
    ex = Bare()
    ex.orders, ex.myTrades, ex.positions = [1], [2], [3]
    ex.tickers.update({"BTC/USDT": {}})
    for topic in ("orders", "myTrades", "positions", "ticker"):
        ex.clean_cache({"topic": topic})
    assert (ex.orders, ex.myTrades, ex.positions, ex.tickers) == (None, None, None, {})
