"""Methods the runtime owns, and the contract the generated code relies on for each.

A method is runtime-owned when CCXT's version is about the JS host (sockets,
proxies, timers, promise plumbing, the HTTP transport) or when the runtime has the
faster, equivalent primitive (the safe-accessor family, the order-book
constructor). The closure stops at these; the manifest records the contract
instead of a render plan. An exchange's override of a runtime-owned base method
(``request``, ``sign``, ``handleErrors``, ``setSandboxMode``…) is generated, and
wins: the runtime calls these by name (``RUNTIME_CALLS``). Base methods that only
make sense on the JS host are ``HOST_ONLY`` (not translated, each with its reason).
"""

from __future__ import annotations

from ..target import Target

_WS = "ccxtpro.ws.mixin.WsMixin"
_EX = "ccxtpro.exchange.Exchange"
_FN = "ccxtpro.functions.FunctionsMixin"

_REST = "ccxtpro.rest.RestMixin"
_MK = "ccxtpro.markets.MarketsMixin"

# (layer, name) -> (implemented by, contract); ``{exchange}`` is the target's name.
RUNTIME_OWNED: dict[tuple[str, str], tuple[str, str]] = {
    ("base", "constructor"): (_EX, "construction in CCXT's order: get_default_options(), describe() and the user "
                                   "config deep-extended over them, after_construct(), sandbox; plus the runtime's "
                                   "config validation, env and baseUrl"),
    ("base", "loadMarkets"): (_EX, "await markets once (shared in-flight future), index by id/symbol, return markets"),
    ("base", "loadMarketsHelper"): (_EX, "the fetch side of load_markets (currencies, markets, set_markets)"),
    ("base", "fetchMarkets"): (_MK, "exchanges override it (the generated override is what load_markets calls)"),
    ("base", "fetchCurrencies"): (_MK, "exchanges override it (the generated override is what load_markets calls)"),
    ("base", "fetchMarketsWs"): (_MK, "the loaded markets as a list (CCXT's 'emulated' websocket variant)"),
    ("base", "fetchCurrenciesWs"): (_MK, "the loaded currencies (CCXT's 'emulated' websocket variant)"),
    ("base", "checkRequiredCredentials"): (_EX, "raise AuthenticationError naming the missing credential"),
    ("base", "setSandboxMode"): (_EX, "switch urls['api'] to the test set through the runtime's env selection "
                                      "(baseUrl rebasing kept); an exchange's override calls it through super()"),
    ("base", "enableDemoTrading"): (_EX, "switch urls['api'] to the demo set through the runtime's env selection "
                                         "(baseUrl rebasing kept), options['enableDemoTrading'] set"),
    ("base", "watch"): (_WS, "subscribe once per subscribe hash, return the future for the message hash"),
    ("base", "watchMultiple"): (_WS, "as watch, resolving on the first of several message hashes"),
    ("base", "client"): (_WS, "the one connection object per websocket URL (futures, subscriptions, resolve/reject)"),
    ("base", "handleMessage"): (_WS, "frame dispatch: the route table, falling back to the exchange's handle_message"),
    ("base", "spawn"): (_WS, "schedule a coroutine on the loop; exceptions are routed to the client"),
    ("base", "delay"): (_WS, "schedule a coroutine after a delay in milliseconds"),
    ("base", "close"): (_EX, "close every websocket connection and the HTTP session"),
    ("base", "cleanWsData"): (_WS, "reset the websocket data stores (balance, books, tickers, caches)"),
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
    ("base", "indexedOrderBook"): ("ccxtpro._core.IndexedOrderBook", "construct the compiled indexed order book"),
    ("base", "countedOrderBook"): ("ccxtpro._core.CountedOrderBook", "construct the compiled counted order book"),
    ("base", "cleanCache"): (_WS, "drop cached structures for an unsubscribed topic"),
    ("base", "cleanUnsubscription"): (_WS, "resolve the unsubscribe future, drop the subscription and its futures"),
    ("base", "findMessageHashes"): (_WS, "message hashes with a pending future that start with a prefix"),
    # the REST transport: what CCXT's Python does on aiohttp, the runtime does; the
    # exchange's overrides of request/sign/handleErrors/calculateRateLimiterCost are
    # generated and win (they are what the transport calls)
    ("base", "request"): (_REST, "fetch2 with the endpoint's config; an exchange's override is generated and wins"),
    ("base", "fetch2"): (_REST, "throttle by calculate_rate_limiter_cost(), sign(), then fetch()"),
    ("base", "fetch"): (_REST, "one HTTP request on aiohttp; typed network errors; handle_errors() then the "
                               "httpExceptions table"),
    ("base", "sign"): (_REST, "stub: every exchange overrides it (the generated override is what fetch2 calls)"),
    ("base", "handleErrors"): (_REST, "stub: exchanges override it (the generated override is what fetch calls)"),
    ("base", "handleHttpStatusCode"): (_REST, "raise the httpExceptions class for a status code, URL redacted"),
    ("base", "onRestResponse"): (_REST, "rewrite a body before it is parsed (strips whitespace)"),
    ("base", "parseJson"): (_REST, "decode a JSON body (integers beyond 64 bits kept exact)"),
    ("base", "onJsonResponse"): (_REST, "JSON number quoting: the runtime decodes exactly instead"),
    ("base", "hasUnsafeInteger"): (_REST, "JSON number quoting: the runtime decodes exactly instead"),
    ("base", "handleRestResponse"): (_REST, "response decoding belongs to the transport"),
    ("base", "getResponseHeaders"): (_REST, "response headers are collected by the transport"),
    ("base", "throttle"): (_REST, "wait for the token bucket (ccxtpro.throttle)"),
    ("base", "initRestRateLimiter"): (_REST, "build the token bucket from rateLimit and tokenBucket"),
    ("base", "initThrottler"): (_REST, "build the token bucket from rateLimit and tokenBucket"),
    ("base", "throwExactlyMatchedException"): (_EX, "raise the exception class mapped to an exact error code"),
    ("base", "throwBroadlyMatchedException"): (_EX, "raise the exception class mapped to a substring of the message"),
    ("base", "findBroadlyMatchedKey"): (_EX, "the first key of a table found inside a message"),
    # CCXT's base class re-exposes a few of its hand-written primitives as methods
    ("base", "uuid5"): (_FN, "name-based UUID (RFC 4122 version 5)"),
    ("base", "binaryToString"): (_FN, "primitive: decode bytes as UTF-8"),
    ("base", "stringToBinary"): (_FN, "primitive: encode a string as UTF-8 bytes"),
    ("base", "stringToBase16"): (_FN, "primitive: hex of a string's bytes"),
    ("base", "stringToCharsArray"): (_FN, "primitive: the characters of a string"),
    ("base", "isDictionary"): (_FN, "primitive: a mapping that is not a list"),
    ("base", "implodeHostname"): (_EX, "fill {hostname} in a URL template"),
    ("base", "getCcxtVersion"): (_EX, "the version of CCXT the code was generated from"),
    ("base", "randomBytes"): (_FN, "hex of cryptographically random bytes"),
    ("base", "randNumber"): (_FN, "an integer of random decimal digits"),
}

