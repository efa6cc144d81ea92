"""CCXT's own client with generated credentials: balances, orders over the websocket API."""

from __future__ import annotations

import asyncio

import ccxt.pro as ccxtpro
import pytest


@pytest.mark.parametrize("kind", ["hmac", "ed25519", "rsa"])
async def test_orders_and_balance(sim, kind):
    ex = ccxtpro.binance({"urls": sim.ccxt_urls(), **sim.api_keys[kind]})
    try:
        await asyncio.wait_for(ex.load_markets(), 10)
        balance = asyncio.ensure_future(ex.watch_balance())
        orders = asyncio.ensure_future(ex.watch_orders("BTC/USDT"))
        await asyncio.sleep(0.3)  # let both subscriptions reach the server
        book = await ex.fetch_order_book("BTC/USDT", 5)
        ask = book["asks"][0][0]
        bid = book["bids"][0][0]
        filled = await asyncio.wait_for(ex.create_order_ws("BTC/USDT", "limit", "buy", 0.002, round(ask * 1.002, 2)), 10)
        assert filled["status"] == "closed" and filled["filled"] == 0.002
        bal = await asyncio.wait_for(balance, 10)
        assert bal["BTC"]["free"] > 5
        seen = await asyncio.wait_for(orders, 10)
        assert seen[-1]["id"] == filled["id"] and seen[-1]["filled"] == 0.002
        resting = await asyncio.wait_for(ex.create_order_ws("BTC/USDT", "limit", "buy", 0.002, round(bid * 0.95, 2)), 10)
        assert resting["status"] == "open"
        canceled = await asyncio.wait_for(ex.cancel_order_ws(resting["id"], "BTC/USDT"), 10)
        assert canceled["status"] == "canceled"
        with pytest.raises(ccxtpro.OrderNotFound):
            await ex.cancel_order_ws(resting["id"], "BTC/USDT")
    finally:
        await ex.close()


async def test_resting_order_fills_from_market_flow(sim):
    """A buy at the best ask rests partly, then the model's flow fills it; watch_orders sees it."""
    ex = ccxtpro.binance({"urls": sim.ccxt_urls(), **sim.api_keys["hmac"]})
    try:
        await ex.load_markets()
        first = asyncio.ensure_future(ex.watch_orders("BTC/USDT"))
        await asyncio.sleep(0.3)  # the user-data subscription is live before the order
        model = sim.model("spot", "BTCUSDT")
        bid = model.inst.px_float(model.book.best(0))
        # a large sell just above the bid will be crossed by buyers soon enough
        order = await ex.create_order_ws("BTC/USDT", "limit", "sell", 0.005, bid + 0.01)
        assert order["status"] == "open"

        async def until_filled():
            got = await first
            while True:
                if any(o["id"] == order["id"] and o["filled"] > 0 for o in got):
                    return got
                got = await ex.watch_orders("BTC/USDT")
                if any(o["id"] == order["id"] and o["filled"] > 0 for o in got):
                    return got
        got = await asyncio.wait_for(until_filled(), 20)
        assert any(o["id"] == order["id"] for o in got)
    finally:
        await ex.close()


async def test_futures_order_and_position(sim):
    ex = ccxtpro.binance({"urls": sim.ccxt_urls(), **sim.api_keys["hmac"]})
    try:
        await ex.load_markets()
        orders = asyncio.ensure_future(ex.watch_orders("BTC/USDT:USDT"))
        await asyncio.sleep(0.3)
        o = await asyncio.wait_for(ex.create_order_ws("BTC/USDT:USDT", "market", "buy", 0.01), 10)
        assert o["filled"] == 0.01
        seen = await asyncio.wait_for(orders, 10)
        assert seen[-1]["symbol"] == "BTC/USDT:USDT"
        positions = await ex.fetch_positions(["BTC/USDT:USDT"])
        assert positions[0]["contracts"] == 0.01 and positions[0]["side"] == "long"
    finally:
        await ex.close()


async def test_deposit_reaches_watch_balance(sim):
    ex = ccxtpro.binance({"urls": sim.ccxt_urls(), **sim.api_keys["ed25519"]})
    try:
        await ex.load_markets()
        waiting = asyncio.ensure_future(ex.watch_balance())
        await asyncio.sleep(0.3)
        sim.deposit("SOL", "12.5")
        bal = await asyncio.wait_for(waiting, 10)
        assert bal["SOL"]["free"] == 12.5  # balanceUpdate: CCXT adds the delta to an empty cache
        waiting = asyncio.ensure_future(ex.watch_balance())
        await asyncio.sleep(0.1)
        sim.deposit("SOL", "1")
        bal = await asyncio.wait_for(waiting, 10)
        # outboundAccountPosition set the total to 512.5, the next balanceUpdate adds 1
        assert bal["SOL"]["free"] == 513.5
    finally:
        await ex.close()


async def test_margin_orders_reach_the_listen_token_stream(sim):
    ex = ccxtpro.binance({"urls": sim.ccxt_urls(), **sim.api_keys["hmac"]})
    try:
        await ex.load_markets()
        assert ex.markets["BTC/USDT"]["marginModes"]["cross"] is True
        waiting = asyncio.ensure_future(ex.watch_balance({"type": "margin"}))
        await asyncio.sleep(0.3)
        book = await ex.fetch_order_book("BTC/USDT", 5)
        order = await ex.create_order("BTC/USDT", "limit", "buy", 0.001, round(book["asks"][0][0] * 1.002, 2),
                                      {"marginMode": "cross"})
        assert order["status"] == "closed"
        bal = await asyncio.wait_for(waiting, 10)
        assert bal["USDT"]["free"] < 10000
        margin = await ex.fetch_balance({"type": "margin"})
        assert margin["BTC"]["free"] > 0.5 and margin["USDT"]["free"] == bal["USDT"]["free"]
        spot = await ex.fetch_balance()
        assert spot["BTC"]["free"] == 5 and spot["USDT"]["free"] == 100000  # spot wallet untouched
    finally:
        await ex.close()
