"""Bad input to every unified method, ours next to CCXT's client on one simulator (issue 15).

The cases come from the method signatures: every unified REST method of the generated
Binance class and every unified websocket method (``watch_*``, ``un_watch_*``, ``*_ws``)
is called, on ours and on ``ccxt.pro.binance`` 4.5.84 (which is also CCXT's whole async
REST class), with each class of bad input that applies to its arguments:

* an unknown symbol (``"NOPE/USDT"``, or ``["NOPE/USDT"]`` for ``symbols``);
* a bad timeframe (``"7x"``);
* a negative limit, a non-integer limit (``2.5``, ``"10"``);
* wrong types: ``symbol=123``, ``symbols=["BTC/USDT", 123]``, ``symbols="BTC/USDT"``,
  ``since="yesterday"``, ``amount="abc"``, ``price="abc"``, and ``price=None`` for a limit
  order;
* each required argument left out.

Where CCXT raises one of its exceptions, ours raises the same class (by name; a subclass of
it is accepted, e.g. our call-site ``BadRequest`` where CCXT sends the request and maps the
server's reply to ``ExchangeError``), and names the argument whenever CCXT's message does.

Where CCXT has no typed answer — a bare ``TypeError``/``KeyError``/``InvalidOperation``, the
bad value silently accepted, or a watch that never resolves — ours raises the typed error
listed in ``IMPROVEMENTS`` for that kind of bad input, with a message that names the
argument. Those are asserted improvements, not mismatches. Nothing of ours is ever a bare
Python error, and nothing of ours hangs.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from typing import Any

import ccxt
import ccxt.pro
import pytest

import ccxtpro
import ccxtpro.errors as errors
from ccxtpro.aliases import camelize
from ccxtpro_binance.generated.binance import Binance
from ccxtpro_binance.generated.binance_rest import BinanceRest
from ccxtpro_binance.simulator import Simulator

#: methods of the generated classes that are not user-called unified methods
NOT_UNIFIED = {
    "request", "fetch2", "authenticate", "keep_alive_listen_key", "load_balance_snapshot",
    "load_positions_snapshot", "renew_listen_token", "ensure_user_data_stream_ws_subscribe_signature",
    "ensure_user_data_stream_ws_subscribe_listen_token", "watch_multi_ticker_helper", "modify_margin_helper",
    "fetch_order_book_snapshot",
    # no stock stream in the simulator; markets/currencies take no user arguments
    "watch_stock_market_stream", "fetch_markets", "fetch_currencies",
}

#: a valid value per unified argument name, used for the arguments a case does not spoil
GOOD: dict[str, Any] = {
    "symbol": "BTC/USDT", "symbols": ["BTC/USDT"], "symbolsAndTimeframes": [["BTC/USDT", "1m"]],
    "timeframe": "1m", "type": "limit", "side": "buy", "amount": 0.001, "price": 50000, "cost": 10,
    "id": "123", "ids": ["123"], "code": "USDT", "leverage": 5, "marginMode": "cross", "hedged": False,
    "address": "0x0000000000000000000000000000000000000001", "fromAccount": "spot", "toAccount": "future",
    "orders": [], "fromCode": "USDT", "toCode": "BTC",
}
#: ... except where a method means something else by the name
GOOD_FOR = {("futures_transfer", "type"): 1}  # Binance's transfer type 1-4, not an order type
#: methods of contract markets get a USD-M symbol as their valid one
CONTRACT = re.compile(r"funding|position|leverage|margin_mode|liquidation|open_interest|long_short|adl_rank"
                      r"|mark_price|margin_adjustment|add_margin|reduce_margin|settlement|contract")

BARE = (TypeError, ValueError, KeyError, AttributeError, IndexError, ArithmeticError)

#: kind of bad input -> (what CCXT may do instead of raising a typed error, our typed error)
IMPROVEMENTS = {
    # CCXT: Python's "missing 1 required positional argument" TypeError
    "missing": ({"TypeError"}, errors.ArgumentsRequired),
    # CCXT: "can only concatenate str (not "int") to str"
    "symbol_int": ({"TypeError"}, errors.BadSymbol),
    # CCXT: sent as is (accepted by the server, or a cache sliced from the end), or the watch
    # waits for an update that the negative limit then hides
    "neg_limit": ({"ok", "hang"}, errors.BadRequest),
    # CCXT: a comparison or slice TypeError deep inside, or silently accepted
    "float_limit": ({"ok", "hang", "TypeError"}, errors.BadRequest),
    "str_limit": ({"ok", "hang", "TypeError"}, errors.BadRequest),
    # CCXT: decimal.InvalidOperation from Precise, or a comparison TypeError
    "amount_str": ({"InvalidOperation", "TypeError"}, errors.BadRequest),
    "price_str": ({"InvalidOperation", "TypeError"}, errors.BadRequest),
    # CCXT: sent as is (the server's -1100, or accepted by a ws-API method and by the filters
    # of a cache), or a comparison TypeError inside
    "since_str": ({"ok", "hang", "TypeError"}, errors.BadRequest),
    # CCXT: a comparison TypeError inside (a list holding a number)
    "symbols_int": ({"TypeError", "ok"}, errors.BadSymbol),
    # CCXT: KeyError in fetch_ohlcv_ws, un_watch_ohlcv accepts it; watch_ohlcv sends the
    # subscription and rejects the waiter with UnsubscribeError when the server refuses the
    # unknown stream (a typed error, but the wrong one: nothing was being unsubscribed)
    "bad_timeframe": ({"KeyError", "ok", "hang", "UnsubscribeError"}, errors.BadRequest),
}

#: methods whose valid call needs these params on both clients
PARAMS = {"fetch_ledger": {"type": "future"}}  # CCXT's default (spot) is NotSupported

#: CCXT refuses the whole call (NotSupported: the simulator lists no option market) before
#: it reads ``limit``; ours refuses the bad ``limit`` first, at the call site
CHECKED_FIRST = {("fetch_settlement_history", "NotSupported"), ("fetch_my_settlement_history", "NotSupported")}

CCXT_HANG_S = 1.5  # long enough for the simulator's error reply to reach a waiter
OURS_HANG_S = 10


def unified_methods() -> list[str]:
    names = set()
    for klass in (BinanceRest, Binance):
        for name, value in vars(klass).items():
            if inspect.iscoroutinefunction(value) and name.islower() and name[0] != "_":
                names.add(name)
    for name, value in vars(ccxt.pro.binance).items():  # CCXT Pro's ws methods, wherever ours defines them
        user_called = name.startswith(("watch_", "un_watch_")) or name.endswith("_ws")
        if name.islower() and not name.startswith("handle_") and user_called and callable(value):
            names.add(name)
    return sorted(names - NOT_UNIFIED)


def good(method: str, name: str) -> Any:
    value = GOOD_FOR.get((method, name), GOOD.get(name))
    if CONTRACT.search(method) and name == "symbol":
        return "BTC/USDT:USDT"
    if CONTRACT.search(method) and name == "symbols":
        return ["BTC/USDT:USDT"]
    return value


def cases_for(method: str) -> list[tuple[str, str, dict[str, Any]]]:
    """``(kind, argument, kwargs)`` for every kind of bad input ``method``'s signature admits."""
    sig = inspect.signature(getattr(ccxt.pro.binance, method))
    params = [p for p in list(sig.parameters.values())[1:] if p.name != "params"]
    names = [p.name for p in params]
    required = [p.name for p in params if p.default is p.empty]

    def base(*also: str) -> dict[str, Any]:
        return {n: good(method, n) for n in required + [a for a in also if a in names]}

    out: list[tuple[str, str, dict[str, Any]]] = []
    if "symbol" in names:
        out.append(("unknown_symbol", "symbol", dict(base(), symbol="NOPE/USDT")))
        out.append(("symbol_int", "symbol", dict(base(), symbol=123)))
    if "symbols" in names:
        out.append(("unknown_symbol", "symbols", dict(base(), symbols=["NOPE/USDT"])))
        out.append(("symbols_str", "symbols", dict(base(), symbols="BTC/USDT")))  # as CCXT: see below
        out.append(("symbols_int", "symbols", dict(base(), symbols=["BTC/USDT", 123])))
    if "symbolsAndTimeframes" in names:
        out.append(("unknown_symbol", "symbolsAndTimeframes", dict(base(), symbolsAndTimeframes=[["NOPE/USDT", "1m"]])))
        out.append(("bad_timeframe", "timeframe", dict(base(), symbolsAndTimeframes=[["BTC/USDT", "7x"]])))
    if "timeframe" in names:
        out.append(("bad_timeframe", "timeframe", dict(base("symbol"), timeframe="7x")))
    if "since" in names:
        out.append(("since_str", "since", dict(base("symbol"), since="yesterday")))
    if "limit" in names:
        for kind, value in (("neg_limit", -1), ("float_limit", 2.5), ("str_limit", "10")):
            out.append((kind, "limit", dict(base("symbol"), limit=value)))
    if "amount" in names:
        out.append(("amount_str", "amount", dict(base("price"), amount="abc")))
    if "price" in names:
        out.append(("price_str", "price", dict(base("type"), price="abc")))
        if "type" in names:
            out.append(("price_none", "price", dict(base(), type="limit", price=None)))
    for name in required:
        kwargs = base()
        del kwargs[name]
        out.append(("missing", name, kwargs))
    if method in PARAMS:
        out = [(kind, arg, dict(kwargs, params=dict(PARAMS[method]))) for kind, arg, kwargs in out]
    return out


