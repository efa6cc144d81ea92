"""Differential tests of what generated ``watch_*`` methods ask the runtime for.

``watch`` / ``watch_multiple`` are runtime-owned; here both exchanges get the
same recording stand-in, so the test compares exactly what the generated code
decides: URL, message hashes, the subscribe request, subscribe hashes and the
subscription record — against CCXT Pro Python 4.5.84 on the same markets.
"""

from __future__ import annotations

import asyncio

import pytest


def _plain(value):
    if callable(value):
        return f"<method {getattr(value, '__name__', repr(value))}>"
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _record(ex, calls, result_factory):
    async def load_markets(*args, **kwargs):
        return ex.markets

    async def watch(url, message_hash, message=None, subscribe_hash=None, subscription=None):
        calls.append(("watch", url, message_hash, _plain(message), subscribe_hash, _plain(subscription)))
        return result_factory(ex)

    async def watch_multiple(url, message_hashes, message=None, subscribe_hashes=None, subscription=None):
        calls.append(("watch_multiple", url, list(message_hashes), _plain(message), _plain(subscribe_hashes),
                      _plain(subscription)))
        return result_factory(ex)

    ex.load_markets = load_markets
    ex.watch = watch
    ex.watch_multiple = watch_multiple


def _cache(ex):
    if ex.__class__.__module__.startswith("ccxt"):
        from ccxt.async_support.base.ws.cache import ArrayCache
    else:
        from ccxtpro import ArrayCache
    return ArrayCache(10)


def _book(ex):
    if ex.__class__.__module__.startswith("ccxt"):
        return ex.order_book({})
    from ccxtpro import OrderBook
    return OrderBook({})


CASES = [
    ("watch_trades", ("ETH/BTC",), _cache),
    ("watch_trades", ("BTC/USDT:USDT",), _cache),
    ("watch_trades_for_symbols", (["ETH/BTC"],), _cache),
    ("watch_ohlcv", ("ETH/BTC", "5m"), _cache),
    ("watch_ohlcv", ("BTC/USDT:USDT", "1h"), _cache),
    ("watch_ticker", ("ETH/BTC",), lambda ex: {"ETH/BTC": {"symbol": "ETH/BTC"}}),
    ("watch_tickers", (["ETH/BTC"],), lambda ex: {"ETH/BTC": {"symbol": "ETH/BTC"}}),
    ("watch_bids_asks", (["BTC/USDT:USDT"],), lambda ex: {"BTC/USDT:USDT": {"symbol": "BTC/USDT:USDT"}}),
    ("watch_mark_price", ("BTC/USDT:USDT",), lambda ex: {"BTC/USDT:USDT": {"symbol": "BTC/USDT:USDT"}}),
    ("watch_liquidations", ("BTC/USDT:USDT",), _cache),
    ("watch_order_book", ("ETH/BTC",), _book),
    ("watch_order_book", ("BTC/USDT:USDT", 10), _book),
    ("un_watch_trades", ("ETH/BTC",), lambda ex: True),
    ("un_watch_order_book", ("BTC/USDT:USDT",), lambda ex: True),
    ("un_watch_ohlcv", ("ETH/BTC", "5m"), lambda ex: True),
    ("un_watch_ticker", ("ETH/BTC",), lambda ex: True),
    ("un_watch_tickers", (["ETH/BTC"],), lambda ex: True),
    ("un_watch_bids_asks", (["BTC/USDT:USDT"],), lambda ex: True),
    ("un_watch_mark_price", ("BTC/USDT:USDT",), lambda ex: True),
    ("un_watch_mark_prices", (["BTC/USDT:USDT"],), lambda ex: True),
    ("watch_mark_prices", (["BTC/USDT:USDT"],), lambda ex: {"BTC/USDT:USDT": {"symbol": "BTC/USDT:USDT"}}),
]


@pytest.mark.parametrize("method,args,result", CASES, ids=[f"{c[0]}-{c[1][0]}" for c in CASES])
def test_watch_requests_match_ccxt(pair, method, args, result):
    recorded = []
    for ex in pair:
        calls: list = []
        _record(ex, calls, result)

        async def run():
            try:
                await getattr(ex, method)(*args)
            except Exception as exc:  # the exception class is part of the behaviour
                calls.append(("raised", type(exc).__name__))

        asyncio.run(run())
        recorded.append(calls)
    ours, theirs = recorded
    assert ours == theirs
    assert ours and ours[0][0] != "raised"


# --------------------------------------------------------------- websocket-API requests (signed)

from differential_support import SECRETS, _configure  # noqa: E402

WS_API_CASES = [
    ("create_order_ws", ("ETH/BTC", "limit", "buy", 1, 0.1), lambda ex: {}),
    ("create_order_ws", ("ETH/BTC", "market", "sell", 0.5), lambda ex: {}),
    ("edit_order_ws", ("42", "ETH/BTC", "limit", "buy", 1, 0.2), lambda ex: {}),
    ("cancel_order_ws", ("42", "ETH/BTC"), lambda ex: {}),
    ("cancel_all_orders_ws", ("ETH/BTC",), lambda ex: []),
    ("fetch_order_ws", ("42", "ETH/BTC"), lambda ex: {}),
    ("fetch_orders_ws", ("ETH/BTC",), lambda ex: []),
    ("fetch_open_orders_ws", ("ETH/BTC",), lambda ex: []),
    ("fetch_closed_orders_ws", ("ETH/BTC",), lambda ex: []),
    ("fetch_my_trades_ws", ("ETH/BTC",), lambda ex: []),
    ("fetch_trades_ws", ("ETH/BTC",), lambda ex: []),
    ("fetch_order_book_ws", ("BTC/USDT:USDT",), lambda ex: {}),
    ("fetch_ticker_ws", ("BTC/USDT:USDT",), lambda ex: {}),
    ("fetch_ohlcv_ws", ("ETH/BTC", "1m"), lambda ex: []),
    ("fetch_balance_ws", (), lambda ex: {}),
    ("fetch_positions_ws", (["BTC/USDT:USDT"],), lambda ex: []),
]


@pytest.mark.parametrize("method,args,result", WS_API_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(WS_API_CASES)])
def test_ws_api_requests_match_ccxt(pair, method, args, result):
    _configure(pair, SECRETS["hmac"])
    test_watch_requests_match_ccxt(pair, method, args, result)
