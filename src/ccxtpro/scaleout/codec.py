"""The wire format of a published update: a Redis Stream entry with five fields.

Version 1 (``v`` = ``b"1"``); every field is bytes, as Redis stores them:

=====  =====================================================================
field  meaning
=====  =====================================================================
``v``  the format version, ``1``; a consumer refuses any other (:class:`UnknownFormat`)
``k``  kind: ``s`` an order-book snapshot, ``d`` an order-book delta, ``u`` any other update
``q``  the sequence number of the (exchange, channel, symbol) stream, decimal: 0, 1, 2…
       one per update in the order the exchange delivered them, continued by a collector
       that takes the stream over; a missing number is a lost update (a gap)
``p``  the id of the collector that published it
``t``  when the collector received the update, Unix milliseconds
``d``  the payload, JSON (orjson) of:

       * ``u``: the unified structure ``stream_<x>`` yielded (a ticker dict, a list of
         trades, a list of OHLCV rows…), unchanged;
       * ``s``: ``{"symbol", "timestamp", "nonce", "bids", "asks"}``, every level of the
         book as ``[price, amount]``;
       * ``d``: ``{"timestamp", "nonce", "b": [[price, amount]…], "a": […]}``, the levels
         that changed since the previous entry of the stream, amount 0 for a level removed.
=====  =====================================================================

A book is the last snapshot with every later delta applied in sequence order; the
result equals the collector's book level for level (prices and amounts are the floats
the exchange's parser made, and JSON round-trips floats exactly).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import orjson

from ..errors import BadResponse

VERSION = 1
_VERSION_BYTES = b"1"

SNAPSHOT, DELTA, UPDATE = "s", "d", "u"
KINDS = (SNAPSHOT, DELTA, UPDATE)


class UnknownFormat(BadResponse):
    """A stream entry this version of ccxtpro cannot read (another format version, or not ours)."""


@dataclass(slots=True)
class Entry:
    """One decoded stream entry."""

    id: str
    kind: str
    seq: int
    producer: str
    received: int
    data: Any


def levels(side: Any) -> list[list[float]]:
    """A book side as plain ``[[price, amount], …]`` (the compiled sides are not plain lists)."""
    return [[level[0], level[1]] for level in side]


def book_snapshot(book: Any) -> dict[str, Any]:
    """The ``s`` payload of a unified order book."""
    return {"symbol": book.get("symbol"), "timestamp": book.get("timestamp"), "nonce": book.get("nonce"),
            "bids": levels(book["bids"]), "asks": levels(book["asks"])}


def side_changes(before: dict[float, float], after: dict[float, float]) -> list[list[float]]:
    """The levels to store on ``before`` to make it ``after`` (amount 0 removes a level)."""
    out = [[price, amount] for price, amount in after.items() if before.get(price) != amount]
    out.extend([price, 0.0] for price in before if price not in after)
    return out


def encode(kind: str, seq: int, producer: str, data: Any, received: int | None = None) -> dict[str, bytes]:
    """The fields of one stream entry (see the module docstring)."""
    return {"v": _VERSION_BYTES, "k": kind.encode(), "q": str(seq).encode(), "p": producer.encode(),
            "t": str(int(time.time() * 1000) if received is None else received).encode(),
            "d": orjson.dumps(data)}


def _field(fields: dict, name: str) -> bytes:
    value = fields.get(name.encode(), fields.get(name))
    if value is None:
        raise UnknownFormat(f"stream entry without field {name!r}")
    return value if isinstance(value, bytes) else str(value).encode()


def decode(entry_id: bytes | str, fields: dict) -> Entry:
    """One entry as Redis returns it (field names and values as bytes)."""
    version = _field(fields, "v")
    if version != _VERSION_BYTES:
        raise UnknownFormat(f"stream entry of format version {version.decode(errors='replace')!r}; "
                            f"this ccxtpro reads version {VERSION}")
    kind = _field(fields, "k").decode()
    if kind not in KINDS:
        raise UnknownFormat(f"stream entry of unknown kind {kind!r}")
    try:
        return Entry(entry_id.decode() if isinstance(entry_id, bytes) else entry_id, kind,
                     int(_field(fields, "q")), _field(fields, "p").decode(), int(_field(fields, "t")),
                     orjson.loads(_field(fields, "d")))
    except (ValueError, orjson.JSONDecodeError) as error:
        raise UnknownFormat(f"unreadable stream entry: {error}") from None
