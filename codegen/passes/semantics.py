"""Semantic tags per method, for the manifest's ``irSummary.nodes``.

What the other passes know about a method, said in one sorted list of
``family:value`` tags: how it subscribes (``watch:single``/``watch:multiple``),
which channel family its message hashes name (``channel-family:trades``), what
it sends (``request:subscribe``, ``ws-api:order.place``, a signed request whose
reply a waiter keyed by the request id receives: ``request:signed-waiter``),
which authentication route it reaches (``auth-route:listen-key``), which caches
it builds (``cache-class:array-cache-by-symbol-by-id``), how it keeps an order
book (``orderbook:snapshot-delta-merge``), how ``handleMessage`` routes
(``dispatch-branch:request-id``), and for REST methods the endpoints they call
(``request:fapiPublic-get:klines``, ``implicit:fapiPublicGetKlines``) and under
which market-type branch (``market-branch:linear:fapiPublicGetKlines``), public
or signed, pagination and parsers.

Every tag is read off the IR (after the idiom passes ran, so ``StoreDeltas``
and ``DispatchTable`` nodes are there), the call graph of :mod:`.closure` and
the routes of :mod:`.routes`; never off source text. The vocabularies below
are CCXT's own (its message-hash words, market-type keys, paginators, signing
primitives), the same for every exchange, plus the words of user-data-stream
keys (``listenKey``, ``listenToken``, ``userDataStream``) that exchanges with
listen-key authentication use in their endpoint paths.

Some tags travel along the call graph: a method that delegates to another of
its kind (``watchTrades`` -> ``watchTradesForSymbols([symbol])``) takes the
delegate's tags (and is a single watch when it wraps its own argument in a
one-element list); an authentication route is that of every method reached;
a watch keeps an order book from snapshot plus deltas when its subscription
callback reaches a snapshot reset and a handler of its channel family merges
deltas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import ir
from ..naming import snake
from ..program import Program
from . import classify, idioms, routes
from .closure import Closure, api_prefixes
from .contracts import RUNTIME_CALLS, is_runtime_owned, is_safe_accessor

#: CCXT's message-hash words (``'trade::' + symbol``, ``type + ':balance'``) -> channel family
CHANNEL_WORDS = {
    "trade": "trades", "trades": "trades",
    "orderbook": "orderbook",
    "ohlcv": "ohlcv",
    "ticker": "tickers", "tickers": "tickers",
    "bidsasks": "bids-asks",
    "markPrice": "mark-prices", "markPrices": "mark-prices",
    "liquidations": "liquidations",
    "myLiquidations": "my-liquidations",
    "orders": "orders",
    "myTrades": "my-trades",
    "balance": "balance",
    "positions": "positions", "position": "positions",
}
#: the keys of CCXT's market structure (and ``type`` values) a branch can test
MARKET_TYPES = ("spot", "margin", "swap", "future", "delivery", "option", "linear", "inverse", "contract")
#: base-class predicates on a market type
_MARKET_PREDICATES = {"isLinear": "linear", "isInverse": "inverse"}
#: runtime primitives of the websocket host
_WATCH = {"watch": "single", "watchMultiple": "multiple"}
_VERBS = ("get", "post", "put", "delete", "patch")
#: CCXT Pro's cache classes (``new ArrayCacheBySymbolById(limit)``)
_CACHE_CLASSES = ("ArrayCache", "OrderBook")
#: CCXT's signing primitives (hand-written per language)
_SIGNING = ("hmac", "rsa", "eddsa", "ecdsa", "jwt", "axolotl")
#: ``this.safe<X>`` base methods that look a market or currency up rather than build a structure
_LOOKUPS = ("Symbol", "Market", "Currency", "CurrencyCode")
#: tags a method takes over from the method it delegates to (``watchTrades`` -> ``watchTradesForSymbols``)
_INHERITED = ("channel-family", "message-hash", "watch", "request", "ws-api", "reply-handler", "cache-class", "orderbook",
              "auth-route", "implicit", "rest", "pagination", "market-type", "market-branch", "parses")
#: tags that follow every call (an authentication route is the route of whatever the method reaches)
_REACHED = ("auth-route",)
_DELEGATING_VERBS = ("watch", "unWatch", "fetch", "create", "edit", "cancel", "add", "reduce", "set", "borrow",
                     "repay", "transfer", "withdraw")


def kebab(name: str) -> str:
    """``ArrayCacheBySymbolById`` -> ``array-cache-by-symbol-by-id``, ``OHLCVs`` -> ``ohlcvs``: CCXT's
    Python name (:func:`naming.snake`) with dashes."""
    words = snake("x" + name)[2:] if name[:1].isupper() else snake(name)
    return words.replace("_", "-")


def _str(node: object) -> str | None:
    return node.value if isinstance(node, ir.Literal) and isinstance(node.value, str) else None


def _this_member(node: object) -> str | None:
    """``this.x`` / ``super.x`` / a method reference: the name."""
    if isinstance(node, ir.Member) and isinstance(node.obj, (ir.This, ir.Super)):
        return node.prop
    if isinstance(node, ir.MethodRef):
        return node.name
    return None


def _this_call(node: object) -> str | None:
    if isinstance(node, ir.Call) and isinstance(node.func, ir.Member) and isinstance(node.func.obj, ir.This):
        return node.func.prop
    return None


# ------------------------------------------------------------------ implicit endpoints

def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:]


def endpoint_table(program: Program) -> dict[str, tuple[str, str, str]]:
    """Implicit method name -> (api group, verb, path), read off REST ``describe().api``."""
    memo = program.memo.setdefault("semantics.endpoints", {})
    if "table" in memo:
        return memo["table"]
    table: dict[str, tuple[str, str, str]] = {}
    describe = program.method_ir("rest", "describe")
    api = None
    for node in ir.walk(describe):
        if isinstance(node, ir.ObjectLit):
            for entry in node.entries:
                if isinstance(entry, tuple) and entry[0] == "api" and isinstance(entry[1], ir.ObjectLit):
                    api = entry[1]
                    break
        if api is not None:
            break

    def visit(obj: ir.ObjectLit, groups: list[str]) -> None:
        for entry in obj.entries:
            if not (isinstance(entry, tuple) and isinstance(entry[0], str)):
                continue
            key, value = entry
            if key in _VERBS and groups and isinstance(value, ir.ObjectLit):
                for path_entry in value.entries:
                    if isinstance(path_entry, tuple) and isinstance(path_entry[0], str):
                        path = path_entry[0]
                        words = [w for w in re.split(r"[^a-zA-Z0-9]", path) if w]
                        camel = groups[0] + "".join(_capitalize(g) for g in groups[1:]) + _capitalize(key)
                        camel += "".join(_capitalize(w) for w in words)
                        table.setdefault(camel, ("".join([groups[0]] + [_capitalize(g) for g in groups[1:]]),
                                                 key, path))
            elif isinstance(value, ir.ObjectLit):
                visit(value, groups + [key])

    if api is not None:
        visit(api, [])
    memo["table"] = table
    return table


def _is_implicit(name: str, prefixes: list[str]) -> bool:
    return any(name.startswith(p) and name[len(p):len(p) + 1].isupper()
               and name[len(p):].startswith(("Get", "Post", "Put", "Delete", "Patch")) for p in prefixes)


# ------------------------------------------------------------------ one method's own facts

@dataclass
class _Facts:
    tags: set[str] = field(default_factory=set)
    calls: list[tuple[str, ir.Call]] = field(default_factory=list)  # this.x(...) calls, in order
    refs: set[str] = field(default_factory=set)  # this.x used as a value (callbacks, timers, tables)
    tables: list[ir.DispatchTable] = field(default_factory=list)  # ``{event: this.handleX}`` tables


def _market_types(test: object) -> set[str]:
    """Market types a branch condition tests (``market['linear']``, ``type === 'future'``, ``this.isLinear()``)."""
    found: set[str] = set()
    for node in ir.walk(test) if isinstance(test, ir.Node) else ():
        if isinstance(node, ir.Index) and _str(node.index) in MARKET_TYPES:
            found.add(_str(node.index))
        elif isinstance(node, ir.Member) and not isinstance(node.obj, ir.This) and node.prop in MARKET_TYPES:
            found.add(node.prop)
        elif isinstance(node, ir.Binary) and node.op in ("===", "==", "!==", "!="):
            for side in (node.left, node.right):
                if _str(side) in MARKET_TYPES:
                    found.add(_str(side))
        elif _this_call(node) in _MARKET_PREDICATES:
            found.add(_MARKET_PREDICATES[_this_call(node)])
    return found


def _positive_market_type(test: object) -> str | None:
    """The market type a condition asserts when true (``market['linear'] === true``, ``type === 'future'``,
    a conjunction containing one); None for a negation or anything else."""
    if isinstance(test, ir.Logical) and test.op == "&&":
        return _positive_market_type(test.left) or _positive_market_type(test.right)
    if isinstance(test, ir.Index) and _str(test.index) in MARKET_TYPES:
        return _str(test.index)
    if isinstance(test, ir.Binary) and test.op in ("===", "=="):
        for a, b in ((test.left, test.right), (test.right, test.left)):
            if isinstance(b, ir.Literal) and b.value is True and isinstance(a, ir.Index) \
                    and _str(a.index) in MARKET_TYPES:
                return _str(a.index)
            if _str(b) in MARKET_TYPES and not isinstance(a, ir.Literal):
                return _str(b)
    if _this_call(test) in _MARKET_PREDICATES:
        return _MARKET_PREDICATES[_this_call(test)]
    return None


def _hash_words(method: ir.Method, expr: object, depth: int = 0) -> tuple[set[str], bool]:
    """Literal pieces of a message-hash expression (following the local it names) and whether it
    is built from ``this.requestId()``."""
    pieces: set[str] = set()
    from_request_id = False
    if depth > 3 or not isinstance(expr, ir.Node):
        return pieces, from_request_id
    names: set[str] = set()
    for node in ir.walk(expr):
        value = _str(node)
        if value is not None:
            pieces.add(value)
        elif isinstance(node, ir.Template):
            pieces.update(p for p in node.parts if isinstance(p, str))
        elif isinstance(node, ir.Name):
            names.add(node.id)
        elif _this_call(node) == "requestId":
            from_request_id = True
    for name in sorted(names):
        for value in _values_of(method, name):
            more, rid = _hash_words(method, value, depth + 1)
            pieces |= more
            from_request_id |= rid
    return pieces, from_request_id


def _values_of(method: ir.Method, name: str) -> list[ir.Expr]:
    """Everything the method assigns to, declares as, or pushes onto the local ``name``."""
    out: list[ir.Expr] = []
    for node in ir.walk(method):
        if isinstance(node, ir.VarDecl) and node.target == name and node.value is not None:
            out.append(node.value)
        elif isinstance(node, ir.Assign) and isinstance(node.target, ir.Name) and node.target.id == name:
            out.append(node.value)
        elif (isinstance(node, ir.Call) and isinstance(node.func, ir.Member) and node.func.prop == "push"
              and isinstance(node.func.obj, ir.Name) and node.func.obj.id == name):
            out.extend(node.args)
    return out


def _families(pieces: set[str]) -> set[str]:
    out = set()
    for piece in pieces:
        for word in piece.split(":"):
            if word in CHANNEL_WORDS:
                out.add(CHANNEL_WORDS[word])
    return out


def _direct(program: Program, layer: str, name: str) -> _Facts:
    idioms.apply_all(program, layer, name)
    method = program.method_ir(layer, name)
    facts = _Facts()
    tags = facts.tags
    prefixes = api_prefixes(program)
    endpoints = endpoint_table(program)
    called: set[int] = set()
    hash_exprs: list[object] = []
    watch_hashes: list[object] = []
    for node in ir.walk(method):
        if isinstance(node, ir.Call) and isinstance(node.func, ir.Member):
            called.add(id(node.func))
            func = node.func
            if isinstance(func.obj, (ir.This, ir.Super)):
                facts.calls.append((func.prop, node))
                if isinstance(func.obj, ir.Super):
                    tags.add(f"super:{func.prop}")
            elif func.prop in ("resolve", "reject") and len(node.args) == 2:
                tags.add(f"client:{func.prop}")
                hash_exprs.append(node.args[1])
            elif func.prop in ("future", "reusableFuture") and isinstance(func.obj, ir.Name):
                tags.add(f"client:{kebab(func.prop)}")
            elif func.prop == "reset" and isinstance(func.obj, ir.Name):
                client = method.params[0].name if method.params else None
                tags.add("client:reset" if func.obj.id == client else "orderbook:snapshot-reset")
            elif (func.prop == "push" and isinstance(func.obj, ir.Member) and func.obj.prop == "cache"
                  and not isinstance(func.obj.obj, ir.This)):
                tags.add("orderbook:buffer-deltas")
        elif isinstance(node, ir.SafeAccess):
            facts.calls.append((node.method, ir.Call(ir.Member(ir.This(), node.method), node.args)))
        elif isinstance(node, ir.StoreDeltas):
            tags.add("orderbook:delta-merge")
        elif isinstance(node, ir.New) and isinstance(node.cls, str) and node.cls.startswith(_CACHE_CLASSES):
            tags.add(f"cache-class:{kebab(node.cls)}")
        elif isinstance(node, ir.Throw) and isinstance(node.value, ir.New) and isinstance(node.value.cls, str):
            tags.add(f"throws:{node.value.cls}")
        elif isinstance(node, ir.ObjectLit):
            for entry in node.entries:
                if isinstance(entry, tuple) and entry[0] == "method":
                    _request_method(tags, entry[1])
        elif (isinstance(node, ir.Assign) and node.op == "=" and isinstance(node.target, ir.Index)
              and _str(node.target.index) == "method"):
            _request_method(tags, node.value)
        elif isinstance(node, (ir.If, ir.Ternary)):
            tags.update(f"market-type:{t}" for t in _market_types(node.test))
        elif isinstance(node, ir.Binary) and node.op in ("===", "==", "!==", "!="):
            tags.update(f"market-type:{t}" for t in _market_types(node))
        elif isinstance(node, ir.Return) and isinstance(node.value, (ir.ObjectLit, ir.ArrayLit)):
            tags.add("returns:" + ("object-literal" if isinstance(node.value, ir.ObjectLit) else "array-literal"))
        elif (isinstance(node, ir.Member) and node.prop in ("subscriptions", "futures")
              and isinstance(node.obj, ir.Name) and method.params and node.obj.id == method.params[0].name):
            tags.add(f"client:{node.prop}")  # a handler reading or forgetting the connection's state
        elif isinstance(node, ir.DispatchTable):
            facts.tables.append(node)
            for route in routes.routes_from(program, layer, name):
                tags.add("dispatch-branch:" + _branch(route))
    for node in ir.walk(method):
        ref = _this_member(node)
        if ref is not None and (isinstance(node, ir.MethodRef) or id(node) not in called):
            facts.refs.add(ref)
    if idioms._is_store_delta_handler(program, name) and program.resolve(name) == layer:
        tags.add("orderbook:store-delta")  # what the StoreDeltas idiom replaces with one bulk store
    for callee, call in facts.calls:
        if callee in _SIGNING and callee in program.primitives:
            tags.add(f"signing:{callee}")
        owner = program.resolve(callee)
        if owner is not None and is_runtime_owned(owner, callee) and not is_safe_accessor(callee):
            tags.add(f"runtime:{callee}")  # a contract of the runtime the generated code relies on
        if callee in _WATCH and is_runtime_owned("base", callee) and program.resolve(callee) == "base":
            tags.add(f"watch:{_WATCH[callee]}")
            if len(call.args) > 1:
                watch_hashes.append(call.args[1])
                hash_exprs.append(call.args[1])
        elif callee in ("delay", "spawn") and call.args:
            target = _this_member(call.args[1] if callee == "delay" and len(call.args) > 1 else call.args[0])
            if target is not None:
                tags.add(f"{'schedules' if callee == 'delay' else 'spawns'}:{target}")
        elif callee == "requestId":
            tags.add("request:id")
        elif callee == "signParams":
            tags.add("request:signed")
        elif callee in ("orderBook", "countedOrderBook", "indexedOrderBook") and program.resolve(callee) == "base":
            tags.add(f"cache-class:{kebab(callee)}")
        elif callee.startswith("fetchPaginatedCall"):
            tags.add(f"pagination:{kebab(callee[len('fetchPaginatedCall'):])}")
        elif callee.startswith("safe") and program.resolve(callee) == "base" and not is_safe_accessor(callee):
            what = callee[len("safe"):]
            # safeTicker(...) builds a unified structure; safeSymbol/safeMarket/safeCurrency look one up
            tags.add(f"{'resolves' if what in _LOOKUPS else 'builds'}:{kebab(what)}")
        elif callee.startswith("parse") and program.resolve(callee) is not None and \
                not is_runtime_owned(program.resolve(callee) or "", callee):
            tags.add(f"parses:{kebab(callee[len('parse'):])}")
    if not any(t.startswith("watch:") for t in tags):  # a ``method`` key of a message never sent (an option)
        tags -= {t for t in tags if t.startswith(("ws-request:", "request:subscribe", "request:unsubscribe",
                                                    "reply-handler:", "auth-route:ws-api-"))}
    # message hashes: what watch/resolve/reject name
    pieces: set[str] = set()
    waiter = False
    for expr in hash_exprs:
        more, rid = _hash_words(method, expr)
        pieces |= more
        waiter |= rid and any(e is expr for e in watch_hashes)
    tags.update(f"channel-family:{f}" for f in _families(pieces))
    tags.update(f"message-hash:{p}" for p in pieces if ":" in p and any(c.isalpha() for c in p))
    if waiter:
        tags.add("request:signed-waiter" if "request:signed" in tags else "request:waiter")
        for tag in [t for t in tags if t.startswith("ws-request:")]:
            tags.discard(tag)
            tags.add("ws-api:" + tag.split(":", 1)[1])
    # implicit REST endpoints, with the market-type branch each sits under
    branches = _endpoint_branches(method, prefixes)
    any_branch = any(t.startswith("market-type:") for t in tags)
    for endpoint, market in branches:
        tags.add(f"implicit:{endpoint}")
        if endpoint in endpoints:
            group, verb, path = endpoints[endpoint]
            tags.add(f"request:{group}-{verb}:{path}")
            # CCXT's convention: an api group named public is sent unsigned, any other is signed
            # (the exchange's ``sign`` may make an exception for a single path, e.g. a status ping)
            tags.add("rest:public" if "public" in group.lower() else "rest:signed")
            route = _auth_route(verb, path)
            if route is not None:
                tags.add(f"auth-route:{route}")
        if any_branch:
            tags.add(f"market-branch:{market or 'default'}:{endpoint}")
    return facts


def _request_method(tags: set[str], value: object) -> None:
    """The ``method`` of a websocket request (``SUBSCRIBE``, ``order.place``) or of a subscription
    (the reply handler a request-id reply is given to)."""
    if isinstance(value, ir.Ternary):
        _request_method(tags, value.then)
        _request_method(tags, value.orelse)
        return
    text = _str(value)
    if text is not None:
        if text in ("SUBSCRIBE", "UNSUBSCRIBE"):
            tags.add(f"request:{text.lower()}")
        else:
            tags.add(f"ws-request:{text}")  # ``ws-api:`` once the reply is known to go to a request-id waiter
            if text.startswith(_WS_USER_DATA):
                tags.add("auth-route:ws-api-" + (kebab(text[len(_WS_USER_DATA) + 1:]) or "user-data-stream"))
    elif _this_member(value) is not None:
        tags.add(f"reply-handler:{_this_member(value)}")


#: the websocket-API request that subscribes the connection to the account's user-data events
_WS_USER_DATA = "userDataStream.subscribe"


def _auth_route(verb: str, path: str) -> str | None:
    """A REST endpoint that opens (POST), renews (PUT) or closes (DELETE) a user-data stream's key."""
    words = path.replace("/", "").replace("_", "").lower()
    if "listentoken" in words:
        return "listen-token"
    if "listenkey" in words or "userdatastream" in words:
        return {"post": "listen-key", "put": "listen-key-keepalive", "delete": "listen-key-close"}.get(verb)
    return None


