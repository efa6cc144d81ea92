"""iso8601, compiled and twin, against CCXT 4.5.84's own on the same inputs."""

from __future__ import annotations

import ccxt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccxtpro._core import timefmt_py

try:
    from ccxtpro._core import timefmt_c
except ImportError:  # pragma: no cover - only when the extensions were not built
    timefmt_c = None

IMPLS = {"py": timefmt_py, "c": timefmt_c}

timestamps = st.one_of(
    st.integers(min_value=-10, max_value=2**64),
    st.integers(min_value=0, max_value=253402300800000 + 5),
    st.integers(min_value=1_600_000_000_000, max_value=1_900_000_000_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet="0123456789a -", max_size=16),
    st.sampled_from([None, True, False, [], {}, 8640000000000000, 8640000000000001]),
)


@pytest.fixture(params=["py", "c"])
def impl(request):
    module = IMPLS[request.param]
    if module is None:
        pytest.fail("the Cython extensions are not built")
    return module


@settings(max_examples=500, deadline=None)
@given(value=timestamps)
def test_iso8601_agrees_with_ccxt(value):
    expected = ccxt.Exchange.iso8601(value)
    for module in IMPLS.values():
        if module is not None:
            assert module.iso8601(value) == expected


def test_consecutive_frames_share_the_second(impl):
    assert impl.iso8601(1700000000123) == "2023-11-14T22:13:20.123Z"
    assert impl.iso8601(1700000000999) == "2023-11-14T22:13:20.999Z"
    assert impl.iso8601(1700000001000) == "2023-11-14T22:13:21.000Z"
    assert impl.iso8601(0) == "1970-01-01T00:00:00.000Z"
    assert impl.iso8601(253402300799999) == "9999-12-31T23:59:59.999Z"
    assert impl.iso8601(253402300800000) is None