# Base methods that are not translated: what they do belongs to the JS host (node's
# fetch, undici, proxy agents, dynamic imports, typed arrays) or signs for other
# exchanges' blockchains with libraries CCXT bundles in JS. Any other method that
# cannot be translated is a hard error. Name -> why.
_DEX = "signing for another exchange's blockchain with a library CCXT bundles; no {exchange} method reaches it"
_HOST = "JS host plumbing (node fetch/undici, proxy agents, dynamic imports); the runtime's transport does this"
HOST_ONLY: dict[str, str] = {
    **dict.fromkeys(("loadExchangeSpecificFiles", "defineRestApiEndpoint", "defineRestApi", "loadProxyModules",
                     "loadHttpProxyAgent", "loadFetchImplementation", "getDispatcherOptions",
                     "shouldValidateServerSsl", "extractProxyFromAgent", "cacheProxyDictionary",
                     "releaseProxyDictionaryEntry", "getFetchProxyDispatcher", "undiciRequest", "undiciBody",
                     "setFetchProxyOptions", "jsonStringifyWithNull"), _HOST),
    **dict.fromkeys(("checkProxySettings", "checkProxyUrlSettings", "checkConflictingProxies",
                     "urlEncoderForProxyUrl"),
                    "proxy settings (proxyUrl, httpProxy, socksProxy and their callbacks): the runtime's transport "
                    "takes no proxies"),
    "isBinaryMessage": "websocket frames arrive decoded; the transport tells text from bytes",
    "decodeProtoMsg": "protobuf frames of another exchange (module loaded by the JS host)",
    "convertToBigInt": "JS BigInt: Python integers are unbounded",
    **dict.fromkeys(("ethAbiEncode", "ethEncodeStructuredData", "ethGetAddressFromPrivateKey", "retrieveStarkAccount",
                     "starknetEncodeStructuredData", "starknetSign", "extendedStarknetSign",
                     "extendedStarknetGetSelectorFromName", "extendedStarknetComputePoseidonHashOnElements",
                     "getZKContractSignatureObj", "getZKTransferSignatureObj", "loadDydxProtos", "toDydxLong",
                     "retrieveDydxCredentials", "encodeDydxTxForSimulation", "encodeDydxTxForSigning",
                     "encodeDydxTxRaw", "loadLighterLibrary", "loadLighterLibraryHelper", "lighterCreateClient",
                     "lighterSignCreateGroupedOrders", "lighterSignCreateOrder", "raiseLighterSignerError",
                     "checkLighterSignedError", "lighterSignCancelOrder", "lighterSignWithdraw",
                     "lighterSignCreateSubAccount", "lighterSignCancelAllOrders", "lighterSignModifyOrder",
                     "lighterSignTransfer", "lighterSignUpdateLeverage", "lighterCreateAuthToken",
                     "lighterSignUpdateMargin", "lighterSignApproveIntegrator", "lighterGenerateApiKey",
                     "lighterSignChangePubkey"), _DEX),
}

