"""The websocket runtime against a real local server (no network mocks)."""

from __future__ import annotations

import asyncio
import gc
import logging
import socket

import pytest

from ccxtpro.errors import BadResponse, ExchangeClosedByUser, NetworkError, NotSupported, RequestTimeout
from ccxtpro.ws import WsEvent
from ccxtpro.ws.protocol import MAX_PARKED_REJECTIONS

from .ws_helpers import StandIn, WsServer, transport_params

T = 5  # seconds: a generous bound so nothing can hang a test run


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


@pytest.fixture
async def ex(server):
    exchange = StandIn(server.url)
    yield exchange
    await exchange.close()


async def test_watch_subscribes_once_and_resolves(ex, server):
    a = asyncio.ensure_future(ex.watch_ticker("A"))
    b = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(1)
    await server.push({"e": "ticker", "s": "A", "p": 1})
    assert (await asyncio.wait_for(a, T))["p"] == 1
    assert (await asyncio.wait_for(b, T))["p"] == 1
    assert len(server.subscribes) == 1
    assert ex.connections() == [server.url]
    info = ex.connection_info(server.url)
    assert info["state"] == "open" and info["frames_sent"] == 1 and "ticker:A" in info["subscriptions"]


async def test_watch_multiple_settles_on_first(ex, server):
    fut = asyncio.ensure_future(ex.watch_tickers(["A", "B"]))
    await server.wait_subscribes(1)
    await server.push({"e": "ticker", "s": "B", "p": 2})
    assert (await asyncio.wait_for(fut, T))["s"] == "B"


async def test_combined_stream_frames_are_unwrapped(ex, server):
    fut = asyncio.ensure_future(ex.watch_ticker("C"))
    await server.wait_subscribes(1)
    await server.push({"stream": "c@ticker", "data": {"e": "ticker", "s": "C", "p": 3}})
    assert (await asyncio.wait_for(fut, T))["p"] == 3


async def test_drop_rejects_every_waiter_with_network_error(ex, server):
    a = asyncio.ensure_future(ex.watch_ticker("A"))
    b = asyncio.ensure_future(ex.watch_ticker("B"))
    await server.wait_subscribes(2)
    await server.drop()
    for fut in (a, b):
        with pytest.raises(NetworkError):
            await asyncio.wait_for(fut, T)
    assert ex.connections() == []
    info = ex.connection_info(server.url)
    assert info["state"] == "closed" and info["pending"] == []


async def test_invalid_json_is_counted_and_logged_once_not_held_against_the_waiters(ex, server, caplog):
    errors: list[WsEvent] = []
    ex.on_event(errors.append, "error")
    fut = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(1)
    for _ in range(3):
        await server.push("{not json")
    await server.push({"e": "ticker", "s": "A", "p": 9})  # the stream goes on: the waiter gets it
    assert (await asyncio.wait_for(fut, T))["p"] == 9
    assert server.connections == 1
    assert ex.connection_info(server.url)["invalid_frames"] == 3
    assert len(errors) == 3 and all(isinstance(e["error"], BadResponse) for e in errors)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING and "invalid frame" in r.getMessage()]
    assert len(warnings) == 1


async def test_text_route_is_not_an_invalid_frame(ex, server):
    fut = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(1)
    await server.push("pong")
    await server.push({"e": "ticker", "s": "A", "p": 1})
    assert (await asyncio.wait_for(fut, T))["p"] == 1
    assert ex.pongs == 1


async def test_request_routed_by_id(ex, server):
    reply = await asyncio.wait_for(ex.watch_request(server.url, 41, {"op": "req", "id": 41, "echo": "hi"}), T)
    assert reply == {"id": 41, "result": "hi"}
    client = ex.client(server.url)
    assert "41" not in client.futures and "41" not in client.subscriptions


async def test_request_timeout_forgets_the_request(ex, server):
    server.answer_requests = False
    with pytest.raises(RequestTimeout):
        await ex.watch_request(server.url, 5, {"op": "req", "id": 5}, timeout=50)
    client = ex.client(server.url)
    assert "5" not in client.futures and "5" not in client.subscriptions


