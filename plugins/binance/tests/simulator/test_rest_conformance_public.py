"""Every public REST method of ``ccxt.binance`` 4.5.84, ours against CCXT's own async client.

Both clients talk to one simulator whose market is paused and whose clock is frozen by
this module (it moves only when the fixture steps the market), so a call made by CCXT
and then by ours sees the same server state. For every case the two results are
compared field by field (values and Python types, ``info`` included), and so are the
requests sent (method, path, query) and the rate-limit cost of each request
(Binance's ``calculateRateLimiterCost``: ``byLimit``, ``noSymbol``…).

Which methods are in scope is data here: :data:`IN_SCOPE` (with its cases) and
:data:`EXCLUDED` (with the reason); ``test_scope_covers_every_public_fetch_method``
walks ``dir(ccxt.binance)`` so a method CCXT adds cannot be missed.
"""

from __future__ import annotations

import asyncio
import inspect
import re
import time
from urllib.parse import urlsplit

import aiohttp
import ccxt
import ccxt.async_support as ccxt_async
import pytest
import pytest_asyncio
from ccxt.abstract import binance as ccxt_binance_api

import ccxtpro
from ccxtpro_binance.simulator import Simulator
from sim_helpers import field_mismatches

pytestmark = pytest.mark.asyncio(loop_scope="module")

HOUR = 3_600_000
DAY = 24 * HOUR
STEPS = 240          # market steps taken before any call
STEP_MS = 250        # simulated time per step: one minute of trades in all

# Fields excepted from the comparison, per method, each with its reason. Empty: the
# simulator's clock is frozen and its market paused for the whole module, so server
# times (``serverTime``, ``closeTime``, ``E``/``T``, ``time``) and ids (trade, aggregate
# trade and update ids) are the same for both clients; nothing client-side is volatile
# in these methods' results.
VOLATILE: dict[str, dict[str, str]] = {}

# ---------------------------------------------------------------- scope (data)


class T:
    """Times of the module's simulator, known once the fixture built it (see ``market``)."""

    now = 0            # the frozen server time
    first_trade = 0    # time of the first stepped trade
    hour = 0           # the hour the clock is in (open time)
    spot_trade_id = 0  # a BTCUSDT trade id a third of the way through the stepped minute
    spot_agg_id = 0    # a BTCUSDT aggregate trade id half way through it


def _at(fn):
    """Defer a time-dependent argument until the fixture has set :class:`T`."""
    return fn


SPOT, SPOT2 = "BTC/USDT", "ETH/USDT"
LIN, LIN2 = "BTC/USDT:USDT", "ETH/USDT:USDT"
INV, INV2 = "BTC/USD:BTC", "ETH/USD:ETH"
LIN_DELIVERY = "<linear delivery>"   # BTC/USDT:USDT-YYMMDD, resolved from the markets
INV_DELIVERY = "<inverse delivery>"  # BTC/USD:BTC-YYMMDD

