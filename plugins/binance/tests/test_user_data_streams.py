"""User-data streams outlive what ends them on Binance, where CCXT Pro 4.5.84 waits forever:
an expired listen key, a terminated event stream, a dropped websocket-API connection under a
margin listen token. The waits end with a ``NetworkError`` (``stream_*`` iterators retry
it), the runtime re-authenticates through the plugin's auth routes, and the next event
arrives."""

from __future__ import annotations

import asyncio

import pytest
from transport_support import transport_params

import ccxtpro
from ccxtpro.errors import NetworkError
from ccxtpro_binance.simulator import Simulator

T = 10


@pytest.fixture(autouse=True, params=transport_params())
def ws_transport(request, monkeypatch):
    """These fault scenarios run on each websocket transport."""
    monkeypatch.setenv("CCXTPRO_WS_TRANSPORT", request.param)
    return request.param


@pytest.fixture
async def session():
    async with Simulator(seed=1, tick_interval=0.02) as sim:
        ex = ccxtpro.load("binance", sim.exchange_config("ed25519"))
        await asyncio.wait_for(ex.load_markets(), T)
        try:
            yield sim, ex
        finally:
            await ex.close()


async def until(predicate, timeout: float = T) -> None:
    async def poll():
        while not predicate():
            await asyncio.sleep(0.02)
    await asyncio.wait_for(poll(), timeout)


async def test_an_expired_listen_key_ends_the_wait_and_a_new_key_streams(session):
    sim, ex = session
    pending = asyncio.ensure_future(ex.watch_orders("BTC/USDT:USDT"))
    await until(lambda: len(sim.core.userdata.keys) == 1 and ex.connections())
    expired = next(iter(sim.core.userdata.keys))
    assert sim.faults.expire_listen_key() == 1
    with pytest.raises(NetworkError, match="listen key expired"):
        await asyncio.wait_for(pending, T)  # CCXT: waits forever
    await until(lambda: sim.core.userdata.keys and expired not in sim.core.userdata.keys)  # re-authenticated
    assert ex.options["future"]["listenKey"] in sim.core.userdata.keys
    watching = asyncio.ensure_future(ex.watch_orders("BTC/USDT:USDT"))
    await asyncio.sleep(0.3)
    order = await asyncio.wait_for(ex.create_order_ws("BTC/USDT:USDT", "market", "buy", 0.002), T)
    assert (await asyncio.wait_for(watching, T))[-1]["id"] == order["id"]


async def test_a_terminated_event_stream_ends_the_wait_and_is_subscribed_again(session):
    sim, ex = session
    pending = asyncio.ensure_future(ex.watch_orders("BTC/USDT"))
    await until(lambda: len(sim.core.userdata.subs) == 1)
    first = sim.core.userdata.subs[0]
    assert sim.faults.terminate_event_stream() == 1
    with pytest.raises(NetworkError, match="terminated"):
        await asyncio.wait_for(pending, T)  # CCXT: rejects the account type's hash, not this one
    await until(lambda: sim.core.userdata.subs and sim.core.userdata.subs[0] is not first)
    watching = asyncio.ensure_future(ex.watch_orders("BTC/USDT"))
    await asyncio.sleep(0.3)
    book = await ex.fetch_order_book("BTC/USDT", 5)
    order = await asyncio.wait_for(
        ex.create_order_ws("BTC/USDT", "limit", "buy", 0.002, round(book["bids"][0][0] * 0.95, 2)), T)
    assert (await asyncio.wait_for(watching, T))[-1]["id"] == order["id"]


async def test_margin_user_data_survives_a_dropped_connection(session):
    sim, ex = session
    first = asyncio.ensure_future(ex.watch_balance({"type": "margin"}))
    await until(lambda: len(sim.core.userdata.subs) == 1)
    assert sim.faults.drop_connections() >= 1
    with pytest.raises(NetworkError):
        await asyncio.wait_for(first, T)
    # CCXT: the token looks fresh, so the new connection is never subscribed and this waits forever
    await until(lambda: len(sim.core.userdata.subs) == 1 and sim.core.userdata.subs[0].conn is not None)
    balance = asyncio.ensure_future(ex.watch_balance({"type": "margin"}))
    await asyncio.sleep(0.3)
    await asyncio.wait_for(ex.sapi_post_margin_order({"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET",
                                                      "quantity": "0.001"}), T)
    assert "BTC" in await asyncio.wait_for(balance, T)


async def test_a_stream_iterator_carries_on_across_an_expired_listen_key(session):
    sim, ex = session
    seen: list[str] = []

    async def consume():
        async for orders in ex.stream_orders("BTC/USDT:USDT"):
            if orders[-1]["id"] not in seen:  # a stream delivers every update: NEW and FILLED of one order
                seen.append(orders[-1]["id"])
            if len(seen) == 2:
                return

    consumer = asyncio.ensure_future(consume())
    await until(lambda: len(sim.core.userdata.keys) == 1)
    await asyncio.sleep(0.2)
    first = await asyncio.wait_for(ex.create_order_ws("BTC/USDT:USDT", "market", "buy", 0.002), T)
    await until(lambda: seen)
    sim.faults.expire_listen_key()

    def streaming_on_the_new_key() -> bool:
        key = ex.options["future"].get("listenKey")
        return bool(key) and key in sim.core.userdata.keys and any(
            key in url and (ex.connection_info(url) or {}).get("state") == "open" for url in ex.connections())

    await until(streaming_on_the_new_key)
    await asyncio.sleep(0.3)  # the subscription reaches the server
    second = await asyncio.wait_for(ex.create_order_ws("BTC/USDT:USDT", "market", "sell", 0.002), T)
    await asyncio.wait_for(consumer, T)
    assert seen == [first["id"], second["id"]]
