"""The wire format and the leases, against a real redis-server."""

from __future__ import annotations

import asyncio
import random

import pytest

from ccxtpro import BadRequest, OrderBook
from ccxtpro.scaleout import StreamKey, codec
from ccxtpro.scaleout.leases import Leases, preferred, token


def _random_book(rng: random.Random, nonce: int) -> OrderBook:
    bids = [[round(100 - i * 0.1 - rng.random() * 0.05, 2), round(rng.random(), 5)] for i in range(rng.randint(1, 30))]
    asks = [[round(101 + i * 0.1 + rng.random() * 0.05, 2), round(rng.random(), 5)] for i in range(rng.randint(1, 30))]
    return OrderBook({"bids": bids, "asks": asks, "nonce": nonce, "timestamp": 1_700_000_000_000 + nonce,
                      "symbol": "AAA/BBB"})


def test_a_book_rebuilt_from_a_snapshot_and_deltas_equals_the_original_level_for_level():
    rng = random.Random(7)
    books = [_random_book(rng, n) for n in range(40)]
    entries = [codec.encode(codec.SNAPSHOT, 0, "c1", codec.book_snapshot(books[0]))]
    for seq, (before, after) in enumerate(zip(books, books[1:]), start=1):
        prev = ({p: a for p, a in before["bids"]}, {p: a for p, a in before["asks"]})
        now = ({p: a for p, a in after["bids"]}, {p: a for p, a in after["asks"]})
        entries.append(codec.encode(codec.DELTA, seq, "c1", {
            "nonce": after["nonce"], "timestamp": after["timestamp"],
            "b": codec.side_changes(prev[0], now[0]), "a": codec.side_changes(prev[1], now[1])}))
    rebuilt = OrderBook()
    for i, fields in enumerate(entries):
        entry = codec.decode(f"{i}-0".encode(), {k.encode(): v for k, v in fields.items()})
        assert entry.seq == i and entry.producer == "c1"
        if entry.kind == codec.SNAPSHOT:
            rebuilt.reset(entry.data)
        else:
            rebuilt["bids"].store_deltas(entry.data["b"])
            rebuilt["asks"].store_deltas(entry.data["a"])
            rebuilt["nonce"] = entry.data["nonce"]
        assert codec.levels(rebuilt["bids"]) == codec.levels(books[i]["bids"])
        assert codec.levels(rebuilt["asks"]) == codec.levels(books[i]["asks"])
        assert rebuilt["nonce"] == books[i]["nonce"]


def test_an_entry_of_another_format_version_is_refused_with_a_typed_error():
    fields = {k.encode(): v for k, v in codec.encode(codec.UPDATE, 3, "c1", {"x": 1}).items()}
    assert codec.decode(b"1-0", fields).data == {"x": 1}
    with pytest.raises(codec.UnknownFormat, match="version '2'"):
        codec.decode(b"1-0", {**fields, b"v": b"2"})
    with pytest.raises(codec.UnknownFormat, match="kind"):
        codec.decode(b"1-0", {**fields, b"k": b"z"})
    with pytest.raises(codec.UnknownFormat):
        codec.decode(b"1-0", {b"hello": b"world"})


@pytest.mark.parametrize("bad", [{"exchange": ""}, {"symbol": "A{B"}, {"channel": "x\ny"}])
def test_key_parts_are_checked(bad):
    with pytest.raises(BadRequest):
        StreamKey(**{"exchange": "ex", "channel": "trades", "symbol": "A/B", **bad})


def test_one_symbols_keys_share_a_cluster_hash_tag():
    key = StreamKey("ex", "order_book", "BTC/USDT")
    tags = {k[k.index("{"):k.index("}") + 1] for k in (key.stream, key.lease, key.meta)}
    assert tags == {"{ex:BTC/USDT}"}
    assert StreamKey("ex", "trades", "BTC/USDT").stream.count("{ex:BTC/USDT}") == 1


def test_rendezvous_moves_only_the_leaving_members_keys():
    keys = [f"k{i}" for i in range(200)]
    three = {k: preferred(k, ["a", "b", "c"]) for k in keys}
    two = {k: preferred(k, ["a", "b"]) for k in keys}
    assert all(two[k] == owner for k, owner in three.items() if owner != "c")
    assert 40 < sum(owner == "c" for owner in three.values()) < 100


async def test_a_lease_has_one_holder_is_renewed_only_by_it_and_expires(redis_client):
    a, b = Leases(redis_client, token("a"), 300), Leases(redis_client, token("b"), 300)
    key = StreamKey("ex", "trades", "A/B")
    assert await a.acquire(key.lease)
    assert not await b.acquire(key.lease)
    assert await a.renew([key.lease]) == {key.lease: True}
    assert await b.renew([key.lease]) == {key.lease: False}
    assert await a.holder(key.lease) == a.owner
    await asyncio.sleep(0.45)  # a stopped renewing: the lease lapses
    assert await b.acquire(key.lease)
    assert await a.renew([key.lease]) == {key.lease: False}
    assert not await a.release(key.lease)
    assert await b.release(key.lease) and await b.holder(key.lease) is None


async def test_only_the_holder_can_publish_and_a_retried_entry_is_written_once(redis_client):
    from redis.exceptions import ResponseError

    a, b = Leases(redis_client, token("a"), 5000), Leases(redis_client, token("b"), 5000)
    key = StreamKey("ex", "trades", "A/B")
    assert await a.acquire(key.lease)

    async def publish(leases, seq, producer):
        fields = codec.encode(codec.UPDATE, seq, producer, [{"id": str(seq)}])
        return await leases.publish_script(keys=[key.lease, key.stream, key.meta],
                                           args=[leases.owner, 5000, 100, *fields.values()])

    assert await publish(a, 0, "a") and await publish(a, 1, "a")
    assert await publish(a, 1, "a") == 0  # a batch sent again after a lost reply
    with pytest.raises(ResponseError, match="NOTOWNER"):
        await publish(b, 2, "b")
    entries = await redis_client.xrange(key.stream)
    assert [codec.decode(i, f).seq for i, f in entries] == [0, 1]
    assert await redis_client.hget(key.meta, "q") == b"1"