async def test_unawaited_rejections_and_cancelled_waiters_stay_bounded(ex, server):
    await asyncio.wait_for(ex.watch_request(server.url, 1, {"op": "req", "id": 1}), T)
    client = ex.client(server.url)
    for i in range(MAX_PARKED_REJECTIONS * 3):
        client.reject(ValueError("x"), f"nobody-{i}")
    assert len(client.rejections) == MAX_PARKED_REJECTIONS
    for _ in range(50):
        task = asyncio.ensure_future(ex.watch_ticker("Z"))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert len(client.futures) <= 1, "one slot per message hash, however many waiters gave up"
    fut = client.future("parked")
    client.reject(ValueError("first"), "parked")
    with pytest.raises(ValueError):
        await fut


async def test_parked_rejection_reaches_next_waiter(ex, server):
    client = ex.client(server.url)
    client.reject(BadResponse("early"), "ticker:Q")
    with pytest.raises(BadResponse):
        await asyncio.wait_for(ex.watch_ticker("Q"), T)


async def test_telemetry_events(ex, server):
    events: list[WsEvent] = []
    ex.on_event(events.append)
    only_connect: list[WsEvent] = []
    ex.on_event(only_connect.append, "connect")
    fut = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(1)
    await server.push({"e": "ticker", "s": "A"})
    await asyncio.wait_for(fut, T)
    pending = asyncio.ensure_future(ex.watch_ticker("B"))
    await server.wait_subscribes(2)
    await server.push("{broken")  # reported as an event, not held against the waiter
    await asyncio.sleep(0.05)
    assert not pending.done()
    ex.clients[server.url].reject(BadResponse("refused by the exchange"), "ticker:B")
    with pytest.raises(BadResponse):
        await asyncio.wait_for(pending, T)
    pending = asyncio.ensure_future(ex.watch_ticker("B"))
    await asyncio.sleep(0)
    await server.drop()
    with pytest.raises(NetworkError):
        await asyncio.wait_for(pending, T)
    after = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(3)
    await server.push({"e": "ticker", "s": "A"})
    await asyncio.wait_for(after, T)
    types = [e.type for e in events]
    for kind in ("connect", "send", "message", "resolve", "reject", "error", "disconnect", "reconnect"):
        assert kind in types, kind
    assert {e.type for e in only_connect} == {"connect"} and len(only_connect) == 2
    resolve = next(e for e in events if e.type == "resolve")
    assert resolve["message_hash"] == "ticker:A" and resolve.url == server.url
    reconnect = next(e for e in events if e.type == "reconnect")
    assert reconnect["attempt"] == 1 and reconnect["delay"] > 0
    assert types.index("disconnect") < types.index("reconnect")
    ex.off_event(events.append)
    n = len(events)
    await ex.close_ws()
    assert len(events) == n


async def test_failing_telemetry_handler_does_not_break_runtime(ex, server, caplog):
    def broken(event):
        raise RuntimeError("observer bug")

    ex.on_event(broken)
    fut = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(1)
    await server.push({"e": "ticker", "s": "A", "p": 1})
    assert (await asyncio.wait_for(fut, T))["p"] == 1


async def test_unknown_event_type_is_refused(ex):
    with pytest.raises(ValueError, match="unknown telemetry"):
        ex.on_event(print, ["connect", "nonsense"])


async def test_verbose_logging_redacts_credentials(server, caplog):
    listen_key = "LK-9f8e7d6c5b4a39281706"
    ex = StandIn(server.url, verbose=True)
    caplog.set_level(logging.INFO, logger="ccxtpro.ws")
    try:
        reply = asyncio.ensure_future(ex.watch_request(server.url, 3, {
            "op": "req", "id": 3, "echo": "ok",
            "params": {"apiKey": "AK-very-secret-key", "signature": "deadbeefcafebabe", "listenKey": listen_key},
        }))
        assert (await asyncio.wait_for(reply, T))["result"] == "ok"
        # a user-data style URL: the listen key seen above is masked in the path too
        ex.url = server.url + "/" + listen_key + "?signature=abcdef123456"
        fut = asyncio.ensure_future(ex.watch_ticker("A"))
        await server.wait_subscribes(1)
        await server.push({"e": "ticker", "s": "A", "listenKey": listen_key})
        await asyncio.wait_for(fut, T)
    finally:
        await ex.close()
    text = caplog.text
    assert "send" in text and "recv" in text and "connected" in text
    for secret in ("AK-very-secret-key", "deadbeefcafebabe", listen_key, "abcdef123456"):
        assert secret not in text, secret
    assert "***" in text


