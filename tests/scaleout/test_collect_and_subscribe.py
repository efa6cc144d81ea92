"""Collectors publishing a real exchange runtime's updates (the toy plugin's tickers over
a loopback websocket) to a real redis-server, and consumers reading them back."""

from __future__ import annotations

import asyncio
import time

import pytest

import ccxtpro
from ccxtpro import BadRequest, NetworkError
from ccxtpro.scaleout import Collector, StreamGap, StreamKey, subscribe
from ccxtpro.scaleout.leases import preferred

SYMBOLS = ["BTC/USD", "ETH/USD"]
T = 10


async def _until(predicate, timeout: float = T, every: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(every)


async def _take(sub, n: int) -> list:
    out = []
    async for item in sub:
        out.append(item)
        if len(out) == n:
            break
    return out


def _ids_for_split() -> tuple[str, str]:
    """Two collector ids that the rendezvous hash gives one symbol each."""
    streams = [StreamKey("toy", "ticker", s).stream for s in SYMBOLS]
    for i in range(100):
        a, b = f"a{i}", f"b{i}"
        if {preferred(s, [a, b]) for s in streams} == {a, b}:
            return a, b
    raise AssertionError("no split found")


def _toy(server):
    return ccxtpro.load("toy", {"baseUrl": server.base_url})


async def test_two_collectors_split_the_symbols_and_a_consumer_gets_each_update_once(redis_server, toy_server):
    a_id, b_id = _ids_for_split()
    async with _toy(toy_server) as ex_a, _toy(toy_server) as ex_b:
        a = Collector(ex_a, redis_server.url, ["ticker"], SYMBOLS, lease_ms=600, collector_id=a_id)
        b = Collector(ex_b, redis_server.url, ["ticker"], SYMBOLS, lease_ms=600, collector_id=b_id)
        subs = {s: subscribe(redis_server.url, "toy", "ticker", s) for s in SYMBOLS}
        async with a, b:
            await _until(lambda: len(a.stats()["owned"]) == 1 and len(b.stats()["owned"]) == 1
                         and not any(s.releasing for s in a.subs + b.subs))
            assert set(a.stats()["owned"]) | set(b.stats()["owned"]) == {f"ticker {s}" for s in SYMBOLS}
            for symbol, sub in subs.items():
                tickers = await asyncio.wait_for(_take(sub, 30), T)
                assert all(t["symbol"] == symbol for t in tickers)  # the unified ticker, as watch_ticker gives it
                assert {"bid", "ask", "last", "timestamp", "info"} <= set(tickers[0])
                seqs = [t["info"]["seq"] for t in tickers]
                assert seqs == sorted(set(seqs))  # in order, none twice
        for sub in subs.values():
            await sub.close()
        assert a.stats()["dropped"] == b.stats()["dropped"] == 0


async def test_a_consumer_behind_maxlen_gets_a_typed_gap_error_and_goes_on(redis_server, toy_server, redis_client):
    async with _toy(toy_server) as ex:
        collector = Collector(ex, redis_server.url, ["ticker"], ["BTC/USD"], lease_ms=600, maxlen=10)
        key = StreamKey("toy", "ticker", "BTC/USD")
        async with collector, subscribe(redis_server.url, "toy", "ticker", "BTC/USD") as sub:
            first = (await asyncio.wait_for(_take(sub, 1), T))[0]
            # MAXLEN ~ trims whole macro nodes (100 entries): wait until what follows `first` is gone
            published = collector.stats()["streams"]["ticker BTC/USD"]["published"]
            await _until(lambda: collector.stats()["streams"]["ticker BTC/USD"]["published"] > published + 300)
            head = await redis_client.xrange(key.stream, count=1)
            assert int(head[0][1][b"q"]) > sub.last_seq[key.stream] + 1
            with pytest.raises(StreamGap) as gap:
                await asyncio.wait_for(sub.__anext__(), T)
            assert isinstance(gap.value, ccxtpro.InvalidNonce) and gap.value.missed > 0
            assert gap.value.snapshot is None and "BTC/USD" in str(gap.value)
            after = await asyncio.wait_for(_take(sub, 5), T)  # the iteration goes on after the gap
            seqs = [t["info"]["seq"] for t in after]
            assert seqs == sorted(set(seqs)) and seqs[0] > first["info"]["seq"]


async def test_redis_restarted_mid_stream_the_collector_buffers_within_its_bound_and_reports_drops(
        redis_server, toy_server):
    async with _toy(toy_server) as ex:
        collector = Collector(ex, redis_server.url, ["ticker"], ["BTC/USD"], lease_ms=600, buffer=20)
        async with collector, subscribe(redis_server.url, "toy", "ticker", "BTC/USD") as sub:
            await asyncio.wait_for(_take(sub, 3), T)
            connections = toy_server.connections
            redis_server.stop()
            updates = collector.stats()["streams"]["ticker BTC/USD"]["updates"]
            await _until(lambda: collector.stats()["streams"]["ticker BTC/USD"]["updates"] > updates + 40)
            assert not collector.stats()["redis_up"]
            assert collector.stats()["buffered"] <= 20 + collector.batch  # the bound (plus one batch in flight)
            redis_server.start()  # empty: no persistence
            await _until(lambda: collector.stats()["redis_up"] and collector.stats()["buffered"] == 0)
            stats = collector.stats()
            assert stats["redis_reconnects"] >= 1 and stats["dropped"] >= 20
            assert stats["streams"]["ticker BTC/USD"]["dropped"] == stats["dropped"]
            assert toy_server.connections == connections  # the exchange connection was kept
            assert stats["owned"] == ["ticker BTC/USD"]  # the lease was taken back
            missed = 0
            seqs = []
            while len(seqs) < 30:
                try:
                    seqs.extend(t["info"]["seq"] for t in await asyncio.wait_for(_take(sub, 30 - len(seqs)), T))
                except StreamGap as gap:
                    missed += gap.missed or 0
            assert missed >= stats["dropped"]  # the consumer was told, with the count
            assert seqs == sorted(set(seqs))


async def test_a_consumer_group_shares_the_entries_each_delivered_once(redis_server, toy_server):
    async with _toy(toy_server) as ex:
        opts = {"group": "workers", "start": "earliest", "block_ms": 100, "count": 10}
        one = subscribe(redis_server.url, "toy", "ticker", SYMBOLS, consumer="one", **opts)
        two = subscribe(redis_server.url, "toy", "ticker", SYMBOLS, consumer="two", **opts)
        async with Collector(ex, redis_server.url, ["ticker"], SYMBOLS, lease_ms=600) as collector, one, two:
            await _until(lambda: collector.stats()["published"] >= 100)
            got: dict[str, list] = {"one": [], "two": []}

            async def work(name, sub):
                async for ticker in sub:
                    got[name].append((ticker["symbol"], ticker["info"]["seq"]))
                    await asyncio.sleep(0.001)  # both get a share
                    if sum(map(len, got.values())) >= 100:
                        return

            await asyncio.wait_for(asyncio.gather(work("one", one), work("two", two)), T)
        assert got["one"] and got["two"]
        both = got["one"] + got["two"]
        assert len(both) == len(set(both))  # none delivered twice
        assert {symbol for symbol, _ in both} == set(SYMBOLS)


@pytest.mark.parametrize("call, error, words", [
    (lambda: subscribe("http://127.0.0.1:1", "toy", "ticker", "BTC/USD"), BadRequest, "redis://"),
    (lambda: subscribe("redis://127.0.0.1:1", "toy", "tickr", "BTC/USD"), BadRequest, "unknown channel"),
    (lambda: subscribe("redis://127.0.0.1:1", "toy", "order_book", ["A/B"], group="g"), BadRequest, "group"),
    (lambda: subscribe("redis://127.0.0.1:1", "toy", "trades", ["A/B", "C/D"]), BadRequest, "one symbol"),
    (lambda: subscribe("redis://127.0.0.1:1", "toy", "trades", "A{B"), BadRequest, "braces"),
    (lambda: subscribe("redis://127.0.0.1:1", "toy", "trades", "A/B", start="soon"), BadRequest, "start"),
])
def test_bad_subscriptions_are_typed_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_a_password_in_a_redis_url_never_reaches_a_message():
    for url in ("http://user:hunter2@127.0.0.1:1", "redis://:hunter2@127.0.0.1:notaport"):
        with pytest.raises(BadRequest) as error:
            subscribe(url, "toy", "ticker", "BTC/USD")
        assert "hunter2" not in str(error.value) and "***@127.0.0.1:" in str(error.value)


async def test_bad_collector_settings_are_typed_errors(toy_server):
    async with _toy(toy_server) as ex:
        for kwargs, words in (({"channels": ["nope"]}, "unknown channel"), ({"symbols": []}, "symbol"),
                              ({"lease_ms": 5}, "lease_ms"), ({"maxlen": "10"}, "maxlen"),
                              ({"collector_id": "a:b"}, "collector id"), ({"acquire_per_round": 0}, "acquire")):
            args = {"channels": ["ticker"], "symbols": ["BTC/USD"], **kwargs}
            with pytest.raises(BadRequest, match=words):
                Collector(ex, "redis://127.0.0.1:1", args.pop("channels"), args.pop("symbols"), **args)


async def test_a_consumer_of_an_unreachable_redis_raises_network_error_after_its_retries():
    from ccxtpro.scaleout.testing import free_port

    sub = subscribe(f"redis://127.0.0.1:{free_port()}", "toy", "ticker", "BTC/USD", max_retries=2)
    with pytest.raises(NetworkError, match="Redis unreachable"):
        await asyncio.wait_for(sub.__anext__(), T)
    await sub.close()
