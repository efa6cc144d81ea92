"""A 429/418 with Retry-After pauses the instance's requests: nothing is sent while the
exchange asked for quiet, so a 429 never escalates into Binance's 418 IP ban."""

from __future__ import annotations

import time

import pytest

import ccxtpro
from ccxtpro.errors import DDoSProtection, RateLimitExceeded
from ccxtpro_binance.simulator import Simulator


async def test_after_a_429_the_next_request_waits_for_retry_after_instead_of_earning_a_ban():
    async with Simulator(seed=1) as sim:
        async with ccxtpro.load("binance", sim.exchange_config(None)) as ex:
            await ex.load_markets()
            sim.faults.rate_limit(1, retry_after=2, escalate=True)
            with pytest.raises(DDoSProtection):  # CCXT's class for Binance's -1003
                await ex.fetch_time()
            started = time.monotonic()
            assert await ex.fetch_time() > 0
            assert time.monotonic() - started >= 1.5  # waited out the pause
            assert "http:418" not in sim.faults.injected  # sending early would have been banned


async def test_a_pause_longer_than_the_timeout_fails_at_once_and_sends_nothing():
    async with Simulator(seed=1) as sim:
        async with ccxtpro.load("binance", {**sim.exchange_config(None), "timeout": 5000}) as ex:
            await ex.load_markets()
            sim.faults.rate_limit(1, retry_after=30, escalate=True)
            with pytest.raises(DDoSProtection):
                await ex.fetch_time()
            started = time.monotonic()
            with pytest.raises(RateLimitExceeded, match="nothing was sent"):
                await ex.fetch_time()
            assert time.monotonic() - started < 1
            assert sim.faults.injected.count("http:429") == 1 and "http:418" not in sim.faults.injected


def test_retry_after_as_an_http_date_or_missing():
    ex = ccxtpro.load("binance")
    ex.pause_requests(429, {})
    assert 0.5 < ex.rest_paused_until - time.monotonic() <= 1.0
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 120))
    ex.pause_requests(418, {"Retry-After": later})
    assert 100 < ex.rest_paused_until - time.monotonic() <= 121
    ex.pause_requests(429, {"retry-after": "not a date"})  # unreadable: the longer pause stands
    assert ex.rest_paused_until - time.monotonic() > 100
