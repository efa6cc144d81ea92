"""Fault matrix: every fault × every channel, time to recover, next to CCXT's own client.

    python -m ccxtpro_binance.faultmatrix [--faults disconnect,gap,…] [--channels order_book,trades,…]
                                          [--ccxt] [--json] [--markdown] [--bound 10] [--speed 4]
    python -m ccxtpro_binance.faultmatrix drops [--seconds 60] [--every 2] [--ccxt] [--json]
    python -m ccxtpro_binance.faultmatrix burst [--trades 10000] [--symbols 4] [--delay 0.2] [--ccxt] [--json]

The soak (``ccxtpro_binance.soak``) shows that streams survive rotating faults
over time; this measures each fault on each channel alone, with the numbers a
user cares about. Per fault (a row) a fresh loopback simulator and a fresh
client; per channel (a cell) one consumer: a ``stream_*`` iterator for ccxtpro,
and, with ``--ccxt``, for CCXT's ``ccxt.pro.binance`` (in its own simulator, at
the same time) the loop a CCXT user writes::

    while True:
        try:
            result = await exchange.watch_trades(symbol)
        except Exception:
            await asyncio.sleep(0.05)   # then call again

Each row: the consumers start, updates flow steadily (private channels get
events from market orders placed straight into the simulator's matching
engine every ``drive_every`` s: fills, order updates, balances, positions), the
fault is injected, and then, per cell:

* **recovered** and **time to recover**: from the fault to the first update
  carrying data produced after it (a trade, ticker, order, balance or position
  timestamped after the fault; a candle that changed; a book whose nonce moved
  on *and* that equals the simulator's book at that nonce), within ``bound`` s,
  else "never (hung N s)";
* **lost / duplicated ids** (trades, orders): against the simulator's record of
  what it wrote to this client's sockets (``sim.faults.record_sent()``): a trade id
  sent and never handed to the consumer is lost, one handed over twice is
  duplicated; an order is lost when its last state sent (status, filled) never
  reached the consumer. Measured after the simulator stopped ticking and the
  consumer drained what was sent;
* **books equal**: every book handed over after recovery is compared, top
  ``book_depth`` levels, with the simulator's book *at the same update id*
  (``sim.core.record_books``: the simulator keeps its book at every update id), and
  once more after the simulator stopped ticking (client and simulator at the same
  nonce);
* **hung waiters**: after the run and ``close()``, every future still unsettled
  on any websocket client the exchange had during the row (sampled throughout,
  so clients forgotten after a disconnect count too), and consumers still blocked
  a second after ``close()``. 0 expected: a waiter nobody will ever settle is how
  a user's ``await`` hangs forever.

Faults (the simulator's, ``sim.faults``):

=================  ==========================================================
disconnect         every connection aborted without a close frame
refused            disconnect, then websocket upgrades answered 503 for ``refuse_for`` s
gap                the next depth diff of the book is skipped (``U`` ≠ previous ``u`` + 1)
malformed          a frame that is not JSON on every connection
error              disconnect, then the next request on each connection (re-subscribe) answered
                   with Binance error -1000
stall              every connection stops sending data; pings still answered
stall-silent       every connection stops sending data and answering pings
expiry             the 24 h limit, shortened: the simulator runs with ``connection_lifetime``
                   = ``lifetime`` s, so each connection is closed (1000) at its own "24 h"
429                disconnect with the next REST request answered 429 (``Retry-After``), and any
                   request before it passes 418 (banned): the book snapshot, the listen key
listen-key         the USD-M listen key expires (``listenKeyExpired``)
terminated         the websocket-API user-data subscription ends (``eventStreamTerminated``)
=================  ==========================================================

Channels: ``order_book`` (spot BTC/USDT), ``trades`` (spot), ``ticker`` (spot),
``ohlcv`` (USD-M BTC/USDT:USDT 1m), ``orders`` and ``balance`` (spot, over the
websocket API; USD-M, over a listen key, in the listen-key row), ``positions``
(USD-M). A fault that has no meaning for a channel is "n/a", with the reason.

ccxtpro runs with short stall thresholds (``options["ws"]`` ``staleAfter`` 1000 ms,
``staleFactor`` 4; the defaults are 10 s and 20×), everything else default; CCXT
runs with its defaults (keepalive 180 s × 2 missed pongs for Binance). The
simulator's market clock runs ``speed`` times faster than Binance's nominal
cadences (a 1 s ticker every 1/``speed`` s), so a steady state, and the stall
watchdog's 20-frame warm-up, take seconds.

Two figures, each a subcommand: ``drops`` (a drop every 2 s for 60 s: the share
of 1-second bins in which the consumer got data) and ``burst`` (10 000
back-to-back trades over 4 symbols to a consumer that takes 200 ms per item,
through ``stream_trades_for_symbols``: ids lost, per-symbol delay).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import logging
import math
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson

# -- the matrix's axes -------------------------------------------------------------------------

#: fault id -> label (the table's row names)
FAULTS: dict[str, str] = {
    "disconnect": "disconnect",
    "refused": "refused reconnect",
    "gap": "sequence gap",
    "malformed": "malformed frame",
    "error": "error reply",
    "stall": "stall with pongs",
    "stall-silent": "stall without pongs",
    "expiry": "24 h expiry",
    "429": "429/418",
    "listen-key": "listen-key expiry",
    "terminated": "eventStreamTerminated",
}

CHANNELS: tuple[str, ...] = ("order_book", "trades", "ticker", "ohlcv", "orders", "balance", "positions")
CHANNEL_LABELS = {"order_book": "order book", "trades": "trades", "ticker": "ticker", "ohlcv": "OHLCV",
                  "orders": "orders", "balance": "balance", "positions": "positions"}
PRIVATE = frozenset({"orders", "balance", "positions"})
PUBLIC = tuple(c for c in CHANNELS if c not in PRIVATE)

#: a reduced matrix that still covers every fault and every channel (the default test run)
REDUCED: dict[str, tuple[str, ...]] = {
    "disconnect": ("order_book", "trades", "orders", "positions"),  # spot and USD-M orders share one cache
    "refused": ("ticker", "balance"),
    "gap": ("order_book",),
    "malformed": ("trades", "ohlcv"),
    "error": ("trades", "orders"),
    "stall": ("trades", "orders"),
    "stall-silent": ("order_book", "positions"),
    "expiry": ("trades", "positions"),
    "429": ("order_book", "positions"),
    "listen-key": ("orders", "positions"),
    "terminated": ("orders", "balance"),
}

#: clients: ccxtpro's ``stream_*`` and CCXT's ``while True: await watch_*``
OURS, CCXT = "ccxtpro", "ccxt"

_NO_SEQUENCE = "no sequence numbers to break: a gap is a depth-diff fault (U/u)"
_NO_REST = "no REST request on this channel's recovery path"
_NO_LISTEN_KEY = "no listen key: public stream"
_NO_USER_SUB = "no user-data subscription: public stream"


def not_applicable(fault: str, channel: str) -> str | None:
    """Why ``fault`` has no meaning for ``channel`` (None: the cell is measured)."""
    if fault == "gap" and channel != "order_book":
        return _NO_SEQUENCE
    if fault == "429":
        if channel in ("trades", "ticker", "ohlcv"):
            return _NO_REST + " (a re-subscription is one websocket message)"
        if channel in ("orders", "balance"):
            return _NO_REST + " (spot user data re-subscribes over the websocket API)"
    if fault == "listen-key" and channel not in PRIVATE:
        return _NO_LISTEN_KEY
    if fault == "terminated":
        if channel not in PRIVATE:
            return _NO_USER_SUB
        if channel == "positions":
            return "USD-M user data rides a listen key: Binance ends it with listenKeyExpired, not eventStreamTerminated"
    if fault == "error" and channel == "positions":
        return "USD-M user data is subscribed by its URL (the listen key): no request to answer with an error"
    return None


@dataclass(frozen=True)
class ChannelSpec:
    """What a cell watches: the watch method and its arguments, and where the simulator serves it."""

    channel: str
    method: str
    args: tuple
    market: str  # the simulator's market: spot / usdm
    sim_symbol: str
    stream: str = ""  # a fragment of the server-side stream name (public channels)

    @property
    def private(self) -> bool:
        return self.channel in PRIVATE

    def matches_stream(self, name: str) -> bool:
        if self.channel == "ticker":
            return name.startswith("btcusdt@") and ("@ticker" in name or "@miniTicker" in name)
        return self.stream in name


def channel_spec(channel: str, fault: str = "") -> ChannelSpec:
    """The cell's watch call. Orders and balance are spot (websocket API) except in the listen-key
    row, where they are USD-M (a listen key in the stream URL)."""
    usdm_user = fault == "listen-key"
    if channel == "order_book":
        return ChannelSpec(channel, "watch_order_book", ("BTC/USDT",), "spot", "BTCUSDT", "btcusdt@depth")
    if channel == "trades":
        return ChannelSpec(channel, "watch_trades", ("BTC/USDT",), "spot", "BTCUSDT", "btcusdt@trade")
    if channel == "ticker":
        return ChannelSpec(channel, "watch_ticker", ("BTC/USDT",), "spot", "BTCUSDT", "btcusdt@")
    if channel == "ohlcv":
        return ChannelSpec(channel, "watch_ohlcv", ("BTC/USDT:USDT", "1m"), "usdm", "BTCUSDT", "btcusdt@kline_1m")
    if channel == "orders":
        if usdm_user:
            return ChannelSpec(channel, "watch_orders", ("BTC/USDT:USDT",), "usdm", "BTCUSDT")
        return ChannelSpec(channel, "watch_orders", ("BTC/USDT",), "spot", "BTCUSDT")
    if channel == "balance":
        if usdm_user:
            return ChannelSpec(channel, "watch_balance", ({"type": "future"},), "usdm", "BTCUSDT")
        return ChannelSpec(channel, "watch_balance", (), "spot", "BTCUSDT")
    if channel == "positions":
        return ChannelSpec(channel, "watch_positions", (["BTC/USDT:USDT"],), "usdm", "BTCUSDT")
    raise ValueError(f"unknown channel {channel!r} (one of {', '.join(CHANNELS)})")


#: message-hash fragments by channel, to attribute an unsettled future to its cell
_HASH_WORDS = {"order_book": ("orderbook",), "trades": ("trade",), "ticker": ("ticker",), "ohlcv": ("ohlcv", "kline"),
               "orders": ("order",), "balance": ("balance",), "positions": ("position",)}


def _hash_channel(message_hash: Any) -> str | None:
    text = str(message_hash).lower()
    for channel, words in _HASH_WORDS.items():
        if any(w in text for w in words) and not (channel == "orders" and "orderbook" in text):
            return channel
    return None


# -- configuration and results -----------------------------------------------------------------

@dataclass
class MatrixConfig:
    """Knobs of a matrix run (the defaults keep a full run with CCXT at about 3 minutes)."""

    bound: float = 10.0  # s after the fault: a cell without a valid update by then did not recover
    speed: float = 4.0  # the simulator's market clock vs Binance's nominal cadences
    steady_updates: int = 3  # updates per cell before the fault
    steady_min: float = 1.0  # s of streaming before the fault, at least
    checks_after: int = 3  # valid updates after recovery before a cell is done (books compared at each)
    refuse_for: float = 2.0  # s of refused upgrades in the "refused" row
    lifetime: float = 5.0  # s: the shortened 24 h of the "expiry" row
    retry_after: int = 2  # the 429's Retry-After (s)
    error_code: int = -1000  # the error reply's code (Binance: "An unknown error occurred…")
    drive_every: float = 0.2  # s between the market orders that make user-data events
    book_depth: int = 10  # levels compared
    stale_after_ms: float = 1000.0  # ccxtpro options["ws"]["staleAfter"]
    stale_factor: float = 4.0  # ccxtpro options["ws"]["staleFactor"]
    seed: int = 1
    setup_timeout: float = 20.0  # s for the steady state before a row gives up


@dataclass
class CellResult:
    """One fault × channel × client."""

    fault: str
    channel: str
    client: str
    applicable: bool = True
    reason: str = ""  # why n/a, or why the cell could not run
    recovered: bool | None = None
    recovery_s: float | None = None
    bound_s: float = 0.0
    hung_waiters: int | None = None
    lost: int | None = None  # trades: ids; orders: orders whose last state never arrived
    duplicated: int | None = None
    sent: int | None = None  # ids the simulator sent (trades), orders it updated
    coalesced: int | None = None  # orders: intermediate states sent but never handed over (not counted as lost)
    book_equal: bool | None = None  # every book after recovery (and the final one) equal to the simulator's
    book_checks: int = 0
    book_mismatches: int = 0
    updates_before: int = 0
    updates_after: int = 0
    errors: int = 0  # exceptions the consumer saw (ccxtpro: retried inside the stream)
    error: str | None = None  # the exception that ended the consumer, if any
    notes: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """What is wrong with this cell (empty: it passed)."""
        if not self.applicable:
            return []
        out = []
        if self.reason:
            out.append(self.reason)
        if not self.recovered:
            out.append(f"no valid update within {self.bound_s:g}s")
        if self.hung_waiters:
            out.append(f"{self.hung_waiters} hung waiter(s)")
        if self.lost:
            out.append(f"{self.lost} of {self.sent} lost")
        if self.duplicated:
            out.append(f"{self.duplicated} duplicated")
        if self.book_equal is False:
            out.append(f"book unequal to the simulator's ({self.book_mismatches} of {self.book_checks} checks)")
        if self.error:
            out.append(f"ended with {self.error}")
        return out

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        """The table's entry: time to recover, "never (hung N s)" or "n/a"."""
        if not self.applicable:
            return "n/a"
        if self.reason and self.recovered is None:
            return "error"
        if not self.recovered:
            return f"never (hung {self.bound_s:g}s)"
        flag = "" if self.ok else "*"
        return f"{self.recovery_s:.2f}s{flag}"


