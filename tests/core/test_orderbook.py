"""Order books and sides: CCXT Pro's semantics, list-like reading, bad input."""

from __future__ import annotations

import json
import pickle
import random
import sys

import pytest


def test_sides_sort_best_first(book):
    asks = book.Asks([[3.0, 1.0], [1.0, 1.0], [2.0, 1.0]])
    bids = book.Bids([[3.0, 1.0], [1.0, 1.0], [2.0, 1.0]])
    assert asks == [[1.0, 1.0], [2.0, 1.0], [3.0, 1.0]]
    assert bids == [[3.0, 1.0], [2.0, 1.0], [1.0, 1.0]]
    assert book.Asks.side is False and book.Bids.side is True


def test_store_updates_inserts_and_deletes(book):
    bids = book.Bids()
    bids.store(100.0, 1.0)
    bids.store_array([101.0, 2.0])
    bids.storeArray([99.0, 3.0])
    bids.store(100.0, 5.0)  # update in place
    assert bids == [[101.0, 2.0], [100.0, 5.0], [99.0, 3.0]]
    bids.store(101.0, 0)  # zero deletes
    bids.store(99.0, None)  # None deletes, as a falsy size does in CCXT
    bids.store(42.0, 0.0)  # deleting a missing level is a no-op
    assert bids == [[100.0, 5.0]]
    assert len(bids) == 1


def test_a_level_read_earlier_sees_later_updates(book):
    asks = book.Asks()
    delta = [10, 1.0]
    asks.store_array(delta)
    best = asks[0]
    assert best == [10.0, 1.0] and type(best[0]) is float
    asks.store(10.0, 7)
    assert best == [10.0, 7.0] and type(best[1]) is float  # prices and sizes read back as floats
    asks.store_deltas([[10.0, 8.0]])
    assert best == [10.0, 8.0] and asks[0] is best  # updates write through
    assert delta == [10, 1.0]  # the caller's delta is not kept or changed


def test_counted_level_read_earlier_sees_later_updates(book):
    bids = book.CountedBids()
    bids.store(5.0, 1.0, 2)
    best = bids[0]
    bids.store(5.0, 3.0, 4)
    assert best == [5.0, 3.0, 4] and bids[0] is best


def test_store_deltas_applies_in_order_and_accepts_numeric_strings(book):
    from_numbers = book.Asks()
    from_strings = book.Asks()
    deltas = [[5.0, 1.0], [4.5, 2.0], [5.0, 0.0], [6.25, 3.5], [4.5, 9.0]]
    from_numbers.store_deltas([list(d) for d in deltas])
    from_strings.store_deltas([[str(p), str(s)] for p, s in deltas])
    assert from_numbers == from_strings == [[4.5, 9.0], [6.25, 3.5]]
    assert all(type(x) is float for level in from_strings for x in level)
    tuples = book.Asks()
    tuples.storeDeltas(tuple(tuple(d) for d in deltas))
    assert tuples == from_numbers


def test_zero_string_size_deletes(book):
    bids = book.Bids([[1.5, 2.0]])
    bids.store_deltas([["1.5", "0.00000000"]])
    assert bids == []


def test_list_protocol(book):
    asks = book.Asks([[float(p), 1.0] for p in range(1, 11)])
    assert isinstance(asks, list)
    assert asks[0] == [1.0, 1.0] and asks[-1] == [10.0, 1.0]
    assert asks[:2] == [[1.0, 1.0], [2.0, 1.0]]
    assert asks[::5] == [[1.0, 1.0], [6.0, 1.0]]
    assert [level[0] for level in asks] == [float(p) for p in range(1, 11)]
    assert [level[0] for level in reversed(asks)][0] == 10.0
    assert [3.0, 1.0] in asks
    assert asks.index([3.0, 1.0]) == 2
    assert asks.count([3.0, 1.0]) == 1
    assert bool(asks) and not bool(book.Asks())
    assert repr(book.Asks([[1.0, 2.0]])) == "[[1.0, 2.0]]"
    assert asks != [[1.0, 1.0]]
    with pytest.raises(IndexError):
        asks[10]
    asks.store(0.5, 1.0)
    assert asks[0] == [0.5, 1.0]  # reads see the latest state without limit()


def test_limit_trims_worst_levels_and_refreshes_storage(book):
    bids = book.Bids([], 3)
    for price in range(10):
        bids.store(float(price), 1.0)
    assert len(bids) == 10  # the depth applies at limit(), as in CCXT
    bids.limit()
    assert bids == [[9.0, 1.0], [8.0, 1.0], [7.0, 1.0]]
    assert json.loads(json.dumps(bids)) == [[9.0, 1.0], [8.0, 1.0], [7.0, 1.0]]


