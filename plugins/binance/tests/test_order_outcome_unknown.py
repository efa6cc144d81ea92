"""An order request whose websocket-API connection drops after Binance carried it out and
before the reply: the caller gets ``OrderOutcomeUnknown`` (a ``RequestTimeout``, so a
``NetworkError``) naming the client order id the request carried and the symbol, and the
order's real state is recoverable by that id. The simulator's fault: ``drop_before_reply``."""

from __future__ import annotations

import asyncio

import pytest

import ccxtpro
from ccxtpro.errors import NetworkError, RequestTimeout
from ccxtpro.outcome import OrderOutcomeUnknown
from ccxtpro_binance.simulator import Simulator
from ccxtpro_binance.simulator.instruments import SPOT, USDM

T = 10


@pytest.fixture
async def session():
    async with Simulator(seed=1, tick_interval=0.05) as sim:
        ex = ccxtpro.load("binance", sim.exchange_config("hmac"))
        await asyncio.wait_for(ex.load_markets(), T)
        try:
            yield sim, ex
        finally:
            await ex.close()


def _resting(sim, market: str, symbol: str) -> list[str]:
    """Client order ids of the orders resting in the simulator's book."""
    book = sim.model(market, symbol).book
    return [o.client_id for side in book.levels for level in side.values() for o in level.orders]


async def test_a_spot_order_dropped_before_its_reply_is_found_by_its_client_order_id(session):
    sim, ex = session
    book = await ex.fetch_order_book("BTC/USDT", 5)
    price = round(book["bids"][0][0] * 0.9, 2)
    sim.faults.drop_before_reply("order.place")
    with pytest.raises(OrderOutcomeUnknown) as caught:
        await asyncio.wait_for(ex.create_order_ws("BTC/USDT", "limit", "buy", 0.002, price), T)
    error = caught.value
    assert isinstance(error, RequestTimeout) and isinstance(error, NetworkError)
    assert error.symbol == "BTC/USDT" and error.method == "create_order_ws"
    assert error.client_order_id and error.client_order_id.startswith("x-TKT5PX2F")  # CCXT's broker prefix
    assert error.client_order_id in str(error)
    assert "drop-before-reply:order.place" in sim.faults.injected
    assert error.client_order_id in _resting(sim, SPOT, "BTCUSDT")  # Binance took it
    order = await asyncio.wait_for(ex.fetch_order(None, "BTC/USDT", {"clientOrderId": error.client_order_id}), T)
    assert order["clientOrderId"] == error.client_order_id and order["status"] == "open"
    assert order["price"] == price
    # the websocket API dials again, and finds it too
    again = await asyncio.wait_for(ex.fetch_order_ws(None, "BTC/USDT", {"clientOrderId": error.client_order_id}), T)
    assert again["id"] == order["id"]
    # a cancel dropped the same way: the error names the order; the order really is cancelled
    sim.faults.drop_before_reply("order.cancel")
    with pytest.raises(OrderOutcomeUnknown) as caught:
        await asyncio.wait_for(ex.cancel_order_ws(order["id"], "BTC/USDT"), T)
    assert caught.value.order_id == order["id"] and caught.value.method == "cancel_order_ws"
    assert (await ex.fetch_order(order["id"], "BTC/USDT"))["status"] == "canceled"
    assert error.client_order_id not in _resting(sim, SPOT, "BTCUSDT")
    # and a cancel-all: no ids to name, the symbol to look at
    second = await asyncio.wait_for(ex.create_order_ws("BTC/USDT", "limit", "buy", 0.002, price), T)
    sim.faults.drop_before_reply("openOrders.cancelAll")
    with pytest.raises(OrderOutcomeUnknown) as caught:
        await asyncio.wait_for(ex.cancel_all_orders_ws("BTC/USDT"), T)
    assert caught.value.symbol == "BTC/USDT" and caught.value.client_order_id is None
    assert (await ex.fetch_order(second["id"], "BTC/USDT"))["status"] == "canceled"
    for client in ex.clients.values():
        assert not [f for f in client.futures.values() if not f.done()]  # no waiter left behind