@dataclass
class MatrixResult:
    cells: list[CellResult]
    faults: list[str]
    channels: list[str]
    clients: list[str]
    config: MatrixConfig
    elapsed: float = 0.0

    def cell(self, fault: str, channel: str, client: str = OURS) -> CellResult | None:
        for c in self.cells:
            if c.fault == fault and c.channel == channel and c.client == client:
                return c
        return None

    def failures(self, client: str = OURS) -> list[str]:
        """Every problem of ``client``'s applicable cells, one line each."""
        return [f"{FAULTS[c.fault]} × {CHANNEL_LABELS[c.channel]}: {'; '.join(c.problems)}"
                for c in self.cells if c.client == client and c.applicable and c.problems]

    @property
    def ok(self) -> bool:
        return not self.failures(OURS)

    def to_dict(self) -> dict[str, Any]:
        cells = []
        for c in self.cells:
            d = asdict(c)
            d.update(text=c.text(), ok=c.ok, problems=c.problems)
            cells.append(d)
        return {"faults": self.faults, "channels": self.channels, "clients": self.clients,
                "config": asdict(self.config), "elapsed": self.elapsed, "ok": self.ok,
                "failures": {client: self.failures(client) for client in self.clients}, "cells": cells}


# -- a consumer's record -------------------------------------------------------------------------

