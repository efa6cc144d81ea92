"""Helpers for ``test_rest_conformance_private``: which of CCXT's unified methods need
credentials (:func:`signed_unified_methods`), and how two results are compared
(:func:`normalise`, :func:`mismatches`).

The two clients run on two accounts with the same starting balances. Order, trade, algo and
transfer ids, client order ids and addresses differ between the accounts: they are replaced
by tokens numbered in order of first appearance on each side (so the ``id`` that
``create_order`` returned must be the one ``fetch_order`` returns, with the same type);
client order ids keep their broker prefix. Clock readings differ by milliseconds: they are
compared by type only. The two lists are :data:`ID_KEYS` and :data:`TIME_KEYS`.
"""

from __future__ import annotations

import inspect
import re

import ccxt
from sim_helpers import field_mismatches as mismatches  # noqa: F401  (the private tests import it from here)

#: keys whose values are per-account ids: tokenised (``<x-TKT5PX2F#3:str>``, ``<#1:int>``)
ID_KEYS = frozenset({
    "id", "orderId", "order", "tradeId", "tranId", "algoId", "actualOrderId", "txid", "txId", "referenceId",
    "clientOrderId", "origClientOrderId", "newClientOrderId", "clientAlgoId", "address", "addressTo", "url",
})
#: keys whose values are server or client clock readings: compared by type only (0 and -1 as such)
TIME_KEYS = frozenset({
    "timestamp", "datetime", "lastTradeTimestamp", "lastUpdateTimestamp", "time", "updateTime",
    "transactTime", "workingTime", "createTime", "insertTime", "completeTime", "applyTime", "updated",
    "lastUpdated",
})

# ------------------------------------------------------------------ which unified methods are signed
_SIGNED = re.compile(r"^(private|sapi|sapiV[234]|fapiPrivate(V[23])?|dapiPrivate(V2)?|eapiPrivate|papi(V2)?)"
                     r"(Get|Post|Put|Delete)")
# reached from every method through load_markets; their signed calls are optional (keys present)
_NOT_FOLLOWED = {"request", "fetch2", "fetch", "load_markets", "fetch_markets", "fetch_currencies",
                 "load_time_difference"}


def _signed_calls(name: str, memo: dict, stack: tuple = ()) -> frozenset:
    if name in memo:
        return memo[name]
    if name in stack:
        return frozenset()
    try:
        src = inspect.getsource(getattr(ccxt.binance, name))
    except (TypeError, OSError):
        return frozenset()
    out = set()
    for called in set(re.findall(r"self\.(\w+)\(", src)):
        if called == "sapiGetSystemStatus":  # signed path prefix, public endpoint
            continue
        if _SIGNED.match(called):
            out.add(called)
        elif called not in _NOT_FOLLOWED and hasattr(ccxt.binance, called):
            out |= _signed_calls(called, memo, stack + (name,))
    memo[name] = frozenset(out)
    return memo[name]


def signed_unified_methods() -> dict[str, frozenset]:
    """``{python_name: signed endpoints it can call}`` for every unified method of
    ``ccxt.binance`` whose ``has`` entry is truthy and which reaches a signed endpoint,
    following the methods it calls (not through ``load_markets``, whose signed calls
    are optional)."""
    has = ccxt.binance().has
    by_lower = {n.replace("_", "").lower(): n for n in dir(ccxt.binance) if n.islower() or "_" in n}
    memo: dict = {}
    out = {}
    for key, value in has.items():
        name = by_lower.get(key.lower())
        if not value or name is None or not callable(getattr(ccxt.binance, name, None)):
            continue
        calls = _signed_calls(name, memo)
        if calls:
            out[name] = calls
    return out


# ------------------------------------------------------------------ comparison
class Tokens:
    """Per-client id -> token, numbered in order of first appearance."""

    def __init__(self) -> None:
        self.seen: dict = {}

    def __call__(self, value):
        if value is None or value == "":
            return value
        key = str(value)
        if key not in self.seen:
            self.seen[key] = f"{key[:10]}#" if key.startswith("x-") else "#"
            self.seen[key] += str(len(self.seen))
        return f"<{self.seen[key]}:{type(value).__name__}>"  # the id's type must match too


def normalise(value, tokens: Tokens, key: str | None = None):
    """``value`` with ids tokenised and times reduced to their type; dicts are walked in key
    order so that tokens are numbered alike on both sides."""
    if isinstance(value, dict):
        return {k: normalise(value[k], tokens, k) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [normalise(v, tokens, key) for v in value]
    if key in ID_KEYS and isinstance(value, (str, int)) and not isinstance(value, bool):
        return tokens(value)
    if key in TIME_KEYS:
        if value in (None, "", 0, -1):
            return value
        return f"<{type(value).__name__} time>"
    return value


