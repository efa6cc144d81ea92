"""Stream frames over loopback: ccxtpro's ``stream_*`` loop against CCXT Pro's ``watch_*`` loop.

    python -m asv_benchmarks.vs_ccxt_loopback [--kind trades|depth] [--frames N] [--repeat R]
                                              [--transports a,b] [--json]

The Binance simulator runs in its own process with ``--burst N``: every
subscription on the ordinary stream URLs first gets N frames of its stream as
fast as the client reads. Each contender, in this process, subscribes the way
a user does and consumes until it has seen all N updates:

* ccxtpro 0.1: ``async for batch in ex.stream_trades("BTC/USDT")`` (``stream_order_book``
  for depth), once per websocket transport (``websockets``, ``aiohttp``, ``picows``:
  ``options["ws"]["transport"]``)
* CCXT Pro 4.5.84: ``while …: batch = await ex.watch_trades("BTC/USDT")`` (``watch_order_book``)

Depth: ``depthUpdate`` diffs at 100 ms into a book synchronised from the REST snapshot;
the live market stands still during a measurement, so the burst chains from the
snapshot, and progress is the book's ``nonce`` (the last update id applied), polled
for both contenders (see ``_book_reaches``).

Progress is read from the trade ids, not from batch sizes: CCXT's ``newUpdates``
counts come up short when many frames arrive between two awaits, and a loop
counting them would wait forever; and a first batch may start after trades the
cache already evicted. The burst is the same for every subscriber, so a bare
reader first learns its last trade id, and each contender consumes until it has
seen that id. Reported
per contender: frames per second (wall) and client CPU per frame, from the
subscription to the last frame; best of ``--repeat``. Ratios are CCXT's cost over ours.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import subprocess
import sys
import time
from typing import Any

SYMBOL = "BTC/USDT"


class SimulatorProcess:
    """``python -m ccxtpro_binance.simulator --burst N`` on a free loopback port."""

    def __init__(self, burst: int, paced: bool = False) -> None:
        env = dict(os.environ, CCXTPRO_SIM_PACED_BURST="1" if paced else "0")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ccxtpro_binance.simulator", "--port", "0", "--burst", str(burst),
             "--tick", "3600"],  # no live trades during a measurement: only the burst
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


async def last_id(sim: SimulatorProcess, n: int, kind: str) -> int:
    """The burst's last trade id (or depth update id), read by a bare websocket client."""
    import orjson
    from websockets.asyncio.client import connect

    stream, field = STREAMS[kind]
    url = sim.info["urls"]["ws"]["spot"].rsplit("/stream/", 1)[0] + "/stream/ws/" + stream
    async with connect(url, max_size=None, ping_interval=None) as ws:
        last = 0
        for _ in range(n):
            last = max(last, int(orjson.loads(await ws.recv())[field]))
    return last


def _done(kind: str, result: Any, last: int) -> bool:
    return int(result[-1]["id"]) >= last


async def _book_reaches(ex: Any, last: int) -> None:
    """Depth, for both contenders alike: one watch (subscribe, snapshot), then the
    book's nonce is polled every millisecond. CCXT's watch_order_book never returns
    again once the burst is over (its deltas all arrived before its snapshot, and it
    waits for the next one), so watching in a loop would measure a stall."""
    await ex.watch_order_book(SYMBOL)
    while (ex.orderbooks[SYMBOL]["nonce"] or 0) < last:
        await asyncio.sleep(0.001)


async def ours(sim: SimulatorProcess, last: int, transport: str, kind: str) -> tuple[float, float]:
    import ccxtpro

    ex = ccxtpro.load("binance", sim.ccxtpro_config(tradesLimit=1000, ws={"transport": transport}))
    try:
        await ex.load_markets()
        start, cpu = time.perf_counter(), time.process_time()  # from the subscription on
        if kind == "depth":
            await _book_reaches(ex, last)
        else:
            async for result in ex.stream_trades(SYMBOL):
                if _done(kind, result, last):
                    break
        return time.perf_counter() - start, time.process_time() - cpu
    finally:
        await ex.close()


