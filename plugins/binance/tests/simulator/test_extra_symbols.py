"""``Simulator(extra_symbols=N)``: synthetic spot symbols, deterministic from the seed, stepped
only while watched."""

from __future__ import annotations

import ccxtpro
from ccxtpro_binance.simulator import Simulator
from ccxtpro_binance.simulator.__main__ import parse_args
from ccxtpro_binance.simulator.core import SimCore


def _catalogue(core: SimCore) -> list[tuple]:
    return [(i.symbol, i.tick, i.step, i.price, core.models["spot"][s].book.snapshot(5))
            for s, i in core.instruments["spot"].items() if s.startswith("SYN")]


def test_the_same_seed_gives_the_same_symbols_and_books_and_another_seed_does_not():
    a, b, c = SimCore(seed=5, autostep=False, extra_symbols=30), SimCore(seed=5, autostep=False, extra_symbols=30), \
        SimCore(seed=6, autostep=False, extra_symbols=30)
    assert len(_catalogue(a)) == 30 and _catalogue(a) == _catalogue(b)
    assert [r[0] for r in _catalogue(a)] == [f"SYN{k:03d}USDT" for k in range(1, 31)]
    assert _catalogue(a) != _catalogue(c)
    assert parse_args(["--extra-symbols", "500"]).extra_symbols == 500


async def test_synthetic_symbols_are_markets_with_books_and_move_only_while_watched():
    async with Simulator(seed=3, autostep=False, extra_symbols=20) as sim:
        ex = ccxtpro.load("binance", sim.exchange_config(None))
        try:
            await ex.load_markets()
            assert ex.market("SYN007/USDT")["id"] == "SYN007USDT"
            idle = sim.model("spot", "SYN008USDT").book.update_id
            watched = sim.model("spot", "SYN007USDT").book.update_id
            sim.step()  # nobody watches yet
            assert sim.model("spot", "SYN007USDT").book.update_id == watched
            book = await ex.watch_order_book("SYN007/USDT")  # the snapshot syncs it; then it moves
            sim.step(3)
            book = await ex.watch_order_book("SYN007/USDT")
            assert book["nonce"] > watched and len(book["bids"]) > 0
            assert sim.model("spot", "SYN008USDT").book.update_id == idle
        finally:
            await ex.close()
