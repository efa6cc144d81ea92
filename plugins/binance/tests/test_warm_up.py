"""``await exchange.warm_up()`` (and ``options["ws"]["warmUp"]`` with ``async with``) opens and
logs on the websocket-API connection before the first order, against the simulator."""

from __future__ import annotations

import asyncio

import pytest

import ccxtpro
from ccxtpro.errors import AuthenticationError, ExchangeClosedByUser
from ccxtpro_binance.simulator import Simulator

T = 10


@pytest.fixture
async def sim():
    async with Simulator(seed=1, tick_interval=0.05) as sim:
        yield sim


def _ws_api(ex, account_type: str = "spot") -> str:
    return ex.urls["api"]["ws"]["ws-api"][account_type]


def _api_conns(sim) -> list:
    return [c for c in sim.faults.conns if getattr(c, "kind", "") == "wsapi" and not c.closed]


async def test_warm_up_opens_and_logs_on_before_the_first_order(sim):
    ex = ccxtpro.load("binance", sim.exchange_config("ed25519"))
    try:
        urls = await asyncio.wait_for(ex.warm_up(), T)
        url = _ws_api(ex)
        assert url in urls and ex.connections() == [url]
        assert ex.connection_info(url)["state"] == "open"
        (conn,) = _api_conns(sim)
        assert conn.session_key is not None  # session.logon went through
        client = ex.clients[url]
        assert client.throttle.bucket.tokens >= 0  # the logon's send cost is paid: the order is not paced behind it
        dials = []
        ex.on_event(dials.append, types=["connect"])
        book = await ex.fetch_order_book("BTC/USDT", 5)
        order = await asyncio.wait_for(
            ex.create_order_ws("BTC/USDT", "limit", "buy", 0.002, round(book["bids"][0][0] * 0.9, 2)), T)
        assert order["status"] == "open"
        assert dials == [] and ex.clients[url] is client  # the first order did not dial
        assert _api_conns(sim) == [conn]
    finally:
        await ex.close()
    assert ex.connections() == []
    with pytest.raises(ExchangeClosedByUser):
        await ex.warm_up()


async def test_the_option_warms_up_on_entry_with_user_data(sim):
    config = sim.exchange_config("hmac")
    config["options"]["ws"] = {"warmUp": {"userData": True}}
    async with ccxtpro.load("binance", config) as ex:
        url = _ws_api(ex)
        assert ex.connections() == [url]
        assert "spot" in ex.clients[url].subscriptions  # the user-data stream is subscribed
        assert len(sim.core.userdata.subs) == 1
        watching = asyncio.ensure_future(ex.watch_orders("BTC/USDT"))
        await asyncio.sleep(0.1)
        order = await asyncio.wait_for(ex.create_order_ws("BTC/USDT", "market", "buy", 0.002), T)
        assert (await asyncio.wait_for(watching, T))[-1]["id"] == order["id"]
        assert ex.connections() == [url]
    assert ex.connections() == []


@pytest.mark.parametrize("bad", ["unknown key", "wrong secret"])
async def test_bad_keys_fail_warm_up_with_a_typed_error(sim, bad):
    config = sim.exchange_config("ed25519")
    if bad == "unknown key":
        config["apiKey"] = "A" * 64
    else:
        config["secret"] = sim.new_api_key("ed25519", account="other")["secret"]
    ex = ccxtpro.load("binance", config)
    try:
        with pytest.raises(AuthenticationError):
            await asyncio.wait_for(ex.warm_up(), T)
        assert config["apiKey"] not in str(ex.connection_info(_ws_api(ex)))
    finally:
        await ex.close()
    assert ex.connections() == []


async def test_warm_up_for_futures_and_a_bad_type(sim):
    ex = ccxtpro.load("binance", sim.exchange_config("ed25519"))
    try:
        await asyncio.wait_for(ex.warm_up({"types": ["spot", "swap"]}), T)
        assert sorted(ex.connections()) == sorted([_ws_api(ex), _ws_api(ex, "future")])
        with pytest.raises(ccxtpro.errors.BadRequest):
            await ex.warm_up({"types": ["option"]})
    finally:
        await ex.close()
