"""Passes on the real source: closure, classification, contracts and idiom lowering."""

from __future__ import annotations

import pytest

from codegen import ir
from codegen.naming import snake
from codegen.passes import classify, closure, contracts, idioms



@pytest.fixture(scope="module")
def cl(program):
    return closure.compute(program)


def test_closure_starts_from_every_pro_method(program, cl):
    assert cl.methods["pro"] == sorted(program.classes["pro"].methods)


def test_closure_reaches_rest_and_base_and_stops_at_runtime(program, cl):
    rest, base = set(cl.methods["rest"]), set(cl.methods["base"])
    assert {"parseTrade", "parseOrder", "parseMarket", "fetchMarkets", "sign", "handleErrors"} <= rest
    assert {"safeTrade", "safeOrder", "safeTicker", "filterBySinceLimit", "handleOptionAndParams"} <= base
    owned = {n for _, n in cl.runtime_owned}
    assert {"watch", "watchMultiple", "loadMarkets", "client", "safeDict"} <= owned
    assert not owned & base
    # every runtime-owned method reached has a contract
    for layer, name in cl.runtime_owned:
        assert contracts.contract_for(layer, name, program.target)["contract"]
    # resolution follows JS dispatch: a name REST defines is never taken from base
    for name in rest:
        assert program.resolve(name, "rest") == "rest"


def test_closure_is_the_whole_class(program, cl):
    """Roots are every Pro, REST and base method (a CCXT instance exposes them all): every
    method is generated, runtime-owned (with a contract) or host-only (with a reason)."""
    assert cl.methods["rest"] == sorted(program.classes["rest"].methods)
    owned = set(cl.runtime_owned)
    for name in program.classes["base"].methods:
        host = contracts.host_only_reason("base", name, program.target)
        states = [name in cl.methods["base"], ("base", name) in owned, host is not None]
        assert states.count(True) == 1, (name, states)
    assert {"createLimitOrderWs", "watchPositionForSymbols", "parseOHLCVs", "afterConstruct",
            "getDefaultOptions", "createNetworksByIdObject", "describe"} <= set(cl.methods["base"])


def test_overrides_of_runtime_owned_methods_are_generated(program, cl):
    """An exchange's override of a method the runtime owns (``request``, ``sign``,
    ``handleErrors``, ``calculateRateLimiterCost``, ``setSandboxMode``…) is generated, so the
    runtime's call by name reaches CCXT's logic instead of the generic version."""
    overrides = {name for name in program.classes["rest"].methods
                 if contracts.is_runtime_owned("base", name) or name in contracts.RUNTIME_CALLS}
    assert {"request", "sign", "handleErrors", "calculateRateLimiterCost", "setSandboxMode", "describe",
            "fetchMarkets", "fetchCurrencies", "enableDemoTrading"} <= overrides
    assert overrides <= set(cl.methods["rest"])
    for name in contracts.RUNTIME_CALLS:
        layer = program.resolve(name)
        assert layer is None or contracts.is_runtime_owned(layer, name) or name in cl.methods[layer], name


def test_a_generated_method_calling_a_host_only_one_is_an_error(program):
    from codegen import ir as ir_mod
    from dataclasses import replace

    probe = program.method_ir("rest", "fetchTime")
    call = ir_mod.ExprStmt(value=ir_mod.Call(func=ir_mod.Member(obj=ir_mod.This(), prop="undiciRequest"), args=[]))
    program._ir[("rest", "fetchTime")] = replace(probe, body=[call, *probe.body])
    try:
        with pytest.raises(closure.ClosureError, match="undiciRequest.*JS host"):
            closure.compute(program)
    finally:
        program._ir[("rest", "fetchTime")] = probe


def test_closure_primitives_and_implicit_endpoints(program, cl):
    assert {"safeString", "extend", "iso8601"} <= set(cl.primitives)
    assert set(cl.primitives) <= set(program.primitives)
    assert "publicGetDepth" in cl.implicit and "fapiPublicGetDepth" in cl.implicit
    assert "options" in cl.properties


def test_classification_covers_every_pro_method(program, cl):
    cats = {n: classify.category(program, cl, "pro", n) for n in program.classes["pro"].methods}
    assert set(cats.values()) <= set(classify.CATEGORIES)
    assert cats["watchTrades"] == "public stream"
    assert cats["watchOrders"] == "private stream"
    assert cats["unWatchTrades"] == "unwatch"
    assert cats["createOrderWs"] == "ws-API request"
    assert cats["authenticate"] == "auth"
    assert cats["handleTrade"] == "handler"
    assert cats["parseWsTrade"] == "parser"
    assert cats["handleMessage"] == "dispatch"
    assert cats["setBalanceCache"] == "cache"
    assert classify.risk_class(program, cl, "pro", "createOrderWs", "ws-API request") == "order-mutation"
    assert classify.risk_class(program, cl, "pro", "fetchOHLCVWs", "ws-API request") == "public-read"
    # CCXT signs the websocket-API depth request: it needs credentials
    assert classify.risk_class(program, cl, "pro", "fetchOrderBookWs", "ws-API request") == "private-read"
    assert classify.risk_class(program, cl, "pro", "fetchBalanceWs", "ws-API request") == "private-read"


