"""Bounded caches with CCXT Pro's semantics, in pure Python: the twin of ``cache_c``.

A cache is a ``list`` whose rows live in a bounded structure: reading goes
through the list protocol (index, slice, ``len``, iteration, comparison). The
``getLimit`` / ``newUpdates`` bookkeeping follows CCXT Pro: a watcher asks how
many rows arrived since it last asked, per symbol or across all symbols, and
the two scopes are consumed independently.
"""

from __future__ import annotations

from collections import deque
from typing import Any, Iterator


def check_max_size(max_size: Any) -> int | None:
    """``None`` or 0 means unbounded, as in CCXT; negative or non-integer sizes are errors."""
    if max_size is None:
        return None
    if isinstance(max_size, bool) or not isinstance(max_size, int):
        raise TypeError(f"max_size must be an integer or None, not {type(max_size).__name__}")
    if max_size < 0:
        raise ValueError(f"max_size must not be negative, got {max_size}")
    return max_size or None


class BaseCache(list):
    """Rows in arrival order, oldest first, at most ``max_size`` of them."""

    def __init__(self, max_size: int | None = None) -> None:
        super().__init__()
        self.max_size = max_size
        self._rows: deque = deque((), check_max_size(max_size))
        self._appends = 0

    @property
    def appends(self) -> int:
        """Rows appended or updated over the cache's life (never reset): what a
        stream that snapshots the cache after each update counts its new rows by."""
        return self._appends

    # reading, through the list protocol
    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def __reversed__(self) -> Iterator[Any]:
        return reversed(self._rows)

    def __contains__(self, item: object) -> bool:
        return item in self._rows

    def __getitem__(self, index: Any) -> Any:
        rows = self._rows
        if isinstance(index, slice):
            return [rows[i] for i in range(*index.indices(len(rows)))]
        return rows[index]

    def __eq__(self, other: object) -> bool:
        return list(self._rows) == other

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self._rows))

    def __add__(self, other: list) -> list:  # type: ignore[override]
        return list(self._rows) + other

    def __reduce__(self) -> Any:
        return (_rebuild, (self.__class__, self.max_size, list(self._rows)))

    def clear(self) -> None:
        self._rows.clear()

    def getLimit(self, symbol: str | None, limit: int | None) -> int | None:
        raise NotImplementedError

    def get_limit(self, symbol: str | None, limit: int | None) -> int | None:
        return self.getLimit(symbol, limit)


def _rebuild(cls: type, max_size: Any, rows: list) -> BaseCache:
    cache = cls(max_size)
    for row in rows:
        cache.append(row)
    return cache


class ArrayCache(BaseCache):
    """Trades, liquidations and the like: append-only, evicting the oldest row."""

    def __init__(self, max_size: int | None = None) -> None:
        super().__init__(max_size)
        self.hashmap: dict = {}
        self._new_by_symbol: dict = {}  # symbol -> rows since that symbol's last poll
        self._clear_by_symbol: dict = {}  # symbol -> its poll happened, reset on next row
        self._new_all = 0
        self._clear_all = False

    def clear(self) -> None:
        super().clear()
        self.hashmap.clear()
        self._reset_counters()

    def _reset_counters(self) -> None:
        self._new_by_symbol.clear()
        self._clear_by_symbol.clear()
        self._new_all = 0
        self._clear_all = False

    def getLimit(self, symbol: str | None, limit: int | None) -> int | None:
        if symbol is None:
            new = self._new_all
            self._clear_all = True
        else:
            new = self._new_by_symbol.get(symbol)
            self._clear_by_symbol[symbol] = True
        if new is None:
            return limit
        if limit is not None:
            return min(new, limit)
        return new

    def append(self, item: dict) -> None:
        self._rows.append(item)
        self._appends += 1
        if self._clear_all:
            self._clear_all = False
            self._new_all = 0
        symbol = item.get("symbol")
        if self._clear_by_symbol.get(symbol):
            self._clear_by_symbol[symbol] = False
            self._new_by_symbol[symbol] = 0
        self._new_by_symbol[symbol] = self._new_by_symbol.get(symbol, 0) + 1
        self._new_all += 1


class ArrayCacheByTimestamp(BaseCache):
    """OHLCV rows keyed by their timestamp (row[0]); an update replaces the row in place."""

    def __init__(self, max_size: int | None = None) -> None:
        super().__init__(max_size)
        self.hashmap: dict = {}
        self._seen: set = set()
        self._new = 0
        self._clear = False

    def clear(self) -> None:
        super().clear()
        self.hashmap.clear()
        self._seen.clear()
        self._new = 0
        self._clear = False

    def getLimit(self, symbol: str | None, limit: int | None) -> int | None:
        self._clear = True
        if limit is None:
            return self._new
        return min(self._new, limit)

    def append(self, item: list) -> None:
        timestamp = item[0]
        known = self.hashmap.get(timestamp)
        if known is not None:
            if known is not item:
                known[:] = item
        else:
            self.hashmap[timestamp] = item
            rows = self._rows
            if len(rows) == rows.maxlen:
                del self.hashmap[rows.popleft()[0]]
            rows.append(item)
        self._appends += 1
        if self._clear:
            self._clear = False
            self._seen.clear()
        self._seen.add(timestamp)
        self._new = len(self._seen)


