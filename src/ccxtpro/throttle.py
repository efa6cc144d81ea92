"""Rate limiting, for REST requests and websocket sends alike: a token bucket
(pure state) and its asyncio driver.

CCXT's leaky-bucket semantics: ``rateLimit`` is milliseconds per unit of
cost, a request is let through while the bucket holds a non-negative number
of tokens and then spends its cost (going negative), and tokens refill at
``1 / rateLimit`` per millisecond up to ``capacity``. So consecutive
requests of cost ``c`` are spaced ``c * rateLimit`` ms apart and the first
one never waits.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


class TokenBucket:
    """The bucket's arithmetic, with time passed in: no clock, no sleeping."""

    __slots__ = ("refill_per_ms", "capacity", "tokens", "_last")

    def __init__(self, rate_limit_ms: float, capacity: float = 1.0, tokens: float = 0.0) -> None:
        self.refill_per_ms = float("inf") if rate_limit_ms <= 0 else 1.0 / rate_limit_ms
        self.capacity = capacity
        self.tokens = tokens
        self._last: float | None = None

    def take(self, cost: float, now_ms: float) -> float:
        """Spend ``cost`` if the bucket allows it now and return 0; otherwise
        return how many ms to wait before asking again (nothing is spent)."""
        if self._last is not None:
            if self.refill_per_ms == float("inf"):
                self.tokens = self.capacity
            else:
                elapsed = max(0.0, now_ms - self._last)
                self.tokens = min(self.capacity, self.tokens + elapsed * self.refill_per_ms)
        self._last = now_ms
        if self.tokens >= 0:
            self.tokens -= cost
            return 0.0
        return -self.tokens / self.refill_per_ms


class Throttler:
    """Admits awaiting callers one at a time, in arrival order.

    ``clock`` (ms) and ``sleep`` (seconds) are injectable so tests can check
    what the limiter decides without measuring time.
    """

    def __init__(
        self,
        rate_limit_ms: float,
        capacity: float = 1.0,
        clock: Callable[[], float] = monotonic_ms,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.bucket = TokenBucket(rate_limit_ms, capacity)
        self._clock = clock
        self._sleep = sleep
        self._lock: asyncio.Lock | None = None

    async def __call__(self, cost: float = 1.0) -> None:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:  # asyncio.Lock wakes waiters first-in first-out
            while (wait_ms := self.bucket.take(cost, self._clock())) > 0:
                await self._sleep(wait_ms / 1000.0)
