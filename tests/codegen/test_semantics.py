"""Semantic ``irSummary.nodes`` (``codegen/passes/semantics.py``) and the manifest's
``runtimeSemanticCoverage``, on the real pinned source."""

from __future__ import annotations

import pytest

from codegen import __main__ as cli
from codegen import ir, manifest
from codegen.naming import snake
from codegen.passes import closure as closure_pass
from codegen.passes import semantics
from codegen.program import load_program
from codegen.target import DEFAULT


@pytest.fixture(scope="module")
def man(program, generated):
    return manifest.build(program, generated)


@pytest.fixture(scope="module")
def pro(man):
    return {m["name"]: m["irSummary"]["nodes"] for m in man["methods"]}


@pytest.fixture(scope="module")
def rest(man):
    return {r["name"]: r["irSummary"]["nodes"] for r in man["closure"]["rest"]}


def test_every_pro_and_rest_method_carries_sorted_semantic_nodes(man, program):
    assert len(man["methods"]) == len(program.classes["pro"].methods)
    assert len(man["closure"]["rest"]) == len(program.classes["rest"].methods)
    rows = [m["irSummary"] for m in man["methods"]] + [r["irSummary"] for r in man["closure"]["rest"]]
    for summary in rows:
        nodes = summary["nodes"]
        assert nodes and nodes == sorted(set(nodes)), nodes
        assert all(":" in t for t in nodes)
        assert summary["count"] > 0 and summary["kinds"]  # the kind counts stay next to them
    # beyond the role every method has, most say something about what the method does
    informative = [s for s in rows if any(not t.startswith("role:") for t in s["nodes"])]
    assert len(informative) > 0.9 * len(rows)


def test_single_and_multiple_watches_of_a_channel_family(pro):
    assert {"watch:single", "channel-family:trades", "delegates:watchTradesForSymbols",
            "request:subscribe"} <= set(pro["watchTrades"])
    assert {"watch:multiple", "channel-family:trades", "request:subscribe"} <= set(pro["watchTradesForSymbols"])
    assert "watch:single" not in pro["watchTradesForSymbols"]
    assert "watch:multiple" not in pro["watchTrades"]
    assert {"watch:single", "channel-family:tickers"} <= set(pro["watchTicker"])
    assert {"watch:single", "channel-family:ohlcv"} <= set(pro["watchOHLCV"])
    assert {"watch:multiple", "request:unsubscribe", "channel-family:trades"} <= set(pro["unWatchTradesForSymbols"])
    assert "request:subscribe" not in pro["unWatchTradesForSymbols"]
    assert "request:unsubscribe" not in pro["watchTicker"]  # its helper sends both; the watch asks to subscribe


def test_ws_api_requests_are_signed_waiters_answered_by_request_id(pro):
    assert {"request:signed-waiter", "request:id", "ws-api:order.place", "reply-handler:handleOrderWs",
            "watch:single"} <= set(pro["createOrderWs"])
    assert {"request:signed-waiter", "ws-api:order.cancel"} <= set(pro["cancelOrderWs"])
    assert "request:waiter" in pro["fetchTradesWs"] and "request:signed" not in pro["fetchTradesWs"]
    assert "dispatched-by:request-id" in pro["handleOrderWs"]
    for name, nodes in pro.items():  # a public stream is no request-id waiter
        if "request:subscribe" in nodes:
            assert not {"request:waiter", "request:signed-waiter"} & set(nodes), name


def test_order_book_snapshot_delta_merge(pro):
    assert {"orderbook:snapshot-delta-merge", "channel-family:orderbook", "watch:single"} <= set(pro["watchOrderBook"])
    assert "orderbook:snapshot-delta-merge" in pro["watchOrderBookForSymbols"]
    assert {"orderbook:delta-merge", "orderbook:buffer-deltas", "throws:ChecksumError"} <= set(pro["handleOrderBook"])
    assert "orderbook:snapshot-reset" in pro["fetchOrderBookSnapshot"]
    assert "spawns:fetchOrderBookSnapshot" in pro["handleOrderBookSubscription"]
    assert "orderbook:delta-merge" in pro["handleDeltas"]  # the StoreDeltas idiom
    assert not any(t.startswith("orderbook:") for t in pro["watchTrades"])
    assert not any(t.startswith("orderbook:") for t in pro["handleWsError"])  # client.reset is the connection's


