"""Scale-out against the simulator: collectors (``ccxtpro collect``, one of them killed with
SIGKILL mid-stream) publish to a real redis-server, a consumer rebuilds the books and the
trades, and both are checked against what the simulator sent."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ccxtpro
from ccxtpro.scaleout import Collector, StreamGap, StreamKey, subscribe
from ccxtpro.scaleout.leases import Leases, preferred
from ccxtpro.scaleout.testing import RedisServer
from ccxtpro_binance.simulator import Simulator

ROOT = Path(__file__).resolve().parents[3]
SYMBOLS = {"BTC/USDT": "BTCUSDT", "ETH/USDT": "ETHUSDT"}
CHANNELS = ["order_book", "trades"]
LEASE_MS = 1500
DEPTH = 20
T = 20


@pytest.fixture
def redis_server():
    with RedisServer() as server:
        yield server


def _keys() -> list[StreamKey]:
    return [StreamKey("binance", c, s) for c in CHANNELS for s in SYMBOLS]


def _split() -> tuple[str, str]:
    """Collector ids for which the killed one (a) holds a book and a trades stream, and b the others."""
    for i in range(200):
        a, b = f"a{i}", f"b{i}"
        mine = [k for k in _keys() if preferred(k.stream, [a, b]) == a]
        if {k.channel for k in mine} == set(CHANNELS) and len(mine) < len(_keys()):
            return a, b
    raise AssertionError("no split found")


def _book_equal(sim, symbol: str, book) -> bool:
    want = sim.core.book_at("spot", SYMBOLS[symbol], int(book["nonce"]))
    assert want is not None, f"the simulator has no book at update id {book['nonce']}"
    for side, levels in zip(("bids", "asks"), want):
        got = [(float(p), float(q)) for p, q in list(book[side])[:DEPTH]]
        if got != [(float(p), float(q)) for p, q in levels[:DEPTH]]:
            return False
    return True


async def _until(predicate, timeout: float = T, every: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not await predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(every)


async def test_a_killed_collectors_streams_resume_within_the_lease_and_the_consumer_matches_the_simulator(
        redis_server):
    import redis.asyncio as aioredis

    a_id, b_id = _split()
    a_keys = [k for k in _keys() if preferred(k.stream, [a_id, b_id]) == a_id]
    client = aioredis.Redis.from_url(redis_server.url)
    leases = Leases(client, "observer", LEASE_MS)

    async def holders() -> dict[StreamKey, str]:
        return {k: ((await leases.holder(k.lease)) or "").split(":")[0] for k in _keys()}

    async with Simulator(seed=3) as sim:
        sim.faults.record_sent()
        for market_id in SYMBOLS.values():
            sim.core.record_books("spot", market_id)
        proc = subprocess.Popen(
            [sys.executable, "-m", "ccxtpro", "collect", "binance", "--symbols", *SYMBOLS, "--channels",
             ",".join(CHANNELS), "--sink", redis_server.url, "--url", sim.base_http, "--lease-ms", str(LEASE_MS),
             "--id", a_id, "--interval", "0.5"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
        try:
            async with ccxtpro.load("binance", sim.exchange_config(None)) as exchange:
                b = Collector(exchange, redis_server.url, CHANNELS, list(SYMBOLS), lease_ms=LEASE_MS,
                              collector_id=b_id)
                async with b:
                    want = {k: preferred(k.stream, [a_id, b_id]) for k in _keys()}
                    await _until(lambda: _settled(holders, want, b))
                    got: dict[StreamKey, list] = {k: [] for k in _keys()}
                    checks = {"books": 0, "unequal": 0}

                    async def consume(key: StreamKey) -> None:
                        async with subscribe(redis_server.url, "binance", key.channel, key.symbol) as sub:
                            async for item in sub:
                                producer = sub.entry.producer
                                if key.channel == "order_book":
                                    checks["books"] += 1
                                    checks["unequal"] += not _book_equal(sim, key.symbol, item)
                                    got[key].append((producer, item["nonce"]))
                                else:
                                    got[key].extend((producer, int(t["id"])) for t in item)

                    consumers = [asyncio.create_task(consume(k)) for k in _keys()]
                    try:
                        await _until(_fn(lambda: all(any(p == a_id for p, _ in got[k]) for k in a_keys)))
                        proc.send_signal(signal.SIGKILL)  # no goodbye: its leases have to expire
                        proc.wait(10)
                        killed = time.monotonic()
                        await _until(_fn(lambda: all(any(p == b_id for p, _ in got[k]) for k in a_keys)))
                        resumed = time.monotonic() - killed
                        await asyncio.sleep(1.0)
                    finally:
                        for task in consumers:
                            task.cancel()
                        await asyncio.gather(*consumers, return_exceptions=True)
                    stats = b.stats()
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(10)
            await client.aclose()

        # the dead collector's streams moved within the lease window (plus a lease round and a subscribe)
        assert resumed < LEASE_MS / 1000 + 2 * LEASE_MS / 3000 + 3, resumed
        assert stats["dropped"] == 0 and sorted(stats["owned"]) == sorted(k.label for k in _keys())
        # every book the consumer rebuilt equals the simulator's at that update id, top DEPTH levels
        assert checks["books"] > 20 and checks["unequal"] == 0, checks
        for key in _keys():
            if key.channel != "trades":
                continue
            ids = [i for _, i in got[key]]
            assert len(ids) == len(set(ids)), "a trade published twice"
            assert ids == sorted(ids)
            sent = sorted(set(sim.faults.record.trade_ids("spot", SYMBOLS[key.symbol])))
            expected = [i for i in sent if ids[0] <= i <= ids[-1]]
            lost = sorted(set(expected) - set(ids))
            if key not in a_keys:
                assert lost == [], f"{key.label}: lost {lost} while its collector lived"
                continue
            last_a = max(i for p, i in got[key] if p == a_id)
            first_b = min(i for p, i in got[key] if p == b_id)
            assert last_a < first_b
            # lost = exactly the trades sent between the dead collector's last one and the new owner's first
            assert lost == [i for i in expected if last_a < i < first_b], key.label


def _fn(check):
    async def predicate() -> bool:
        return check()
    return predicate


async def _settled(holders, want, b) -> bool:
    current = await holders()
    return all(current[k] == owner for k, owner in want.items()) and not any(s.releasing for s in b.subs)


async def test_a_book_consumer_behind_maxlen_gets_a_gap_error_with_a_fresh_snapshot(redis_server):
    import redis.asyncio as aioredis

    async with Simulator(seed=5, tick_interval=0.02) as sim:
        sim.core.record_books("spot", "BTCUSDT")
        client = aioredis.Redis.from_url(redis_server.url)
        key = StreamKey("binance", "order_book", "BTC/USDT")
        async with ccxtpro.load("binance", sim.exchange_config(None)) as exchange:
            collector = Collector(exchange, client, ["order_book"], ["BTC/USDT"], lease_ms=600, maxlen=40,
                                  snapshot_every=10)
            async with collector, subscribe(client, "binance", "order_book", "BTC/USDT") as sub:
                book = await asyncio.wait_for(sub.__anext__(), T)
                assert _book_equal(sim, "BTC/USDT", book)
                seen, first_nonce = sub.entry.seq, book["nonce"]  # the consumer's book is one object, updated
                published = collector.stats()["published"]
                await _until(_fn(lambda: collector.stats()["published"] > published + 30))
                await client.xtrim(key.stream, maxlen=12, approximate=False)  # what MAXLEN ~ does, in time
                with pytest.raises(StreamGap) as gap:
                    while True:
                        await asyncio.wait_for(sub.__anext__(), T)
                assert isinstance(gap.value, ccxtpro.InvalidNonce) and gap.value.missed > 0
                snapshot = gap.value.snapshot
                assert snapshot is sub.order_book and sub.entry is not None
                assert snapshot["nonce"] > first_nonce and _book_equal(sim, "BTC/USDT", snapshot)
                assert sub.last_seq[key.stream] > seen
                for _ in range(10):  # and it goes on from there, equal at every update
                    book = await asyncio.wait_for(sub.__anext__(), T)
                    assert _book_equal(sim, "BTC/USDT", book)
        await client.aclose()


def test_collect_cli_mistakes_are_one_line_and_exit_codes():
    def run(*args):
        return subprocess.run([sys.executable, "-m", "ccxtpro", *args], capture_output=True, text=True,
                              timeout=60, cwd=ROOT)

    bad_sink = run("collect", "binance", "--symbols", "BTC/USDT", "--sink", "http://127.0.0.1:1", "--simulate")
    assert bad_sink.returncode == 2 and "redis://" in bad_sink.stderr and "Traceback" not in bad_sink.stderr
    no_redis = run("collect", "binance", "--symbols", "BTC/USDT", "--sink", "redis://:hunter2@127.0.0.1:1",
                   "--simulate")
    assert no_redis.returncode == 1 and "cannot reach Redis" in no_redis.stderr
    assert "hunter2" not in no_redis.stderr and len(no_redis.stderr.strip().splitlines()) == 1
    with RedisServer() as server:
        bad_symbol = run("collect", "binance", "--symbols", "BTC/USDX", "--sink", server.url, "--simulate")
        assert bad_symbol.returncode == 2 and "BTC/USDT" in bad_symbol.stderr, bad_symbol.stderr
        bad_channel = run("collect", "binance", "--symbols", "BTC/USDT", "--channels", "tickr", "--sink",
                          server.url, "--simulate")
        assert bad_channel.returncode == 2 and "unknown channel" in bad_channel.stderr, bad_channel.stderr
        ok = run("collect", "binance", "--symbols", "BTC/USDT", "--channels", "ticker,trades", "--sink", server.url,
                 "--simulate", "--seconds", "2", "--interval", "1", "--json")
        assert ok.returncode == 0, ok.stderr
        import json

        last = json.loads(ok.stdout.strip().splitlines()[-1])
        assert last["published"] > 0 and last["dropped"] == 0
        consumed = run("consume", "binance", "trades", "BTC/USDT", "--source", server.url, "--start", "earliest",
                       "--count", "3", "--seconds", "10")
        assert consumed.returncode == 0, consumed.stderr
        lines = [json.loads(line) for line in consumed.stdout.splitlines()]
        assert len(lines) == 3 and all(t["symbol"] == "BTC/USDT" for line in lines for t in line["data"])


async def test_redis_restarted_mid_stream_the_book_consumer_recovers_an_exact_book_and_drops_are_reported(
        redis_server):
    async with Simulator(seed=7, tick_interval=0.02) as sim:
        sim.core.record_books("spot", "BTCUSDT")
        async with ccxtpro.load("binance", sim.exchange_config(None)) as exchange:
            events: list[str] = []
            exchange.on_event(lambda e: events.append(e.type), ("connect", "disconnect", "reconnect"))
            collector = Collector(exchange, redis_server.url, ["order_book"], ["BTC/USDT"], lease_ms=600, buffer=5)
            async with collector, subscribe(redis_server.url, "binance", "order_book", "BTC/USDT") as sub:
                assert _book_equal(sim, "BTC/USDT", await asyncio.wait_for(sub.__anext__(), T))
                connects = events.count("connect")
                redis_server.stop()
                updates = collector.stats()["streams"]["order_book BTC/USDT"]["updates"]
                await _until(_fn(lambda: collector.stats()["streams"]["order_book BTC/USDT"]["updates"] > updates + 15))
                redis_server.start()  # empty
                await _until(_fn(lambda: collector.stats()["redis_up"] and collector.stats()["buffered"] == 0))
                stats = collector.stats()
                assert stats["dropped"] >= 10 and stats["redis_reconnects"] >= 1
                assert events.count("connect") == connects and "disconnect" not in events  # exchange side untouched
                gaps, after = [], 0
                while after < 5:  # every book equal to the simulator's, across the gap and after it
                    try:
                        book = await asyncio.wait_for(sub.__anext__(), T)
                    except StreamGap as gap:
                        gaps.append(gap)
                        book = gap.snapshot
                    assert _book_equal(sim, "BTC/USDT", book)
                    after += bool(gaps)
                assert all(g.snapshot is sub.order_book for g in gaps)
                assert sum(g.missed or 0 for g in gaps) >= stats["dropped"]  # told, with the count