def test_safe_accessors_lowered_to_primitives(program):
    result = idioms.apply_all(program, "pro", "handleTrade")
    assert result["safeAccessors"] > 0
    m = program.method_ir("pro", "handleTrade")
    assert any(isinstance(n, ir.SafeAccess) for n in ir.walk(m))
    assert not any(isinstance(n, ir.Call) and isinstance(n.func, ir.Member) and isinstance(n.func.obj, ir.This)
                   and n.func.prop.startswith("safeString") for n in ir.walk(m))


def test_delta_loop_lowered_to_store_deltas(program, generated):
    assert idioms.apply_all(program, "pro", "handleDeltas")["storeDeltas"] == 1
    m = program.method_ir("pro", "handleDeltas")
    assert [type(s) for s in m.body] == [ir.StoreDeltas]
    assert "bookside.store_deltas(deltas)" in generated.files["plugins/binance/src/ccxtpro_binance/generated/binance.py"]


def test_store_deltas_matches_ccxt_handle_deltas():
    """The lowered loop builds the same book side as CCXT Python's per-delta loop."""
    import ccxt.pro as ccxt_pro
    from ccxtpro import OrderBook
    from ccxtpro_binance.generated.binance import Binance
    deltas = [["100.5", "2"], ["100.4", "1.5"], ["100.5", "0"], ["99", "3"], ["101", "0.25"], ["99", "1"]]
    ours_book, ex = OrderBook({}), Binance()
    theirs_ex = ccxt_pro.binance()
    theirs_book = theirs_ex.order_book({})
    for side in ("bids", "asks"):
        ex.handle_deltas(ours_book[side], [list(d) for d in deltas])
        theirs_ex.handle_deltas(theirs_book[side], [list(d) for d in deltas])
        assert [list(level) for level in ours_book[side]] == [list(level) for level in theirs_book[side]]


def test_dispatch_table_routes(program, generated):
    table = idioms.apply_all(program, "pro", "handleMessage")
    assert table["dispatchRoutes"] > 20
    routes = generated.routes
    assert routes[-1] == {"fallback": "handle_message"}
    dt = next(n for n in ir.walk(program.method_ir("pro", "handleMessage")) if isinstance(n, ir.DispatchTable))
    expected = {}
    for event, handler in dt.routes:
        path = "0.e" if event.endswith("@arr") else "e"
        expected[(path, event.removesuffix("@arr"))] = snake(handler)
    got = {(r["path"], r["value"]): r["handler"] for r in routes if "value" in r}
    assert got == expected
    assert got[("e", "trade")] == "handle_trade" and got[("0.e", "24hrTicker")] == "handle_tickers"


def test_routes_keep_handle_message_order_of_checks(generated):
    """Envelopes, then error replies, then request-id methods, then events, then acks and
    event-less quotes: CCXT's handleMessage order, so no frame reaches a handler CCXT would not call."""
    routes = generated.routes
    kinds = []
    for r in routes:
        kind = ("unwrap" if "unwrap" in r else "error" if r.get("handler") == "handle_ws_error"
                else "event" if "value" in r else "request" if r.get("request_id") else
                "keys" if "keys_present" in r else "fallback")
        if not kinds or kinds[-1] != kind:
            kinds.append(kind)
    assert kinds == ["unwrap", "error", "request", "event", "request", "keys", "fallback"]
    assert routes[:3] == [{"unwrap": "data", "if_present": "stream"}, {"unwrap": "event"}, {"unwrap": "data"}]
    assert {"path": "status", "not_values": ["200", 200], "handler": "handle_ws_error"} in routes
    assert {"path": "id", "request_id": True, "handler": "handle_subscription_status"} in routes
    assert {"keys_present": ["a", "b"], "keys_missing": ["e"], "handler": "handle_bids_asks"} in routes


def test_routes_compile_in_the_runtime_dispatcher():
    from ccxtpro._core.dispatch_py import RouteTable
    from ccxtpro_binance.generated.routes import ROUTES

    calls = []

    class Target:
        def __getattr__(self, name):
            if name.startswith("handle_"):
                return lambda client, frame: calls.append((name, frame))
            raise AttributeError(name)

    d = RouteTable(ROUTES).bind(Target())
    d.dispatch(None, {"e": "trade", "s": "BTCUSDT"})
    d.dispatch(None, [{"e": "24hrTicker"}])
    d.dispatch(None, {"stream": "btcusdt@trade", "data": {"e": "trade"}})   # combined stream: unwrapped
    d.dispatch(None, {"e": "trade", "s": "BTCUSDT", "error": {"code": -1}})  # an error reply is one
    d.dispatch(None, {"u": 1, "s": "BTCUSDT", "b": "1", "B": "1", "a": "2", "A": "1"})  # spot bookTicker
    d.dispatch(None, {"e": "somethingNew"})                                  # unknown: CCXT decides
    assert [c[0] for c in calls] == ["handle_trade", "handle_tickers", "handle_trade", "handle_ws_error",
                                     "handle_bids_asks", "handle_message"]
    assert calls[2][1] == {"e": "trade"}