def _branch(route: dict) -> str:
    if "unwrap" in route:
        return "unwrap"
    if "fallback" in route:
        return "fallback"
    if route.get("request_id"):
        return "request-id"
    if "keys_present" in route:
        return "shape"
    if "value" in route:
        return "event-table"
    return "error-reply"


def _endpoint_branches(method: ir.Method, prefixes: list[str]) -> list[tuple[str, str | None]]:
    """Each implicit endpoint the method names, with the innermost market type asserted on its path."""
    out: list[tuple[str, str | None]] = []

    def visit(node: object, market: str | None) -> None:
        if isinstance(node, (ir.If, ir.Ternary)):
            visit(node.test, market)
            positive = _positive_market_type(node.test) or market
            for child in (node.body if isinstance(node, ir.If) else [node.then]):
                visit(child, positive)
            for child in (node.orelse if isinstance(node, ir.If) else [node.orelse]):
                visit(child, market)
            return
        ref = _this_member(node)
        if ref is not None and _is_implicit(ref, prefixes):
            out.append((ref, market))
        for child in ir.children(node):
            visit(child, market)

    visit(method, None)
    return out


# ------------------------------------------------------------------ the whole program

def compute(program: Program, closure: Closure) -> dict[tuple[str, str], list[str]]:
    """Sorted tags of every generated Pro and REST method, keyed by (layer, name)."""
    memo = program.memo.setdefault("semantics", {})
    if "all" in memo:
        return memo["all"]
    keys = [(layer, name) for layer in ("pro", "rest") for name in closure.methods[layer]]
    direct = {key: _direct(program, *key) for key in keys}
    tags = {key: set(f.tags) for key, f in direct.items()}

    def resolve(name: str) -> tuple[str, str] | None:
        layer = program.resolve(name)
        key = (layer, name) if layer is not None else None
        return key if key in direct else None

    # delegation: watchTrades -> watchTradesForSymbols([symbol]) is a single-symbol watch of trades
    delegates: dict[tuple[str, str], list[tuple[tuple[str, str], ir.Call]]] = {}
    for key, facts in direct.items():
        verb = next((v for v in _DELEGATING_VERBS if key[1].startswith(v)), None)
        if verb is None:
            continue
        for callee, call in facts.calls:
            target = resolve(callee)
            if target is None or target == key or not program.model(*target).is_async:
                continue  # a delegate is itself a request or a subscription (a request builder is not)
            if callee.startswith(verb) and not (verb == "watch" and callee.startswith("unWatch")) or \
                    (verb == "unWatch" and callee.startswith("watch")) or callee.endswith("Helper"):
                delegates.setdefault(key, []).append((target, call))
                tags[key].add(f"delegates:{callee}")
    for _ in range(len(keys)):  # to a fixed point (delegation chains are short)
        changed = False
        for key, targets in delegates.items():
            for target, call in targets:
                inherited = {t for t in tags[target] if t.split(":", 1)[0] in _INHERITED}
                params = {p.name for p in program.method_ir(*key).params}
                if "watch:multiple" in inherited and any(_wraps_one(a, params) for a in call.args):
                    inherited = (inherited - {"watch:multiple"}) | {"watch:single"}
                # a shared helper sends both; the caller's verb says which one it asks for
                inherited.discard("request:unsubscribe" if key[1].startswith("watch") else
                                  "request:subscribe" if key[1].startswith("unWatch") else "")
                if not inherited <= tags[key]:
                    tags[key] |= inherited
                    changed = True
        if not changed:
            break
    # authentication routes follow every call and reference (a private stream reaches ``authenticate``)
    edges = {key: [t for t in (resolve(c) for c, _ in direct[key].calls) if t is not None]
             + [t for t in (resolve(r) for r in sorted(direct[key].refs)) if t is not None] for key in keys}
    reach = {key: _reach(edges, key) for key in keys}
    called = {key: [t for t in (resolve(c) for c, _ in direct[key].calls) if t is not None] for key in keys}
    for key in keys:
        for other in _reach(called, key):
            if "orderbook:delta-merge" in tags[other]:
                tags[key].add("orderbook:delta-merge")
            if key[1].startswith("handle") and other[1].startswith("handle"):  # a handler handing on a frame
                tags[key] |= {t for t in tags[other] if t.startswith(("channel-family:", "client:resolve"))}
    for key in keys:
        for other in reach[key]:
            tags[key] |= {t for t in tags[other] if t.split(":", 1)[0] in _REACHED}
    # handlers: what routes to them (an event of the dispatch table, or a request-id reply)
    for key in keys:
        for node in direct[key].tables:
            for event, handler in node.routes:
                target = resolve(handler)
                if target is not None:
                    tags[target].add(f"dispatched-by:event:{event}")
        for tag in sorted(tags[key]):
            if tag.startswith("reply-handler:"):
                target = resolve(tag.split(":", 1)[1])
                if target is not None and "request:id" in tags[key]:
                    tags[target].add("dispatched-by:request-id")
    # an order book kept from a REST snapshot plus merged deltas: the stream's subscription callback
    # reaches the snapshot reset, and a handler of its channel family merges deltas
    merging = {f for key in keys if _reaches_tag(edges, tags, key, "orderbook:delta-merge")
               for f in _tag_values(tags[key], "channel-family")}
    for key in keys:
        if any(t.startswith("watch:") for t in tags[key]) and \
                _tag_values(tags[key], "channel-family") & merging and \
                any("orderbook:snapshot-reset" in tags[o] for o in reach[key]):
            tags[key].add("orderbook:snapshot-delta-merge")
        elif key[1].startswith("watch") and any("orderbook:snapshot-delta-merge" in tags[t]
                                                for t, _ in delegates.get(key, [])):
            tags[key].add("orderbook:snapshot-delta-merge")
    for key in keys:  # a delegating watch takes its target's book semantics (after the pass above)
        for target, _ in delegates.get(key, []):
            if "orderbook:snapshot-delta-merge" in tags[target] and key[1].startswith("watch"):
                tags[key].add("orderbook:snapshot-delta-merge")
    for key in keys:
        tags[key].add("role:" + _role(program, closure, key, tags[key]))
        if key[1] in RUNTIME_CALLS:
            tags[key].add(f"runtime-hook:{key[1]}")  # the runtime calls it by name (construction, transport)
    memo["all"] = {key: sorted(v) for key, v in tags.items()}
    return memo["all"]


