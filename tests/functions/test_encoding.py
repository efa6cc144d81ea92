"""Encodings against CCXT 4.5.84."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccxtpro.functions import encoding as enc

from .conftest import assert_same_outcome, outcome

E = pytest.importorskip("ccxt").Exchange
S = settings(max_examples=150, deadline=None)

param_values = st.one_of(
    st.text(max_size=8), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
    st.lists(st.one_of(st.integers(), st.text(max_size=3)), max_size=3),
)
params = st.dictionaries(st.text(min_size=1, max_size=5), param_values, max_size=4)


@S
@given(p=params)
def test_query_strings(p: dict[str, Any]) -> None:
    assert_same_outcome(outcome(enc.urlencode, p), outcome(E.urlencode, p))
    assert_same_outcome(outcome(enc.urlencode, p, True), outcome(E.urlencode, p, True))
    assert_same_outcome(outcome(enc.rawencode, p), outcome(E.rawencode, p))
    assert_same_outcome(outcome(enc.urlencode_with_array_repeat, p), outcome(E.urlencode_with_array_repeat, p))


@S
@given(p=st.recursive(params, lambda inner: st.dictionaries(st.text(min_size=1, max_size=3), st.one_of(inner, st.lists(inner, max_size=2)), max_size=3), max_leaves=6))
def test_urlencode_nested(p: dict[str, Any]) -> None:
    assert_same_outcome(outcome(enc.urlencode_nested, p), outcome(E.urlencode_nested, p))


@S
@given(s=st.text(max_size=12))
def test_text_codecs(s: str) -> None:
    assert enc.encode_uri_component(s) == E.encode_uri_component(s)
    assert enc.string_to_base64(s) == E.string_to_base64(s)
    assert enc.base64_to_string(enc.string_to_base64(s)) == s
    assert enc.urlencode_base64(s) == E.urlencode_base64(s)
    assert enc.is_json_encoded_object(s) == E.is_json_encoded_object(s)
    assert enc.encode(s) == E.encode(s) and enc.decode(enc.encode(s)) == s
    assert enc.string_to_base16(s) == enc.encode(s).hex()


@S
@given(b=st.binary(max_size=40))
def test_binary_codecs(b: bytes) -> None:
    assert enc.binary_to_base64(b) == E.binary_to_base64(b)
    assert enc.base64_to_binary(enc.binary_to_base64(b)) == E.base64_to_binary(E.binary_to_base64(b)) == b
    assert enc.binary_to_base16(b) == E.binary_to_base16(b)
    assert enc.base16_to_binary(enc.binary_to_base16(b).upper()) == b
    assert enc.urlencode_base64(b) == E.urlencode_base64(b)
    assert enc.binary_concat(b, b"x", b) == E.binary_concat(b, b"x", b)
    assert enc.binary_concat_array([b, b]) == E.binary_concat_array([b, b])


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)),
    max_leaves=10,
)


@S
@given(v=json_values)
def test_json(v: Any) -> None:
    assert enc.json(v) == E.json(v)
    assert enc.parse_json(enc.json(v)) == v


@pytest.mark.parametrize(
    "template,p",
    [("/api/{id}/orders/{symbol}", {"id": 5, "symbol": "BTC-USDT", "x": [1]}), ("/{a-b}/{c}", {"a-b": "q", "c": [1]}), ("/x", None)],
)
def test_url_templates(template: str, p: Any) -> None:
    assert enc.implode_params(template, p) == E.implode_params(template, p)
    assert enc.extract_params(template) == E.extract_params(template)
