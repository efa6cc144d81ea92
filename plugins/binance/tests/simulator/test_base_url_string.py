"""One ``baseUrl`` string, ``http://host:port``, points every REST and websocket URL at the
simulator: Binance's hosts share paths (``/ws`` on three stream hosts), so the plugin says
where each is mounted on one origin (``ccxtpro_binance.urls.MOUNTS``) and the simulator
serves that layout. Public and signed REST, market streams of two hosts and user-data
streams (websocket API and listen key) all work with nothing but the string and a key."""

from __future__ import annotations

import asyncio

import pytest

import ccxtpro
from ccxtpro import config
from ccxtpro_binance.simulator import Simulator
from ccxtpro_binance.urls import MOUNTS

T = 10


def _flat(d, prefix=""):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from _flat(v, prefix + k + ".")
        else:
            yield prefix + k, v


async def until(predicate, timeout: float = T) -> None:
    async def poll():
        while not predicate():
            await asyncio.sleep(0.02)
    await asyncio.wait_for(poll(), timeout)


def test_the_mounts_are_a_valid_table_the_simulator_is_built_from():
    config.check_url_mounts(MOUNTS)
    sim = Simulator(port=4321)
    assert sim.base_url_map() == {p: ("ws://127.0.0.1:4321" if p.startswith("ws") else "http://127.0.0.1:4321") + m
                                  for p, m in MOUNTS.items()}


@pytest.mark.parametrize("env", ["prod", "testnet", "demo"])
def test_a_base_url_string_folds_every_url_onto_the_simulators_layout(env):
    sim = Simulator(port=4321)
    ex = ccxtpro.load("binance", {"baseUrl": sim.base_http, "env": env})
    assert ex.wiring.url_mounts == MOUNTS  # the plugin's table reached the core
    urls = dict(_flat(ex.urls["api"]))
    assert all(u.startswith(("http://127.0.0.1:4321/", "ws://127.0.0.1:4321/")) for u in urls.values())
    if env == "prod":  # the same URLs as CCXT's own override for the simulator
        assert urls == dict(_flat(sim.ccxt_urls()["api"]))
    # whatever the env, each stream host lands on its own mount
    assert urls["ws.spot"] == "ws://127.0.0.1:4321/stream/ws"
    assert urls["ws.future"] == "ws://127.0.0.1:4321/fstream/ws"
    assert urls["ws.delivery"] == "ws://127.0.0.1:4321/dstream/ws"
    assert urls["ws.ws-api.spot"] == "ws://127.0.0.1:4321/ws-api/v3"
    assert urls["fapiPublic"] == "http://127.0.0.1:4321/fapi/v1"


async def test_only_a_base_url_string_and_keys_public_signed_and_user_data():
    async with Simulator(seed=1, tick_interval=0.02) as sim:
        ex = ccxtpro.load("binance", {"baseUrl": sim.base_http, **sim.api_keys["hmac"]})
        try:
            # public REST
            book = await asyncio.wait_for(ex.fetch_order_book("BTC/USDT", 5), T)
            assert book["bids"] and book["asks"]
            # public watches on two stream hosts (spot and USD-M), both "/ws" at Binance
            ob = await asyncio.wait_for(ex.watch_order_book("BTC/USDT"), T)
            assert ob["symbol"] == "BTC/USDT" and ob["bids"]
            trades = await asyncio.wait_for(ex.watch_trades("BTC/USDT:USDT"), T)
            assert trades and trades[-1]["symbol"] == "BTC/USDT:USDT"
            # a signed REST call
            balance = await asyncio.wait_for(ex.fetch_balance(), T)
            assert balance["USDT"]["free"] > 0
            # spot user data over the websocket API
            spot = asyncio.ensure_future(ex.watch_balance())
            await until(lambda: sim.core.userdata.subs)
            await asyncio.sleep(0.2)
            sim.deposit("USDT", 5)
            assert "USDT" in await asyncio.wait_for(spot, T)
            # USD-M user data over a listen key (signed REST) in the stream URL
            orders = asyncio.ensure_future(ex.watch_orders("BTC/USDT:USDT"))
            await until(lambda: sim.core.userdata.keys and any("/fstream/" in u and "listenKey" in u
                                                              for u in ex.connections()))
            await asyncio.sleep(0.3)  # the stream reaches the server
            order = await asyncio.wait_for(ex.create_order_ws("BTC/USDT:USDT", "market", "buy", 0.002), T)
            assert (await asyncio.wait_for(orders, T))[-1]["id"] == order["id"]
        finally:
            await ex.close()
