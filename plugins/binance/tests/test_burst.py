"""The simulator's burst mode: replay on the ordinary stream URLs."""

from __future__ import annotations

import asyncio

import ccxtpro
from ccxtpro_binance.simulator import Simulator


async def test_a_trade_subscription_gets_the_burst_first():
    async with Simulator(seed=3, burst=400, autostep=False) as sim:
        ex = ccxtpro.load("binance", sim.exchange_config(None, tradesLimit=1000))
        try:
            ids: list[int] = []
            async for batch in ex.stream_trades("BTC/USDT"):
                ids.extend(int(t["id"]) for t in batch)
                if len(ids) >= 400:
                    break
            assert ids == list(range(ids[0], ids[0] + len(ids)))  # consecutive: nothing lost or reordered
            assert all(t["symbol"] == "BTC/USDT" for t in ex.trades["BTC/USDT"])
        finally:
            await ex.close()


async def test_a_slow_stream_consumer_sees_each_trade_exactly_once():
    # trades that arrive while the consumer is busy are handed over by its next step,
    # and an update its previous step already reflected is not handed over again
    async with Simulator(seed=1, tick_interval=0.01) as sim:
        async with ccxtpro.load("binance", sim.exchange_config(None)) as ex:
            ids: list[int] = []
            async for batch in ex.stream_trades("BTC/USDT"):
                ids.extend(int(t["id"]) for t in batch)
                if len(ids) >= 60:
                    break
                await asyncio.sleep(0.015)  # slower than the simulator's ticks
            assert len(ids) == len(set(ids)), "a trade was yielded twice"
            assert ids == list(range(ids[0], ids[0] + len(ids)))  # and none was skipped
