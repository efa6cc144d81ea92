"""A subscription Binance refuses is asked for again (``ccxtpro_binance.subscriptions``).

Found by the fault matrix's "error reply" row: after a reconnect, a ``SUBSCRIBE``
answered with an error left the stream believing it was subscribed, so the
retried watch sent nothing and waited forever (CCXT 4.5.84 does the same).
"""

from __future__ import annotations

import asyncio
import time

import ccxtpro
from ccxtpro_binance.simulator import Simulator
from ccxtpro_binance.subscriptions import handle_ws_error

T = 10


async def until(predicate, timeout: float = T) -> None:
    async def poll():
        while not predicate():
            await asyncio.sleep(0.02)
    await asyncio.wait_for(poll(), timeout)


async def test_a_stream_recovers_when_its_resubscription_is_refused():
    async with Simulator(seed=1, tick_interval=0.02) as sim:
        async with ccxtpro.load("binance", sim.exchange_config(None)) as ex:
            got: list[float] = []

            async def consume():
                async for _ in ex.stream_trades("BTC/USDT"):
                    got.append(time.time())

            task = asyncio.ensure_future(consume())
            try:
                await until(lambda: len(got) >= 3)
                sim.faults.error_reply("SUBSCRIBE", code=-1000)
                sim.faults.drop_connections()
                refused = time.time()
                await until(lambda: "error:SUBSCRIBE:-1000" in sim.faults.injected)
                await until(lambda: got[-1] > refused and "error:SUBSCRIBE:-1000" in sim.faults.injected)
                url = next(u for u in ex.connections() if "/stream/" in u)
                assert ex.connection_info(url)["subscriptions"] == ["trade::BTC/USDT"]
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)


class _Client:
    url = "ws://127.0.0.1:1/stream/ws/0"

    def __init__(self):
        self.subscriptions = {"trade::BTC/USDT": {"id": "7", "messageHashes": ["trade::BTC/USDT"]},
                              "ticker:BTC/USDT": {"id": "8"}}
        self.futures = {}
        self.rejected = []

    def reject(self, error, message_hash=None):
        self.rejected.append((type(error).__name__, message_hash))


def test_the_refused_request_s_subscription_is_forgotten_the_others_kept():
    ex = ccxtpro.load("binance")
    client = _Client()
    handle_ws_error(ex, client, {"error": {"code": -1000, "msg": "An unknown error occurred"}, "id": 7})
    assert list(client.subscriptions) == ["ticker:BTC/USDT"]
    assert ("OperationFailed", "trade::BTC/USDT") in client.rejected  # CCXT's handler ran first
