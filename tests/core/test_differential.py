"""Random operation sequences through CCXT 4.5.84's classes, the twin and the Cython build.

After every operation the three must agree on everything a user can observe:
the levels and their order, ``limit()`` results, ``getLimit`` answers, cache
contents after eviction and the ``hashmap`` views.
"""

from __future__ import annotations

import copy

import pytest
from ccxt.async_support.base.ws import cache as ccxt_cache
from ccxt.async_support.base.ws import order_book as ccxt_book
from ccxt.async_support.base.ws import order_book_side as ccxt_sides
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import BOOK_IMPLS, CACHE_IMPLS

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

prices = st.sampled_from([1.0, 1.5, 2.0, 2.25, 3.0, 4.0, 5.5, 7.0, 10.0, 100.0, 1e-8, 123456.789])
sizes = st.one_of(st.just(0.0), st.just(0), st.floats(min_value=1e-8, max_value=1e6, allow_nan=False))
depths = st.one_of(st.none(), st.integers(min_value=1, max_value=8))


def implementations():
    impls = [mod for mod in BOOK_IMPLS.values() if mod is not None]
    assert len(impls) == 2, "the Cython build is missing"
    return impls


def plain_ops():
    delta = st.tuples(prices, sizes).map(list)
    return st.lists(st.one_of(
        st.tuples(st.just("store"), prices, sizes),
        st.tuples(st.just("store_array"), delta),
        st.tuples(st.just("store_deltas"), st.lists(delta, max_size=6)),
        st.tuples(st.just("limit")),
    ), max_size=40)


def apply_plain(side, op, is_ccxt):
    name = op[0]
    if name == "store":
        side.store(op[1], op[2])
    elif name == "store_array":
        side.store_array(list(op[1]))
    elif name == "store_deltas":
        deltas = [list(d) for d in op[1]]
        if is_ccxt:
            for d in deltas:
                side.storeArray(d)
        else:
            side.store_deltas(deltas)
    else:
        side.limit()


@pytest.mark.parametrize("side_name", ["Asks", "Bids"])
@SETTINGS
@given(ops=plain_ops(), depth=depths)
def test_plain_sides_agree_with_ccxt(side_name, ops, depth):
    reference = getattr(ccxt_sides, side_name)([], depth)
    ours = [getattr(mod, side_name)([], depth) for mod in implementations()]
    for op in ops:
        apply_plain(reference, op, True)
        for side in ours:
            apply_plain(side, op, False)
            assert side == list(reference)
            assert len(side) == len(reference)


counts = st.integers(min_value=0, max_value=3)


@pytest.mark.parametrize("side_name", ["CountedAsks", "CountedBids"])
@SETTINGS
@given(ops=st.lists(st.one_of(
    st.tuples(st.just("store"), prices, sizes, counts),
    st.tuples(st.just("limit")),
), max_size=40), depth=depths)
def test_counted_sides_agree_with_ccxt(side_name, ops, depth):
    reference = getattr(ccxt_sides, side_name)([], depth)
    ours = [getattr(mod, side_name)([], depth) for mod in implementations()]
    for op in ops:
        for side in [reference, *ours]:
            if op[0] == "store":
                side.store(op[1], op[2], op[3])
            else:
                side.limit()
        for side in ours:
            assert side == list(reference)


order_ids = st.sampled_from(["a", "b", "c", "d", "e", "f"])


@pytest.mark.parametrize("side_name", ["IndexedAsks", "IndexedBids"])
@SETTINGS
@given(ops=st.lists(st.one_of(
    st.tuples(st.just("store"), st.one_of(st.none(), prices), sizes, order_ids),
    st.tuples(st.just("limit")),
), max_size=40), depth=depths)
def test_indexed_sides_agree_with_ccxt(side_name, ops, depth):
    reference = getattr(ccxt_sides, side_name)([], depth)
    ours = [getattr(mod, side_name)([], depth) for mod in implementations()]
    for op in ops:
        if op[0] == "store":
            price, size, oid = op[1], op[2], op[3]
            if price is None and oid not in reference._hashmap:
                continue  # CCXT cannot place an unknown order without a price
            for side in [reference, *ours]:
                side.store_array([price, size, oid])
        else:
            for side in [reference, *ours]:
                side.limit()
        for side in ours:
            assert side == list(reference)
            assert side._hashmap == reference._hashmap


snapshots = st.fixed_dictionaries({
    "bids": st.lists(st.tuples(prices, sizes).map(list), max_size=6),
    "asks": st.lists(st.tuples(prices, sizes).map(list), max_size=6),
    "nonce": st.one_of(st.none(), st.integers(0, 5)),
    "timestamp": st.one_of(st.none(), st.integers(0, 2**41)),
    "symbol": st.sampled_from([None, "BTC/USDT"]),
})


