"""Soak: ticker, trades and order books for a set of symbols, for a long time, with faults.

    python -m ccxtpro_binance.soak --seconds 600 [--symbols BTC/USDT,ETH/USDT] [--live]
                                   [--fault-every 10] [--faults drop,expire,malformed,gap] [--json]

Short tests cannot show what only time does: memory that creeps up, a stream
that silently stops after the tenth reconnect, a book that never re-syncs, a
close that leaves a task behind. This runs one ``stream_*`` iterator per
(channel, symbol) against the loopback simulator (in process; ``--live``: real
Binance public streams, no faults) and, every ``--fault-every`` seconds,
injects the next fault of a rotation through ``sim.faults``: network drops,
server-side expirations, malformed frames, depth gaps (one per symbol, so every
book must re-sync from a fresh snapshot).

What is measured, and from where (only the public API: telemetry events,
``WatchStream`` counters, ``/proc``):

* per stream: updates (items the iterator yielded), first-update latency (first
  ``__anext__`` to first item), max gap between updates (the tail up to the stop
  counts too, so a stream that dies shows), the faults after which it got an
  update before the next fault (and the slowest such recovery), retried calls;
* connection starts: ``connect`` events (a connection opened); disconnects:
  ``disconnect`` events not caused by the user; reconnects: ``reconnect`` events
  (a dial that waited a backoff delay);
* resyncs: order-book re-snapshots. Every depth ``SUBSCRIBE`` the client sends
  (a ``send`` event) makes it fetch a fresh REST snapshot
  (``handle_order_book_subscription``); all but a book's first are re-syncs.
  Those that follow a sequence gap (a ``reject`` of ``orderbook::<symbol>`` with
  ``InvalidNonce``/``ChecksumError``) are counted apart as gap re-syncs;
* invalid frames: ``error`` events carrying ``BadResponse``;
* RSS (``/proc/self/statm``, sampled each second): at start, at the baseline (when
  the first fault is due: streams are up, caches warming), peak, at the end, and
  the growth rate over the run's second half (MB/min), where a leak shows as a
  slope once the bounded caches are full. In simulator mode the simulator shares
  the process, so its memory is included;
* clean close: streams ended (``aclose``, then ``close()``; a waiter it fails ends
  its stream with ``ExchangeClosedByUser``, which is how a stream ends by design),
  no waiter left pending on any client, no connection left, no task of the client
  side left running, all within ``--close-timeout``.

The run fails (exit status 1) when a stream got no update after some fault, a
max gap exceeds ``--max-gap``, RSS grew more than ``--max-rss-growth`` MB past the
baseline, or the close was not clean.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import ccxtpro
from ccxtpro.errors import BadResponse, ExchangeClosedByUser, InvalidNonce

DEFAULT_SYMBOLS = ("BTC/USDT", "ETH/USDT", "BNB/USDT", "SOL/USDT", "XRP/USDT")
CHANNELS = ("ticker", "trades", "order_book")
FAULTS = ("drop", "expire", "malformed", "gap")
#: simulator market of a ccxt market type (for per-symbol depth gaps)
_SIM_MARKET = {"spot": "spot", "swap_linear": "usdm", "swap_inverse": "coinm",
               "future_linear": "usdm", "future_inverse": "coinm"}

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_mb() -> float:
    """Resident set size now, in MB (``/proc``; the peak from ``getrusage`` elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return peak_rss_mb()


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


@dataclass
class StreamStats:
    """One (channel, symbol) iterator's record."""

    channel: str
    symbol: str
    updates: int = 0
    first_update_latency: float | None = None
    max_gap: float = 0.0
    retries: int = 0
    resyncs: int = 0  # order books only
    faults_seen: int = 0
    faults_recovered: int = 0
    max_recovery: float | None = None
    error: str | None = None
    started: float | None = field(default=None, repr=False)
    last_update: float | None = field(default=None, repr=False)
    fault_pending: float | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return f"{self.channel} {self.symbol}"

    def update(self, now: float) -> None:
        if self.last_update is None:
            self.first_update_latency = now - (self.started or now)
        else:
            self.max_gap = max(self.max_gap, now - self.last_update)
        self.last_update = now
        self.updates += 1
        if self.fault_pending is not None:
            recovery = now - self.fault_pending
            self.max_recovery = recovery if self.max_recovery is None else max(self.max_recovery, recovery)
            self.faults_recovered += 1
            self.fault_pending = None

    def fault(self, now: float) -> None:
        """A fault was injected: the stream owes an update before the next one."""
        self.faults_seen += 1
        self.fault_pending = now

    def stopped(self, now: float) -> None:
        # the tail counts: a stream that went quiet for good has a gap up to the stop
        self.max_gap = max(self.max_gap, now - (self.last_update or self.started or now))
        self.fault_pending = None


@dataclass
class SoakResult:
    """Everything a soak run measured, and whether it passed (``ok``, ``failures``)."""

    mode: str
    seconds: float
    elapsed: float
    symbols: list[str]
    streams: list[StreamStats]
    faults: list[tuple[float, str]] = field(default_factory=list)  # (seconds into the run, what)
    connection_starts: int = 0
    distinct_connections: int = 0
    reconnects: int = 0
    disconnects: int = 0
    user_closes: int = 0
    resyncs: int = 0
    gap_resyncs: int = 0
    invalid_frames: int = 0
    rss_start_mb: float = 0.0
    rss_baseline_mb: float = 0.0
    rss_peak_mb: float = 0.0
    rss_end_mb: float = 0.0
    rss_slope_mb_per_min: float = 0.0
    cpu_seconds: float = 0.0
    close_clean: bool = False
    close_seconds: float = 0.0
    close_problems: list[str] = field(default_factory=list)
    max_gap_limit: float = 30.0
    rss_growth_limit_mb: float = 64.0

    @property
    def rss_growth_mb(self) -> float:
        return self.rss_end_mb - self.rss_baseline_mb

    @property
    def failures(self) -> list[str]:
        out = []
        for s in self.streams:
            if s.error is not None:
                out.append(f"{s.name}: ended with {s.error}")
            if s.updates == 0:
                out.append(f"{s.name}: no updates")
            elif s.faults_recovered < s.faults_seen:
                out.append(f"{s.name}: no update after {s.faults_seen - s.faults_recovered} of "
                           f"{s.faults_seen} faults")
            if s.max_gap > self.max_gap_limit:
                out.append(f"{s.name}: max gap {s.max_gap:.1f}s > {self.max_gap_limit:g}s")
        if self.rss_growth_mb > self.rss_growth_limit_mb:
            out.append(f"RSS grew {self.rss_growth_mb:.1f} MB past the baseline (> {self.rss_growth_limit_mb:g} MB)")
        if not self.close_clean:
            out.append("unclean close: " + "; ".join(self.close_problems))
        return out

    @property
    def ok(self) -> bool:
        return not self.failures

    def fault_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, kind in self.faults:
            counts[kind] = counts.get(kind, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for s in out["streams"]:
            for key in ("started", "last_update", "fault_pending"):
                s.pop(key, None)
        out.update(rss_growth_mb=self.rss_growth_mb, ok=self.ok, failures=self.failures)
        return out


class _Observer:
    """Counts connection events from the exchange's telemetry (``on_event``)."""

    TYPES = ("connect", "disconnect", "reconnect", "send", "reject", "error")

    def __init__(self, book_ids: dict[str, str]) -> None:
        self.book_ids = book_ids  # lowercase market id -> symbol, for depth subscriptions
        self.connects = 0
        self.urls: set[str] = set()
        self.reconnects = 0
        self.disconnects = 0
        self.user_closes = 0
        self.invalid_frames = 0
        self.book_subscribes: dict[str, int] = {}
        self.gap_rejects: dict[str, int] = {}
        self.gap_resyncs = 0

    def __call__(self, event: Any) -> None:
        kind, data = event.type, event.data
        if kind == "connect":
            self.connects += 1
            self.urls.add(event.url)
        elif kind == "disconnect":
            if data.get("by_user"):
                self.user_closes += 1
            else:
                self.disconnects += 1
        elif kind == "reconnect":
            self.reconnects += 1
        elif kind == "send":
            message = data.get("message")
            if isinstance(message, dict) and message.get("method") == "SUBSCRIBE":
                for param in message.get("params") or ():
                    if isinstance(param, str) and "@depth" in param:
                        symbol = self.book_ids.get(param.split("@", 1)[0])
                        if symbol is not None:
                            self.book_subscribes[symbol] = self.book_subscribes.get(symbol, 0) + 1
                            if self.gap_rejects.get(symbol):
                                self.gap_rejects[symbol] -= 1
                                self.gap_resyncs += 1
        elif kind == "reject":
            hash_ = data.get("message_hash")
            if isinstance(hash_, str) and hash_.startswith("orderbook::") \
                    and isinstance(data.get("error"), InvalidNonce):
                symbol = hash_[len("orderbook::"):]
                self.gap_rejects[symbol] = self.gap_rejects.get(symbol, 0) + 1
        elif kind == "error" and isinstance(data.get("error"), BadResponse):
            self.invalid_frames += 1

    def resyncs(self, symbol: str) -> int:
        return max(0, self.book_subscribes.get(symbol, 0) - 1)


def _sim_market(market: dict) -> str:
    kind = market.get("type") or "spot"
    if kind in ("swap", "future"):
        kind += "_linear" if market.get("linear") else "_inverse"
    return _SIM_MARKET.get(kind, "spot")


def _inject(sim: Any, kind: str, markets: list[dict]) -> str:
    """Apply one fault to the simulator; returns what was done, for the record."""
    if kind == "gap":  # one gap per book: each must notice it and re-sync
        for market in markets:
            sim.faults.gap(_sim_market(market), market["id"])
        return f"gap x{len(markets)}"
    if kind == "drop":
        return f"drop x{sim.faults.drop_connections()}"
    if kind == "expire":
        return f"expire x{sim.faults.expire_connections()}"
    if kind == "malformed":
        return f"malformed x{sim.faults.send_malformed()}"
    sim.faults.apply(kind)  # any other spec faults.apply knows (e.g. "pong-delay=2")
    return kind


def _task_file(task: asyncio.Task) -> str:
    coro = task.get_coro()
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
    return code.co_filename if code is not None else repr(coro)


def _client_side(task: asyncio.Task) -> bool:
    """Whether a task belongs to the client under test, not to the in-process simulator."""
    path = _task_file(task).replace("\\", "/")
    return "/ccxtpro_binance/simulator/" not in path and "/aiohttp/web_" not in path


async def run_soak(seconds: float, symbols: list[str] | tuple[str, ...] = DEFAULT_SYMBOLS, *,
                   live: bool = False, fault_every: float = 10.0, faults: list[str] | tuple[str, ...] = FAULTS,
                   warmup: float | None = None, max_gap: float = 30.0, max_rss_growth_mb: float = 64.0,
                   close_timeout: float = 10.0, seed: int = 1, sim_options: dict[str, Any] | None = None,
                   progress: Callable[[str], Any] | None = None, progress_every: float = 60.0,
                   rss_baseline_after: float | None = None) -> SoakResult:
    """Run the soak for ``seconds`` and return what it measured (see the module docstring).

    In simulator mode a fault from ``faults`` (rotating) is injected every
    ``fault_every`` seconds, the first ``warmup`` s (default: ``fault_every``) after
    every stream has delivered, each only if a whole interval is left after it to
    recover in; ``fault_every <= 0`` or ``live``: none. The RSS baseline is taken
    when the first fault is due.
    ``progress``, if given, is called with a one-line status every ``progress_every`` s.
    ``rss_baseline_after`` (s from the start) takes the RSS baseline then instead, once the
    caches of many symbols have filled (they grow for minutes, which is no leak).
    """
    symbols = list(symbols)
    mode = "live" if live else "simulator"
    rss_start = rss_mb()
    cpu_start = _cpu()
    async with contextlib.AsyncExitStack() as stack:
        sim = None
        if live:
            config: dict[str, Any] = {}
        else:
            from .simulator import Simulator

            sim = await stack.enter_async_context(Simulator(seed=seed, **(sim_options or {})))
            config = sim.exchange_config(key=None)
        before = set(asyncio.all_tasks())
        exchange = ccxtpro.load("binance", config)
        closed = False
        try:
            await exchange.load_markets()
            markets = [exchange.market(s) for s in symbols]
            observer = _Observer({m["id"].lower(): m["symbol"] for m in markets})
            exchange.on_event(observer, _Observer.TYPES)
            result = SoakResult(mode, seconds, 0.0, symbols, [StreamStats(c, s) for c in CHANNELS for s in symbols],
                                rss_start_mb=rss_start, max_gap_limit=max_gap,
                                rss_growth_limit_mb=max_rss_growth_mb)
            clock = time.monotonic
            t0 = clock()
            end = t0 + seconds
            streams = [getattr(exchange, "stream_" + s.channel)(s.symbol) for s in result.streams]
            tasks = [asyncio.ensure_future(_follow(exchange, stats, stream, clock))
                     for stats, stream in zip(result.streams, streams)]
            samples: list[tuple[float, float]] = []
            sampler = asyncio.ensure_future(_sample_rss(samples, clock))
            helpers = [sampler]
            if sim is not None and fault_every > 0 and faults:
                helpers.append(asyncio.ensure_future(
                    _fault_loop(sim, list(faults), fault_every, fault_every if warmup is None else warmup,
                                end, markets, result, clock, t0)))
            else:
                helpers.append(asyncio.ensure_future(_baseline_when_up(result, clock, end)))
            if rss_baseline_after is not None:
                helpers.append(asyncio.ensure_future(_baseline_at(result, t0 + rss_baseline_after, clock)))
            if progress is not None:
                helpers.append(asyncio.ensure_future(_progress(progress, progress_every, result, observer, clock, t0)))
            await asyncio.sleep(max(0.0, end - clock()))
            for helper in helpers[1:]:
                helper.cancel()
            await asyncio.gather(*helpers[1:], return_exceptions=True)
            stop = clock()
            for stats, stream in zip(result.streams, streams):
                stats.stopped(stop)
                await stream.aclose()
            result.rss_end_mb = rss_mb()
            result.elapsed = stop - t0
            # -- close: the exchange first, then see what is left
            clients = list(exchange.clients.values())
            await _close(exchange, tasks, clients, before, close_timeout, result, clock)
            closed = True
            sampler.cancel()
            await asyncio.gather(sampler, return_exceptions=True)
            for stats, stream in zip(result.streams, streams):
                stats.retries = stream.retries
                if stats.channel == "order_book":
                    stats.resyncs = observer.resyncs(stats.symbol)
        finally:
            if not closed:
                await exchange.close()
    result.connection_starts = observer.connects
    result.distinct_connections = len(observer.urls)
    result.reconnects = observer.reconnects
    result.disconnects = observer.disconnects
    result.user_closes = observer.user_closes
    result.resyncs = sum(s.resyncs for s in result.streams)
    result.gap_resyncs = observer.gap_resyncs
    result.invalid_frames = observer.invalid_frames
    if not result.rss_baseline_mb:
        result.rss_baseline_mb = samples[0][1] if samples else rss_start
    result.rss_peak_mb = max([rss_start, result.rss_end_mb, *(v for _, v in samples)])
    result.rss_slope_mb_per_min = _slope([s for s in samples if s[0] >= t0 + (stop - t0) / 2])
    result.cpu_seconds = _cpu() - cpu_start
    return result


async def _follow(exchange: Any, stats: StreamStats, stream: Any, clock: Callable[[], float]) -> None:
    """Drain one stream into its stats; an error other than the close is kept, not raised."""
    stats.started = clock()
    try:
        async for _ in stream:
            stats.update(clock())
    except ExchangeClosedByUser:
        pass  # close() failed the waiter: the stream's designed end
    except Exception as e:
        redactor = getattr(exchange, "redactor", None)
        text = redactor.text(str(e)) if redactor is not None else str(e)
        stats.error = f"{type(e).__name__}: {text}"[:300]


async def _sample_rss(samples: list[tuple[float, float]], clock: Callable[[], float]) -> None:
    while True:
        samples.append((clock(), rss_mb()))
        await asyncio.sleep(1.0)


async def _all_up(result: SoakResult, end: float, clock: Callable[[], float]) -> None:
    while clock() < end and any(s.last_update is None for s in result.streams):
        await asyncio.sleep(0.05)


async def _baseline_at(result: SoakResult, when: float, clock: Callable[[], float]) -> None:
    await asyncio.sleep(max(0.0, when - clock()))
    await asyncio.sleep(1.1)  # after the fault loop's own baseline, should both be due now
    result.rss_baseline_mb = rss_mb()


async def _baseline_when_up(result: SoakResult, clock: Callable[[], float], end: float) -> None:
    await _all_up(result, end, clock)
    await asyncio.sleep(min(10.0, max(0.0, (end - clock()) / 4)))  # caches warm a little first
    result.rss_baseline_mb = rss_mb()


async def _fault_loop(sim: Any, kinds: list[str], every: float, warmup: float, end: float, markets: list[dict],
                      result: SoakResult, clock: Callable[[], float], t0: float) -> None:
    """Inject the rotation's next fault every ``every`` s while a full interval is left to recover."""
    await _all_up(result, end, clock)
    await asyncio.sleep(min(warmup, max(0.0, end - clock())))
    result.rss_baseline_mb = rss_mb()
    i = 0
    while clock() + every <= end:
        now = clock()
        for stats in result.streams:
            stats.fault(now)
        result.faults.append((round(now - t0, 3), _inject(sim, kinds[i % len(kinds)], markets)))
        i += 1
        await asyncio.sleep(every)


async def _progress(report: Callable[[str], Any], every: float, result: SoakResult, observer: _Observer,
                    clock: Callable[[], float], t0: float) -> None:
    while True:
        await asyncio.sleep(every)
        quiet = [s.name for s in result.streams if s.last_update is None or clock() - s.last_update > 5]
        report(f"[soak {clock() - t0:7.1f}s] updates {sum(s.updates for s in result.streams)}"
               f"  faults {len(result.faults)}  connection starts {observer.connects}"
               f"  disconnects {observer.disconnects}"
               f"  resyncs {sum(observer.resyncs(s) for s in result.symbols)}"
               f"  rss {rss_mb():.1f} MB" + (f"  quiet >5s: {', '.join(quiet)}" if quiet else ""))


async def _close(exchange: Any, tasks: list[asyncio.Task], clients: list[Any], before: set[asyncio.Task],
                 timeout: float, result: SoakResult, clock: Callable[[], float]) -> None:
    """Close the exchange and check nothing is left behind, all within ``timeout``."""
    problems = result.close_problems
    start = clock()
    deadline = start + timeout
    try:
        await asyncio.wait_for(exchange.close(), timeout)
    except (asyncio.TimeoutError, TimeoutError):
        problems.append(f"close() took more than {timeout:g}s")
    except Exception as e:
        problems.append(f"close() raised {type(e).__name__}")
    _, pending = await asyncio.wait(tasks, timeout=max(0.01, deadline - clock())) if tasks else (set(), set())
    if pending:
        problems.append(f"{len(pending)} stream task(s) still running")
        for task in pending:
            task.cancel()
    # waiters: every future a client held must be settled
    waiting = sum(1 for c in clients for f in list(c.futures.values()) if not f.done())
    if waiting:
        problems.append(f"{waiting} waiter(s) still pending")
    if exchange.connections():
        problems.append(f"{len(exchange.connections())} connection(s) still open")
    # tasks the client side started (sends, snapshots, transports): give them the rest of the timeout
    me = asyncio.current_task()
    left: list[asyncio.Task] = []
    while True:
        left = [t for t in asyncio.all_tasks() if t not in before and t is not me and not t.done()
                and t not in tasks and _client_side(t) and not _is_soak_helper(t)]
        if not left or clock() >= deadline:
            break
        await asyncio.sleep(0.05)
    if left:
        names = sorted({getattr(t.get_coro(), "__qualname__", repr(t.get_coro())) for t in left})
        problems.append(f"{len(left)} task(s) left running: {', '.join(names)}")
    result.close_seconds = clock() - start
    result.close_clean = not problems


def _is_soak_helper(task: asyncio.Task) -> bool:
    return getattr(task.get_coro(), "__qualname__", "") in ("_sample_rss",)


def _slope(samples: list[tuple[float, float]]) -> float:
    """Least-squares growth of RSS over time, in MB per minute."""
    if len(samples) < 3:
        return 0.0
    n = len(samples)
    mx = sum(t for t, _ in samples) / n
    my = sum(v for _, v in samples) / n
    var = sum((t - mx) ** 2 for t, _ in samples)
    if var == 0:
        return 0.0
    return sum((t - mx) * (v - my) for t, v in samples) / var * 60.0


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- the summary -----------------------------------------------------------------------------

def _fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table_rows(result: SoakResult) -> tuple[list[str], list[list[str]]]:
    """The per-stream table: header and rows of strings."""
    header = ["stream", "updates", "first (s)", "max gap (s)", "recovered", "max recovery (s)", "retries",
              "resyncs", "status"]
    rows = []
    for s in result.streams:
        status = "ok"
        if s.error is not None:
            status = "error"
        elif s.updates == 0 or s.faults_recovered < s.faults_seen or s.max_gap > result.max_gap_limit:
            status = "FAIL"
        rows.append([s.name, str(s.updates), _fmt(s.first_update_latency, 3), _fmt(s.max_gap),
                     f"{s.faults_recovered}/{s.faults_seen}", _fmt(s.max_recovery), str(s.retries),
                     str(s.resyncs) if s.channel == "order_book" else "", status])
    return header, rows


def summary_lines(result: SoakResult) -> list[tuple[str, str]]:
    """The global figures, as (label, value) pairs."""
    faults = result.fault_counts()
    return [
        ("mode", f"{result.mode}, {len(result.symbols)} symbols, {len(result.streams)} streams, "
                 f"{result.elapsed:.1f}s of {result.seconds:g}s"),
        ("faults", f"{len(result.faults)}" + (" (" + ", ".join(f"{k.split()[0]} {v}" for k, v in
                                                                 _by_kind(faults).items()) + ")" if faults else "")),
        ("updates", str(sum(s.updates for s in result.streams))),
        ("connection starts", f"{result.connection_starts} ({result.distinct_connections} urls, "
                              f"{result.reconnects} after a backoff)"),
        ("disconnects", f"{result.disconnects} (+{result.user_closes} closed by the user at the end)"),
        ("resyncs", f"{result.resyncs} order-book re-snapshots ({result.gap_resyncs} after a sequence gap)"),
        ("invalid frames", str(result.invalid_frames)),
        ("RSS MB", f"start {result.rss_start_mb:.1f}  baseline {result.rss_baseline_mb:.1f}  "
                   f"peak {result.rss_peak_mb:.1f}  end {result.rss_end_mb:.1f}  "
                   f"growth {result.rss_growth_mb:+.1f} ({_percent(result.rss_growth_mb, result.rss_baseline_mb)}; "
                   f"limit {result.rss_growth_limit_mb:g})  "
                   f"2nd-half slope {result.rss_slope_mb_per_min:+.2f} MB/min"),
        ("CPU", f"{result.cpu_seconds:.1f}s"),
        ("close", f"{'clean' if result.close_clean else 'UNCLEAN'} in {result.close_seconds:.3f}s"
                  + ("" if result.close_clean else ": " + "; ".join(result.close_problems))),
        ("result", "PASS" if result.ok else "FAIL"),
    ]


def _by_kind(counts: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for label, n in counts.items():
        kind = label.split()[0]
        out[kind] = out.get(kind, 0) + n
    return out


def format_table(result: SoakResult) -> str:
    """The summary as plain aligned text (what logs and tests read)."""
    header, rows = table_rows(result)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)  # noqa: E731
                                   for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    out = [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows), ""]
    label_width = max(len(k) for k, _ in summary_lines(result))
    out += [f"{k.ljust(label_width)}  {v}" for k, v in summary_lines(result)]
    out += [f"  - {f}" for f in result.failures]
    return "\n".join(out)


def print_summary(result: SoakResult, file: Any = None) -> None:
    """Print the summary: with ``rich`` on a terminal, plain aligned text otherwise."""
    file = file if file is not None else sys.stdout
    if hasattr(file, "isatty") and file.isatty():
        try:
            from rich.console import Console
            from rich.table import Table
        except ImportError:
            pass
        else:
            header, rows = table_rows(result)
            table = Table(title=f"soak: {result.mode}")
            for i, h in enumerate(header):
                table.add_column(h, justify="left" if i == 0 else "right", no_wrap=i == 0)
            for row in rows:
                table.add_row(*row, style=None if row[-1] == "ok" else "bold red")
            console = Console(file=file)
            console.print(table)
            lines = summary_lines(result)
            width = max(len(k) for k, _ in lines)
            for k, v in lines:
                console.print(f"[bold]{k.ljust(width)}[/bold]  {v}", highlight=False)
            for f in result.failures:
                console.print(f"  - {f}", style="red", highlight=False)
            return
    print(format_table(result), file=file, flush=True)


# -- command line ------------------------------------------------------------------------------

def _percent(part: float, whole: float) -> str:
    return f"{100.0 * part / whole:+.1f} %" if whole else "n/a"


def main(argv: list[str] | None = None) -> int:
    env_seconds = os.environ.get("CCXTPRO_SOAK_SECONDS")
    parser = argparse.ArgumentParser(prog="python -m ccxtpro_binance.soak", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=float(env_seconds) if env_seconds else 60.0,
                        help="how long to run (default: $CCXTPRO_SOAK_SECONDS, else 60)")
    parser.add_argument("--symbols", default=",".join(DEFAULT_SYMBOLS), help="comma-separated unified symbols")
    parser.add_argument("--extra-symbols", type=int, default=0,
                        help="also soak N of the simulator's synthetic symbols (SYN001/USDT…)")
    parser.add_argument("--live", action="store_true", default=os.environ.get("CCXTPRO_LIVE") == "1",
                        help="real Binance public streams, no faults (default: $CCXTPRO_LIVE=1)")
    parser.add_argument("--fault-every", type=float, default=10.0, help="seconds between faults (0: none)")
    parser.add_argument("--faults", default=",".join(FAULTS),
                        help="the rotation: drop, expire, malformed, gap, or any sim.faults.apply spec")
    parser.add_argument("--max-gap", type=float, default=30.0, help="fail if a stream was quiet longer (s)")
    parser.add_argument("--max-rss-growth", type=float, default=64.0, help="fail if RSS grew more (MB)")
    parser.add_argument("--rss-baseline-after", type=float, default=None,
                        help="take the RSS baseline this many seconds in (default: at the first fault)")
    parser.add_argument("--close-timeout", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--progress", type=float, default=60.0, help="status line every S seconds to stderr (0: off)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON instead of a table")
    parser.add_argument("-v", "--verbose", action="store_true", help="keep the runtime's warnings (invalid frames…)")
    args = parser.parse_args(argv)
    if not args.verbose:  # an injected malformed frame is logged once per connection: noise here
        logging.getLogger("ccxtpro.ws").setLevel(logging.ERROR)
    symbols = [s.strip() for s in args.symbols.split(",") if s.strip()]
    sim_options = None
    if args.extra_symbols > 0:
        if args.live:
            parser.error("--extra-symbols needs the simulator")
        from .simulator.instruments import synthetic_spot

        sim_options = {"extra_symbols": args.extra_symbols}
        symbols += [f"{i.base}/{i.quote}" for i in synthetic_spot(args.extra_symbols, args.seed)]
    progress = (lambda line: print(line, file=sys.stderr, flush=True)) if args.progress > 0 else None
    try:
        result = asyncio.run(run_soak(
            args.seconds, symbols, live=args.live, fault_every=args.fault_every,
            faults=[f.strip() for f in args.faults.split(",") if f.strip()], max_gap=args.max_gap,
            max_rss_growth_mb=args.max_rss_growth, close_timeout=args.close_timeout, seed=args.seed,
            sim_options=sim_options, rss_baseline_after=args.rss_baseline_after, progress=progress, progress_every=args.progress or 60.0))
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # could not even start (no network for --live, a bad symbol): say so, briefly
        print(f"soak could not run: {type(e).__name__}: {str(e)[:300]}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print_summary(result)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
