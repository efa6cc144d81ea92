"""The route table, on both implementations (ids ``py`` and ``c``)."""

from __future__ import annotations

import contextlib
import os

import pytest

from ccxtpro._core import dispatch
from ccxtpro._core import dispatch_py
from ccxtpro._core.dispatch_py import RouteError

IMPLS = [pytest.param(dispatch_py.RouteTable, id="py")]
with contextlib.suppress(ImportError):
    from ccxtpro._core import dispatch_c

    IMPLS.append(pytest.param(dispatch_c.RouteTable, id="c"))


@pytest.fixture(params=IMPLS)
def RouteTable(request):
    return request.param


class Client:
    def __init__(self):
        self.subscriptions = {}
        self.futures = {}
        self.resolved = []

    def resolve(self, result, message_hash):
        self.resolved.append((message_hash, result))
        self.futures.pop(message_hash, None)


class Target:
    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        if name.startswith("handle_"):
            def handler(client, message, _name=name):
                self.calls.append((_name, message))
            return handler
        raise AttributeError(name)


ROUTES = [
    {"unwrap": "data", "if_present": "stream"},
    {"path": "error", "present": True, "handler": "handle_error"},
    {"path": "status", "not_values": ["200", 200], "handler": "handle_error"},
    {"path": "e", "value": "trade", "handler": "handle_trade"},
    {"path": "e", "values": ["kline", "markPrice_kline"], "handler": "handle_ohlcv"},
    {"path": "0.e", "value": "24hrTicker", "handler": "handle_tickers"},
    {"path": "id", "request_id": True, "handler": "handle_status"},
    {"path": "result.kind", "value": "pos", "handler": "handle_positions", "payload": "result"},
    {"text": "pong", "handler": "handle_pong"},
    {"fallback": "handle_other"},
]


def route(RouteTable, frame, client=None):
    target = Target()
    matched = RouteTable(ROUTES).bind(target).dispatch(client or Client(), frame)
    return matched, target.calls


def test_value_routes(RouteTable):
    assert route(RouteTable, {"e": "trade", "p": "1"}) == (True, [("handle_trade", {"e": "trade", "p": "1"})])
    assert route(RouteTable, {"e": "markPrice_kline"})[1][0][0] == "handle_ohlcv"


def test_unwrap_combined_stream(RouteTable):
    inner = {"e": "kline", "k": {}}
    assert route(RouteTable, {"stream": "btc@kline", "data": inner}) == (True, [("handle_ohlcv", inner)])


def test_list_frames_by_index(RouteTable):
    frame = [{"e": "24hrTicker", "s": "A"}, {"e": "24hrTicker", "s": "B"}]
    assert route(RouteTable, frame) == (True, [("handle_tickers", frame)])
    assert route(RouteTable, [])[1][0][0] == "handle_other"


def test_priority_error_first(RouteTable):
    assert route(RouteTable, {"e": "trade", "error": {"code": 1}})[1][0][0] == "handle_error"
    assert route(RouteTable, {"status": 400, "id": 1})[1][0][0] == "handle_error"
    assert route(RouteTable, {"status": 200, "id": 1})[1][0][0] == "handle_status"


def test_payload_path(RouteTable):
    assert route(RouteTable, {"result": {"kind": "pos", "n": 1}}) == (True, [("handle_positions", {"kind": "pos", "n": 1})])


def test_unhashable_and_odd_values_fall_through(RouteTable):
    assert route(RouteTable, {"e": {"nested": 1}})[1][0][0] == "handle_other"
    assert route(RouteTable, {"e": None})[1][0][0] == "handle_other"
    assert route(RouteTable, "plain")[1][0][0] == "handle_other"
    assert route(RouteTable, 42)[1][0][0] == "handle_other"


def test_request_id_subscription_method_is_one_shot(RouteTable):
    client = Client()
    got = []
    client.subscriptions["7"] = {"method": lambda c, m: got.append(m)}
    frame = {"id": 7, "status": 200, "result": {}}
    assert route(RouteTable, frame, client)[0]
    assert got == [frame] and "7" not in client.subscriptions


