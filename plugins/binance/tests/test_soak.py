"""The soak runner (``ccxtpro_binance.soak``): a short smoke always, the long soak on request.

``CCXTPRO_SOAK_SECONDS=N`` runs the soak for N seconds against the simulator
(``CCXTPRO_LIVE=1``: real Binance public streams, no faults). The smoke keeps the
runner itself from rotting: a few seconds, one fault of each kind.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ccxtpro_binance.soak import FAULTS, SoakResult, format_table, run_soak

EXAMPLE = Path(__file__).parents[3] / "examples" / "soak_smoke.py"


def check(result: SoakResult, faults_injected: bool) -> None:
    """What a soak must show: every stream alive after every fault, faults that
    really cut connections and books, bounded memory, a clean close."""
    table = format_table(result)
    assert result.ok, table
    for s in result.streams:
        assert s.updates > 0 and s.error is None, table
        assert s.faults_recovered == s.faults_seen == len(result.faults), table
    assert result.close_clean, table
    assert result.rss_growth_mb <= result.rss_growth_limit_mb, table
    if faults_injected:
        kinds = {label.split()[0] for _, label in result.faults}
        assert kinds == set(FAULTS), table
        assert result.connection_starts > 1 and result.connection_starts > result.distinct_connections, table
        assert result.disconnects >= result.distinct_connections, table  # each drop and expiry cut every one
        assert result.resyncs >= 1 and result.gap_resyncs >= 1, table
        assert result.invalid_frames >= 1, table


async def test_soak_smoke_recovers_from_every_fault(caplog):
    caplog.set_level(logging.ERROR, logger="ccxtpro.ws")  # the injected malformed frames are expected
    # 1.5 s between faults: room for the 1 s ticker to show up again after each one
    result = await run_soak(7.5, ["BTC/USDT", "ETH/USDT"], fault_every=1.5, warmup=0.5,
                            faults=["gap", "drop", "malformed", "expire"])
    check(result, faults_injected=True)
    books = [s for s in result.streams if s.channel == "order_book"]
    assert all(s.resyncs >= 2 for s in books), format_table(result)  # the gap, and the reconnects
    assert json.loads(json.dumps(result.to_dict()))["ok"] is True
    assert "result             PASS" in format_table(result)


def test_soak_example_runs():
    out = subprocess.run([sys.executable, str(EXAMPLE), "--seconds", "2", "--fault-every", "0"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "order_book BTC/USDT" in out.stdout and "close              clean" in out.stdout


def test_the_soak_takes_synthetic_symbols_from_the_simulator(capsys):
    from ccxtpro_binance.soak import main

    code = main(["--seconds", "2", "--extra-symbols", "3", "--symbols", "BTC/USDT", "--fault-every", "0",
                 "--progress", "0", "--rss-baseline-after", "0.5", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["ok"] is True
    assert data["rss_baseline_mb"] >= data["rss_start_mb"] > 0  # taken 0.5 s in (RSS need not have grown)
    assert data["symbols"] == ["BTC/USDT", "SYN001/USDT", "SYN002/USDT", "SYN003/USDT"]
    assert all(s["updates"] > 0 for s in data["streams"])


SOAK_SECONDS = os.environ.get("CCXTPRO_SOAK_SECONDS")
LIVE = os.environ.get("CCXTPRO_LIVE") == "1"


@pytest.mark.skipif(not SOAK_SECONDS, reason="the soak is opt-in: set CCXTPRO_SOAK_SECONDS=N to run it for N "
                                             "seconds (CCXTPRO_LIVE=1 for real Binance instead of the simulator)")
async def test_soak(caplog):
    caplog.set_level(logging.ERROR, logger="ccxtpro.ws")
    seconds = float(SOAK_SECONDS or 0)
    fault_every = max(1.5, min(10.0, seconds / 8))
    result = await run_soak(seconds, live=LIVE, fault_every=fault_every)
    print("\n" + format_table(result))  # shown with -s
    check(result, faults_injected=not LIVE and len(result.faults) >= len(FAULTS))
    if not LIVE:
        assert len(result.faults) >= 1, format_table(result)
