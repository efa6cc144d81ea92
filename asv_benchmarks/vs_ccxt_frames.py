"""Frame bytes -> unified structure, ccxtpro against CCXT Pro 4.5.84, in one process.

    python -m asv_benchmarks.vs_ccxt_frames [--frames N] [--repeat R] [--only NAME] [--json]

For every Binance frame kind (see ``frame_workloads.build_kinds``) both
exchanges start from the same state (same markets, an empty cache or the same
1,000-level book) and consume the same N frames: decode, dispatch, handler,
cache/book update, ``client.resolve``. Each figure is the best of ``--repeat``
passes after ``gc.collect()``, with the collector off while timing; ratios
(CCXT time / ccxtpro time) are what to read. After the timed passes the
unified state both sides hold (trades, tickers, candles, books, orders, my
trades, balances, positions, liquidations) is compared, so a fast wrong
answer shows.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import sys
import time
from typing import Any, Callable

from . import frame_workloads as fw


def _time_pass(feed: Callable[[bytes], Any], frames: list[bytes]) -> float:
    gc.disable()
    try:
        start = time.perf_counter_ns()
        for frame in frames:
            feed(frame)
        return (time.perf_counter_ns() - start) / len(frames)
    finally:
        gc.enable()


def _state(ex: Any, kind: fw.Kind) -> Any:
    """What a user reads after the frames: the unified structures held."""
    def plain(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        return v
    books = {s: b.limit() and {"bids": list(b["bids"]), "asks": list(b["asks"]), "nonce": b["nonce"]}
             for s, b in ex.orderbooks.items()}
    return plain({"trades": {s: list(c) for s, c in ex.trades.items()}, "tickers": ex.tickers,
                  "bidsasks": ex.bidsasks, "ohlcvs": {s: {t: list(c) for t, c in v.items()}
                                                      for s, v in ex.ohlcvs.items()},
                  "orders": list(ex.orders or []), "myTrades": list(ex.myTrades or []),
                  "balance": ex.balance, "books": books, "liquidations": list(ex.liquidations or []),
                  "positions": {t: list(c) for t, c in (ex.positions or {}).items()}})


async def measure(n: int, repeat: int, only: str | None) -> list[dict[str, Any]]:
    ours, theirs = await fw.load_pair()
    rows = []
    for kind in fw.build_kinds(n):
        if only and only.lower() not in kind.name.lower():
            continue
        result: dict[str, Any] = {"kind": kind.name}
        states = []
        for label, ex, entry in (("ccxtpro", ours, fw.ours_entry), ("ccxt", theirs, fw.ccxt_entry)):
            best = float("inf")
            for _ in range(repeat):
                fw.reset_state(ex)
                ex.clients = {} if label == "ccxtpro" else ex.clients
                client, feed = entry(ex, kind.url)
                kind.prepare(ex, client)
                gc.collect()
                best = min(best, _time_pass(feed, kind.frames))
            states.append(_state(ex, kind))
            result[label] = best
        result["ratio"] = result["ccxt"] / result["ccxtpro"]
        result["identical"] = states[0] == states[1]
        rows.append(result)
    await ours.close()
    await theirs.close()  # feeding frames made CCXT open a session again
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", default=None, help="run the kinds whose name contains this")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    import ccxt
    import ccxtpro
    rows = fw.run(measure(args.frames, args.repeat, args.only))
    if args.json:
        print(json.dumps({"rows": rows, "versions": {"ccxt": ccxt.__version__, "python": platform.python_version(),
                                                      "extensions": ccxtpro.USING_EXTENSIONS}}, indent=1))
        return 0
    print(f"frames per kind: {args.frames}, best of {args.repeat}; ccxt {ccxt.__version__}, "
          f"python {platform.python_version()}, ccxtpro extensions: {ccxtpro.USING_EXTENSIONS}")
    print(f"{'frame kind':<28} {'ccxtpro µs':>11} {'CCXT µs':>9} {'ratio':>7}  same result")
    for r in rows:
        print(f"{r['kind']:<28} {r['ccxtpro'] / 1000:>11.2f} {r['ccxt'] / 1000:>9.2f} "
              f"{r['ratio']:>6.1f}x  {'yes' if r['identical'] else 'NO'}")
    return 0 if all(r["identical"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
