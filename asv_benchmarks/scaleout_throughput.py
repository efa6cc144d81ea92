"""Scale-out throughput: simulator → collector → Redis → consumer, against the same updates
consumed directly in one process.

    python -m asv_benchmarks.scaleout_throughput [--kind trades|depth] [--frames N] [--repeat R]
                                                 [--rate F] [--json]

The Binance simulator runs in its own process with ``--burst N`` (every new subscription
first gets N frames of its stream, as fast as the client reads; no live ticks), and a
``redis-server`` on a free port (no persistence). Two ways to take the same N updates:

* **direct**: this process runs ``exchange.stream_trades("BTC/USDT")`` (``stream_order_book``
  for depth) until the burst's last trade id (book nonce) arrives;
* **scaled**: ``ccxtpro collect`` runs in a child process (one collector, the one stream),
  publishing every update to Redis; this process reads them with
  ``ccxtpro.subscribe(...)`` (subscribed before the collector starts, ``start="earliest"``
  for trades; books from the first snapshot) until the same last id arrives.

Reported: updates per wall-second between the first and the last update each way (trades:
trades, not batches; depth: the burst's diffs, however many books they were coalesced
into while a reader was busy; scaled: from the collector receiving the first to
this process holding the last), the collector's own rate (its first to its last update
received), and the overhead ratio direct/scaled. A last
row measures one Redis instance alone: entries/s written by this process through the
collector's publish script (lease check + ``XADD MAXLEN ~`` + sequence bookkeeping),
pipelined in batches of 512, the figure ``docs/scaleout.md`` sizes Redis with.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson

from .vs_ccxt_loopback import SYMBOL, SimulatorProcess, reference

ROOT = Path(__file__).resolve().parents[1]
ENTRIES: list[int] = []  # stream entries per scaled run (a busy collector batches trades into one)


def _count(kind: str, item: Any) -> int:
    return len(item) if kind == "trades" else 1


def _progress(kind: str, item: Any) -> int:
    return int(item[-1]["id"]) if kind == "trades" else int(item["nonce"] or 0)


async def direct(sim: SimulatorProcess, kind: str, last: int) -> tuple[int, float]:
    import ccxtpro

    async with ccxtpro.load("binance", sim.ccxtpro_config(tradesLimit=1000)) as ex:
        stream = ex.stream_order_book(SYMBOL) if kind == "depth" else ex.stream_trades(SYMBOL)
        n, first = 0, None
        async for item in stream:
            first = first or time.perf_counter()
            n += _count(kind, item)
            if _progress(kind, item) >= last:
                break
        return n, time.perf_counter() - first


async def scaled(sim: SimulatorProcess, kind: str, last: int, redis_url: str) -> tuple[int, float, float]:
    from ccxtpro.scaleout import subscribe

    channel = "order_book" if kind == "depth" else "trades"
    base = sim.info["urls"]["rest"]["spot"].rsplit("/api/", 1)[0]
    sub = subscribe(redis_url, "binance", channel, SYMBOL, start="earliest", count=1000)
    reading = asyncio.ensure_future(sub.__anext__())  # subscribed before the collector publishes
    await asyncio.sleep(0.2)
    proc = subprocess.Popen([sys.executable, "-m", "ccxtpro", "collect", "binance", "--symbols", SYMBOL,
                             "--channels", channel, "--sink", redis_url, "--url", base, "--interval", "3600",
                             "--maxlen", "1000000", "--buffer", "1000000", "--lease-ms", "3000"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ))
    try:
        item = await asyncio.wait_for(reading, 120)
        first, n = sub.entry.received / 1000, _count(kind, item)  # when the collector received it
        entries = 1
        while _progress(kind, item) < last:
            item = await asyncio.wait_for(sub.__anext__(), 120)
            n += _count(kind, item)
            entries += 1
        ENTRIES.append(entries)
        # end to end: the collector's first update to this process holding the last one; and the
        # collector alone: its first to its last update received (it published each on the way)
        return n, time.time() - first, sub.entry.received / 1000 - first
    finally:
        proc.terminate()
        proc.wait(10)
        await sub.close()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def redis_alone(redis_url: str, pid: int, entries: int = 50_000) -> tuple[float, float]:
    """Entries/s one Redis takes through the publish script from this process, and the share
    of one core redis-server used meanwhile (capacity ~ rate / share)."""
    import redis.asyncio as aioredis

    from ccxtpro.scaleout import StreamKey, codec
    from ccxtpro.scaleout.leases import Leases, token

    client = aioredis.Redis.from_url(redis_url)
    leases = Leases(client, token("bench"), 60_000)
    key = StreamKey("bench", "trades", "BTC/USDT")
    await leases.acquire(key.lease)
    await client.script_load(leases.publish_script.script)
    trade = [{"info": {"e": "trade", "s": "BTCUSDT", "t": 1, "p": "60000.01", "q": "0.01"}, "id": "1",
              "timestamp": 1, "datetime": "2026-01-01T00:00:00.000Z", "symbol": "BTC/USDT", "side": "buy",
              "price": 60000.01, "amount": 0.01, "cost": 600.0001, "type": None, "order": None,
              "takerOrMaker": None, "fee": None, "fees": []}]
    start, cpu = time.perf_counter(), _cpu_seconds(pid)
    for b in range(0, entries, 512):
        pipe = client.pipeline(transaction=False)
        for seq in range(b, min(b + 512, entries)):
            f = codec.encode(codec.UPDATE, seq, "bench", trade)
            pipe.execute_command("EVALSHA", leases.publish_script.sha, 3, key.lease, key.stream, key.meta,
                                 leases.owner, 60_000, 100_000, f["v"], f["k"], f["q"], f["p"], f["t"], f["d"])
        await pipe.execute()
    wall = time.perf_counter() - start
    share = (_cpu_seconds(pid) - cpu) / wall
    await client.aclose()
    return entries / wall, share


def measure(kind: str, frames: int, repeat: int, rate: float = 0.0) -> dict[str, Any]:
    from ccxtpro.scaleout.testing import RedisServer

    rows: dict[str, list[float]] = {"direct": [], "scaled": [], "collector": []}
    with RedisServer() as server:
        for _ in range(repeat):
            for mode in ("direct", "scaled"):
                sim = SimulatorProcess(frames, rate=rate)
                try:
                    last = asyncio.run(reference(sim, frames, kind)).last
                    if mode == "direct":
                        n, seconds = asyncio.run(direct(sim, kind, last))
                    else:
                        asyncio.run(_flush(server.url))
                        n, seconds, collecting = asyncio.run(scaled(sim, kind, last, server.url))
                    if kind == "depth":  # a book yielded late holds every diff since: count the diffs
                        n = frames
                    if mode == "scaled":
                        rows["collector"].append(n / max(collecting, 1e-3))
                    rows[mode].append(n / seconds)
                finally:
                    sim.close()
        redis_rate, redis_share = asyncio.run(redis_alone(server.url, server.proc.pid))
    d, s = statistics.median(rows["direct"]), statistics.median(rows["scaled"])
    return {"kind": kind, "frames": frames, "repeat": repeat, "rate": rate, "entries": ENTRIES[:], "direct_per_s": round(d), "scaled_per_s": round(s),
            "collector_per_s": round(statistics.median(rows["collector"])),
            "overhead_ratio": round(d / s, 2), "redis_publish_entries_per_s": round(redis_rate),
            "redis_cpu_share": round(redis_share, 2),
            "runs": {k: [round(v) for v in vs] for k, vs in rows.items()}}


async def _flush(url: str) -> None:
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(url)
    await client.flushall()
    await client.aclose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kind", choices=("trades", "depth"), default="trades")
    ap.add_argument("--frames", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rate", type=float, default=0.0,
                    help="frames per second the simulator paces the burst at (0: as fast as read)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    result = measure(args.kind, args.frames, args.repeat, args.rate)
    if args.json:
        print(orjson.dumps(result).decode())
    else:
        pace = f" paced at {args.rate:,.0f}/s" if args.rate else ""
        print(f"{args.kind}, burst of {args.frames} frames{pace}, median of {args.repeat}; "
              f"stream entries per scaled run: {result['entries']}")
        print(f"  direct (stream_* in one process):            {result['direct_per_s']:>9,} updates/s")
        print(f"  scaled (collector -> Redis -> subscribe):    {result['scaled_per_s']:>9,} updates/s")
        print(f"  one collector process (received, published): {result['collector_per_s']:>9,} updates/s")
        print(f"  overhead ratio direct/scaled:                {result['overhead_ratio']:>9}")
        print(f"  one Redis, publish script, pipelined:        {result['redis_publish_entries_per_s']:>9,} entries/s"
              f" (redis-server at {result['redis_cpu_share']:.0%} of a core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