# Each case: (id, positional args, keyed). Callables in args are evaluated at run time
# (they read T); ``keyed`` runs the pair with an API key (historicalTrades needs one).
IN_SCOPE: dict[str, list[tuple]] = {
    "fetch_time": [("spot", ()), ("usdm", ({"type": "future"},)), ("coinm", ({"type": "delivery"},))],
    "fetch_status": [("sapi", ())],
    "fetch_markets": [("keyless", ())],
    "fetch_trading_limits": [("mixed", ([SPOT, LIN, INV],))],
    "fetch_order_book": [
        ("spot-default", (SPOT,)), ("spot-5", (SPOT, 5)), ("spot-1000", (SPOT, 1000)),
        ("usdm-default", (LIN,)), ("usdm-5", (LIN, 5)), ("usdm-100", (LIN, 100)),
        ("usdm-rpi", (LIN, None, {"rpi": True})), ("coinm-10", (INV, 10)), ("coinm-delivery", (INV_DELIVERY, 20)),
    ],
    "fetch_l2_order_book": [("spot", (SPOT, 5)), ("usdm", (LIN, 10)), ("coinm", (INV, 5))],
    "fetch_ticker": [
        # CCXT's parseTicker takes a rolling-window ticker (no bidQty, no time) for a contract's,
        # so its symbol comes out as BTC/USDT:USDT; ours is generated from the same code and agrees
        ("spot", (SPOT,)), ("spot-rolling", (SPOT, {"rolling": True})), ("usdm", (LIN,)),
        ("usdm-delivery", (LIN_DELIVERY,)), ("coinm", (INV,)), ("coinm-delivery", (INV_DELIVERY,)),
    ],
    "fetch_tickers": [
        ("spot-all", ()), ("spot-two", ([SPOT, SPOT2],)), ("spot-rolling", ([SPOT, SPOT2], {"rolling": True})),
        ("usdm-all", (None, {"type": "future"})), ("usdm-two", ([LIN, LIN2],)),
        ("coinm-all", (None, {"type": "delivery"})), ("coinm-one", ([INV],)),
    ],
    "fetch_bids_asks": [
        ("spot-all", ()), ("spot-two", ([SPOT, SPOT2],)), ("usdm-one", ([LIN],)),
        ("usdm-all", (None, {"type": "future"})), ("coinm-one", ([INV],)), ("coinm-all", (None, {"type": "delivery"})),
    ],
    "fetch_last_prices": [
        ("spot-all", ()), ("spot-two", ([SPOT, SPOT2],)), ("usdm-two", ([LIN, LIN2],)),
        ("coinm-one", ([INV],)), ("coinm-all", (None, {"type": "delivery"})),
    ],
    "fetch_mark_price": [("usdm", (LIN,)), ("usdm-delivery", (LIN_DELIVERY,)), ("coinm", (INV,))],
    "fetch_mark_prices": [("usdm-all", ()), ("usdm-two", ([LIN, LIN2],)), ("coinm-one", ([INV],))],
    "fetch_ohlcv": [
        ("spot-1h-5", (SPOT, "1h", None, 5)), ("spot-1m-default", (SPOT, "1m")), ("spot-1s", (SPOT, "1s", None, 20)),
        ("spot-1M", (SPOT, "1M", None, 3)), ("spot-1w", (SPOT, "1w", None, 3)),
        ("spot-since", (SPOT, "1h", _at(lambda: T.hour - 48 * HOUR), 6)),
        ("spot-since-until", (SPOT, "15m", _at(lambda: T.hour - 10 * HOUR), None,
                              _at(lambda: {"until": T.hour - 8 * HOUR}))),
        ("spot-until", (SPOT, "1h", None, 4, _at(lambda: {"until": T.hour - 5 * HOUR}))),
        ("spot-paginate", (SPOT, "1h", _at(lambda: T.hour - 30 * HOUR), None,
                           _at(lambda: {"paginate": True, "until": T.hour - 2 * HOUR, "maxEntriesPerRequest": 10}))),
        ("usdm-1h-5", (LIN, "1h", None, 5)), ("usdm-1000", (LIN, "5m", None, 1000)),
        ("usdm-since-until", (LIN, "1h", _at(lambda: T.hour - 24 * HOUR), None, _at(lambda: {"until": T.hour}))),
        ("usdm-delivery", (LIN_DELIVERY, "4h", None, 3)),
        ("coinm-1h-5", (INV, "1h", None, 5)), ("coinm-since", (INV, "1h", _at(lambda: T.hour - 48 * HOUR), 10)),
        ("coinm-1d", (INV, "1d", None, 3)), ("coinm-delivery", (INV_DELIVERY, "1h", None, 3)),
        ("usdm-price-mark", (LIN, "1h", None, 4, {"price": "mark"})),
        ("usdm-price-index", (LIN, "1h", None, 4, {"price": "index"})),
        ("usdm-price-premium", (LIN, "1h", None, 4, {"price": "premiumIndex"})),
        ("coinm-price-mark", (INV, "1h", _at(lambda: T.hour - 12 * HOUR), 4, {"price": "mark"})),
        ("coinm-price-index", (INV, "1h", None, 4, {"price": "index"})),
        ("coinm-price-premium", (INV, "1h", None, 4, {"price": "premiumIndex"})),
    ],
    "fetch_mark_ohlcv": [("usdm", (LIN, "1h", None, 3)), ("coinm", (INV, "4h", None, 3))],
    "fetch_index_ohlcv": [
        ("usdm", (LIN, "1h", _at(lambda: T.hour - 6 * HOUR), 3)), ("coinm", (INV, "1h", None, 3)),
    ],
    "fetch_premium_index_ohlcv": [("usdm", (LIN, "1m", None, 3)), ("coinm", (INV, "1h", None, 3))],
    "fetch_trades": [
        ("spot-agg-5", (SPOT, None, 5)), ("spot-agg-default", (SPOT,)),
        ("spot-agg-since", (SPOT, _at(lambda: T.first_trade + 10_000), 7)),
        ("spot-agg-since-no-limit", (SPOT, _at(lambda: T.first_trade + 30_000))),
        ("spot-agg-until", (SPOT, None, 5, _at(lambda: {"until": T.first_trade + 20_000}))),
        ("spot-agg-fromId", (SPOT, None, 4, _at(lambda: {"fromId": T.spot_agg_id}))),
        ("spot-trades", (SPOT, None, 6, {"fetchTradesMethod": "publicGetTrades"})),
        ("spot-historical-fromId", (SPOT, None, 5, _at(lambda: {"fetchTradesMethod": "publicGetHistoricalTrades",
                                                                 "fromId": T.spot_trade_id})), True),
        ("spot-paginate-forward", (SPOT, _at(lambda: T.first_trade), None,
                                   {"paginate": True, "paginationDirection": "forward", "paginationCalls": 3,
                                    "maxEntriesPerRequest": 5})),
        ("spot-paginate-backward", (SPOT, None, None, {"paginate": True, "paginationCalls": 3,
                                                       "maxEntriesPerRequest": 5})),
        ("usdm-agg", (LIN, None, 5)), ("usdm-agg-since", (LIN, _at(lambda: T.first_trade + 5_000), 5)),
        ("usdm-trades", (LIN, None, 5, {"fetchTradesMethod": "fapiPublicGetTrades"})),
        ("usdm-historical-600", (LIN, None, 600, {"fetchTradesMethod": "fapiPublicGetHistoricalTrades"}), True),
        ("coinm-agg", (INV, None, 5)), ("coinm-trades", (INV, None, 5, {"method": "dapiPublicGetTrades"})),
        ("coinm-historical", (INV, None, 3, {"fetchTradesMethod": "dapiPublicGetHistoricalTrades"}), True),
    ],
    "fetch_funding_rate": [("usdm", (LIN,)), ("usdm-delivery", (LIN_DELIVERY,)), ("coinm", (INV,))],
    "fetch_funding_rates": [
        ("usdm-all", ()), ("usdm-two", ([LIN, LIN2],)), ("coinm-all", (None, {"subType": "inverse"})),
    ],
    "fetch_funding_rate_history": [
        ("usdm-5", (LIN, None, 5)), ("usdm-default", (LIN,)),
        ("usdm-since", (LIN, _at(lambda: T.hour - 10 * DAY), 4)),
        ("usdm-since-until", (LIN, _at(lambda: T.hour - 10 * DAY), None, _at(lambda: {"until": T.hour - 8 * DAY}))),
        ("usdm-all-symbols", (None, None, 7)), ("usdm-delivery-empty", (LIN_DELIVERY, None, 3)),
        ("usdm-paginate", (LIN, _at(lambda: T.hour - 20 * DAY), None,
                           _at(lambda: {"paginate": True, "until": T.hour - 5 * DAY, "maxEntriesPerRequest": 20}))),
        ("coinm-3", (INV, None, 3, {"subType": "inverse"})),
    ],
    "fetch_funding_intervals": [("usdm-all", ()), ("usdm-two", ([LIN, LIN2],)), ("coinm-one", ([INV],))],
    "fetch_funding_interval": [("usdm", (LIN,)), ("coinm", (INV2,))],
    "fetch_open_interest": [("usdm", (LIN,)), ("usdm-delivery", (LIN_DELIVERY,)), ("coinm", (INV,))],
    "fetch_open_interest_history": [
        ("usdm-5m-5", (LIN, "5m", None, 5)), ("usdm-default", (LIN,)),
        ("usdm-1h-since", (LIN, "1h", _at(lambda: T.hour - 2 * DAY), 6)),
        ("usdm-until", (LIN, "1d", None, 3, _at(lambda: {"until": T.hour - 5 * DAY}))),
        # CCXT sends the contract's id as ``pair`` (BTCUSD_PERP), which Binance's
        # COIN-M statistics reject as an unknown pair: BadSymbol from both clients
        ("coinm-default-pair-rejected", (INV, "1h", None, 3)),
        ("coinm-pair-perpetual", (INV, "1h", None, 3, {"pair": "BTCUSD", "contractType": "PERPETUAL"})),
        ("coinm-pair-all", (INV, "4h", None, 2, {"pair": "BTCUSD", "contractType": "ALL"})),
    ],
    "fetch_long_short_ratio_history": [
        ("usdm-5m", (LIN, "5m", None, 5)), ("usdm-default-1d", (LIN, None, None, 3)),
        ("usdm-since-until", (LIN, "1h", _at(lambda: T.hour - DAY), None, _at(lambda: {"until": T.hour - 20 * HOUR}))),
        ("coinm-1h", (INV, "1h", None, 4)),
    ],
    "fetch_adl_rank": [("usdm", (LIN,))],
}

