"""The generated class is the whole CCXT Binance class: every method ``ccxt.binance`` has, by
CCXT's Python names, and a ``has`` that is truthy only where the method exists.

CCXT's Python package is the oracle here (its names), never the generator's input.
"""

from __future__ import annotations

import ast
import asyncio
import json
from pathlib import Path

import ccxt.async_support as ccxt_async
import ccxt.pro as ccxt_pro
import pytest

from ccxtpro_binance.generated import Binance, BinanceRest

MANIFEST = Path(__file__).resolve().parents[2] / "src/ccxtpro_binance/pro_manifest.json"

_DEX = "signs for another exchange's blockchain (dYdX, StarkNet, Lighter, zkSync, Ethereum typed data) " \
       "with libraries CCXT bundles; nothing of Binance reaches it"
_PROXY = "proxy settings: ccxtpro's transport takes no proxies (CCXT's HTTP/SOCKS agent plumbing)"
_SESSION = "CCXT Python's aiohttp session plumbing; ccxtpro's transport owns its session (close_rest())"
_WS_HOST = "the connection manager does this inside ccxtpro.ws (on_close/on_error reject the waiters, " \
           "reconnect backoff), not as exchange methods"
_FILES = "CCXT's local file helpers (its caches), not exchange API"

# Every method of ccxt.binance (4.5.84, async) we deliberately do not have, with the reason.
EXCLUDED: dict[str, str] = {
    **dict.fromkeys(("convert_to_big_int",), "JS BigInt plumbing: Python integers are unbounded"),
    **dict.fromkeys(("encode_dydx_tx_for_signing", "encode_dydx_tx_for_simulation", "encode_dydx_tx_raw",
                     "eth_abi_encode", "eth_encode_structured_data", "eth_get_address_from_private_key",
                     "extended_starknet_compute_poseidon_hash_on_elements",
                     "extended_starknet_get_selector_from_name", "extended_starknet_sign",
                     "get_zk_contract_signature_obj", "get_zk_transfer_signature_obj",
                     "lighter_create_auth_token", "lighter_create_client", "lighter_generate_api_key",
                     "lighter_sign_approve_integrator", "lighter_sign_cancel_all_orders", "lighter_sign_cancel_order",
                     "lighter_sign_change_pubkey", "lighter_sign_create_grouped_orders", "lighter_sign_create_order",
                     "lighter_sign_create_sub_account", "lighter_sign_modify_order", "lighter_sign_transfer",
                     "lighter_sign_update_leverage", "lighter_sign_update_margin", "lighter_sign_withdraw",
                     "load_dydx_protos", "load_lighter_library", "load_lighter_library_helper",
                     "raise_lighter_signer_error", "retrieve_dydx_credentials", "retrieve_stark_account",
                     "secp256k1_uncompressed_public_key", "starknet_encode_structured_data", "starknet_sign",
                     "to_dydx_long"), _DEX),
    **dict.fromkeys(("check_conflicting_proxies", "check_proxy_settings", "check_proxy_url_settings",
                     "check_ws_proxy_settings", "url_encoder_for_proxy_url", "get_socks_proxy_session",
                     "close_proxy_sessions"), _PROXY),
    **dict.fromkeys(("close_connector", "get_session", "get_event_loop"), _SESSION),
    **dict.fromkeys(("gunzip", "inflate", "is_text_response", "on_json_response"),
                    "CCXT Python's response decoding; ccxtpro's transport decodes (exact big integers, no "
                    "number quoting needed)"),
    **dict.fromkeys(("on_close", "on_error", "close_ws_clients", "ws_dial_delay"), _WS_HOST),
    "is_binary_message": "frames arrive decoded; the transport tells text from bytes",
    "decode_proto_msg": "protobuf frames of another exchange",
    "packb": "msgpack encoding for another exchange's API (needs a library ccxtpro does not depend on)",
    **dict.fromkeys(("read_file", "write_file", "exists_file", "get_temp_dir"), _FILES),
    "fetch_fees": "CCXT Python's deprecated helper (calls fetch_funding_fees, which no exchange defines); "
                  "fetch_trading_fees and fetch_deposit_withdraw_fees are the API",
    "get_object_value_from_key_list": "CCXT Python's private helper of safe_*_n (ccxtpro's safe_*_n are compiled)",
}