@dataclass(slots=True)
class _Item:
    recv: float  # time.time() when the consumer got it
    ts: float | None  # ms: when the data was made (trade, ticker, order, balance, position), if known
    sig: Any  # what changed (book nonce, last candle, balance totals…)
    equal: bool | None = None  # books: equal to the simulator's at this nonce (None: not known)


class Probe:
    """What one consumer saw: items, ids, errors; the fault's time; the verdicts derived from them."""

    def __init__(self, spec: ChannelSpec, sim: Any, depth: int) -> None:
        self.spec = spec
        self.sim = sim
        self.depth = depth
        self.items: list[_Item] = []
        self.trade_ids: list[int] = []
        self.order_units: list[tuple[str, str, float | None]] = []  # (id, status, filled) as yielded
        self.errors = 0
        self.last_error: str | None = None
        self.error: str | None = None  # what ended the consumer
        self.fault_at: float | None = None
        self.fault_candle: tuple[float, float] | None = None  # OHLCV: (open time, volume) when the fault hit
        self.server_conns: list = []  # expiry row: the connections whose "24 h" is this cell's fault
        self.stream: Any = None
        self.task: asyncio.Task | None = None

    # -- intake (synchronous: the result is read before anything else runs) ---
    def observe(self, result: Any, now: float) -> None:
        channel = self.spec.channel
        if channel == "order_book":
            nonce = result.get("nonce")
            bids = _levels(result.get("bids"), self.depth)
            asks = _levels(result.get("asks"), self.depth)
            self.items.append(_Item(now, result.get("timestamp"), nonce, self._book_equal(nonce, bids, asks)))
        elif channel == "trades":
            ts = None
            for t in result or ():
                self.trade_ids.append(int(t["id"]))
                if t.get("timestamp") is not None:
                    ts = max(ts or 0, t["timestamp"])
            self.items.append(_Item(now, ts, len(self.trade_ids)))
        elif channel == "ticker":
            self.items.append(_Item(now, result.get("timestamp"), (result.get("last"), result.get("timestamp"))))
        elif channel == "ohlcv":
            last = tuple(result[-1]) if result else None
            self.items.append(_Item(now, None, last))
        elif channel == "orders":
            ts = None
            for o in result or ():
                self.order_units.append((str(o.get("id")), o.get("status"), _float(o.get("filled"))))
                stamp = o.get("lastUpdateTimestamp") or o.get("timestamp")
                if stamp is not None:
                    ts = max(ts or 0, stamp)
            self.items.append(_Item(now, ts, len(self.order_units)))
        elif channel == "balance":
            sig = tuple(sorted((k, repr(v)) for k, v in (result.get("total") or {}).items()))
            self.items.append(_Item(now, result.get("timestamp"), sig))
        elif channel == "positions":
            stamps = [p.get("timestamp") for p in result or () if p.get("timestamp") is not None]
            sig = tuple((p.get("symbol"), p.get("contracts"), p.get("entryPrice")) for p in result or ())
            self.items.append(_Item(now, max(stamps) if stamps else None, sig))

    def _book_equal(self, nonce: Any, bids: list, asks: list) -> bool | None:
        if nonce is None:
            return None
        book = self.sim.core.book_at(self.spec.market, self.spec.sim_symbol, int(nonce))
        if book is None:
            return None
        want_bids = [(float(p), float(q)) for p, q in book[0][: self.depth]]
        want_asks = [(float(p), float(q)) for p, q in book[1][: self.depth]]
        return bids == want_bids and asks == want_asks

    # -- verdicts ---------------------------------------------------------------
    def before_fault(self) -> list[_Item]:
        return [i for i in self.items if self.fault_at is None or i.recv < self.fault_at]

    def _fresh(self, item: _Item, last_before: _Item | None) -> bool:
        fault = self.fault_at or 0.0
        if item.recv < fault:
            return False
        if self.spec.channel == "order_book":  # equal to the simulator's, and made after the fault
            if item.equal is False:
                return False
            if item.ts is not None:
                return item.ts >= fault * 1000.0
            return last_before is None or last_before.sig is None or (item.sig or 0) > last_before.sig
        if item.ts is not None:
            return item.ts >= fault * 1000.0
        if self.spec.channel == "ohlcv" and self.fault_candle is not None and item.sig:
            # a candle that grew past the simulator's at the fault (a frame in flight is not a recovery)
            opened, volume = self.fault_candle
            return item.sig[0] > opened or (item.sig[0] == opened and item.sig[5] > volume)
        return last_before is None or item.sig != last_before.sig

    def mark_fault(self, at: float) -> None:
        """The fault hit at ``at``: note what the simulator had made by then."""
        self.fault_at = at
        if self.spec.channel == "ohlcv":
            from .simulator.payloads import _volumes  # the kline's "v", as the wire says it

            model = self.sim.model(self.spec.market, self.spec.sim_symbol)
            candle = model.candle(self.spec.args[1])
            self.fault_candle = (float(candle.open_time), float(_volumes(model.inst, candle.v, candle.qv)[0]))

    def recovery(self) -> tuple[float | None, list[_Item]]:
        """Time from the fault to the first valid update (None: none yet), and the items from it on."""
        if self.fault_at is None:
            return None, []
        before = self.before_fault()
        last = before[-1] if before else None
        after = self.items[len(before):]
        for k, item in enumerate(after):
            if self._fresh(item, last):
                return item.recv - self.fault_at, after[k:]
        return None, []

    def done(self, checks_after: int) -> bool:
        t, rest = self.recovery()
        return t is not None and len(rest) > checks_after


def _levels(side: Any, depth: int) -> list[tuple[float, float]]:
    if side is None:
        return []
    return [(float(level[0]), float(level[1])) for level in itertools.islice(side, depth)]


