"""Idiom lowering: where the runtime has a faster equivalent, use it.

Each rewrite first proves the JS has exactly the expected shape (and, for the
delta loop, that the per-delta handler is the plain "safeFloat price, safeFloat
size, side.store" body); anything else is left as written.
"""

from __future__ import annotations

from dataclasses import fields

from .. import ir
from ..program import Program
from .contracts import is_safe_accessor


def _rewrite_children(node: ir.Node, fn) -> None:
    for f in fields(node):
        if f.name in ("line", "col"):
            continue
        value = getattr(node, f.name)
        setattr(node, f.name, _rewrite_value(value, fn))


def _rewrite_value(value, fn):
    if isinstance(value, ir.Node):
        _rewrite_children(value, fn)
        return fn(value)
    if isinstance(value, list):
        return [_rewrite_value(v, fn) for v in value]
    if isinstance(value, tuple):
        return tuple(_rewrite_value(v, fn) for v in value)
    return value


def rewrite(method: ir.Method, fn) -> None:
    """Bottom-up in-place rewrite: ``fn`` returns the node or its replacement."""
    _rewrite_children(method, fn)


# ---------------------------------------------------------------- safe_* → primitives

def lower_safe_accessors(method: ir.Method, program: Program) -> int:
    count = 0

    def fn(node):
        nonlocal count
        if (isinstance(node, ir.Call) and isinstance(node.func, ir.Member)
                and isinstance(node.func.obj, ir.This) and not node.optional):
            name = node.func.prop
            layer = program.resolve(name)
            prim = name in program.primitives and name.startswith("safe")
            if prim or (layer == "base" and is_safe_accessor(name)):
                count += 1
                return ir.SafeAccess(name, node.args, line=node.line, col=node.col)
        return node

    rewrite(method, fn)
    return count


# ---------------------------------------------------------------- dispatch table

def lower_dispatch_table(method: ir.Method, program: Program) -> ir.DispatchTable | None:
    """``const methods = {event: this.handleX, ...}`` → DispatchTable (routes for the hook)."""
    found: list[ir.DispatchTable] = []

    def fn(node):
        if isinstance(node, ir.VarDecl) and isinstance(node.target, str) and isinstance(node.value, ir.ObjectLit):
            routes = []
            for entry in node.value.entries:
                if not (isinstance(entry, tuple) and isinstance(entry[0], str)
                        and isinstance(entry[1], ir.Member) and isinstance(entry[1].obj, ir.This)
                        and program.resolve(entry[1].prop) is not None):
                    return node
                routes.append((entry[0], entry[1].prop))
            if routes:
                table = ir.DispatchTable(node.target, routes, line=node.line, col=node.col)
                found.append(table)
                return table
        return node

    rewrite(method, fn)
    return found[0] if found else None


# ---------------------------------------------------------------- book-delta loops

def _is_store_delta_handler(program: Program, name: str) -> bool:
    """``handleDelta(side, delta) { p = safeFloat(delta, 0); a = safeFloat(delta, 1); side.store(p, a) }``."""
    layer = program.resolve(name)
    if layer is None:
        return False
    m = program.method_ir(layer, name)
    if len(m.params) != 2 or len(m.body) != 3:
        return False
    side, delta = m.params[0].name, m.params[1].name
    names = []
    for i, st in enumerate(m.body[:2]):
        v = st.value if isinstance(st, ir.VarDecl) else None
        if not (isinstance(st, ir.VarDecl) and isinstance(st.target, str) and v is not None):
            return False
        call = v
        if isinstance(call, ir.SafeAccess):
            meth, args = call.method, call.args
        elif isinstance(call, ir.Call) and isinstance(call.func, ir.Member) and isinstance(call.func.obj, ir.This):
            meth, args = call.func.prop, call.args
        else:
            return False
        if meth != "safeFloat" or len(args) != 2:
            return False
        if not (isinstance(args[0], ir.Name) and args[0].id == delta and isinstance(args[1], ir.Literal)
                and args[1].value == i):
            return False
        names.append(st.target)
    last = m.body[2]
    if not (isinstance(last, ir.ExprStmt) and isinstance(last.value, ir.Call)):
        return False
    c = last.value
    return (isinstance(c.func, ir.Member) and isinstance(c.func.obj, ir.Name) and c.func.obj.id == side
            and c.func.prop == "store" and len(c.args) == 2
            and all(isinstance(a, ir.Name) and a.id == n for a, n in zip(c.args, names)))


def lower_delta_loops(method: ir.Method, program: Program) -> int:
    count = 0

    def fn(node):
        nonlocal count
        if isinstance(node, ir.For) and len(node.body) == 1 and isinstance(node.body[0], ir.ExprStmt):
            c = node.body[0].value
            if (isinstance(c, ir.Call) and isinstance(c.func, ir.Member) and isinstance(c.func.obj, ir.This)
                    and len(c.args) == 2 and isinstance(c.args[1], ir.Index)
                    and _is_store_delta_handler(program, c.func.prop)):
                idx = c.args[1]
                loop_var = node.init[0].target if node.init and isinstance(node.init[0], ir.VarDecl) else None
                bound = node.test
                if (isinstance(idx.index, ir.Name) and idx.index.id == loop_var and isinstance(idx.obj, ir.Name)
                        and isinstance(bound, ir.Binary) and bound.op == "<"
                        and isinstance(bound.right, ir.Member) and bound.right.prop == "length"
                        and isinstance(bound.right.obj, ir.Name) and bound.right.obj.id == idx.obj.id
                        and isinstance(node.init[0].value, ir.Literal) and node.init[0].value.value == 0):
                    count += 1
                    return ir.StoreDeltas(c.args[0], idx.obj, c.func.prop, line=node.line, col=node.col)
        if isinstance(node, ir.ForOf) and len(node.body) == 1 and isinstance(node.body[0], ir.ExprStmt):
            c = node.body[0].value
            if (isinstance(c, ir.Call) and isinstance(c.func, ir.Member) and isinstance(c.func.obj, ir.This)
                    and len(c.args) == 2 and isinstance(c.args[1], ir.Name) and c.args[1].id == node.target
                    and _is_store_delta_handler(program, c.func.prop)):
                count += 1
                return ir.StoreDeltas(c.args[0], node.iterable, c.func.prop, line=node.line, col=node.col)
        return node

    rewrite(method, fn)
    return count


def apply_all(program: Program, layer: str, name: str) -> dict:
    """Run every idiom pass on one method; returns what was lowered (for the manifest)."""
    m = program.method_ir(layer, name)
    if (layer, name) in program.idioms:
        return program.idioms[(layer, name)]
    result = {"safeAccessors": lower_safe_accessors(m, program), "storeDeltas": 0, "dispatchRoutes": 0}
    result["storeDeltas"] = lower_delta_loops(m, program)
    if name == "handleMessage":
        table = lower_dispatch_table(m, program)
        result["dispatchRoutes"] = len(table.routes) if table else 0
    program.idioms[(layer, name)] = result
    return result
