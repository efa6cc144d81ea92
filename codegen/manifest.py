"""``pro_manifest.json``: what was generated from what, and what proves it works.

Totals are counted from the parsed source, never written down: a new CCXT
release with a different method count changes the manifest (and ``check``).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

from . import ir
from .emit import Generated
from .naming import snake
from .passes import classify, effects
from .passes.contracts import contract_for, host_only_reason, is_runtime_owned
from .program import LAYERS, Program

SCHEMA = 1

# Tests that exercise every generated method (import + instantiate), and the
# targeted ones. Ids are pytest node ids; the codegen tests assert they exist.
# ``{tests}`` is the target's plugin test directory (``Target.plugin_tests``): the
# tests of generated code live with the plugin they test.
_IMPORT_TEST = "{tests}/generated/test_generated.py::test_generated_modules_import"
_INSTANTIATE_TEST = "{tests}/generated/test_generated.py::test_generated_classes_instantiate"
_COMPILE_TEST = "tests/codegen/test_generate.py::test_generated_files_compile"
_DIFFERENTIAL = "{tests}/generated/test_parsers_differential.py"
_HANDLERS = "{tests}/generated/test_handlers_differential.py"
UNIT_EVIDENCE: dict[str, list[str]] = {
    "parseTrade": [f"{_DIFFERENTIAL}::test_parse_trade"],
    "parseWsTrade": [f"{_DIFFERENTIAL}::test_parse_ws_trade"],
    "parseWsTicker": [f"{_DIFFERENTIAL}::test_parse_ws_ticker"],
    "parseOHLCV": [f"{_DIFFERENTIAL}::test_parse_ohlcv"],
    "parseOrder": [f"{_DIFFERENTIAL}::test_parse_order"],
    "parseWsOrder": [f"{_DIFFERENTIAL}::test_parse_ws_order"],
    "parseBalanceCustom": [f"{_DIFFERENTIAL}::test_parse_balance"],
    "parsePositionRisk": [f"{_DIFFERENTIAL}::test_parse_position_risk"],
    "parseWsPosition": [f"{_DIFFERENTIAL}::test_parse_ws_position"],
    "parseMarket": [f"{_DIFFERENTIAL}::test_parse_market"],
    "parseWsLiquidation": [f"{_DIFFERENTIAL}::test_parse_ws_liquidation"],
    "parseOrderStatus": [f"{_DIFFERENTIAL}::test_parse_order_status"],
    "getStockTickerFromSymbol": [f"{_DIFFERENTIAL}::test_pure_helpers"],
    "getStockUnifiedSymbol": [f"{_DIFFERENTIAL}::test_pure_helpers"],
    "getFutureWsCategory": [f"{_DIFFERENTIAL}::test_pure_helpers"],
    "handleDeltas": ["tests/codegen/test_passes.py::test_delta_loop_lowered_to_store_deltas",
                     "tests/codegen/test_passes.py::test_store_deltas_matches_ccxt_handle_deltas"],
    "handleTrade": [f"{_HANDLERS}::test_handle_trade"],
    "handleOHLCV": [f"{_HANDLERS}::test_handle_ohlcv"],
    "handleTickers": [f"{_HANDLERS}::test_handle_tickers_and_bids_asks"],
    "handleTickersAndBidsAsks": [f"{_HANDLERS}::test_handle_tickers_and_bids_asks"],
    "handleBidsAsks": [f"{_HANDLERS}::test_handle_tickers_and_bids_asks"],
    "handleMarkPrices": [f"{_HANDLERS}::test_handle_mark_prices"],
    "handleOrderUpdate": [f"{_HANDLERS}::test_handle_order_update_spot"],
    "handleMyTrade": [f"{_HANDLERS}::test_handle_order_update_spot"],
    "handleOrder": [f"{_HANDLERS}::test_handle_order_update_spot"],
    "handleLiquidation": [f"{_HANDLERS}::test_handle_liquidation"],
    "handleOrderBook": [f"{_HANDLERS}::test_handle_order_book_applies_deltas_like_ccxt"],
    "handleOrderBookMessage": [f"{_HANDLERS}::test_handle_order_book_applies_deltas_like_ccxt"],
    "handleMessage": ["tests/codegen/test_passes.py::test_dispatch_table_routes"],
}
_REQUESTS = "{tests}/generated/test_requests_differential.py::test_watch_requests_match_ccxt"
for _name in ("watchTrades", "watchTradesForSymbols", "watchOHLCV", "watchOHLCVForSymbols", "watchTicker",
              "watchTickers", "watchBidsAsks", "watchMarkPrice", "watchMultiTickerHelper", "watchLiquidations",
              "watchLiquidationsForSymbols", "watchOrderBook", "watchOrderBookForSymbols", "unWatchTrades",
              "unWatchTradesForSymbols", "unWatchOrderBook", "unWatchOrderBookForSymbols", "stream", "getWsUrl",
              "requestId", "getFutureWsCategory"):
    UNIT_EVIDENCE.setdefault(_name, []).append(_REQUESTS)
for _name in ("handleOrderWs", "handleOrdersWs", "handleFetchOrderBook", "handleBalanceWs", "handleTradesWs",
              "handleTickerWs", "handleFetchOHLCV"):
    UNIT_EVIDENCE.setdefault(_name, []).append(f"{_HANDLERS}::test_ws_api_response_handlers")
for _name in ("handleTrade", "handleTickers", "handleOrderUpdate", "handleLiquidation"):
    UNIT_EVIDENCE.setdefault(_name, []).append(f"{_HANDLERS}::test_handler_variations")
for _name in ("createOrderWs", "editOrderWs", "cancelOrderWs", "cancelAllOrdersWs", "fetchOrderWs", "fetchOrdersWs",
              "fetchOpenOrdersWs", "fetchClosedOrdersWs", "fetchMyTradesWs", "fetchTradesWs", "fetchOrderBookWs",
              "fetchTickerWs", "fetchOHLCVWs", "fetchBalanceWs", "fetchPositionsWs", "getMarketType"):
    UNIT_EVIDENCE.setdefault(_name, []).append(
        "{tests}/generated/test_requests_differential.py::test_ws_api_requests_match_ccxt")
for _name in ("unWatchOHLCV", "unWatchOHLCVForSymbols", "unWatchTicker", "unWatchTickers", "unWatchBidsAsks",
              "unWatchMarkPrice", "unWatchMarkPrices", "watchMarkPrices"):
    UNIT_EVIDENCE.setdefault(_name, []).append(_REQUESTS)
UNIT_EVIDENCE.setdefault("handleWsError", []).append(f"{_HANDLERS}::test_handle_ws_error")
UNIT_EVIDENCE.setdefault("signParams", []).append("{tests}/generated/test_signing_differential.py::test_sign_params")

# Runtime features the generated code relies on -> the tests that prove them.
RUNTIME_SEMANTICS: list[tuple[str, str, list[str]]] = [
    ("watch / watch_multiple: one subscription per subscribe hash, futures keyed by message hash",
     "ccxtpro.ws.mixin.WsMixin", ["tests/runtime/test_ws_runtime.py"]),
    ("client.resolve / client.reject / client.subscriptions / client.future",
     "ccxtpro.ws.mixin.WsMixin", ["tests/runtime/test_ws_runtime.py", "tests/runtime/test_ws_protocol.py"]),
    ("frame dispatch from ccxtpro_channels routes with fallback to handle_message",
     "ccxtpro._core.dispatch", ["tests/runtime/test_dispatch.py", "tests/codegen/test_passes.py"]),
    ("load_markets, market/currency lookup, set_markets", "ccxtpro.exchange.Exchange",
     ["tests/runtime/test_exchange_markets.py"]),
    ("implicit REST endpoints with CCXT's camelCase names", "ccxtpro.implicit",
     ["tests/runtime/test_exchange_implicit_names.py"]),
    ("REST request path: sign → fetch → handle_errors", "ccxtpro.exchange.Exchange",
     ["tests/runtime/test_rest_transport.py"]),
    ("describe() deep-extend and configuration", "ccxtpro.exchange.Exchange",
     ["tests/runtime/test_exchange_config.py"]),
    ("safe_* accessors (JS undefined → default)", "ccxtpro.functions",
     ["tests/functions/test_safe.py"]),
    ("Precise string arithmetic", "ccxtpro.functions", ["tests/functions/test_precise.py"]),
    ("decimal_to_precision and number formatting", "ccxtpro.functions", ["tests/functions/test_number.py"]),
    ("iso8601 / parse8601 / milliseconds", "ccxtpro.functions", ["tests/functions/test_time.py"]),
    ("hmac / RSA / Ed25519 signing and encoding helpers", "ccxtpro.functions",
     ["tests/functions/test_crypto.py", "tests/functions/test_encoding.py"]),
    ("ArrayCache / ArrayCacheByTimestamp / ArrayCacheBySymbolById / ArrayCacheBySymbolBySide", "ccxtpro._core",
     ["tests/core/test_cache.py"]),
    ("CCXT exception hierarchy", "ccxtpro.errors", ["tests/test_errors.py"]),
    ("order book sides: store / store_deltas / limit", "ccxtpro._core",
     ["tests/core/test_orderbook.py", "tests/core/test_differential.py"]),
    ("JS semantics helpers (truthiness, ToString, parseInt/parseFloat, %, indexOf)",
     "ccxtpro.jsrt", ["tests/codegen/test_jsrt.py"]),
]


def _span(program: Program, layer: str, name: str) -> dict:
    m = program.model(layer, name)
    return {"path": m.path, "startLine": m.start_line, "endLine": m.end_line}


# The opt-in tests against the real exchange live with the plugin's tests; their
# module's ``COVERS`` literal (test -> CCXT method names) is the one record of what
# each exercises, read here (never imported) so the manifest cites it.
LIVE_TESTS = "live/test_live.py"
_REPO = Path(__file__).resolve().parent.parent


def live_evidence(tests_dir: str) -> dict[str, list[str]]:
    """Method name -> live test node ids, from ``COVERS`` in ``<tests_dir>/live/test_live.py``."""
    path = _REPO / tests_dir / LIVE_TESTS
    if not path.is_file():
        return {}
    for node in ast.parse(path.read_text()).body:
        target = node.target if isinstance(node, ast.AnnAssign) else (
            node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None)
        if isinstance(target, ast.Name) and target.id == "COVERS" and node.value is not None:
            covers: dict[str, list[str]] = ast.literal_eval(node.value)
            out: dict[str, list[str]] = {}
            for test, methods in covers.items():
                for method in methods:
                    out.setdefault(method, []).append(f"{tests_dir}/{LIVE_TESTS}::{test}")
            return out
    return {}


def _skip_reason(risk: str, cat: str, target_id: str, exchange: str, live: bool) -> str:
    """Why the method has no live evidence in a default run (the opt-in that would give it)."""
    keys = f"{target_id.upper()}_API_KEY/{target_id.upper()}_SECRET"
    if live:
        if risk == "order-mutation":
            return (f"opt-in: CCXTPRO_LIVE=1, production {keys} and CCXTPRO_ENABLE_PROD_ORDER_LIVE=true "
                    "(a non-marketable limit order, cancelled at once)")
        if risk == "private-read":
            return f"opt-in: CCXTPRO_LIVE=1 with {keys} (or demo keys) against real {exchange}"
        return f"opt-in: CCXTPRO_LIVE=1 against real {exchange}"
    if risk == "funds-movement":
        return "never run live: it moves funds"
    if risk == "order-mutation":
        return "not run live: it would change or cancel orders beyond the one the lifecycle test places and cancels"
    if cat in ("parser", "helper", "handler", "dispatch", "cache") and risk == "public-read":
        return "no network behaviour of its own: exercised through the streams that call it"
    return f"no live test: needs conditions real {exchange} does not produce on demand (events, positions, listings)"


def build(program: Program, gen: Generated) -> dict:
    cl = gen.closure
    methods = []
    live_by_method = live_evidence(program.target.plugin_tests)
    for name, model in sorted(program.classes["pro"].methods.items(), key=lambda kv: kv[1].start_line):
        layer = "pro"
        cat = classify.category(program, cl, layer, name)
        risk = classify.risk_class(program, cl, layer, name, cat)
        summary = ir.summary(program.method_ir(layer, name))
        entry: dict = {
            "name": name,
            "python": snake(name),
            "span": _span(program, layer, name),
            "category": cat,
            "async": model.is_async,
        }
        facts = gen.methods.get((layer, name))
        if facts is not None:
            entry["status"] = "generated"
            entry["renderPlan"] = {
                "module": facts["module"], "class": facts["class"], "function": facts["python"],
                "alias": facts["alias"], "idioms": facts["idioms"],
            }
        elif is_runtime_owned(layer, name):
            entry["status"] = "runtime-owned"
            entry["runtimeContract"] = contract_for(layer, name, program.target)
        else:
            entry["status"] = "unsupported"
        entry["irSummary"] = summary
        tests = program.target.plugin_tests
        live = live_by_method.get(name, [])
        sends = effects.of(program, cl, layer, name)
        entry["coverage"] = {
            "unitEvidence": [e.format(tests=tests) for e in
                             UNIT_EVIDENCE.get(name, []) + [_COMPILE_TEST, _IMPORT_TEST, _INSTANTIATE_TEST]],
            "liveEvidence": live,
            "riskClass": risk,
            "orderMutations": sends.order_mutations,
            "fundsMovements": sends.funds_movements,
            "skipReason": _skip_reason(risk, cat, program.target.id, program.target.name, bool(live)),
        }
        methods.append(entry)

    def closure_rows(layer: str) -> list[dict]:
        rows = []
        for name in cl.methods[layer]:
            facts = gen.methods.get((layer, name))
            if facts is None:  # not rendered: listed in unsupportedMethods
                continue
            rows.append({"name": name, "python": facts["python"], "span": _span(program, layer, name),
                         "status": "generated", "module": facts["module"],
                         "irNodes": ir.summary(program.method_ir(layer, name))["count"]})
        return rows

    runtime_owned = [
        {"layer": layer, "name": name, "python": snake(name), "span": _span(program, layer, name),
         "status": "runtime-owned", **contract_for(layer, name, program.target)}
        for layer, name in cl.runtime_owned
    ]
    from_pro = set(cl.implicit_from("pro"))
    generated_pro = sum(1 for m in methods if m["status"] == "generated")
    owned_pro = sum(1 for m in methods if m["status"] == "runtime-owned")
    total = len(program.classes["pro"].methods)
    host_only = [
        {"name": name, "python": snake(name), "span": _span(program, "base", name),
         "status": "host-only", "reason": host_only_reason("base", name, program.target)}
        for name in sorted(program.classes["base"].methods)
        if host_only_reason("base", name, program.target) is not None
    ]
    unsupported = _unsupported(program, gen)
    rest_total = len(program.classes["rest"].methods)
    rest_generated = sum(1 for name in program.classes["rest"].methods if ("rest", name) in gen.methods)
    base_total = len(program.classes["base"].methods)
    return {
        "schema": SCHEMA,
        "generator": "ccxtpro codegen (python -m codegen)",
        "source": program.source.identity(),
        "totals": {
            "proMethods": total,
            "covered": generated_pro + owned_pro,
            "generated": generated_pro,
            "runtimeOwned": owned_pro,
            "unsupported": len(unsupported),
            "restMethods": rest_total,
            "restGenerated": rest_generated,
            "baseMethods": base_total,
            "closure": {
                "rest": cl.size("rest"),
                "base": cl.size("base"),
                "runtimeOwned": len(runtime_owned),
                "hostOnly": len(host_only),
                "primitives": len(cl.primitives),
                "implicitEndpoints": len(cl.implicit),
            },
        },
        "methods": methods,
        "closure": {
            "rest": closure_rows("rest"),
            "base": closure_rows("base"),
            "runtimeOwned": runtime_owned,
            "hostOnly": host_only,
            "primitives": [{"name": p, "python": snake(p), "implementedBy": "ccxtpro.functions"}
                           for p in cl.primitives],
            "implicitEndpoints": [{"name": n, "implementedBy": "ccxtpro.implicit", "reachedFromPro": n in from_pro}
                                  for n in cl.implicit],
            "instanceProperties": cl.properties,
        },
        "routes": gen.routes,
        "runtimeSemanticCoverage": [
            {"feature": f, "implementedBy": impl, "tests": tests} for f, impl, tests in RUNTIME_SEMANTICS
        ],
        "unsupportedMethods": unsupported,
    }


def _unsupported(program: Program, gen: Generated) -> list[dict]:
    """Methods of the three classes that are neither generated, runtime-owned nor host-only
    (the generator fails before writing one, so a written manifest lists none)."""
    out = []
    for layer in LAYERS:
        for name in program.classes[layer].methods:
            if (layer, name) in gen.methods or is_runtime_owned(layer, name):
                continue
            if host_only_reason(layer, name, program.target) is not None:
                continue
            out.append({"layer": layer, "name": name, "span": _span(program, layer, name)})
    return out


def dumps(manifest: dict) -> str:
    return json.dumps(manifest, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def inspect_lines(manifest: dict) -> list[str]:
    t = manifest["totals"]
    c = t["closure"]
    src = manifest["source"]
    return [
        f"source: {src['package']}@{src['version']} ({src['kind']}) {src['integrity']}",
        f"{t['covered']}/{t['proMethods']} covered, {t['generated']} generated, {t['runtimeOwned']} runtime-owned, "
        f"{t['unsupported']} unsupported",
        f"REST: {t['restGenerated']}/{t['restMethods']} methods generated ({src['files']['rest']})",
        f"base: {t['baseMethods']} methods ({src['files']['base']}): {c['base']} generated, {c['runtimeOwned']} "
        f"runtime-owned, {c['hostOnly']} host-only",
        f"closure: {c['rest']} REST methods, {c['base']} base methods generated, {c['runtimeOwned']} base methods "
        f"runtime-owned, {c['primitives']} primitives, {c['implicitEndpoints']} implicit endpoints",
        f"routes: {len(manifest['routes'])} (ccxtpro_channels)",
        "categories: " + ", ".join(
            f"{k} {v}" for k, v in sorted(_count(m["category"] for m in manifest["methods"]).items())),
    ]


def _count(items) -> dict:
    out: dict = {}
    for i in items:
        out[i] = out.get(i, 0) + 1
    return out