async def test_telemetry_events_are_redacted(server):
    """Handlers ship events to log aggregators: URL, request, frame and error arrive masked."""
    from ccxtpro.redact import Redactor

    listen_key = "LK-telemetry-0123456789"
    ex = StandIn(server.url + "/" + listen_key, redactor=Redactor(["AK-telemetry-key"]))
    ex.redactor.learn({"listenKey": listen_key})  # as the REST layer does with every response
    events: list[WsEvent] = []
    ex.on_event(events.append)
    try:
        reply = asyncio.ensure_future(ex.watch_request(ex.url, 4, {
            "op": "req", "id": 4, "echo": "ok", "params": {"apiKey": "AK-telemetry-key", "signature": "5ig0123456"},
        }))
        assert (await asyncio.wait_for(reply, T))["result"] == "ok"
        fut = asyncio.ensure_future(ex.watch_ticker("A"))
        await server.wait_subscribes(1)
        await server.push({"e": "ticker", "s": "A", "listenKey": listen_key})
        await asyncio.wait_for(fut, T)
        pending = asyncio.ensure_future(ex.watch_ticker("B"))
        await asyncio.sleep(0)
        await server.drop()
        with pytest.raises(NetworkError) as info:
            await asyncio.wait_for(pending, T)
    finally:
        await ex.close()
    assert listen_key not in str(info.value)
    send = next(e for e in events if e.type == "send" and isinstance(e["message"], dict) and "params" in e["message"])
    assert send["message"]["params"] == {"apiKey": "***", "signature": "***"} and send["message"]["echo"] == "ok"
    shown = repr(events) + "".join(str(e.data.get("error")) for e in events)
    for secret in ("AK-telemetry-key", "5ig0123456", listen_key):
        assert secret not in shown, secret
    assert {"connect", "send", "message", "disconnect"} <= {e.type for e in events}


def test_credentials_of_the_exchange_are_never_logged(caplog):
    from ccxtpro.redact import Redactor

    r = Redactor(["my-api-key-123", "my-secret-456"])
    text = r.loggable({"a": "my-api-key-123", "nested": [{"secret": "x" * 8}], "s": "sig=my-secret-456"})
    assert "my-api-key-123" not in text and "my-secret-456" not in text and "xxxxxxxx" not in text


async def test_close_connection_and_close_ws(ex, server):
    fut = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(1)
    assert await ex.close_connection(server.url)
    with pytest.raises(ExchangeClosedByUser):
        await asyncio.wait_for(fut, T)
    assert not await ex.close_connection(server.url)
    assert ex.connections() == []
    fut = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(2)
    await ex.close_ws()
    with pytest.raises(ExchangeClosedByUser):
        await asyncio.wait_for(fut, T)
    assert ex.connections() == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_dial_failure_rejects_and_backs_off():
    url = f"ws://127.0.0.1:{_free_port()}/ws"
    ex = StandIn(url, reconnect={"initialDelay": 0.02, "jitter": 0.0})
    events: list[WsEvent] = []
    ex.on_event(events.append, ["reconnect", "disconnect"])
    try:
        with pytest.raises(NetworkError):
            await asyncio.wait_for(ex.watch_ticker("A"), T)
        with pytest.raises(NetworkError):
            await asyncio.wait_for(ex.watch_ticker("A"), T)
    finally:
        await ex.close()
    delays = [e["delay"] for e in events if e.type == "reconnect"]
    assert delays and delays[0] == pytest.approx(0.02)
    assert ex.connection_info(url)["failures"] == 2


async def test_keepalive_timeout_rejects_waiters(server):
    pings: list[str] = []

    def ping(client):
        pings.append(client.url)
        return {"op": "ping"}  # this server never answers it

    ex = StandIn(server.url, keepalive=30, ping=ping)
    try:
        fut = asyncio.ensure_future(ex.watch_ticker("A"))
        with pytest.raises(RequestTimeout):
            await asyncio.wait_for(fut, T)
    finally:
        await ex.close()
    assert pings


