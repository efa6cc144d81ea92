"""Request-weight budgets: REST requests scheduled by the exchange's own limits.

CCXT's limiter (:mod:`ccxtpro.throttle`) spaces requests ``cost * rateLimit`` ms
apart, one after the other, whatever the exchange allows. Many exchanges instead
allow ``limit`` units of request weight per rolling window per API group, and
report in every response's headers how much of it is used. A :class:`WeightBudget`
schedules by exactly that:

* a request of weight ``w`` goes out at once when the weight sent in the last
  ``window`` seconds plus ``w`` stays within ``limit * safety`` (bursting is
  fine), and otherwise waits until enough old weight leaves the window;
* the used weight a response reports (the group's ``header``) is folded in: if the
  server counted more than this client sent by then (another process on the same
  IP, a weight the client underestimated), the difference is booked at the
  request's send time, so nothing goes out while the headers say the budget is
  spent;
* callers are admitted first-in first-out.

``Retry-After`` (429/418) is still honoured by the REST layer on top of this.

The groups come from the exchange's plugin (hook ``ccxtpro_rate_budgets``): a list
of mappings with ``name``, ``apis`` (the ``api`` values CCXT's generated code
passes to ``request()``), ``limit`` (weight per window), ``window`` (seconds,
default 60), ``header`` (the response header with the used weight, optional) and
``costToWeight`` (exchange weight per unit of CCXT's ``calculate_rate_limiter_cost``,
default 1). Requests of other APIs keep CCXT's leaky bucket. ``options["restLimiter"]``
selects: ``"budget"`` (the default when the plugin supplies budgets) or
``"leakyBucket"`` (CCXT's limiter for every request).
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: share of the limit this client lets itself use (room for weights it cannot see coming)
DEFAULT_SAFETY = 0.9


@dataclass(frozen=True)
class BudgetSpec:
    """One API group's budget, as a plugin states it."""

    name: str
    apis: frozenset[str]
    limit: float
    window: float = 60.0
    header: str | None = None
    cost_to_weight: float = 1.0

    @classmethod
    def from_mapping(cls, entry: Mapping[str, Any]) -> BudgetSpec:
        limit = float(entry["limit"])
        window = float(entry.get("window", 60.0))
        if limit <= 0 or window <= 0:
            raise ValueError(f"rate budget {entry.get('name')!r}: limit and window must be positive")
        header = entry.get("header")
        return cls(str(entry["name"]), frozenset(entry.get("apis") or ()), limit, window,
                   header.lower() if header else None, float(entry.get("costToWeight", 1.0)))


class WeightBudget:
    """The rolling window of one API group: pure bookkeeping plus an asyncio driver.

    ``clock`` (seconds) and ``sleep`` are injectable so tests can check what the
    scheduler decides without measuring time.
    """

    def __init__(
        self,
        spec: BudgetSpec,
        safety: float = DEFAULT_SAFETY,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.spec = spec
        self.usable = spec.limit * safety
        self._clock = clock
        self._sleep = sleep
        self._times: list[float] = []  # send times, ascending
        self._weights: list[float] = []  # weight booked at each
        self._lock: asyncio.Lock | None = None
        #: the highest used weight a response reported, and the most this client had in its window
        self.peak_reported = 0.0
        self.peak_booked = 0.0

    # -- bookkeeping (no clock, no sleeping) -----------------------------------------
    def _expire(self, now: float) -> None:
        cut = bisect.bisect_right(self._times, now - self.spec.window)
        if cut:
            del self._times[:cut]
            del self._weights[:cut]

    def used(self, now: float) -> float:
        """Weight booked in the window ending at ``now``."""
        self._expire(now)
        return sum(self._weights)

    def wait_for(self, weight: float, now: float) -> float:
        """Seconds until ``weight`` fits (0: send now). A request heavier than the whole
        budget goes once the window is empty."""
        used = self.used(now)
        if used + weight <= self.usable or not self._times:
            return 0.0
        need = used + weight - self.usable
        freed = 0.0
        for t, w in zip(self._times, self._weights):
            freed += w
            if freed >= need:
                return max(t + self.spec.window - now, 0.0) + 1e-3
        return max(self._times[-1] + self.spec.window - now, 0.0) + 1e-3

    def book(self, weight: float, at: float) -> None:
        """Note ``weight`` sent at ``at``."""
        i = bisect.bisect_right(self._times, at)
        self._times.insert(i, at)
        self._weights.insert(i, weight)
        self.peak_booked = max(self.peak_booked, sum(self._weights))

    def observe(self, sent_at: float, reported: float, now: float) -> None:
        """A response to a request sent at ``sent_at`` says ``reported`` weight is used:
        book whatever the server counted beyond what this client had sent by then."""
        self.peak_reported = max(self.peak_reported, reported)
        self._expire(now)
        known = sum(w for t, w in zip(self._times, self._weights) if t <= sent_at)
        if reported > known:
            self.book(reported - known, sent_at)

    # -- driver ----------------------------------------------------------------------
    async def acquire(self, weight: float) -> float:
        """Wait until ``weight`` fits, book it, and return the send time."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:  # first-in first-out
            while (wait := self.wait_for(weight, self._clock())) > 0:
                await self._sleep(wait)
            now = self._clock()
            self.book(weight, now)
            return now


def header_value(headers: Mapping[str, str], name: str) -> float | None:
    for key, value in headers.items():
        if key.lower() == name:
            try:
                return float(value)
            except (TypeError, ValueError):
                return None
    return None


class RateBudgets:
    """Every budgeted API group of one exchange instance."""

    def __init__(self, specs: Iterable[Mapping[str, Any] | BudgetSpec], safety: float = DEFAULT_SAFETY,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self.clock = clock
        self.groups: dict[str, WeightBudget] = {}
        self._by_api: dict[str, WeightBudget] = {}
        for entry in specs:
            spec = entry if isinstance(entry, BudgetSpec) else BudgetSpec.from_mapping(entry)
            budget = WeightBudget(spec, safety, clock, sleep)
            self.groups[spec.name] = budget
            for api in spec.apis:
                self._by_api[api] = budget

    def for_api(self, api: Any) -> WeightBudget | None:
        if isinstance(api, (list, tuple)):
            api = api[0] if api else None
        return self._by_api.get(api) if isinstance(api, str) else None

    def observe(self, budget: WeightBudget, sent_at: float, headers: Mapping[str, str]) -> None:
        name = budget.spec.header
        if name is None:
            return
        reported = header_value(headers, name)
        if reported is not None:
            budget.observe(sent_at, reported, self.clock())
