"""Order-book sides in pure Python: the reference twin of ``orderbook_c``.

A side is a ``list`` of levels (``[price, size]``, ``[price, size, count]`` or
``[price, size, order_id]``), best first, like CCXT Pro's. A plain or counted
level is a list of the side's own with price and size as floats (the caller's
delta list is not kept); an update writes into that list, so a level read
earlier shows later sizes. Levels are kept in a
two-level sorted structure (blocks of at most ``BLOCK`` entries under an index
of block maxima) so an update costs O(log n) plus a bounded block shift instead
of an O(n) list insert. The list storage itself is refreshed lazily: every
read through the list protocol (indexing, ``len``, iteration, comparison,
``repr``) and every ``limit()`` brings it up to date first.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from typing import Any, Iterator

from .book import OrderBookBase, check_depth

BLOCK = 128  # a full block splits in two halves


def as_number(value: Any, what: str) -> float | int:
    """Numbers pass through; numeric strings become floats; anything else is an error."""
    cls = type(value)
    if cls is float:
        if value != value:
            raise ValueError(f"{what} must not be NaN")
        return value
    if cls is int:
        return value
    if cls is str:
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{what} {value!r} is not a number") from None
        if number != number:
            raise ValueError(f"{what} must not be NaN")
        return number
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{what} must be a number or numeric string, not {cls.__name__}")
    return as_number(float(value), what)


def as_size(value: Any) -> Any:
    """Sizes keep CCXT's truthiness rule (0, 0.0 and None delete a level)."""
    if value is None:
        return None
    return as_number(value, "size")


def as_row(delta: Any, width: int, needs: str) -> list:
    """A delta as a list of at least ``width`` items, or a clear error."""
    if type(delta) is not list:
        if not isinstance(delta, (list, tuple)):
            raise TypeError(f"a delta must be a list or tuple, not {type(delta).__name__}")
        delta = list(delta)
    if len(delta) < width:
        raise ValueError(f"a delta needs {needs}, got {delta!r}")
    return delta


_SPACE = rb"[ \t\n\r]*"
_ROW = rb"\[" + _SPACE + rb'"([^"]*)"' + _SPACE + rb"," + _SPACE + rb'"([^"]*)"' + _SPACE + rb"\]"
#: a JSON array of [string, string] rows, whitespace allowed where JSON allows it
_ROWS = re.compile(_SPACE + rb"\[" + _SPACE + rb"(?:" + _ROW + rb"(?:" + _SPACE + rb"," + _SPACE + _ROW + rb")*"
                   + _SPACE + rb")?\]" + _SPACE)
_ONE_ROW = re.compile(_ROW)
_DECIMAL = re.compile(rb"-?([0-9]*)\.?([0-9]*)")


def _plain_decimal(text: bytes) -> float | None:
    """The float of a plain decimal (what the compiled ``fast_decimal`` takes: digits and at most
    one dot, a mantissa up to 2**53, at most 22 decimals, 40 characters), else None."""
    match = _DECIMAL.fullmatch(text)
    if match is None or not 0 < len(text) <= 40 or len(match[2]) > 22:
        return None
    digits = match[1] + match[2]
    if not digits or int(digits) > 2 ** 53:
        return None
    return float(text)


def json_rows(data: bytes, start: int, end: int) -> list[list[float]] | None:
    """``data[start:end]`` as ``[[price, size], ...]`` when it is a JSON array of plain-decimal
    string pairs, else None."""
    text = data[start:end]
    if _ROWS.fullmatch(text) is None:
        return None
    rows = []
    for price_text, size_text in _ONE_ROW.findall(text):
        price = _plain_decimal(price_text)
        size = _plain_decimal(size_text)
        if price is None or size is None:
            return None
        rows.append([price, size])
    return rows


