"""Bad arguments fail at the call site, and leave nothing behind: the next valid call works
(before: a negative depth failed inside the frame handler, the waiter hung, and every later
watch of the symbol hung with it). A closed instance refuses websocket calls as it refuses
REST calls, until it is reopened."""

from __future__ import annotations

import asyncio

import pytest

import ccxtpro
from ccxtpro.errors import BadRequest, ExchangeClosedByUser
from ccxtpro_binance.simulator import Simulator

T = 10


async def test_a_negative_depth_is_refused_and_the_symbol_still_works():
    async with Simulator(seed=1, tick_interval=0.02) as sim:
        async with ccxtpro.load("binance", sim.exchange_config(None)) as ex:
            await asyncio.wait_for(ex.load_markets(), T)
            with pytest.raises(BadRequest, match="limit must not be negative"):
                await ex.watch_order_book("BTC/USDT", -1)
            with pytest.raises(BadRequest):
                await ex.watch_order_book_for_symbols(["BTC/USDT", "ETH/USDT"], -5)
            assert ex.connections() == []  # nothing was subscribed
            book = await asyncio.wait_for(ex.watch_order_book("BTC/USDT", 5), T)
            assert len(book["bids"]) == 5


async def test_after_close_websocket_calls_raise_until_reopened():
    async with Simulator(seed=1, tick_interval=0.02) as sim:
        ex = ccxtpro.load("binance", sim.exchange_config(None))
        await asyncio.wait_for(ex.load_markets(), T)
        await asyncio.wait_for(ex.watch_ticker("BTC/USDT"), T)
        await ex.close()
        with pytest.raises(ExchangeClosedByUser):
            await ex.watch_ticker("BTC/USDT")
        with pytest.raises(ExchangeClosedByUser):
            await ex.fetch_order_book("BTC/USDT")
        assert ex.connections() == []
        async with ex:  # reopens, as CCXT users do with ``async with``
            assert (await asyncio.wait_for(ex.watch_ticker("BTC/USDT"), T))["symbol"] == "BTC/USDT"