def test_dispatch_branches_and_routed_handlers(pro, generated):
    nodes = set(pro["handleMessage"])
    assert {"dispatch-branch:request-id", "dispatch-branch:event-table", "dispatch-branch:unwrap",
            "dispatch-branch:error-reply", "dispatch-branch:fallback"} <= nodes
    assert "role:dispatch" in nodes
    for route in generated.routes:  # every event route's handler knows the event that reaches it
        if "value" in route:
            name = next(n for n in pro if snake(n) == route["handler"])
            assert any(t.startswith("dispatched-by:event:") for t in pro[name]), name
    assert {"dispatched-by:event:trade", "channel-family:trades", "client:resolve",
            "parses:ws-trade", "cache-class:array-cache"} <= set(pro["handleTrade"])


def test_auth_routes_caches_and_timers(pro):
    assert {"auth-route:listen-key", "auth-route:listen-key-keepalive", "auth-route:ws-api-signature",
            "auth-route:listen-token"} <= set(pro["watchOrders"])
    assert "auth-route:listen-key" in pro["authenticate"]
    assert "schedules:keepAliveListenKey" in pro["authenticate"]
    assert "schedules:keepAliveListenKey" in pro["keepAliveListenKey"]  # it renews itself
    assert "auth-route:listen-key-keepalive" in pro["keepAliveListenKey"]
    assert "schedules:renewListenToken" in pro["ensureUserDataStreamWsSubscribeListenToken"]
    for name in ("watchTrades", "watchOrderBook", "watchTicker", "createOrderWs"):
        assert not any(t.startswith("auth-route:") for t in pro[name]), name
    assert "cache-class:array-cache-by-symbol-by-id" in pro["handleOrder"]
    assert "cache-class:array-cache-by-timestamp" in pro["handleOHLCV"]
    assert "cache-class:array-cache-by-symbol-by-side" in pro["handlePositions"]
    assert "cache-class:order-book" in pro["handleOrderBookSubscription"]


def test_rest_endpoints_per_market_type(rest):
    nodes = set(rest["fetchOHLCV"])
    assert {"market-branch:linear:fapiPublicGetKlines", "market-branch:inverse:dapiPublicGetKlines",
            "market-branch:option:eapiPublicGetKlines", "market-branch:default:publicGetKlines"} <= nodes
    assert {"request:public-get:klines", "request:fapiPublic-get:klines", "request:dapiPublic-get:klines",
            "request:eapiPublic-get:klines", "implicit:publicGetKlines"} <= nodes
    assert {"market-type:linear", "market-type:inverse", "market-type:option"} <= nodes
    assert {"rest:public", "pagination:deterministic", "parses:ohlcvs", "role:request"} <= nodes
    assert "rest:signed" not in nodes
    assert {"rest:signed", "request:private-post:order"} <= set(rest["createOrder"])
    assert "rest:public" not in rest["fetchMyTrades"]
    assert {"parses:trades", "request:public-get:trades"} <= set(rest["fetchTrades"])
    assert {"role:parser", "builds:ticker", "resolves:symbol"} <= set(rest["parseTicker"])
    assert {"role:request", "delegates:modifyMarginHelper", "rest:signed"} <= set(rest["addMargin"])
    assert "runtime-hook:sign" in rest["sign"]


def test_endpoint_table_matches_the_implicit_names_the_closure_found(program, generated):
    table = semantics.endpoint_table(program)
    assert table["fapiPublicGetKlines"] == ("fapiPublic", "get", "klines")
    assert table["publicGetTicker24hr"] == ("public", "get", "ticker/24hr")
    missing = [name for name in generated.closure.implicit if name not in table]
    assert missing == []


def test_tags_are_read_off_the_ir(npm_source):
    """Change the IR (not the source) and the tags follow: the pass never reads source text."""
    program = load_program(npm_source)
    closure = closure_pass.compute(program)
    before = semantics.compute(program, closure)[("pro", "handleTrade")]
    assert "channel-family:trades" in before
    handle = program.method_ir("pro", "handleTrade")
    for node in ir.walk(handle):
        if isinstance(node, ir.Literal) and node.value == "trade::":
            node.value = "ohlcv::"
    program.memo.pop("semantics")
    after = semantics.compute(program, closure)[("pro", "handleTrade")]
    assert "channel-family:ohlcv" in after and "channel-family:trades" not in after


