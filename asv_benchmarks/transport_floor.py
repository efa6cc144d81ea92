"""The loopback receive floor of each websocket transport, next to the bare libraries.

    python -m asv_benchmarks.transport_floor [--frames N] [--repeat R] [--json]

The Binance simulator runs in its own process with ``--burst N``: a subscription to
``btcusdt@trade`` on the ordinary stream URL first gets N trade frames as fast as the
client reads. Each reader counts N frames and stops; reported per reader, best of
``--repeat``: frames per second (wall) and client CPU per frame, from the dial to the
last frame, with and without ``orjson.loads`` of each frame.

* ``bare <library>``: the library's own read loop (``async for`` on ``websockets``,
  ``receive()`` on ``aiohttp``, a listener on ``picows``);
* ``ccxtpro/<transport>``: ccxtpro's adapter (``ccxtpro.ws.transport``), frames pushed to
  a callback, as the client receives them before dispatch.

The difference between the two rows of one library is what the adapter costs. The
client's CPU per frame is the floor; frames per second is bounded by the simulator
(it renders the burst when the subscription arrives, within the measured time).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import time
from typing import Any

import orjson

from asv_benchmarks.vs_ccxt_loopback import SimulatorProcess

STREAM = "btcusdt@trade"


def _url(sim: SimulatorProcess) -> str:
    return sim.info["urls"]["ws"]["spot"].rsplit("/stream/", 1)[0] + "/stream/ws/" + STREAM


async def bare_websockets(url: str, n: int, decode: bool) -> None:
    from websockets.asyncio.client import connect

    loads = orjson.loads
    async with connect(url, max_size=None, ping_interval=None) as ws:
        count = 0
        async for data in ws:
            if decode:
                loads(data)
            count += 1
            if count >= n:
                return


async def bare_aiohttp(url: str, n: int, decode: bool) -> None:
    import aiohttp

    loads = orjson.loads
    async with aiohttp.ClientSession() as session, session.ws_connect(url, max_msg_size=0) as ws:
        count = 0
        async for msg in ws:
            if decode:
                loads(msg.data)
            count += 1
            if count >= n:
                return


async def bare_picows(url: str, n: int, decode: bool) -> None:
    from picows import WSListener, WSMsgType, ws_connect

    done = asyncio.get_running_loop().create_future()
    loads = orjson.loads

    class Reader(WSListener):
        count = 0

        def on_ws_frame(self, transport: Any, frame: Any) -> None:
            if frame.msg_type is WSMsgType.TEXT:
                if decode:
                    loads(frame.get_payload_as_memoryview())
                self.count += 1
                if self.count >= n and not done.done():
                    done.set_result(None)

    transport, _ = await ws_connect(Reader, url)
    await done
    transport.disconnect()


def ours(name: str):
    async def read(url: str, n: int, decode: bool) -> None:
        from ccxtpro.ws.transport import DialOptions, dialer

        done = asyncio.get_running_loop().create_future()
        loads = orjson.loads
        count = [0]

        def on_frame(data: Any) -> None:
            if decode:
                loads(data)
            count[0] += 1
            if count[0] >= n and not done.done():
                done.set_result(None)

        transport = await dialer(name)(url, DialOptions(), on_frame, lambda: None, lambda *a: None)
        await done
        await transport.close()

    return read


def readers() -> list[tuple[str, Any]]:
    from ccxtpro.ws import transport

    out = []
    for name, bare in (("websockets", bare_websockets), ("aiohttp", bare_aiohttp), ("picows", bare_picows)):
        if transport.available(name):
            out += [(f"bare {name}", bare), (f"ccxtpro/{name}", ours(name))]
    return out


def measure(n: int, repeat: int) -> list[dict[str, Any]]:
    sim = SimulatorProcess(n)
    try:
        url = _url(sim)
        rows = []
        for label, fn in readers():
            row: dict[str, Any] = {"reader": label}
            for decode in (False, True):
                best_wall = best_cpu = float("inf")
                for _ in range(repeat):
                    gc.collect()
                    wall, cpu = time.perf_counter(), time.process_time()
                    asyncio.run(asyncio.wait_for(fn(url, n, decode), 60))
                    best_wall = min(best_wall, time.perf_counter() - wall)
                    best_cpu = min(best_cpu, time.process_time() - cpu)
                key = "decoded" if decode else "raw"
                row[key] = {"frames_per_s": n / best_wall, "cpu_us_per_frame": best_cpu / n * 1e6}
            rows.append(row)
        return rows
    finally:
        sim.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    rows = measure(args.frames, args.repeat)
    if args.json:
        print(json.dumps({"frames": args.frames, "rows": rows}, indent=1))
        return 0
    print(f"{args.frames} trade frames over loopback per reader, best of {args.repeat} "
          "(client CPU per frame includes the dial)")
    print(f"  {'reader':<20} {'frames/s':>10} {'µs CPU':>8}   {'+ orjson: frames/s':>18} {'µs CPU':>8}")
    for row in rows:
        raw, dec = row["raw"], row["decoded"]
        print(f"  {row['reader']:<20} {raw['frames_per_s']:>10,.0f} {raw['cpu_us_per_frame']:>8.2f}   "
              f"{dec['frames_per_s']:>18,.0f} {dec['cpu_us_per_frame']:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