class OrderBookSide(list):
    """Price levels of one side, best first (lowest ask, highest bid)."""

    side: bool | None = None  # True for bids, False for asks
    _width = 2
    _plain = True  # levels are [price, size]: store_json applies rows

    def __init__(self, deltas: Any = (), depth: int | None = None) -> None:
        super().__init__()
        self._depth = check_depth(depth)
        self._keys: list[list[Any]] = []  # blocks of sort keys
        self._levels: list[list[list]] = []  # blocks of level lists, parallel to _keys
        self._maxes: list[Any] = []  # last key of each block
        self._count = 0
        self._dirty = False
        for delta in deltas:
            self.store_array(list(delta))

    # ---- the sorted structure -------------------------------------------------

    def _key(self, price: float | int) -> Any:
        return -price if self.side else price

    def _locate(self, key: Any) -> tuple[int, int]:
        """Block and offset of the first entry whose key is >= ``key``."""
        maxes = self._maxes
        b = bisect_left(maxes, key)
        if b == len(maxes):
            if not maxes:
                return 0, 0
            b -= 1
            return b, len(self._keys[b])
        return b, bisect_left(self._keys[b], key)

    def _at(self, b: int, i: int) -> Any:
        keys = self._keys
        if b < len(keys) and i < len(keys[b]):
            return self._levels[b][i]
        return None

    def _insert(self, b: int, i: int, key: Any, level: list) -> None:
        keys, levels = self._keys, self._levels
        if not keys:
            keys.append([key])
            levels.append([level])
            self._maxes.append(key)
        else:
            kb, lb = keys[b], levels[b]
            kb.insert(i, key)
            lb.insert(i, level)
            if len(kb) > BLOCK:
                half = len(kb) >> 1
                keys.insert(b + 1, kb[half:])
                levels.insert(b + 1, lb[half:])
                del kb[half:], lb[half:]
                self._maxes.insert(b + 1, keys[b + 1][-1])
            self._maxes[b] = kb[-1]
        self._count += 1
        self._dirty = True

    def _delete(self, b: int, i: int) -> list:
        kb, lb = self._keys[b], self._levels[b]
        del kb[i]
        level = lb.pop(i)
        if kb:
            self._maxes[b] = kb[-1]
        else:
            del self._keys[b], self._levels[b], self._maxes[b]
        self._count -= 1
        self._dirty = True
        return level

    def _forward(self, b: int, i: int) -> tuple[int, int]:
        i += 1
        if i >= len(self._keys[b]) and b + 1 < len(self._keys):
            return b + 1, 0
        return b, i

    def _sync(self) -> None:
        list.__setitem__(self, slice(None), [lv for block in self._levels for lv in block])
        self._dirty = False

    # ---- CCXT's writing API ---------------------------------------------------

    def store_array(self, delta: list) -> None:
        """Apply one ``[price, size]`` delta; a falsy size deletes the level."""
        delta = as_row(delta, 2, "a price and a size")
        price = as_number(delta[0], "price")
        size = as_size(delta[1])
        key = self._key(price)
        b, i = self._locate(key)
        level = self._at(b, i)
        found = level is not None and self._keys[b][i] == key
        if size:
            if found:
                level[1] = float(size)
            else:
                self._insert(b, i, key, [float(price), float(size)])
        elif found:
            self._delete(b, i)

    storeArray = store_array

    def store(self, price: Any, size: Any) -> None:
        self.store_array([price, size])

    def store_deltas(self, deltas: Any) -> None:
        """Apply a whole list of deltas in one call, in order."""
        store = self.store_array
        for delta in deltas:
            store(delta)

    storeDeltas = store_deltas

    def store_json(self, data: bytes, start: int, end: int, other: "OrderBookSide | None" = None,
                   other_start: int = 0, other_end: int = 0) -> bool:
        """Apply the JSON text ``data[start:end]`` (bytes), an array of ``[price, size]`` rows, in
        order, as ``store_deltas`` would apply it decoded; with ``other`` (a side of the same
        book), also apply ``data[other_start:other_end]`` to it, all or nothing.

        True when every row was a pair of plain decimal strings (``"123.45"``; as JSON:
        no escapes, no exponents) and the sides keep ``[price, size]`` levels: the rows were
        applied. False when anything else was found: nothing was changed, and the caller
        decodes the text and stores it the ordinary way."""
        if type(data) is not bytes:
            raise TypeError(f"store_json takes bytes, not {type(data).__name__}")
        if not 0 <= start <= end <= len(data):
            raise ValueError(f"rows {start}:{end} out of range for {len(data)} bytes")
        if other is not None:
            if not isinstance(other, OrderBookSide) or other is self:
                raise TypeError("other must be the other side of the book")
            if not 0 <= other_start <= other_end <= len(data):
                raise ValueError(f"rows {other_start}:{other_end} out of range for {len(data)} bytes")
            if not other._plain:
                return False
        if not self._plain:
            return False
        rows = json_rows(data, start, end)
        if rows is None:
            return False
        other_rows = json_rows(data, other_start, other_end) if other is not None else []
        if other_rows is None:
            return False
        self.store_deltas(rows)
        if other is not None:
            other.store_deltas(other_rows)
        return True

    def limit(self) -> None:
        """Drop the levels beyond the depth, worst first, and refresh the list view."""
        excess = self._count - self._depth
        while excess > 0:
            b = len(self._keys) - 1
            self.remove_index(self._delete(b, len(self._keys[b]) - 1))
            excess -= 1
        if self._dirty:
            self._sync()

    def remove_index(self, level: list) -> None:
        """Hook for sides that index levels by something other than price."""

    def clear(self) -> None:
        self._keys.clear()
        self._levels.clear()
        self._maxes.clear()
        self._count = 0
        list.clear(self)
        self._dirty = False

    def copy(self) -> "OrderBookSide":
        return self.__class__([level[:] for level in self._iter_levels()], self._depth)

    @property
    def depth(self) -> int | None:
        return None if self._depth == sys.maxsize else self._depth

    def _iter_levels(self) -> Iterator[list]:
        for block in self._levels:
            yield from block

    # ---- reading, through the list protocol -----------------------------------

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:
        if self._dirty:
            self._sync()
        return list.__getitem__(self, index)

    def __iter__(self) -> Iterator[list]:
        if self._dirty:
            self._sync()
        return list.__iter__(self)

    def __reversed__(self) -> Iterator[list]:
        if self._dirty:
            self._sync()
        return list.__reversed__(self)

    def __contains__(self, item: object) -> bool:
        if self._dirty:
            self._sync()
        return list.__contains__(self, item)

    def __eq__(self, other: object) -> bool:
        if self._dirty:
            self._sync()
        if isinstance(other, list):
            if isinstance(other, OrderBookSide) and other._dirty:
                other._sync()
            return list.__eq__(self, other)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if self._dirty:
            self._sync()
        return list.__repr__(self)

    def index(self, *args: Any) -> int:
        if self._dirty:
            self._sync()
        return list.index(self, *args)

    def count(self, item: Any) -> int:
        if self._dirty:
            self._sync()
        return list.count(self, item)

    def __reduce__(self) -> Any:
        return (self.__class__, ([level[:] for level in self._iter_levels()], self.depth))


