"""What Pro methods can make the exchange do: only the four order methods change orders,
and nothing reachable from a Pro method moves funds (proved on the call graph)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codegen.passes import closure as closure_pass
from codegen.passes import effects

ORDER_METHODS = {"createOrderWs", "editOrderWs", "cancelOrderWs", "cancelAllOrdersWs"}
MANIFEST = Path(__file__).resolve().parents[2] / "plugins/binance/src/ccxtpro_binance/pro_manifest.json"


@pytest.fixture(scope="module")
def reached(program):
    cl = closure_pass.compute(program)
    return effects.compute(program, cl)  # raises DynamicCallError if a this[...] call hid an edge


def test_only_the_order_methods_can_send_an_order_mutation(reached):
    mutating = {name for (layer, name), e in reached.items() if layer == "pro" and e.order_mutations}
    assert mutating == ORDER_METHODS
    assert "order.place" in reached[("pro", "createOrderWs")].order_mutations  # the detector sees them
    assert "openOrders.cancelAll" in reached[("pro", "cancelAllOrdersWs")].order_mutations
    # reads of orders are not mutations
    assert not reached[("pro", "fetchOrderWs")].order_mutations
    assert not reached[("pro", "fetchOpenOrdersWs")].order_mutations


def test_no_pro_method_can_reach_a_movement_of_funds(reached):
    moving = {name: e.funds_movements for (layer, name), e in reached.items() if e.funds_movements}
    assert moving == {}
    # every REST endpoint a Pro method reaches is accounted for: reads, listen keys/tokens, one asset query
    written = {x for e in reached.values() for x in e.endpoints if effects._write_path(x) is not None}
    assert all("ListenKey" in x or "UserDataStream" in x or "ListenToken" in x or x.endswith("GetFundingAsset")
               for x in written), written


@pytest.mark.parametrize("name, mutation, funds", [
    ("privatePostOrder", True, False),
    ("fapiPrivateDeleteAllOpenOrders", True, False),
    ("privatePostOrderListOco", True, False),
    ("privateGetOpenOrders", False, False),
    ("sapiPostCapitalWithdrawApply", False, True),
    ("sapiPostAssetTransfer", False, True),
    ("sapiPostMarginBorrowRepay", False, True),
    ("sapiPostConvertAcceptQuote", False, True),
    ("fapiPrivatePostListenKey", False, False),
])
def test_the_detector_classifies_endpoint_names(name, mutation, funds):
    found = effects.Effects(frozenset([name]), frozenset())
    assert bool(found.order_mutations) is mutation
    assert bool(found.funds_movements) is funds


@pytest.mark.parametrize("method, mutation", [
    ("order.place", True), ("order.cancelReplace", True), ("orderList.place.oco", False),
    ("sor.order.place", True), ("order.status", False), ("order.test", False), ("openOrders.status", False),
    ("openOrders.cancelAll", True), ("order.modify", True), ("userDataStream.subscribe", False),
])
def test_the_detector_classifies_websocket_api_methods(method, mutation):
    assert bool(effects.Effects(frozenset(), frozenset([method])).order_mutations) is mutation


def test_the_manifest_records_effects_and_risk_class_per_method():
    rows = {row["name"]: row["coverage"] for row in json.loads(MANIFEST.read_text())["methods"]}
    assert {n for n, c in rows.items() if c["riskClass"] == "order-mutation"} == ORDER_METHODS
    assert {n for n, c in rows.items() if c["orderMutations"]} == ORDER_METHODS
    assert not any(c["fundsMovements"] for c in rows.values())
    assert rows["createOrderWs"]["liveEvidence"] and "CCXTPRO_ENABLE_PROD_ORDER_LIVE" in \
        rows["createOrderWs"]["skipReason"]
    assert not rows["cancelAllOrdersWs"]["liveEvidence"]  # never live: it would cancel a user's other orders