def _float(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


# -- clients -----------------------------------------------------------------------------------

def make_client(kind: str, sim: Any, config: MatrixConfig, options: dict[str, Any] | None = None) -> Any:
    """ccxtpro (short stall thresholds) or CCXT's ``ccxt.pro.binance`` (defaults), pointed at ``sim``;
    ``options`` (e.g. ``tradesLimit``) go to both."""
    options = dict(options or {})
    if kind == OURS:
        import ccxtpro

        return ccxtpro.load("binance", sim.exchange_config(
            "hmac", ws={"staleAfter": config.stale_after_ms, "staleFactor": config.stale_factor}, **options))
    import ccxt.pro

    return ccxt.pro.binance({"urls": sim.ccxt_urls(), **sim.api_keys["hmac"],
                             "options": {"adjustForTimeDifference": False, **options}})


def _closed_by_user(error: BaseException) -> bool:
    return type(error).__name__ == "ExchangeClosedByUser"


async def _consume_ours(exchange: Any, probe: Probe, stop: asyncio.Event) -> None:
    stream = exchange.watch_stream(probe.spec.method, *probe.spec.args)
    probe.stream = stream
    try:
        async for item in stream:
            probe.observe(item, time.time())
            probe.errors = stream.retries
            if stop.is_set():
                break
    except Exception as e:
        if not (stop.is_set() and _closed_by_user(e)):
            probe.error = f"{type(e).__name__}: {str(e)[:160]}"
    finally:
        probe.errors = stream.retries


async def _consume_ccxt(exchange: Any, probe: Probe, stop: asyncio.Event) -> None:
    """What a CCXT user writes: call the watch method again after every error."""
    method = getattr(exchange, probe.spec.method)
    while not stop.is_set():
        try:
            item = await method(*probe.spec.args)
        except Exception as e:
            if stop.is_set():
                break
            probe.errors += 1
            probe.last_error = f"{type(e).__name__}: {str(e)[:160]}"
            await asyncio.sleep(0.05)
            continue
        probe.observe(item, time.time())


async def _drive(sim: Any, markets: Sequence[str], every: float, placed: list) -> None:
    """Market orders straight into the simulator's matching engine, alternately buying and
    selling, so the account's user-data streams carry order, balance and position events."""
    account = sim.engine.account("default")
    quantity = {"spot": "0.001", "usdm": "0.002"}
    for i in itertools.count():
        side = "BUY" if i % 2 == 0 else "SELL"
        for market in markets:
            try:
                reply = sim.engine.place(account, market, {"symbol": "BTCUSDT", "side": side, "type": "MARKET",
                                                           "quantity": quantity[market]}, sim.core.now())
                placed.append((market, reply.get("orderId"), time.time()))
            except Exception as e:  # an unfunded side must not stop the driver
                placed.append((market, f"rejected: {e}", time.time()))
        await asyncio.sleep(every)


def _server_conns(sim: Any, spec: ChannelSpec) -> list:
    """The simulator's live connections that carry ``spec``'s data."""
    subs = {id(s.conn) for s in sim.core.userdata.subs}
    out = []
    for conn in list(sim.faults.conns):
        if conn.closed:
            continue
        if spec.private:
            if spec.market == "spot":
                if conn.kind == "wsapi" and id(conn) in subs:
                    out.append(conn)
            elif conn.market == spec.market and conn.user_keys:
                out.append(conn)
        elif conn.market == spec.market and any(spec.matches_stream(n) for n in conn.streams):
            out.append(conn)
    return out


# -- one row: one fault, one client, its channels ---------------------------------------------------

async def run_row(fault: str, channels: Sequence[str], client: str = OURS,
                  config: MatrixConfig | None = None) -> list[CellResult]:
    """Inject ``fault`` once into a fresh simulator with one consumer per channel; one result per channel."""
    from .simulator import Simulator

    config = config or MatrixConfig()
    if fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r} (one of {', '.join(FAULTS)})")
    results: dict[str, CellResult] = {}
    specs: list[ChannelSpec] = []
    for channel in channels:
        reason = not_applicable(fault, channel)
        if reason is not None:
            results[channel] = CellResult(fault, channel, client, applicable=False, reason=reason)
        else:
            specs.append(channel_spec(channel, fault))
            results[channel] = CellResult(fault, channel, client, bound_s=config.bound)
    if not specs:
        return [results[c] for c in channels]
    lifetime = config.lifetime if fault == "expiry" else 24 * 3600.0
    async with Simulator(seed=config.seed, tick_interval=0.1, connection_lifetime=lifetime) as sim:
        sim.core.tick_interval = 0.1 / config.speed  # the market clock: stream cadences in ticks of 100 ms
        record = sim.faults.record_sent()
        if any(s.channel == "order_book" for s in specs):
            sim.core.record_books("spot", "BTCUSDT")
        exchange = make_client(client, sim, config)
        probes = [Probe(s, sim, config.book_depth) for s in specs]
        stop = asyncio.Event()
        tracked: dict[int, Any] = {}
        helpers: list[asyncio.Task] = []
        try:
            await asyncio.wait_for(exchange.load_markets(), config.setup_timeout)
            drive_markets = sorted({s.market for s in specs if s.private})
            placed: list = []
            if drive_markets:
                helpers.append(asyncio.ensure_future(_drive(sim, drive_markets, config.drive_every, placed)))
            helpers.append(asyncio.ensure_future(_track_clients(exchange, tracked)))
            consume = _consume_ours if client == OURS else _consume_ccxt
            for p in probes:
                p.task = asyncio.ensure_future(consume(exchange, p, stop))
            started = time.time()
            ready = await _steady(probes, exchange, fault, client, config, started)
            if not ready:
                for p in probes:
                    if len(p.items) < config.steady_updates:
                        results[p.spec.channel].reason = (f"no steady state: {len(p.items)} update(s) in "
                                                          f"{config.setup_timeout:g}s"
                                                          + (f" ({p.last_error or p.error})" if (p.last_error or p.error) else ""))
            else:
                await _inject(sim, fault, probes, config)
                await _observe(probes, config)
            # -- the simulator stops ticking; the consumers drain what was sent
            for h in helpers[:1] if drive_markets else ():
                h.cancel()
                await asyncio.gather(h, return_exceptions=True)
                # the last market orders moved the book between ticks: let a depth frame (every
                # 1 s at most) carry that before the market stops, or no client could reach it
                for _ in range(11):
                    await sim.core.wait_tick()
            await sim.core.stop()
            await _quiet(probes, 0.4, 3.0)
            final_books = {id(p): await _final_book_equal(p, exchange, sim) for p in probes
                           if p.spec.channel == "order_book" and p.recovery()[0] is not None}
            for p in probes:
                cell = results[p.spec.channel]
                _verdict(cell, p, record, config)
                if id(p) in final_books and final_books[id(p)] is not None and cell.recovered:
                    cell.book_checks += 1
                    if not final_books[id(p)]:
                        cell.book_mismatches += 1
                        cell.notes.append("book unequal to the simulator's after it stopped ticking")
                    cell.book_equal = cell.book_mismatches == 0
        finally:
            # -- close, then see what never settled
            stop.set()
            for p in probes:
                if p.stream is not None:
                    await p.stream.aclose()
            _sample_clients(exchange, tracked)
            closed = await _timed_close(exchange, 10.0)
            if not closed[:1].isdigit():  # it did not return, or raised
                for p in probes:
                    results[p.spec.channel].notes.append(f"close() {closed}")
            tasks = [p.task for p in probes if p.task is not None]
            blocked: set = set()
            if tasks:
                _, pending = await asyncio.wait(tasks, timeout=1.0)
                blocked = {id(t) for t in pending}
            hung = _unsettled(tracked)
            for p in probes:
                cell = results[p.spec.channel]
                n = hung.pop(p.spec.channel, 0)
                if p.task is not None and id(p.task) in blocked:
                    n = max(n, 1)
                    cell.notes.append("consumer still blocked 1 s after close()")
                cell.hung_waiters = n
            if hung:  # not attributable to one channel: they count against every cell of the row
                for p in probes:
                    results[p.spec.channel].hung_waiters += sum(hung.values())
                    results[p.spec.channel].notes.append(
                        "unsettled futures on other hashes: " + ", ".join(f"{k}: {v}" for k, v in hung.items()))
            for t in tasks:
                t.cancel()
            for h in helpers:
                h.cancel()
            await asyncio.gather(*tasks, *helpers, return_exceptions=True)
    return [results[c] for c in channels]