# Binance error codes for parameters the clients pass through to the server: the same
# CCXT exception class and message from both clients. (Bad input a client can see for
# itself, such as an unknown timeframe or a zero limit, is test_bad_input_conformance.py's.)
SERVER_REJECTED: list[tuple] = [
    ("agg-window-over-an-hour", "fetch_trades",
     (SPOT, _at(lambda: T.first_trade), 5, _at(lambda: {"until": T.first_trade + 2 * HOUR}))),  # -1127
    ("agg-fromId-with-time", "fetch_trades", (SPOT, _at(lambda: T.first_trade), 5, {"fromId": 1})),  # -1128
    ("interval-1s-on-futures", "fetch_ohlcv", (LIN, "1s", None, 5)),  # -1120
    ("index-unknown-pair", "fetch_ohlcv", (INV, "1h", None, 5, {"price": "index", "pair": "NOPEUSD"})),  # -1121
    ("period-unknown", "fetch_open_interest_history", (LIN, "3m", None, 5)),  # -1130
    ("rolling-window-unknown", "fetch_ticker", (SPOT, {"rolling": True, "windowSize": "9w"})),  # -1100
]

_PRIVATE = "signed endpoint(s) only: private scope, test_rest_conformance_private.py"
_OPTIONS = ("options (eapi) only: the simulator lists no option markets (Binance's eapi, with its own "
            "exchangeInfo, mark and exercise-history endpoints, is not simulated)")
