"""The fault matrix (``ccxtpro_binance.faultmatrix``): every fault, every channel, recovered.

Default run: the reduced matrix (``REDUCED``: every fault at least once, every
channel at least once), ccxtpro only, rows four at a time. Each cell must
recover within the bound, leave no hung waiter, lose and duplicate no trade or
order id against the simulator's record of what it sent, and, for books, equal
the simulator's book at the same update id after recovery.

``CCXTPRO_FAULT_MATRIX=1``: the full matrix with CCXT's client side by side
(about 2 minutes); the table is printed (``-s`` to see it) and ccxtpro's cells
must all pass. The two figures run small here: the drop-every-second share and
the burst to a slow consumer.
"""

from __future__ import annotations

import asyncio
import json
import os
from types import SimpleNamespace

import pytest

from ccxtpro_binance import faultmatrix as fm
from ccxtpro_binance.faultmatrix import (CHANNELS, FAULTS, OURS, REDUCED, MatrixConfig, format_table, run_burst,
                                         run_drops, run_matrix)

#: the reduced run: a shorter "24 h" (the steady state is reached in about a second)
CONFIG = MatrixConfig(lifetime=3.0)


@pytest.fixture(scope="module")
def reduced():
    return asyncio.run(run_matrix(plan=REDUCED, config=CONFIG, concurrency=4))


def test_the_reduced_matrix_covers_every_fault_and_every_channel():
    assert set(REDUCED) == set(FAULTS)
    assert {c for chs in REDUCED.values() for c in chs} == set(CHANNELS)
    for fault, channels in REDUCED.items():
        for channel in channels:
            assert fm.not_applicable(fault, channel) is None, (fault, channel)


@pytest.mark.parametrize("fault", list(REDUCED))
def test_every_cell_recovers_with_nothing_lost_or_hung(reduced, fault):
    table = format_table(reduced)
    cells = [c for c in reduced.cells if c.fault == fault]
    assert [c.channel for c in cells] == list(REDUCED[fault]), table
    for cell in cells:
        where = f"{fault} × {cell.channel}: {cell.problems} {cell.notes}\n{table}"
        assert cell.applicable and cell.recovered and cell.recovery_s <= CONFIG.bound, where
        assert cell.hung_waiters == 0 and cell.error is None, where
        assert cell.updates_before >= CONFIG.steady_updates and cell.updates_after > CONFIG.checks_after, where
        if cell.channel in ("trades", "orders"):
            assert cell.sent and cell.lost == 0 and cell.duplicated == 0, where
        if cell.channel == "order_book":
            assert cell.book_equal is True and cell.book_checks > CONFIG.checks_after, where
    assert reduced.ok, table


def test_every_order_state_is_handed_over(reduced):
    cells = [c for c in reduced.cells if c.channel == "orders"]
    assert cells and all(c.coalesced == 0 for c in cells), [(c.fault, c.coalesced) for c in cells]


def test_the_table_and_the_result_object(reduced):
    table = format_table(reduced)
    assert "sequence gap" in table and "ccxtpro: 0 cell(s) with problems" in table
    md = format_table(reduced, markdown=True)
    assert md.splitlines()[0].startswith("| fault | order book |")
    data = json.loads(json.dumps(reduced.to_dict()))
    assert data["ok"] is True and len(data["cells"]) == sum(len(c) for c in REDUCED.values())
    assert reduced.cell("gap", "order_book").text().endswith("s")


def test_a_fault_without_meaning_for_a_channel_is_na_with_its_reason():
    assert "depth" in fm.not_applicable("gap", "trades")
    assert fm.not_applicable("listen-key", "ticker") and fm.not_applicable("terminated", "positions")
    assert fm.not_applicable("429", "orders") and fm.not_applicable("429", "order_book") is None
    assert all(fm.not_applicable(f, c) is None for f in ("disconnect", "malformed", "stall") for c in CHANNELS)


def test_unsettled_futures_are_counted_by_channel():
    loop = asyncio.new_event_loop()
    try:
        pending, done = loop.create_future(), loop.create_future()
        done.set_result(1)
        client = SimpleNamespace(futures={"orderbook::BTC/USDT": pending, "trade::BTC/USDT": done,
                                          "weird": loop.create_future()})
        assert fm._unsettled({1: client}) == {"order_book": 1, "other (weird)": 1}
    finally:
        loop.close()


def test_the_command_line(capsys):
    code = fm.main(["--faults", "gap", "--channels", "order_book,trades", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["ok"] is True
    cells = {c["channel"]: c for c in data["cells"]}
    assert cells["trades"]["text"] == "n/a" and cells["order_book"]["recovered"] is True
    with pytest.raises(SystemExit):
        fm.main(["--faults", "gravity"])


async def test_drops_figure_small():
    result = await run_drops(seconds=4, every=1, ccxt=False, channels=("trades",))
    assert result.drops == 3 and result.errors[f"{OURS} trades"] >= 1
    assert result.share[f"{OURS} trades"] >= 0.75, result.format()


@pytest.fixture(scope="module")
def burst():
    return asyncio.run(run_burst(400, 4, 0.02, ccxt=False, quiet=1.0))


def test_burst_figure_small(burst):
    assert burst.trades == 400 and len(burst.symbols) == 4, burst.format()
    figures = burst.per_symbol[OURS]
    assert sum(f["sent"] for f in figures.values()) == 400 and burst.duplicated[OURS] == 0, burst.format()
    assert burst.close[OURS][:1].isdigit(), burst.format()


def test_burst_to_a_slow_consumer_loses_nothing(burst):
    assert burst.lost[OURS] == 0, burst.format()


@pytest.mark.skipif(os.environ.get("CCXTPRO_FAULT_MATRIX") != "1",
                    reason="the full matrix next to CCXT takes about 2 minutes: set CCXTPRO_FAULT_MATRIX=1")
def test_full_matrix_next_to_ccxt():
    result = asyncio.run(run_matrix(ccxt=True, progress=print))
    table = format_table(result)
    print(table)
    assert result.ok, table
    assert any(not c.recovered for c in result.cells if c.client == fm.CCXT and c.applicable), table
