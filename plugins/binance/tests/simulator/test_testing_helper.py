"""The fixture factory other suites import."""

from __future__ import annotations

from ccxtpro_binance.simulator.testing import simulator_fixture

other_sim = simulator_fixture("other_sim", seed=9, autostep=False)


async def test_fixture_factory(other_sim):
    assert other_sim.core.seed == 9 and other_sim.port > 0
