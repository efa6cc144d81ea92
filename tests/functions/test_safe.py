"""Differential tests of the safe_* family against CCXT 4.5.84, on both implementations."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ccxtpro.functions.safe as safe

from .conftest import IMPLS, assert_same_outcome, outcome
from .strategies import containers, defaults, keys, numeric_text, values

ONE_KEY = [
    "safe_string",
    "safe_string_lower",
    "safe_string_upper",
    "safe_integer",
    "safe_float",
    "safe_value",
    "safe_number",
    "safe_bool",
    "safe_dict",
    "safe_list",
    "safe_timestamp",
]
TWO_KEYS = ["safe_string_2", "safe_integer_2", "safe_float_2", "safe_value_2", "safe_number_2"]

S = settings(max_examples=300, deadline=None)


@S
@given(container=containers, key=keys, default=defaults)
def test_one_key(safe_impl: Any, oracle: Any, container: Any, key: Any, default: Any) -> None:
    for name in ONE_KEY:
        assert_same_outcome(
            outcome(getattr(safe_impl, name), container, key, default),
            outcome(getattr(oracle, name), container, key, default),
        )


@S
@given(container=containers, key1=keys, key2=keys, default=defaults)
def test_two_keys(safe_impl: Any, oracle: Any, container: Any, key1: Any, key2: Any, default: Any) -> None:
    for name in TWO_KEYS:
        assert_same_outcome(
            outcome(getattr(safe_impl, name), container, key1, key2, default),
            outcome(getattr(oracle, name), container, key1, key2, default),
        )


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(numeric_text, values))
def test_values_in_a_dict(safe_impl: Any, oracle: Any, value: Any) -> None:
    """The numeric parsers see every shape of value, in the common container."""
    frame = {"p": value}
    for name in ONE_KEY:
        assert_same_outcome(outcome(getattr(safe_impl, name), frame, "p"), outcome(getattr(oracle, name), frame, "p"))


@S
@given(container=containers, key=keys, factor=st.sampled_from([1000, 0.001, 10**20, -3, 2.5, "x", True]))
def test_integer_product(safe_impl: Any, oracle: Any, container: Any, key: Any, factor: Any) -> None:
    assert_same_outcome(
        outcome(safe_impl.safe_integer_product, container, key, factor),
        outcome(oracle.safe_integer_product, container, key, factor),
    )


@S
@given(value=values, default=defaults)
def test_parse_number(safe_impl: Any, oracle: Any, value: Any, default: Any) -> None:
    assert_same_outcome(outcome(safe_impl.parse_number, value, default), outcome(oracle.parse_number, value, default))


EDGE = [
    {"p": "1.0"}, {"p": 1.0}, {"p": 1.9}, {"p": -1.9}, {"p": True}, {"p": "NaN"}, {"p": float("nan")},
    {"p": float("inf")}, {"p": "1e3"}, {"p": "-0"}, {"p": -0.0}, {"p": 2**64}, {"p": 10**400}, {"p": ""},
    {"p": None}, {"p": [1]}, {"p": {"x": 1}}, {"p": " 7 "}, {"p": "1_0"}, {"p": b"12"}, {"p": "12345678901234567"},
]


def test_edge_cases(safe_impl: Any, oracle: Any) -> None:
    for frame in EDGE:
        for name in ONE_KEY:
            mine, theirs = outcome(getattr(safe_impl, name), frame, "p"), outcome(getattr(oracle, name), frame, "p")
            assert_same_outcome(mine, theirs)


SEQUENCES = [([10, 20], -1), ([10, 20], 5), ([10, 20], 2**70), ([10, 20], True), ("abc", 1), ((1, 2), 0), (None, 0)]


def test_sequence_containers(safe_impl: Any, oracle: Any) -> None:
    for container, key in SEQUENCES:
        for name in ONE_KEY:
            assert_same_outcome(
                outcome(getattr(safe_impl, name), container, key), outcome(getattr(oracle, name), container, key)
            )


N_NAMES = [
    "safe_value_n", "safe_string_n", "safe_string_lower_n", "safe_string_upper_n", "safe_integer_n", "safe_float_n",
    "safe_number_n", "safe_timestamp_n", "safe_bool_n", "safe_dict_n", "safe_list_n",
]


@S
@given(container=containers, key_list=st.lists(keys.filter(lambda k: k is not None), max_size=3), default=defaults)
def test_n_variants(oracle: Any, container: Any, key_list: list[Any], default: Any) -> None:
    for name in N_NAMES:
        assert_same_outcome(
            outcome(getattr(safe, name), container, key_list, default),
            outcome(getattr(oracle, name), container, key_list, default),
        )


@S
@given(container=containers, key1=keys, key2=keys, default=defaults)
def test_two_key_variants(oracle: Any, container: Any, key1: Any, key2: Any, default: Any) -> None:
    for name in ["safe_string_lower_2", "safe_string_upper_2", "safe_timestamp_2", "safe_bool_2", "safe_dict_2", "safe_list_2"]:
        assert_same_outcome(
            outcome(getattr(safe, name), container, key1, key2, default),
            outcome(getattr(oracle, name), container, key1, key2, default),
        )


@S
@given(container=containers, key=keys, default=defaults)
def test_omit_zero(oracle: Any, container: Any, key: Any, default: Any) -> None:
    for name in ["safe_number_omit_zero", "safe_integer_omit_zero"]:
        assert_same_outcome(
            outcome(getattr(safe, name), container, key, default),
            outcome(getattr(oracle, name), container, key, default),
        )


def test_default_is_compiled_when_built() -> None:
    if os.environ.get("CCXTPRO_NO_EXTENSIONS", "") not in ("", "0"):
        pytest.skip("extensions disabled by CCXTPRO_NO_EXTENSIONS")
    assert len(IMPLS) == 2, "the Cython extensions are not built"
    assert safe.safe_integer is IMPLS[1].safe_integer
    assert safe.USING_EXTENSIONS


def test_twins_share_one_api() -> None:
    names = [set(m.__all__) for m in IMPLS]
    assert all(n == names[0] for n in names)
    for mod in IMPLS:
        for name in mod.__all__:
            assert callable(getattr(mod, name)), (mod.__name__, name)


def test_typical_trade_frame(safe_impl: Any) -> None:
    frame = {"e": "trade", "E": 1700000000123, "s": "BTCUSDT", "t": 12345, "p": "37000.12", "q": "0.0123", "T": 1700000000120, "m": True}
    assert safe_impl.safe_string(frame, "s") == "BTCUSDT"
    assert safe_impl.safe_string(frame, "p") == "37000.12"
    assert safe_impl.safe_integer(frame, "T") == 1700000000120
    assert safe_impl.safe_number(frame, "q") == 0.0123
    assert safe_impl.safe_string(frame, "X", "d") == "d"
    assert safe_impl.safe_bool(frame, "m") is True
    assert safe_impl.safe_timestamp({"t": "1700000000.5"}, "t") == 1700000000500
