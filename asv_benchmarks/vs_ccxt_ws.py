"""Websocket runtime figures, side by side, in one run.

    python -m asv_benchmarks.vs_ccxt_ws [--frames N] [--repeat R] [--json]

1. Dispatch overhead per frame (recognise the frame, call a no-op handler) on
   the same Binance frames: ccxtpro's route table (compiled and pure-Python)
   against CCXT Pro 4.5.84's own ``binance.handle_message`` (handlers made
   no-op methods; a stub client). Target: CCXT / ccxtpro-compiled >= 10.
2. Loopback throughput: the toy exchange's server (its own process) pushes
   N small ticker frames; a bare ``websockets`` client that only
   ``orjson.loads`` each frame is the floor, against ccxtpro's watch loop
   (dispatch, unified ticker parsing, resolve) on the toy plugin, and the
   same loop with parsing skipped ("runtime only": receive loop, dispatch,
   cache store, resolve, wake-up). Target: ccxtpro / bare <= 1.5. Wall and
   client-CPU ratios are both printed; CPU is steadier on a shared machine.

Each figure is the best of ``--repeat`` runs after ``gc.collect()``. Ratios
are what to read: absolute numbers move with the machine's load.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import sys
import time
from typing import Any, Callable

from . import ws_workloads as w


def _best(repeat: int, fn: Callable[[], float]) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        best = min(best, fn())
    return best


def dispatch_figures(repeat: int, rounds: int = 2000) -> dict[str, Any]:
    frames = w.FRAMES
    client = w.StubClient()
    contenders: dict[str, Callable[[Any, Any], Any]] = {
        "ccxtpro (compiled)": w.ours_dispatcher("c").dispatch,
        "ccxtpro (pure Python)": w.ours_dispatcher("py").dispatch,
        "ccxt.pro binance.handle_message": w.ccxt_binance_noop().handle_message,
    }
    for fn in contenders.values():  # every frame reaches a handler on every side
        for frame in frames:
            fn(client, frame)

    def timed(fn: Callable[[Any, Any], Any], n: int) -> Callable[[], float]:
        def once() -> float:
            gc.disable()
            try:
                start = time.perf_counter_ns()
                for _ in range(n):
                    for frame in frames:
                        fn(client, frame)
                return (time.perf_counter_ns() - start) / (n * len(frames))
            finally:
                gc.enable()
        return once

    results = {}
    for name, fn in contenders.items():
        n = rounds if "ccxt." not in name else max(1, rounds // 10)
        results[name] = _best(repeat, timed(fn, n))
    ccxt = results["ccxt.pro binance.handle_message"]
    return {
        "ns_per_frame": results,
        "ratio_ccxt_over_ours_c": ccxt / results["ccxtpro (compiled)"],
        "ratio_ccxt_over_ours_py": ccxt / results["ccxtpro (pure Python)"],
        "frames": len(frames),
    }


BARE = "bare websockets + orjson.loads"
OURS = "ccxtpro watch_ticker loop"
OURS_RUNTIME = "ccxtpro watch loop, runtime only"


def throughput_figures(n: int, repeat: int) -> dict[str, Any]:
    server = w.ToyServerProcess()
    try:
        async def main() -> dict[str, list[tuple[float, float]]]:
            await w.bare_loop(server.ws_url, n)  # warm-up: the server frames and caches the blast
            full = w.toy_exchange(server.base_url)
            light = w.runtime_only(w.toy_exchange(server.base_url))
            runs: dict[str, list[tuple[float, float]]] = {BARE: [], OURS: [], OURS_RUNTIME: []}
            try:
                for ex in (full, light):
                    await ex.load_markets()
                    await w.ccxtpro_loop(ex, n)
                for _ in range(repeat):  # interleaved, so load drifts hit all alike
                    gc.collect()
                    runs[BARE].append(await w.bare_loop(server.ws_url, n))
                    for name, ex in ((OURS, full), (OURS_RUNTIME, light)):
                        gc.collect()
                        wall, cpu, wakeups = await w.ccxtpro_loop(ex, n)
                        runs[name].append((wall, cpu))
            finally:
                await full.close()
                await light.close()
            return runs

        runs = w.run(main())
    finally:
        server.close()
    wall = {name: min(r[0] for r in rs) for name, rs in runs.items()}
    cpu = {name: min(r[1] for r in rs) for name, rs in runs.items()}
    return {
        "frames": n,
        "seconds": wall,
        "cpu_seconds": cpu,
        "frames_per_second": {name: n / t for name, t in wall.items()},
        "ratio_ours_over_bare": wall[OURS] / wall[BARE],
        "cpu_ratio_ours_over_bare": cpu[OURS] / cpu[BARE],
        "ratio_runtime_over_bare": wall[OURS_RUNTIME] / wall[BARE],
        "cpu_ratio_runtime_over_bare": cpu[OURS_RUNTIME] / cpu[BARE],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100_000, help="frames pushed per throughput run")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", choices=["dispatch", "throughput"])
    args = parser.parse_args(argv)

    out: dict[str, Any] = {"python": sys.version.split()[0], "machine": platform.machine()}
    import ccxt
    import websockets

    from ccxtpro._core import dispatch

    out["versions"] = {"ccxt": ccxt.__version__, "websockets": websockets.__version__,
                       "dispatch_compiled": dispatch.RouteTable is getattr(dispatch, "RouteTableC", None)}
    if args.only in (None, "dispatch"):
        out["dispatch"] = dispatch_figures(args.repeat)
    if args.only in (None, "throughput"):
        out["throughput"] = throughput_figures(args.frames, args.repeat)
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    if "dispatch" in out:
        d = out["dispatch"]
        print(f"dispatch overhead per frame ({d['frames']} Binance frames, no-op handlers)")
        ccxt_ns = d["ns_per_frame"]["ccxt.pro binance.handle_message"]
        for name, ns in sorted(d["ns_per_frame"].items(), key=lambda kv: kv[1]):
            print(f"  {name:34s} {ns:10.0f} ns   vs. ccxt {ccxt_ns / ns:6.1f}x")
        print(f"  ratio ccxt / ccxtpro(compiled) = {d['ratio_ccxt_over_ours_c']:.1f}  (target >= 10)")
    if "throughput" in out:
        t = out["throughput"]
        print(f"loopback throughput ({t['frames']} ticker frames, toy server in its own process)")
        for name, fps in sorted(t["frames_per_second"].items(), key=lambda kv: -kv[1]):
            print(f"  {name:34s} {fps:12.0f} frames/s   {t['seconds'][name]:.3f} s wall"
                  f"   {t['cpu_seconds'][name]:.3f} s client CPU")
        print(f"  ratio ccxtpro / bare = {t['ratio_ours_over_bare']:.2f} wall, "
              f"{t['cpu_ratio_ours_over_bare']:.2f} client CPU  (target <= 1.5)")
        print(f"  ratio ccxtpro runtime only / bare = {t['ratio_runtime_over_bare']:.2f} wall, "
              f"{t['cpu_ratio_runtime_over_bare']:.2f} client CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