CASES = [(m, kind, arg, kwargs) for m in unified_methods() for kind, arg, kwargs in cases_for(m)]


def names_argument(message: str, arg: str) -> bool:
    return any(re.search(rf"\b{re.escape(a)}\b", message, re.IGNORECASE) for a in {arg, camelize(arg)})


async def outcome(call, timeout: float) -> tuple[str, type | None, str]:
    """``(kind, exception class, message)``; kind is ``ok``, ``hang``, or the class name."""
    try:
        await asyncio.wait_for(call(), timeout)
        return "ok", None, ""
    except asyncio.TimeoutError:
        return "hang", None, ""
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():
            raise
        # CCXT shares one future among the concurrent watchers of a message hash, and the
        # wait_for of a sibling case that timed out cancelled it: this watch was hanging too
        return "hang", None, ""
    except Exception as e:  # noqa: BLE001 — the exception is what is compared
        return type(e).__name__, type(e), str(e)


def ours_class(name: str) -> type | None:
    klass = getattr(errors, name, None)
    return klass if isinstance(klass, type) and issubclass(klass, errors.BaseError) else None


async def run_all(ex, cases, timeout: float) -> list[tuple[str, type | None, str]]:
    gate = asyncio.Semaphore(32)

    async def one(method, kwargs):
        async with gate:
            return await outcome(lambda: getattr(ex, method)(**kwargs), timeout)
    return await asyncio.gather(*(one(m, kw) for m, _, _, kw in cases))