async def test_protocol_pings_keep_a_healthy_connection(server):
    ex = StandIn(server.url, keepalive=20)
    try:
        fut = asyncio.ensure_future(ex.watch_ticker("A"))
        await server.wait_subscribes(1)
        client = ex.client(server.url)

        async def pinged_and_ponged() -> None:
            while client.state.last_ping is None or client.lastPong <= client.state.last_ping:
                await asyncio.sleep(0.005)  # polls a condition; bounded by wait_for

        await asyncio.wait_for(pinged_and_ponged(), T)
        await server.push({"e": "ticker", "s": "A", "p": 1})
        assert (await asyncio.wait_for(fut, T))["p"] == 1
    finally:
        await ex.close()


async def test_handler_exception_does_not_kill_connection(ex, server):
    errors: list[WsEvent] = []
    ex.on_event(errors.append, "error")
    fut = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(1)
    await server.push({"e": "ticker"})  # no "s": the handler raises KeyError
    await server.push({"e": "ticker", "s": "A", "p": 5})
    assert (await asyncio.wait_for(fut, T))["p"] == 5
    assert len(errors) == 1 and isinstance(errors[0]["error"], KeyError)
    assert ex.connection_info(server.url)["handler_errors"] == 1


async def test_no_unretrieved_exception_warnings(server, caplog):
    ex = StandIn(server.url)
    caplog.set_level(logging.ERROR, logger="asyncio")
    fut = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(1)
    ex.client(server.url).future("orphan")  # nobody awaits this one
    await server.drop()
    with pytest.raises(NetworkError):
        await asyncio.wait_for(fut, T)
    await ex.close()
    gc.collect()
    assert "never retrieved" not in caplog.text


async def test_clean_unsubscription_and_find_message_hashes():
    from ccxtpro.errors import UnsubscribeError

    ex = StandIn("ws://127.0.0.1:9/unused")
    client = ex.client(ex.url)  # never dialed: only its bookkeeping is used
    trades = client.future("trades:BTC")
    trades_eth = client.future("trades:ETH")
    unsub = client.future("unsubscribe:trades:BTC")
    client.subscriptions.update({"trades:BTC": True, "trades:ETH": True, "unsubscribe:trades:BTC": True})
    assert sorted(ex.find_message_hashes(client, "trades:")) == [
        "trades:BTC", "trades:ETH", "unsubscribe:trades:BTC"]
    ex.clean_unsubscription(client, "trades:BTC", "unsubscribe:trades:BTC")
    assert await unsub is True
    with pytest.raises(UnsubscribeError):
        await trades
    assert not trades_eth.done() and set(client.subscriptions) == {"trades:ETH"}
    ex.clean_unsubscription(client, "trades:", None, True)
    with pytest.raises(UnsubscribeError):
        await trades_eth
    assert client.subscriptions == {} and client.reusable_future("x") is client.future("x")
    await ex.close()


async def test_subscribe_sends_go_through_the_client_throttle(server):
    ex = StandIn(server.url, enableRateLimit=True, rateLimit=1)
    costs = []
    try:
        client = ex.client(server.url)
        assert client.throttle is not None
        real = client.throttle

        async def spy(cost=1.0):
            costs.append(cost)
            await real(cost)

        client.throttle = spy
        a = asyncio.ensure_future(ex.watch_ticker("A"))
        b = asyncio.ensure_future(ex.watch_ticker("B"))
        await server.wait_subscribes(2)
        await server.push({"e": "ticker", "s": "A"})
        await server.push({"e": "ticker", "s": "B"})
        await asyncio.wait_for(asyncio.gather(a, b), T)
    finally:
        await ex.close()
    assert costs == [1, 1]
    assert StandIn(server.url).client(server.url).throttle is None, "no pacing unless enableRateLimit"


async def test_override_of_handle_message_is_reached_through_fallback(server):
    class Overriding(StandIn):
        def ws_routes(self):
            return [{"path": "e", "value": "ticker", "handler": "handle_ticker"},
                    {"fallback": "handle_message"}]

        def handle_message(self, client, message):
            if "kind" in message:  # acks land here too: only resolve the frame under test
                client.resolve(message, "other")

    ex = Overriding(server.url)
    try:
        other = ex.watch(server.url, "other", {"op": "sub", "s": "X"}, "other")
        tick = asyncio.ensure_future(ex.watch_ticker("A"))
        await server.wait_subscribes(2)
        await server.push({"kind": "unrouted"})
        await server.push({"e": "ticker", "s": "A"})
        assert (await asyncio.wait_for(other, T)) == {"kind": "unrouted"}
        assert (await asyncio.wait_for(tick, T))["s"] == "A"
    finally:
        await ex.close()