async def theirs(sim: SimulatorProcess, last: int, transport: str, kind: str) -> tuple[float, float]:
    import ccxt.pro

    ex = ccxt.pro.binance({"urls": sim.info["ccxt_urls"], "options": {"adjustForTimeDifference": False}})
    try:
        await ex.load_markets()
        start, cpu = time.perf_counter(), time.process_time()  # from the subscription on
        if kind == "depth":
            await _book_reaches(ex, last)
        else:
            while True:
                if _done(kind, await ex.watch_trades(SYMBOL), last):
                    break
        return time.perf_counter() - start, time.process_time() - cpu
    finally:
        await ex.close()


def contenders(transports: list[str]) -> list[tuple[str, Any, str]]:
    from ccxtpro.ws import transport as tr

    out = [(f"ccxtpro/{t}", ours, t) for t in transports if tr.available(t)]
    return out + [("ccxt", theirs, "")]


def measure(n: int, repeat: int, transports: list[str], kind: str = "trades",
            timeout: float = 60.0, paced: bool = False) -> dict[str, Any]:
    sim = SimulatorProcess(n, paced)
    try:
        last = asyncio.run(last_id(sim, n, kind))
        results: dict[str, Any] = {}
        for name, fn, transport in contenders(transports):
            best_wall = best_cpu = float("inf")
            stalled = 0
            for _ in range(repeat):
                gc.collect()
                try:
                    wall, cpu = asyncio.run(asyncio.wait_for(fn(sim, last, transport, kind), timeout))
                except (asyncio.TimeoutError, TimeoutError):
                    stalled += 1  # the client stopped taking frames: reported, not waited on forever
                    continue
                best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
            if best_wall == float("inf"):
                results[name] = {"frames_per_s": None, "cpu_us_per_frame": None, "stalled_runs": stalled}
            else:
                results[name] = {"frames_per_s": n / best_wall, "cpu_us_per_frame": best_cpu / n * 1e6,
                                 "stalled_runs": stalled}
        base = results["ccxt"]
        for name, row in results.items():
            ok = name != "ccxt" and row["frames_per_s"] and base["frames_per_s"]
            row["ratio_frames_per_s"] = row["frames_per_s"] / base["frames_per_s"] if ok else None
            row["ratio_cpu"] = base["cpu_us_per_frame"] / row["cpu_us_per_frame"] if ok else None
        return results
    finally:
        sim.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--transports", default="websockets,aiohttp,picows")
    ap.add_argument("--kind", choices=sorted(STREAMS), default="trades")
    ap.add_argument("--paced", action="store_true",
                    help="the simulator sends frame by frame (CCXT's client stops reading a bulk-written burst)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    import ccxt

    import ccxtpro
    r = measure(args.frames, args.repeat, args.transports.split(","), args.kind, paced=args.paced)
    if args.json:
        print(json.dumps({"kind": args.kind, "frames": args.frames, **r,
                          "versions": {"ccxt": ccxt.__version__, "python": platform.python_version(),
                                       "extensions": ccxtpro.USING_EXTENSIONS}}, indent=1))
        return 0
    print(f"{args.frames} {args.kind} frames over loopback, best of {args.repeat}; ccxt {ccxt.__version__}, "
          f"ccxtpro extensions: {ccxtpro.USING_EXTENSIONS}")
    print(f"  {'client':<20} {'frames/s':>10}   {'µs CPU/frame':>12}   {'vs CCXT: frames/s':>17}   "
          f"{'frames per CPU-s':>16}   stalled runs")
    for name, row in r.items():
        if row["frames_per_s"] is None:
            print(f"  {name:<20} stalled in every run (no frame for 60 s before the last one)")
            continue
        ratios = (f"{row['ratio_frames_per_s']:>16.1f}x   {row['ratio_cpu']:>15.1f}x" if row["ratio_cpu"]
                  else f"{'':>17}   {'':>16}")
        print(f"  {name:<20} {row['frames_per_s']:>10,.0f}   {row['cpu_us_per_frame']:>12.2f}   {ratios}   "
              f"{row['stalled_runs']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
