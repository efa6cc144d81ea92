"""Stream frames over loopback: ccxtpro's ``stream_*`` loop against CCXT Pro's ``watch_*`` loop.

    python -m asv_benchmarks.vs_ccxt_loopback [--kind trades|depth] [--frames N] [--repeat R]
                                              [--rate F] [--transports a,b] [--diagnose] [--json]

The Binance simulator runs in its own process with ``--burst N``: every
subscription on the ordinary stream URLs first gets N frames of its stream, as
fast as the client reads (the default, ``--rate 0``) or one frame per write at F
frames a second (``--rate F``: the simulator's ``CCXTPRO_SIM_BURST_RATE``). Each
contender, in this process, subscribes the way a user does and consumes until
it has seen all N updates:

* ccxtpro 0.1: ``async for _ in ex.stream_trades("BTC/USDT")`` (``stream_order_book``
  for depth), once per websocket transport (``websockets``, ``aiohttp``, ``picows``:
  ``options["ws"]["transport"]``)
* ``ccxt``: CCXT Pro 4.5.84, ``while …: await ex.watch_trades("BTC/USDT")`` (``watch_order_book``)
* ``ccxt+fix`` (bulk feeds only): the same, with one line of CCXT's ``Client.receive_loop``
  corrected in this process (``_fixed_receive_loop``). That loop pops queued messages straight
  off aiohttp's ``WebSocketDataQueue._buffer`` and credits only their payload sizes back, while
  aiohttp 3.14 counts each queued message as ``size + 128``: every message taken that way
  leaves 128 bytes in the queue's ``_size`` for good. Past ~2 000 of them ``_size`` never falls
  to the low-water mark again, and the next time the parser stops at the high-water mark the
  transport stays paused: no frame reaches CCXT again. A bulk burst of more than ~2 000 frames
  wedges unmodified CCXT that way (``--diagnose`` prints the counts; docs/loopback-depth.md).
  Where unmodified CCXT gets through (shorter bursts) both cost the same per frame.
* ``bare/<library>`` (paced feeds, ``--floor``): the library's own read loop with
  ``orjson.loads`` of each frame and nothing else, the floor of the feed.

Depth: ``depthUpdate`` diffs at 100 ms into a book synchronised from the REST
snapshot; the live market stands still during a measurement, so the burst chains
from the snapshot (its first diff is the one the snapshot already holds, its
second starts at ``lastUpdateId + 1``). Progress is the book's ``nonce``;
trades: the last trade id. A bare reader first learns the burst's last id and,
for depth, builds the reference book (REST snapshot + diffs, Binance's rule
checked frame by frame); every contender's final book must equal it level for
level (trades: its last 1 000 trades must equal the burst's), or the run fails.

Reported per contender: client CPU per frame and frames per CPU-second (median
and best of ``--repeat`` runs, from the subscription to the last update), frames
per wall-second (bounded by the simulator, which renders the burst when the
subscription arrives; with ``--rate F``, by F) and, for CCXT, the frames its
receive loop took in bulk uncredited (the leak). Ratios are CCXT's CPU per frame
over ours. A contender without progress for ``--stall`` seconds is stopped and
reported as stalled, with where it stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from typing import Any

SYMBOL = "BTC/USDT"


class SimulatorProcess:
    """``python -m ccxtpro_binance.simulator --burst N`` on a free loopback port."""

    def __init__(self, burst: int, paced: bool = False, rate: float = 0.0) -> None:
        env = dict(os.environ, CCXTPRO_SIM_PACED_BURST="1" if paced else "0",
                   CCXTPRO_SIM_BURST_RATE=str(rate or 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ccxtpro_binance.simulator", "--port", "0", "--burst", str(burst),
             "--tick", "3600"],  # no live ticks during a measurement: only the burst
            stdout=subprocess.PIPE, text=True, env=env)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            self.close()
            raise RuntimeError("the simulator did not start")
        self.info = json.loads(line)

    def ccxtpro_config(self, **options: Any) -> dict[str, Any]:
        urls = self.info["urls"]
        http = urls["rest"]["spot"].rsplit("/api/", 1)[0]
        ws = urls["ws"]["spot"].rsplit("/stream/", 1)[0]
        base = {"https://api.binance.com": http, "https://fapi.binance.com": http, "https://dapi.binance.com": http,
                "wss://stream.binance.com:9443": ws + "/stream", "wss://fstream.binance.com": ws + "/fstream",
                "wss://dstream.binance.com": ws + "/dstream"}
        return {"baseUrl": base, "options": {"adjustForTimeDifference": False, **options}}

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


STREAMS = {"trades": ("btcusdt@trade", "t"), "depth": ("btcusdt@depth@100ms", "u")}


# -- the reference: a bare reader ----------------------------------------------------------------

class Reference:
    """What every contender must end with: the burst's last id and, for depth, the book
    (REST snapshot + the burst's diffs) or, for trades, the last 1 000 trades."""

    def __init__(self) -> None:
        self.last = 0
        self.bids: dict[float, float] = {}
        self.asks: dict[float, float] = {}
        self.trades: list[tuple[int, float, float]] = []
        self.sequence: dict[str, Any] = {}


async def reference(sim: SimulatorProcess, n: int, kind: str) -> Reference:
    import orjson
    from websockets.asyncio.client import connect

    stream, field = STREAMS[kind]
    url = sim.info["urls"]["ws"]["spot"].rsplit("/stream/", 1)[0] + "/stream/ws/" + stream
    frames = []
    async with connect(url, max_size=None, ping_interval=None) as ws:
        for _ in range(n):
            frames.append(orjson.loads(await ws.recv()))
    ref = Reference()
    ref.last = max(int(f[field]) for f in frames)
    if kind == "trades":
        ref.trades = [(int(f["t"]), float(f["p"]), float(f["q"])) for f in frames[-1000:]]
        return ref
    # depth: Binance's recipe (spot): drop diffs with u <= lastUpdateId; the first applied one
    # must have U <= lastUpdateId + 1 <= u; each later one must start at the previous u + 1
    rest = sim.info["urls"]["rest"]["spot"]
    with urllib.request.urlopen(f"{rest}/depth?symbol=BTCUSDT&limit=5000") as r:  # the live book: standing still
        snap = orjson.loads(r.read())
    nonce = snap["lastUpdateId"]
    ref.bids = {float(p): float(q) for p, q in snap["bids"]}
    ref.asks = {float(p): float(q) for p, q in snap["asks"]}
    seq: dict[str, Any] = {"snapshot_lastUpdateId": nonce, "first_diffs": [(f["U"], f["u"]) for f in frames[:3]],
                           "dropped": 0, "first_applied": None}
    for f in frames:
        if f["u"] <= nonce:
            seq["dropped"] += 1
            continue
        if seq["first_applied"] is None:
            if not f["U"] <= nonce + 1 <= f["u"]:
                raise AssertionError(f"the burst does not chain from the snapshot: lastUpdateId {nonce}, "
                                     f"first diff after it U={f['U']} u={f['u']}")
            seq["first_applied"] = (f["U"], f["u"])
        elif f["U"] != nonce + 1:
            raise AssertionError(f"gap in the burst: U={f['U']} after u={nonce}")
        for side, levels in ((ref.bids, f["b"]), (ref.asks, f["a"])):
            for p, q in levels:
                if float(q) == 0:
                    side.pop(float(p), None)
                else:
                    side[float(p)] = float(q)
        nonce = f["u"]
    seq["last_u"] = nonce
    ref.sequence = seq
    return ref


def check(ex: Any, kind: str, ref: Reference) -> str:
    """'' when the contender ends where the reference does; else what differs."""
    if kind == "trades":
        got = [(int(t["id"]), float(t["price"]), float(t["amount"])) for t in list(ex.trades[SYMBOL])[-1000:]]
        return "" if got == ref.trades else f"last trades differ ({len(got)} kept)"
    ob = ex.orderbooks[SYMBOL]
    if ob["nonce"] != ref.last:
        return f"nonce {ob['nonce']} != {ref.last}"
    for name, want in (("bids", ref.bids), ("asks", ref.asks)):
        got = [(float(p), float(a)) for p, a in ob[name]]
        exp = sorted(want.items(), reverse=name == "bids")
        if got != exp:
            bad = sum(1 for g, e in zip(got, exp) if g != e) + abs(len(got) - len(exp))
            return f"{name} differ at {bad} levels ({len(got)} vs {len(exp)})"
    return ""


# -- contenders ------------------------------------------------------------------------------------

def progress(ex: Any, kind: str) -> int:
    """How far a contender got: the book's nonce, or the last trade id it holds."""
    if kind == "depth":
        ob = ex.orderbooks.get(SYMBOL) if hasattr(ex.orderbooks, "get") else None
        return int(ob["nonce"] or 0) if ob is not None else 0
    trades = ex.trades.get(SYMBOL) if isinstance(ex.trades, dict) else None
    return int(trades[-1]["id"]) if trades else 0


async def ours_loop(ex: Any, kind: str, last: int) -> None:
    stream = ex.stream_order_book(SYMBOL) if kind == "depth" else ex.stream_trades(SYMBOL)
    async for _ in stream:
        if progress(ex, kind) >= last:
            break


async def theirs_loop(ex: Any, kind: str, last: int) -> None:
    # the check comes before each watch: an update applied while the loop was not waiting
    # would otherwise be waited for again (a watch returns the *next* update)
    watch = ex.watch_order_book if kind == "depth" else ex.watch_trades
    while progress(ex, kind) < last:
        await watch(SYMBOL)


def ours(sim: SimulatorProcess, transport: str) -> Any:
    import ccxtpro
    return ccxtpro.load("binance", sim.ccxtpro_config(tradesLimit=1000, ws={"transport": transport}))


def theirs(sim: SimulatorProcess, transport: str) -> Any:
    import ccxt.pro
    return ccxt.pro.binance({"urls": sim.info["ccxt_urls"], "options": {"adjustForTimeDifference": False}})


def theirs_fixed(sim: SimulatorProcess, transport: str) -> Any:
    """CCXT with its receive loop's accounting corrected in this process (bulk feeds): the same
    work per frame, minus the wedge. Nothing in CCXT's installed files changes."""
    ex = theirs(sim, transport)
    make, receive_loop = ex.client, _fixed_receive_loop()

    def client(url: str) -> Any:
        c = make(url)
        c.receive_loop = receive_loop.__get__(c)
        return c
    ex.client = client
    return ex


def _fixed_receive_loop() -> Any:
    """CCXT 4.5.84's ``Client.receive_loop`` (ccxt/async_support/base/ws/client.py, its verbose
    logging left out) with one change, marked: a message popped off aiohttp's queue is credited
    back as aiohttp counted it."""
    from ccxt.base.errors import NetworkError

    def receive_loop(self: Any) -> None:
        if not self.closed():
            if self.buffer and len(self.buffer) > 1:
                size_delta = 0
                while len(self.buffer) > 1:
                    message, size = self.buffer.popleft()
                    size_delta += size + MSG_SIZE_OVERHEAD  # CCXT: size_delta += size
                    self.handle_message(message)
                self.buffer[0] = (self.buffer[0][0], self.buffer[0][1] + size_delta)
            task = self.asyncio_loop.create_task(self.receive())

            def after_interrupt(resolved: Any) -> None:
                if resolved.cancelled():
                    return
                exception = resolved.exception()
                if exception is None:
                    self.handle_message(resolved.result())
                    self.asyncio_loop.call_soon(self.receive_loop)
                else:
                    self.reject(NetworkError(str(exception)))
            task.add_done_callback(after_interrupt)
        else:
            self.on_close(1006)
    return receive_loop


try:
    from aiohttp._websocket.reader_py import MSG_SIZE_OVERHEAD
except ImportError:  # an aiohttp without the per-message overhead: nothing to correct
    MSG_SIZE_OVERHEAD = 0


def aiohttp_queue_state(ex: Any) -> dict[str, Any] | None:
    """CCXT's connection, as aiohttp sees it: ``_size`` against what the queue holds."""
    try:
        client = next(iter(ex.clients.values()))
        proto = client.connection._conn.protocol
        queue = proto._payload
        held = sum(size + MSG_SIZE_OVERHEAD for _, size in queue._buffer)
        return {"size": queue._size, "limit": queue._limit, "queued": len(queue._buffer), "queued_bytes": held,
                "leaked": queue._size - held, "parser_stalled": queue._stalled_reader is not None,
                "transport_reading": proto.transport.is_reading() if proto.transport else None}
    except Exception as e:  # another aiohttp layout: say so rather than fail the run
        return {"error": repr(e)}


class Tap:
    """``--diagnose``: counts how CCXT's client takes each frame (one ``receive()`` per frame, or
    popped in bulk off aiohttp's queue by ``receive_loop``) and records the depth ids it sees."""

    def __init__(self, ex: Any) -> None:
        self.ex = ex
        self.received = self.handled = 0
        self.ids: list[tuple[int, int]] = []
        self.snapshot: dict[str, Any] = {}
        self.first_watch_nonce = None
        make = ex.client

        def client(url: str) -> Any:
            c = make(url)
            if not getattr(c, "_tapped", False):
                c._tapped = True
                receive, handle = c.receive, c.handle_message

                async def counting_receive() -> Any:
                    message = await receive()
                    self.received += 1
                    return message

                def counting_handle(message: Any) -> Any:
                    self.handled += 1
                    return handle(message)
                c.receive, c.handle_message = counting_receive, counting_handle
            return c
        ex.client = client
        hob = ex.handle_order_book

        def handle_order_book(client: Any, message: Any) -> Any:
            self.ids.append((message.get("U"), message.get("u")))
            return hob(client, message)
        ex.handle_order_book = handle_order_book
        fetch, sync = ex.fetch_rest_order_book_safe, ex.fetch_order_book_snapshot

        async def fetch_snapshot(symbol: str, limit: Any = None, params: Any = {}) -> Any:
            self.snapshot["requested_after_frames"] = len(self.ids)
            r = await fetch(symbol, limit, params)
            ob = ex.orderbooks.get(SYMBOL)
            self.snapshot.update(lastUpdateId=r["nonce"], arrived_after_frames=len(self.ids),
                                 cached_diffs=len(ob.cache) if ob is not None else None,
                                 cached_first=tuple(ob.cache[0][k] for k in "Uu") if ob is not None and ob.cache else None,
                                 cached_last=tuple(ob.cache[-1][k] for k in "Uu") if ob is not None and ob.cache else None)
            return r

        async def snapshot_applied(*args: Any) -> Any:  # the snapshot, then the cached diffs replayed
            r = await sync(*args)
            ob = ex.orderbooks.get(SYMBOL)
            self.first_watch_nonce = ob["nonce"] if ob is not None else None
            return r
        ex.fetch_rest_order_book_safe, ex.fetch_order_book_snapshot = fetch_snapshot, snapshot_applied

    def report(self, stopped_at: int) -> dict[str, Any]:
        return {"frames_handled": self.handled, "taken_by_receive": self.received,
                "taken_in_bulk": self.handled - self.received,
                "depth_ids_first": self.ids[:3], "depth_ids_last": self.ids[-2:], "snapshot": self.snapshot,
                "nonce_after_snapshot": self.first_watch_nonce, "stopped_at": stopped_at,
                "aiohttp": aiohttp_queue_state(self.ex)}


async def run_one(make: Any, loop: Any, sim: SimulatorProcess, transport: str, kind: str, ref: Reference,
                  stall: float, diagnose: bool) -> dict[str, Any]:
    ex = make(sim, transport)
    tap = Tap(ex) if diagnose and make in (theirs, theirs_fixed) else None
    try:
        await ex.load_markets()
        start, cpu = time.perf_counter(), time.process_time()  # from the subscription on
        task = asyncio.ensure_future(loop(ex, kind, ref.last))
        seen, since = -1, time.perf_counter()
        while not task.done():
            await asyncio.wait({task}, timeout=0.25)
            now = progress(ex, kind)
            if now != seen:
                seen, since = now, time.perf_counter()
            elif time.perf_counter() - since > stall:
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    pass
                break
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        out: dict[str, Any] = {}
        if tap is not None:
            out["diagnosis"] = tap.report(progress(ex, kind))
        if task.cancelled():
            out.update(stalled=True, stopped_at=progress(ex, kind))
            if make in (theirs, theirs_fixed):
                out["aiohttp"] = aiohttp_queue_state(ex)
            return out
        task.result()
        out.update(stalled=False, wall=wall, cpu=cpu, mismatch=check(ex, kind, ref))
        if make in (theirs, theirs_fixed):
            out["aiohttp"] = aiohttp_queue_state(ex)
        return out
    finally:
        await ex.close()


async def run_bare(sim: SimulatorProcess, library: str, kind: str, n: int, timeout: float) -> dict[str, Any]:
    """The floor: the bare library's read loop with ``orjson.loads`` of each frame, nothing else,
    on the same feed (``transport_floor``'s readers), from the dial to the last frame."""
    from asv_benchmarks import transport_floor as tf

    read = {"websockets": tf.bare_websockets, "aiohttp": tf.bare_aiohttp, "picows": tf.bare_picows}[library]
    url = sim.info["urls"]["ws"]["spot"].rsplit("/stream/", 1)[0] + "/stream/ws/" + STREAMS[kind][0]
    start, cpu = time.perf_counter(), time.process_time()
    try:
        await asyncio.wait_for(read(url, n, True), timeout)
    except (asyncio.TimeoutError, TimeoutError):
        return {"stalled": True, "stopped_at": None}
    return {"stalled": False, "wall": time.perf_counter() - start, "cpu": time.process_time() - cpu, "mismatch": ""}


def contenders(transports: list[str], fixed: bool = False, floor: bool = False) -> list[tuple[str, Any, str]]:
    from ccxtpro.ws import transport as tr

    available = [t for t in transports if t and tr.available(t)]
    out = [(f"ccxtpro/{t}", ours, t) for t in available]
    out += [("ccxt", theirs, "")] + ([("ccxt+fix", theirs_fixed, "")] if fixed else [])
    if floor:  # CCXT reads with aiohttp
        out += [(f"bare/{t}", run_bare, t) for t in dict.fromkeys(available + ["aiohttp"])]
    return out


#: the bare reader each contender's figure is set against (``--rate F``: the floor of a paced feed)
FLOOR_OF = {"ccxt": "bare/aiohttp", "ccxt+fix": "bare/aiohttp"}


def measure(n: int, repeat: int, transports: list[str], kind: str = "trades", rate: float = 0.0,
            stall: float = 5.0, paced: bool = False, diagnose: bool = False,
            floor: bool | None = None) -> dict[str, Any]:
    sim = SimulatorProcess(n, paced, rate)
    try:
        ref = asyncio.run(reference(sim, n, kind))
        results: dict[str, Any] = {"_reference": {"last": ref.last, **ref.sequence}}
        for name, make, transport in contenders(transports, fixed=not rate, floor=bool(rate) if floor is None else floor):
            runs = []
            for _ in range(repeat):
                gc.collect()
                if make is run_bare:
                    timeout = (n / rate if rate else 0) * 2 + 30
                    runs.append(asyncio.run(run_bare(sim, transport, kind, n, timeout)))
                    continue
                loop = theirs_loop if make in (theirs, theirs_fixed) else ours_loop
                runs.append(asyncio.run(run_one(make, loop, sim, transport, kind, ref, stall, diagnose)))
            done = [r for r in runs if not r["stalled"]]
            bad = [r["mismatch"] for r in done if r["mismatch"]]
            if bad:
                raise AssertionError(f"{name} ended with a different {'book' if kind == 'depth' else 'trade list'}"
                                     f" than the reference: {bad[0]}")
            row: dict[str, Any] = {"runs": len(runs), "stalled_runs": len(runs) - len(done),
                                   "stopped_at": [r["stopped_at"] for r in runs if r["stalled"]],
                                   "stalled_run_numbers": [i for i, r in enumerate(runs) if r["stalled"]]}
            if done:
                cpus = [r["cpu"] / n * 1e6 for r in done]
                row.update(cpu_us_per_frame=statistics.median(cpus), cpu_us_per_frame_best=min(cpus),
                           cpu_us_per_frame_runs=cpus, frames_per_cpu_s=1e6 / statistics.median(cpus),
                           frames_per_s=n / statistics.median(r["wall"] for r in done), verified=True)
            else:
                row.update(cpu_us_per_frame=None, frames_per_cpu_s=None, frames_per_s=None)
            if make in (theirs, theirs_fixed):
                row["aiohttp"] = [r.get("aiohttp") for r in runs]
            if diagnose and make in (theirs, theirs_fixed):
                row["diagnosis"] = [r.get("diagnosis") for r in runs]
            results[name] = row
        for name, row in results.items():  # CPU per frame above the bare read loop of the same library
            bare = results.get(FLOOR_OF.get(name, "bare/" + name.partition("/")[2]))
            if name.startswith(("_", "bare/")) or not bare or not bare["cpu_us_per_frame"] or not row["cpu_us_per_frame"]:
                continue
            row["above_floor_us"] = row["cpu_us_per_frame"] - bare["cpu_us_per_frame"]
        for name, row in results.items():
            if name.startswith("ccxtpro/") and row.get("above_floor_us") and results["ccxt"].get("above_floor_us"):
                row["ratio_above_floor"] = results["ccxt"]["above_floor_us"] / row["above_floor_us"]
        for base_name, suffix in (("ccxt", ""), ("ccxt+fix", "_fixed")):
            base = results.get(base_name)
            for name, row in results.items():
                if not name.startswith("ccxtpro/"):
                    continue
                ok = base is not None and row["cpu_us_per_frame"] and base["cpu_us_per_frame"]
                row["ratio_cpu" + suffix] = base["cpu_us_per_frame"] / row["cpu_us_per_frame"] if ok else None
                row["ratio_frames_per_s" + suffix] = row["frames_per_s"] / base["frames_per_s"] if ok else None
        return results
    finally:
        sim.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=None, help="burst length (default 50000; depth 20000)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--transports", default="websockets,aiohttp,picows")
    ap.add_argument("--kind", choices=sorted(STREAMS), default="trades")
    ap.add_argument("--rate", type=float, default=None,
                    help="frames per second the simulator sends the burst at, one frame per write; 0: as fast as "
                         "the client reads (the default; CCXT's client wedges after ~2000 frames taken in bulk, "
                         "so a ccxt+fix row is added: CCXT with its receive loop's accounting corrected)")
    ap.add_argument("--paced", action="store_true",
                    help="with --rate 0: the simulator sends frame by frame through aiohttp (still faster than CCXT)")
    ap.add_argument("--floor", action=argparse.BooleanOptionalAction, default=None,
                    help="also time each library's bare read loop (receive + orjson.loads) on the same feed; "
                         "default: with --rate")
    ap.add_argument("--stall", type=float, default=5.0, help="seconds without progress before a run is stopped")
    ap.add_argument("--diagnose", action="store_true",
                    help="count how CCXT's client takes each frame and print its depth ids and aiohttp queue state")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    frames = args.frames or (20_000 if args.kind == "depth" else 50_000)
    rate = args.rate or 0.0
    import ccxt

    import ccxtpro
    r = measure(frames, args.repeat, args.transports.split(","), args.kind, rate, args.stall, args.paced,
                args.diagnose, args.floor)
    if args.json:
        print(json.dumps({"kind": args.kind, "frames": frames, "rate": rate, **r,
                          "versions": {"ccxt": ccxt.__version__, "python": platform.python_version(),
                                       "extensions": ccxtpro.USING_EXTENSIONS}}, indent=1))
        return 0
    feed = f"{rate:,.0f} frames/s, one per write" if rate else "as fast as each client reads"
    print(f"{frames} {args.kind} frames over loopback ({feed}), {args.repeat} runs; ccxt {ccxt.__version__}, "
          f"ccxtpro extensions: {ccxtpro.USING_EXTENSIONS}")
    seq = r["_reference"]
    if args.kind == "depth":
        print(f"  reference: snapshot lastUpdateId {seq['snapshot_lastUpdateId']}; burst diffs (U, u) "
              f"{seq['first_diffs']} …; {seq['dropped']} dropped (u <= lastUpdateId), first applied "
              f"{tuple(seq['first_applied'])}, last u {seq['last_u']}")
    fixed = "ccxt+fix" in r
    floor = any(name.startswith("bare/") for name in r)
    print(f"  {'client':<20} {'µs CPU/frame':>12} {'(best)':>7}   {'frames per CPU-s':>16}   "
          f"{'vs ccxt':>7}   " + (f"{'vs ccxt+fix':>11}   " if fixed else "")
          + (f"{'above bare':>10}   {'vs ccxt':>7}   " if floor else "")
          + f"{'frames/s wall':>13}   {'leak¹':>11}   end state")
    for name, row in r.items():
        if name.startswith("_"):
            continue
        leaks = [a.get("leaked") for a in row.get("aiohttp") or [] if a]
        bulk = "/".join(str(x // MSG_SIZE_OVERHEAD) for x in leaks if x is not None) if MSG_SIZE_OVERHEAD else ""
        if row["cpu_us_per_frame"] is None:
            print(f"  {name:<20} stalled in every run, at {row['stopped_at']} of {seq['last']}"
                  + (f"   leak¹ {bulk}" if bulk else ""))
        else:
            def x(v: Any) -> str:
                return f"{v:.1f}x" if v else ""
            above = f"{row['above_floor_us']:.1f}" if row.get("above_floor_us") is not None else ""
            end_state = "" if name.startswith("bare/") else "= reference"
            print(f"  {name:<20} {row['cpu_us_per_frame']:>12.2f} {row['cpu_us_per_frame_best']:>7.2f}   "
                  f"{row['frames_per_cpu_s']:>16,.0f}   {x(row.get('ratio_cpu')):>7}   "
                  + (f"{x(row.get('ratio_cpu_fixed')):>11}   " if fixed else "")
                  + (f"{above:>10}   {x(row.get('ratio_above_floor')):>7}   " if floor else "")
                  + f"{row['frames_per_s']:>13,.0f}   {bulk:>11}   {end_state}"
                  + (f"; {row['stalled_runs']} run(s) stalled at {row['stopped_at']}" if row["stalled_runs"] else ""))
        for i, diag in enumerate(row.get("diagnosis") or []):
            if diag:
                print(f"    run {i + 1}: {json.dumps(diag)}")
        if name == "ccxt" and row["stalled_runs"] and not args.diagnose:
            for i in row["stalled_run_numbers"]:
                print(f"    run {i + 1} stalled; aiohttp queue of CCXT's connection at the stop: "
                      f"{json.dumps(row['aiohttp'][i])}")
    print(f"  ¹ CCXT only, per run: bytes aiohttp's queue counts but does not hold, / {MSG_SIZE_OVERHEAD}: the "
          "frames CCXT's receive_loop popped in bulk without crediting aiohttp's per-message overhead "
          "(past ~2 000 the connection can wedge; ccxt+fix credits it)")
    if floor:
        print("  above bare: CPU per frame minus the bare read loop's of the same library (CCXT: aiohttp)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