EXCLUDED: dict[str, str] = {
    **{name: _PRIVATE for name in (
        "fetch_balance", "fetch_borrow_interest", "fetch_borrow_rate_history", "fetch_canceled_and_closed_orders",
        "fetch_canceled_orders", "fetch_closed_orders", "fetch_convert_currencies", "fetch_convert_quote",
        "fetch_convert_trade", "fetch_convert_trade_history", "fetch_cross_borrow_rate", "fetch_deposit_address",
        "fetch_deposit_withdraw_fee", "fetch_deposit_withdraw_fees", "fetch_deposits", "fetch_funding_history",
        "fetch_isolated_borrow_rate", "fetch_isolated_borrow_rates", "fetch_ledger", "fetch_ledger_entry",
        "fetch_leverage", "fetch_leverages", "fetch_margin_adjustment_history", "fetch_margin_mode",
        "fetch_margin_modes", "fetch_my_liquidations", "fetch_my_settlement_history", "fetch_my_trades",
        "fetch_open_order", "fetch_open_orders", "fetch_order", "fetch_order_trades", "fetch_orders",
        "fetch_position", "fetch_position_adl_rank", "fetch_position_mode", "fetch_positions",
        "fetch_positions_adl_rank", "fetch_positions_risk", "fetch_trading_fee", "fetch_trading_fees",
        "fetch_transaction_fee", "fetch_transaction_fees", "fetch_transfers", "fetch_withdrawals")},
    "fetch_currencies": "signed (sapi capital/config/getall); compared with CCXT's in "
                        "test_ccxt_parity.py::test_description_options_markets_and_currencies_equal_ccxts",
    "fetch_leverage_tiers": "signed (fapi/dapi leverageBracket): Binance has no public leverage tiers; private scope",
    "fetch_market_leverage_tiers": "signed (through fetch_leverage_tiers): private scope",
    **{name: _OPTIONS for name in ("fetch_all_greeks", "fetch_greeks", "fetch_option", "fetch_settlement_history")},
}

# In-scope methods that reach a signed endpoint only on a path not taken here, and why
SIGNED_PATHS_NOT_TAKEN = {
    "fetch_markets": "sapi margin pairs, only with credentials and loadAllOptions/margin options",
    "fetch_trading_limits": "through fetch_markets (same)",
    "fetch_ticker": "sapi equity quote, only for tokenized-stock markets (not simulated)",
}

# ---------------------------------------------------------------- the walk over CCXT's class

_PUBLIC_APIS = {"public", "v1", "fapiPublic", "fapiPublicV2", "fapiPublicV3", "fapiData", "dapiPublic", "dapiData",
                "eapiPublic"}
_IMPLICIT = {k: v for k, v in vars(ccxt_binance_api.ImplicitAPI).items() if type(v).__name__ == "Entry"}


def _is_public(entry) -> bool:
    return entry.api in _PUBLIC_APIS or (entry.api == "sapi" and entry.path == "system/status")


def _endpoints(name: str, seen: set | None = None) -> set[str]:
    """Implicit API methods a CCXT method reaches, through the binance class's own helpers."""
    seen = set() if seen is None else seen
    if name in seen:
        return set()
    seen.add(name)
    try:
        src = inspect.getsource(getattr(ccxt.binance, name))
    except (AttributeError, TypeError, OSError):
        return set()
    out = set()
    for called in re.findall(r"self\.(\w+)\(", src):
        if called in _IMPLICIT:
            out.add(called)
        elif called in vars(ccxt.binance) and called not in ("sign", "request", "handle_errors", "load_markets"):
            out |= _endpoints(called, seen)
    return out


def _public_fetch_methods() -> set[str]:
    ex = ccxt.binance()
    has = {k.lower(): v for k, v in ex.has.items()}
    out = set()
    for name in dir(ccxt.binance):
        if name.startswith("fetch_") and callable(getattr(ccxt.binance, name)):
            key = "fetch" + name[len("fetch_"):].replace("_", "")
            if has.get(key):
                out.add(name)
    return out


