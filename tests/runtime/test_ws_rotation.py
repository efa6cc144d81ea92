"""Planned reconnects (``options["ws"]["maxConnectionAge"]``, :mod:`ccxtpro.ws.rotation`):
a connection is replaced make-before-break, inside the same client, on every transport.
The toy server sends each frame to every open connection, as an exchange sends a stream
to every connection subscribed to it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from .ws_helpers import StandIn, WsServer, transport_params

T = 5


@pytest.fixture(autouse=True, params=transport_params())
def ws_transport(request, monkeypatch):
    monkeypatch.setenv("CCXTPRO_WS_TRANSPORT", request.param)
    return request.param


@pytest.fixture
async def server():
    srv = await WsServer().start()
    yield srv
    await srv.stop()


class Counting(StandIn):
    """Records the sequence number of every ticker frame dispatched."""

    def handle_ticker(self, client: Any, message: Any) -> None:
        self.dispatched.append(message["n"])
        super().handle_ticker(client, message)


def _rotating(server: WsServer, max_age: float, overlap: float = 60) -> Counting:
    ex = Counting(server.url, dispatched=[])
    ex.options["ws"].update({"maxConnectionAge": max_age, "rotationOverlap": overlap})
    return ex


async def _until(predicate, timeout: float = T) -> None:
    async def poll() -> None:
        while not predicate():
            await asyncio.sleep(0.01)
    await asyncio.wait_for(poll(), timeout)


async def test_every_frame_is_dispatched_once_across_rotations(server):
    ex = _rotating(server, max_age=250)
    events: list[Any] = []
    ex.on_event(events.append, types=["disconnect", "reconnect"])
    stop = asyncio.Event()

    async def pump() -> int:
        n = 0
        while not stop.is_set():
            await server.push({"e": "ticker", "s": "BTC", "n": n})
            n += 1
            await asyncio.sleep(0.002)
        return n - 1

    try:
        pending = asyncio.ensure_future(ex.watch_ticker("BTC"))
        await server.wait_subscribes(1)
        pumping = asyncio.ensure_future(pump())
        first = await asyncio.wait_for(pending, T)
        waiter = asyncio.ensure_future(ex.watch_ticker("BTC"))  # a pending waiter rides the rotations
        await _until(lambda: (ex.connection_info(server.url) or {}).get("rotations", 0) >= 3)
        stop.set()
        last = await pumping
        await _until(lambda: ex.dispatched[-1] == last)
        assert (await asyncio.wait_for(waiter, T))["s"] == "BTC"
        info = ex.connection_info(server.url)
        assert info["state"] == "open" and info["rotations"] >= 3
        assert server.connections >= 4 and len(server.sockets) == 1  # the old ones were closed
        assert len(server.subscribes) == server.connections  # each new connection subscribed once
    finally:
        await ex.close()
    seq = ex.dispatched
    assert seq[0] == first["n"] == 0
    assert seq == list(range(len(seq)))  # none lost, none twice
    assert [e for e in events if not e.data.get("by_user")] == []


async def test_a_request_awaiting_its_reply_postpones_the_rotation(server):
    server.answer_requests = False
    ex = _rotating(server, max_age=100)
    try:
        request = asyncio.ensure_future(ex.watch_request(server.url, "r1", {"op": "req", "id": "r1"}, timeout=0))
        await _until(lambda: server.connections == 1 and (ex.connection_info(server.url) or {}).get("state") == "open")
        await asyncio.sleep(0.4)  # four ages
        assert ex.connection_info(server.url)["rotations"] == 0 and server.connections == 1
        # once answered, the connection is rotated
        await server.push({"id": "r1", "result": "late"})
        assert (await asyncio.wait_for(request, T))["result"] == "late"
        await _until(lambda: ex.connection_info(server.url)["rotations"] >= 1)
        assert server.connections == 2
    finally:
        await ex.close()


async def test_no_rotation_with_zero_and_none_after_close(server):
    ex = _rotating(server, max_age=0)
    try:
        await asyncio.wait_for(_subscribe(ex, server), T)
        assert ex.clients[server.url].rotation_policy is None
    finally:
        await ex.close()
    ex = _rotating(server, max_age=100)
    await _subscribe(ex, server)
    client = ex.clients[server.url]
    await ex.close()
    assert client.rotation_task is None
    await asyncio.sleep(0.25)
    assert client.rotations == 0 and len(server.sockets) == 0


async def _subscribe(ex: Counting, server: WsServer) -> None:
    pending = asyncio.ensure_future(ex.watch_ticker("BTC"))
    await server.wait_subscribes(len(server.subscribes) + 1)
    await server.push({"e": "ticker", "s": "BTC", "n": -1})
    await asyncio.wait_for(pending, T)