@pytest.fixture(scope="module")
def results():
    """Every case on both clients against one simulator: ``[(case, ours, ccxt)]``."""
    async def main():
        async with Simulator(seed=1, tick_interval=0.05) as sim:
            ours = ccxtpro.load("binance", dict(sim.exchange_config("hmac"), enableRateLimit=False))
            theirs = ccxt.pro.binance({"urls": sim.ccxt_urls(), **sim.api_keys["hmac"], "enableRateLimit": False,
                                       "options": {"adjustForTimeDifference": False}})
            try:
                await asyncio.wait_for(asyncio.gather(ours.load_markets(), theirs.load_markets()), 20)
                a = await run_all(ours, CASES, OURS_HANG_S)
                b = await run_all(theirs, CASES, CCXT_HANG_S)
            finally:
                await ours.close()
                await theirs.close()
        return list(zip(CASES, a, b))
    return asyncio.run(main())


def test_every_unified_method_is_covered():
    """Each unified method taking a symbol gets the unknown-symbol case, and each required
    argument its missing-argument case; the methods exist on both clients."""
    methods = unified_methods()
    assert len(methods) >= 140
    covered = {(m, k) for m, k, _, _ in CASES}
    for m in methods:
        sig = inspect.signature(getattr(ccxt.pro.binance, m))
        assert list(inspect.signature(getattr(Binance, m)).parameters) == list(sig.parameters), m
        takes = set(sig.parameters)
        if takes & {"symbol", "symbols", "symbolsAndTimeframes"}:
            assert (m, "unknown_symbol") in covered, m
        if any(p.default is p.empty for p in list(sig.parameters.values())[1:]):
            assert (m, "missing") in covered, m
    for m in ("fetch_ohlcv", "watch_ohlcv", "fetch_ohlcv_ws", "fetch_trades", "watch_trades", "create_order",
              "create_order_ws", "fetch_my_trades", "watch_order_book_for_symbols", "fetch_open_orders"):
        assert m in methods