async def _track_clients(exchange: Any, tracked: dict[int, Any]) -> None:
    while True:
        _sample_clients(exchange, tracked)
        await asyncio.sleep(0.05)


def _sample_clients(exchange: Any, tracked: dict[int, Any]) -> None:
    with contextlib.suppress(Exception):
        for c in list(exchange.clients.values()):
            tracked.setdefault(id(c), c)


def _unsettled(tracked: dict[int, Any]) -> dict[str, int]:
    """Futures not settled on any client seen, by channel (``"other"`` when the hash says nothing)."""
    out: dict[str, int] = {}
    for client in tracked.values():
        futures = getattr(client, "futures", None) or {}
        for message_hash, future in list(futures.items()):
            with contextlib.suppress(Exception):
                if future.done():
                    continue
            channel = _hash_channel(message_hash) or f"other ({message_hash})"
            out[channel] = out.get(channel, 0) + 1
    return out


async def _steady(probes: list[Probe], exchange: Any, fault: str, client: str, config: MatrixConfig,
                  started: float) -> bool:
    """Until every consumer has its steady updates (and, for ccxtpro's stall rows, every connection
    has shown its pace to the stall watchdog: 20 frames)."""
    deadline = started + config.setup_timeout
    while time.time() < deadline:
        ok = all(len(p.items) >= config.steady_updates for p in probes) and time.time() - started >= config.steady_min
        if ok and client == OURS and fault in ("stall", "stall-silent"):
            from ccxtpro.ws.protocol import STALE_MIN_FRAMES

            ok = all(c.state.frames_received > STALE_MIN_FRAMES for c in list(exchange.clients.values())
                     if c.state.is_open)
        if ok:
            return True
        await asyncio.sleep(0.05)
    return False


async def _inject(sim: Any, fault: str, probes: list[Probe], config: MatrixConfig) -> None:
    """Inject ``fault``; every probe's ``fault_at`` is set (the expiry row: when its connection expires)."""
    faults = sim.faults
    if fault == "expiry":
        for p in probes:
            p.server_conns = _server_conns(sim, p.spec)
        deadline = time.time() + config.lifetime + 5
        while time.time() < deadline:
            for p in probes:
                if p.fault_at is None:
                    stamps = [c.expired_at for c in p.server_conns if getattr(c, "expired_at", None)]
                    if stamps:
                        p.mark_fault(min(stamps))
                    elif not p.server_conns:
                        p.server_conns = _server_conns(sim, p.spec)
            if all(p.fault_at is not None for p in probes):
                return
            await asyncio.sleep(0.02)
        now = time.time()
        for p in probes:  # never expired (not found): measured from now, and said so
            if p.fault_at is None:
                p.mark_fault(now)
        return
    now = time.time()
    if fault == "disconnect":
        faults.drop_connections()
    elif fault == "refused":
        faults.refuse_upgrades(config.refuse_for)
        faults.drop_connections()
    elif fault == "gap":
        faults.gap("spot", "BTCUSDT")
    elif fault == "malformed":
        faults.send_malformed()
    elif fault == "error":
        faults.error_reply(None, config.error_code, count=len(faults.conns))
        faults.drop_connections()
    elif fault == "stall":
        faults.stall(pongs=True)
    elif fault == "stall-silent":
        faults.stall(pongs=False)
    elif fault == "429":
        faults.rate_limit(1, retry_after=config.retry_after, escalate=True)
        faults.drop_connections()
    elif fault == "listen-key":
        faults.expire_listen_key()
    elif fault == "terminated":
        faults.terminate_event_stream()
    for p in probes:
        p.mark_fault(now)


async def _observe(probes: list[Probe], config: MatrixConfig) -> None:
    """Until every cell recovered and had its checks, or its bound passed."""
    while True:
        now = time.time()
        if all(p.done(config.checks_after) or now - (p.fault_at or now) >= config.bound for p in probes):
            return
        await asyncio.sleep(0.05)


async def _quiet(probes: list[Probe], quiet: float, limit: float) -> None:
    """Until no consumer got anything for ``quiet`` s (at most ``limit`` s)."""
    start = time.time()
    while time.time() - start < limit:
        last = max((p.items[-1].recv for p in probes if p.items), default=0.0)
        if time.time() - max(last, start) >= quiet:
            return
        await asyncio.sleep(0.05)


async def _final_book_equal(probe: Probe, exchange: Any, sim: Any, wait: float = 3.0) -> bool | None:
    """After the simulator stopped: the client's book reaches the simulator's last update id (within
    ``wait`` s: a connection may be re-syncing, e.g. one whose short "24 h" ended, or one a stall
    watchdog took the pause for), and is then equal to the simulator's."""
    uid = sim.model(probe.spec.market, probe.spec.sim_symbol).book.snapshot()[0]
    deadline = time.time() + wait
    while True:
        book = (getattr(exchange, "orderbooks", None) or {}).get("BTC/USDT")
        if book is not None and book.get("nonce") == uid:
            return probe._book_equal(uid, _levels(book.get("bids"), probe.depth),
                                     _levels(book.get("asks"), probe.depth))
        if time.time() >= deadline:
            return False
        await asyncio.sleep(0.05)


