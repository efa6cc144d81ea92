"""Ours and CCXT's own client on one simulator: the same description, options, network maps,
markets and currencies, the same request weights, and Binance's REST overrides in force
(``request``, ``calculateRateLimiterCost``, ``handleErrors``, ``setSandboxMode``)."""

from __future__ import annotations

import asyncio

import ccxt.pro as ccxt_pro
import pytest

import ccxtpro

from sim_helpers import field_mismatches


def _field_mismatches(theirs, ours, path=""):
    return field_mismatches(theirs, ours, path, types=False)

# CCXT's Python transpiler rewrites ``this`` inside six of Binance's error messages (its
# ``this`` -> ``self`` pass reaches string literals, and ``in this`` became ``hasattr``),
# so CCXT Python can never match those messages. We keep the JS text, which is what
# Binance sends. Our key -> CCXT Python's key.
CCXT_PYTHON_MANGLED = {
    "Limit orders require GTC for this phase.": "Limit orders require GTC for self phase.",
    "This action is disabled on this account.": "This action is disabled on self account.",
    "This order type is not possible in this trading phase.":
        "This order type is not hasattr(self, possible) trading phase.",
    "This symbol is not permitted for this account.": "This symbol is not permitted for self account.",
    "This symbol is restricted for this account.": "This symbol is restricted for self account.",
    "You are not authorized to execute this request.": "You are not authorized to execute self request.",
}

# attributes set from describe() (and the constructor) compared one by one; ``urls`` apart
ATTRIBUTES = ("id", "name", "countries", "version", "rateLimit", "rateLimiterAlgorithm", "rollingWindowSize",
              "certified", "pro", "alias", "dex", "has", "fees", "requiredCredentials", "timeframes",
              "precisionMode", "paddingMode", "commonCurrencies", "features", "streaming", "status", "limits",
              "precision", "httpExceptions", "exceptions", "options")


