"""Fixtures: a running simulator per test, and a websocket connect helper."""

from __future__ import annotations

import pytest
import websockets

from ccxtpro_binance.simulator import Simulator


@pytest.fixture
async def sim():
    async with Simulator(seed=1, tick_interval=0.02) as s:
        yield s


@pytest.fixture
def connect():
    """``async with connect(url) as ws`` with a short open timeout."""
    def _connect(url: str, **kw):
        return websockets.connect(url, open_timeout=5, max_size=None, **kw)
    return _connect
