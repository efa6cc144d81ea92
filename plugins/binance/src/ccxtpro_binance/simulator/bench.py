"""Replay throughput: depth frames per second to one plain ``websockets`` client.

Run: ``python -m ccxtpro_binance.simulator.bench --frames 20000 --loops 10``.
The server runs in its own process (the CLI with ``--replay``) so the client's
reading rate, not a shared event loop, is what is measured. ``--json`` prints a
machine-readable line.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import subprocess
import sys
import time


async def measure(url: str) -> tuple[int, float]:
    import websockets

    count = 0
    async with websockets.connect(url, max_size=None, compression=None, open_timeout=10) as ws:
        t0 = time.perf_counter()
        try:
            async for _ in ws:
                count += 1
        except websockets.ConnectionClosed:
            pass
        elapsed = time.perf_counter() - t0
    return count, elapsed


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--frames", type=int, default=20000, help="distinct frames generated")
    ap.add_argument("--loops", type=int, default=10, help="times the sequence is sent")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    proc = subprocess.Popen([sys.executable, "-m", "ccxtpro_binance.simulator", "--port", "0",
                             "--replay", str(args.frames), "--tick", "1.0"],
                            stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(proc.stdout.readline())
        url = info["urls"]["replay"] + f"?loops={args.loops}"
        results = []
        for _ in range(args.runs):
            gc.collect()
            n, dt = asyncio.run(measure(url))
            results.append((n, dt, n / dt))
    finally:
        proc.terminate()
        proc.wait(10)
    best = max(r[2] for r in results)
    if args.json:
        print(json.dumps({"frames": results[0][0], "runs": [r[2] for r in results], "best_fps": best}))
    else:
        for n, dt, fps in results:
            print(f"{n} frames in {dt:.3f}s = {fps:,.0f} frames/s")
        print(f"best: {best:,.0f} depth frames/s")


if __name__ == "__main__":
    main()
