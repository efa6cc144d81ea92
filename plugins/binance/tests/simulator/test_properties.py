"""Property tests: book diffs always rebuild the book; the engine keeps its invariants."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccxtpro_binance.simulator.core import SimCore
from ccxtpro_binance.simulator.errors import BinanceError
from ccxtpro_binance.simulator.instruments import build_instruments
from ccxtpro_binance.simulator.market import MarketModel

INSTRUMENTS = build_instruments(1_800_000_000_000)
ALL = [(m, s) for m, syms in INSTRUMENTS.items() for s in syms]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), which=st.sampled_from(ALL), steps=st.integers(1, 120))
def test_diffs_rebuild_the_book(seed, which, steps):
    inst = INSTRUMENTS[which[0]][which[1]]
    m = MarketModel(inst, seed, 1_800_000_000_000)
    uid, bids, asks = m.book.snapshot()
    book = [dict(bids), dict(asks)]
    prev = uid
    for i in range(steps):
        ev = m.step(1_800_000_000_000 + i * 100)
        for t in ev.trades:
            assert t.qty > 0 and t.price > 0
        d = ev.diff
        if d is None:
            continue
        assert d.prev_id == prev and d.first_id == prev + 1 and d.last_id >= d.first_id
        prev = d.last_id
        for side, rows in ((0, d.bids), (1, d.asks)):
            for p, q in rows:
                if q:
                    book[side][p] = q
                else:
                    book[side].pop(p, None)
        assert max(book[0]) < min(book[1])
    _, bids, asks = m.book.snapshot()
    assert book == [dict(bids), dict(asks)]


order = st.fixed_dictionaries({
    "side": st.sampled_from(["BUY", "SELL"]),
    "type": st.sampled_from(["LIMIT", "MARKET", "LIMIT_MAKER"]),
    "tif": st.sampled_from(["GTC", "IOC", "FOK"]),
    "offset": st.integers(-400, 400),  # in ticks from the touch
    "qty": st.integers(1, 40),  # in model units / 4
    "cancel": st.booleans(),
    "steps": st.integers(0, 5),
})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 1000), orders=st.lists(order, min_size=1, max_size=12))
def test_spot_engine_invariants(seed, orders):
    core = SimCore(seed=seed, autostep=False, key_kinds=())
    core.engine.emit = lambda *a: None
    acc = core.engine.account()
    m = core.models["spot"]["ETHUSDT"]
    inst = m.inst
    start = {a: v[0] + v[1] for a, v in acc.spot.items()}
    for o in orders:
        ref = m.book.best(0 if o["side"] == "SELL" else 1)
        params = {"symbol": "ETHUSDT", "side": o["side"], "type": o["type"],
                  "quantity": inst.qty(max(1, m.unit * o["qty"] // 4))}
        if o["type"] != "MARKET":
            params["price"] = inst.px(max(1, ref + o["offset"]))
        if o["type"] == "LIMIT":
            params["timeInForce"] = o["tif"]
        try:
            r = core.engine.place(acc, "spot", params, core.now())
        except BinanceError as e:
            assert e.code in (-1013, -2010)
            continue
        if o["cancel"] and r.get("status") in ("NEW", "PARTIALLY_FILLED"):
            core.engine.cancel(acc, "spot", {"symbol": "ETHUSDT", "orderId": r["orderId"]}, core.now())
        core.step(o["steps"])
        # invariants
        for asset, (free, locked) in acc.spot.items():
            assert free >= 0 or asset == "USDT" and free > -1, (asset, free)
            assert locked >= 0
        open_orders = [x for x in acc.orders.values() if x.open]
        want_quote = sum((x.locked for x in open_orders if x.side == "BUY"), Decimal(0))
        want_base = sum((x.locked for x in open_orders if x.side == "SELL"), Decimal(0))
        assert acc.bal("USDT")[1] == want_quote and acc.bal("ETH")[1] == want_base
        for x in acc.orders.values():
            assert x.executed + x.remaining == x.qty or not x.open
            assert x.remaining >= 0 and x.executed >= 0
        bb, ba = m.book.best(0), m.book.best(1)
        assert bb is None or ba is None or bb < ba
    # trading ETHUSDT moves only ETH and USDT
    for a in start:
        if a not in ("ETH", "USDT"):
            assert acc.spot[a][0] + acc.spot[a][1] == start[a]
