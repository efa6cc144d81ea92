"""Dict/list helpers against CCXT 4.5.84."""

from __future__ import annotations

import collections
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccxtpro.functions import generic

from .conftest import assert_same_outcome, outcome

E = pytest.importorskip("ccxt").Exchange

scalar = st.one_of(st.none(), st.integers(-5, 5), st.sampled_from(["a", "b", "c", ""]))
keys = st.sampled_from(["k", "v", "x"])
flat_dicts = st.dictionaries(keys, scalar, max_size=3)
nested = st.recursive(flat_dicts, lambda inner: st.dictionaries(keys, st.one_of(scalar, inner), max_size=3), max_leaves=8)
records = st.lists(st.fixed_dictionaries({"k": scalar, "v": st.integers(-3, 3)}, optional={"x": scalar}), max_size=6)
S = settings(max_examples=150, deadline=None)


@S
@given(args=st.lists(st.one_of(flat_dicts, nested), max_size=4))
def test_extend(args: list[Any]) -> None:
    assert_same_outcome(outcome(generic.extend, *args), outcome(E.extend, *args))


def test_extend_keeps_ordered_dict() -> None:
    merged = generic.extend(collections.OrderedDict(a=1), {"b": 2}, {"a": 3})
    assert type(merged) is collections.OrderedDict and merged == E.extend(collections.OrderedDict(a=1), {"b": 2}, {"a": 3})


@S
@given(args=st.lists(st.one_of(nested, st.none(), st.integers(), st.lists(st.integers(), max_size=2)), max_size=4))
def test_deep_extend(args: list[Any]) -> None:
    assert_same_outcome(outcome(generic.deep_extend, *args), outcome(E.deep_extend, *args))


@S
@given(d=st.one_of(nested, st.none(), st.integers()), omitted=st.lists(st.one_of(keys, st.lists(keys, max_size=2)), max_size=3))
def test_omit(d: Any, omitted: list[Any]) -> None:
    assert_same_outcome(outcome(generic.omit, d, *omitted), outcome(E.omit, d, *omitted))


@S
@given(array=st.one_of(records, st.dictionaries(st.sampled_from(["p", "q", "r"]), records.map(lambda r: r[0] if r else {}), max_size=3)), key=keys)
def test_index_group_filter_pluck(array: Any, key: str) -> None:
    assert_same_outcome(outcome(generic.index_by, array, key), outcome(E.index_by, array, key))
    assert_same_outcome(outcome(generic.group_by, array, key), outcome(E.group_by, array, key))
    assert type(generic.group_by(array, key)) is type(E.group_by(array, key))
    for value in (None, 1, "a"):
        assert_same_outcome(outcome(generic.filter_by, array, key, value), outcome(E.filter_by, array, key, value))
    arr = generic.to_array(array)
    assert generic.pluck(array, key) == [r[key] for r in arr if key in r]


@S
@given(rows=st.lists(st.lists(st.one_of(st.none(), st.integers(-3, 3)), min_size=3, max_size=3), max_size=6), key=st.integers(-2, 3))
def test_index_by_int_key(rows: list[list[Any]], key: int) -> None:
    assert_same_outcome(outcome(generic.index_by, rows, key), outcome(E.index_by, rows, key))


@S
@given(array=records, descending=st.booleans(), default=st.sampled_from([0, -1, 10]))
def test_sort_by(array: list[Any], descending: bool, default: int) -> None:
    assert_same_outcome(outcome(generic.sort_by, array, "v", descending, default), outcome(E.sort_by, array, "v", descending, default))
    assert_same_outcome(outcome(generic.sort_by, array, "k", descending, default), outcome(E.sort_by, array, "k", descending, default))
    assert_same_outcome(outcome(generic.sort_by_2, array, "v", "k", descending), outcome(E.sort_by_2, array, "v", "k", descending))


@S
@given(args=st.lists(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.text(max_size=2), st.booleans()), max_size=5))
def test_sum_and_friends(args: list[Any]) -> None:
    assert_same_outcome(outcome(generic.sum, *args), outcome(E.sum, *args))
    assert generic.array_concat(args, [1]) == E.array_concat(args, [1])
    assert generic.in_array(1, args) == E.in_array(1, args)
    assert set(generic.unique(args)) == set(E.unique(args))
    assert generic.unique(args) == list(dict.fromkeys(args))  # first-seen order, like JS


@pytest.mark.parametrize("obj", [None, [], {}, "", "x", b"", 0, 1, [0], {"a": 1}, object(), type("T", (), {})()], ids=repr)
def test_is_empty(obj: Any) -> None:
    assert generic.is_empty(obj) == E.is_empty(obj)


@S
@given(d=flat_dicts)
def test_keysort_to_array_clone(d: dict[str, Any]) -> None:
    assert list(generic.keysort(d).items()) == list(E.keysort(d).items())
    assert generic.to_array(d) == E.to_array(d)
    c = generic.clone(d)
    assert c == d and c is not d


@S
@given(bidasks=st.lists(st.tuples(st.integers(1, 4), st.integers(-2, 5)), max_size=8))
def test_aggregate(bidasks: list[Any]) -> None:
    assert generic.aggregate(bidasks) == E.aggregate(bidasks)


def test_small_helpers() -> None:
    assert generic.flatten([1, [2, [3, (4,)]], [], 5]) == [1, 2, 3, 4, 5]
    assert generic.capitalize("fooBar") == E.capitalize("fooBar") == "FooBar"
    assert generic.capitalize("") == ""
    assert generic.strip("  x ") == "x"
    assert generic.array_slice([1, 2, 3], 1) == [2, 3] and generic.array_slice([1, 2, 3], -2, 0) == [2, 3]
    assert generic.string_to_chars_array("ab") == ["a", "b"]
    assert generic.is_dictionary({}) and not generic.is_dictionary([])
    assert generic.value_is_defined(0) and not generic.value_is_defined(None)
    assert generic.sort([3, 1]) == [1, 3]
