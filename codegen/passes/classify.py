"""Classification of methods (category and live-risk class) from name, call graph and effects.

CCXT's naming is systematic (watch*/unWatch*/handle*/parse*/…Ws), so the name is
the primary signal; the call graph separates private streams (they reach
``authenticate``) from public ones.
"""

from __future__ import annotations

from ..program import Program
from . import effects
from .closure import Closure

CATEGORIES = ("public stream", "unwatch", "ws-API request", "auth", "private stream", "handler",
              "parser", "helper", "cache", "dispatch")

_AUTH = {"authenticate", "keepAliveListenKey", "renewListenToken", "signParams",
         "ensureUserDataStreamWsSubscribeSignature", "ensureUserDataStreamWsSubscribeListenToken",
         "handleUserDataStreamSubscribe", "sign", "nonce", "checkRequiredCredentials"}
_CACHE = {"setBalanceCache", "setPositionsCache", "loadBalanceSnapshot", "loadPositionsSnapshot",
          "fetchOrderBookSnapshot"}


def reaches(closure: Closure, start: tuple[str, str], target: str) -> bool:
    seen = set()
    stack = [start]
    while stack:
        k = stack.pop()
        if k in seen:
            continue
        seen.add(k)
        if k[1] == target:
            return True
        stack.extend(closure.calls.get(k, []))
    return False


def category(program: Program, closure: Closure, layer: str, name: str) -> str:
    if name == "handleMessage":
        return "dispatch"
    if name in _AUTH:
        return "auth"
    if name in _CACHE:
        return "cache"
    if name.startswith("unWatch"):
        return "unwatch"
    if name.startswith("watch"):
        return "private stream" if reaches(closure, (layer, name), "authenticate") else "public stream"
    if name.endswith("Ws") and not name.startswith(("handle", "parse")):
        return "ws-API request"
    if name.startswith("handle"):
        return "handler"
    if name.startswith("parse"):
        return "parser"
    return "helper"


def risk_class(program: Program, closure: Closure, layer: str, name: str, cat: str) -> str:
    """What a live test of the method would risk, from what it can send (:mod:`.effects`):
    funds-movement / order-mutation / subscribe / private-read / public-read."""
    reached = effects.of(program, closure, layer, name)
    if reached.funds_movements:
        return "funds-movement"
    if reached.order_mutations:
        return "order-mutation"
    if cat in ("public stream", "unwatch"):
        return "subscribe"
    if cat in ("private stream", "auth"):
        return "private-read"
    if cat == "ws-API request":
        needs_auth = reaches(closure, (layer, name), "signParams") or reaches(closure, (layer, name), "authenticate")
        return "private-read" if needs_auth else "public-read"
    return "public-read"
