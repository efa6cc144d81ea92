"""Market model and matching engine without sockets (``autostep=False``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ccxtpro_binance.simulator.core import SimCore
from ccxtpro_binance.simulator.errors import BinanceError


@pytest.fixture
def core():
    c = SimCore(seed=7, autostep=False, key_kinds=("hmac",))
    c.events = []
    c.engine.emit = lambda acc, market, ev: c.events.append(ev)
    return c


def test_same_seed_same_market():
    a = SimCore(seed=3, autostep=False, key_kinds=())
    b = SimCore(seed=3, autostep=False, key_kinds=())
    seq = []
    for core in (a, b):
        m = core.models["spot"]["BTCUSDT"]
        out = []
        for i in range(50):
            ev = m.step(1_000_000 + i * 100)
            out.append((ev.diff.first_id, ev.diff.last_id, sorted(ev.diff.bids), [(t.price, t.qty) for t in ev.trades]))
        seq.append(out)
    assert seq[0] == seq[1]
    c = SimCore(seed=4, autostep=False, key_kinds=())
    assert c.models["spot"]["BTCUSDT"].book.snapshot()[1] != SimCore(seed=3, autostep=False, key_kinds=()).models["spot"]["BTCUSDT"].book.snapshot()[1]


def test_book_diffs_chain_and_rebuild(core):
    m = core.models["usdm"]["ETHUSDT"]
    uid, bids, asks = m.book.snapshot()
    book = {0: dict(bids), 1: dict(asks)}
    prev = uid
    for i in range(200):
        d = m.step(2_000_000 + i * 100).diff
        if d is None:
            continue
        assert d.prev_id == prev and d.first_id == prev + 1
        prev = d.last_id
        for side, rows in ((0, d.bids), (1, d.asks)):
            for p, q in rows:
                if q:
                    book[side][p] = q
                else:
                    book[side].pop(p, None)
    _, bids, asks = m.book.snapshot()
    assert book[0] == dict(bids) and book[1] == dict(asks)
    assert max(book[0]) < min(book[1])


def place(core, market="spot", **p):
    return core.engine.place(core.engine.account(), market, p, core.now())


def test_partial_fill_then_rest_then_maker_fill(core):
    m = core.models["spot"]["BTCUSDT"]
    ask = m.book.best(1)
    avail = m.book.total(1, ask)
    qty = avail + 500  # more than the best level holds
    r = place(core, symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC",
              quantity=m.inst.qty(qty), price=m.inst.px(ask))
    assert r["status"] == "PARTIALLY_FILLED" and r["executedQty"] == m.inst.qty(avail)
    assert m.book.best(0) == ask  # the rest is now the best bid
    fee = sum(Decimal(f["commission"]) for f in r["fills"])
    assert fee == Decimal(m.inst.qty(avail)) * Decimal("0.001")
    acc = core.engine.account()
    locked = acc.bal("USDT")[1]
    assert locked == Decimal(m.inst.px(ask)) * Decimal(m.inst.qty(500))
    for i in range(500):
        core.step()
        if r["orderId"] and acc.orders[("spot", r["orderId"])].status == "FILLED":
            break
    assert acc.orders[("spot", r["orderId"])].status == "FILLED"
    assert acc.bal("USDT")[1] == 0
    kinds = [(e["x"], e["X"]) for e in core.events if e["e"] == "executionReport"]
    assert kinds[0] == ("NEW", "NEW") and kinds[-1] == ("TRADE", "FILLED")
    assert any(e["e"] == "executionReport" and e["m"] for e in core.events)  # a maker fill


def test_ioc_fok_post_only_and_filters(core):
    m = core.models["spot"]["ETHUSDT"]
    ask = m.book.best(1)
    big = m.inst.qty(m.book.available(0, ask) + 1000)
    r = place(core, symbol="ETHUSDT", side="BUY", type="LIMIT", timeInForce="IOC", quantity=big, price=m.inst.px(ask))
    assert r["status"] == "EXPIRED" and Decimal(r["executedQty"]) > 0
    r = place(core, symbol="ETHUSDT", side="BUY", type="LIMIT", timeInForce="FOK", quantity=big, price=m.inst.px(ask))
    assert r["status"] == "EXPIRED" and Decimal(r["executedQty"]) == 0
    with pytest.raises(BinanceError) as e:
        place(core, symbol="ETHUSDT", side="BUY", type="LIMIT_MAKER", quantity="0.1000", price=m.inst.px(m.book.best(1) + 5))
    assert e.value.code == -2010
    with pytest.raises(BinanceError) as e:
        place(core, symbol="ETHUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.00001", price="1000.00")
    assert e.value.code == -1013 and "LOT_SIZE" in e.value.msg
    with pytest.raises(BinanceError) as e:
        place(core, symbol="ETHUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.0010", price="1000.00")
    assert e.value.code == -1013 and "NOTIONAL" in e.value.msg
    with pytest.raises(BinanceError) as e:  # conditional orders are booked (untriggered); they need a stop
        place(core, symbol="ETHUSDT", side="BUY", type="STOP_LOSS", quantity="1")
    assert e.value.code == -1102 and "stopPrice" in e.value.msg
    with pytest.raises(BinanceError) as e:
        place(core, symbol="ETHUSDT", side="UP", type="LIMIT")
    assert e.value.code == -1117


def test_futures_position_and_realized_pnl(core):
    m = core.models["usdm"]["BTCUSDT"]
    acc = core.engine.account()
    place(core, "usdm", symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.010")
    pos = acc.position("usdm", "BTCUSDT")
    assert pos.amount == Decimal("0.010") and pos.entry > 0
    place(core, "usdm", symbol="BTCUSDT", side="SELL", type="MARKET", quantity="0.010")
    assert pos.amount == 0 and pos.entry == 0
    kinds = {e["e"] for e in core.events}
    assert {"ORDER_TRADE_UPDATE", "ACCOUNT_UPDATE"} <= kinds
    assert acc.wallet["usdm"]["USDT"] == Decimal("100000") + pos.realized - sum(
        Decimal(e["o"]["n"]) for e in core.events if e["e"] == "ORDER_TRADE_UPDATE" and e["o"]["x"] == "TRADE")
    place(core, "coinm", symbol="BTCUSD_PERP", side="BUY", type="MARKET", quantity="3")
    assert acc.position("coinm", "BTCUSD_PERP").amount == 3
    assert acc.wallet["coinm"]["BTC"] < 10


def test_kline_rolls_over_and_closes(core):
    m = core.models["spot"]["BTCUSDT"]
    t0 = 1_800_000_000_000 - 1_800_000_000_000 % 60_000 - 1_000  # one second before a minute boundary
    boundary = t0 + 1_000 - (t0 + 1_000) % 60_000
    c = m.candle("1m", t0)
    assert c.open_time <= t0 < c.close_time < boundary + 60_000
    ev = m.step(t0 + 500)
    assert not ev.closed
    ev = m.step(t0 + 1_500)
    assert [x.interval for x in ev.closed] == ["1m"] and ev.closed[0].closed
    assert m.candle("1m").open_time == ev.closed[0].close_time + 1


def test_order_response_types_and_reduce_only(core):
    m = core.models["spot"]["BTCUSDT"]
    price = m.inst.px(int(m.book.best(0) * 0.9))
    ack = place(core, symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.00100",
                price=price, newOrderRespType="ACK")
    assert set(ack) == {"symbol", "orderId", "orderListId", "clientOrderId", "transactTime"}
    res = place(core, symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.00100",
                price=price, newOrderRespType="RESULT")
    assert "fills" not in res and res["status"] == "NEW"
    with pytest.raises(BinanceError) as e:
        place(core, "usdm", symbol="BTCUSDT", side="SELL", type="MARKET", quantity="0.010", reduceOnly="true")
    assert e.value.code == -2022


async def test_separate_accounts():
    from ccxtpro_binance.simulator import Simulator
    async with Simulator(seed=1, autostep=False) as sim:
        other = sim.new_api_key("ed25519", account="bob")
        assert sim.core.keys.get(other["apiKey"]).account == "bob"
        bob = sim.engine.account("bob")
        sim.deposit("BTC", "1", account="bob")
        assert bob.bal("BTC")[0] == Decimal("6") and sim.engine.account().bal("BTC")[0] == Decimal("5")


def test_kline_history_windows(core):
    m = core.models["spot"]["BTCUSDT"]
    now = core.now()
    m.now = now
    last = m.history("1h", None, 5)
    assert len(last) == 5 and last[-1] is m.candle("1h")
    assert all(b.open_time == a.close_time + 1 for a, b in zip(last, last[1:]))
    since = now - 30 * 86_400_000
    first = m.history("1h", None, 3, start_time=since)
    assert first[0].open_time >= since and first[0].open_time - since < 3_600_000
    assert first == m.history("1h", None, 3, start_time=since)  # deterministic
    ended = m.history("1d", now - 10 * 86_400_000, 4)
    assert ended[-1].open_time <= now - 10 * 86_400_000 < ended[-1].close_time
    months = m.history("1M", None, 3)
    assert [c.open_time for c in months] == sorted(c.open_time for c in months)
    for c in first + ended:
        assert c.l <= min(c.o, c.c) and c.h >= max(c.o, c.c)
