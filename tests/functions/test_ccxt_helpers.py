"""Primitives CCXT's base class exposes as exchange methods, written by hand here like the
others: base58, big-endian integers, truncation, CCXT's un-camel-casing, random ids, time."""

from __future__ import annotations

import asyncio
import time

import pytest

from ccxtpro.errors import BadRequest
from ccxtpro.functions import (
    FunctionsMixin,
    base58_to_binary,
    binary_to_base58,
    now,
    number_to_be,
    rand_number,
    random_bytes,
    truncate,
    truncate_to_string,
    un_camel_case,
)


@pytest.mark.parametrize("data, text", [
    (b"", ""), (b"\x00", "1"), (b"\x00\x00\x01", "112"), (b"hello world", "StV1DL6CwTryKyV"),
    (bytes.fromhex("0000287fb4cd"), "11233QC4"),
])
def test_base58_round_trips_with_leading_zero_bytes(data, text):
    assert binary_to_base58(data) == text
    assert base58_to_binary(text) == data


def test_base58_refuses_a_character_outside_its_alphabet_with_a_typed_error():
    with pytest.raises(BadRequest, match="base58"):
        base58_to_binary("abc0")  # 0, O, I and l are not base58 digits


def test_number_to_be():
    assert number_to_be(258, 4) == b"\x00\x00\x01\x02"
    assert number_to_be("7", 1) == b"\x07"


@pytest.mark.parametrize("num, precision, text", [
    (1.23456, 2, "1.23"), (-1.999, 0, "-1"), ("12.3", 5, "12.3"), (0.1 + 0.2, 3, "0.300"), (5, 2, "5"),
    (1e-7, 8, "0.0000001"),
])
def test_truncate_cuts_without_rounding(num, precision, text):
    assert truncate_to_string(num, precision) == text
    assert truncate(num, precision) == float(text)


@pytest.mark.parametrize("name, snake", [
    ("fetchOHLCVWs", "fetch_ohlcv_ws"), ("parseOHLCVs", "parse_ohlcvs"), ("safeString2", "safe_string_2"),
    ("fetch2", "fetch2"), ("uuid5", "uuid5"), ("createOHLCVObject", "create_ohlcv_object"),
    ("fetchMyTrades", "fetch_my_trades"),
])
def test_un_camel_case_is_ccxts(name, snake):
    assert un_camel_case(name) == snake


def test_random_ids_and_time():
    assert len(random_bytes(16)) == 32 and random_bytes(16) != random_bytes(16)
    int(random_bytes(8), 16)
    assert 0 <= rand_number(3) < 1000
    before = int(time.time() * 1000)
    assert before - 5 <= now() <= int(time.time() * 1000) + 5
    assert callable(FunctionsMixin.unCamelCase) and callable(FunctionsMixin.base58ToBinary)


def test_exchange_sleep_and_ccxt_version():
    from ccxtpro import Exchange

    ex = Exchange()
    started = time.monotonic()
    asyncio.run(ex.sleep(20))
    assert time.monotonic() - started >= 0.015
    assert ex.get_ccxt_version() == "unknown"  # a generated class names the CCXT release it came from
    asyncio.run(ex.close())
