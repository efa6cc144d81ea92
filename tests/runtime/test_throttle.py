"""The REST rate limiter decides by cost and rateLimit; tests check its
decisions with a clock that only moves when it sleeps, never wall time."""

from __future__ import annotations

import asyncio

import pytest

from ccxtpro.throttle import Throttler, TokenBucket


class FakeClock:
    """Time that moves only when the throttler sleeps: decisions, not timings."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds * 1000.0
        await asyncio.sleep(0)


def test_first_request_is_free_then_each_waits_for_the_previous_cost():
    bucket = TokenBucket(rate_limit_ms=100)
    assert bucket.take(1, now_ms=0) == 0
    assert bucket.take(1, now_ms=0) == pytest.approx(100)  # nothing spent while waiting
    assert bucket.take(1, now_ms=40) == pytest.approx(60)
    assert bucket.take(3, now_ms=100) == 0  # debt repaid: goes through, spends 3
    assert bucket.take(1, now_ms=100) == pytest.approx(300)


def test_idle_time_accumulates_up_to_capacity_only():
    bucket = TokenBucket(rate_limit_ms=10, capacity=2)
    assert bucket.take(1, now_ms=0) == 0
    # a long idle period refills to capacity (2), not beyond
    assert bucket.take(1, now_ms=10_000) == 0
    assert bucket.take(1, now_ms=10_000) == 0
    assert bucket.take(1, now_ms=10_000) == 0
    assert bucket.take(1, now_ms=10_000) == pytest.approx(10)


def test_zero_rate_limit_never_waits():
    bucket = TokenBucket(rate_limit_ms=0)
    assert all(bucket.take(50, now_ms=0) == 0 for _ in range(100))


async def test_throttler_admits_in_arrival_order_and_sleeps_for_the_costs():
    fake = FakeClock()
    throttle = Throttler(50, clock=fake.clock, sleep=fake.sleep)
    admitted: list[int] = []
    costs = [1, 2, 5, 1, 0.5]

    async def call(i: int, cost: float) -> None:
        await throttle(cost)
        admitted.append(i)

    await asyncio.gather(*(call(i, c) for i, c in enumerate(costs)))
    assert admitted == list(range(len(costs)))
    # each request waits for the cost of the one before it
    assert sum(fake.sleeps) * 1000 == pytest.approx(50 * sum(costs[:-1]))
    assert len(fake.sleeps) == len(costs) - 1


async def test_throttler_with_many_waiters_lets_exactly_one_through_per_refill():
    fake = FakeClock()
    throttle = Throttler(10, clock=fake.clock, sleep=fake.sleep)
    times: list[float] = []

    async def call() -> None:
        await throttle(1)
        times.append(fake.now)

    await asyncio.gather(*(call() for _ in range(20)))
    assert times == pytest.approx([10.0 * i for i in range(20)])