def test_request_id_resolves_waiter(RouteTable):
    client = Client()
    client.futures["abc"] = object()
    client.subscriptions["abc"] = {"id": "abc"}
    matched, calls = route(RouteTable, {"id": "abc", "result": 1}, client)
    assert matched and calls == [] and client.resolved == [("abc", {"id": "abc", "result": 1})]
    assert client.subscriptions == {}


def test_request_id_falls_back_to_handler(RouteTable):
    assert route(RouteTable, {"id": 99, "result": None})[1][0][0] == "handle_status"


def test_text_routes(RouteTable):
    target = Target()
    d = RouteTable(ROUTES).bind(target)
    assert d.dispatch_text(Client(), "pong") and target.calls == [("handle_pong", "pong")]
    assert not d.dispatch_text(Client(), "nope")


def test_no_match_without_fallback(RouteTable):
    d = RouteTable([{"path": "e", "value": "x", "handler": "handle_x"}]).bind(Target())
    assert d.dispatch(Client(), {"e": "y"}) is False
    assert d.dispatch(Client(), {"e": "x"}) is True


def test_missing_handler_fails_at_bind(RouteTable):
    class Bare:
        pass

    with pytest.raises(RouteError, match="handle_nope"):
        RouteTable([{"path": "e", "value": "x", "handler": "handle_nope"}]).bind(Bare())


@pytest.mark.parametrize("bad", [
    [{"path": "e", "handler": "h"}],
    [{"handler": "h"}],
    [{"path": "", "value": 1, "handler": "h"}],
    [{"fallback": "a"}, {"fallback": "b"}],
    ["not a mapping"],
])
def test_malformed_routes(RouteTable, bad):
    with pytest.raises(RouteError):
        RouteTable(bad)


def test_first_value_route_wins(RouteTable):
    routes = [{"path": "e", "value": "x", "handler": "handle_a"}, {"path": "e", "value": "x", "handler": "handle_b"}]
    target = Target()
    RouteTable(routes).bind(target).dispatch(Client(), {"e": "x"})
    assert target.calls[0][0] == "handle_a"


def test_handler_names(RouteTable):
    names = RouteTable(ROUTES).handler_names()
    assert {"handle_trade", "handle_ohlcv", "handle_pong", "handle_other", "handle_status"} <= names


def test_default_is_compiled_unless_switched_off():
    if os.environ.get("CCXTPRO_NO_EXTENSIONS", "") not in ("", "0"):
        assert dispatch.RouteTable is dispatch.RouteTablePy
    else:
        assert dispatch.RouteTable is dispatch.RouteTableC


# -- the twins agree on arbitrary frames ------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_keys = st.sampled_from(["e", "id", "data", "stream", "status", "error", "result", "kind", "0", "x"])
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 300),
                     st.sampled_from(["trade", "kline", "24hrTicker", "200", "pos", "pong", "abc", "7"]))
_frames = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(_keys, inner, max_size=5)),
                       max_leaves=12)


def _record(RouteTable, frame, subs):
    client = Client()
    client.subscriptions.update(subs)
    target = Target()
    try:
        matched = RouteTable(ROUTES).bind(target).dispatch(client, frame)
    except Exception as e:  # both must fail the same way, if at all
        return ("raised", type(e).__name__)
    return matched, target.calls, client.resolved, sorted(map(str, client.subscriptions))


@pytest.mark.skipif(len(IMPLS) < 2, reason="the compiled twin is not built")
@settings(max_examples=300, deadline=None)
@given(frame=_frames, subs=st.dictionaries(st.sampled_from(["7", "abc", "1"]), st.just({"id": "x"}), max_size=2))
def test_twins_route_every_frame_alike(frame, subs):
    assert _record(dispatch_py.RouteTable, frame, subs) == _record(dispatch_c.RouteTable, frame, subs)
