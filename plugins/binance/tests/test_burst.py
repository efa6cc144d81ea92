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


# -- depth bursts --------------------------------------------------------------------------------

async def _depth_burst(sim, n: int) -> tuple[dict, list[dict], list[float]]:
    """The REST snapshot and ``n`` frames of the depth burst, read by a bare client, with arrival times."""
    import time

    import aiohttp
    import orjson
    import websockets

    url = sim.urls["ws"]["spot"] + "/btcusdt@depth@100ms"
    frames, times = [], []
    async with websockets.connect(url, open_timeout=5, max_size=None) as ws:
        for _ in range(n):
            frames.append(orjson.loads(await ws.recv()))
            times.append(time.perf_counter())
    async with aiohttp.ClientSession() as s:
        async with s.get(sim.urls["rest"]["spot"] + "/depth", params={"symbol": "BTCUSDT", "limit": "5000"}) as r:
            snapshot = orjson.loads(await r.read())
    return snapshot, frames, times


def _synchronise(snapshot: dict, frames: list[dict]) -> tuple[int, dict, dict]:
    """Binance's recipe for a local spot book, checked step by step: drop diffs with
    ``u <= lastUpdateId``, the first one applied has ``U <= lastUpdateId + 1 <= u``, every later
    one starts at the previous ``u + 1``. Returns the final update id and the book."""
    nonce = snapshot["lastUpdateId"]
    bids = {float(p): float(q) for p, q in snapshot["bids"]}
    asks = {float(p): float(q) for p, q in snapshot["asks"]}
    first = True
    for f in frames:
        if f["u"] <= nonce:
            continue
        if first:
            assert f["U"] <= nonce + 1 <= f["u"], (nonce, f["U"], f["u"])
            first = False
        else:
            assert f["U"] == nonce + 1, (nonce, f["U"])
        for side, levels in ((bids, f["b"]), (asks, f["a"])):
            for p, q in levels:
                if float(q):
                    side[float(p)] = float(q)
                else:
                    side.pop(float(p), None)
        nonce = f["u"]
    assert not first, "no diff of the burst applies to the snapshot"
    return nonce, bids, asks


async def test_a_depth_burst_chains_from_the_rest_snapshot():
    # the live market stands still (one step at start, the next an hour later): the burst's first
    # diff is the one the snapshot already holds, the second starts at lastUpdateId + 1
    async with Simulator(seed=1, burst=300, tick_interval=3600) as sim:
        snapshot, frames, _ = await _depth_burst(sim, 300)
        assert frames[0]["u"] == snapshot["lastUpdateId"]
        assert frames[1]["U"] == snapshot["lastUpdateId"] + 1
        _synchronise(snapshot, frames)
    async with Simulator(seed=1, burst=300, autostep=False) as sim:  # never stepped: every diff applies
        snapshot, frames, _ = await _depth_burst(sim, 300)
        assert frames[0]["U"] == snapshot["lastUpdateId"] + 1
        _synchronise(snapshot, frames)


async def test_a_book_synchronised_from_a_depth_burst_ends_as_the_reference():
    async with Simulator(seed=2, burst=500, tick_interval=3600) as sim:
        snapshot, frames, _ = await _depth_burst(sim, 500)
        last, bids, asks = _synchronise(snapshot, frames)
        async with ccxtpro.load("binance", sim.exchange_config(None)) as ex:
            async for ob in ex.stream_order_book("BTC/USDT"):
                if ex.orderbooks["BTC/USDT"]["nonce"] >= last:
                    break
            ob = ex.orderbooks["BTC/USDT"]
            assert ob["nonce"] == last
            assert [tuple(x) for x in ob["bids"]] == sorted(bids.items(), reverse=True)
            assert [tuple(x) for x in ob["asks"]] == sorted(asks.items())


async def test_a_paced_burst_is_sent_at_its_rate(monkeypatch):
    from ccxtpro_binance.simulator import replay

    monkeypatch.setattr(replay, "RATE", 400.0)  # as CCXTPRO_SIM_BURST_RATE=400 does: 2.5 ms apart
    async with Simulator(seed=1, burst=200, tick_interval=3600) as sim:
        snapshot, frames, times = await _depth_burst(sim, 200)
        _synchronise(snapshot, frames)  # the same frames, only spaced
        assert times[-1] - times[0] >= 199 / 400 * 0.95
        gaps = sorted(b - a for a, b in zip(times, times[1:]))
        assert gaps[len(gaps) // 2] > 0.5 / 400  # one by one, not in a lump


def test_a_paced_writer_renders_the_same_frames():
    from ccxtpro_binance.simulator.replay import burst_writer

    payloads = [b'{"e":"x","n":%d}' % i for i in range(10)]
    assert len(burst_writer(payloads, "s", False, rate=100.0)) == 1
    assert len(burst_writer(payloads, "s", True)) == 1