def test_nodes_are_deterministic(program, generated, man):
    again = manifest.build(program, generated)
    assert [m["irSummary"] for m in again["methods"]] == [m["irSummary"] for m in man["methods"]]


def test_runtime_semantic_coverage_names_the_features_and_their_tests(man):
    rows = man["runtimeSemanticCoverage"]
    text = " ".join(r["feature"] for r in rows).lower()
    for feature in ("reconnect", "request-id routing", "listen-key keepalive", "waiter rejection on disconnect",
                    "stream iterators", "staleness watchdog", "order-book healing", "retry-after", "redaction"):
        assert feature in text, feature
    for row in rows:
        assert row["tests"] and row["implementedBy"]
        assert "{" not in row["implementedBy"] and not any("{" in t for t in row["tests"])
    assert manifest.missing_evidence([t for r in rows for t in r["tests"]]) == []
    assert sum("::" in t for r in rows for t in r["tests"]) > 40  # node ids, not just files


def test_every_runtime_method_the_generated_code_calls_is_covered_or_named_untested(man, generated):
    covered = {name for r in man["runtimeSemanticCoverage"] for name in r["runtimeMethods"]}
    untested = {u["name"] for u in man["runtimeUntested"]}
    relied = manifest.relied_on(generated.closure)
    assert {"watch", "watchMultiple", "client", "delay", "spawn", "loadMarkets", "safe*"} <= set(relied)
    assert set(relied) <= covered | untested
    assert all(u["reason"] for u in man["runtimeUntested"])
    tagged = {t.split(":", 1)[1] for m in man["methods"] for t in m["irSummary"]["nodes"] if t.startswith("runtime:")}
    assert tagged and tagged <= covered | untested  # the per-method tags name the same contracts


def test_a_rotted_test_reference_fails_the_build():
    ok = ("x", "ccxtpro.ws", ["watch"], ["tests/runtime/test_ws_runtime.py::test_request_routed_by_id"])
    rows, gaps = manifest.runtime_semantics(DEFAULT, ["watch"], features=[ok], untested={})
    assert rows[0]["tests"] == ok[3] and gaps == []
    with pytest.raises(manifest.ManifestError, match="no such file"):
        manifest.runtime_semantics(DEFAULT, features=[("x", "y", [], ["tests/runtime/test_gone.py"])])
    with pytest.raises(manifest.ManifestError, match="not defined"):
        manifest.runtime_semantics(DEFAULT, features=[
            ("x", "y", [], ["tests/runtime/test_ws_runtime.py::test_that_was_renamed"])])
    with pytest.raises(manifest.ManifestError, match="no such file"):  # a plugin path is formatted, then checked
        manifest.runtime_semantics(DEFAULT, features=[("x", "y", [], ["{tests}/test_gone.py"])])
    with pytest.raises(manifest.ManifestError, match="relies on spawn, which no feature covers"):
        manifest.runtime_semantics(DEFAULT, ["watch", "spawn"], features=[ok], untested={})
    with pytest.raises(manifest.ManifestError, match="no runtime-owned method"):
        manifest.runtime_semantics(DEFAULT, features=[("x", "y", ["notARuntimeMethod"], ok[3])])


def test_a_rotted_test_reference_fails_check(monkeypatch, capsys):
    rotted = manifest.RUNTIME_SEMANTICS + [("a feature", "ccxtpro.ws", [], [
        "tests/runtime/test_ws_runtime.py::test_no_longer_there"])]
    monkeypatch.setattr(manifest, "RUNTIME_SEMANTICS", rotted)
    assert cli.main(["check"]) == 2
    assert "test_no_longer_there" in capsys.readouterr().err


def test_inspect_prints_semantic_tag_counts(man):
    lines = manifest.inspect_lines(man)
    summary = next(line for line in lines if line.startswith("semantic nodes:"))
    n_pro, n_rest = len(man["methods"]), len(man["closure"]["rest"])
    assert f"on {n_pro} Pro + {n_rest} REST methods" in summary
    assert f"{len(man['runtimeSemanticCoverage'])} runtime features with tests" in summary
    assert f"untested runtime methods: {len(man['runtimeUntested'])}" in summary
    tags = next(line for line in lines if line.strip().startswith("tags:"))
    single = sum("watch:single" in m["irSummary"]["nodes"] for m in man["methods"])
    assert f"watch:single {single}" in tags and single > 10
    assert any(line.strip().startswith("families:") and "channel-family" in line for line in lines)