async def test_a_spot_edit_dropped_before_its_reply_names_the_new_order(session):
    sim, ex = session
    book = await ex.fetch_order_book("BTC/USDT", 5)
    price = round(book["bids"][0][0] * 0.9, 2)
    order = await asyncio.wait_for(ex.create_order_ws("BTC/USDT", "limit", "buy", 0.002, price), T)
    sim.faults.drop_before_reply("order.cancelReplace")
    with pytest.raises(OrderOutcomeUnknown) as caught:
        await asyncio.wait_for(ex.edit_order_ws(order["id"], "BTC/USDT", "limit", "buy", 0.003, price), T)
    error = caught.value
    assert error.method == "edit_order_ws" and error.order_id == order["id"]
    assert error.client_order_id.startswith("x-TKT5PX2F") and error.client_order_id != order["clientOrderId"]
    replaced = await asyncio.wait_for(ex.fetch_order(None, "BTC/USDT", {"clientOrderId": error.client_order_id}), T)
    assert replaced["amount"] == 0.003 and replaced["status"] == "open"
    assert (await ex.fetch_order(order["id"], "BTC/USDT"))["status"] == "canceled"


async def test_the_callers_client_order_id_is_kept_and_the_user_stream_still_reports_the_order(session):
    sim, ex = session
    watching = asyncio.ensure_future(ex.watch_orders("BTC/USDT:USDT"))
    for _ in range(200):  # the listen-key stream is up
        if sim.core.userdata.keys and any("fstream" in u for u in ex.connections()):
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)
    book = await ex.fetch_order_book("BTC/USDT:USDT", 5)
    price = round(book["bids"][0][0] * 0.9, 1)
    sim.faults.drop_before_reply("order.place")
    with pytest.raises(OrderOutcomeUnknown) as caught:
        await asyncio.wait_for(ex.create_order_ws("BTC/USDT:USDT", "limit", "buy", 0.01, price,
                                                  {"clientOrderId": "mine-1"}), T)
    assert caught.value.client_order_id == "mine-1" and caught.value.symbol == "BTC/USDT:USDT"
    orders = await asyncio.wait_for(watching, T)  # the ORDER_TRADE_UPDATE came on the user stream
    assert orders[-1]["clientOrderId"] == "mine-1" and orders[-1]["status"] == "open"
    assert "mine-1" in _resting(sim, USDM, "BTCUSDT")
    found = await asyncio.wait_for(ex.fetch_order(None, "BTC/USDT:USDT", {"clientOrderId": "mine-1"}), T)
    assert found["id"] == orders[-1]["id"]


async def test_a_watched_spot_order_reaches_watch_orders_although_its_report_went_down_with_the_connection(
        session):
    sim, ex = session
    watching = asyncio.ensure_future(ex.watch_orders("BTC/USDT"))
    for _ in range(200):  # the user-data subscription rides the websocket-API connection
        if sim.core.userdata.subs:
            break
        await asyncio.sleep(0.02)
    book = await ex.fetch_order_book("BTC/USDT", 5)
    sim.faults.drop_before_reply("order.place")
    with pytest.raises(OrderOutcomeUnknown) as caught:
        await asyncio.wait_for(
            ex.create_order_ws("BTC/USDT", "limit", "buy", 0.002, round(book["bids"][0][0] * 0.9, 2)), T)
    with pytest.raises(NetworkError):  # the wait on the dropped connection ends, as any other
        await asyncio.wait_for(watching, T)
    orders = await asyncio.wait_for(ex.watch_orders("BTC/USDT"), T)  # resubscribed, then reconciled
    assert orders[-1]["clientOrderId"] == caught.value.client_order_id and orders[-1]["status"] == "open"
    assert len(sim.core.userdata.subs) == 1  # the stream is live again


async def test_an_answered_rejection_is_not_an_unknown_outcome(session):
    sim, ex = session
    with pytest.raises(ccxtpro.errors.InsufficientFunds):
        await asyncio.wait_for(ex.create_order_ws("BTC/USDT", "limit", "buy", 1000, 1000.0), T)