async def test_scope_covers_every_public_fetch_method():
    """Every ``fetch_*`` of ``ccxt.binance`` whose ``has`` entry is truthy is either in scope
    (with cases) or excluded (with a reason), and the classification matches what the
    method reaches: in scope only public endpoints, excluded ones a signed or an
    options endpoint."""
    assert ccxt.__version__ == "4.5.84"
    methods = _public_fetch_methods()
    assert set(IN_SCOPE).isdisjoint(EXCLUDED)
    assert methods == set(IN_SCOPE) | set(EXCLUDED), (methods - set(IN_SCOPE) - set(EXCLUDED),
                                                      (set(IN_SCOPE) | set(EXCLUDED)) - methods)
    problems = []
    for name in IN_SCOPE:
        reached = _endpoints(name)
        signed = sorted(e for e in reached if not _is_public(_IMPLICIT[e]))
        if not reached or (signed and name not in SIGNED_PATHS_NOT_TAKEN):
            problems.append(f"{name}: reaches {sorted(reached)}")
    for name, reason in EXCLUDED.items():
        reached = [_IMPLICIT[e] for e in _endpoints(name)]
        if reason == _OPTIONS:
            ok = reached and all(e.api.startswith("eapi") for e in reached)
        else:
            ok = any(not _is_public(e) for e in reached)
        if not ok:
            problems.append(f"{name} ({reason[:20]}…): reaches {[(e.api, e.path) for e in reached]}")
    assert problems == []


# ---------------------------------------------------------------- the module's simulator


class Frozen:
    """A clock for the simulator: stands still until ``advance``."""

    def __init__(self, t: int) -> None:
        self.t = t

    def __call__(self) -> int:
        return self.t

    def advance(self, ms: int) -> None:
        self.t += ms


class Pair:
    def __init__(self, theirs, ours) -> None:
        self.theirs, self.ours = theirs, ours

    def __iter__(self):
        return iter((self.theirs, self.ours))


class Market:
    def __init__(self, sim, clock, keyless: Pair, keyed: Pair) -> None:
        self.sim, self.clock, self.keyless, self.keyed = sim, clock, keyless, keyed


def _options() -> dict:
    return {"adjustForTimeDifference": False, "warnOnFetchOpenOrdersWithoutSymbol": False}


async def _pair(sim, key: str | None) -> Pair:
    """CCXT's client and ours; with ``key`` they carry an API key (sent as a header by
    historicalTrades) but make no signed request: currencies and margin pairs are not
    fetched (both are signed endpoints)."""
    creds = sim.api_keys[key] if key else {}
    options = dict(_options(), fetchCurrencies=False, fetchMargins=False) if key else _options()
    theirs = ccxt_async.binance({"urls": sim.ccxt_urls(), "options": dict(options), **creds})
    ours = ccxtpro.load("binance", sim.exchange_config(key=key, **options))
    await asyncio.gather(theirs.load_markets(), ours.load_markets())
    for ex in (theirs, ours):
        _instrument(ex)
    return Pair(theirs, ours)