def _verdict(cell: CellResult, probe: Probe, record: Any, config: MatrixConfig) -> None:
    t, after = probe.recovery()
    cell.updates_before = len(probe.before_fault())
    cell.updates_after = len(probe.items) - cell.updates_before
    cell.recovered = t is not None and t <= config.bound
    cell.recovery_s = round(t, 3) if t is not None else None
    cell.errors = probe.errors
    cell.error = probe.error
    if probe.spec.channel == "order_book":
        checked = [i for i in after if i.equal is not None]
        cell.book_checks = len(checked)
        cell.book_mismatches = sum(1 for i in checked if not i.equal)
        cell.book_equal = (cell.book_mismatches == 0) if checked else (None if not cell.recovered else False)
        unequal = [k for k, i in enumerate(probe.items) if i.equal is False]
        if unequal:
            where = ", ".join(f"#{k} nonce {probe.items[k].sig} at {probe.items[k].recv - (probe.fault_at or 0):+.2f}s"
                              for k in unequal[:5])
            cell.notes.append(f"{len(unequal)} of {len(probe.items)} books handed over were unequal to the "
                              f"simulator's ({where})")
    elif probe.spec.channel == "trades":
        sent = record.trade_ids(probe.spec.market, probe.spec.sim_symbol)
        seen = Counter(probe.trade_ids)
        cell.sent = len(set(sent))
        cell.lost = len(set(sent) - set(seen))
        cell.duplicated = sum(n - 1 for n in seen.values() if n > 1)
        extra = len(set(seen) - set(sent))
        if extra:
            cell.notes.append(f"{extra} trade id(s) handed over that the simulator never sent")
    elif probe.spec.channel == "orders":
        sent = record.order_updates(probe.spec.market)
        seen: dict[str, list] = {}
        for oid, status, filled in probe.order_units:
            seen.setdefault(oid, []).append((status, filled))
        cell.sent = len(sent)
        lost = [oid for oid, updates in sent.items() if updates[-1] not in seen.get(str(oid), ())]
        cell.lost = len(lost)
        dup = 0
        for oid, states in seen.items():
            want = Counter(sent.get(int(oid), ()) if oid.isdigit() else ())
            for state, n in Counter(states).items():
                dup += max(0, n - max(1, want.get(state, 0)))
        cell.duplicated = dup
        cell.coalesced = sum(len(set(u)) for u in sent.values()) - sum(
            len(set(u) & set(seen.get(str(oid), ()))) for oid, u in sent.items())
        if cell.coalesced:
            cell.notes.append(f"{cell.coalesced} intermediate order state(s) of {sum(len(set(u)) for u in sent.values())}"
                              " never handed over (a later state of the same order was)")
    if probe.fault_at is not None and probe.server_conns == [] and cell.fault == "expiry":
        cell.notes.append("its connection was not found: measured from the end of the steady state")
    if not cell.recovered and probe.last_error:
        cell.notes.append(f"last error: {probe.last_error}")


# -- the whole matrix ----------------------------------------------------------------------------

async def run_matrix(faults: Sequence[str] | None = None, channels: Sequence[str] | None = None,
                     ccxt: bool = False, config: MatrixConfig | None = None,
                     plan: dict[str, Sequence[str]] | None = None,
                     progress: Callable[[str], Any] | None = None, concurrency: int = 1) -> MatrixResult:
    """Every fault row (``plan``: fault -> channels, else every fault × every channel), ccxtpro and
    (``ccxt``) CCXT side by side, each in its own simulator, at the same time. ``concurrency`` rows
    run at once (each in its own simulators; the default, one, gives the cleanest timings)."""
    config = config or MatrixConfig()
    if plan is None:
        faults = list(faults or FAULTS)
        channels = list(channels or CHANNELS)
        plan = {f: channels for f in faults}
    for f, chs in plan.items():
        if f not in FAULTS:
            raise ValueError(f"unknown fault {f!r} (one of {', '.join(FAULTS)})")
        for c in chs:
            if c not in CHANNELS:
                raise ValueError(f"unknown channel {c!r} (one of {', '.join(CHANNELS)})")
    clients = [OURS, CCXT] if ccxt else [OURS]
    start = time.time()
    gate = asyncio.Semaphore(max(1, concurrency))

    async def row(fault: str, chs: Sequence[str]) -> list[CellResult]:
        async with gate:
            t = time.time()
            rows = await asyncio.gather(*(run_row(fault, list(chs), c, config) for c in clients))
            if progress is not None:
                line = "  ".join(f"{CHANNEL_LABELS[c.channel]} {c.text()}" + (f" / {r.text()}" if r else "")
                                 for c, r in zip(rows[0], rows[1] if len(rows) > 1 else [None] * len(rows[0])))
                progress(f"[{time.time() - start:6.1f}s] {FAULTS[fault]:22} ({time.time() - t:4.1f}s)  {line}")
            return [cell for r in rows for cell in r]

    with _quiet_logs():
        rows = await asyncio.gather(*(row(f, chs) for f, chs in plan.items()))
    cells = [cell for r in rows for cell in r]
    all_channels = [c for c in CHANNELS if any(c in chs for chs in plan.values())]
    return MatrixResult(cells, list(plan), all_channels, clients, config, time.time() - start)


@contextlib.contextmanager
def _quiet_logs():
    """The injected faults make both clients log (malformed frames, refused dials, CCXT's
    "Task exception was never retrieved"): expected here, so kept out of the table."""
    loggers = [logging.getLogger(n) for n in ("ccxtpro.ws", "ccxtpro", "ccxt", "ccxt.base.exchange",
                                               "asyncio", "ccxtpro_binance.simulator", "aiohttp")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    loop = asyncio.get_running_loop() if _running() else None
    handler = loop.get_exception_handler() if loop else None
    if loop is not None:
        loop.set_exception_handler(lambda _loop, _context: None)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)
        if loop is not None:
            loop.set_exception_handler(handler)


def _running() -> bool:
    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:
        return False


# -- the table -----------------------------------------------------------------------------------

def table_rows(result: MatrixResult) -> tuple[list[str], list[list[str]]]:
    header = ["fault"] + [CHANNEL_LABELS[c] for c in result.channels]
    rows = []
    for fault in result.faults:
        row = [FAULTS[fault]]
        for channel in result.channels:
            texts = []
            for client in result.clients:
                cell = result.cell(fault, channel, client)
                texts.append(cell.text() if cell is not None else "")
            if all(t == "n/a" for t in texts):
                row.append("n/a")
            elif not any(texts):
                row.append("")
            else:
                row.append(" / ".join(texts))
        rows.append(row)
    return header, rows


