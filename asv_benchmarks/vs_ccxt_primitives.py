"""Hot primitives, side by side with CCXT 4.5.84's, called the way exchange code calls them.

    python -m asv_benchmarks.vs_ccxt_primitives [--json] [--repeat N]

Each contender is an exchange-like object: CCXT's ``ccxt.Exchange`` and a
``FunctionsMixin`` subclass bound to ccxtpro's compiled accessors (``c``) or
their pure-Python twins (``py``). Every call goes through ``self.safe_*``
attribute lookup, as generated code does. Frames are seeded
(``random.Random(42)``); each figure is the best of ``--repeat`` rounds, the
contenders taking turns within a round, each run after ``gc.collect()`` with
GC off, in ns per frame (or per call). Read the ratios (CCXT / ours):
the machine is noisy.

The headline row is the issue's "typical trade frame": two ``safe_string``,
one ``safe_integer``, one ``safe_number`` and one ``safe_string`` on a key the
frame lacks.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import sys
import time
from typing import Any, Callable

FRAMES = 10_000


def trade_frames(n: int = FRAMES) -> list[dict[str, Any]]:
    """Binance-style trade events with varied prices, sizes and ids."""
    rng = random.Random(42)
    frames = []
    for i in range(n):
        price = round(30000 + rng.random() * 5000, 2)
        frames.append(
            {
                "e": "trade",
                "E": 1700000000000 + i,
                "s": rng.choice(["BTCUSDT", "ETHUSDT", "BNBBTC"]),
                "t": 1000000 + i,
                "p": f"{price:.8f}",
                "q": f"{rng.random() * 3:.8f}",
                "T": 1700000000000 + i - rng.randint(0, 5),
                "m": rng.random() < 0.5,
                "M": True,
            }
        )
    return frames


def contenders() -> dict[str, Any]:
    """name -> exchange-like object exposing the primitives as methods."""
    import ccxt

    from ccxtpro._core import safe_py
    from ccxtpro.functions import FunctionsMixin

    found: dict[str, Any] = {"ccxt": ccxt.Exchange()}
    impls: dict[str, Any] = {"ccxtpro-py": safe_py}
    try:
        from ccxtpro._core import safe_c

        impls = {"ccxtpro-c": safe_c, **impls}
    except ImportError:
        pass
    for name, impl in impls.items():
        cls = type(name, (FunctionsMixin,), {n: staticmethod(getattr(impl, n)) for n in impl.__all__})
        found[name] = cls()
    return found


def best_of_interleaved(repeat: int, runs: dict[str, Callable[[], None]], n_ops: int) -> dict[str, float]:
    """ns per operation for each contender, best of ``repeat`` rounds.

    Contenders take turns within each round, so a burst of load from elsewhere
    on the machine hits all of them rather than skewing one ratio.
    """
    best = {name: float("inf") for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter_ns()
                run()
                elapsed = time.perf_counter_ns() - start
            finally:
                gc.enable()
            best[name] = min(best[name], elapsed / n_ops)
    return best


def trade_frame_case(ex: Any, frames: list[dict[str, Any]]) -> Callable[[], None]:
    def run() -> None:
        for f in frames:
            ex.safe_string(f, "s")
            ex.safe_string(f, "p")
            ex.safe_integer(f, "T")
            ex.safe_number(f, "q")
            ex.safe_string(f, "X")

    return run


def single_call_case(ex: Any, frames: list[dict[str, Any]], method: str, key: str) -> Callable[[], None]:
    def run() -> None:
        fn = getattr(ex, method)
        for f in frames:
            fn(f, key)

    return run


CASES: list[tuple[str, str, str]] = [
    ("safe_string (present)", "safe_string", "p"),
    ("safe_string (missing)", "safe_string", "X"),
    ("safe_integer (int field)", "safe_integer", "T"),
    ("safe_integer (numeric string)", "safe_integer", "p"),
    ("safe_number (numeric string)", "safe_number", "q"),
    ("safe_float (numeric string)", "safe_float", "q"),
    ("safe_value (present)", "safe_value", "m"),
]


def run_cases(repeat: int) -> list[dict[str, Any]]:
    frames = trade_frames()
    exchanges = contenders()
    rows: list[dict[str, Any]] = []

    def add(case: str, make: Callable[[Any], Callable[[], None]]) -> None:
        results = best_of_interleaved(repeat, {name: make(ex) for name, ex in exchanges.items()}, len(frames))
        for name, ns in results.items():
            rows.append({"case": case, "contender": name, "ns": ns, "ccxt_ns": results["ccxt"]})

    add("trade frame (2 safe_string, safe_integer, safe_number, 1 missing)", lambda ex: trade_frame_case(ex, frames))
    for case, method, key in CASES:
        add(case, lambda ex, method=method, key=key: single_call_case(ex, frames, method, key))
    for row in rows:
        row["ratio"] = row["ccxt_ns"] / row["ns"]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)

    import ccxt

    import ccxtpro
    from ccxtpro.functions import safe

    rows = run_cases(args.repeat)
    versions = {
        "python": platform.python_version(),
        "ccxt": ccxt.__version__,
        "ccxtpro": ccxtpro.__version__,
        "using_extensions": safe.USING_EXTENSIONS,
    }
    if args.json:
        print(json.dumps({"versions": versions, "rows": rows}, indent=2))
        return 0
    print(
        f"python {versions['python']}  ccxt {versions['ccxt']}  ccxtpro {versions['ccxtpro']}"
        f"  (best of {args.repeat}, ns per frame/call, ratio = ccxt / contender)"
    )
    width = max(len(r["case"]) for r in rows)
    print(f"{'case':<{width}}  {'contender':<11} {'ns/op':>9} {'vs ccxt':>8}")
    for case in dict.fromkeys(r["case"] for r in rows):
        for row in sorted((r for r in rows if r["case"] == case), key=lambda r: r["ns"]):
            print(f"{case:<{width}}  {row['contender']:<11} {row['ns']:9.1f} {row['ratio']:7.2f}x")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