def test_order_book_snapshot_and_fields(book):
    ob = book.OrderBook({"bids": [[1.0, 1.0], [2.0, 1.0]], "asks": [[4.0, 1.0], [3.0, 1.0]],
                         "timestamp": 1700000000123, "nonce": 7, "symbol": "BTC/USDT"})
    assert isinstance(ob, dict)
    assert ob["bids"] == [[2.0, 1.0], [1.0, 1.0]]
    assert ob["asks"] == [[3.0, 1.0], [4.0, 1.0]]
    assert ob["datetime"] == "2023-11-14T22:13:20.123Z"
    assert ob["nonce"] == 7 and ob["symbol"] == "BTC/USDT"
    assert ob.cache == []
    empty = book.OrderBook()
    assert empty == {"bids": [], "asks": [], "timestamp": None, "datetime": None,
                     "nonce": None, "symbol": None}


def test_order_book_limit_reset_update_copy(book):
    ob = book.OrderBook({}, 2)
    for price in (1.0, 2.0, 3.0):
        ob["bids"].store(price, 1.0)
        ob["asks"].store(price + 10, 1.0)
    assert ob.limit() is ob
    assert ob["bids"] == [[3.0, 1.0], [2.0, 1.0]]
    assert ob["asks"] == [[11.0, 1.0], [12.0, 1.0]]
    clone = ob.copy()
    clone["bids"].store(2.5, 4.0)
    assert ob["bids"] == [[3.0, 1.0], [2.0, 1.0]]
    ob.reset({"bids": [[5.0, 1.0]], "asks": [], "nonce": 10, "timestamp": 1, "symbol": "X/Y"})
    assert ob["bids"] == [[5.0, 1.0]] and ob["asks"] == [] and ob["nonce"] == 10
    assert ob.update({"bids": [[6.0, 1.0]], "nonce": 9}) is ob  # older snapshot ignored
    assert ob["bids"] == [[5.0, 1.0]]
    ob.update({"bids": [[6.0, 1.0]], "nonce": 11})
    assert ob["bids"] == [[6.0, 1.0]] and ob["nonce"] == 11


def test_counted_book(book):
    ob = book.CountedOrderBook({"bids": [[1.0, 1.0, 2], [2.0, 3.0, 1]]})
    bids = ob["bids"]
    assert bids == [[2.0, 3.0, 1], [1.0, 1.0, 2]]
    bids.store(1.0, 5.0, 3)
    bids.store(2.0, 3.0, 0)  # a zero count deletes
    assert bids == [[1.0, 5.0, 3]]
    with pytest.raises(ValueError):
        bids.store_array([1.0, 2.0])


def test_indexed_book(book):
    ob = book.IndexedOrderBook()
    asks = ob["asks"]
    asks.store(10.0, 1.0, "b")
    asks.store(10.0, 2.0, "a")
    asks.store(9.0, 1.0, "c")
    assert asks == [[9.0, 1.0, "c"], [10.0, 2.0, "a"], [10.0, 1.0, "b"]]
    asks.store(None, 5.0, "b")  # no price: keeps the order's price
    assert asks[2] == [10.0, 5.0, "b"]
    asks.store(8.0, 5.0, "b")  # a new price moves the order
    assert asks == [[8.0, 5.0, "b"], [9.0, 1.0, "c"], [10.0, 2.0, "a"]]
    asks.store(8.0, 0, "b")
    assert asks == [[9.0, 1.0, "c"], [10.0, 2.0, "a"]]
    with pytest.raises(ValueError):
        asks.store(None, 1.0, "unknown")


@pytest.mark.parametrize("price", ["abc", "", "1.2.3", "nan"])
def test_non_numeric_price_is_a_value_error(book, price):
    side = book.Asks([[1.0, 1.0]])
    with pytest.raises(ValueError):
        side.store(price, 1.0)
    with pytest.raises(ValueError):
        side.store_deltas([[price, 1.0]])
    assert side == [[1.0, 1.0]]  # the book is untouched


@pytest.mark.parametrize("price", [None, object(), [1.0], True])
def test_non_number_price_is_a_type_error(book, price):
    side = book.Bids([[1.0, 1.0]])
    with pytest.raises(TypeError):
        side.store(price, 1.0)
    assert side == [[1.0, 1.0]]


def test_nan_price_is_rejected(book):
    with pytest.raises(ValueError):
        book.Asks().store(float("nan"), 1.0)


def test_bad_size_and_delta_shapes(book):
    side = book.Asks()
    with pytest.raises(ValueError):
        side.store(1.0, "lots")
    with pytest.raises(TypeError):
        side.store(1.0, object())
    with pytest.raises(ValueError):
        side.store_array([1.0])
    with pytest.raises(TypeError):
        side.store_deltas([5])
    with pytest.raises(TypeError):
        side.store_deltas(["1.0,2.0"])


