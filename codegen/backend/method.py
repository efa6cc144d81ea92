"""One method: the renderer composed from the mixins, its signature, and the text.

Parameters with defaults are rendered ``=None`` plus a prologue (JS applies a
default when the argument is ``undefined``; no shared mutable defaults).
"""

from __future__ import annotations

import ast

from .. import ir
from ..naming import local, snake
from ..printer import to_source
from .context import Imports, Resolver
from .expressions import ExpressionsMixin
from .jsbuiltins import JsBuiltinsMixin
from .kinds import KindsMixin
from .loops import LoopsMixin
from .pyast import C, N, is_none
from .statements import StatementsMixin


class MethodRenderer(StatementsMixin, LoopsMixin, ExpressionsMixin, JsBuiltinsMixin, KindsMixin):
    """Renders one IR method; the mixins call each other through ``self``."""

    def __init__(self, method: ir.Method, resolver: Resolver, imports: Imports):
        super().__init__(method, resolver, imports)
        self._infer_locals()

    def function(self, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef:
        args = [ast.arg(arg="self")]
        defaults: list[ast.expr] = []
        prologue: list[ast.stmt] = []
        vararg = None
        for p in self.m.params:
            if p.rest:
                vararg = ast.arg(arg=local(p.name))
                continue
            args.append(ast.arg(arg=local(p.name)))
            if p.default is not None or defaults:
                defaults.append(C(None))
            if p.default is not None and not isinstance(p.default, ir.Undefined):
                prologue.append(ast.If(test=is_none(N(local(p.name))),
                                       body=[ast.Assign(targets=[N(local(p.name), ast.Store())],
                                                        value=self.expr(p.default))], orelse=[]))
        body = prologue + self.block(self.m.body)
        if len(body) > 1 and isinstance(body[-1], ast.Pass):
            body.pop()
        arguments = ast.arguments(posonlyargs=[], args=args, vararg=vararg, kwonlyargs=[], kw_defaults=[],
                                  defaults=defaults)
        cls = ast.AsyncFunctionDef if self.m.is_async else ast.FunctionDef
        fn = cls(name=name, args=arguments, body=body, decorator_list=[], returns=None, type_params=[])
        return fn


def render_method(method: ir.Method, resolver: Resolver, imports: Imports, name: str | None = None) -> str:
    """One method's Python source (unindented), deterministic."""
    r = MethodRenderer(method, resolver, imports)
    fn = r.function(name or snake(method.name))
    return to_source(ast.Module(body=[fn], type_ignores=[]))