def _methods(obj) -> set[str]:
    out = set()
    for name in dir(obj):
        if name.startswith("_"):
            continue
        try:
            value = getattr(obj, name)
        except AttributeError:
            continue
        if callable(value) and not isinstance(value, type):
            out.add(name)
    return out


@pytest.fixture(scope="module")
def ours():
    ex = Binance()  # an instance: implicit endpoints are installed on first construction
    yield ex
    asyncio.run(ex.close())


def _snake(names: set[str]) -> set[str]:
    """CCXT Python's own names. Its constructor also sets a camelCase alias on the class for
    every snake_case name it sees (``dapidataGetBasis``, ``fetchOhlcv``), so which camelCase
    names ``dir(ccxt.binance)`` lists depends on whether one was built; the snake_case set does not."""
    return {n for n in names if n == n.lower()}


@pytest.mark.parametrize("oracle", [ccxt_async.binance, ccxt_pro.binance], ids=["ccxt.binance", "ccxt.pro.binance"])
def test_every_method_of_ccxt_binance_exists(ours, oracle):
    """Every public method of CCXT's class (its own, inherited and the implicit endpoints)
    exists here under the same name, but the listed exclusions."""
    theirs = _snake(_methods(oracle))
    assert len(theirs) > 1500
    missing = sorted(theirs - _methods(ours) - set(EXCLUDED))
    assert missing == [], f"{len(missing)} methods of {oracle.__module__}.binance missing: {missing}"
    stale = sorted(n for n in EXCLUDED if n not in theirs or n in _methods(ours))
    assert stale == [], f"exclusions that no longer apply: {stale}"


# Runtime-owned base methods whose contract the runtime keeps inside its transport or
# connection manager, not as an exchange method of that name.
RUNTIME_INTERNAL = {
    "calculateWsBackoffDelay": "the connection manager's reconnect policy",
    "checkWsProxySettings": "no proxies (see EXCLUDED)", "setProxyAgents": "no proxies (see EXCLUDED)",
    "getHttpAgentIfNeeded": "no proxies (see EXCLUDED)",
    "getResponseHeaders": "the transport collects headers (last_response_headers)",
    "handleRestResponse": "the transport decodes responses", "hasUnsafeInteger": "the transport decodes exactly",
    "onJsonResponse": "the transport decodes exactly",
    "onClose": "the connection manager rejects the waiters", "onError": "the connection manager rejects the waiters",
    "ping": "websocket pings are answered at the protocol level",
}


def test_every_translated_method_has_its_ccxt_camelcase_name(ours):
    """The JS names users of CCXT call (``fetchOHLCV``, ``parseOHLCVs``, ``createLimitOrderWs``):
    every generated method has one, and so does every method of the three classes the runtime owns
    (but the contracts it keeps internally)."""
    man = json.loads(MANIFEST.read_text())
    generated = man["methods"] + man["closure"]["rest"] + man["closure"]["base"]
    owned = man["closure"]["runtimeOwned"]
    missing = sorted(r["name"] for r in generated if not callable(getattr(ours, r["name"], None)))
    missing += sorted(r["name"] for r in owned if r["name"] not in RUNTIME_INTERNAL and r["name"] != "constructor"
                      and not callable(getattr(ours, r["name"], None)))
    assert missing == []
    for row in generated:
        assert getattr(type(ours), row["name"]) is getattr(type(ours), row["python"]), row["name"]


