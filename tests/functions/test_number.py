"""decimal_to_precision, number_to_string and precision_from_string against CCXT 4.5.84."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccxtpro.functions import number

from .conftest import assert_same_outcome, outcome

dtp = pytest.importorskip("ccxt.base.decimal_to_precision")
oracle = pytest.importorskip("ccxt").Exchange()

numbers_in = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=10, min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e-3, max_value=1e-3),
    st.integers(-(10**15), 10**15),
    st.sampled_from(["0", "-0", "0.5", "-0.5", "1.45", "-1.45", "1e-8", "123.456e3", "0.000000015", "9.9999999"]),
)
ticks = st.sampled_from([0.01, 0.5, 5, 10, 100, 0.001, 1e-8, 0.00025, "0.01", "0.05", "25", 1, 0.1, 2.5, "1e-5"])
modes = st.sampled_from([number.TRUNCATE, number.ROUND])
paddings = st.sampled_from([number.NO_PADDING, number.PAD_WITH_ZERO])


def test_constants_match() -> None:
    for name in ("TRUNCATE", "ROUND", "ROUND_UP", "ROUND_DOWN", "DECIMAL_PLACES", "SIGNIFICANT_DIGITS", "TICK_SIZE",
                 "NO_PADDING", "PAD_WITH_ZERO"):
        assert getattr(number, name) == getattr(dtp, name), name


@settings(max_examples=400, deadline=None)
@given(
    n=numbers_in,
    rounding=modes,
    precision=st.integers(-4, 30),
    counting=st.sampled_from([number.DECIMAL_PLACES, number.SIGNIFICANT_DIGITS]),
    padding=paddings,
)
def test_places_and_significant_digits(n: Any, rounding: int, precision: int, counting: int, padding: int) -> None:
    assert_same_outcome(
        outcome(number.decimal_to_precision, n, rounding, precision, counting, padding),
        outcome(dtp.decimal_to_precision, n, rounding, precision, counting, padding),
    )


@settings(max_examples=300, deadline=None)
@given(n=numbers_in, rounding=modes, tick=ticks, padding=paddings)
def test_tick_size(n: Any, rounding: int, tick: Any, padding: int) -> None:
    assert_same_outcome(
        outcome(number.decimal_to_precision, n, rounding, tick, number.TICK_SIZE, padding),
        outcome(dtp.decimal_to_precision, n, rounding, tick, number.TICK_SIZE, padding),
    )


@pytest.mark.parametrize(
    "args",
    [
        ("1", number.ROUND, None),
        ("1", number.ROUND, 0, number.TICK_SIZE),
        ("1", number.ROUND, -1, number.TICK_SIZE),
        ("1", number.ROUND, 1.5),
        ("1", 7, 2),
        ("1", number.ROUND, 2, 9),
        ("1", number.ROUND, 2, number.DECIMAL_PLACES, 9),
        ("abc", number.ROUND, 2),
        ("1e30", number.ROUND, 5),
        ("12.5", number.ROUND, "0.5", number.TICK_SIZE),
    ],
    ids=repr,
)
def test_bad_arguments_fail_alike(args: tuple[Any, ...]) -> None:
    assert_same_outcome(outcome(number.decimal_to_precision, *args), outcome(dtp.decimal_to_precision, *args))


@settings(max_examples=300, deadline=None)
@given(x=st.one_of(st.none(), st.integers(), st.floats(), numbers_in, st.booleans()))
def test_number_to_string(x: Any) -> None:
    assert_same_outcome(outcome(number.number_to_string, x), outcome(dtp.number_to_string, x))


@settings(max_examples=80, deadline=None)
@given(s=st.one_of(st.from_regex(r"\A[0-9]{1,3}(\.[0-9]{0,8})?\Z"), st.from_regex(r"\A[0-9]e-?[0-9]{1,2}\Z")))
def test_precision_from_string(s: str) -> None:
    assert_same_outcome(outcome(number.precision_from_string, s), outcome(oracle.precision_from_string, s))


def test_does_not_touch_the_callers_decimal_context() -> None:
    import decimal

    before = decimal.getcontext().copy()
    number.decimal_to_precision("1.005", number.ROUND, 2)
    after = decimal.getcontext()
    assert (after.prec, after.rounding, dict(after.traps)) == (before.prec, before.rounding, dict(before.traps))
