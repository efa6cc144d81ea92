"""The simulator's state and its clock: instruments, market models, matching engine,
user-data hub, stream hubs, credentials and faults, advanced one tick at a time.

Transports (REST, market websockets, websocket API) only read and mutate this
object; nothing here does I/O except the tick task started by ``start()``.
"""

from __future__ import annotations

import asyncio
import time

from .auth import ED25519, HMAC, RSA, KeyStore, generate_key
from .errors import log
from .faults import Faults
from .instruments import MARKETS, SPOT, build_instruments
from .market import MarketModel
from .matching import Engine
from .ratelimit import WeightCounter
from .streams import StreamHub
from .userdata import UserDataHub


class SimCore:
    def __init__(self, seed: int = 1, tick_interval: float = 0.1, autostep: bool = True,
                 key_kinds=(HMAC, RSA, ED25519), enforce_rate_limits: bool = True,
                 extra_symbols: int = 0) -> None:
        self.seed = seed
        self.tick_interval = tick_interval
        self.tick_ms = max(1, round(tick_interval * 1000))
        self.autostep = autostep
        self.tick_no = 0
        self.clock_offset_ms = 0
        start = self.now()
        self.instruments = build_instruments(start, extra_symbols, seed)
        #: synthetic symbols, stepped only while some stream of theirs has a subscriber
        self.idle_when_unwatched = {SPOT: {s for s, i in self.instruments[SPOT].items() if i.base.startswith("SYN")}}
        self.userdata = UserDataHub(self)
        self.engine = Engine(self, self.userdata.emit)
        self.faults = Faults(self)
        self.models = {m: {s: MarketModel(i, seed, start, self.engine.on_maker_fill)
                           for s, i in self.instruments[m].items()} for m in MARKETS}
        self.hubs = {m: StreamHub(self, m) for m in MARKETS}
        self.weights = WeightCounter(enforce_rate_limits)
        self.keys = KeyStore()
        self.api_keys = {k: self.keys.add(generate_key(k)) for k in key_kinds}
        self.engine.account("default")
        self._task: asyncio.Task | None = None
        self._tick_waiters: list[asyncio.Future] = []
        self._recorders: dict[tuple[str, str], dict[int, tuple]] = {}
        self._record_keep: dict[tuple[str, str], int] = {}
        self.rejected: list[str] = []
        self.burst = 0  # frames a new symbol-stream subscription gets at once (see replay.render_stream)

    def now(self) -> int:
        return int(time.time() * 1000) + self.clock_offset_ms

    # ------------------------------------------------------------ ticking
    def step(self, n: int = 1) -> None:
        """Advance every market ``n`` ticks and publish what changed."""
        for _ in range(n):
            self.tick_no += 1
            now = self.now()
            for market, models in self.models.items():
                idle = self.idle_when_unwatched.get(market)
                if idle:
                    watched = self.hubs[market].watched_symbols()
                    events = {sym: m.step(now) for sym, m in models.items() if sym not in idle or sym in watched}
                else:
                    events = {sym: m.step(now) for sym, m in models.items()}
                self.hubs[market].publish(self.tick_no, now, events)
                if self._recorders:
                    for sym, ev in events.items():
                        rec = self._recorders.get((market, sym))
                        if rec is not None and ev.diff is not None:
                            self._record(market, sym)
            self.engine.check_triggers(now)  # conditional orders the tick's trades reached
            if self.tick_no % 10 == 0:
                self.userdata.sweep(now)
        waiters, self._tick_waiters = self._tick_waiters, []
        for w in waiters:
            if not w.done():
                w.set_result(self.tick_no)

    async def wait_tick(self) -> int:
        """Resolve after the next tick (for tests that need the market to move)."""
        fut = asyncio.get_running_loop().create_future()
        self._tick_waiters.append(fut)
        return await fut

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        nxt = loop.time()
        while True:
            nxt += self.tick_interval
            try:
                self.step()
            except Exception:  # a model bug must not kill the server
                log.exception("tick failed")
            delay = nxt - loop.time()
            if delay < -1:
                nxt = loop.time()
                delay = 0
            await asyncio.sleep(max(0.0, delay))

    def start(self) -> None:
        if self.autostep and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    # ------------------------------------------------------------ book history
    def record_books(self, market: str, symbol: str, keep: int | None = None) -> None:
        """Keep the full book at every update id of ``symbol`` (for equality tests); with
        ``keep``, only the last ``keep`` of them."""
        self._recorders.setdefault((market, symbol), {})
        if keep is not None:
            self._record_keep[(market, symbol)] = keep
        self._record(market, symbol)

    def _record(self, market: str, symbol: str) -> None:
        uid, bids, asks = self.models[market][symbol].book.snapshot()
        rec = self._recorders[(market, symbol)]
        rec[uid] = (bids, asks)
        keep = self._record_keep.get((market, symbol))
        if keep is not None and len(rec) > keep:
            del rec[next(iter(rec))]

    def book_at(self, market: str, symbol: str, update_id: int):
        """``(bids, asks)`` as wire strings at ``update_id``, or None when not recorded."""
        rec = self._recorders.get((market, symbol), {}).get(update_id)
        if rec is None:
            return None
        inst = self.instruments[market][symbol]
        return ([(inst.px(p), inst.qty(q)) for p, q in rec[0]], [(inst.px(p), inst.qty(q)) for p, q in rec[1]])

    def note_rejected(self, what: str) -> None:
        """Log a rejected request (kept short, newest last)."""
        log.info("rejected: %s", what)
        self.rejected.append(what)
        if len(self.rejected) > 1000:
            del self.rejected[:500]
