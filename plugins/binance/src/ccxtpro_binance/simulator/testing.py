"""Pytest helpers for suites elsewhere in the project (import from a conftest).

``sim = simulator_fixture(tick_interval=0.02)`` in a conftest gives tests a
running simulator named ``sim``; pytest-asyncio must be installed.
"""

from __future__ import annotations

from .server import Simulator


def simulator_fixture(name: str = "sim", **kwargs):
    """A function-scoped async fixture yielding ``Simulator(**kwargs)``, started and stopped."""
    import pytest_asyncio

    @pytest_asyncio.fixture(name=name)
    async def _sim():
        async with Simulator(**kwargs) as sim:
            yield sim

    return _sim
