"""Hypothesis strategies for the shapes exchange frames take."""

from __future__ import annotations

from hypothesis import strategies as st

KEYS = ["a", "b", "c", 0, 1, 2, -1, True, None]

numeric_text = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=False, allow_infinity=False, places=8).map(str),
    st.from_regex(r"\A[+-]?[0-9]{0,18}(\.[0-9]{0,18})?([eE][+-]?[0-9]{1,4})?\Z"),
    st.sampled_from(
        ["NaN", "nan", "-inf", "Infinity", " 12 ", "1_000", "1__0", "١٢", ".", "-", "+.5", "1.", "-0", "0e999",
         "1e-400", "1e400", "9007199254740993", "123456789012345678901234567890", "0x10", "1.5.3", "\x00"]
    ),
)

scalars = st.one_of(
    st.none(),
    st.just(""),
    st.booleans(),
    st.integers(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=6),
    numeric_text,
)

values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.sampled_from(["a", "b"]), scalars, max_size=2),
)

dicts = st.dictionaries(st.sampled_from(["a", "b", "c", 0, 1]), values, max_size=4)
lists = st.lists(values, max_size=4)
containers = st.one_of(dicts, lists, st.none(), st.text(max_size=3), st.integers())
keys = st.sampled_from(KEYS)
defaults = st.one_of(st.none(), st.just(0), st.just("x"), st.just(False), st.just({}), st.just([]))
