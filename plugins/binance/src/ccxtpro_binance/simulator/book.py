"""Order book with Binance-style update ids and price-time priority.

A level holds anonymous liquidity from the market model first and the
resting client orders behind it (they arrived later), so a taker always
consumes the model's quantity before the queue of client orders.
Every change bumps ``update_id``; ``flush()`` turns the changes since the last
flush into one diff ``(U, u, pu, bids, asks)`` as Binance streams them.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass

BID = 0
ASK = 1


class Level:
    __slots__ = ("qty", "orders")

    def __init__(self) -> None:
        self.qty = 0
        self.orders: list = []

    def total(self) -> int:
        t = self.qty
        for o in self.orders:
            t += o.remaining
        return t


@dataclass(slots=True)
class Fill:
    """One maker/taker match: ``maker`` is a client order or None for model liquidity."""

    price: int
    qty: int
    maker: object | None
    trade_id: int = 0


@dataclass(slots=True)
class Diff:
    first_id: int
    last_id: int
    prev_id: int
    bids: list  # [(price_ticks, total_steps)]
    asks: list


class Book:
    def __init__(self, start_id: int) -> None:
        self.levels: tuple[dict[int, Level], dict[int, Level]] = ({}, {})
        self.prices: tuple[list[int], list[int]] = ([], [])  # ascending
        self.update_id = start_id
        self.flushed_id = start_id
        self._changed: dict[tuple[int, int], None] = {}
        self._first_pending: int | None = None

    # ------------------------------------------------------------ queries
    def best(self, side: int) -> int | None:
        p = self.prices[side]
        if not p:
            return None
        return p[-1] if side == BID else p[0]

    def depth(self, side: int) -> int:
        return len(self.prices[side])

    def total(self, side: int, price: int) -> int:
        lvl = self.levels[side].get(price)
        return lvl.total() if lvl else 0

    def side_prices(self, side: int, limit: int | None = None) -> list[int]:
        """Prices best first."""
        p = self.prices[side]
        if side == BID:
            seq = p[::-1] if limit is None else p[:-limit - 1:-1] if limit < len(p) else p[::-1]
        else:
            seq = p if limit is None else p[:limit]
        return list(seq)

    def snapshot(self, limit: int | None = None) -> tuple[int, list, list]:
        """``(lastUpdateId, bids, asks)`` best first, as ``(price, qty)`` integer pairs."""
        bids = [(p, self.levels[BID][p].total()) for p in self.side_prices(BID, limit)]
        asks = [(p, self.levels[ASK][p].total()) for p in self.side_prices(ASK, limit)]
        return self.update_id, bids, asks

    # ------------------------------------------------------------ changes
    def _touch(self, side: int, price: int) -> None:
        self.update_id += 1
        if self._first_pending is None:
            self._first_pending = self.update_id
        self._changed[(side, price)] = None

    def _level(self, side: int, price: int) -> Level:
        lv = self.levels[side].get(price)
        if lv is None:
            lv = self.levels[side][price] = Level()
            insort(self.prices[side], price)
        return lv

    def _drop_if_empty(self, side: int, price: int) -> None:
        lv = self.levels[side].get(price)
        if lv is not None and lv.qty <= 0 and not lv.orders:
            del self.levels[side][price]
            p = self.prices[side]
            del p[bisect_left(p, price)]

    def add(self, side: int, price: int, qty: int) -> None:
        """Add anonymous model liquidity."""
        if qty <= 0:
            return
        self._level(side, price).qty += qty
        self._touch(side, price)

    def reduce(self, side: int, price: int, qty: int) -> None:
        """Cancel up to ``qty`` of the model's liquidity at a level."""
        lv = self.levels[side].get(price)
        if lv is None or lv.qty <= 0:
            return
        lv.qty -= min(qty, lv.qty)
        self._touch(side, price)
        self._drop_if_empty(side, price)

    def remove_level(self, side: int, price: int) -> bool:
        """Drop a level that holds only model liquidity; False when client orders rest there."""
        lv = self.levels[side].get(price)
        if lv is None or lv.orders:
            return False
        lv.qty = 0
        self._touch(side, price)
        self._drop_if_empty(side, price)
        return True

    def add_order(self, side: int, price: int, order) -> None:
        """Queue a client order (``order.remaining`` steps) behind the level."""
        self._level(side, price).orders.append(order)
        self._touch(side, price)

    def remove_order(self, side: int, price: int, order) -> None:
        lv = self.levels[side].get(price)
        if lv is None:
            return
        try:
            lv.orders.remove(order)
        except ValueError:
            return
        self._touch(side, price)
        self._drop_if_empty(side, price)

    def order_changed(self, side: int, price: int) -> None:
        """A resting order's quantity changed in place (amend down)."""
        self._touch(side, price)
        self._drop_if_empty(side, price)

    def take(self, taker_side: int, qty: int, limit: int | None = None,
             exclude=None) -> list[Fill]:
        """Match a taker of ``qty`` steps against the opposite side.

        Stops at ``limit`` (inclusive). Client orders matched as makers get their
        ``remaining`` reduced here; the caller turns fills into trades and reports.
        """
        side = ASK if taker_side == BID else BID
        fills: list[Fill] = []
        prices = self.prices[side]
        levels = self.levels[side]
        while qty > 0 and prices:
            price = prices[0] if side == ASK else prices[-1]
            if limit is not None and ((side == ASK and price > limit) or (side == BID and price < limit)):
                break
            lv = levels[price]
            if lv.qty > 0:
                n = min(lv.qty, qty)
                lv.qty -= n
                qty -= n
                fills.append(Fill(price, n, None))
            while qty > 0 and lv.orders:
                o = lv.orders[0]
                n = min(o.remaining, qty)
                o.remaining -= n
                qty -= n
                fills.append(Fill(price, n, o))
                if o.remaining <= 0:
                    lv.orders.pop(0)
            self._touch(side, price)
            self._drop_if_empty(side, price)
            if price in levels and qty > 0:
                break  # defensive: level not exhausted yet qty left means only excluded orders
        return fills

    def available(self, taker_side: int, limit: int | None) -> int:
        """Quantity a taker could match up to ``limit`` (for FOK)."""
        side = ASK if taker_side == BID else BID
        total = 0
        for p in self.side_prices(side):
            if limit is not None and ((side == ASK and p > limit) or (side == BID and p < limit)):
                break
            total += self.levels[side][p].total()
        return total

    def flush(self) -> Diff | None:
        """Close the pending batch of changes into one diff; None when nothing changed."""
        if self._first_pending is None:
            return None
        bids, asks = [], []
        for side, price in self._changed:
            lv = self.levels[side].get(price)
            (bids if side == BID else asks).append((price, lv.total() if lv else 0))
        d = Diff(self._first_pending, self.update_id, self.flushed_id, bids, asks)
        self.flushed_id = self.update_id
        self._first_pending = None
        self._changed = {}
        return d
