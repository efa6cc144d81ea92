"""Time helpers against CCXT 4.5.84."""

from __future__ import annotations

import time as stdlib_time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccxtpro.functions import time as t

from .conftest import assert_same_outcome, outcome

E = pytest.importorskip("ccxt").Exchange
S = settings(max_examples=200, deadline=None)

stamps = st.one_of(
    st.integers(0, 8640000000000000), st.integers(-(10**3), 10**3), st.floats(), st.booleans(), st.none(),
    st.integers(0, 10**14).map(str), st.sampled_from(["", "12a", "٣", "1.5", " 1"]),
)


@S
@given(ts=stamps)
def test_iso8601(ts: Any) -> None:
    assert_same_outcome(outcome(t.iso8601, ts), outcome(E.iso8601, ts))


iso_text = st.builds(
    lambda y, mo, d, sep, h, mi, s, frac, zone, junk: f"{junk}{y:04d}-{mo:02d}-{d:02d}{sep}{h:02d}:{mi:02d}:{s:02d}{frac}{zone}",
    st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32), st.sampled_from(["T", " ", "t", "", "\u2003", "_"]),
    st.integers(0, 25), st.integers(0, 61), st.integers(0, 61), st.sampled_from(["", ".5", ".123", ".123456", "."]),
    st.sampled_from(["", "Z", "z", "+02:00", "-0530", "+2", "+99:99"]), st.sampled_from(["", "x", "Mon "]),
)


@S
@given(text=st.one_of(iso_text, st.text(max_size=25), st.none(), st.integers()))
def test_parse8601_and_parse_date(text: Any) -> None:
    assert_same_outcome(outcome(t.parse8601, text), outcome(E.parse8601, text))
    assert_same_outcome(outcome(t.parse_date, text), outcome(E.parse_date, text))


@pytest.mark.parametrize(
    "text", ["Tue, 14 Nov 2023 22:13:20 GMT", "14 Nov 2023 22:13:20 GMT", "GMT", "Tue, 99 Nov 2023 22:13:20 GMT", "garbage GMT"]
)
def test_parse_date_rfc2822(text: str) -> None:
    assert_same_outcome(outcome(t.parse_date, text), outcome(E.parse_date, text))


@S
@given(ts=st.integers(0, 4 * 10**12), infix=st.sampled_from(["-", "", "/", " ", "T"]))
def test_formatters(ts: int, infix: str) -> None:
    assert t.ymd(ts, infix) == E.ymd(ts, infix) and t.ymd(ts, infix, False) == E.ymd(ts, infix, False)
    assert t.yymmdd(ts) == E.yymmdd(ts) and t.yyyymmdd(ts, infix) == E.yyyymmdd(ts, infix)
    assert t.ymdhms(ts) == E.ymdhms(ts) and t.ymdhms(ts, infix) == E.ymdhms(ts, infix)


@S
@given(
    tf=st.sampled_from(["1s", "1m", "3m", "15m", "1h", "4h", "1d", "3d", "1w", "2w", "1M", "3M", "1y", "2y", "1x", "0.5d"]),
    ts=st.integers(10**11, 4 * 10**12),
    direction=st.sampled_from([t.ROUND_UP, t.ROUND_DOWN]),
)
def test_timeframes(tf: str, ts: int, direction: int) -> None:
    assert_same_outcome(outcome(t.parse_timeframe, tf), outcome(E.parse_timeframe, tf))
    assert_same_outcome(outcome(t.round_timeframe, tf, ts, direction), outcome(E.round_timeframe, tf, ts, direction))


def test_clocks() -> None:
    now = stdlib_time.time()
    assert abs(t.seconds() - now) < 2
    assert abs(t.milliseconds() / 1000 - now) < 2
    assert abs(t.microseconds() / 1e6 - now) < 2
    assert isinstance(t.milliseconds(), int)
