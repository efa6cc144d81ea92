"""Persist unified structures as JSON lines, and read them back unchanged.

    python examples/persist_jsonl.py [--symbol BTC/USDT] [--trades 20] [--tickers 2] [--out FILE] [--live]

CCXT's unified structures are plain dicts of str, float, int, bool, None, lists
and dicts (``info`` holds the exchange's raw payload), so ``json.dumps`` writes
them as they are and ``json.loads`` gives back equal dicts: JSON lines make a
simple recorder for later analysis or replay. Each line is ``{"kind", "data"}``.
Trades are keyed by their id, so a trade seen twice is written once.

The example records ``--trades`` trades and ``--tickers`` tickers, reads the file
back and checks that every record equals what was written. Without ``--out`` it
writes to a temporary file and deletes it afterwards.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile

import ccxtpro
from _common import elapsed, parse, parser, run, venue


async def record_trades(exchange, symbol: str, limit: int) -> list[dict]:
    trades: dict[str, dict] = {}
    async for batch in exchange.stream_trades(symbol):
        for t in batch:
            trades.setdefault(t["id"], t)
        if len(trades) >= limit:
            return list(trades.values())[:limit]


async def record_tickers(exchange, symbol: str, limit: int) -> list[dict]:
    return [await exchange.watch_ticker(symbol) for _ in range(limit)]


def write_jsonl(path: str, records: list[tuple[str, dict]]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for kind, data in records:
            f.write(json.dumps({"kind": kind, "data": data}, allow_nan=False) + "\n")


def read_jsonl(path: str) -> list[tuple[str, dict]]:
    with open(path, encoding="utf-8") as f:
        return [(r["kind"], r["data"]) for r in map(json.loads, f)]


async def main(args) -> None:
    async with venue(args) as (config, _sim):
        async with ccxtpro.load("binance", config) as exchange:
            trades, tickers = await asyncio.gather(record_trades(exchange, args.symbol, args.trades),
                                                   record_tickers(exchange, args.symbol, args.tickers))
    records = [("trade", t) for t in trades] + [("ticker", t) for t in tickers]
    path = args.out or tempfile.mkstemp(prefix="ccxtpro-", suffix=".jsonl")[1]
    try:
        write_jsonl(path, records)
        print(f"{elapsed()} wrote {len(trades)} trades and {len(tickers)} tickers "
              f"({os.path.getsize(path)} bytes) to {path}")
        back = read_jsonl(path)
        print(f"{elapsed()} read back {len(back)} records")
        mismatched = [i for i, (a, b) in enumerate(zip(records, back)) if a != b]
        if mismatched or len(back) != len(records):
            raise SystemExit(f"error: records differ after the round trip: {mismatched[:5]}")
        first = back[0][1]
        print(f"{elapsed()} first trade: {first['datetime']} {first['side']} {first['amount']} @ {first['price']}")
        print(f"{elapsed()} read back {len(back)} records: all equal to what was written")
    finally:
        if not args.out:
            os.unlink(path)


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--trades", type=int, default=20, help="trades to record")
    p.add_argument("--tickers", type=int, default=2, help="tickers to record")
    p.add_argument("--out", help="keep the JSON lines in this file")
    run(main(parse(p)))
