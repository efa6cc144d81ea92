"""Caches: bounds, list-like reading, getLimit scopes, bad input."""

from __future__ import annotations

import pickle

import pytest


def trade(i, symbol="BTC/USDT"):
    return {"id": str(i), "symbol": symbol, "price": float(i)}


def test_array_cache_is_bounded_and_list_like(cache):
    c = cache.ArrayCache(3)
    for i in range(10):
        c.append(trade(i))
    assert isinstance(c, list)
    assert len(c) == 3
    assert [t["id"] for t in c] == ["7", "8", "9"]
    assert c[0]["id"] == "7" and c[-1]["id"] == "9"
    assert [t["id"] for t in c[-2:]] == ["8", "9"]
    assert [t["id"] for t in reversed(c)] == ["9", "8", "7"]
    assert trade(8) in c
    assert c == [trade(7), trade(8), trade(9)]
    assert c + [1] == [trade(7), trade(8), trade(9), 1]
    with pytest.raises(IndexError):
        c[3]


def test_new_updates_per_symbol_and_global_are_independent(cache):
    c = cache.ArrayCache(100)
    for i in range(3):
        c.append(trade(i, "BTC/USDT"))
    c.append(trade(3, "ETH/USDT"))
    assert c.getLimit("BTC/USDT", None) == 3
    assert c.get_limit(None, None) == 4
    c.append(trade(4, "BTC/USDT"))
    assert c.getLimit("BTC/USDT", None) == 1  # consumed by the earlier poll
    assert c.getLimit(None, 10) == 1
    assert c.getLimit("SOL/USDT", 7) == 7  # nothing seen: the caller's limit
    assert c.getLimit(None, None) == 1  # reset happens at the next append, as in CCXT


def test_unbounded_cache_grows(cache):
    c = cache.ArrayCache()
    for i in range(5000):
        c.append(trade(i))
    assert len(c) == 5000 and c[0]["id"] == "0"
    assert len(cache.ArrayCache(0)) == 0


def test_by_timestamp_replaces_rows_in_place(cache):
    c = cache.ArrayCacheByTimestamp(2)
    first = [60000, 1, 2, 0, 1, 5]
    c.append(first)
    c.append([60000, 1, 3, 0, 2, 6])
    assert c[0] is first and first == [60000, 1, 3, 0, 2, 6]
    c.append([120000, 2, 2, 2, 2, 1])
    c.append([180000, 3, 3, 3, 3, 1])
    assert [row[0] for row in c] == [120000, 180000]
    assert c.hashmap.keys() == {120000, 180000}
    assert c.getLimit(None, None) == 3


def test_by_symbol_by_id_moves_updates_last_and_evicts_oldest(cache):
    c = cache.ArrayCacheBySymbolById(3)
    for i in range(3):
        c.append({"id": str(i), "symbol": "BTC/USDT", "status": "open"})
    c.append({"id": "0", "symbol": "BTC/USDT", "status": "closed"})
    assert [o["id"] for o in c] == ["1", "2", "0"]
    assert c[-1]["status"] == "closed"
    c.append({"id": "9", "symbol": "ETH/USDT", "status": "open"})
    assert [o["id"] for o in c] == ["2", "0", "9"]
    assert c.hashmap == {"BTC/USDT": {"2": c[0], "0": c[1]}, "ETH/USDT": {"9": c[2]}}
    # the same id under two symbols is two orders
    c.append({"id": "9", "symbol": "BTC/USDT", "status": "open"})
    assert [(o["symbol"], o["id"]) for o in c] == [("BTC/USDT", "0"), ("ETH/USDT", "9"), ("BTC/USDT", "9")]


def test_by_symbol_by_id_counts_distinct_ids(cache):
    c = cache.ArrayCacheBySymbolById(100)
    for status in ("open", "partially_filled", "closed"):
        c.append({"id": "1", "symbol": "BTC/USDT", "status": status})
    c.append({"id": "2", "symbol": "BTC/USDT", "status": "open"})
    assert c.getLimit("BTC/USDT", None) == 2
    assert c.getLimit(None, None) == 2


def test_by_symbol_by_side_is_unbounded(cache):
    c = cache.ArrayCacheBySymbolBySide()
    for k in range(50):
        c.append({"symbol": f"S{k}/USDT", "side": "long", "contracts": k})
    c.append({"symbol": "S0/USDT", "side": "long", "contracts": 99})
    assert len(c) == 50 and c[-1]["contracts"] == 99


def test_large_keyed_cache_stays_consistent(cache):
    c = cache.ArrayCacheBySymbolById(1000)
    for i in range(20000):
        oid = str(i % 1500 if i % 3 else i)
        c.append({"id": oid, "symbol": "BTC/USDT", "n": i})
    ids = [o["id"] for o in c]
    assert len(ids) == len(set(ids)) == 1000
    assert sum(len(v) for v in c.hashmap.values()) == 1000


@pytest.mark.parametrize("cls", ["ArrayCache", "ArrayCacheByTimestamp", "ArrayCacheBySymbolById"])
def test_bad_max_size(cache, cls):
    with pytest.raises(ValueError):
        getattr(cache, cls)(-1)
    with pytest.raises(TypeError):
        getattr(cache, cls)("10")


def test_keyed_cache_needs_symbol_and_id(cache):
    c = cache.ArrayCacheBySymbolById(10)
    with pytest.raises(KeyError):
        c.append({"symbol": "BTC/USDT"})
    assert len(c) == 0


@pytest.mark.parametrize("cls", ["ArrayCache", "ArrayCacheBySymbolById"])
def test_pickle_round_trip(cache, cls):
    c = getattr(cache, cls)(5)
    for i in range(8):
        c.append(trade(i))
    again = pickle.loads(pickle.dumps(c))
    assert type(again) is type(c) and list(again) == list(c) and again.max_size == 5


def test_clear(cache):
    c = cache.ArrayCacheBySymbolById(3)
    for i in range(5):
        c.append(trade(i))
    c.clear()
    assert len(c) == 0 and list(c) == [] and c.hashmap == {}
    c.append(trade(1))
    assert [t["id"] for t in c] == ["1"]


def test_appends_count_every_row_added_or_updated_and_polls_do_not_reset_it(cache):
    # what a stream's backlog counts the rows an update added by (ccxtpro.ws.backlog)
    trades = cache.ArrayCache(2)
    for i in range(5):
        trades.append(trade(i))
    trades.getLimit("BTC/USDT", None)
    trades.clear()
    trades.append(trade(5))
    assert trades.appends == 6
    orders = cache.ArrayCacheBySymbolById(10)
    for status in ("open", "closed"):
        orders.append({"id": "1", "symbol": "BTC/USDT", "status": status})
    assert orders.appends == 2 and len(orders) == 1
    candles = cache.ArrayCacheByTimestamp(10)
    candles.append([60000, 1, 2, 0, 1, 5])
    candles.append([60000, 1, 3, 0, 2, 6])
    assert candles.appends == 2 and len(candles) == 1
    positions = cache.ArrayCacheBySymbolBySide()
    positions.append({"symbol": "BTC/USDT:USDT", "side": "long", "contracts": 1})
    assert positions.appends == 1
    with pytest.raises(AttributeError):
        trades.appends = 0  # read-only in both builds
