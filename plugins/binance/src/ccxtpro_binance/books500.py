"""Many symbols' order books at once: time until every book is valid, and what it cost in bans.

    python -m ccxtpro_binance.books500 [--symbols 500] [--limit 100] [--depth 20] [--ccxt] [--json]

Starts the simulator in process with ``--symbols`` synthetic spot symbols
(``Simulator(extra_symbols=N)``, Binance's REQUEST_WEIGHT 6000/min enforced with 429
and 418 answers) and, for each client, calls ``watch_order_book(symbol, limit)`` for
every symbol at once (one task per symbol, as a user gathering them would), after
``load_markets()``. A book counts as valid when a ``watch_order_book`` result is
synchronised from a snapshot and equal, on its top ``depth`` levels, to the
simulator's book at the result's nonce (the simulator keeps its recent books by
update id, ``record_books``). ``limit`` (the snapshot's depth) defaults to 100, which
weighs 5 like 20 does: a book synchronised from a 20-level snapshot loses its 20th level
as soon as the top is eaten, and is then no longer equal to Binance's on 20 levels. Measured per client: time from the first call until
every book was valid, the 429 and 418 answers, the peak used weight the simulator
counted in a minute, and the REST requests made. ``--ccxt`` also runs CCXT's
``ccxt.pro.binance`` (pointed at the simulator as ``faultmatrix.make_client`` does),
on a fresh simulator, and prints the ratio.

Ours schedules REST by Binance's weights (``ccxtpro.ratebudget``, the plugin's
budgets in ``ccxtpro_binance.ratelimits``); ``--limiter leakyBucket`` runs ours with
CCXT's limiter instead.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any

OURS, CCXT = "ccxtpro", "ccxt"


@dataclass
class BooksResult:
    client: str
    symbols: int
    depth: int
    limit: int = 100
    seconds: float | None = None  # until every book was valid (None: not within the timeout)
    valid: int = 0
    mismatched: int = 0  # results that differed from the simulator's book at their nonce
    http_429: int = 0
    http_418: int = 0
    peak_weight: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _WeightTap:
    """Counts what the simulator's weight counter decides (requests, 429s, 418s, peak used)."""

    def __init__(self, sim: Any) -> None:
        self.requests = self.http_429 = self.http_418 = self.peak = 0
        counter = sim.core.weights
        charge = counter.charge

        def tapped(market: str, weight: int) -> int:
            self.requests += 1
            try:
                used = charge(market, weight)
            except Exception as e:
                status = getattr(e, "status", None)
                if status == 429:
                    self.http_429 += 1
                elif status == 418:
                    self.http_418 += 1
                self.peak = max(self.peak, counter.used(market))
                raise
            self.peak = max(self.peak, used)
            return used

        counter.charge = tapped


def _levels(side: Any, depth: int) -> list[tuple[float, float]]:
    return [(float(level[0]), float(level[1])) for level in list(side or ())[:depth]]


def _equal(sim: Any, market_id: str, book: Any, depth: int) -> bool | None:
    nonce = book.get("nonce")
    if nonce is None:
        return None
    want = sim.core.book_at("spot", market_id, int(nonce))
    if want is None:
        return None
    wb = [(float(p), float(q)) for p, q in want[0][:depth]]
    wa = [(float(p), float(q)) for p, q in want[1][:depth]]
    return _levels(book.get("bids"), depth) == wb and _levels(book.get("asks"), depth) == wa


def make_client(kind: str, sim: Any, limiter: str | None = None) -> Any:
    """ccxtpro or CCXT's ``ccxt.pro.binance`` pointed at ``sim`` (as ``faultmatrix.make_client``)."""
    if kind == OURS:
        import ccxtpro

        options = {"restLimiter": limiter} if limiter else {}
        return ccxtpro.load("binance", sim.exchange_config("hmac", **options))
    import ccxt.pro

    return ccxt.pro.binance({"urls": sim.ccxt_urls(), **sim.api_keys["hmac"],
                             "options": {"adjustForTimeDifference": False}})