def format_table(result: MatrixResult, markdown: bool = False) -> str:
    """The matrix (cells: time to recover, ccxtpro / CCXT), then problems and n/a reasons."""
    header, rows = table_rows(result)
    out: list[str] = []
    if markdown:
        out.append("| " + " | ".join(header) + " |")
        out.append("| " + " | ".join("---" for _ in header) + " |")
        out += ["| " + " | ".join(r) + " |" for r in rows]
    else:
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
        out += [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    out.append("")
    out.append(f"cells: time to recover ({' / '.join(result.clients)}); never (hung N s): no valid update within "
               f"the bound; * a problem below")
    for client in result.clients:
        problems = result.failures(client)
        out.append(f"{client}: {len(problems)} cell(s) with problems" + (":" if problems else ""))
        out += [f"  - {p}" for p in problems]
    reasons: dict[str, list[str]] = {}
    for c in result.cells:
        if not c.applicable and c.client == result.clients[0]:
            reasons.setdefault(c.reason, []).append(f"{FAULTS[c.fault]} × {CHANNEL_LABELS[c.channel]}")
    if reasons:
        out.append("n/a:")
        for reason, where in reasons.items():
            out.append(f"  - {reason}: {', '.join(where)}")
    out.append(f"elapsed {result.elapsed:.1f}s; bound {result.config.bound:g}s; speed {result.config.speed:g}x")
    return "\n".join(out)


# -- figure: a drop every 2 s ----------------------------------------------------------------------

@dataclass
class DropsResult:
    seconds: float
    every: float
    drops: int
    #: (client, channel) -> share of 1-second bins with at least one update
    share: dict[str, float]
    updates: dict[str, int]
    max_gap: dict[str, float]
    errors: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def format(self) -> str:
        lines = [f"a drop every {self.every:g}s for {self.seconds:g}s ({self.drops} drops): "
                 "share of 1-second bins with data"]
        for key in self.share:
            lines.append(f"  {key:24} {self.share[key] * 100:5.1f} %   updates {self.updates[key]:6d}   "
                         f"max gap {self.max_gap[key]:.2f}s   errors {self.errors[key]}")
        return "\n".join(lines)


async def run_drops(seconds: float = 60.0, every: float = 2.0, ccxt: bool = True,
                    channels: Sequence[str] = ("trades", "order_book"), speed: float = 1.0,
                    seed: int = 1) -> DropsResult:
    """Both clients on one simulator (the same drops at the same moments), each consuming ``channels``;
    every ``every`` s every connection is dropped. Measured: the share of 1-second bins of the
    ``seconds`` window in which a consumer got at least one update."""
    from .simulator import Simulator

    config = MatrixConfig(speed=speed, seed=seed)
    clients = [OURS, CCXT] if ccxt else [OURS]
    with _quiet_logs():
        async with Simulator(seed=seed, tick_interval=0.1) as sim:
            sim.core.tick_interval = 0.1 / speed
            exchanges = {c: make_client(c, sim, config) for c in clients}
            stop = asyncio.Event()
            probes: dict[str, Probe] = {}
            tasks = []
            try:
                await asyncio.gather(*(ex.load_markets() for ex in exchanges.values()))
                for c, ex in exchanges.items():
                    for ch in channels:
                        p = probes[f"{c} {CHANNEL_LABELS[ch]}"] = Probe(channel_spec(ch), sim, 5)
                        tasks.append(asyncio.ensure_future((_consume_ours if c == OURS else _consume_ccxt)(ex, p, stop)))
                deadline = time.time() + 20
                while time.time() < deadline and not all(p.items for p in probes.values()):
                    await asyncio.sleep(0.05)
                t0 = time.time()
                drops = 0
                while time.time() - t0 < seconds:
                    await asyncio.sleep(min(every, max(0.0, t0 + seconds - time.time())))
                    if time.time() - t0 < seconds:
                        sim.faults.drop_connections()
                        drops += 1
                t1 = t0 + seconds
            finally:
                stop.set()
                for p in probes.values():
                    if p.stream is not None:
                        await p.stream.aclose()
                for ex in exchanges.values():
                    await _timed_close(ex, 10.0)
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
    bins = max(1, int(math.floor(seconds)))
    share, updates, max_gap, errors = {}, {}, {}, {}
    for key, p in probes.items():
        times = [i.recv for i in p.items if t0 <= i.recv < t1]
        filled = {int(t - t0) for t in times}
        share[key] = len([b for b in filled if b < bins]) / bins
        updates[key] = len(times)
        edges = [t0, *times, t1]
        max_gap[key] = max(b - a for a, b in zip(edges, edges[1:]))
        errors[key] = p.errors
    return DropsResult(seconds, every, drops, share, updates, max_gap, errors)


# -- figure: 10 000 back-to-back trades to a slow consumer ----------------------------------------------

@dataclass
class BurstResult:
    trades: int
    symbols: list[str]
    delay: float
    #: client -> symbol -> figures
    per_symbol: dict[str, dict[str, dict[str, Any]]]
    lost: dict[str, int]
    duplicated: dict[str, int]
    max_delay: dict[str, float]
    elapsed: dict[str, float]
    trades_limit: int | None = None
    close: dict[str, str] = field(default_factory=dict)  # how each client's close() went

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def format(self) -> str:
        lines = [f"{self.trades} back-to-back trades over {len(self.symbols)} symbols, a consumer taking "
                 f"{self.delay * 1000:.0f} ms per item (tradesLimit {self.trades_limit}):"]
        for client, figures in self.per_symbol.items():
            lines.append(f"  {client}: lost {self.lost[client]} of {self.trades} ids, duplicated "
                         f"{self.duplicated[client]}, max per-symbol delay {self.max_delay[client]:.2f}s, "
                         f"drained in {self.elapsed[client]:.1f}s, close() {self.close.get(client, '?')}")
            for symbol, f in figures.items():
                timing = (f"max delay {f['max_delay']:.2f}s  first after {f['first']:.2f}s" if f["batches"]
                          else "never handed over")
                lines.append(f"      {symbol:10} delivered {f['delivered']:5d} of {f['sent']:5d} in {f['batches']:3d} "
                             f"item(s)  {timing}")
        return "\n".join(lines)


async def run_burst(trades: int = 10_000, symbols: int = 4, delay: float = 0.2, ccxt: bool = True,
                    seed: int = 1, quiet: float = 3.0, limit: float = 90.0,
                    trades_limit: int | None = None) -> BurstResult:
    # ``quiet``: the consumer got nothing for that long (past its own ``delay``): drained
    """``Simulator(burst=trades // symbols)``, the market standing still: a subscription to each
    symbol's trades first gets that many frames as fast as the client reads. One
    ``stream_trades_for_symbols`` consumer (CCXT: ``while True: await watch_trades_for_symbols``)
    that sleeps ``delay`` s per item. Lost ids: sent (the burst's frames) and never handed over;
    delay: from a trade's arrival at the client to its hand-over, worst per symbol."""
    from .simulator import Simulator
    from .simulator.replay import render_stream

    per = trades // symbols
    clients = [OURS, CCXT] if ccxt else [OURS]
    result = BurstResult(per * symbols, [], delay, {}, {}, {}, {}, {})
    with _quiet_logs():
        for client in clients:
            async with Simulator(seed=seed, tick_interval=0.1, autostep=False, burst=per) as sim:
                names = [s for s in sim.core.instruments["spot"] if s.endswith("USDT")][:symbols]
                insts = [sim.core.instruments["spot"][n] for n in names]
                expected = {inst.symbol: [orjson.loads(p)["t"] for p in render_stream(
                    inst, "trade", "", per, seed, sim.core.now(), sim.core.tick_ms)] for inst in insts}
                # no stall watchdog: the market stands still once the burst is sent, which is no stall
                # (and a re-subscription would get the same burst again)
                exchange = make_client(client, sim, MatrixConfig(seed=seed, stale_after_ms=0),
                                       {"tradesLimit": trades_limit} if trades_limit else None)
                try:
                    await exchange.load_markets()
                    unified = {exchange.markets_by_id[n][0]["symbol"] if isinstance(exchange.markets_by_id[n], list)
                               else exchange.markets_by_id[n]["symbol"]: n for n in names}
                    result.symbols = list(unified)
                    result.trades_limit = exchange.options.get("tradesLimit", getattr(exchange, "tradesLimit", None))
                    arrived: dict[tuple[str, int], float] = {}
                    _watch_arrivals(exchange, client, arrived)
                    handed: list[tuple[float, str, int]] = []
                    t0 = time.time()
                    task = asyncio.ensure_future(_slow_consumer(exchange, client, list(unified), delay, handed))
                    want = per * symbols
                    while time.time() - t0 < limit:
                        await asyncio.sleep(0.1)
                        if len({(s, i) for _, s, i in handed}) >= want:
                            break
                        if handed and time.time() - handed[-1][0] > quiet + delay:
                            break
                    elapsed = time.time() - t0
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)
                finally:
                    result.close[client] = await _timed_close(exchange, 10.0)
            first_arrival = min(arrived.values(), default=t0)
            figures: dict[str, dict[str, Any]] = {}
            lost = dup = 0
            worst = 0.0
            for symbol, sid in unified.items():
                mine = [(t, i) for t, s, i in handed if s == symbol]
                seen = Counter(i for _, i in mine)
                sent = expected[sid]
                lost_here = len(set(sent) - set(seen))
                dup_here = sum(n - 1 for n in seen.values() if n > 1)
                delays = [t - arrived[(sid, i)] for t, i in mine if (sid, i) in arrived]
                batch_times = sorted({t for t, _ in mine})
                figures[symbol] = {"sent": len(sent), "delivered": len(set(seen) & set(sent)), "lost": lost_here,
                                   "duplicated": dup_here, "batches": len(batch_times),
                                   "max_delay": max(delays, default=0.0),
                                   "first": (batch_times[0] - first_arrival) if batch_times else None}
                lost += lost_here
                dup += dup_here
                worst = max(worst, figures[symbol]["max_delay"])
            result.per_symbol[client] = figures
            result.lost[client] = lost
            result.duplicated[client] = dup
            result.max_delay[client] = worst
            result.elapsed[client] = elapsed
    return result


