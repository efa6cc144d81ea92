"""REST scheduled by Binance's request weights (``ccxtpro.ratebudget`` with the plugin's
budgets), against the simulator's weight accounting with its 429/418 answers."""

from __future__ import annotations

import asyncio
import time

import pytest

import ccxtpro
from ccxtpro.errors import DDoSProtection
from ccxtpro_binance.books500 import OURS, _WeightTap, run_client
from ccxtpro_binance.simulator import Simulator


async def _away_from_the_minute_turn() -> None:
    """The simulator counts weight per wall-clock minute: start where this test's second or two
    cannot straddle a reset of that count."""
    into = time.time() % 60
    if into > 55:
        await asyncio.sleep(60.5 - into)


async def test_sixty_books_become_valid_with_no_429():
    result = await run_client(OURS, symbols=60, depth=20, timeout=60.0, tick=0.25)
    assert result.errors == []
    assert result.valid == 60 and result.seconds is not None
    assert result.mismatched == 0
    assert (result.http_429, result.http_418) == (0, 0)
    assert result.peak_weight <= 6000


async def test_a_burst_goes_at_once_within_the_limit_and_the_rest_waits():
    async with Simulator(seed=2, autostep=False) as sim:
        ex = ccxtpro.load("binance", sim.exchange_config(None))
        try:
            await ex.load_markets()
            tap = _WeightTap(sim)
            # depth limit=5000 weighs 250: 21 of them (5250) fit in 90 % of 6000 next to load_markets' 22
            await asyncio.gather(*(ex.fetch_order_book("BTC/USDT", 5000) for _ in range(21)))
            assert tap.requests == 21 and (tap.http_429, tap.http_418) == (0, 0)
            assert tap.peak <= 6000
            budget = ex.rest_budget("public")
            assert budget.peak_reported <= 6000
            held = asyncio.ensure_future(ex.fetch_order_book("BTC/USDT", 5000))  # would make 5522 > 5400
            await asyncio.sleep(0.5)
            assert not held.done() and tap.requests == 21  # not sent: it waits for the window
            held.cancel()
        finally:
            await ex.close()


@pytest.mark.parametrize("limiter", ["budget", "leakyBucket"])
async def test_nothing_is_sent_while_the_used_weight_header_says_the_budget_is_spent(limiter):
    await _away_from_the_minute_turn()
    async with Simulator(seed=2, autostep=False) as sim:
        ex = ccxtpro.load("binance", sim.exchange_config(None, restLimiter=limiter))
        try:
            sim.core.weights.charge("spot", 5800)  # another client on the same IP
            await ex.load_markets()  # its answers report 5820 used
            tap = _WeightTap(sim)
            call = asyncio.ensure_future(ex.fetch_order_book("BTC/USDT", 5000))  # 250 more: over 6000
            done, _ = await asyncio.wait([call], timeout=0.5)
            if limiter == "budget":
                assert not done and tap.requests == 0 and tap.http_429 == 0
                call.cancel()
            else:  # CCXT's leaky bucket cannot know: it sends, and Binance answers 429
                assert done and isinstance(call.exception(), DDoSProtection)  # Binance -1003, as CCXT maps it
                assert tap.http_429 == 1
        finally:
            await ex.close()
