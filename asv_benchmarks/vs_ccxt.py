"""Order books and caches, side by side with CCXT Pro 4.5.84's, on the same streams.

    python -m asv_benchmarks.vs_ccxt [--json] [--repeat N]

Every contender runs the same seeded operation stream in this one process;
each figure is the best of ``--repeat`` runs after ``gc.collect()``, in ns per
operation. Ratios (CCXT / ours) are what to read: the machine is noisy.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import sys
import time
from typing import Callable

from . import workloads


def timed(prepare: Callable, run: Callable, n_ops: int) -> float:
    """ns per operation of one run; ``prepare`` is untimed."""
    state = prepare()
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter_ns()
        run(state)
        elapsed = time.perf_counter_ns() - start
    finally:
        gc.enable()
    return elapsed / n_ops


def interleaved(repeat: int, contenders: dict[str, tuple[Callable, Callable]], n_ops: int) -> dict[str, float]:
    """Best ns/op per contender; each round runs every contender once, so load spikes hit all alike."""
    best = {name: float("inf") for name in contenders}
    for _ in range(repeat):
        for name, (prepare, run) in contenders.items():
            best[name] = min(best[name], timed(prepare, run, n_ops))
    return best


def book_cases(repeat: int) -> list[dict]:
    from ccxt.async_support.base.ws import order_book_side as ccxt_sides

    from ccxtpro._core import orderbook_c, orderbook_py

    initial, deltas = workloads.book_stream()
    strings = workloads.as_strings(deltas)
    n = len(deltas)

    def fresh(cls):
        def prepare():
            side = cls()
            for p, s in initial:
                side.store(p, s)
            return side
        return prepare

    def per_call(side):
        store = side.store
        for p, s in deltas:
            store(p, s)

    def fresh_with(cls, rows):
        def prepare():
            return fresh(cls)(), [list(d) for d in rows]
        return prepare

    def bulk(state):
        side, rows = state
        side.store_deltas(rows)

    per_call_case = "OrderBookSide.store (per call)"
    path_case = "Binance string deltas: ccxt handle_deltas vs store_deltas"
    contenders = {("ccxt", per_call_case): (fresh(ccxt_sides.Bids), per_call)}

    import ccxt.pro

    exchange = ccxt.pro.binance()

    def ccxt_path(state):
        side, rows = state
        exchange.handle_deltas(side, rows)

    # the code store_deltas replaces: CCXT's handle_deltas loops safe_float + store per delta
    contenders[("ccxt", path_case)] = (fresh_with(ccxt_sides.Bids, strings), ccxt_path)
    for name, mod in (("ccxtpro-c", orderbook_c), ("ccxtpro-py", orderbook_py)):
        contenders[(name, per_call_case)] = (fresh(mod.Bids), per_call)
        contenders[(name, "store_deltas (bulk) vs ccxt store")] = (fresh_with(mod.Bids, deltas), bulk)
        contenders[(name, "store_deltas (bulk, numeric strings) vs ccxt store")] = (
            fresh_with(mod.Bids, strings), bulk)
        contenders[(name, path_case)] = (fresh_with(mod.Bids, strings), bulk)
    best = interleaved(repeat, contenders, n)
    reference = {case: best[("ccxt", case)] for case in (per_call_case, path_case)}
    return [{"case": case, "contender": name, "ns": ns, "ccxt_ns": reference.get(case, reference[per_call_case])}
            for (name, case), ns in best.items()]


def cache_cases(repeat: int) -> list[dict]:
    from ccxt.async_support.base.ws import cache as ccxt_cache

    from ccxtpro._core import cache_c, cache_py

    out = []
    streams = [
        ("ArrayCache.append (max 1000)", "ArrayCache", workloads.trade_rows()),
        ("ArrayCacheBySymbolById.append (new ids, evicting)", "ArrayCacheBySymbolById",
         workloads.order_rows(update_share=0.0)),
        ("ArrayCacheBySymbolById.append (50% updates)", "ArrayCacheBySymbolById",
         workloads.order_rows(update_share=0.5)),
    ]
    for case, cls_name, rows in streams:
        n = len(rows)

        def prepare(cls_name=cls_name, rows=rows, mod=None):
            return mod.__dict__[cls_name](1000), [dict(r) for r in rows]

        def run(state):
            cache, items = state
            append = cache.append
            for item in items:
                append(item)

        contenders = {name: (lambda mod=mod: prepare(mod=mod), run)
                      for name, mod in (("ccxt", ccxt_cache), ("ccxtpro-c", cache_c), ("ccxtpro-py", cache_py))}
        best = interleaved(repeat, contenders, n)
        for name, ns in best.items():
            out.append({"case": case, "contender": name, "ns": ns, "ccxt_ns": best["ccxt"]})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    import ccxt

    import ccxtpro

    rows = book_cases(args.repeat) + cache_cases(args.repeat)
    for row in rows:
        row["ratio"] = row["ccxt_ns"] / row["ns"]
    if args.json:
        print(json.dumps({"versions": {"python": platform.python_version(), "ccxt": ccxt.__version__,
                                       "ccxtpro": ccxtpro.__version__,
                                       "using_extensions": ccxtpro.USING_EXTENSIONS},
                          "rows": rows}, indent=2))
        return 0
    print(f"python {platform.python_version()}  ccxt {ccxt.__version__}  ccxtpro {ccxtpro.__version__}"
          f"  (best of {args.repeat}, ns per operation, ratio = ccxt / contender)")
    width = max(len(r["case"]) for r in rows)
    print(f"{'case':<{width}}  {'contender':<11} {'ns/op':>9} {'vs ccxt':>8}")
    for case in dict.fromkeys(r["case"] for r in rows):
        for row in sorted((r for r in rows if r["case"] == case), key=lambda r: r["ns"]):
            print(f"{case:<{width}}  {row['contender']:<11} {row['ns']:9.1f} {row['ratio']:7.2f}x")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