class _Keyed(ArrayCache):
    """Rows keyed by (symbol, second key); a known key updates its row and moves it last.

    Counts are of distinct keys seen since the last poll, kept separately for the
    per-symbol and the all-symbols scope, and forgotten when a row is evicted.
    """

    _second = "id"

    def __init__(self, max_size: int | None = None) -> None:
        super().__init__(max_size)
        self._bound = check_max_size(max_size)
        self._rows = deque()  # the order lives in _order; _rows is its materialised view
        self._order: dict = {}  # (symbol, key) -> row, oldest first
        self._stale = False
        self._seen_by_symbol: dict = {}
        self._seen_all: dict = {}

    def _view(self) -> deque:
        if self._stale:
            self._rows = deque(self._order.values())
            self._stale = False
        return self._rows

    def __len__(self) -> int:
        return len(self._order)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._view())

    def __reversed__(self) -> Iterator[Any]:
        return reversed(self._view())

    def __contains__(self, item: object) -> bool:
        return item in self._view()

    def __getitem__(self, index: Any) -> Any:
        self._view()
        return super().__getitem__(index)

    def __eq__(self, other: object) -> bool:
        return list(self._view()) == other

    def __repr__(self) -> str:
        return repr(list(self._view()))

    def __add__(self, other: list) -> list:  # type: ignore[override]
        return list(self._view()) + other

    def __reduce__(self) -> Any:
        return (_rebuild, (self.__class__, self.max_size, list(self._view())))

    def clear(self) -> None:
        super().clear()
        self._order.clear()
        self._seen_by_symbol.clear()
        self._seen_all.clear()
        self._stale = False

    def _reset_counters(self) -> None:
        super()._reset_counters()
        self._seen_by_symbol = {}
        self._seen_all = {}

    def _forget(self, symbol: Any, key: Any) -> None:
        """An evicted row stops counting as new in both scopes."""
        seen = self._seen_by_symbol.get(symbol)
        if seen is not None and key in seen:
            seen.discard(key)
            self._new_by_symbol[symbol] -= 1
            if not seen:
                del self._seen_by_symbol[symbol]
        seen = self._seen_all.get(symbol)
        if seen is not None and key in seen:
            seen.discard(key)
            self._new_all -= 1
            if not seen:
                del self._seen_all[symbol]

    def append(self, item: dict) -> None:
        symbol = item["symbol"]
        key = item[self._second]
        token = (symbol, key)
        by_key = self.hashmap.get(symbol)
        if by_key is None:
            by_key = self.hashmap[symbol] = {}
        order = self._order
        known = by_key.get(key)
        if known is not None:
            if known is not item:
                known.update(item)
            item = known
            del order[token]
        else:
            by_key[key] = item
            if self._bound is not None and len(order) == self._bound:
                old_symbol, old_key = next(iter(order))
                del order[(old_symbol, old_key)]
                old_bucket = self.hashmap[old_symbol]
                del old_bucket[old_key]
                if not old_bucket:
                    del self.hashmap[old_symbol]
                self._forget(old_symbol, old_key)
        order[token] = item
        self._stale = True
        self._appends += 1
        if self._clear_all:
            self._clear_all = False
            self._new_all = 0
            self._seen_all.clear()
        seen = self._seen_by_symbol.get(symbol)
        if seen is None:
            seen = self._seen_by_symbol[symbol] = set()
        if self._clear_by_symbol.get(symbol):
            self._clear_by_symbol[symbol] = False
            seen.clear()
        seen.add(key)
        self._new_by_symbol[symbol] = len(seen)
        seen = self._seen_all.get(symbol)
        if seen is None:
            seen = self._seen_all[symbol] = set()
        before = len(seen)
        seen.add(key)
        self._new_all += len(seen) - before


class ArrayCacheBySymbolById(_Keyed):
    """Orders and my-trades: one row per (symbol, id), the latest version of it."""

    _second = "id"


class ArrayCacheBySymbolBySide(_Keyed):
    """Positions: one row per (symbol, side); unbounded, as the account bounds it."""

    _second = "side"

    def __init__(self, max_size: int | None = None) -> None:
        check_max_size(max_size)
        super().__init__(None)


__all__ = [
    "BaseCache", "ArrayCache", "ArrayCacheByTimestamp",
    "ArrayCacheBySymbolById", "ArrayCacheBySymbolBySide",
]
