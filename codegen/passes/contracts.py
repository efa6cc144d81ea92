"""Methods the runtime owns, and the contract the generated code relies on for each.

A method is runtime-owned when CCXT's version is about the JS host (sockets,
proxies, timers, promise plumbing) or when the runtime has the faster, equivalent
primitive (the safe-accessor family, the order-book constructor). The closure
stops at these; the manifest records the contract instead of a render plan.
"""

from __future__ import annotations

from ..target import Target

_WS = "ccxtpro.ws.mixin.WsMixin"
_EX = "ccxtpro.exchange.Exchange"
_FN = "ccxtpro.functions.FunctionsMixin"

# (layer, name) -> (implemented by, contract); ``{exchange}`` is the target's name.
RUNTIME_OWNED: dict[tuple[str, str], tuple[str, str]] = {
    ("base", "describe"): (_EX, "base configuration defaults; subclasses deep-extend it"),
    ("base", "loadMarkets"): (_EX, "await markets once (shared in-flight future), index by id/symbol, return markets"),
    ("base", "loadMarketsHelper"): (_EX, "the fetch side of load_markets (currencies, markets, set_markets)"),
    ("base", "setMarkets"): (_EX, "index markets by symbol and id, derive symbols/ids/currencies"),
    ("base", "checkRequiredCredentials"): (_EX, "raise AuthenticationError naming the missing credential"),
    ("base", "watch"): (_WS, "subscribe once per subscribe hash, return the future for the message hash"),
    ("base", "watchMultiple"): (_WS, "as watch, resolving on the first of several message hashes"),
    ("base", "client"): (_WS, "the one connection object per websocket URL (futures, subscriptions, resolve/reject)"),
    ("base", "spawn"): (_WS, "schedule a coroutine on the loop; exceptions are routed to the client"),
    ("base", "delay"): (_WS, "schedule a coroutine after a delay in milliseconds"),
    ("base", "log"): (_EX, "write a line when verbose, with credentials redacted"),
    ("base", "setProxyAgents"): (_EX, "HTTP/SOCKS proxy agents: the transport's configuration, not exchange logic"),
    ("base", "getHttpAgentIfNeeded"): (_EX, "HTTP agent selection belongs to the transport"),
    ("base", "checkWsProxySettings"): (_WS, "websocket proxy configuration belongs to the connection manager"),
    ("base", "onClose"): (_WS, "connection closed: reject every pending future with a typed error"),
    ("base", "onConnected"): (_WS, "connection opened hook"),
    ("base", "onError"): (_WS, "connection error: reject every pending future with a typed error"),
    ("base", "ping"): (_WS, "keepalive ping payload ({exchange} answers websocket pings at the protocol level)"),
    ("base", "calculateWsBackoffDelay"): (_WS, "reconnect backoff policy of the connection manager"),
    ("base", "orderBook"): ("ccxtpro._core.OrderBook", "construct the compiled order book from a snapshot and depth"),
    ("base", "cleanCache"): (_WS, "drop cached structures for an unsubscribed topic"),
    ("base", "cleanUnsubscription"): (_WS, "resolve the unsubscribe future, drop the subscription and its futures"),
    ("base", "findMessageHashes"): (_WS, "message hashes with a pending future that start with a prefix"),
    ("base", "throwExactlyMatchedException"): (_EX, "raise the exception class mapped to an exact error code"),
    ("base", "throwBroadlyMatchedException"): (_EX, "raise the exception class mapped to a substring of the message"),
}

# Methods the runtime calls back into the generated code (so the closure must
# include them even though no Pro method names them directly).
CALLBACKS: dict[tuple[str, str], tuple[str, ...]] = {
    ("base", "loadMarkets"): ("fetchCurrencies", "fetchMarkets"),
    ("base", "loadMarketsHelper"): ("fetchCurrencies", "fetchMarkets"),
    ("base", "setMarkets"): ("safeMarketStructure", "safeCurrencyStructure"),
    ("base", "watch"): ("handleMessage",),
    ("base", "watchMultiple"): ("handleMessage",),
}
# Implicit REST endpoints go through the runtime's request path, which signs and
# checks every response with the exchange's own methods.
IMPLICIT_CALLBACKS: tuple[str, ...] = ("sign", "handleErrors")

# The base class's safe accessors are thin wrappers over the hand-written
# primitives; they are lowered to the runtime's (Cython) safe_* functions.
_SAFE_FAMILIES = ("Bool", "Dict", "List", "Number", "Integer", "String", "Value", "Float", "Timestamp")
_SAFE_SUFFIXES = ("", "2", "N", "Lower", "Lower2", "LowerN", "Upper", "Upper2", "UpperN", "OmitZero",
                  "Product", "Product2", "ProductN")


def is_safe_accessor(name: str) -> bool:
    if not name.startswith("safe"):
        return False
    rest = name[4:]
    for fam in _SAFE_FAMILIES:
        if rest.startswith(fam) and rest[len(fam):] in _SAFE_SUFFIXES:
            return True
    return False


def contract_for(layer: str, name: str, target: Target) -> dict:
    if (layer, name) in RUNTIME_OWNED:
        impl, text = RUNTIME_OWNED[(layer, name)]
        return {"implementedBy": impl, "contract": text.replace("{exchange}", target.name)}
    if layer == "base" and is_safe_accessor(name):
        return {"implementedBy": _FN, "contract": f"{name}: CCXT safe accessor semantics (JS-undefined → default)"}
    raise KeyError((layer, name))
