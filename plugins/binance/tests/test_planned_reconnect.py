"""Planned reconnects (``options["ws"]["maxConnectionAge"]``): a connection is replaced
make-before-break before the exchange's age limit closes it. With a tiny age against the
simulator (whose own "24 h" limit is shortened too, and never reached): trade ids stay
contiguous and unduplicated across several rotations, the book never re-syncs and equals
the simulator's at every update id, and no consumer sees an error."""

from __future__ import annotations

import asyncio

import orjson
import pytest

import ccxtpro
from ccxtpro_binance.simulator import Simulator
from ccxtpro_binance.simulator.instruments import SPOT

T = 10
ROTATIONS = 3


@pytest.fixture
async def sim():
    # the simulator closes connections at 2.5 s (its "24 h"); ours are replaced at 0.8 s
    async with Simulator(seed=3, tick_interval=0.02, connection_lifetime=2.5) as sim:
        sim.core.record_books(SPOT, "BTCUSDT")
        sim.faults.record_sent()
        yield sim


async def test_rotations_lose_and_duplicate_nothing(sim):
    ex = ccxtpro.load("binance", sim.exchange_config(None, ws={"maxConnectionAge": 800, "rotationOverlap": 150}))
    events = []
    ex.on_event(events.append, types=["disconnect", "reconnect", "error"])
    snapshots = []
    trade_ids: list[int] = []
    books: list[tuple] = []
    watched: list[int] = []
    errors: list[BaseException] = []
    stop = asyncio.Event()

    async def trades():
        try:
            async for batch in ex.stream_trades("BTC/USDT"):
                trade_ids.extend(int(t["id"]) for t in batch)
                if stop.is_set():
                    return
        except Exception as e:  # noqa: BLE001 - any error surfaced is the failure
            errors.append(e)

    async def book():
        try:
            async for ob in ex.stream_order_book("BTC/USDT"):
                books.append((ob["nonce"], [tuple(x) for x in ob["bids"][:10]], [tuple(x) for x in ob["asks"][:10]]))
                if stop.is_set():
                    return
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    async def plain_watch():  # CCXT's semantics: the next update, no errors either
        try:
            while not stop.is_set():
                ticker = await ex.watch_ticker("BTC/USDT")
                watched.append(ticker["timestamp"])
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    try:
        await asyncio.wait_for(ex.load_markets(), T)
        original = ex.fetch_order_book_snapshot

        async def counted(*args):
            snapshots.append(args)
            return await original(*args)

        ex.fetch_order_book_snapshot = counted
        tasks = [asyncio.ensure_future(c()) for c in (trades, book, plain_watch)]

        def rotated() -> int:
            return min((ex.connection_info(u) or {}).get("rotations", 0) for u in ex.connections()) \
                if ex.connections() else 0

        async def until_rotated():
            while rotated() < ROTATIONS:
                await asyncio.sleep(0.05)

        await asyncio.wait_for(until_rotated(), T)
        await asyncio.sleep(0.3)
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), T)
    finally:
        await ex.close()

    events = [e for e in events if not (e.type == "disconnect" and e.data.get("by_user"))]  # but close()
    assert errors == [] and events == []  # no disconnect (the simulator's "24 h" never came), reconnect, error
    assert len(snapshots) == 1  # the book never re-synced
    # trades: contiguous, each once
    assert len(trade_ids) > 20 and len(set(trade_ids)) == len(trade_ids)
    assert trade_ids == list(range(trade_ids[0], trade_ids[0] + len(trade_ids)))
    sent = sim.faults.record.trade_ids(SPOT, "BTCUSDT")
    assert set(trade_ids) <= set(sent)
    assert len(sent) > len(set(sent))  # the overlaps did send some trades on both connections
    # books: valid at every step, continuous by update ids
    assert len(books) > 20
    nonces = [b[0] for b in books]
    assert nonces == sorted(nonces)
    for nonce, bids, asks in books:
        want = sim.core.book_at(SPOT, "BTCUSDT", int(nonce))
        if want is None:  # before the recorder's first id
            continue
        assert bids == [(float(p), float(q)) for p, q in want[0][:10]]
        assert asks == [(float(p), float(q)) for p, q in want[1][:10]]
    assert len(watched) >= 2


async def test_a_signed_user_data_subscription_is_left_to_the_reconnect_path(sim):
    """A signed user-data subscription cannot be re-sent: the websocket-API connection
    carrying one is left to the ordinary reconnect path (and re-authenticated there)."""
    ex = ccxtpro.load("binance", sim.exchange_config("ed25519", ws={"maxConnectionAge": 300}))
    try:
        await asyncio.wait_for(ex.warm_up({"userData": True}), T)
        url = ex.urls["api"]["ws"]["ws-api"]["spot"]
        await asyncio.sleep(1.0)
        assert ex.connection_info(url)["rotations"] == 0
        assert ex.connection_info(url)["state"] == "open"
    finally:
        await ex.close()


async def test_rotation_is_off_with_zero(sim):
    ex = ccxtpro.load("binance", sim.exchange_config(None, ws={"maxConnectionAge": 0}))
    try:
        await asyncio.wait_for(ex.watch_trades("BTC/USDT"), T)
        (url,) = ex.connections()
        assert ex.clients[url].rotation_policy is None
    finally:
        await ex.close()


async def test_a_listen_key_stream_and_the_order_connection_rotate_too(sim):
    """USD-M user data rides a listen key in the URL (nothing to re-send: dialing it again
    is the subscription); the websocket-API connection rotates between orders. Every
    order update is dispatched once, every order placed is seen filled."""
    ex = ccxtpro.load("binance", sim.exchange_config("hmac", ws={"maxConnectionAge": 600, "rotationOverlap": 100}))
    updates: list[tuple] = []

    def on_message(event) -> None:
        frame = orjson.loads(event.data["message"])
        if isinstance(frame, dict) and frame.get("e") == "ORDER_TRADE_UPDATE":
            o = frame["o"]
            updates.append((o["i"], o["X"], o["z"]))

    ex.on_event(on_message, types=["message"])
    seen: dict[str, str] = {}
    placed: list[str] = []

    async def consume():
        async for orders in ex.stream_orders("BTC/USDT:USDT"):
            for o in orders:
                seen[o["id"]] = o["status"]

    try:
        consumer = asyncio.ensure_future(consume())
        for _ in range(200):
            if sim.core.userdata.keys and any("fstream" in u for u in ex.connections()):
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)
        for i in range(10):
            order = await asyncio.wait_for(ex.create_order_ws("BTC/USDT:USDT", "market", "buy" if i % 2 else "sell",
                                                              0.002), T)
            placed.append(order["id"])
            await asyncio.sleep(0.25)

        async def all_seen():
            while any(seen.get(i) != "closed" for i in placed):
                await asyncio.sleep(0.02)

        await asyncio.wait_for(all_seen(), T)
        rotations = {u: ex.connection_info(u)["rotations"] for u in ex.connections()}
        consumer.cancel()
    finally:
        await ex.close()
    assert min(rotations.values()) >= 2, rotations  # the listen-key stream's and the ws-API's
    assert len(updates) == len(set(updates))  # no update dispatched twice
    assert {u[0] for u in updates} >= {int(i) for i in placed}