# Base methods the runtime calls by name (construction, the REST transport, market
# loading): whatever override of them the exchange's classes define is generated,
# and the runtime's call reaches it.
RUNTIME_CALLS: tuple[str, ...] = (
    "describe", "getDefaultOptions", "afterConstruct", "setSandboxMode", "request", "sign", "handleErrors",
    "calculateRateLimiterCost", "fetchMarkets", "fetchCurrencies", "setMarkets", "safeMarketStructure",
    "safeCurrencyStructure", "handleMessage",
)

# Methods the runtime calls back into the generated code (so the closure must
# include them even though no Pro method names them directly).
CALLBACKS: dict[tuple[str, str], tuple[str, ...]] = {
    ("base", "loadMarkets"): ("fetchCurrencies", "fetchMarkets"),
    ("base", "loadMarketsHelper"): ("fetchCurrencies", "fetchMarkets"),
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


def is_runtime_owned(layer: str, name: str) -> bool:
    return (layer, name) in RUNTIME_OWNED or (layer == "base" and is_safe_accessor(name))


def host_only_reason(layer: str, name: str, target: Target) -> str | None:
    """Why a base method is left untranslated (None: it is translated or runtime-owned)."""
    if layer != "base" or name not in HOST_ONLY:
        return None
    return HOST_ONLY[name].replace("{exchange}", target.name)


def contract_for(layer: str, name: str, target: Target) -> dict:
    if (layer, name) in RUNTIME_OWNED:
        impl, text = RUNTIME_OWNED[(layer, name)]
        return {"implementedBy": impl, "contract": text.replace("{exchange}", target.name)}
    if layer == "base" and is_safe_accessor(name):
        return {"implementedBy": _FN, "contract": f"{name}: CCXT safe accessor semantics (JS-undefined → default)"}
    raise KeyError((layer, name))
