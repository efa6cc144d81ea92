"""A third-party exchange plugin end to end, over real sockets on 127.0.0.1:
entry point -> ``ccxtpro.load("toy")`` -> REST markets -> ``watch_ticker`` ->
a ``stream_*`` iterator surviving a dropped connection -> a request routed
by id -> clean close. Nothing of the network layer is mocked."""

from __future__ import annotations

import asyncio
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

from ccxtpro.errors import ExchangeClosedByUser

from .ws_helpers import transport_params

TOY_DIR = Path(__file__).resolve().parents[1] / "toy_plugin"
T = 10


@pytest.fixture(autouse=True, params=transport_params())
def ws_transport(request, monkeypatch):
    """Every test here runs on each websocket transport."""
    monkeypatch.setenv("CCXTPRO_WS_TRANSPORT", request.param)
    return request.param


def _toy_installed() -> bool:
    return any(ep.name == "toy" for ep in importlib.metadata.entry_points(group="ccxtpro"))


@pytest.fixture(scope="session")
def toy_plugin():
    """Install the toy distribution (editable, no deps) if the set-up did not."""
    if not _toy_installed():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "-e", str(TOY_DIR)],
                       check=True)
        importlib.invalidate_caches()
        # the editable install's path hook is read at interpreter start-up
        if str(TOY_DIR) not in sys.path:
            sys.path.insert(0, str(TOY_DIR))
    assert _toy_installed(), "the toy plugin's entry point is not visible"
    from ccxtpro import plugins

    if "toy" not in plugins.exchanges():
        plugins._manager = None  # the entry point arrived after the manager was built
    assert "toy" in plugins.exchanges()
    return plugins


@pytest.fixture
async def toy_server(toy_plugin):
    from ccxtpro_toy.server import ToyServer

    server = await ToyServer(interval=0.005).start()
    yield server
    await server.stop()


async def test_toy_plugin_end_to_end(toy_plugin, toy_server):
    from ccxtpro_toy.exchange import Toy

    ex = toy_plugin.load("toy", {"baseUrl": toy_server.base_url})
    assert isinstance(ex, Toy) and ex.id == "toy"
    events = []
    ex.on_event(events.append)
    try:
        # REST: markets over HTTP from the local server
        markets = await asyncio.wait_for(ex.load_markets(), T)
        assert set(markets) == {"BTC/USD", "ETH/USD"} and toy_server.rest_calls == ["markets"]

        # watch_ticker: subscribe, ack routed by id, ticker routed by event
        ticker = await asyncio.wait_for(ex.watch_ticker("BTC/USD"), T)
        assert ticker["symbol"] == "BTC/USD" and ticker["last"] > 0 and ticker["datetime"]
        assert ex.connections() == [ex.ws_url()]

        # stream_* keeps going across a dropped connection, resubscribing
        stream = ex.stream_ticker("ETH/USD")
        seen_before = seen_after = 0
        async for t in stream:
            assert t["symbol"] == "ETH/USD"
            if toy_server.connections == 1:
                seen_before += 1
                if seen_before == 3:
                    await toy_server.drop()
            else:
                seen_after += 1
                if seen_after == 3:
                    break
        await stream.aclose()
        assert toy_server.connections == 2
        eth_subscribes = [s for s in toy_server.subscribes if s["symbol"] == "ETHUSD"]
        assert len(eth_subscribes) == 2, "the stream resubscribed on the new connection"
        assert stream.retries >= 1
        kinds = [e.type for e in events]
        assert "disconnect" in kinds and "reconnect" in kinds
        info = ex.connection_info(ex.ws_url())
        assert info["state"] == "open" and info["reconnects"] == 1

        # request/response over the websocket, routed back by request id
        server_time = await asyncio.wait_for(ex.fetch_time_ws(), T)
        assert isinstance(server_time, int) and server_time > 1_600_000_000_000
        client = ex.client(ex.ws_url())
        assert not any(k.isdigit() for k in map(str, client.subscriptions)), "one-shot request entries are gone"

        # a waiter pending at close fails cleanly instead of hanging
        pending = asyncio.ensure_future(ex.watch_ticker("BTC/USD", {"unused": 1}))
        await asyncio.sleep(0)
    finally:
        await ex.close()
    assert ex.connections() == []
    if not pending.done():
        with pytest.raises(ExchangeClosedByUser):
            await asyncio.wait_for(pending, T)
    elif pending.exception() is not None:
        assert isinstance(pending.exception(), ExchangeClosedByUser)
    assert any(e.type == "disconnect" and e["by_user"] for e in events)


async def test_toy_routes_come_from_the_plugin(toy_plugin):
    routes = toy_plugin.channels("toy")
    assert {"path": "e", "value": "ticker", "handler": "handle_ticker"} in routes
    ex = toy_plugin.load("toy")
    try:
        assert ex.ws_dispatcher.table.routes == routes
    finally:
        await ex.close()