def test_bad_input_gives_ccxt_typed_errors(results):
    mismatches, improvements = [], {}
    for (method, kind, arg, kwargs), (a_kind, a_cls, a_msg), (b_kind, b_cls, b_msg) in results:
        label = f"{method}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())}) [{kind}]"
        if a_cls is not None and (issubclass(a_cls, BARE) or not issubclass(a_cls, errors.BaseError)):
            mismatches.append(f"{label}: ours raised bare {a_kind}: {a_msg}")
            continue
        if a_kind == "hang":
            mismatches.append(f"{label}: ours never resolved")
            continue
        allowed, klass = IMPROVEMENTS.get(kind, (set(), None))
        if b_kind in allowed:
            # CCXT has no (right) typed answer: ours is the documented improvement for this input
            if a_cls is None or not issubclass(a_cls, klass):
                mismatches.append(f"{label}: CCXT {b_kind} {b_msg!r}, ours {a_kind} {a_msg!r}, want {klass.__name__}")
            elif not names_argument(a_msg, arg):
                mismatches.append(f"{label}: ours {a_kind} does not name {arg!r}: {a_msg!r}")
            else:
                improvements.setdefault(kind, set()).add(b_kind)
        elif (method, b_kind) in CHECKED_FIRST:
            if a_kind != "BadRequest" or not names_argument(a_msg, arg):
                mismatches.append(f"{label}: ours {a_kind} {a_msg!r}, want a BadRequest naming {arg!r}")
        elif b_cls is not None and issubclass(b_cls, ccxt.BaseError):
            # CCXT has a typed answer: ours is the same class, or a subclass of it
            want = ours_class(b_kind)
            if a_cls is None or want is None or not issubclass(a_cls, want):
                mismatches.append(f"{label}: ours {a_kind} {a_msg!r}, CCXT {b_kind} {b_msg!r}")
            elif names_argument(b_msg, arg) and not names_argument(a_msg, arg):
                mismatches.append(f"{label}: CCXT's message names {arg!r}, ours does not: {a_msg!r}")
        elif a_kind != b_kind:  # both accept it (e.g. fetch_trading_limits ignores symbols it does not know)
            mismatches.append(f"{label}: CCXT {b_kind} {b_msg!r}, ours {a_kind} {a_msg!r}")
    assert not mismatches, f"{len(mismatches)} of {len(results)} cases differ:\n" + "\n".join(mismatches)
    # each documented improvement is real: CCXT's client does what IMPROVEMENTS says it does
    assert set(improvements) == set(IMPROVEMENTS), improvements


def test_missing_argument_names_it_like_ccxts_own_checks(results):
    """CCXT's Python signature error names the argument; ours is CCXT's ArgumentsRequired,
    phrased as CCXT phrases its own (``binance fetchTicker() requires a symbol argument``)."""
    seen = 0
    for (method, kind, arg, _), (a_kind, _, a_msg), (b_kind, _, b_msg) in results:
        if kind != "missing":
            continue
        seen += 1
        assert b_kind == "TypeError" and f"'{arg}'" in b_msg, (method, b_msg)
        assert a_kind == "ArgumentsRequired", (method, a_kind, a_msg)
        assert a_msg == f"binance {camelize(method)}() requires a {arg} argument", a_msg
    assert seen >= 100


def test_unknown_symbol_is_bad_symbol_on_both(results):
    """For an unknown symbol CCXT's answer is BadSymbol (from its market lookup) or a typed
    refusal before the lookup; ours is always the same class."""
    bad_symbol = 0
    for (method, kind, _, _), (a_kind, _, a_msg), (b_kind, _, _) in results:
        if kind == "unknown_symbol" and b_kind == "BadSymbol":
            bad_symbol += 1
            assert a_kind == "BadSymbol" and "NOPE/USDT" in a_msg, (method, a_kind, a_msg)
    assert bad_symbol > 100


async def test_a_refused_call_leaves_the_instance_usable():
    """A refused call sends nothing and leaves no waiter: the next valid call on the same
    instance and symbol works (ws and REST)."""
    async with Simulator(seed=1, tick_interval=0.02) as sim:
        async with ccxtpro.load("binance", sim.exchange_config(None)) as ex:
            await asyncio.wait_for(ex.load_markets(), 10)
            with pytest.raises(errors.BadRequest, match=r"watchTrades\(\) limit must be an integer, got '10'"):
                await ex.watch_trades("BTC/USDT", None, "10")
            with pytest.raises(errors.BadRequest, match=r"watchOHLCV\(\) timeframe '7x' is not supported"):
                await ex.watch_ohlcv("BTC/USDT", "7x")
            with pytest.raises(errors.ArgumentsRequired, match=r"watchOrderBook\(\) requires a symbol argument"):
                await ex.watchOrderBook()  # the camelCase alias is checked too
            assert ex.connections() == []
            trades = await asyncio.wait_for(ex.watch_trades("BTC/USDT", None, 10), 10)
            assert trades and trades[-1]["symbol"] == "BTC/USDT"
            candles = await asyncio.wait_for(ex.fetch_ohlcv("BTC/USDT", "1m", None, 3), 10)
            assert len(candles) <= 3
