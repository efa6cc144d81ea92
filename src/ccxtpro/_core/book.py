"""The order-book mapping shared by both builds; only the sides differ.

``OrderBook`` is a ``dict`` (``bids``, ``asks``, ``timestamp``, ``datetime``,
``nonce``, ``symbol``) exactly like CCXT Pro's, so code written against CCXT
reads it unchanged. Each build subclasses it and names its side types.
"""

from __future__ import annotations

import sys
from typing import Any, ClassVar

from ..functions.time import iso8601


def check_depth(depth: Any) -> int:
    """CCXT treats a falsy depth as unbounded; a negative or non-integer one is an error."""
    if depth is None or depth is False:
        return sys.maxsize
    if isinstance(depth, bool) or not isinstance(depth, int):
        raise TypeError(f"order book depth must be an integer or None, not {type(depth).__name__}")
    if depth < 0:
        raise ValueError(f"order book depth must not be negative, got {depth}")
    return depth or sys.maxsize


class OrderBookBase(dict):
    """Snapshot fields plus two sorted sides; subclasses pick the side types."""

    _asks_type: ClassVar[type]
    _bids_type: ClassVar[type]
    _side_base: ClassVar[type]

    def __init__(self, snapshot: dict | None = None, depth: int | None = None) -> None:
        snapshot = {} if snapshot is None else snapshot
        limit = check_depth(depth)
        # deltas that arrive before the snapshot are buffered here by exchange code
        self.cache: list = []
        fields = {
            "bids": [],
            "asks": [],
            "timestamp": None,
            "datetime": None,
            "nonce": None,
            "symbol": None,
        }
        fields.update(snapshot)
        asks, bids = fields["asks"], fields["bids"]
        if not isinstance(asks, self._asks_type):
            fields["asks"] = self._asks_type(asks, limit)
        if not isinstance(bids, self._bids_type):
            fields["bids"] = self._bids_type(bids, limit)
        fields["datetime"] = iso8601(fields.get("timestamp"))
        super().__init__(fields)

    def limit(self) -> "OrderBookBase":
        """Trim both sides to the depth; CCXT Pro calls this before handing a book out."""
        self["asks"].limit()
        self["bids"].limit()
        return self

    def reset(self, snapshot: dict | None = None) -> None:
        """Replace the whole book with a snapshot (the levels are stored, not copied)."""
        snapshot = {} if snapshot is None else snapshot
        self["asks"].clear()
        self["asks"].store_deltas(snapshot.get("asks", []))
        self["bids"].clear()
        self["bids"].store_deltas(snapshot.get("bids", []))
        self["nonce"] = snapshot.get("nonce")
        self["timestamp"] = snapshot.get("timestamp")
        self["datetime"] = iso8601(self["timestamp"])
        self["symbol"] = snapshot.get("symbol")
        if "outcome" in snapshot:
            # prediction-market books are keyed by outcome, not symbol
            self["outcome"] = snapshot.get("outcome")
            self["outcomeId"] = snapshot.get("outcomeId")
            self["market"] = snapshot.get("market")
            self.pop("symbol", None)

    def update(self, snapshot: dict) -> "OrderBookBase | None":  # type: ignore[override]
        """Reset from ``snapshot`` unless it is older than what the book holds."""
        nonce = snapshot.get("nonce")
        if nonce is not None and self["nonce"] is not None and nonce < self["nonce"]:
            return self
        self.reset(snapshot)
        return None

    def copy(self) -> "OrderBookBase":
        snapshot: dict = {}
        if "outcome" in self:
            snapshot["outcome"] = self.get("outcome")
            snapshot["outcomeId"] = self.get("outcomeId")
            snapshot["market"] = self.get("market")
        else:
            snapshot["symbol"] = self.get("symbol")
        depth = self["asks"].depth
        clone = self.__class__(snapshot, depth)
        clone["asks"] = self["asks"].copy()
        clone["bids"] = self["bids"].copy()
        clone["nonce"] = self.get("nonce")
        clone["timestamp"] = self.get("timestamp")
        clone["datetime"] = self.get("datetime")
        return clone