@pytest.mark.parametrize("book_name", ["OrderBook", "CountedOrderBook", "IndexedOrderBook"])
@SETTINGS
@given(first=snapshots, later=st.lists(snapshots, max_size=4), depth=depths)
def test_books_agree_with_ccxt(book_name, first, later, depth):
    serial = iter(range(1000))

    def shaped(snapshot):
        # CCXT's reset() forgets the levels but not the order-id index, so reusing an
        # id across snapshots crashes CCXT; each snapshot gets fresh ids (ours clears both)
        tag = next(serial)
        snap = copy.deepcopy(snapshot)
        if book_name == "CountedOrderBook":
            for side in ("bids", "asks"):
                snap[side] = [[p, s, 1] for p, s in snap[side]]
        elif book_name == "IndexedOrderBook":
            for side in ("bids", "asks"):
                snap[side] = [[p, s, f"s{tag}-{k}"] for k, (p, s) in enumerate(snap[side])]
        return snap

    start = shaped(first)
    reference = getattr(ccxt_book, book_name)(copy.deepcopy(start), depth)
    ours = [getattr(mod, book_name)(copy.deepcopy(start), depth) for mod in implementations()]
    steps = [("limit", None)] + [("update", shaped(s)) for s in later] + [("limit", None)]
    for name, snapshot in steps:
        for ob in [reference, *ours]:
            if name == "limit":
                ob.limit()
            else:
                ob.update(copy.deepcopy(snapshot))
        for ob in ours:
            assert dict(ob) == dict(reference)
            assert ob.copy() == reference.copy()


# ---- caches ------------------------------------------------------------------------

def cache_impls():
    impls = [mod for mod in CACHE_IMPLS.values() if mod is not None]
    assert len(impls) == 2, "the Cython build is missing"
    return impls


symbols = st.sampled_from(["BTC/USDT", "ETH/USDT", "SOL/USDT"])
poll_symbols = st.one_of(st.none(), symbols, st.just("XRP/USDT"))
limits = st.one_of(st.none(), st.integers(min_value=1, max_value=6))
max_sizes = st.one_of(st.none(), st.integers(min_value=1, max_value=6))


def run_cache(cls_name, max_size, ops, make_item):
    reference = getattr(ccxt_cache, cls_name)(max_size)
    ours = [getattr(mod, cls_name)(max_size) for mod in cache_impls()]
    for op in ops:
        if op[0] == "poll":
            expected = reference.getLimit(op[1], op[2])
            for cache in ours:
                assert cache.getLimit(op[1], op[2]) == expected
        elif op[0] == "clear":
            for cache in [reference, *ours]:
                cache.clear()
        else:
            item = make_item(op)
            reference.append(copy.deepcopy(item))
            for cache in ours:
                cache.append(copy.deepcopy(item))
        for cache in ours:
            assert list(cache) == list(reference)
            assert len(cache) == len(reference)
            assert cache[-2:] == reference[-2:]
            assert cache.hashmap == reference.hashmap


def cache_ops(append):
    return st.lists(st.one_of(
        append,
        st.tuples(st.just("poll"), poll_symbols, limits),
        st.tuples(st.just("clear")),
    ), max_size=50)


@SETTINGS
@given(max_size=max_sizes, ops=cache_ops(st.tuples(st.just("append"), symbols, st.integers(0, 9))))
def test_array_cache_agrees_with_ccxt(max_size, ops):
    run_cache("ArrayCache", max_size, ops, lambda op: {"symbol": op[1], "id": str(op[2])})


@SETTINGS
@given(max_size=max_sizes, ops=cache_ops(st.tuples(
    st.just("append"), st.integers(0, 6), st.lists(st.integers(0, 9), min_size=1, max_size=5))))
def test_array_cache_by_timestamp_agrees_with_ccxt(max_size, ops):
    run_cache("ArrayCacheByTimestamp", max_size, ops, lambda op: [op[1] * 60000, *op[2]])


@SETTINGS
@given(max_size=max_sizes, ops=cache_ops(st.tuples(
    st.just("append"), symbols, st.integers(0, 5), st.integers(0, 99))))
def test_array_cache_by_symbol_by_id_agrees_with_ccxt(max_size, ops):
    run_cache("ArrayCacheBySymbolById", max_size, ops,
              lambda op: {"symbol": op[1], "id": str(op[2]), "filled": op[3]})


@SETTINGS
@given(ops=cache_ops(st.tuples(
    st.just("append"), symbols, st.sampled_from(["long", "short", "both"]), st.integers(0, 99))))
def test_array_cache_by_symbol_by_side_agrees_with_ccxt(ops):
    run_cache("ArrayCacheBySymbolBySide", None, ops,
              lambda op: {"symbol": op[1], "side": op[2], "contracts": op[3]})