class CountedOrderBookSide(OrderBookSide):
    """Levels ``[price, size, count]``; a zero size or a zero count deletes the level."""

    _plain = False

    def store_array(self, delta: list) -> None:
        delta = as_row(delta, 3, "a price, a size and a count")
        price = as_number(delta[0], "price")
        size = as_size(delta[1])
        count = as_size(delta[2])
        key = self._key(price)
        b, i = self._locate(key)
        level = self._at(b, i)
        found = level is not None and self._keys[b][i] == key
        if size and count:
            if found:
                level[1] = float(size)
                level[2] = count
            else:
                self._insert(b, i, key, [float(price), float(size), count])
        elif found:
            self._delete(b, i)

    storeArray = store_array

    def store(self, price: Any, size: Any, count: Any) -> None:  # type: ignore[override]
        self.store_array([price, size, count])


class IndexedOrderBookSide(OrderBookSide):
    """Levels ``[price, size, order_id]``, one per order, ordered by price then id."""

    _plain = False

    def __init__(self, deltas: Any = (), depth: int | None = None) -> None:
        self._hashmap: dict[Any, Any] = {}
        super().__init__(deltas, depth)

    def _find_order(self, key: Any, order_id: Any) -> tuple[int, int]:
        b, i = self._locate(key)
        while self._levels[b][i][2] != order_id:
            b, i = self._forward(b, i)
        return b, i

    def store_array(self, delta: list) -> None:
        delta = as_row(delta, 3, "a price, a size and an order id")
        raw_price = delta[0]
        if raw_price is not None:
            price = as_number(raw_price, "price")
            if price is not raw_price:
                delta = [price, *delta[1:]]
            key: Any = self._key(price)
        else:
            key = None
        size = as_size(delta[1])
        if size is not delta[1]:
            delta = [delta[0], size, *delta[2:]]
        order_id = delta[2]
        hashmap = self._hashmap
        if size:
            if order_id in hashmap:
                old_key = hashmap[order_id]
                key = key or old_key
                delta[0] = abs(key)
                if key == old_key:
                    b, i = self._find_order(key, order_id)
                    self._levels[b][i] = delta
                    self._dirty = True
                    return
                b, i = self._find_order(old_key, order_id)
                self._delete(b, i)
            elif key is None:
                raise ValueError(f"order {order_id!r} is unknown and has no price")
            hashmap[order_id] = key
            b, i = self._locate(key)
            level = self._at(b, i)
            while level is not None and self._keys[b][i] == key and level[2] < order_id:
                b, i = self._forward(b, i)
                level = self._at(b, i)
            self._insert(b, i, key, delta)
        elif order_id in hashmap:
            b, i = self._find_order(hashmap.pop(order_id), order_id)
            self._delete(b, i)

    storeArray = store_array

    def store(self, price: Any, size: Any, order_id: Any) -> None:  # type: ignore[override]
        self.store_array([price, size, order_id])

    def remove_index(self, level: list) -> None:
        self._hashmap.pop(level[2], None)

    def clear(self) -> None:
        super().clear()
        self._hashmap.clear()


class Asks(OrderBookSide):
    side = False


class Bids(OrderBookSide):
    side = True


class CountedAsks(CountedOrderBookSide):
    side = False


class CountedBids(CountedOrderBookSide):
    side = True


class IndexedAsks(IndexedOrderBookSide):
    side = False


class IndexedBids(IndexedOrderBookSide):
    side = True


class OrderBook(OrderBookBase):
    _asks_type = Asks
    _bids_type = Bids


class CountedOrderBook(OrderBook):
    _asks_type = CountedAsks
    _bids_type = CountedBids


class IndexedOrderBook(OrderBook):
    _asks_type = IndexedAsks
    _bids_type = IndexedBids


__all__ = [
    "OrderBookSide", "CountedOrderBookSide", "IndexedOrderBookSide",
    "Asks", "Bids", "CountedAsks", "CountedBids", "IndexedAsks", "IndexedBids",
    "OrderBook", "CountedOrderBook", "IndexedOrderBook",
]