def _instrument(ex) -> None:
    """Record each request's rate-limit cost and its method, path and query, without
    waiting on the throttle (the costs are what is compared)."""
    ex.seen_costs, ex.seen_requests = [], []
    real_fetch = ex.fetch

    async def throttle(cost=None):
        ex.seen_costs.append(cost)

    async def fetch(url, method="GET", headers=None, body=None):
        parts = urlsplit(url)
        ex.seen_requests.append((method, parts.path, parts.query, body))
        return await real_fetch(url, method, headers, body)

    ex.throttle = throttle
    ex.fetch = fetch


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def market():
    async with Simulator(seed=11, autostep=False) as sim:
        # the stepped minute ends about now (the clients' own clocks matter to a few
        # requests: CCXT caps a COIN-M klines endTime at its own time)
        clock = Frozen(int(time.time() * 1000) - STEPS * STEP_MS)
        sim.core.now = clock  # the market is paused; its clock moves only with our steps
        T.first_trade = clock.t + STEP_MS
        for _ in range(STEPS):
            clock.advance(STEP_MS)
            sim.step()
        T.now = clock.t
        T.hour = clock.t - clock.t % HOUR
        spot = sim.model("spot", "BTCUSDT")
        T.spot_trade_id = spot.recent_trades[len(spot.recent_trades) // 3].id
        T.spot_agg_id = spot.recent_aggs[len(spot.recent_aggs) // 2].id
        assert spot.recent_trades[0].time >= T.first_trade and len(spot.recent_aggs) > 40
        keyless = await _pair(sim, None)
        keyed = await _pair(sim, "hmac")
        try:
            yield Market(sim, clock, keyless, keyed)
        finally:
            for ex in (*keyless, *keyed):
                await ex.close()


def _resolve(arg, markets: dict):
    if callable(arg):
        arg = arg()
    if arg in (LIN_DELIVERY, INV_DELIVERY):
        want = "linear" if arg == LIN_DELIVERY else "inverse"
        return next(s for s, m in sorted(markets.items())
                    if m["future"] and m[want] and m["base"] == "BTC" and m["active"] is not False)
    if isinstance(arg, dict):
        return {k: _resolve(v, markets) for k, v in arg.items()}
    if isinstance(arg, list):
        return [_resolve(v, markets) for v in arg]
    return arg


async def _call(ex, method: str, args: tuple):
    ex.seen_costs.clear()
    ex.seen_requests.clear()
    try:
        result = ("ok", await asyncio.wait_for(getattr(ex, method)(*args), 20))
    except Exception as e:  # compared by class name and message
        result = ("raised", type(e).__name__, str(e))
    return result, sorted(ex.seen_costs), sorted(ex.seen_requests)


def _drop_volatile(method: str, value):
    for field in VOLATILE.get(method, {}):
        if isinstance(value, dict):
            value.pop(field, None)
    return value


# cases whose result may be empty, and cases where CCXT's own call raises (and ours must
# raise the same), each with why
MAY_BE_EMPTY = {"fetch_funding_rate_history[usdm-delivery-empty]": "Binance: no funding for delivery contracts"}
CCXT_RAISES = {"fetch_open_interest_history[coinm-default-pair-rejected]": "CCXT sends the id as pair (-1121)"}


def _cases():
    for method, cases in IN_SCOPE.items():
        for case in cases:
            case_id, args = case[0], case[1]
            keyed = len(case) > 2 and case[2]
            yield pytest.param(method, args, keyed, id=f"{method}[{case_id}]")


async def _both(market: Market, method: str, args: tuple, keyed: bool = False):
    pair = market.keyed if keyed else market.keyless
    args = tuple(_resolve(a, pair.theirs.markets) for a in args)
    theirs = await _call(pair.theirs, method, args)
    ours = await _call(pair.ours, method, args)
    return theirs, ours


@pytest.mark.parametrize("method, args, keyed", list(_cases()))
async def test_public_method_equals_ccxts(request, market, method, args, keyed):
    """The same requests, costs and unified result as CCXT's async client, field by field."""
    case = request.node.callspec.id
    (t_res, t_costs, t_reqs), (o_res, o_costs, o_reqs) = await _both(market, method, args, keyed)
    assert (t_res[0] == "raised") == (case in CCXT_RAISES), t_res
    assert o_reqs == t_reqs, "requests differ"
    assert o_costs == t_costs and t_costs, "rate-limit costs differ"
    if t_res[0] == "ok":
        assert o_res[0] == "ok", o_res
        theirs, ours = _drop_volatile(method, t_res[1]), _drop_volatile(method, o_res[1])
        assert (theirs in (None, [], {})) == (case in MAY_BE_EMPTY), theirs
        assert field_mismatches(theirs, ours) == []
    else:
        assert o_res == t_res


@pytest.mark.parametrize("case_id, method, args", [pytest.param(*c, id=c[0]) for c in SERVER_REJECTED])
async def test_server_rejection_raises_what_ccxt_raises(market, case_id, method, args):
    """A parameter the simulator rejects with Binance's error code: the same exception class
    and message from both clients."""
    (t_res, t_costs, t_reqs), (o_res, o_costs, o_reqs) = await _both(market, method, args)
    assert t_res[0] == "raised" and t_res[1] in ("BadRequest", "BadSymbol", "ExchangeError"), t_res
    assert o_res == t_res
    assert (o_reqs, o_costs) == (t_reqs, t_costs)


# ---------------------------------------------------------------- the simulator itself: weights and errors

# Binance's documented request weights (spot at 6000/min, futures at 2400/min), written
# from Binance's API documentation, not from the simulator: (path, params) -> weight
DOCUMENTED_WEIGHTS = [
    ("/api/v3/depth", {"symbol": "BTCUSDT"}, 5), ("/api/v3/depth", {"symbol": "BTCUSDT", "limit": "500"}, 25),
    ("/api/v3/depth", {"symbol": "BTCUSDT", "limit": "1000"}, 50),
    ("/api/v3/depth", {"symbol": "BTCUSDT", "limit": "5000"}, 250),
    ("/api/v3/trades", {"symbol": "BTCUSDT"}, 25), ("/api/v3/historicalTrades", {"symbol": "BTCUSDT"}, 25),
    ("/api/v3/aggTrades", {"symbol": "BTCUSDT"}, 4), ("/api/v3/klines", {"symbol": "BTCUSDT", "interval": "1m"}, 2),
    ("/api/v3/ticker/24hr", {"symbol": "BTCUSDT"}, 2), ("/api/v3/ticker/24hr", {}, 80),
    ("/api/v3/ticker/24hr", {"symbols": '["BTCUSDT","ETHUSDT"]'}, 2),
    ("/api/v3/ticker", {"symbol": "BTCUSDT"}, 4), ("/api/v3/ticker", {"symbols": '["BTCUSDT","ETHUSDT"]'}, 8),
    ("/api/v3/ticker/price", {"symbol": "BTCUSDT"}, 2), ("/api/v3/ticker/price", {}, 4),
    ("/api/v3/ticker/bookTicker", {"symbol": "BTCUSDT"}, 2), ("/api/v3/ticker/bookTicker", {}, 4),
    ("/api/v3/time", {}, 1), ("/api/v3/exchangeInfo", {}, 20),
    ("/fapi/v1/depth", {"symbol": "BTCUSDT", "limit": "5"}, 2), ("/fapi/v1/depth", {"symbol": "BTCUSDT"}, 10),
    ("/fapi/v1/depth", {"symbol": "BTCUSDT", "limit": "100"}, 5),
    ("/fapi/v1/depth", {"symbol": "BTCUSDT", "limit": "1000"}, 20), ("/fapi/v1/rpiDepth", {"symbol": "BTCUSDT"}, 20),
    ("/fapi/v1/trades", {"symbol": "BTCUSDT"}, 5), ("/fapi/v1/historicalTrades", {"symbol": "BTCUSDT"}, 20),
    ("/fapi/v1/aggTrades", {"symbol": "BTCUSDT"}, 20),
    ("/fapi/v1/klines", {"limit": "99"}, 1), ("/fapi/v1/klines", {"limit": "100"}, 2),
    ("/fapi/v1/klines", {}, 5), ("/fapi/v1/markPriceKlines", {"limit": "1500"}, 10),
    ("/fapi/v1/indexPriceKlines", {"limit": "10"}, 1), ("/dapi/v1/premiumIndexKlines", {"limit": "1000"}, 5),
    ("/fapi/v1/ticker/24hr", {"symbol": "BTCUSDT"}, 1), ("/fapi/v1/ticker/24hr", {}, 40),
    ("/fapi/v2/ticker/price", {}, 2), ("/fapi/v1/ticker/bookTicker", {}, 5),
    ("/fapi/v1/premiumIndex", {}, 1), ("/dapi/v1/premiumIndex", {}, 10),
    ("/fapi/v1/fundingRate", {}, 0), ("/dapi/v1/fundingRate", {"symbol": "BTCUSD_PERP"}, 1),
    ("/fapi/v1/openInterest", {"symbol": "BTCUSDT"}, 1), ("/fapi/v1/symbolAdlRisk", {}, 1),
    ("/futures/data/openInterestHist", {}, 0), ("/dapi-data/futures/data/openInterestHist", {}, 1),
    ("/futures/data/globalLongShortAccountRatio", {}, 0),
    ("/dapi/v1/ticker/24hr", {"pair": "BTCUSD"}, 1), ("/dapi/v1/ticker/price", {}, 2),
]


async def test_simulator_charges_binances_documented_weights(market):
    from ccxtpro_binance.simulator.ratelimit import rest_weight
    wrong = [(p, q, w, rest_weight(p, q)) for p, q, w in DOCUMENTED_WEIGHTS if rest_weight(p, q) != w]
    assert wrong == []


async def _get(http, url, params=None):
    async with http.get(url, params=params) as r:
        return r.status, await r.json(), r.headers


async def test_used_weight_header_counts_each_request(market):
    """``X-MBX-USED-WEIGHT-1m`` grows by the endpoint's weight (retried if the minute rolled)."""
    base = market.sim.base_http
    async with aiohttp.ClientSession() as http:
        for path, params, weight in (("/api/v3/ticker", {"symbol": "BTCUSDT"}, 4),
                                     ("/fapi/v1/klines", {"symbol": "BTCUSDT", "interval": "1m", "limit": "150"}, 2),
                                     ("/dapi/v1/premiumIndex", {}, 10),
                                     ("/api/v3/aggTrades", {"symbol": "BTCUSDT"}, 4)):
            for _ in range(3):
                minute = int(time.time() // 60)
                _, _, h1 = await _get(http, base + path, params)
                _, _, h2 = await _get(http, base + path, params)
                if int(time.time() // 60) == minute:
                    break
            assert int(h2["X-MBX-USED-WEIGHT-1m"]) - int(h1["X-MBX-USED-WEIGHT-1m"]) == weight, path


# (path, params, http status, Binance code)
ERRORS = [
    ("/api/v3/ticker", {}, 400, -1102),
    ("/api/v3/ticker", {"symbol": "BTCUSDT", "symbols": '["ETHUSDT"]'}, 400, -1128),
    ("/api/v3/ticker", {"symbol": "NOPE"}, 400, -1121),
    ("/api/v3/ticker", {"symbols": "BTCUSDT"}, 400, -1100),
    ("/api/v3/ticker", {"symbol": "BTCUSDT", "windowSize": "8d"}, 400, -1100),
    ("/api/v3/aggTrades", {"symbol": "BTCUSDT", "limit": "x"}, 400, -1100),
    ("/api/v3/aggTrades", {"symbol": "BTCUSDT", "startTime": "2", "endTime": "1"}, 400, -1127),
    ("/api/v3/historicalTrades", {"symbol": "BTCUSDT", "fromId": "-x"}, 400, -1100),
    ("/api/v3/klines", {"symbol": "BTCUSDT"}, 400, -1102),
    ("/fapi/v1/markPriceKlines", {"interval": "1h"}, 400, -1102),
    ("/fapi/v1/markPriceKlines", {"symbol": "NOPE", "interval": "1h"}, 400, -1121),
    ("/fapi/v1/indexPriceKlines", {"symbol": "BTCUSDT", "interval": "1h"}, 400, -1102),  # pair, not symbol
    ("/dapi/v1/indexPriceKlines", {"pair": "BTCUSD", "interval": "2m"}, 400, -1120),
    ("/fapi/v1/premiumIndexKlines", {"symbol": "BTCUSDT", "interval": "1h", "limit": "0"}, 400, -1130),
    ("/dapi/v1/fundingRate", {}, 400, -1102),
    ("/fapi/v1/fundingRate", {"symbol": "NOPE"}, 400, -1121),
    ("/futures/data/openInterestHist", {"symbol": "BTCUSDT"}, 400, -1102),
    ("/futures/data/openInterestHist", {"symbol": "BTCUSDT", "period": "1m"}, 400, -1130),
    ("/dapi-data/futures/data/openInterestHist", {"pair": "BTCUSD", "period": "1h"}, 400, -1102),
    ("/dapi-data/futures/data/openInterestHist", {"pair": "BTCUSD", "period": "1h", "contractType": "X"}, 400, -1130),
    ("/dapi-data/futures/data/globalLongShortAccountRatio", {"pair": "NOPE", "period": "1h"}, 400, -1121),
    ("/dapi/v1/ticker/24hr", {"symbol": "NOPE"}, 400, -1121),
    ("/fapi/v1/symbolAdlRisk", {"symbol": "NOPE"}, 400, -1121),
]


async def test_bad_parameters_get_binances_error_codes(market):
    base = market.sim.base_http
    got = []
    async with aiohttp.ClientSession() as http:
        for path, params, status, code in ERRORS:
            st, body, _ = await _get(http, base + path, params)
            if (st, body.get("code") if isinstance(body, dict) else None) != (status, code) or not body.get("msg"):
                got.append((path, params, st, body))
    assert got == []


async def test_market_data_shapes_per_market(market):
    """The shapes CCXT relies on: COIN-M answers lists even for one symbol; USD-M and spot a
    dict; history is ascending and on its grid; aggregate trades honour their window."""
    base = market.sim.base_http
    async with aiohttp.ClientSession() as http:
        for path in ("/dapi/v1/ticker/24hr", "/dapi/v1/ticker/price", "/dapi/v1/ticker/bookTicker",
                     "/dapi/v1/premiumIndex"):
            _, body, _ = await _get(http, base + path, {"symbol": "BTCUSD_PERP"})
            assert isinstance(body, list) and [r["symbol"] for r in body] == ["BTCUSD_PERP"], path
        _, one, _ = await _get(http, base + "/fapi/v1/premiumIndex", {"symbol": "BTCUSDT"})
        assert isinstance(one, dict) and one["symbol"] == "BTCUSDT"
        _, fr, _ = await _get(http, base + "/fapi/v1/fundingRate", {"symbol": "BTCUSDT", "limit": "5"})
        times = [r["fundingTime"] for r in fr]
        assert times == sorted(times) and all(t % (8 * HOUR) == 0 for t in times) and times[-1] <= T.now
        assert set(fr[0]) == {"symbol", "fundingRate", "fundingTime", "markPrice"}
        _, oi, _ = await _get(http, base + "/futures/data/openInterestHist",
                              {"symbol": "BTCUSDT", "period": "15m", "limit": "4"})
        assert [r["timestamp"] for r in oi] == [T.now - T.now % 900_000 - k * 900_000 for k in (3, 2, 1, 0)]
        start = T.first_trade + 5_000
        _, aggs, _ = await _get(http, base + "/api/v3/aggTrades",
                                {"symbol": "BTCUSDT", "startTime": str(start), "endTime": str(start + 10_000)})
        assert aggs and all(start <= a["T"] <= start + 10_000 for a in aggs)
        _, mk, _ = await _get(http, base + "/dapi/v1/markPriceKlines",
                              {"symbol": "BTCUSD_PERP", "interval": "1h", "startTime": str(T.hour - 10 * HOUR),
                               "limit": "3"})
        # COIN-M: the most recent ``limit`` bars up to endTime (here: now)
        assert [k[0] for k in mk] == [T.hour - 2 * HOUR, T.hour - HOUR, T.hour]
