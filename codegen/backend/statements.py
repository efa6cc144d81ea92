"""IR statements → Python ``ast`` statements: declarations, assignments, ``if``, ``try``, ``switch``.

Loops are ``loops``'s. Every statement keeps the JS source line as ``lineno``.
"""

from __future__ import annotations

import ast

from .. import ir
from ..naming import local, snake
from .context import RendererState
from .pyast import C, N, attr, call, is_none


class StatementsMixin(RendererState):
    """``stmt()`` dispatches on the IR kind to ``s_<Kind>``; each returns a list of statements."""

    def target(self, e: ir.Expr) -> ast.expr:
        if isinstance(e, ir.Name):
            return N(local(e.id), ast.Store())
        if isinstance(e, ir.Member) and not e.optional:
            if isinstance(e.obj, ir.This):
                return attr(N("self"), e.prop, ast.Store())
            if e.prop == "length":
                raise self.err(e, "assignment to .length (only a plain `x.length = n` truncation is translated)")
            return attr(self.expr(e.obj), e.prop, ast.Store())
        if isinstance(e, ir.Index) and isinstance(e.obj, ir.This):
            raise self.err(e, "assignment to this[...]")
        if isinstance(e, ir.Index) and not e.optional:
            return ast.Subscript(value=self.expr(e.obj), slice=self.expr(e.index), ctx=ast.Store())
        if isinstance(e, ir.PatternTarget):
            return self.pattern_target(e.pattern, e)
        raise self.err(e, f"assignment target {e.kind}")

    def pattern_target(self, p: ir.Pattern, where: ir.Node) -> ast.expr:
        if isinstance(p, str):
            return N(local(p), ast.Store())
        if isinstance(p, ir.ArrayPattern):
            elts: list[ast.expr] = [N(local(t) if t else "_", ast.Store()) for t in p.targets]
            if p.rest:
                elts.append(ast.Starred(value=N(local(p.rest), ast.Store()), ctx=ast.Store()))
            return ast.Tuple(elts=elts, ctx=ast.Store())
        raise self.err(where, "object destructuring assignment")

    def block(self, stmts: list[ir.Stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for s in stmts:
            out.extend(self.stmt(s))
        return out or [ast.Pass()]

    def stmt(self, s: ir.Stmt) -> list[ast.stmt]:
        meth = getattr(self, "s_" + s.kind, None)
        if meth is None:
            raise self.err(s, f"statement {s.kind}")
        out = meth(s)
        for node in out:
            node.lineno = s.line  # kept for tooling; the printer ignores it
        return out

    def s_VarDecl(self, s: ir.VarDecl) -> list[ast.stmt]:
        value = self.expr(s.value) if s.value is not None else C(None)
        if isinstance(s.target, ir.ObjectPattern):
            t = self.temp()
            out: list[ast.stmt] = [ast.Assign(targets=[N(t, ast.Store())], value=value)]
            for key, name in s.target.props:
                out.append(ast.Assign(targets=[N(local(name), ast.Store())],
                                      value=call(self.js("get"), [N(t), C(key)])))
            return out
        return [ast.Assign(targets=[self.pattern_target(s.target, s)], value=value)]

    def s_ExprStmt(self, s: ir.ExprStmt) -> list[ast.stmt]:
        v = s.value
        if isinstance(v, ir.Assign):
            return self.assign(v)
        if isinstance(v, ir.Update):
            return [ast.AugAssign(target=self.target(v.target), op=ast.Add() if v.op == "++" else ast.Sub(),
                                  value=C(1))]
        if isinstance(v, ir.Delete):
            if isinstance(v.target, ir.Index):
                return [ast.Expr(value=call(attr(self.expr(v.target.obj), "pop"),
                                            [self.expr(v.target.index), C(None)]))]
            raise self.err(v, "delete of a non-index target")
        return [ast.Expr(value=self.expr(v))]

    def assign(self, v: ir.Assign) -> list[ast.stmt]:
        if v.op == "=":
            if isinstance(v.value, ir.Assign) and v.value.op == "=":  # a = b = c
                inner = self.assign(v.value)
                last = inner[-1]
                assert isinstance(last, ast.Assign)
                last.targets.insert(0, self.target(v.target))
                return inner
            t = v.target
            if isinstance(t, ir.Member) and t.prop == "length" and not t.optional and not isinstance(t.obj, ir.This):
                # JS truncation ``a.length = n``: ``a[n:] = []`` (a no-op when n >= len(a), as in JS)
                cut = ast.Subscript(value=self.expr(t.obj), slice=ast.Slice(lower=self.expr(v.value)),
                                    ctx=ast.Store())
                return [ast.Assign(targets=[cut], value=ast.List(elts=[], ctx=ast.Load()))]
            return [ast.Assign(targets=[self.target(v.target)], value=self.expr(v.value))]
        if v.op in ("||=", "&&=", "??="):
            cur = self.expr(v.target)
            if v.op == "??=":
                tst: ast.expr = is_none(cur)
            else:
                t = self.test(v.target)
                tst = ast.UnaryOp(op=ast.Not(), operand=t) if v.op == "||=" else t
            return [ast.If(test=tst, body=[ast.Assign(targets=[self.target(v.target)], value=self.expr(v.value))],
                           orelse=[])]
        base = v.op[:-1]
        if base == "+":
            value = self._plus(v.target, v.value)
            return [ast.Assign(targets=[self.target(v.target)], value=value)]
        ops = {"-": ast.Sub(), "*": ast.Mult(), "/": ast.Div(), "|": ast.BitOr(), "&": ast.BitAnd()}
        if base not in ops:
            raise self.err(v, f"compound assignment {v.op}")
        return [ast.AugAssign(target=self.target(v.target), op=ops[base], value=self.expr(v.value))]

    def s_Return(self, s: ir.Return) -> list[ast.stmt]:
        if s.value is None:
            return [ast.Return(value=None)]
        value = self.expr(s.value)
        if self.m.is_async and self._returns_awaitable(s.value):
            value = ast.Await(value=value)
        return [ast.Return(value=value)]

    def _returns_awaitable(self, e: ir.Expr) -> bool:
        """JS flattens a returned promise; a Python coroutine must be awaited."""
        if isinstance(e, ir.PromiseAll):
            return True
        if isinstance(e, ir.Call) and isinstance(e.func, ir.Member) and isinstance(e.func.obj, (ir.This, ir.Super)):
            return e.func.prop in self.r.async_methods or e.func.prop in self.r.implicit
        return False

    def s_If(self, s: ir.If) -> list[ast.stmt]:
        return [ast.If(test=self.test(s.test), body=self.block(s.body),
                       orelse=self.block(s.orelse) if s.orelse else [])]

    def s_Block(self, s: ir.Block) -> list[ast.stmt]:
        return self.block(s.body)

    def s_Throw(self, s: ir.Throw) -> list[ast.stmt]:
        return [ast.Raise(exc=self.expr(s.value), cause=None)]

    def s_Try(self, s: ir.Try) -> list[ast.stmt]:
        handlers = []
        if s.handler is not None:
            handlers.append(ast.ExceptHandler(type=N("Exception"), name=local(s.catch_name) if s.catch_name else None,
                                              body=self.block(s.handler)))
        return [ast.Try(body=self.block(s.body), handlers=handlers, orelse=[],
                        finalbody=self.block(s.finalizer) if s.finalizer is not None else [])]

    def s_Switch(self, s: ir.Switch) -> list[ast.stmt]:
        subject = self.expr(s.subject)
        chain: list[tuple[list[ast.expr], list[ir.Stmt]]] = []
        pending: list[ast.expr] = []
        default: list[ir.Stmt] | None = None
        for value, body in s.cases:
            if value is None:
                default = _strip_break(body, s, self)
                continue
            pending.append(self.expr(value))
            if body:
                chain.append((pending, _strip_break(body, s, self)))
                pending = []
        out_orelse: list[ast.stmt] = self.block(default) if default else []
        for values, body in reversed(chain):
            tst = ast.Compare(left=subject, ops=[ast.In()], comparators=[ast.Tuple(elts=values, ctx=ast.Load())]) \
                if len(values) > 1 else ast.Compare(left=subject, ops=[ast.Eq()], comparators=values)
            out_orelse = [ast.If(test=tst, body=self.block(body), orelse=out_orelse)]
        return out_orelse

    def s_StoreDeltas(self, s: ir.StoreDeltas) -> list[ast.stmt]:
        return [ast.Expr(value=call(attr(self.expr(s.side), "store_deltas"), [self.expr(s.deltas)]))]

    def s_DispatchTable(self, s: ir.DispatchTable) -> list[ast.stmt]:
        d = ast.Dict(keys=[C(k) for k, _ in s.routes], values=[attr(N("self"), snake(h)) for _, h in s.routes])
        return [ast.Assign(targets=[N(local(s.var), ast.Store())], value=d)]


def _strip_break(body: list[ir.Stmt], where: ir.Node, r: RendererState) -> list[ir.Stmt]:
    if body and isinstance(body[-1], ir.Break):
        return body[:-1]
    if body and isinstance(body[-1], (ir.Return, ir.Throw)):
        return body
    raise r.err(where, "switch case falling through")