async def run_client(kind: str, symbols: int = 500, depth: int = 20, timeout: float = 240.0, seed: int = 1,
                     tick: float = 0.25, limiter: str | None = None, limit: int = 100) -> BooksResult:
    """One client, on its own simulator: every synthetic symbol's book until all are valid."""
    from .simulator import Simulator

    result = BooksResult(kind, symbols, depth, limit)
    async with Simulator(seed=seed, extra_symbols=symbols, tick_interval=tick, ping_interval=None) as sim:
        exchange = make_client(kind, sim, limiter)
        try:
            await exchange.load_markets()
            ids = [s for s in sim.core.instruments["spot"] if s.startswith("SYN")]
            for market_id in ids:
                sim.core.record_books("spot", market_id, keep=200)
            tap = _WeightTap(sim)  # from here on: what watching the books costs
            by_symbol = {exchange.markets_by_id[i][0]["symbol"] if isinstance(exchange.markets_by_id[i], list)
                         else exchange.markets_by_id[i]["symbol"]: i for i in ids}
            started = time.monotonic()
            done_at: dict[str, float] = {}

            async def one(symbol: str) -> None:
                while True:
                    try:
                        book = await exchange.watch_order_book(symbol, limit)
                    except Exception as e:  # what a user does: call again
                        if len(result.errors) < 5:
                            result.errors.append(f"{symbol}: {type(e).__name__}: {str(e)[:120]}")
                        await asyncio.sleep(0.5)
                        continue
                    ok = _equal(sim, by_symbol[symbol], book, depth)
                    if ok:
                        done_at[symbol] = time.monotonic() - started
                        return
                    if ok is False:
                        result.mismatched += 1

            tasks = [asyncio.ensure_future(one(s)) for s in by_symbol]
            await asyncio.wait(tasks, timeout=timeout)
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            result.valid = len(done_at)
            if len(done_at) == len(by_symbol):
                result.seconds = max(done_at.values())
            result.http_429, result.http_418 = tap.http_429, tap.http_418
            result.peak_weight, result.requests = tap.peak, tap.requests
        finally:
            await exchange.close()
    return result


def format_table(results: list[BooksResult]) -> str:
    head = ("client", "symbols", "all valid (s)", "valid", "mismatched", "429", "418", "peak weight/min",
            "requests")
    rows = [head] + [(r.client, str(r.symbols), f"{r.seconds:.1f}" if r.seconds is not None else "—",
                      str(r.valid), str(r.mismatched), str(r.http_429), str(r.http_418), str(r.peak_weight),
                      str(r.requests)) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    ours = next((r for r in results if r.client == OURS), None)
    ccxt = next((r for r in results if r.client == CCXT), None)
    if ours and ccxt and ours.seconds and ccxt.seconds:
        lines.append(f"ratio (CCXT / ours): {ccxt.seconds / ours.seconds:.1f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ccxtpro_binance.books500", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--symbols", type=int, default=500)
    ap.add_argument("--limit", type=int, default=100, help="watch_order_book limit (the snapshot's depth)")
    ap.add_argument("--depth", type=int, default=20, help="levels compared with the simulator's book")
    ap.add_argument("--ccxt", action="store_true", help="also run CCXT's ccxt.pro.binance")
    ap.add_argument("--limiter", choices=("budget", "leakyBucket"), default=None,
                    help="ours: options['restLimiter'] (default: the plugin's budgets)")
    ap.add_argument("--tick", type=float, default=0.25, help="simulator market step in seconds")
    ap.add_argument("--timeout", type=float, default=240.0, help="seconds per client")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.CRITICAL)

    async def run() -> list[BooksResult]:
        out = [await run_client(OURS, args.symbols, args.depth, args.timeout, args.seed, args.tick, args.limiter,
                                args.limit)]
        if args.ccxt:
            out.append(await run_client(CCXT, args.symbols, args.depth, args.timeout, args.seed, args.tick,
                                        limit=args.limit))
        return out

    results = asyncio.run(run())
    if args.json:
        print(json.dumps([r.to_dict() for r in results], indent=2))
    else:
        print(format_table(results))
        for r in results:
            for e in r.errors:
                print(f"{r.client}: {e}", file=sys.stderr)
    return 0 if all(r.seconds is not None and r.http_429 == 0 and r.http_418 == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
