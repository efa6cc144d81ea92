"""FunctionsMixin: every primitive as a method, snake_case and camelCase, same objects."""

from __future__ import annotations

import decimal
from typing import Any

import pytest

import ccxtpro.functions as functions
from ccxtpro.functions import FunctionsMixin, camelcase
from ccxtpro.functions.mixin import PRIMITIVES


class Toy(FunctionsMixin):
    pass


def test_every_primitive_is_a_method_under_both_names() -> None:
    toy = Toy()
    for name, fn in PRIMITIVES.items():
        assert getattr(toy, name) is fn, name
        assert getattr(toy, camelcase(name)) is fn, name
        assert getattr(functions, name) is fn, name


@pytest.mark.parametrize(
    "snake,camel",
    [("safe_string_2", "safeString2"), ("safe_integer_product_n", "safeIntegerProductN"), ("parse8601", "parse8601"),
     ("encode_uri_component", "encodeUriComponent"), ("decimal_to_precision", "decimalToPrecision"),
     ("urlencode_with_array_repeat", "urlencodeWithArrayRepeat"), ("binary_to_base16", "binaryToBase16")],
)
def test_camelcase_matches_ccxt(snake: str, camel: str) -> None:
    assert camelcase(snake) == camel


def test_ccxt_base_names_are_covered() -> None:
    """Every hand-written static primitive of CCXT's base class that we ship exists here too."""
    ccxt = pytest.importorskip("ccxt")
    wanted = [
        "safe_string", "safe_string_2", "safe_string_n", "safe_string_lower", "safe_string_lower_2", "safe_string_lower_n",
        "safe_string_upper", "safe_string_upper_2", "safe_string_upper_n", "safe_integer", "safe_integer_2",
        "safe_integer_n", "safe_integer_product", "safe_integer_product_2", "safe_integer_product_n", "safe_number",
        "safe_number_2", "safe_number_n", "safe_float", "safe_float_2", "safe_float_n", "safe_value", "safe_value_2",
        "safe_value_n", "safe_dict", "safe_dict_2", "safe_dict_n", "safe_list", "safe_list_2", "safe_list_n",
        "safe_bool", "safe_bool_2", "safe_bool_n", "safe_timestamp", "safe_timestamp_2", "safe_timestamp_n",
        "extend", "deep_extend", "omit", "index_by", "group_by", "sort_by", "sort_by_2", "filter_by", "keysort",
        "sum", "to_array", "array_concat", "in_array", "is_empty", "unique", "aggregate", "milliseconds", "seconds",
        "microseconds", "iso8601", "parse8601", "parse_date", "ymdhms", "ymd", "yymmdd", "yyyymmdd",
        "number_to_string", "decimal_to_precision", "urlencode", "urlencode_with_array_repeat", "urlencode_nested",
        "rawencode", "encode_uri_component", "json", "uuid", "uuid16", "uuid22", "uuid5", "hash", "hmac", "rsa",
        "eddsa", "ecdsa", "jwt", "crc32", "totp", "binary_to_base64", "base64_to_binary", "string_to_base64",
        "base64_to_string", "binary_to_base16", "base16_to_binary", "urlencode_base64", "encode", "decode",
        "implode_params", "extract_params", "parse_timeframe", "round_timeframe", "parse_number", "omit_zero",
        "capitalize", "precision_from_string", "safe_number_omit_zero", "safe_integer_omit_zero",
    ]
    exchange = ccxt.Exchange()
    for name in wanted:
        assert hasattr(exchange, name), f"not a CCXT name: {name}"
        assert callable(getattr(Toy, name)), name


def test_instances_hold_no_bound_copies() -> None:
    assert "safe_string" not in vars(Toy())


def test_number_type_switch() -> None:
    toy = Toy()
    frame = {"p": "1.50", "q": 2}
    assert toy.safe_number(frame, "p") == 1.5
    toy.use_number_type(decimal.Decimal)
    assert toy.safe_number(frame, "p") == decimal.Decimal("1.50")
    assert toy.safeNumber2(frame, "x", "q") == decimal.Decimal(2)
    assert toy.parse_number("x", "d") == "d"
    assert toy.safe_number_n(frame, ["p"]) == decimal.Decimal("1.50")
    toy.use_number_type(float)
    assert toy.safe_number(frame, "p") == 1.5 and type(toy.safe_number(frame, "p")) is float
    assert Toy().number is float


def test_uuids() -> None:
    toy: Any = Toy()
    assert len(toy.uuid16()) == 16 and len(toy.uuid22()) == 22 and len(toy.uuid()) == 36
    int(toy.uuid16(), 16)
    namespace = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
    assert toy.uuid5(namespace, "x") == pytest.importorskip("ccxt").Exchange.uuid5(namespace, "x")
