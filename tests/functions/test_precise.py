"""Precise string arithmetic against CCXT 4.5.84's Precise."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccxtpro.functions import Precise

from .conftest import assert_same_outcome, outcome

ccxt_precise = pytest.importorskip("ccxt.base.precise")

numeric = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=12, min_value=-(10**9), max_value=10**9).map(str),
    st.integers(-(10**20), 10**20).map(str),
    st.from_regex(r"\A-?[0-9]{1,4}(\.[0-9]{1,6})?[eE]-?[0-9]{1,2}\Z"),
    st.sampled_from(["0", "-0", "0.000", "10.00", "1e-8", "5e-5", "-1", "1.2.3", "abc", ""]),
    st.none(),
)

BINARY = ["string_mul", "string_add", "string_sub", "string_mod", "string_or", "string_equals", "string_eq",
          "string_min", "string_max", "string_gt", "string_ge", "string_lt", "string_le", "string_div"]
UNARY = ["string_abs", "string_neg"]


@settings(max_examples=300, deadline=None)
@given(a=numeric, b=numeric)
def test_string_ops(a: Any, b: Any) -> None:
    for name in BINARY:
        assert_same_outcome(outcome(getattr(Precise, name), a, b), outcome(getattr(ccxt_precise.Precise, name), a, b))
    for name in UNARY:
        assert_same_outcome(outcome(getattr(Precise, name), a), outcome(getattr(ccxt_precise.Precise, name), a))


@settings(max_examples=150, deadline=None)
@given(a=numeric, b=numeric, precision=st.integers(0, 20))
def test_div_with_precision(a: Any, b: Any, precision: int) -> None:
    assert_same_outcome(
        outcome(Precise.string_div, a, b, precision), outcome(ccxt_precise.Precise.string_div, a, b, precision)
    )


def test_operators_and_str() -> None:
    a, b = Precise("1.50"), Precise("0.25")
    assert str(a + b) == "1.75" and str(a - b) == "1.25" and str(a * b) == "0.375" and str(a / b) == "6"
    assert str(-a) == "-1.5" and str(abs(Precise("-2"))) == "2" and str(a % b) == "0"
    assert a > b and b < a and a >= a and b <= b and Precise("10.00") == "10" and Precise("1") == Precise("1.000")
    assert repr(Precise("1e3")) == "Precise(1000)" and float(Precise("0.5")) == 0.5
