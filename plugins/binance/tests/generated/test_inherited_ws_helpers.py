"""The websocket helpers CCXT's base class gives every Pro exchange (``create_limit_order_ws``,
``watch_position_for_symbols``…), generated from CCXT's base JS: for the same call they send
what CCXT Pro Python sends (the signed websocket-API request, the same subscription), or
raise the same exception class where Binance lacks the feature."""

from __future__ import annotations

import asyncio

import pytest

from differential_support import SECRETS, _configure
from test_requests_differential import _plain

SPOT, SWAP = "ETH/BTC", "BTC/USDT:USDT"

# helper -> arguments; every one ends in createOrderWs (or raises NotSupported like CCXT)
ORDER_HELPERS = [
    ("create_limit_order_ws", (SPOT, "buy", 1, 0.1)),
    ("create_limit_buy_order_ws", (SPOT, 1, 0.1)),
    ("create_limit_sell_order_ws", (SPOT, 1, 0.1)),
    ("create_market_order_ws", (SPOT, "sell", 0.5)),
    ("create_market_buy_order_ws", (SPOT, 0.5)),
    ("create_market_sell_order_ws", (SPOT, 0.5)),
    ("create_post_only_order_ws", (SPOT, "limit", "buy", 1, 0.1)),
    ("create_reduce_only_order_ws", (SWAP, "limit", "sell", 1, 30000)),
    ("create_stop_order_ws", (SWAP, "limit", "buy", 1, 30000, 31000)),
    ("create_stop_limit_order_ws", (SWAP, "buy", 1, 30000, 31000)),
    ("create_stop_market_order_ws", (SWAP, "sell", 1, 29000)),
    ("create_stop_loss_order_ws", (SWAP, "limit", "sell", 1, 30000, 29000)),
    ("create_take_profit_order_ws", (SWAP, "limit", "sell", 1, 30000, 32000)),
    ("create_trigger_order_ws", (SWAP, "limit", "buy", 1, 30000, 31000)),
    ("create_trailing_amount_order_ws", (SWAP, "market", "sell", 1, None, 100)),
    ("create_trailing_percent_order_ws", (SWAP, "market", "sell", 1, None, 1)),
    ("create_order_with_take_profit_and_stop_loss_ws", (SWAP, "limit", "buy", 1, 30000, 32000, 29000)),
    ("create_market_order_with_cost_ws", (SPOT, "buy", 100)),
    ("create_orders_ws", ([{"symbol": SPOT, "type": "limit", "side": "buy", "amount": 1, "price": 0.1}],)),
    ("cancel_orders_ws", (["1", "2"], SPOT)),
    ("fetch_tickers_ws", ([SPOT],)),
    ("fetch_orders_by_status_ws", ("open", SPOT)),
    ("fetch_positions_for_symbol_ws", (SWAP,)),
    ("fetch_deposits_ws", ()),
    ("fetch_withdrawals_ws", ()),
    ("fetch_trading_fees_ws", ()),
    ("withdraw_ws", ("USDT", 10, "addr")),
]


@pytest.mark.parametrize("method,args", ORDER_HELPERS, ids=[c[0] for c in ORDER_HELPERS])
def test_order_helpers_send_what_ccxt_sends(pair, method, args):
    _configure(pair, SECRETS["hmac"])
    recorded = []
    for ex in pair:
        calls: list = []

        async def watch(url, message_hash, message=None, subscribe_hash=None, subscription=None, calls=calls):
            calls.append(("watch", url, message_hash, _plain(message), subscribe_hash))
            return {}

        ex.watch = watch

        async def run(ex=ex, calls=calls):
            try:
                await getattr(ex, method)(*args)
            except Exception as exc:  # the exception class is part of the behaviour
                calls.append(("raised", type(exc).__name__))

        asyncio.run(run())
        recorded.append(calls)
    ours, theirs = recorded
    assert ours == theirs and ours


def test_a_helper_that_places_an_order_places_it_through_create_order_ws(pair):
    """Not only the same bytes: the helper is a call of the exchange's own createOrderWs."""
    ours = pair[0]
    seen = []

    async def create_order_ws(*args):
        seen.append(args)
        return {"id": "1"}

    ours.create_order_ws = create_order_ws
    assert asyncio.run(ours.create_limit_buy_order_ws(SPOT, 1, 0.1)) == {"id": "1"}
    assert seen == [(SPOT, "limit", "buy", 1, 0.1, {})]


STREAM_HELPERS = [
    # helper, args, the method it delegates to (stand-in on both sides)
    ("watch_position_for_symbols", ([SWAP], 1700000000000, 5, {"x": 1}), "watch_positions"),
    ("watch_funding_rates_for_symbols", ([SWAP], {"x": 1}), "watch_funding_rates"),
]


@pytest.mark.parametrize("method,args,target", STREAM_HELPERS, ids=[c[0] for c in STREAM_HELPERS])
def test_stream_helpers_delegate_like_ccxt(pair, method, args, target):
    recorded = []
    for ex in pair:
        calls: list = []

        async def stand_in(*a, calls=calls):
            calls.append((target, a))
            return ["result"]

        setattr(ex, target, stand_in)

        async def run(ex=ex, calls=calls):
            calls.append(("returned", await getattr(ex, method)(*args)))

        asyncio.run(run())
        recorded.append(calls)
    assert recorded[0] == recorded[1] and recorded[0][-1] == ("returned", ["result"])


@pytest.mark.parametrize("method,args", [
    ("watch_position", (SWAP,)), ("watch_funding_rate", (SWAP,)), ("watch_funding_rates", ([SWAP],)),
    ("watch_orders_for_symbols", ([SWAP],)), ("watch_my_trades_for_symbols", ([SWAP],)),
    ("un_watch_orders", ()), ("un_watch_my_trades", ()), ("un_watch_positions", ()),
    ("un_watch_funding_rate", (SWAP,)), ("un_watch_funding_rates", ([SWAP],)),
])
def test_stream_helpers_binance_lacks_raise_like_ccxt(pair, method, args):
    raised = []
    for ex in pair:
        async def run(ex=ex):
            try:
                await getattr(ex, method)(*args)
            except Exception as exc:
                return type(exc).__name__
            return None

        raised.append(asyncio.run(run()))
    assert raised[0] == raised[1] == "NotSupported"
