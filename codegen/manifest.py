"""``pro_manifest.json``: what was generated from what, and what proves it works.

Totals are counted from the parsed source, never written down: a new CCXT
release with a different method count changes the manifest (and ``check``).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Sequence
from pathlib import Path

from . import ir
from .emit import Generated
from .naming import snake
from .passes import classify, effects, semantics
from .passes.contracts import contract_for, host_only_reason, is_runtime_owned, is_safe_accessor
from .program import LAYERS, Program

SCHEMA = 1
_REPO_ROOT = Path(__file__).resolve().parent.parent

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

# Runtime features the generated code relies on: (feature, implemented by, the runtime-owned
# methods whose contract it is, the tests that prove it). A test is a file or a pytest node id
# (``path::test``); ``{tests}`` is the plugin's test directory, ``{plugin}`` its package.
# ``build`` fails (and so ``generate`` and ``check``) if a file is gone, a named test is no longer
# defined in it, or generated code calls a runtime-owned method no feature covers: the list
# cannot rot, and cannot miss what the generated code relies on.
_WS = "tests/runtime/test_ws_runtime.py"
_PROTO = "tests/runtime/test_ws_protocol.py"
_STREAMS = "tests/runtime/test_ws_streams.py"
_DISPATCH = "tests/runtime/test_dispatch.py"
_TRANSPORT = "tests/runtime/test_rest_transport.py"
_UDS = "{tests}/test_user_data_streams.py"
_HEAL = "{tests}/test_order_book_healing.py"
_RETRY = "{tests}/simulator/test_rest_retry_after.py"
RUNTIME_SEMANTICS: list[tuple[str, str, list[str], list[str]]] = [
    ("watch / watch_multiple: one subscription per subscribe hash, futures keyed by message hash",
     "ccxtpro.ws.mixin.WsMixin", ["watch", "watchMultiple"],
     [f"{_WS}::test_watch_subscribes_once_and_resolves", f"{_WS}::test_watch_multiple_settles_on_first",
      f"{_PROTO}::test_subscribe_once_per_hash"]),
    ("client.resolve / client.reject / client.subscriptions / client.future",
     "ccxtpro.ws.mixin.WsMixin", ["client"], [_WS, _PROTO]),
    ("frame dispatch from ccxtpro_channels routes with fallback to handle_message",
     "ccxtpro._core.dispatch", [], ["tests/runtime/test_dispatch.py", "tests/codegen/test_passes.py"]),
    ("load_markets, market/currency lookup, set_markets", "ccxtpro.exchange.Exchange", ["loadMarkets"],
     ["tests/runtime/test_exchange_markets.py"]),
    ("implicit REST endpoints with CCXT's camelCase names", "ccxtpro.implicit", [],
     ["tests/runtime/test_exchange_implicit_names.py"]),
    ("REST request path: sign → fetch → handle_errors, CCXT's exception tables", "ccxtpro.exchange.Exchange",
     ["fetch2", "parseJson", "checkRequiredCredentials", "throwExactlyMatchedException",
      "throwBroadlyMatchedException"],
     [_TRANSPORT, f"{_TRANSPORT}::test_missing_credentials_fail_before_the_network",
      f"{_TRANSPORT}::test_body_errors_map_through_the_exceptions_table",
      f"{_TRANSPORT}::test_non_json_body_is_returned_as_text"]),
    ("describe() deep-extend and configuration, sandbox switch", "ccxtpro.exchange.Exchange", ["setSandboxMode"],
     ["tests/runtime/test_exchange_config.py",
      "tests/runtime/test_exchange_config.py::test_set_sandbox_mode_switches_url_sets_and_back"]),
    ("safe_* accessors (JS undefined → default)", "ccxtpro.functions", ["safe*"],
     ["tests/functions/test_safe.py"]),
    ("generic helpers the runtime owns (isDictionary, stringToCharsArray…)", "ccxtpro.functions",
     ["isDictionary", "stringToCharsArray"], ["tests/functions/test_generic.py::test_small_helpers"]),
    ("Precise string arithmetic", "ccxtpro.functions", [], ["tests/functions/test_precise.py"]),
    ("decimal_to_precision and number formatting", "ccxtpro.functions", [], ["tests/functions/test_number.py"]),
    ("iso8601 / parse8601 / milliseconds", "ccxtpro.functions", [], ["tests/functions/test_time.py"]),
    ("hmac / RSA / Ed25519 signing and encoding helpers", "ccxtpro.functions", [],
     ["tests/functions/test_crypto.py", "tests/functions/test_encoding.py"]),
    ("ArrayCache / ArrayCacheByTimestamp / ArrayCacheBySymbolById / ArrayCacheBySymbolBySide", "ccxtpro._core",
     [], ["tests/core/test_cache.py"]),
    ("CCXT exception hierarchy", "ccxtpro.errors", [], ["tests/test_errors.py"]),
    ("order book sides: store / store_deltas / limit", "ccxtpro._core", ["orderBook"],
     ["tests/core/test_orderbook.py", "tests/core/test_differential.py"]),
    ("JS semantics helpers (truthiness, ToString, parseInt/parseFloat, %, indexOf)",
     "ccxtpro.jsrt", [], ["tests/codegen/test_jsrt.py"]),
    ("reconnect with backoff after a lost connection, and resubscription of the streams lost with it",
     "ccxtpro.ws.manager.ConnectionManager / ccxtpro.ws.protocol.ReconnectPolicy", [],
     [f"{_WS}::test_a_lost_connection_re_establishes_the_streams_lost_with_it",
      f"{_WS}::test_dial_failure_rejects_and_backs_off",
      f"{_PROTO}::test_backoff_grows_caps_and_jitters",
      f"{_PROTO}::test_reconnect_policy_counts_failures_and_resets_when_stable",
      f"{_PROTO}::test_a_connection_that_delivered_data_restarts_the_backoff",
      f"{_STREAMS}::test_stream_survives_drop_and_resubscribes",
      "{tests}/test_refused_subscription.py::test_a_stream_recovers_when_its_resubscription_is_refused"]),
    ("request-id routing of ws-API replies (the subscription's method, else the waiter of the id)",
     "ccxtpro._core.dispatch / ccxtpro.ws.mixin.WsMixin", [],
     [f"{_WS}::test_request_routed_by_id", f"{_WS}::test_request_timeout_forgets_the_request",
      f"{_DISPATCH}::test_request_id_subscription_method_is_one_shot",
      f"{_DISPATCH}::test_request_id_resolves_waiter", f"{_DISPATCH}::test_request_id_falls_back_to_handler",
      "{tests}/simulator/test_ws_api.py::test_signed_order_place_and_bad_signature"]),
    ("waiter rejection on disconnect: every pending future gets a NetworkError, none hangs",
     "ccxtpro.ws.client / ccxtpro.ws.protocol.ConnectionState", [],
     [f"{_WS}::test_drop_rejects_every_waiter_with_network_error",
      f"{_WS}::test_keepalive_timeout_rejects_waiters",
      f"{_WS}::test_parked_rejection_reaches_next_waiter",
      f"{_PROTO}::test_closed_hands_back_every_waiter_once",
      f"{_PROTO}::test_messages_wait_for_the_connection_in_order_and_die_with_it"]),
    ("listen-key keepalive and renewal: delay() timers (keepAliveListenKey / renewListenToken), the "
     "simulator's listen-key PUT lifecycle, re-authentication once for concurrent callers after an expired key "
     "(no test yet waits for the generated keep_alive_listen_key's own PUT)",
     "ccxtpro.ws.mixin.WsMixin (delay, reauthenticate_soon) / ccxtpro.ws.auth", ["delay"],
     [f"{_WS}::test_delayed_calls_are_cancelled_by_close_and_failures_are_logged",
      f"{_WS}::test_reauthenticate_forgets_then_authenticates_once_for_concurrent_callers",
      "{tests}/simulator/test_rest.py::test_listen_key_lifecycle",
      f"{_UDS}::test_an_expired_listen_key_ends_the_wait_and_a_new_key_streams",
      f"{_UDS}::test_margin_user_data_survives_a_dropped_connection",
      "{tests}/simulator/test_ws_api.py::test_listen_token_subscription"]),
    ("spawn: background fetches the generated code starts (the REST order-book snapshot a depth "
     "subscription triggers, balance and position snapshots)",
     "ccxtpro.ws.mixin.WsMixin", ["spawn"],
     [f"{_HEAL}::test_a_gap_with_checksum_off_resyncs_and_the_book_keeps_updating",
      "{tests}/generated/test_handlers_differential.py::test_handle_order_book_applies_deltas_like_ccxt"]),
    ("stream iterators (stream_*): retry what reconnecting fixes, stop on what it cannot, close cleanly",
     "ccxtpro.ws.streams / ccxtpro.ws.mixin.WsMixin", [],
     [f"{_STREAMS}::test_stream_survives_drop_and_resubscribes", f"{_STREAMS}::test_stream_retries_checksum_errors",
      f"{_STREAMS}::test_stream_stops_on_errors_retrying_cannot_fix",
      f"{_STREAMS}::test_stream_gives_up_after_max_retries_with_growing_delays",
      f"{_STREAMS}::test_aclose_and_break_end_the_stream",
      "tests/runtime/test_ws_stream_names.py::test_dir_lists_a_stream_for_every_watch_method_and_only_those",
      f"{_UDS}::test_a_stream_iterator_carries_on_across_an_expired_listen_key"]),
    ("staleness watchdog and ping/pong keepalive: a stalled connection is probed, then reconnected",
     "ccxtpro.ws.protocol.ConnectionState", [],
     [f"{_WS}::test_a_stream_that_stops_while_pings_are_answered_is_reconnected",
      f"{_WS}::test_protocol_pings_keep_a_healthy_connection",
      f"{_PROTO}::test_ping_due_and_pong_overdue",
      f"{_PROTO}::test_a_stall_is_probed_then_declared_from_the_connections_own_pace",
      f"{_PROTO}::test_quiet_or_new_connections_are_not_watched"]),
    ("order-book healing: a sequence gap with checksum off resyncs from a fresh snapshot",
     "{plugin}.healing", [],
     [f"{_HEAL}::test_a_gap_with_checksum_off_resyncs_and_the_book_keeps_updating",
      f"{_HEAL}::test_with_checksum_on_a_gap_still_raises_ccxts_checksum_error"]),
    ("Retry-After pause: after a 429 the REST transport waits instead of earning a ban",
     "ccxtpro.rest.mixin", [],
     [f"{_RETRY}::test_after_a_429_the_next_request_waits_for_retry_after_instead_of_earning_a_ban",
      f"{_RETRY}::test_a_pause_longer_than_the_timeout_fails_at_once_and_sends_nothing",
      f"{_RETRY}::test_retry_after_as_an_http_date_or_missing"]),
    ("redaction: credentials, signatures and listen keys never in logs, reprs, telemetry or exceptions",
     "ccxtpro.redact", [],
     ["tests/runtime/test_rest_redact.py", f"{_WS}::test_verbose_logging_redacts_credentials",
      f"{_WS}::test_telemetry_events_are_redacted",
      f"{_TRANSPORT}::test_listen_keys_from_responses_are_masked_afterwards",
      "{tests}/simulator/test_wsapi_secrets_not_logged.py::test_rejected_request_log_has_no_key_or_signature",
      "{tests}/test_secrets_scan.py::test_no_secret_in_anything_a_private_session_shows"]),
    ("throttling: REST costs and websocket subscribe sends go through the rate limiter",
     "ccxtpro.throttle", ["initRestRateLimiter"],
     ["tests/runtime/test_throttle.py", f"{_WS}::test_subscribe_sends_go_through_the_client_throttle",
      f"{_TRANSPORT}::test_endpoint_cost_drives_the_rate_limiter"]),
    ("unsubscription: clean_unsubscription, find_message_hashes and the caches clean_cache forgets",
     "ccxtpro.ws.mixin.WsMixin", ["cleanUnsubscription", "findMessageHashes", "cleanCache"],
     [f"{_WS}::test_clean_unsubscription_and_find_message_hashes", "tests/runtime/test_ws_clean_cache.py"]),
    ("handler failures and invalid frames are contained: the connection and the waiters survive",
     "ccxtpro.ws.client", [],
     [f"{_WS}::test_handler_exception_does_not_kill_connection",
      f"{_WS}::test_invalid_json_is_counted_and_logged_once_not_held_against_the_waiters"]),
    ("fallback to the generated handle_message for frames no route matches",
     "ccxtpro._core.dispatch", [],
     [f"{_WS}::test_override_of_handle_message_is_reached_through_fallback",
      f"{_WS}::test_fallback_to_the_base_handle_message_is_refused",
      "{tests}/test_frames.py::test_unknown_interval_goes_to_the_generated_handler"]),
    ("every fault x channel recovers with nothing lost or hung (the fault matrix)",
     "ccxtpro.ws", [], ["{tests}/test_fault_matrix.py::test_every_cell_recovers_with_nothing_lost_or_hung"]),
]
#: runtime-owned methods the generated code calls that no test proves yet, each with what is missing
RUNTIME_UNTESTED: dict[str, str] = {
    "log": "no test asserts CCXT's log() (one INFO line on logger ccxtpro, credentials redacted)",
}


class ManifestError(ValueError):
    """Evidence the manifest would cite does not exist (a test file or a test in it is gone)."""


def _defined_tests(path: Path, memo: dict[Path, set[str]]) -> set[str]:
    """Names of the functions and classes (``Class::method`` too) defined in a test file; a cheap AST scan."""
    if path not in memo:
        names: set[str] = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(node.name)
            elif isinstance(node, ast.ClassDef):
                names.add(node.name)
                names.update(f"{node.name}::{f.name}" for f in node.body
                             if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)))
        memo[path] = names
    return memo[path]


def missing_evidence(refs: list[str], root: Path = _REPO_ROOT) -> list[str]:
    """The refs (``path`` or ``path::test[param]``) whose file is missing or does not define the test."""
    memo: dict[Path, set[str]] = {}
    bad = []
    for ref in refs:
        file, _, test = ref.partition("::")
        path = root / file
        if not path.is_file():
            bad.append(f"{ref} (no such file)")
        elif test and test.split("[", 1)[0] not in _defined_tests(path, memo):
            bad.append(f"{ref} (not defined in {file})")
    return bad


def relied_on(closure) -> list[str]:
    """Runtime-owned methods the generated code calls (``safe*`` accessors as one), sorted."""
    owned = set(closure.runtime_owned)
    names = {callee for targets in closure.calls.values() for callee in targets if callee in owned}
    return sorted({"safe*" if is_safe_accessor(name) else name for _, name in names})


def runtime_semantics(target, relied: Sequence[str] = (), root: Path = _REPO_ROOT,
                      features: list[tuple[str, str, list[str], list[str]]] | None = None,
                      untested: dict[str, str] | None = None) -> tuple[list[dict], list[dict]]:
    """``runtimeSemanticCoverage`` and ``runtimeUntested``: every cited test checked to exist, every
    runtime-owned method in ``relied`` covered by a feature or listed as untested with its reason
    (:class:`ManifestError` otherwise)."""
    features = RUNTIME_SEMANTICS if features is None else features
    untested = RUNTIME_UNTESTED if untested is None else untested
    rows = [{"feature": f, "implementedBy": impl.format(plugin=target.plugin_package), "runtimeMethods": covers,
             "tests": [t.format(tests=target.plugin_tests) for t in tests]}
            for f, impl, covers, tests in features]
    # the plugin's own tests can be checked once its plugin is in the repository (see build())
    mine = (root / target.plugin_tests).is_dir()
    problems = missing_evidence([t for row in rows for t in row["tests"]
                                 if mine or not t.startswith(target.plugin_tests + "/")], root)
    covered = {name for row in rows for name in row["runtimeMethods"]}
    problems += [f"{name} is no runtime-owned method" for name in sorted(covered | set(untested))
                 if name != "safe*" and not is_runtime_owned("base", name)]
    problems += [f"generated code relies on {name}, which no feature covers" for name in relied
                 if name not in covered and name not in untested]
    if problems:
        raise ManifestError("runtimeSemanticCoverage: " + "; ".join(problems))
    gaps = [{"name": name, "python": snake(name), "reason": untested[name]} for name in relied
            if name in untested and name not in covered]
    return rows, gaps


def _span(program: Program, layer: str, name: str) -> dict:
    m = program.model(layer, name)
    return {"path": m.path, "startLine": m.start_line, "endLine": m.end_line}


# The opt-in tests against the real exchange live with the plugin's tests; their
# module's ``COVERS`` literal (test -> CCXT method names) is the one record of what
# each exercises, read here (never imported) so the manifest cites it.
LIVE_TESTS = "live/test_live.py"
_REPO = _REPO_ROOT


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
    nodes = semantics.compute(program, cl)
    for name, model in sorted(program.classes["pro"].methods.items(), key=lambda kv: kv[1].start_line):
        layer = "pro"
        cat = classify.category(program, cl, layer, name)
        risk = classify.risk_class(program, cl, layer, name, cat)
        summary = ir.summary(program.method_ir(layer, name))
        summary["nodes"] = nodes.get((layer, name), [])
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

    # cited tests must exist, for a target whose plugin is in this repository (another
    # target's tests cannot be looked at before its plugin is written)
    on_disk = (_REPO_ROOT / program.target.plugin_src).is_dir()
    bad = missing_evidence(sorted({e for m in methods for e in m["coverage"]["unitEvidence"]})) if on_disk else []
    if bad:
        raise ManifestError("unit evidence cites tests that do not exist: " + "; ".join(bad))

    def closure_rows(layer: str) -> list[dict]:
        rows = []
        for name in cl.methods[layer]:
            facts = gen.methods.get((layer, name))
            if facts is None:  # not rendered: listed in unsupportedMethods
                continue
            row = {"name": name, "python": facts["python"], "span": _span(program, layer, name),
                   "status": "generated", "module": facts["module"],
                   "irNodes": ir.summary(program.method_ir(layer, name))["count"]}
            if (layer, name) in nodes:  # REST methods: the same summary as the Pro methods'
                row["irSummary"] = {**ir.summary(program.method_ir(layer, name)), "nodes": nodes[(layer, name)]}
            rows.append(row)
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
    coverage, untested = runtime_semantics(program.target, relied_on(cl))
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
        "runtimeSemanticCoverage": coverage,
        "runtimeUntested": untested,
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
        *_semantic_lines(manifest),
    ]


#: the tags ``inspect`` counts one by one (the rest are counted by family)
_INSPECT_TAGS = ("watch:single", "watch:multiple", "request:subscribe", "request:unsubscribe", "request:waiter",
                 "request:signed-waiter", "orderbook:snapshot-delta-merge", "dispatch-branch:request-id",
                 "dispatched-by:request-id", "rest:public", "rest:signed")


def _semantic_lines(manifest: dict) -> list[str]:
    """Semantic tag counts (methods carrying each), Pro and REST."""
    pro = [m["irSummary"].get("nodes", []) for m in manifest["methods"]]
    rest = [r["irSummary"]["nodes"] for r in manifest["closure"]["rest"] if "irSummary" in r]
    every = pro + rest
    tags = _count(t for nodes in every for t in nodes)
    families = semantics.counts(every)
    return [
        f"semantic nodes: {sum(len(n) for n in every)} tags on {len(pro)} Pro + {len(rest)} REST methods, "
        f"{len(tags)} distinct; {len(manifest['runtimeSemanticCoverage'])} runtime features with tests, "
        f"untested runtime methods: {len(manifest['runtimeUntested'])}"
        + "".join(f" ({u['name']})" for u in manifest["runtimeUntested"]),
        "  tags: " + ", ".join(f"{t} {tags.get(t, 0)}" for t in _INSPECT_TAGS),
        "  families: " + ", ".join(f"{k} {v}" for k, v in families.items()),
    ]


def _count(items) -> dict:
    out: dict = {}
    for i in items:
        out[i] = out.get(i, 0) + 1
    return out
