"""JS loops → Python: ``for … in range()`` where provably the same, else ``while``.

A C-style ``for`` becomes ``range()`` only when the body never writes the
counter or the bound; otherwise a ``while`` that runs the update before every
``continue``. ``for…of``/``for…in`` iterate the value / a snapshot of the keys.
"""

from __future__ import annotations

import ast

from .. import ir
from ..naming import local
from .context import RendererState
from .pyast import C, N, call


class LoopsMixin(RendererState):
    """``s_For``/``s_ForOf``/``s_ForIn``/``s_While``/``s_DoWhile`` and ``break``/``continue``."""

    def s_For(self, s: ir.For) -> list[ast.stmt]:
        rng = self._as_range(s)
        if rng is not None:
            var, args = rng
            return [ast.For(target=N(local(var), ast.Store()), iter=call(N("range"), args),
                            body=self.block(s.body), orelse=[])]
        init: list[ast.stmt] = []
        for st in s.init:
            init.extend(self.stmt(st))
        updates: list[ast.stmt] = []
        for u in s.update:
            updates.extend(self.s_ExprStmt(ir.ExprStmt(u, line=u.line, col=u.col)))
        body = self.block(_with_update_before_continue(s.body, s.update))
        test = self.test(s.test) if s.test is not None else C(True)
        return init + [ast.While(test=test, body=body + updates, orelse=[])]

    def _as_range(self, s: ir.For) -> tuple[str, list[ast.expr]] | None:
        """``for (let i = a; i < b; i++)`` whose body never writes ``i`` → ``range``."""
        if len(s.init) != 1 or not isinstance(s.init[0], ir.VarDecl) or not isinstance(s.init[0].target, str):
            return None
        var = s.init[0].target
        start = s.init[0].value
        if start is None or len(s.update) != 1 or not isinstance(s.test, ir.Binary):
            return None
        u = s.update[0]
        step = None
        if isinstance(u, ir.Update) and isinstance(u.target, ir.Name) and u.target.id == var:
            step = 1 if u.op == "++" else -1
        elif (isinstance(u, ir.Assign) and isinstance(u.target, ir.Name) and u.target.id == var
              and u.op in ("+=", "-=") and isinstance(u.value, ir.Literal) and isinstance(u.value.value, int)
              and u.value.value > 0):
            step = u.value.value if u.op == "+=" else -u.value.value
        if step is None or not (isinstance(s.test.left, ir.Name) and s.test.left.id == var):
            return None
        op = s.test.op
        if (step > 0 and op not in ("<", "<=")) or (step < 0 and op not in (">", ">=")):
            return None
        for n in ir.walk(ir.Block(s.body)):
            if isinstance(n, (ir.Assign, ir.Update)) and isinstance(n.target, ir.Name) and n.target.id == var:
                return None
            if isinstance(n, ir.Arrow):
                return None
        # The bound is evaluated once by range(): only allow bounds the body cannot change.
        bound_names = {n.id for n in ir.walk(s.test.right) if isinstance(n, ir.Name)}
        for n in ir.walk(ir.Block(s.body)):
            if isinstance(n, ir.Assign) and isinstance(n.target, ir.Name) and n.target.id in bound_names:
                return None
            if isinstance(n, ir.Call) and isinstance(n.func, ir.Member) and n.func.prop in ("push", "pop", "shift", "splice", "unshift") \
                    and isinstance(n.func.obj, ir.Name) and n.func.obj.id in bound_names:
                return None
        bound = self.expr(s.test.right)
        if op == "<=":
            bound = ast.BinOp(left=bound, op=ast.Add(), right=C(1))
        elif op == ">=":
            bound = ast.BinOp(left=bound, op=ast.Sub(), right=C(1))
        args = [self.expr(start), bound]
        if step != 1:
            args.append(C(step))
        return var, args

    def s_ForOf(self, s: ir.ForOf) -> list[ast.stmt]:
        return [ast.For(target=self.pattern_target(s.target, s), iter=self.expr(s.iterable),
                        body=self.block(s.body), orelse=[])]

    def s_ForIn(self, s: ir.ForIn) -> list[ast.stmt]:
        return [ast.For(target=N(local(s.target), ast.Store()), iter=call(N("list"), [self.expr(s.obj)]),
                        body=self.block(s.body), orelse=[])]

    def s_While(self, s: ir.While) -> list[ast.stmt]:
        return [ast.While(test=self.test(s.test), body=self.block(s.body), orelse=[])]

    def s_DoWhile(self, s: ir.DoWhile) -> list[ast.stmt]:
        if any(isinstance(n, ir.Continue) for n in _loop_level(s.body)):
            raise self.err(s, "continue inside do…while")
        brk = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=self.test(s.test)), body=[ast.Break()], orelse=[])
        return [ast.While(test=C(True), body=self.block(s.body) + [brk], orelse=[])]

    def s_Break(self, s: ir.Break) -> list[ast.stmt]:
        return [ast.Break()]

    def s_Continue(self, s: ir.Continue) -> list[ast.stmt]:
        return [ast.Continue()]


def _loop_level(stmts: list[ir.Stmt]):
    """Statements at this loop level (not inside nested loops or functions)."""
    for s in stmts:
        yield s
        if isinstance(s, (ir.For, ir.ForOf, ir.ForIn, ir.While, ir.DoWhile)):
            continue
        if isinstance(s, ir.If):
            yield from _loop_level(s.body)
            yield from _loop_level(s.orelse)
        elif isinstance(s, ir.Try):
            yield from _loop_level(s.body)
            yield from _loop_level(s.handler or [])
            yield from _loop_level(s.finalizer or [])
        elif isinstance(s, ir.Block):
            yield from _loop_level(s.body)


def _with_update_before_continue(stmts: list[ir.Stmt], updates: list[ir.Expr]) -> list[ir.Stmt]:
    """A ``for`` lowered to ``while`` must run its update before each ``continue``."""
    def fix(body: list[ir.Stmt]) -> list[ir.Stmt]:
        out: list[ir.Stmt] = []
        for s in body:
            if isinstance(s, ir.Continue):
                out.extend(ir.ExprStmt(u, line=s.line, col=s.col) for u in updates)
                out.append(s)
            elif isinstance(s, ir.If):
                out.append(ir.If(s.test, fix(s.body), fix(s.orelse), line=s.line, col=s.col))
            elif isinstance(s, ir.Try):
                out.append(ir.Try(fix(s.body), s.catch_name, fix(s.handler) if s.handler is not None else None,
                                  s.finalizer, line=s.line, col=s.col))
            elif isinstance(s, ir.Block):
                out.append(ir.Block(fix(s.body), line=s.line, col=s.col))
            else:
                out.append(s)
        return out
    return fix(stmts)
