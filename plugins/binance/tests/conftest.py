"""Fixtures of the Binance plugin's tests: both builds of the frame handlers, and a
ccxtpro/CCXT pair of exchanges holding the simulator's markets."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from frames_support import load_pair

from ccxtpro_binance import frames_py

IMPLS = [frames_py]
with contextlib.suppress(ImportError):
    from ccxtpro_binance import frames_c

    IMPLS.append(frames_c)


@pytest.fixture(params=IMPLS, ids=lambda m: "c" if m.COMPILED else "py")
def frames_impl(request):
    return request.param


@pytest.fixture(scope="session")
def market_pair():
    """ccxtpro's and CCXT Pro's binance with the simulator's spot, USD-M and COIN-M markets."""
    return asyncio.run(load_pair())
