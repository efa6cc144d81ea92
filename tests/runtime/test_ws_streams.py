"""``stream_*`` iterators: retry what retrying may fix, stop on the rest."""

from __future__ import annotations

import asyncio
import socket

import pytest

from ccxtpro.errors import BadSymbol, ChecksumError, NetworkError

from .ws_helpers import StandIn, WsServer, transport_params

T = 5


@pytest.fixture(autouse=True, params=transport_params())
def ws_transport(request, monkeypatch):
    """Every test here runs on each websocket transport."""
    monkeypatch.setenv("CCXTPRO_WS_TRANSPORT", request.param)
    return request.param


@pytest.fixture
async def server():
    srv = await WsServer().start()
    yield srv
    await srv.stop()


async def test_stream_survives_drop_and_resubscribes(server):
    ex = StandIn(server.url)
    events = []
    ex.on_event(events.append, ["disconnect", "reconnect", "connect"])
    got = []

    async def consume():
        async for t in ex.stream_ticker("A"):
            got.append(t["p"])
            if len(got) == 2:
                return

    task = asyncio.ensure_future(consume())
    try:
        await server.wait_subscribes(1)
        await server.push({"e": "ticker", "s": "A", "p": 1})
        await server.drop()
        await server.wait_subscribes(2)  # the stream dialed again and resubscribed
        await server.push({"e": "ticker", "s": "A", "p": 2})
        await asyncio.wait_for(task, T)
    finally:
        await ex.close()
    assert got == [1, 2]
    assert [e.type for e in events] == ["connect", "disconnect", "reconnect", "connect", "disconnect"]


async def test_stream_retries_checksum_errors(server):
    ex = StandIn(server.url)
    stream = ex.watch_stream("watch_ticker", "A")
    nxt = asyncio.ensure_future(stream.__anext__())
    try:
        await server.wait_subscribes(1)
        ex.client(server.url).reject(ChecksumError("gap"), "ticker:A")
        await asyncio.sleep(0)
        await server.push({"e": "ticker", "s": "A", "p": 7})
        assert (await asyncio.wait_for(nxt, T))["p"] == 7
        assert stream.retries == 1
    finally:
        await ex.close()


async def test_stream_stops_on_errors_retrying_cannot_fix(server):
    ex = StandIn(server.url)

    async def watch_ticker(symbol):
        raise BadSymbol(symbol)

    ex.watch_ticker = watch_ticker
    try:
        with pytest.raises(BadSymbol):
            async for _ in ex.watch_stream("watch_ticker", "NOPE"):
                pass
    finally:
        await ex.close()


async def test_stream_gives_up_after_max_retries_with_growing_delays():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"ws://127.0.0.1:{s.getsockname()[1]}/ws"
    ex = StandIn(url, reconnect={"initialDelay": 0.005, "factor": 2, "jitter": 0.0})
    delays = []
    ex.on_event(lambda e: delays.append(e["delay"]), "reconnect")
    try:
        with pytest.raises(NetworkError):
            async for _ in ex.watch_stream("watch_ticker", "A", max_retries=3):
                pass
    finally:
        await ex.close()
    assert delays == pytest.approx([0.005, 0.01, 0.02])


async def test_aclose_and_break_end_the_stream(server):
    ex = StandIn(server.url)
    try:
        stream = ex.stream_ticker("A")
        nxt = asyncio.ensure_future(stream.__anext__())
        await server.wait_subscribes(1)
        await server.push({"e": "ticker", "s": "A", "p": 1})
        assert (await asyncio.wait_for(nxt, T))["p"] == 1
        await stream.aclose()
        with pytest.raises(StopAsyncIteration):
            await stream.__anext__()
        async with ex.stream_ticker("A") as again:
            nxt = asyncio.ensure_future(again.__anext__())
            await asyncio.sleep(0)
            await server.push({"e": "ticker", "s": "A", "p": 2})
            assert (await asyncio.wait_for(nxt, T))["p"] == 2
        assert again.closed
        assert ex.client(server.url).futures == {} or all(not f.done() for f in ex.client(server.url).futures.values())
    finally:
        await ex.close()


async def test_stream_attribute_only_for_existing_watch_methods(server):
    ex = StandIn(server.url)
    assert callable(ex.stream_ticker) and ex.stream_ticker.__name__ == "stream_ticker"
    with pytest.raises(AttributeError):
        ex.stream_nothing_like_this
    with pytest.raises(AttributeError):
        ex.no_such_attribute
    with pytest.raises(AttributeError, match="no watch method"):
        ex.watch_stream("watch_nothing")
    assert ex.connection_info("ws://never.used") is None
