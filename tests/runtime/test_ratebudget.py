"""The weight-budget scheduler decides by weights, its rolling window and the used weight
the server reports; tests check its decisions with a clock that only moves when it sleeps."""

from __future__ import annotations

import asyncio

import pytest

from ccxtpro.ratebudget import BudgetSpec, RateBudgets, WeightBudget


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def spec(limit: float = 1000, window: float = 60, header: str | None = "x-used-weight") -> BudgetSpec:
    return BudgetSpec("api", frozenset({"public", "private"}), limit, window, header)


def max_window_total(sent: list[tuple[float, float]], window: float) -> float:
    """The most weight sent within any ``window`` seconds."""
    return max(sum(w for t, w in sent if start <= t < start + window) for start, _ in sent)


async def test_a_burst_goes_at_once_up_to_the_budget_then_waits_for_the_window():
    fake = FakeClock()
    budget = WeightBudget(spec(limit=1000), safety=0.9, clock=fake.clock, sleep=fake.sleep)
    sent = [(await budget.acquire(100), 100.0) for _ in range(20)]
    assert [t for t, _ in sent[:9]] == [0.0] * 9  # 900 of the usable 900: no waiting at all
    assert sent[9][0] >= 60.0  # the tenth waits until the first left the window
    assert max_window_total(sent, 60.0) <= 900  # never more than limit * safety in any window


async def test_callers_are_admitted_in_arrival_order():
    fake = FakeClock()
    budget = WeightBudget(spec(limit=100), safety=1.0, clock=fake.clock, sleep=fake.sleep)
    order: list[int] = []

    async def call(i: int, weight: float) -> None:
        await budget.acquire(weight)
        order.append(i)

    await asyncio.gather(*(call(i, w) for i, w in enumerate([60, 50, 1, 30, 80])))
    assert order == [0, 1, 2, 3, 4]  # the light third request does not jump the heavy second


async def test_weight_the_server_reports_beyond_what_was_sent_blocks_sending():
    fake = FakeClock()
    budget = WeightBudget(spec(limit=1000), safety=0.9, clock=fake.clock, sleep=fake.sleep)
    sent_at = await budget.acquire(10)
    fake.now = 1.0
    budget.observe(sent_at, reported=880, now=fake.now)  # someone else on the IP used 870
    assert budget.used(fake.now) == pytest.approx(880)
    assert budget.wait_for(10, fake.now) == 0.0  # 890 fits in 900
    assert budget.wait_for(30, fake.now) > 0  # 910 does not: held until the window moves on
    t = await budget.acquire(30)
    assert t >= 60.0
    assert budget.peak_reported == 880


async def test_a_report_below_what_was_sent_changes_nothing():
    fake = FakeClock()
    budget = WeightBudget(spec(limit=1000), clock=fake.clock, sleep=fake.sleep)
    first = await budget.acquire(300)
    await budget.acquire(300)
    budget.observe(first, reported=300, now=0.0)  # the server had counted only the first
    budget.observe(first, reported=100, now=0.0)  # a fresh fixed window on the server: stay conservative
    assert budget.used(0.0) == pytest.approx(600)


async def test_a_request_heavier_than_the_budget_goes_once_the_window_is_empty():
    fake = FakeClock()
    budget = WeightBudget(spec(limit=100), safety=0.9, clock=fake.clock, sleep=fake.sleep)
    await budget.acquire(10)
    t = await budget.acquire(500)
    assert t >= 60.0
    assert budget.wait_for(1, t) > 0


def test_groups_route_by_api_and_read_their_header_case_insensitively():
    fake = FakeClock()
    budgets = RateBudgets([{"name": "api", "apis": ["public", "private"], "limit": 6000,
                            "header": "X-Used-Weight-1m", "costToWeight": 5},
                           {"name": "futures", "apis": ["futuresPublic"], "limit": 2400}],
                          clock=fake.clock, sleep=fake.sleep)
    api = budgets.for_api("private")
    assert api is budgets.groups["api"] and api.spec.cost_to_weight == 5 and api.usable == pytest.approx(5400)
    assert budgets.for_api(["public"]) is api
    assert budgets.for_api("futuresPublic") is budgets.groups["futures"]
    assert budgets.for_api("other") is None  # keeps the leaky bucket
    budgets.observe(api, 0.0, {"x-used-weight-1M": "1234"})
    assert api.used(0.0) == pytest.approx(1234)
    budgets.observe(budgets.groups["futures"], 0.0, {"x-used-weight-1m": "999"})  # no header named: ignored
    assert budgets.groups["futures"].used(0.0) == 0


def test_a_budget_needs_a_positive_limit_and_window():
    with pytest.raises(ValueError):
        BudgetSpec.from_mapping({"name": "api", "limit": 0})
    with pytest.raises(ValueError):
        BudgetSpec.from_mapping({"name": "api", "limit": 10, "window": 0})
