"""JS globals (``Math``, ``JSON``, ``Object``, ``parseInt``…) and built-in methods (``push``, ``slice``…).

Each becomes the Python operation with the same result, or a ``ccxtpro.jsrt``
helper where none exists; a built-in that takes a callback (``map``, ``filter``…)
is refused rather than approximated.
"""

from __future__ import annotations

import ast

from .. import ir
from ..naming import snake
from .context import RendererState
from .pyast import C, N, attr, call

# Free functions of CCXT's JS that the runtime has as methods.
_BARE_PRIMITIVES = {"rsa": "rsa", "eddsa": "eddsa", "ecdsa": "ecdsa", "numberToString": "number_to_string",
                    "totp": "totp", "jwt": "jwt"}


class JsBuiltinsMixin(RendererState):
    """Calls of ``Global.method()``, of free functions, and of methods on values."""

    def _global_call(self, obj: str, prop: str, e: ir.Call) -> ast.expr | None:
        a = self.args(e.args)
        if obj == "Object" and prop in ("keys", "values", "entries") and len(a) == 1:
            what = {"keys": "keys", "values": "values", "entries": "items"}[prop]
            inner = call(attr(a[0], what), [])
            if prop == "entries":
                return ast.ListComp(elt=ast.List(elts=[N("k"), N("v")], ctx=ast.Load()),
                                    generators=[ast.comprehension(
                                        target=ast.Tuple(elts=[N("k", ast.Store()), N("v", ast.Store())], ctx=ast.Store()),
                                        iter=inner, ifs=[], is_async=0)])
            return call(N("list"), [inner])
        if obj == "Array" and prop == "isArray" and len(a) == 1:
            return call(N("isinstance"), [a[0], N("list")])
        if obj == "JSON" and prop == "parse":
            self.imports.stdlib.add("json")
            return call(attr(N("json"), "loads"), a)
        if obj == "JSON" and prop == "stringify":
            return call(attr(N("self"), "json"), a)
        if obj == "Number" and prop == "isNaN":
            return call(self.js("is_nan"), a)
        if obj == "Number" and prop == "isInteger":
            return call(self.js("is_integer"), a)
        if obj == "Math":
            if prop in ("max", "min", "abs"):
                return call(N(prop), a)
            if prop in ("floor", "ceil"):
                self.imports.stdlib.add("math")
                return call(N("int"), [call(attr(N("math"), prop), a)])
            if prop == "pow":
                return ast.BinOp(left=a[0], op=ast.Pow(), right=a[1])
            if prop == "round":
                return call(self.js("js_round"), a)
            if prop in ("log", "sqrt", "log10"):
                self.imports.stdlib.add("math")
                return call(attr(N("math"), prop), a)
        if obj == "Date" and prop == "now":
            return call(attr(N("self"), "milliseconds"), [])
        raise self.err(e, f"global call {obj}.{prop}")

    def _bare_call(self, name: str, e: ir.Call) -> ast.expr:
        a = self.args(e.args)
        if name == "parseInt":
            return call(self.js("parse_int"), a)
        if name == "parseFloat":
            return call(self.js("parse_float"), a)
        if name == "Number":
            return call(self.js("js_number"), a)
        if name == "String":
            return call(self.js("js_str"), a)
        if name == "isNaN":
            return call(self.js("is_nan"), [call(self.js("js_number"), a)])
        if name == "encodeURIComponent":
            return call(self.js("encode_uri_component"), a)
        if name in _BARE_PRIMITIVES:
            return call(attr(N("self"), _BARE_PRIMITIVES[name]), a)
        raise self.err(e, f"call of free function {name}")

    def _method_call(self, f: ir.Member, e: ir.Call) -> ast.expr:
        p = f.prop
        a = self.args(e.args)
        obj = self.expr(f.obj)
        if p == "push":
            if len(a) == 1:
                return call(attr(obj, "append"), a)
            return call(attr(obj, "extend"), [ast.List(elts=a, ctx=ast.Load())])
        if p == "toString" and not a:
            return call(self.js("js_str"), [obj])
        if p == "toUpperCase":
            return call(attr(obj, "upper"), [])
        if p == "toLowerCase":
            return call(attr(obj, "lower"), [])
        if p == "trim":
            return call(attr(obj, "strip"), [])
        if p == "indexOf" and len(a) == 1:
            return call(self.js("index_of"), [obj, a[0]])
        if p == "includes" and len(a) == 1:
            return ast.Compare(left=a[0], ops=[ast.In()], comparators=[obj])
        if p == "split" and len(a) == 1:
            if isinstance(e.args[0], ir.Literal) and e.args[0].value == "":
                return call(N("list"), [obj])
            return call(attr(obj, "split"), a)
        if p in ("startsWith", "endsWith") and len(a) == 1:
            return call(attr(obj, p[:-5].lower() + "swith"), a)
        if p == "join":
            sep = a[0] if a else C(",")
            return call(attr(sep, "join"), [obj])
        if p == "slice":
            lo = a[0] if a else None
            hi = a[1] if len(a) > 1 else None
            return ast.Subscript(value=obj, slice=ast.Slice(lower=lo, upper=hi), ctx=ast.Load())
        if p == "replace" and len(a) == 2:
            return call(attr(obj, "replace"), [a[0], a[1], C(1)])
        if p == "concat":
            out = obj
            for x in a:
                out = ast.BinOp(left=out, op=ast.Add(), right=x)
            return out
        if p == "call" and e.args and isinstance(e.args[0], ir.This):
            return call(obj, a[1:])
        if p in ("map", "filter", "forEach", "reduce", "sort", "reverse", "find", "some", "every"):
            raise self.err(e, f"array method .{p}()")
        return call(attr(obj, snake(p)), a)