def _plain(value):
    """Comparable form: error classes by name (CCXT's and ours are different classes), the
    mangled exception keys mapped to CCXT Python's spelling."""
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, dict):
        return {CCXT_PYTHON_MANGLED.get(k, k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@pytest.fixture
async def pair(sim):
    """CCXT Pro's binance and ours, both signed in with the simulator's HMAC key."""
    options = {"adjustForTimeDifference": False, "warnOnFetchOpenOrdersWithoutSymbol": False}
    theirs = ccxt_pro.binance({"urls": sim.ccxt_urls(), "options": dict(options), **sim.api_keys["hmac"]})
    ours = ccxtpro.load("binance", sim.exchange_config(**options))
    yield theirs, ours
    await theirs.close()
    await ours.close()


async def test_description_options_markets_and_currencies_equal_ccxts(pair):
    theirs, ours = pair
    await asyncio.wait_for(theirs.load_markets(), 20)
    await asyncio.wait_for(ours.load_markets(), 20)
    assert ours.currencies and ours.currencies["ETH"]["networks"], "fetch_currencies ran (signed)"
    problems = []
    for name in ATTRIBUTES:
        problems += _field_mismatches(_plain(getattr(theirs, name)), _plain(getattr(ours, name)), name)
    for name in ("markets", "currencies", "markets_by_id", "currencies_by_id"):
        problems += _field_mismatches(_plain(getattr(theirs, name)), _plain(getattr(ours, name)), name)
    # the URL sets (api, test, demo) each point at the simulator its own way; the rest are CCXT's
    for key in set(theirs.urls) - {"api", "apiBackup", "test", "demo"}:
        problems += _field_mismatches(theirs.urls[key], ours.urls.get(key), f"urls.{key}")
    assert set(ours.urls) == set(theirs.urls)
    assert (ours.symbols, ours.ids, ours.codes) == (theirs.symbols, theirs.ids, theirs.codes)
    assert problems == []
    # the facts the issue named, explicitly
    assert ours.currencies["ETH"]["networks"].keys() == theirs.currencies["ETH"]["networks"].keys()
    assert ours.options["networks"]["ERC20"] == "ETH" and ours.options["networksById"]["ETH"] == "ERC20"
    assert ours.options["defaultNetworkCodeReplacements"]["ETH"] == {"primary": "ETH", "secondary": "ERC20",
                                                                     "default": "secondary"}
    assert "funding" in ours.fees and ours.requiredCredentials["accountId"] is False
    assert "cost" not in ours.markets["BTC/USDT"]["precision"]
    described = ours.describe()
    assert _plain({k: v for k, v in described.items() if k != "urls"}) == \
        _plain({k: v for k, v in theirs.describe().items() if k != "urls"})


@pytest.mark.parametrize("call, args", [
    ("fetch_order_book", ("BTC/USDT", 1000)),       # spot depth by limit: 10
    ("fetch_order_book", ("BTC/USDT:USDT", 1000)),  # USD-M depth by limit: 20
    ("fetch_order_book", ("BTC/USD:BTC", 5)),
    ("fetch_open_orders", ()),                      # no symbol: 16
    ("fetch_open_orders", ("BTC/USDT",)),
    ("fetch_tickers", ()),
    ("fetch_ticker", ("BTC/USDT",)),
    ("fetch_balance", ()),
    ("fetch_my_trades", ("BTC/USDT",)),
    ("fetch_trades", ("BTC/USDT:USDT",)),
])
async def test_request_weights_equal_ccxts(pair, call, args):
    """Every request of the call is throttled by the weight CCXT computes (Binance's
    calculateRateLimiterCost: byLimit, noSymbol…), not a flat cost."""
    costs = {}
    for ex in pair:
        await ex.load_markets()
        seen: list = []
        real = ex.throttle

        async def throttle(cost=None, seen=seen, real=real):
            seen.append(cost)
            return await real(cost)

        ex.throttle = throttle
        await asyncio.wait_for(getattr(ex, call)(*args), 20)
        costs[type(ex).__module__.split(".")[0]] = seen
    assert costs["ccxtpro_binance"] == costs["ccxt"] and costs["ccxt"]


async def test_a_rejected_key_after_a_signed_success_is_ddos_protection(pair):
    """Binance's ``request`` override remembers a successful private call; its ``handleErrors``
    then maps -2015 to DDoSProtection (a temporary ban), as CCXT does."""
    body = '{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}'
    args = (401, "Unauthorized", "https://api.binance.com/api/v3/account", "GET", {}, body,
            {"code": -2015, "msg": "Invalid API-key, IP, or permissions for action."}, {}, None)
    raised = {}
    for ex in pair:
        tag = type(ex).__module__.split(".")[0]
        with pytest.raises(Exception) as before:
            ex.handle_errors(*args)
        await ex.fetch_balance()
        assert ex.options["hasAlreadyAuthenticatedSuccessfully"] is True
        with pytest.raises(Exception) as after:
            ex.handle_errors(*args)
        raised[tag] = (type(before.value).__name__, type(after.value).__name__)
    assert raised["ccxtpro_binance"] == raised["ccxt"] == ("AuthenticationError", "DDoSProtection")


async def test_testnet_is_flagged_through_binances_override(sim):
    """``env="testnet"`` (and CCXT's ``sandbox`` flag, and set_sandbox_mode) run Binance's
    setSandboxMode override: the test URL set (through the runtime's env selection) and
    options['sandboxMode']."""
    cfg = sim.exchange_config(key=None)
    async with ccxtpro.load("binance", cfg) as prod:
        prod_public = prod.urls["api"]["public"]
    for extra in ({"env": "testnet"}, {"sandbox": True}, {"options": {"sandbox": True}}):
        async with ccxtpro.load("binance", {**cfg, **extra, "options": {**cfg["options"], **extra.get("options", {})}}) \
                as ex:
            assert ex.isSandboxModeEnabled and ex.options["sandboxMode"] is True, extra
            assert ex.urls["api"]["public"] == ex.urls["test"]["public"] != prod_public, extra
            assert ex.urls["apiBackup"]["public"] == prod_public, extra
    async with ccxtpro.load("binance", cfg) as ex:
        assert ex.options["sandboxMode"] is False and not ex.isSandboxModeEnabled  # describe()'s default
        ex.set_sandbox_mode(True)
        assert ex.options["sandboxMode"] is True and ex.isSandboxModeEnabled
        ex.set_sandbox_mode(False)
        assert ex.options["sandboxMode"] is False and not ex.isSandboxModeEnabled
    theirs = ccxt_pro.binance({"sandbox": True})
    assert theirs.options["sandboxMode"] is True
    await theirs.close()


async def test_demo_is_flagged_through_binances_override(sim):
    """``env="demo"`` runs Binance's enableDemoTrading override (options['enableDemoTrading'],
    which its fetchCurrencies and fetchMarkets read); with a baseUrl every URL set was rebased,
    so the override's own switch to urls['demo'] stays on the rebased set."""
    cfg = sim.exchange_config(key=None)
    async with ccxtpro.load("binance", {**cfg, "env": "demo"}) as ex:
        assert ex.options["enableDemoTrading"] is True and ex.env == "demo"
        assert ex.urls["api"] == ex.urls["demo"] and "apiBackupDemoTrading" in ex.urls
        ex.enable_demo_trading(False)
        assert ex.options["enableDemoTrading"] is False and ex.urls["api"]["public"] != ex.urls["demo"]["public"]
    async with ccxtpro.load("binance", {**cfg, "baseUrl": sim.base_http}) as ex:  # a string moves every set
        for key in ("api", "test", "demo"):
            assert ex.urls[key]["public"].startswith(sim.base_http), key
        ex.enable_demo_trading(True)
        assert ex.urls["api"]["public"].startswith(sim.base_http)
