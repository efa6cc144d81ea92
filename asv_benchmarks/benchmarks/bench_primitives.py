"""asv suite: hot primitives, ours (compiled and twin) and CCXT's, called as exchange methods.

Run from ``asv_benchmarks/``: ``asv run --environment existing --quick --set-commit-hash $(git rev-parse HEAD)``.
"""

from __future__ import annotations

import random
from typing import Any

import ccxt
from ccxt.base import decimal_to_precision as ccxt_dtp
from ccxt.base.precise import Precise as CcxtPrecise

from ccxtpro._core import safe_py
from ccxtpro.functions import FunctionsMixin, Precise
from ccxtpro.functions import number as ours_number  # not `number`: asv reads that name as a setting
from ccxtpro.functions import time as ours_time

try:
    from ccxtpro._core import safe_c
except ImportError:
    safe_c = None


def _exchange(impl: str) -> Any:
    if impl == "ccxt":
        return ccxt.Exchange()
    mod = safe_c if impl == "c" else safe_py
    if mod is None:
        raise NotImplementedError("extensions not built")
    cls = type(f"Bench{impl}", (FunctionsMixin,), {n: staticmethod(getattr(mod, n)) for n in mod.__all__})
    return cls()


def _frames(n: int = 2000) -> list[dict[str, Any]]:
    rng = random.Random(42)
    return [
        {
            "e": "trade",
            "s": "BTCUSDT",
            "t": 1000 + i,
            "p": f"{30000 + rng.random() * 5000:.2f}",
            "q": f"{rng.random() * 3:.8f}",
            "T": 1700000000000 + i,
            "m": rng.random() < 0.5,
        }
        for i in range(n)
    ]


class SafeAccessors:
    """ns per frame for the issue's trade frame, and per call for each accessor."""

    params = (["ccxt", "py", "c"],)
    param_names = ["impl"]

    def setup(self, impl: str) -> None:
        self.ex = _exchange(impl)
        self.frames = _frames()

    def time_trade_frame(self, impl: str) -> None:
        ex = self.ex
        for f in self.frames:
            ex.safe_string(f, "s")
            ex.safe_string(f, "p")
            ex.safe_integer(f, "T")
            ex.safe_number(f, "q")
            ex.safe_string(f, "X")

    def time_safe_string(self, impl: str) -> None:
        fn = self.ex.safe_string
        for f in self.frames:
            fn(f, "p")

    def time_safe_integer(self, impl: str) -> None:
        fn = self.ex.safe_integer
        for f in self.frames:
            fn(f, "T")

    def time_safe_number(self, impl: str) -> None:
        fn = self.ex.safe_number
        for f in self.frames:
            fn(f, "q")

    def time_safe_value_missing(self, impl: str) -> None:
        fn = self.ex.safe_value
        for f in self.frames:
            fn(f, "X")


class Precision:
    """decimal_to_precision, number_to_string and Precise on order-sized inputs."""

    params = (["ccxt", "ours"],)
    param_names = ["impl"]

    def setup(self, impl: str) -> None:
        rng = random.Random(42)
        self.values = [f"{rng.random() * 1000:.10f}" for _ in range(500)]
        self.floats = [rng.random() * 10 ** rng.randint(-9, 9) for _ in range(500)]
        if impl == "ccxt":
            self.dtp, self.nts, self.P = ccxt_dtp.decimal_to_precision, ccxt_dtp.number_to_string, CcxtPrecise
        else:
            self.dtp, self.nts, self.P = ours_number.decimal_to_precision, ours_number.number_to_string, Precise

    def time_round_decimal_places(self, impl: str) -> None:
        for v in self.values:
            self.dtp(v, ours_number.ROUND, 4, ours_number.DECIMAL_PLACES)

    def time_truncate_tick_size(self, impl: str) -> None:
        for v in self.values:
            self.dtp(v, ours_number.TRUNCATE, "0.01", ours_number.TICK_SIZE)

    def time_number_to_string(self, impl: str) -> None:
        for v in self.floats:
            self.nts(v)

    def time_precise_mul_add(self, impl: str) -> None:
        mul, add = self.P.string_mul, self.P.string_add
        for v in self.values:
            add(mul(v, "1.0001"), "-0.5")


class Dates:
    """iso8601 and parse8601 round trips."""

    params = (["ccxt", "ours"],)
    param_names = ["impl"]

    def setup(self, impl: str) -> None:
        self.stamps = [1700000000000 + i * 997 for i in range(500)]
        self.iso = ccxt.Exchange.iso8601 if impl == "ccxt" else ours_time.iso8601
        self.parse = ccxt.Exchange.parse8601 if impl == "ccxt" else ours_time.parse8601
        self.texts = [self.iso(t) for t in self.stamps]

    def time_iso8601(self, impl: str) -> None:
        for t in self.stamps:
            self.iso(t)

    def time_parse8601(self, impl: str) -> None:
        for t in self.texts:
            self.parse(t)