def _wraps_one(arg: object, params: set[str]) -> bool:
    """``[symbol]`` or ``[[symbol, timeframe]]``: a one-element list made of the caller's own parameter."""
    if not (isinstance(arg, ir.ArrayLit) and len(arg.elements) == 1):
        return False
    one = arg.elements[0]
    if isinstance(one, ir.ArrayLit) and one.elements:
        one = one.elements[0]
    return isinstance(one, ir.Name) and one.id in params


def _reach(edges: dict, start: tuple[str, str]) -> set[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    stack = [start]
    while stack:
        key = stack.pop()
        if key not in seen:
            seen.add(key)
            stack.extend(edges.get(key, []))
    return seen - {start}


def _reaches_tag(edges: dict, tags: dict, start: tuple[str, str], tag: str) -> bool:
    return tag in tags[start] or any(tag in tags[k] for k in _reach(edges, start))


def _tag_values(tags: set[str], family: str) -> set[str]:
    return {t.split(":", 1)[1] for t in tags if t.startswith(family + ":")}


def _role(program: Program, closure: Closure, key: tuple[str, str], tags: set[str]) -> str:
    """The Pro category of :mod:`.classify` (``public-stream``, ``ws-api-request``…); for a REST method,
    ``request`` when it reaches an endpoint, ``parser``/``handler`` by CCXT's naming, else ``helper``
    (``pure-helper`` when its body never touches the instance)."""
    layer, name = key
    if layer == "pro":
        return kebab(classify.category(program, closure, layer, name).replace(" ", "_").replace("-", "_"))
    if any(t.startswith("implicit:") for t in tags):
        return "request"
    if name.startswith("parse"):
        return "parser"
    if name.startswith("handle"):
        return "handler"
    if not any(isinstance(n, (ir.This, ir.Super)) for n in ir.walk(program.method_ir(*key))):
        return "pure-helper"
    return "helper"


def counts(manifest_nodes: list[list[str]]) -> dict[str, int]:
    """Tag family -> number of methods carrying at least one tag of it (for ``inspect``)."""
    out: dict[str, int] = {}
    for nodes in manifest_nodes:
        for family in sorted({t.split(":", 1)[0] for t in nodes}):
            out[family] = out.get(family, 0) + 1
    return dict(sorted(out.items()))