async def _timed_close(exchange: Any, timeout: float) -> str:
    """``close()`` within ``timeout`` s: how long it took, or that it did not return (then the
    HTTP session is closed directly, so nothing leaks past the run)."""
    start = time.time()
    try:
        await asyncio.wait_for(exchange.close(), timeout)
    except (asyncio.TimeoutError, TimeoutError):
        session = getattr(exchange, "session", None)
        if session is not None and not session.closed:
            with contextlib.suppress(Exception):
                await session.close()
            with contextlib.suppress(Exception):
                exchange.session = None  # closed here: CCXT would warn at exit otherwise
        return f"did not return within {timeout:g}s"
    except Exception as e:
        return f"raised {type(e).__name__}"
    return f"{time.time() - start:.2f}s"


def _watch_arrivals(exchange: Any, client: str, arrived: dict[tuple[str, int], float]) -> None:
    """Record when each trade frame reached the client (ccxtpro: telemetry; CCXT: its message hook)."""
    def note(frame: Any) -> None:
        try:
            msg = orjson.loads(frame) if isinstance(frame, (str, bytes, bytearray, memoryview)) else frame
        except orjson.JSONDecodeError:
            return
        if isinstance(msg, dict):
            msg = msg.get("data", msg)
            if isinstance(msg, dict) and msg.get("e") == "trade":
                arrived.setdefault((msg.get("s"), msg.get("t")), time.time())

    if client == OURS:
        exchange.on_event(lambda event: note(event.data.get("message")), types=("message",))
    else:
        handle = exchange.handle_message

        def hooked(ws_client: Any, message: Any) -> Any:
            note(message)
            return handle(ws_client, message)

        exchange.handle_message = hooked


async def _slow_consumer(exchange: Any, client: str, symbols: list[str], delay: float,
                         handed: list[tuple[float, str, int]]) -> None:
    def take(trades: Any) -> None:
        now = time.time()
        for t in trades or ():
            handed.append((now, t["symbol"], int(t["id"])))

    if client == OURS:
        async for trades in exchange.stream_trades_for_symbols(symbols):
            take(trades)
            await asyncio.sleep(delay)
    else:
        while True:
            try:
                trades = await exchange.watch_trades_for_symbols(symbols)
            except Exception:
                await asyncio.sleep(0.05)
                continue
            take(trades)
            await asyncio.sleep(delay)


# -- command line ---------------------------------------------------------------------------------

def _csv(value: str, allowed: Sequence[str], what: str) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    bad = [v for v in items if v not in allowed]
    if bad:
        raise argparse.ArgumentTypeError(f"unknown {what}: {', '.join(bad)} (one of {', '.join(allowed)})")
    return items


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv.pop(0) if argv and argv[0] in ("matrix", "drops", "burst") else "matrix"
    parser = argparse.ArgumentParser(prog=f"python -m ccxtpro_binance.faultmatrix {command}", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ccxt", action="store_true", help="run CCXT's client too, side by side")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--seed", type=int, default=1)
    if command == "matrix":
        parser.add_argument("--faults", default=",".join(FAULTS), help="comma-separated: " + ", ".join(FAULTS))
        parser.add_argument("--channels", default=",".join(CHANNELS), help="comma-separated: " + ", ".join(CHANNELS))
        parser.add_argument("--reduced", action="store_true", help="the reduced matrix of the default test run")
        parser.add_argument("--bound", type=float, default=MatrixConfig.bound, help="seconds to recover (default 10)")
        parser.add_argument("--speed", type=float, default=MatrixConfig.speed,
                            help="the simulator's market clock vs Binance's cadences (default 4)")
        parser.add_argument("--markdown", action="store_true", help="the table in Markdown")
        parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    elif command == "drops":
        parser.add_argument("--seconds", type=float, default=60.0)
        parser.add_argument("--every", type=float, default=2.0)
        parser.add_argument("--channels", default="trades,order_book")
    else:
        parser.add_argument("--trades", type=int, default=10_000)
        parser.add_argument("--symbols", type=int, default=4)
        parser.add_argument("--delay", type=float, default=0.2, help="seconds the consumer takes per item")
        parser.add_argument("--trades-limit", type=int, default=None,
                            help="options['tradesLimit'] for both clients (default: theirs, 1000)")
    args = parser.parse_args(argv)
    try:
        if command == "matrix":
            faults = _csv(args.faults, list(FAULTS), "fault")
            channels = _csv(args.channels, CHANNELS, "channel")
            config = MatrixConfig(bound=args.bound, speed=args.speed, seed=args.seed)
            plan = {f: [c for c in REDUCED[f] if c in channels] for f in faults} if args.reduced else None
            progress = None if args.quiet or args.json else (lambda s: print(s, file=sys.stderr, flush=True))
            result = asyncio.run(run_matrix(faults, channels, ccxt=args.ccxt, config=config, plan=plan,
                                            progress=progress))
            print(json.dumps(result.to_dict(), indent=2) if args.json else format_table(result, args.markdown))
            return 0 if result.ok else 1
        if command == "drops":
            channels = _csv(args.channels, CHANNELS, "channel")
            drops = asyncio.run(run_drops(args.seconds, args.every, ccxt=args.ccxt, channels=channels, seed=args.seed))
            print(json.dumps(drops.to_dict(), indent=2) if args.json else drops.format())
            return 0
        burst = asyncio.run(run_burst(args.trades, args.symbols, args.delay, ccxt=args.ccxt, seed=args.seed,
                                      trades_limit=args.trades_limit))
        print(json.dumps(burst.to_dict(), indent=2) if args.json else burst.format())
        return 0
    except KeyboardInterrupt:
        return 130
    except argparse.ArgumentTypeError as e:
        parser.error(str(e))
        return 2


if __name__ == "__main__":
    sys.exit(main())