def test_every_rest_method_of_the_source_is_generated():
    """The generated REST class defines every method of CCXT's ``binance.js`` (source order kept),
    and the manifest counts them from the parse."""
    man = json.loads(MANIFEST.read_text())
    rows = man["closure"]["rest"]
    assert man["totals"]["closure"]["rest"] == len(rows) == man["totals"]["restMethods"]
    own = {n for n, v in vars(BinanceRest).items() if callable(v)}
    assert {r["python"] for r in rows} <= own
    for name in ("fetch_ticker", "fetch_tickers", "fetch_ohlcv", "fetch_trades", "create_order", "edit_order",
                 "cancel_order", "cancel_all_orders", "fetch_order", "fetch_orders", "fetch_open_orders",
                 "fetch_closed_orders", "fetch_my_trades", "set_leverage", "set_margin_mode", "fetch_funding_rate",
                 "fetch_deposits", "fetch_withdrawals", "transfer", "fetch_ledger", "request", "sign",
                 "handle_errors", "calculate_rate_limiter_cost", "set_sandbox_mode", "describe"):
        assert name in own, name


@pytest.mark.parametrize("name, python", [
    ("parseOHLCVs", "parse_ohlcvs"), ("fetch2", "fetch2"), ("uuid5", "uuid5"), ("parseWsOHLCVs", "parse_ws_ohlcvs"),
    ("createOHLCVObject", "create_ohlcv_object"), ("safeString2", "safe_string_2"),
])
def test_names_are_ccxts_python_names(ours, name, python):
    assert python in dir(ccxt_async.binance)
    assert callable(getattr(ours, python))
    assert getattr(type(ours), name) is getattr(type(ours), python) or name == python


# ``has`` keys that name a capability, not a method (CCXT's own non-method keys).
CAPABILITIES = {"publicAPI", "privateAPI", "CORS", "sandbox", "spot", "margin", "swap", "future", "option", "index",
                "ws"}
# Truthy ``has`` keys that name no method in CCXT either (CCXT's declarations, kept as CCXT has them).
NO_METHOD_IN_CCXT = {
    "fetchPositionForSymbolWs": "CCXT declares it for Binance Pro but defines fetchPositionsForSymbolWs "
                                "(plural), which CCXT's base class has and so do we",
}


def test_has_is_truthy_only_where_the_method_exists(ours):
    from codegen.naming import snake

    for key, value in ours.has.items():
        if not value or key in CAPABILITIES or key in NO_METHOD_IN_CCXT:
            continue
        assert callable(getattr(ours, snake(key), None)), f"has[{key!r}] is {value!r} but {snake(key)}() is missing"
        assert callable(getattr(ours, key, None)), key  # the camelCase name too
    for key in NO_METHOD_IN_CCXT:
        assert not callable(getattr(ccxt_pro.binance, snake(key), None))


def test_has_equals_ccxts(ours):
    theirs = ccxt_pro.binance().has
    assert ours.has == theirs
    assert sum(1 for v in ours.has.values() if v) > 150


def test_no_generated_base_method_shadows_the_runtime_by_accident():
    """A base method the runtime also defines is either runtime-owned (not generated) or listed
    here: CCXT's logic deliberately replaces the runtime's generic version."""
    import ccxtpro.generated.exchange as generated_module
    from ccxtpro.exchange import Exchange

    deliberate = {
        "market", "market_ids", "market_or_null", "market_id", "symbol", "safe_market", "safe_symbol",
        "safe_currency", "safe_currency_code", "currency", "common_currency_code", "set_markets", "parse_number",
        "value_is_defined", "array_slice", "encode_uri_component", "calculate_rate_limiter_cost", "describe",
        "get_default_options", "after_construct",
    }
    tree = ast.parse(Path(generated_module.__file__).read_text())
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "GeneratedExchange")
    generated = {n.name for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    shadowing = {n for n in generated if hasattr(Exchange, n)}
    assert shadowing == deliberate
