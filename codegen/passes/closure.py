"""Call-graph closure of the whole exchange: every Pro, REST and base method.

A CCXT Pro instance is the whole exchange: its Pro methods, its REST class and
everything it inherits from CCXT's base class (what ``dir()`` of CCXT's class
lists). So the roots are every method of the three classes (``roots``), less
the base methods that belong to the JS host (``contracts.HOST_ONLY``), and the
base methods the runtime calls by name (``contracts.RUNTIME_CALLS``: construction,
the REST transport, market loading) resolved the JS way, so an override of
``request``, ``sign`` or ``setSandboxMode`` is what the runtime reaches.

Resolution follows JS dispatch: ``this.x`` is looked up from the Pro class down
(so a REST method calling ``this.parseWsTrade`` reaches the Pro override), and
``super.x`` from the parent of the class that wrote it. The walk stops at
methods the runtime owns (their contract is what the generated code relies on)
and at primitives (CCXT's hand-written per-language helpers). A reached call of
a host-only method is an error: the generated code would call nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import ir
from ..program import LAYERS, Program
from .contracts import CALLBACKS, HOST_ONLY, IMPLICIT_CALLBACKS, RUNTIME_CALLS, is_runtime_owned


@dataclass
class Closure:
    methods: dict[str, list[str]]  # layer -> method names (sorted)
    runtime_owned: list[tuple[str, str]]  # (layer, name) reached but owned by the runtime
    primitives: list[str]  # primitive names reached
    implicit: list[str]  # implicit REST endpoints reached (from the describe api table)
    properties: list[str]  # this.<property> reads (options, markets, …)
    calls: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    implicit_calls: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # method -> endpoints it names
    callbacks: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)  # runtime-owned -> calls back

    def size(self, layer: str) -> int:
        return len(self.methods.get(layer, []))

    def reachable(self, starts: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Every (layer, name) a walk from ``starts`` reaches, runtime-owned ones included."""
        seen: set[tuple[str, str]] = set()
        stack = list(starts)
        while stack:
            key = stack.pop()
            if key not in seen:
                seen.add(key)
                stack.extend(self.calls.get(key, []))
                stack.extend(self.callbacks.get(key, []))
        return seen

    def implicit_from(self, layer: str) -> list[str]:
        """Implicit endpoints reachable from the methods of ``layer`` (e.g. everything a Pro method can send)."""
        starts = [key for key in self.calls if key[0] == layer]
        return sorted({e for key in self.reachable(starts) for e in self.implicit_calls.get(key, [])})


def api_prefixes(program: Program) -> list[str]:
    """Top-level keys of REST ``describe().api``: implicit method names start with them."""
    describe = program.method_ir("rest", "describe")
    for node in ir.walk(describe):
        if isinstance(node, ir.ObjectLit):
            for entry in node.entries:
                if isinstance(entry, tuple) and entry[0] == "api" and isinstance(entry[1], ir.ObjectLit):
                    return sorted(k for k, _ in entry[1].entries if isinstance(k, str))
    return []


def _implicit(name: str, prefixes: list[str]) -> bool:
    for p in prefixes:
        if name.startswith(p) and len(name) > len(p) and name[len(p)].isupper():
            rest = name[len(p):]
            if rest.startswith(("Get", "Post", "Put", "Delete", "Patch")):
                return True
    return False


def references(method: ir.Method) -> list[tuple[str, str, bool]]:
    """(receiver "this"|"super", name, called?) for every ``this.x`` / ``super.x``."""
    called_ids: set[int] = set()
    refs: list[tuple[str, str, bool]] = []
    for node in ir.walk(method):
        if isinstance(node, ir.Call) and isinstance(node.func, ir.Member):
            called_ids.add(id(node.func))
    for node in ir.walk(method):
        if isinstance(node, ir.Member) and isinstance(node.obj, (ir.This, ir.Super)):
            recv = "this" if isinstance(node.obj, ir.This) else "super"
            refs.append((recv, node.prop, id(node) in called_ids))
        elif isinstance(node, ir.MethodRef):
            refs.append(("this", node.name, False))
        # idiom nodes keep the references of the code they replaced
        elif isinstance(node, ir.SafeAccess):
            refs.append(("this", node.method, True))
        elif isinstance(node, ir.StoreDeltas) and node.handler:
            refs.append(("this", node.handler, True))
        elif isinstance(node, ir.DispatchTable):
            refs.extend(("this", handler, False) for _, handler in node.routes)
    return refs


class ClosureError(ValueError):
    """Raised when a reached ``this.x(...)`` resolves to nothing we know."""


def roots(program: Program) -> list[tuple[str, str]]:
    """Where the walk starts: every method of the three classes but the host-only base
    methods, and the runtime's by-name calls resolved from the Pro class down."""
    out = [(layer, name) for layer in LAYERS for name in program.classes[layer].methods
           if not (layer == "base" and name in HOST_ONLY)]
    for name in RUNTIME_CALLS:
        layer = program.resolve(name)
        if layer is not None:  # else the runtime's own default stands
            out.append((layer, name))
    return out


def compute(program: Program) -> Closure:
    prefixes = api_prefixes(program)
    prims = set(program.primitives)
    known_props = set(program.instance_props)
    seen: set[tuple[str, str]] = set()
    owned: set[tuple[str, str]] = set()
    used_prims: set[str] = set()
    implicit: set[str] = set()
    props: set[str] = set()
    calls: dict[tuple[str, str], list[tuple[str, str]]] = {}
    implicit_calls: dict[tuple[str, str], list[str]] = {}
    callbacks: dict[tuple[str, str], list[tuple[str, str]]] = {}
    work = roots(program)
    work.reverse()  # pop() in source order: the first error reported is the first in the files
    while work:
        key = work.pop()
        if key in seen or key in owned:
            continue
        layer, name = key
        if is_runtime_owned(layer, name):
            owned.add(key)
            for cb in CALLBACKS.get(key, ()):
                cb_layer = program.resolve(cb)
                if cb_layer is not None:
                    work.append((cb_layer, cb))
                    callbacks.setdefault(key, []).append((cb_layer, cb))
            continue
        seen.add(key)
        m = program.method_ir(layer, name)
        out: list[tuple[str, str]] = []
        named: set[str] = set()
        for recv, ref, called in references(m):
            start = "pro" if recv == "this" else program.parent(layer)
            target = program.resolve(ref, start) if start else None
            if target is not None:
                if target == "base" and ref in HOST_ONLY and not is_runtime_owned(target, ref):
                    raise ClosureError(f"{m.path}:{m.start_line}: {name} calls this.{ref}(), which is left to "
                                       f"the JS host ({HOST_ONLY[ref]})")
                out.append((target, ref))
                work.append((target, ref))
            elif ref in prims:
                used_prims.add(ref)
            elif _implicit(ref, prefixes):
                implicit.add(ref)
                named.add(ref)
                for cb in IMPLICIT_CALLBACKS:
                    cb_layer = program.resolve(cb)
                    if cb_layer is not None:
                        work.append((cb_layer, cb))
            elif called and ref not in known_props:
                raise ClosureError(f"{m.path}:{m.start_line}: {name} calls unknown this.{ref}()")
            else:
                props.add(ref)
        calls[key] = sorted(set(out))
        if named:
            implicit_calls[key] = sorted(named)
    methods = {layer: sorted(n for l, n in seen if l == layer) for layer in LAYERS}
    return Closure(methods, sorted(owned), sorted(used_prims), sorted(implicit), sorted(props), calls,
                   implicit_calls, callbacks)
