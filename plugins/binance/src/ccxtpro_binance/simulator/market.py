"""Seeded random-walk market model with order flow.

Each instrument has its own ``random.Random`` seeded from the simulator seed
and the symbol, so the sequence of book changes and trades is reproducible.
Every ``step()`` moves a hidden fair price, adds and cancels liquidity around
it, and sends taker orders into the book; trades, klines, tickers and depth all
come from that one book, so they agree with each other.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import math
import random
from collections import deque
from dataclasses import dataclass, field

from .book import ASK, BID, Book, Diff, Fill
from .instruments import COINM, SPOT, Instrument

INTERVALS_MS = {
    "1s": 1000, "1m": 60_000, "3m": 180_000, "5m": 300_000, "15m": 900_000, "30m": 1_800_000,
    "1h": 3_600_000, "2h": 7_200_000, "4h": 14_400_000, "6h": 21_600_000, "8h": 28_800_000,
    "12h": 43_200_000, "1d": 86_400_000, "3d": 259_200_000, "1w": 604_800_000, "1M": 2_592_000_000,
}
_WEEK_OFFSET = 4 * 86_400_000  # 1970-01-01 was a Thursday; Binance weeks open on Monday


def interval_open(interval: str, t: int) -> int:
    """Open time of the kline of ``interval`` containing ``t`` (ms)."""
    if interval == "1M":
        d = _dt.datetime.fromtimestamp(t / 1000, tz=_dt.timezone.utc)
        return int(_dt.datetime(d.year, d.month, 1, tzinfo=_dt.timezone.utc).timestamp() * 1000)
    ms = INTERVALS_MS[interval]
    if interval == "1w":
        return t - (t - _WEEK_OFFSET) % ms
    return t - t % ms


def interval_close(interval: str, open_time: int) -> int:
    """Close time (inclusive, ms) of the kline opened at ``open_time``."""
    if interval == "1M":
        d = _dt.datetime.fromtimestamp(open_time / 1000, tz=_dt.timezone.utc)
        days = calendar.monthrange(d.year, d.month)[1]
        return open_time + days * 86_400_000 - 1
    return open_time + INTERVALS_MS[interval] - 1


@dataclass(slots=True)
class Trade:
    id: int
    price: int
    qty: int
    time: int
    buyer_maker: bool
    taker_side: int


@dataclass(slots=True)
class AggTrade:
    id: int
    price: int
    qty: int
    first_id: int
    last_id: int
    time: int
    buyer_maker: bool


@dataclass(slots=True)
class Candle:
    interval: str
    open_time: int
    close_time: int
    o: int
    h: int
    l: int
    c: int
    v: int = 0  # steps
    qv: float = 0.0
    n: int = 0
    tbv: int = 0
    tbqv: float = 0.0
    first_id: int = -1
    last_id: int = -1
    closed: bool = False


@dataclass(slots=True)
class Liquidation:
    side: str
    price: int
    qty: int
    time: int


@dataclass
class TickEvents:
    """What changed in one instrument since the previous step."""

    diff: Diff | None
    trades: list = field(default_factory=list)
    aggs: list = field(default_factory=list)
    closed: list = field(default_factory=list)  # candles that closed this step
    liquidation: Liquidation | None = None


class MarketModel:
    """The market of one instrument; ``on_maker_fill(order, fill, trade)`` reports client fills."""

    MAX_LEVELS = 120
    MIN_LEVELS = 40

    def __init__(self, inst: Instrument, seed: int, now: int, on_maker_fill=None) -> None:
        self.inst = inst
        self.seed = seed
        self.rng = random.Random(f"{seed}:{inst.market}:{inst.symbol}")
        self.on_maker_fill = on_maker_fill
        start = inst.start_ticks
        self.fair = float(start)
        self.sigma = max(0.6, start * 0.00004)
        self.gap = max(1, round(start * 0.00002))
        price_f = inst.px_float(start)
        if inst.market == COINM:
            self.unit = 4
        else:
            typical = (0.02 if inst.quote == "BTC" else 1000.0) / price_f
            self.unit = max(1, round(typical / inst.qty_float(1)))
        self.book = Book(start_id=1_000_000 + self.rng.randrange(1_000_000))
        self.trade_id = 100_000 + self.rng.randrange(100_000)
        self.agg_id = 50_000 + self.rng.randrange(50_000)
        self.last_price = start
        self.last_qty = self.unit
        self.recent_trades: deque[Trade] = deque(maxlen=1000)
        self.recent_aggs: deque[AggTrade] = deque(maxlen=1000)
        self.pending_trades: list[Trade] = []
        self.pending_aggs: list[AggTrade] = []
        self.candles: dict[str, Candle] = {}
        self.open_24h = round(start * (1 - self.rng.uniform(-0.03, 0.03)))
        self.high_24h = max(self.open_24h, start)
        self.low_24h = min(self.open_24h, start)
        self.vol_24h = self.unit * 5000
        self.qvol_24h = self.counter_value(self.vol_24h, start)
        self.count_24h = 5000
        self.first_trade_24h = self.trade_id - 5000
        self.funding_rate = "0.00010000"
        self._phases = (self.rng.uniform(0, 6.28), self.rng.uniform(0, 6.28), self.rng.uniform(0, 6.28))
        self._seed_book()
        self.now = now

    def counter_value(self, qty: int, price: int) -> float:
        """What Binance reports as ``q``: quote volume, or base volume for COIN-M contracts."""
        if self.inst.market == COINM:
            return self.inst.qty_float(qty) * self.inst.contract_size / self.inst.px_float(price)
        return self.inst.qty_float(qty) * self.inst.px_float(price)

    # ------------------------------------------------------------ seeding
    def _qty(self) -> int:
        return max(1, round(self.unit * self.rng.uniform(0.2, 3.0)))

    def _seed_book(self) -> None:
        mid = round(self.fair)
        for k in range(1, 61):
            self.book.add(BID, mid - k * self.gap, self._qty())
            self.book.add(ASK, mid + k * self.gap, self._qty())
        self.book.flush()

    # ------------------------------------------------------------ trading
    def execute(self, taker_side: int, qty: int, limit: int | None, now: int,
                taker=None) -> list[Fill]:
        """Match a taker against the book, recording public trades and maker fills."""
        fills = self.book.take(taker_side, qty, limit)
        if not fills:
            return fills
        buyer_maker = taker_side == ASK
        agg: AggTrade | None = None
        for f in fills:
            self.trade_id += 1
            t = Trade(self.trade_id, f.price, f.qty, now, buyer_maker, taker_side)
            f.trade_id = t.id
            self.pending_trades.append(t)
            self.recent_trades.append(t)
            self._record(t)
            if agg is not None and agg.price == f.price:
                agg.qty += f.qty
                agg.last_id = t.id
            else:
                self.agg_id += 1
                agg = AggTrade(self.agg_id, f.price, f.qty, t.id, t.id, now, buyer_maker)
                self.pending_aggs.append(agg)
                self.recent_aggs.append(agg)
            if f.maker is not None and self.on_maker_fill is not None:
                self.on_maker_fill(f.maker, f, t)
        return fills

    def _record(self, t: Trade) -> None:
        self.last_price = t.price
        self.last_qty = t.qty
        self.high_24h = max(self.high_24h, t.price)
        self.low_24h = min(self.low_24h, t.price)
        self.vol_24h += t.qty
        qv = self.counter_value(t.qty, t.price)
        self.qvol_24h += qv
        self.count_24h += 1
        for c in self.candles.values():
            if c.n == 0:
                c.o = c.h = c.l = c.c = t.price
                c.first_id = t.id
            c.h = max(c.h, t.price)
            c.l = min(c.l, t.price)
            c.c = t.price
            c.v += t.qty
            c.qv += qv
            c.n += 1
            c.last_id = t.id
            if t.taker_side == BID:
                c.tbv += t.qty
                c.tbqv += qv

    def candle(self, interval: str, now: int | None = None) -> Candle:
        """The current kline of ``interval`` (created on first use)."""
        now = self.now if now is None else now
        c = self.candles.get(interval)
        if c is None:
            ot = interval_open(interval, now)
            p = self.last_price
            c = self.candles[interval] = Candle(interval, ot, interval_close(interval, ot), p, p, p, p)
        return c

    def _roll_candles(self, now: int) -> list[Candle]:
        closed = []
        for iv, c in list(self.candles.items()):
            if now > c.close_time:
                c.closed = True
                closed.append(c)
                ot = interval_open(iv, now)
                p = c.c
                self.candles[iv] = Candle(iv, ot, interval_close(iv, ot), p, p, p, p)
        return closed

    # ------------------------------------------------------------ the walk
    def step(self, now: int) -> TickEvents:
        """Advance one tick; returns the diff, trades and closed klines since the last step."""
        self.now = now
        rng = self.rng
        book = self.book
        self.fair += rng.gauss(0.0, self.sigma)
        mid = round(self.fair)
        # new liquidity around the fair price; a crossing add is a marketable limit order
        for _ in range(rng.randint(1, 4)):
            side = BID if rng.random() < 0.5 else ASK
            off = 1 + int(rng.expovariate(1.0 / (6 * self.gap)))
            price = mid - off if side == BID else mid + off
            if price <= 0:
                continue
            qty = self._qty()
            opp = book.best(ASK if side == BID else BID)
            if opp is not None and ((side == BID and price >= opp) or (side == ASK and price <= opp)):
                fills = self.execute(side, qty, price, now)
                qty -= sum(f.qty for f in fills)
            if qty > 0:
                book.add(side, price, qty)
        # cancellations near the touch
        for _ in range(rng.randint(0, 3)):
            side = BID if rng.random() < 0.5 else ASK
            prices = book.side_prices(side, 30)
            if prices:
                p = prices[rng.randrange(len(prices))]
                book.reduce(side, p, self._qty())
        # market orders
        if rng.random() < 0.6:
            side = BID if rng.random() < 0.5 else ASK
            self.execute(side, max(1, self._qty() // 2), None, now)
        # keep the book bounded and replenished
        for side in (BID, ASK):
            prices = book.side_prices(side)
            if len(prices) > self.MAX_LEVELS:
                for p in prices[self.MAX_LEVELS:]:
                    book.remove_level(side, p)
            elif len(prices) < self.MIN_LEVELS:
                last = prices[-1] if prices else (mid - self.gap if side == BID else mid + self.gap)
                for k in range(1, self.MIN_LEVELS - len(prices) + 1):
                    p = last - k * self.gap if side == BID else last + k * self.gap
                    if p > 0:
                        book.add(side, p, self._qty())
        liq = None
        if self.inst.market != SPOT and rng.random() < 0.02:
            liq = Liquidation("SELL" if rng.random() < 0.5 else "BUY", self.last_price, self._qty(), now)
        closed = self._roll_candles(now)
        ev = TickEvents(book.flush(), self.pending_trades, self.pending_aggs, closed, liq)
        self.pending_trades = []
        self.pending_aggs = []
        return ev

    # ------------------------------------------------------------ derived values
    def mark_price(self) -> int:
        bb, ba = self.book.best(BID), self.book.best(ASK)
        if bb is None or ba is None:
            return self.last_price
        return (bb + ba) // 2

    def index_price(self) -> int:
        return round(self.fair)

    def _level(self, t: int) -> float:
        """Deterministic relative price level at time ``t`` (a sum of slow waves)."""
        x = t / 3_600_000
        a, b, c = self._phases
        return 1.0 + 0.02 * math.sin(x * 0.05 + a) + 0.006 * math.sin(x * 0.9 + b) + 0.002 * math.sin(x * 7.3 + c)

    def _synthetic(self, interval: str, ot: int, anchor_time: int, anchor: int) -> Candle:
        """A closed kline at open time ``ot``: deterministic for (seed, symbol, interval, ot)."""
        ct = interval_close(interval, ot)
        rng = random.Random(f"{self.seed}:{self.inst.symbol}:{interval}:{ot}")
        base = anchor / self._level(anchor_time)
        o = max(1, round(base * self._level(ot)))
        c = max(1, round(base * self._level(ct + 1)))
        spread = max(1, round(abs(o - c) * 0.5 + self.sigma * rng.random() * 3))
        v = self.unit * rng.randint(10, 500)
        qv = self.counter_value(v, c)
        return Candle(interval, ot, ct, o, max(o, c) + rng.randint(0, spread), max(1, min(o, c) - rng.randint(0, spread)),
                      c, v, qv, rng.randint(10, 500), v // 2, qv / 2, closed=True)

    def history(self, interval: str, end_time: int | None, limit: int, start_time: int | None = None) -> list[Candle]:
        """Klines as Binance answers ``klines``: from ``start_time`` forward, else the last ``limit`` up to ``end_time``.

        Past klines are synthetic (a deterministic function of time anchored at the
        current kline's open, so they join it); the current one is the live kline.
        """
        cur = self.candle(interval)
        limit = max(1, limit)

        def make(ot: int) -> Candle:
            return cur if ot == cur.open_time else self._synthetic(interval, ot, cur.open_time, cur.o)

        out: list[Candle] = []
        if start_time is not None:
            ot = interval_open(interval, max(0, start_time))
            if ot < start_time:
                ot = interval_close(interval, ot) + 1
            while len(out) < limit and ot <= cur.open_time and (end_time is None or ot <= end_time):
                out.append(make(ot))
                ot = interval_close(interval, ot) + 1
            return out
        ot = cur.open_time if end_time is None or end_time >= cur.open_time else interval_open(interval, end_time)
        while len(out) < limit and ot > 0:
            out.append(make(ot))
            ot = interval_open(interval, ot - 1)
        out.reverse()
        return out