@pytest.mark.parametrize("depth", [-1, -100])
def test_negative_depth_is_a_value_error(book, depth):
    with pytest.raises(ValueError):
        book.Asks([], depth)
    with pytest.raises(ValueError):
        book.OrderBook({}, depth)


@pytest.mark.parametrize("depth", ["10", 1.5])
def test_non_integer_depth_is_a_type_error(book, depth):
    with pytest.raises(TypeError):
        book.Bids([], depth)


def test_deep_book_matches_a_sorted_reference(book):
    """Thousands of levels, many block splits and merges, against a plain dict + sort."""
    rng = random.Random(7)
    side = book.Bids()
    reference: dict = {}
    for _ in range(30000):
        price = float(rng.randint(0, 8000))
        size = 0.0 if rng.random() < 0.3 else float(rng.randint(1, 50))
        side.store(price, size)
        if size:
            reference[price] = size
        else:
            reference.pop(price, None)
        if rng.random() < 0.001:
            assert side == [[p, reference[p]] for p in sorted(reference, reverse=True)]
    assert side == [[p, reference[p]] for p in sorted(reference, reverse=True)]
    assert len(side) == len(reference) > 4000


def test_clear_and_reuse(book):
    side = book.Asks([[1.0, 1.0], [2.0, 2.0]])
    side.clear()
    assert side == [] and len(side) == 0
    side.store(3.0, 1.0)
    assert side == [[3.0, 1.0]]


def test_copy_and_pickle_are_independent(book):
    side = book.Asks([[1.0, 1.0], [2.0, 2.0]], 5)
    clone = side.copy()
    clone.store(1.0, 9.0)
    assert side[0] == [1.0, 1.0]
    again = pickle.loads(pickle.dumps(side))
    assert again == side and type(again) is type(side) and again.depth == 5


def test_unbounded_depth(book):
    side = book.Asks([], None)
    assert side.depth is None
    side.limit()
    assert book.Asks([], 0).depth is None
    assert book.Asks([], sys.maxsize).depth is None


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

decimal_text = st.one_of(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).map(repr),
    st.tuples(st.floats(min_value=0, max_value=1e9), st.integers(0, 12)).map(lambda t: f"{t[0]:.{t[1]}f}"),
    st.from_regex(r"-?[0-9]{1,20}(\.[0-9]{0,25})?", fullmatch=True),
    st.from_regex(r"-?\.[0-9]{1,25}", fullmatch=True),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=decimal_text)
def test_numeric_strings_parse_exactly_as_float_does(book, text):
    side = book.Asks()
    side.store_deltas([[text, "1"]])
    side.store(text, "2.5")
    assert side[0][0] == float(text) and side[0][1] == 2.5
    assert len(side) == 1


@pytest.mark.parametrize("side_name", ["Bids", "Asks", "CountedBids"])
def test_drifting_book_with_reads_and_limits_matches_the_twin(book, side_name):
    """A mid that drifts leaves old prices behind (dead levels to sweep away) while
    readers hold levels and limit() trims: the build must agree with the twin throughout."""
    from ccxtpro._core import orderbook_py as twin

    rng = random.Random(11)
    ours = getattr(book, side_name)([], 300)
    reference = getattr(twin, side_name)([], 300)
    counted = side_name.startswith("Counted")
    held = []
    for step in range(40000):
        mid = 1000 + step // 5  # the price grid moves up over time, leaving dead levels behind
        price = float(mid + rng.randint(-400, 400)) / 4
        size = 0.0 if rng.random() < 0.35 else float(rng.randint(1, 9))
        delta = [price, size, rng.randint(1, 3)] if counted else [price, size]
        if rng.random() < 0.5:
            ours.store_deltas([list(delta)])
        else:
            ours.store_array(list(delta))
        reference.store_array(list(delta))
        if step % 997 == 0:
            held.append(ours[0])  # a reader keeps the best level around
            assert list(ours) == list(reference)
        if step % 4999 == 0:
            ours.limit()
            reference.limit()
            assert list(ours) == list(reference) and len(ours) == len(reference) <= 300
    ours.limit()
    reference.limit()
    assert list(ours) == list(reference)
    assert all(type(level[0]) is float and type(level[1]) is float for level in ours)


def test_a_level_deleted_and_stored_again_is_a_new_level(book):
    bids = book.Bids([[10.0, 1.0]])
    first = bids[0]
    bids.store(10.0, 0)
    bids.store(10.0, 3.0)
    assert bids == [[10.0, 3.0]]
    assert first == [10.0, 1.0]  # the deleted level is not brought back to life


def test_zero_prices_and_negative_zero_are_one_level(book):
    asks = book.Asks()
    asks.store(0.0, 1.0)
    asks.store(-0.0, 2.0)
    assert asks == [[0.0, 2.0]]
    asks.store_deltas([[-0.0, 0.0]])
    assert asks == []
