"""What a Pro method can make the exchange do, read off the call graph.

Generated code reaches an exchange in two ways only: an implicit REST endpoint
(``this.privatePostOrder(...)``, named after the ``describe().api`` table) or
a websocket-API request whose ``method`` is a string literal
(``'order.place'``). The effects of a method are those of every method it
reaches (following ``this.x``/``super.x`` as the closure does). The walk is an
over-approximation: a branch never taken still counts, so "cannot reach" is a
proof, not a guess. A computed call (``this[name](...)``) would defeat it,
so one in the closure is an error.

Two kinds of effect matter to a user's safety: an order mutation (placing,
changing or cancelling an order) and a movement of funds (withdraw, transfer,
borrow, repay, convert). Both are recognised by words, which CCXT's endpoint
and dotted websocket-API method names use consistently across exchanges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import ir
from ..program import Program
from .closure import Closure, api_prefixes, references

#: a websocket-API method name: dotted lowerCamel segments (``order.place``, ``openOrders.cancelAll``)
_WS_METHOD = re.compile(r"[a-z][A-Za-z]*(?:\.[a-z][A-Za-z]*)+")
#: the last segment of a websocket-API method that changes an order
_WS_ORDER_VERBS = frozenset(("place", "cancel", "cancelAll", "cancelReplace", "modify", "amend",
                             "amendKeepPriority"))
#: the HTTP verbs of an implicit endpoint name (``<api><Verb><Path>``) that change state
_WRITE_VERBS = ("Post", "Put", "Delete", "Patch")
_FUNDS = re.compile(r"withdraw|transfer|borrow|repay|convert", re.IGNORECASE)


class DynamicCallError(ValueError):
    """A reached method calls ``this[...]``: its effects cannot be read off the graph."""


@dataclass(frozen=True)
class Effects:
    """Requests a method may send, directly or through what it calls."""

    endpoints: frozenset[str]  # implicit REST endpoints
    ws_methods: frozenset[str]  # websocket-API method names

    @property
    def order_mutations(self) -> list[str]:
        rest = [e for e in self.endpoints if _write_path(e) is not None and "Order" in (_write_path(e) or "")]
        ws = [m for m in self.ws_methods
              if "order" in m.lower().rpartition(".")[0] and m.rpartition(".")[2] in _WS_ORDER_VERBS]
        return sorted(rest + ws)

    @property
    def funds_movements(self) -> list[str]:
        return sorted(x for x in (*self.endpoints, *self.ws_methods) if _FUNDS.search(x))


def _write_path(endpoint: str) -> str | None:
    """The path part of a state-changing implicit endpoint name, else None."""
    match = re.search(r"(?<=[a-z0-9])(Get|Post|Put|Delete|Patch)(?=[A-Z])", endpoint)
    if match is None or match.group(1) not in _WRITE_VERBS:
        return None
    return endpoint[match.end():]


def _direct(program: Program, layer: str, name: str, prefixes: list[str]) -> tuple[set[str], set[str]]:
    memo = program.memo.setdefault("effects.direct", {})
    key = (layer, name)
    if key not in memo:
        memo[key] = _direct_uncached(program, layer, name, prefixes)
    return memo[key]


def _direct_uncached(program: Program, layer: str, name: str, prefixes: list[str]) -> tuple[set[str], set[str]]:
    method = program.method_ir(layer, name)
    endpoints: set[str] = set()
    ws_methods: set[str] = set()
    for node in ir.walk(method):
        if isinstance(node, ir.Call) and isinstance(node.func, ir.Index) and \
                isinstance(node.func.obj, (ir.This, ir.Super)):
            raise DynamicCallError(f"{method.path}:{node.line}: {name} calls this[...]; its effects are unknown")
        if isinstance(node, ir.Literal) and isinstance(node.value, str) and _WS_METHOD.fullmatch(node.value):
            ws_methods.add(node.value)
    for _, ref, _ in references(method):
        if any(ref.startswith(p) and ref[len(p):len(p) + 1].isupper() for p in prefixes) and \
                re.search(r"(Get|Post|Put|Delete|Patch)[A-Z]", ref):
            endpoints.add(ref)
    return endpoints, ws_methods


def compute(program: Program, closure: Closure, layer: str = "pro") -> dict[tuple[str, str], Effects]:
    """Effects of every generated method of ``layer`` (the Pro class by default), keyed by (layer, name).

    Only what those methods reach is read, so a computed call elsewhere (CCXT's
    pagination helpers call ``this[method]``) does not matter unless they reach it.
    """
    prefixes = api_prefixes(program)
    starts = [key for key in closure.calls if key[0] == layer]
    reach: set[tuple[str, str]] = set()
    for start in starts:
        reach |= _reachable(closure, start)
    direct = {key: _direct(program, *key, prefixes) for key in sorted(reach) if key in closure.calls}
    return {start: _reach(closure, direct, start) for start in starts}


def of(program: Program, closure: Closure, layer: str, name: str) -> Effects:
    """Effects of one method (empty for one the runtime owns)."""
    prefixes = api_prefixes(program)
    direct: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for key in _reachable(closure, (layer, name)):
        if key in closure.calls:
            direct[key] = _direct(program, *key, prefixes)
    return _reach(closure, direct, (layer, name))


def _reachable(closure: Closure, start: tuple[str, str]) -> set[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    stack = [start]
    while stack:
        key = stack.pop()
        if key not in seen:
            seen.add(key)
            stack.extend(closure.calls.get(key, []))
    return seen


def _reach(closure: Closure, direct: dict[tuple[str, str], tuple[set[str], set[str]]],
           start: tuple[str, str]) -> Effects:
    endpoints: set[str] = set()
    ws_methods: set[str] = set()
    for key in _reachable(closure, start):
        found = direct.get(key)
        if found is not None:
            endpoints |= found[0]
            ws_methods |= found[1]
    return Effects(frozenset(endpoints), frozenset(ws_methods))
