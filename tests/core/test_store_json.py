"""``OrderBookSide.store_json``: delta rows applied from JSON text, as ``store_deltas`` applies them decoded.

Whatever the text, both builds answer alike; True means the side(s) now hold
exactly what ``store_deltas`` of the decoded rows (as ``float()`` reads them)
gives, False that nothing changed.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import BOOK_IMPLS

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def implementations():
    impls = [mod for mod in BOOK_IMPLS.values() if mod is not None]
    assert len(impls) == 2, "the Cython build is missing"
    return impls


def _plain(draw, max_int, max_frac):
    whole = draw(st.integers(0, 10 ** max_int))
    frac_len = draw(st.integers(0, max_frac))
    text = str(whole) if frac_len == 0 else f"{whole}.{draw(st.integers(0, 10 ** frac_len - 1)):0{frac_len}d}"
    return draw(st.sampled_from(["", "", "", "-"])) + text


@st.composite
def number_texts(draw):
    kind = draw(st.sampled_from(["plain"] * 8 + ["zero", "long", "exp", "odd", "quoted_number"]))
    if kind == "plain":
        return json.dumps(_plain(draw, 6, 8))
    if kind == "zero":
        return json.dumps(draw(st.sampled_from(["0", "0.00000000", "-0.0", "0."])))
    if kind == "long":  # beyond the exact fast path: 2**53, more than 22 decimals, 40 characters
        return json.dumps(draw(st.sampled_from(["9007199254740993", "9007199254740992", "0." + "0" * 22 + "1",
                                                "1." + "0" * 22, "0" * 41 + "1", "12345678901234567.5"])))
    if kind == "exp":
        return json.dumps(f"{draw(st.integers(1, 99))}e{draw(st.integers(-5, 5))}")
    if kind == "odd":
        return draw(st.sampled_from(['"1.2.3"', '"-"', '"."', '""', '" 1"', '"1_0"', '"\\u0031"', '"NaN"',
                                     '"inf"', '"+1"', '"1,5"', "1.5", "2", "null", "true", '"é"']))
    return json.dumps(draw(st.floats(min_value=0, max_value=1e6, allow_nan=False)))


space = st.sampled_from(["", "", "", " ", "\n", "\t ", "\r\n"])


@st.composite
def row_texts(draw):
    """A JSON array of rows (or something near one), and its decoded rows when it is JSON."""
    rows = draw(st.lists(st.tuples(number_texts(), number_texts()), max_size=6))
    parts = []
    for price, size in rows:
        extra = draw(st.sampled_from([""] * 12 + [', "3"', ",", ", []"]))
        parts.append(f"[{draw(space)}{price}{draw(space)},{draw(space)}{size}{extra}{draw(space)}]")
    text = draw(space) + "[" + draw(space) + ("," + draw(space)).join(parts) + draw(space) + "]" + draw(space)
    mangle = draw(st.sampled_from([None] * 10 + ["cut", "trailing", "comma", "object"]))
    if mangle == "cut":
        text = text[: draw(st.integers(0, max(0, len(text) - 1)))]
    elif mangle == "trailing":
        text += "x"
    elif mangle == "comma" and parts:
        text = text.rstrip()[:-1] + ",]"
    elif mangle == "object":
        text = '{"a": ' + text + "}"
    return text


def _decoded(text: str):
    """The rows store_json takes, as floats, or None when it must decline."""
    try:
        rows = json.loads(text)
    except ValueError:
        return None
    if type(rows) is not list:
        return None
    out = []
    for row in rows:
        if type(row) is not list or len(row) != 2 or not all(type(x) is str for x in row):
            return None
        pair = []
        for x in row:
            body = x[1:] if x.startswith("-") else x
            whole, _, frac = body.partition(".")
            digits = whole + frac
            if not 0 < len(x) <= 40 or not digits or not digits.isdigit() or not digits.isascii() \
                    or body.count(".") > 1 or len(frac) > 22 or int(digits) > 2 ** 53 or "\\" in text:
                return None
            pair.append(float(x))
        out.append(pair)
    return out


def _side(mod, name):
    side = getattr(mod, name)([[1.5, 1.0], [100.0, 2.0], [7.25, 3.0]])
    side[0]  # a level read before the update: it must see later sizes (or be detached by a delete)
    return side


@pytest.mark.parametrize("name", ["Asks", "Bids"])
@SETTINGS
@given(text=row_texts(), pad=st.text(alphabet="x{}[]", max_size=3))
def test_json_rows_are_stored_as_their_decoded_rows_or_not_at_all(name, text, pad):
    data = (pad + text + pad).encode()
    start, end = len(pad.encode()), len(pad.encode()) + len(text.encode())
    expected_rows = _decoded(text)
    answers = []
    for mod in implementations():
        side = _side(mod, name)
        before = [level[:] for level in side]
        reference = _side(mod, name)
        took = side.store_json(data, start, end)
        answers.append(took)
        if took:
            reference.store_deltas(expected_rows)
            assert side == reference and all(type(x) is float for level in side for x in level)
        else:
            assert side == before
    assert answers[0] == answers[1] == (expected_rows is not None)


@SETTINGS
@given(asks=row_texts(), bids=row_texts())
def test_two_sides_are_all_or_nothing(asks, bids):
    data = (asks + "|" + bids).encode()
    a_end = len(asks.encode())
    for mod in implementations():
        book = mod.OrderBook({"asks": [[10.0, 1.0]], "bids": [[9.0, 1.0]]})
        took = book["asks"].store_json(data, 0, a_end, book["bids"], a_end + 1, len(data))
        both = _decoded(asks) is not None and _decoded(bids) is not None
        assert took == both
        if took:
            ref = mod.OrderBook({"asks": [[10.0, 1.0]], "bids": [[9.0, 1.0]]})
            ref["asks"].store_deltas(_decoded(asks))
            ref["bids"].store_deltas(_decoded(bids))
            assert book["asks"] == ref["asks"] and book["bids"] == ref["bids"]
        else:
            assert book["asks"] == [[10.0, 1.0]] and book["bids"] == [[9.0, 1.0]]


def test_a_level_read_earlier_sees_the_sizes_stored_from_json(book):
    asks = book.Asks([[1.0, 1.0], [2.0, 1.0]])
    first = asks[0]
    assert asks.store_json(b'[["1.0","4.5"],["3","1"]]', 0, 25)
    assert first == [1.0, 4.5] and asks[0] is first and asks == [[1.0, 4.5], [2.0, 1.0], [3.0, 1.0]]
    assert asks.store_json(b'[["1", "0"]]', 0, 12)
    assert first == [1.0, 4.5] and asks == [[2.0, 1.0], [3.0, 1.0]]  # deleted: detached


def test_other_shapes_and_bad_arguments(book):
    for side in (book.CountedAsks(), book.IndexedBids()):
        assert side.store_json(b"[]", 0, 2) is False  # levels that are not [price, size]
    asks = book.Asks()
    assert asks.store_json(b"[]", 0, 2, book.CountedBids(), 0, 2) is False
    with pytest.raises(TypeError):
        asks.store_json("[]", 0, 2)
    with pytest.raises(TypeError):
        asks.store_json(b"[]", 0, 2, asks, 0, 2)
    with pytest.raises(ValueError):
        asks.store_json(b"[]", 0, 3)
    with pytest.raises(ValueError):
        asks.store_json(b"[]", 2, 1)
    with pytest.raises(ValueError):
        asks.store_json(b"[]", 0, 2, book.Bids(), -1, 2)