def test_fallback_to_the_base_handle_message_is_refused():
    from ccxtpro._core.dispatch import RouteError

    class Looping(StandIn):
        def ws_routes(self):
            return [{"fallback": "handle_message"}]

    with pytest.raises(RouteError, match="route to itself"):
        Looping("ws://127.0.0.1:9/x").ws_dispatcher


class RecordingRoute:
    """A toy auth route: records what the runtime asks of it."""

    def __init__(self, lost: bool = True) -> None:
        self.calls: list[str] = []
        self.lost = lost
        self.release = asyncio.Event()
        self.release.set()

    def forget(self, exchange):
        self.calls.append("forget")

    async def authenticate(self, exchange, params):
        self.calls.append("authenticate")
        await self.release.wait()

    def lost_with(self, exchange, client):
        return self.lost


async def test_reauthenticate_forgets_then_authenticates_once_for_concurrent_callers(ex):
    from ccxtpro.errors import NotSupported
    from ccxtpro.wiring import Wiring

    route = RecordingRoute()
    ex.wiring = Wiring("standin", auth_routers={"spot": route})
    route.release.clear()
    first = asyncio.ensure_future(ex.reauthenticate("spot"))
    second = asyncio.ensure_future(ex.reauthenticate("spot"))
    await asyncio.sleep(0.01)
    route.release.set()
    await asyncio.wait_for(asyncio.gather(first, second), T)
    assert route.calls == ["forget", "authenticate"]
    with pytest.raises(NotSupported, match="'margin'"):
        await ex.reauthenticate("margin")


async def test_a_lost_connection_re_establishes_the_streams_lost_with_it(server):
    from ccxtpro.wiring import Wiring

    lost, kept = RecordingRoute(lost=True), RecordingRoute(lost=False)
    ex = StandIn(server.url)
    ex.wiring = Wiring("standin", auth_routers={"spot": lost, "future": kept})
    try:
        pending = asyncio.ensure_future(ex.watch_ticker("A"))
        await server.wait_subscribes(1)
        await server.drop()
        with pytest.raises(NetworkError):
            await asyncio.wait_for(pending, T)
        for _ in range(100):
            if lost.calls == ["forget", "authenticate"]:
                break
            await asyncio.sleep(0.01)
        assert lost.calls == ["forget", "authenticate"] and kept.calls == []
        # closing by the user loses nothing: no re-authentication
        lost.calls.clear()
        fut = asyncio.ensure_future(ex.watch_ticker("A"))
        await server.wait_subscribes(2)
    finally:
        await ex.close()
    with pytest.raises(ExchangeClosedByUser):
        await asyncio.wait_for(fut, T)
    await asyncio.sleep(0.05)
    assert lost.calls == []


async def test_a_closed_instance_refuses_to_dial_until_reopened(ex, server):
    fut = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(1)
    ex.closed_by_user = True  # what Exchange.close() leaves behind (REST refuses the same way)
    await ex.close_ws()
    with pytest.raises(ExchangeClosedByUser):
        await asyncio.wait_for(fut, T)
    with pytest.raises(ExchangeClosedByUser, match="closed by the user"):
        await ex.watch_ticker("A")
    assert ex.connections() == []
    ex.closed_by_user = False  # Exchange.open() / async with
    again = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(2)
    await server.push({"e": "ticker", "s": "A", "p": 2})
    assert (await asyncio.wait_for(again, T))["p"] == 2


async def test_delayed_calls_are_cancelled_by_close_and_failures_are_logged(ex, caplog):
    ran: list[int] = []

    async def job(n):
        ran.append(n)
        if n == 2:
            raise ValueError("job failed")

    ex.delay(1, job, 1)
    ex.delay(1, job, 2)
    ex.delay(10_000, job, 3)  # a listen-key keepalive, say
    await asyncio.sleep(0.05)
    assert ran == [1, 2] and "job failed" in caplog.text
    await ex.close_ws()
    assert ex.__dict__.get("_ws_timers", set()) == set()


