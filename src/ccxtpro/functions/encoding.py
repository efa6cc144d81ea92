"""Text and byte encodings with CCXT's semantics: query strings, base64/16, JSON, URL templates."""

from __future__ import annotations

import base64
import re
import urllib.parse
from typing import Any

import orjson

from ..errors import BadRequest

__all__ = [
    "base16_to_binary",
    "base58_to_binary",
    "base64_to_binary",
    "base64_to_string",
    "binary_concat",
    "binary_concat_array",
    "binary_to_base16",
    "binary_to_base58",
    "binary_to_base64",
    "binary_to_string",
    "binary_to_urlencoded_base64",
    "decode",
    "encode",
    "encode_uri_component",
    "extract_params",
    "implode_params",
    "is_json_encoded_object",
    "json",
    "number_to_be",
    "parse_json",
    "rawencode",
    "string_to_base16",
    "string_to_base64",
    "string_to_binary",
    "urlencode",
    "urlencode_base64",
    "urlencode_nested",
    "urlencode_with_array_repeat",
]

# ----------------------------------------------------------------- bytes and text


def encode(string: str) -> bytes:
    """UTF-8 bytes of a string."""
    return string.encode("utf-8")


def decode(data: bytes) -> str:
    """A string from UTF-8 bytes."""
    return data.decode("utf-8")


string_to_binary = encode
binary_to_string = decode


def binary_concat(*args: bytes) -> bytes:
    """The byte strings joined."""
    return b"".join(args)


def binary_concat_array(array: list[bytes]) -> bytes:
    """The byte strings of a list joined."""
    return b"".join(array)


def binary_to_base64(data: bytes) -> str:
    """Standard base64 text of bytes."""
    return base64.standard_b64encode(data).decode("ascii")


def base64_to_binary(text: str | bytes) -> bytes:
    """Bytes of standard base64 text."""
    return base64.standard_b64decode(text)


def string_to_base64(string: str) -> str:
    """Standard base64 of a string's UTF-8 bytes."""
    return binary_to_base64(encode(string))


def base64_to_string(text: str | bytes) -> str:
    """The UTF-8 string a base64 text encodes."""
    return decode(base64.b64decode(text))


def binary_to_urlencoded_base64(data: bytes) -> str:
    """URL-safe base64 without padding (JWT style)."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def urlencode_base64(data: str | bytes) -> str:
    """URL-safe unpadded base64 of bytes, or of a string's UTF-8 bytes."""
    return binary_to_urlencoded_base64(encode(data) if isinstance(data, str) else data)


def binary_to_base16(data: bytes) -> str:
    """Lower-case hex of bytes."""
    return data.hex()


def base16_to_binary(text: str | bytes) -> bytes:
    """Bytes of hex text, either case."""
    return base64.b16decode(text, True)


def string_to_base16(string: str) -> str:
    """Lower-case hex of a string's UTF-8 bytes."""
    return encode(string).hex()


# ----------------------------------------------------------------- query strings


def urlencode(params: Any = None, doseq: bool = False, sort: bool = False) -> str:
    """``a=1&b=x%20y``: values percent-encoded (spaces as %20), bools as true/false.

    ``sort`` is accepted for CCXT's signature and ignored, as in CCXT Python.
    """
    params = {} if params is None else params
    if any(isinstance(v, bool) for v in params.values()):
        params = {k: ("true" if v else "false") if isinstance(v, bool) else v for k, v in params.items()}
    return urllib.parse.urlencode(params, doseq, quote_via=urllib.parse.quote)


_ARRAY_INDEX = re.compile(r"%5B\d*%5D")


def urlencode_with_array_repeat(params: Any = None) -> str:
    """``urlencode`` with list values repeated (``a=1&a=2``) and ``[]`` suffixes dropped."""
    return _ARRAY_INDEX.sub("", urlencode(params, True))


def urlencode_nested(params: Any) -> str:
    """Nested dicts and lists as ``a[b][0]=x`` pairs (brackets left unescaped)."""
    flat: dict[str, Any] = {}

    def walk(value: Any, prefix: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{prefix}[{key}]")
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                walk(item, f"{prefix}[{index}]")
        else:
            flat[prefix] = value

    if isinstance(params, dict):
        for key, value in params.items():
            walk(value, key)
    return urllib.parse.urlencode(flat, safe="[]", quote_via=urllib.parse.quote)


def rawencode(params: Any = None, sort: bool = False) -> str:
    """``urlencode`` without the percent-encoding (what many exchanges sign)."""
    return urllib.parse.unquote(urlencode(params))


def encode_uri_component(uri: str, safe: str = "~()*!.'") -> str:
    """JavaScript's ``encodeURIComponent``."""
    return urllib.parse.quote(uri, safe=safe)


_PARAM = re.compile(r"{([\w-]+)}")


def extract_params(string: str) -> list[str]:
    """Names of the ``{placeholders}`` in a URL template."""
    return _PARAM.findall(string)


def implode_params(string: str, params: Any) -> str:
    """The URL template with ``{name}`` replaced by ``str(params[name])`` (list values skipped)."""
    if isinstance(params, dict):
        for key, value in params.items():
            if not isinstance(value, list):
                string = string.replace("{" + key + "}", str(value))
    return string


# ----------------------------------------------------------------- JSON


def json(data: Any, params: Any = None) -> str:
    """Compact JSON text (orjson), as CCXT Python emits it when orjson is installed."""
    return orjson.dumps(data).decode("utf-8")


def parse_json(text: str | bytes) -> Any:
    """The value a JSON text encodes (orjson)."""
    return orjson.loads(text)


def is_json_encoded_object(value: Any) -> bool:
    """True for a string that starts like a JSON object or array."""
    return isinstance(value, str) and value[:1] in ("{", "[")


# Bitcoin's base58 alphabet (no 0, O, I, l)
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {ch: i for i, ch in enumerate(_BASE58)}


def base58_to_binary(string: str) -> bytes:
    """Bytes of a base58 string; each leading ``1`` is a zero byte."""
    value = 0
    for ch in string:
        digit = _BASE58_INDEX.get(ch)
        if digit is None:
            raise BadRequest(f"base58ToBinary() argument string has a character that is not a base58 digit: {ch!r}")
        value = value * 58 + digit
    zeros = len(string) - len(string.lstrip("1"))
    body = value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""
    return b"\x00" * zeros + body


def binary_to_base58(data: bytes) -> str:
    """Base58 text of bytes; each leading zero byte is a ``1``."""
    value = int.from_bytes(data, "big")
    digits: list[str] = []
    while value:
        value, rem = divmod(value, 58)
        digits.append(_BASE58[rem])
    zeros = len(data) - len(data.lstrip(b"\x00"))
    return "1" * zeros + "".join(reversed(digits))


def number_to_be(n: Any, size: int) -> bytes:
    """``n`` as ``size`` big-endian bytes."""
    return int(n).to_bytes(size, "big")