async def test_a_stream_that_stops_while_pings_are_answered_is_reconnected(server):
    ex = StandIn(server.url)
    ex.options["ws"].update({"staleAfter": 300, "staleFactor": 5})
    try:
        fut = asyncio.ensure_future(ex.watch_ticker("A"))
        await server.wait_subscribes(1)
        for i in range(25):  # the stream shows its pace
            await server.push({"e": "ticker", "s": "Z", "p": i})
            await asyncio.sleep(0.005)
        # then silence, with the server still answering pings: only the watchdog can tell
        with pytest.raises(RequestTimeout, match="stalled"):
            await asyncio.wait_for(fut, T)
        again = asyncio.ensure_future(ex.watch_ticker("A"))
        await server.wait_subscribes(2)  # reconnected and subscribed again
        await server.push({"e": "ticker", "s": "A", "p": 1})
        assert (await asyncio.wait_for(again, T))["p"] == 1
    finally:
        await ex.close()


async def test_an_unknown_transport_fails_the_watch_instead_of_hanging(server, monkeypatch):
    monkeypatch.setenv("CCXTPRO_WS_TRANSPORT", "nope")
    exchange = StandIn(server.url)
    try:
        with pytest.raises(NotSupported, match="nope"):
            await asyncio.wait_for(exchange.watch_ticker("A"), T)
    finally:
        await exchange.close()


def test_telemetry_redacts_frames_only_for_someone_who_listens_to_them():
    from ccxtpro.ws.telemetry import Telemetry

    telemetry, seen = Telemetry(), []
    handler = telemetry.add(seen.append, ("connect", "disconnect"))
    assert telemetry.active and not telemetry.messages  # per-frame events are not even built
    telemetry.emit("message", "ws://x", message="{}")
    telemetry.emit("connect", "ws://x")
    assert [e.type for e in seen] == ["connect"]
    everything = telemetry.add(seen.append)
    assert telemetry.messages
    telemetry.remove(everything)
    telemetry.remove(handler)
    assert not telemetry.active and not telemetry.messages


async def test_a_client_never_dialled_is_not_listed_as_a_connection(ex, server):
    ex.client("authenticationFlights")  # CCXT code keeps futures on such a client; it never connects
    watch = asyncio.ensure_future(ex.watch_ticker("A"))
    await server.wait_subscribes(1)
    assert ex.connections() == [server.url]
    watch.cancel()


class RawTaker(StandIn):
    """A plugin's ``raw_frame`` taker: frames holding ``"raw"`` are handled from their bytes."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.seen: list[type] = []

    def ws_handlers(self) -> dict:
        def raw_frame(exchange, client, data) -> bool:
            exchange.seen.append(type(data))
            text = bytes(data) if not isinstance(data, str) else data.encode()
            if b'"boom"' in text:
                raise RuntimeError("a taker failed")
            if b'"raw"' not in text:
                return False
            client.resolve({"from": "bytes", "size": len(text)}, "ticker:R")
            return True
        return {"raw_frame": raw_frame}


async def test_a_raw_frame_taker_sees_frames_before_they_are_decoded(server):
    ex = RawTaker(server.url)
    errors: list[WsEvent] = []
    ex.on_event(errors.append, "error")
    try:
        taken = asyncio.ensure_future(ex.watch_ticker("R"))
        await server.wait_subscribes(1)
        await server.push({"e": "ticker", "s": "R", "p": 1, "raw": True})
        assert (await asyncio.wait_for(taken, T))["from"] == "bytes"
        assert "R" not in ex.tickers  # never decoded nor routed
        declined = asyncio.ensure_future(ex.watch_ticker("A"))
        await server.push({"e": "ticker", "s": "A", "p": 2, "boom": 1})  # the taker raises: counted, not fatal
        await server.push({"e": "ticker", "s": "A", "p": 3})
        assert (await asyncio.wait_for(declined, T))["p"] == 3  # declined: decoded and routed as usual
        assert ex.seen and all(t in (str, bytes, memoryview) for t in ex.seen)
        assert len(errors) == 1 and isinstance(errors[0]["error"], RuntimeError)
        assert ex.connection_info(server.url)["handler_errors"] == 1
    finally:
        await ex.close()
