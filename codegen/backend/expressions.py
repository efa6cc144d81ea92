"""IR expressions → Python ``ast`` expressions, with JS semantics where Python differs.

``test()`` renders a condition (only its JS truthiness matters), ``expr()`` a
value; calls of JS globals and built-in methods are ``jsbuiltins``'s.
"""

from __future__ import annotations

import ast

from .. import ir
from ..naming import local, snake
from .context import RendererState
from .kinds import SCALAR
from .pyast import C, N, attr, call, is_none

# Safe accessors that depend on nothing but their arguments. ``safeNumber*`` is
# not one: it converts through the instance's configured number type.
_PURE_SAFE = ("safeString", "safeInteger", "safeFloat", "safeValue", "safeTimestamp", "safeBool", "safeDict",
              "safeList")
# Free names with a fixed meaning: hash algorithm names (passed as strings),
# ``ccxtpro.functions`` constants, the runtime's cache classes.
_HASH_NAMES = {"sha1", "sha256", "sha384", "sha512", "md5", "keccak", "ed25519", "secp256k1", "p256"}
_NUMBER_CONSTANTS = {"TRUNCATE", "ROUND", "ROUND_UP", "ROUND_DOWN", "DECIMAL_PLACES",
                     "SIGNIFICANT_DIGITS", "TICK_SIZE", "NO_PADDING", "PAD_WITH_ZERO"}
_CACHES = {"ArrayCache", "ArrayCacheByTimestamp", "ArrayCacheBySymbolById", "ArrayCacheBySymbolBySide",
           "OrderBook", "IndexedOrderBook", "CountedOrderBook"}


class ExpressionsMixin(RendererState):
    """``expr()`` dispatches on the IR kind to ``x_<Kind>``; ``test()`` renders a condition."""

    def test(self, e: ir.Expr) -> ast.expr:
        """Render ``e`` where only its JS truthiness matters."""
        if isinstance(e, ir.Unary) and e.op == "!":
            return ast.UnaryOp(op=ast.Not(), operand=self.test(e.operand))
        if isinstance(e, ir.Logical) and e.op in ("&&", "||"):
            op = ast.And() if e.op == "&&" else ast.Or()
            return ast.BoolOp(op=op, values=[self.test(e.left), self.test(e.right)])
        v = self.expr(e)
        if self._kind(e) in SCALAR:
            return v
        return call(self.js("truthy"), [v])

    def expr(self, e: ir.Expr) -> ast.expr:
        meth = getattr(self, "x_" + e.kind, None)
        if meth is None:
            raise self.err(e, f"expression {e.kind}")
        return meth(e)

    def x_Name(self, e: ir.Name) -> ast.expr:
        if e.id in self.locals:
            return N(local(e.id))
        if e.id in self.r.error_names:
            self.imports.errors.add(e.id)
            return N(e.id)
        if e.id in _CACHES:
            self.imports.caches.add(e.id)
            return N(e.id)
        if e.id in _NUMBER_CONSTANTS or e.id == "Precise":
            self.imports.functions.add(e.id)
            return N(e.id)
        if e.id in _HASH_NAMES:
            return C(e.id)
        raise self.err(e, f"free name {e.id}")

    def x_This(self, e: ir.This) -> ast.expr:
        return N("self")

    def x_Undefined(self, e: ir.Undefined) -> ast.expr:
        return C(None)

    def x_Literal(self, e: ir.Literal) -> ast.expr:
        return C(e.value)

    def x_Template(self, e: ir.Template) -> ast.expr:
        values: list[ast.expr] = []
        for part in e.parts:
            if isinstance(part, str):
                if part:
                    values.append(C(part))
            else:
                v = self.expr(part)
                if self._kind(part) != "str":
                    v = call(self.js("js_str"), [v])
                values.append(ast.FormattedValue(value=v, conversion=-1, format_spec=None))
        if not values:
            return C("")
        return ast.JoinedStr(values=values)

    def _method_name(self, name: str) -> str:
        if name in self.r.implicit:
            return name  # the runtime defines CCXT's camelCase endpoint names
        return snake(name)

    def x_Member(self, e: ir.Member) -> ast.expr:
        if isinstance(e.obj, ir.This):
            if e.prop in self.r.method_layer or e.prop in self.r.primitives or e.prop in self.r.implicit:
                return attr(N("self"), self._method_name(e.prop))
            return attr(N("self"), e.prop)
        if isinstance(e.obj, ir.Super):
            return attr(call(N("super"), []), snake(e.prop))
        if e.prop == "length":
            return call(N("len"), [self.expr(e.obj)])
        obj = self.expr(e.obj)
        if e.optional:
            t = self.temp()
            return ast.IfExp(test=is_none(ast.NamedExpr(target=N(t, ast.Store()), value=obj)),
                             body=C(None), orelse=attr(N(t), e.prop))
        return attr(obj, e.prop)

    def x_Index(self, e: ir.Index, safe: bool = False) -> ast.expr:
        if isinstance(e.obj, ir.This):
            # ``this[name]``: a member chosen at run time (CCXT's pagination helpers call
            # ``this[method](...)`` with a camelCase method name; the aliases resolve it)
            args = [N("self"), self.expr(e.index)] + ([C(None)] if e.optional or safe else [])
            return call(N("getattr"), args)
        if e.optional or safe:
            return call(self.js("get"), [self.expr(e.obj), self.expr(e.index)])
        return ast.Subscript(value=self.expr(e.obj), slice=self.expr(e.index), ctx=ast.Load())

    def args(self, args: list[ir.Expr]) -> list[ast.expr]:
        out = []
        for a in args:
            if isinstance(a, ir.Spread):
                out.append(ast.Starred(value=self.expr(a.value), ctx=ast.Load()))
            else:
                out.append(self.expr(a))
        return out

    def x_SafeAccess(self, e: ir.SafeAccess) -> ast.expr:
        name = snake(e.method)
        if e.method.startswith(_PURE_SAFE):
            # A module-level function of the runtime (compiled): no attribute lookup, no binding.
            self.imports.functions.add(name)
            return call(N(name), self.args(e.args))
        return call(attr(N("self"), name), self.args(e.args))

    def x_MethodRef(self, e: ir.MethodRef) -> ast.expr:
        return attr(N("self"), snake(e.name))

    def x_PreciseCall(self, e: ir.PreciseCall) -> ast.expr:
        self.imports.functions.add("Precise")
        return call(attr(N("Precise"), snake(e.method)), self.args(e.args))

    def x_PromiseAll(self, e: ir.PromiseAll) -> ast.expr:
        self.imports.stdlib.add("asyncio")
        return call(attr(N("asyncio"), "gather"), [ast.Starred(value=self.expr(e.value), ctx=ast.Load())])

    def x_Call(self, e: ir.Call) -> ast.expr:
        f = e.func
        if e.optional:
            raise self.err(e, "optional call")
        if isinstance(f, ir.Member):
            if isinstance(f.obj, (ir.This, ir.Super)):
                return call(self.x_Member(f), self.args(e.args))
            if isinstance(f.obj, ir.Name) and f.obj.id not in self.locals:
                g = self._global_call(f.obj.id, f.prop, e)
                if g is not None:
                    return g
            return self._method_call(f, e)
        if isinstance(f, ir.Name) and f.id not in self.locals:
            return self._bare_call(f.id, e)
        return call(self.expr(f), self.args(e.args))

    def x_New(self, e: ir.New) -> ast.expr:
        a = self.args(e.args)
        if isinstance(e.cls, str):
            if e.cls in ("Array", "Object", "Map", "Set", "Promise", "Date", "RegExp"):
                raise self.err(e, f"new {e.cls}")
            return call(self.x_Name(ir.Name(e.cls, line=e.line, col=e.col)), a)
        return call(self.expr(e.cls), a)

    def x_Binary(self, e: ir.Binary) -> ast.expr:
        op = e.op
        if op in ("===", "!==", "==", "!="):
            neg = op in ("!==", "!=")
            left, right = e.left, e.right
            if isinstance(left, ir.Undefined):
                left, right = right, left
            if isinstance(right, ir.Undefined):
                target = self.x_Index(left, safe=True) if isinstance(left, ir.Index) else self.expr(left)
                return is_none(target, negate=neg)
            if isinstance(left, ir.Literal) and isinstance(left.value, bool):
                left, right = right, left
            if op in ("===", "!==") and isinstance(right, ir.Literal) and isinstance(right.value, bool):
                # strict: ``1 === true`` is false in JS, ``1 == True`` is true in Python
                return ast.Compare(left=self.expr(left), ops=[ast.IsNot() if neg else ast.Is()],
                                   comparators=[C(right.value)])
            return ast.Compare(left=self.expr(left), ops=[ast.NotEq() if neg else ast.Eq()],
                               comparators=[self.expr(right)])
        if op in ("<", ">", "<=", ">="):
            cmp = {"<": ast.Lt(), ">": ast.Gt(), "<=": ast.LtE(), ">=": ast.GtE()}[op]
            return ast.Compare(left=self.expr(e.left), ops=[cmp], comparators=[self.expr(e.right)])
        if op == "in":
            return ast.Compare(left=self.expr(e.left), ops=[ast.In()], comparators=[self.expr(e.right)])
        if op == "+":
            return self._plus(e.left, e.right)
        if op == "%":
            return call(self.js("js_mod"), [self.expr(e.left), self.expr(e.right)])
        ops = {"-": ast.Sub(), "*": ast.Mult(), "/": ast.Div(), "**": ast.Pow(), "&": ast.BitAnd(),
               "|": ast.BitOr(), "^": ast.BitXor(), "<<": ast.LShift(), ">>": ast.RShift()}
        if op not in ops:
            raise self.err(e, f"operator {op}")
        return ast.BinOp(left=self.expr(e.left), op=ops[op], right=self.expr(e.right))

    def _plus(self, left: ir.Expr, right: ir.Expr) -> ast.expr:
        kl, kr = self._kind(left), self._kind(right)
        lv, rv = self.expr(left), self.expr(right)
        if "str" in (kl, kr):
            if kl != "str":
                lv = call(self.js("js_str"), [lv])
            if kr != "str":
                rv = call(self.js("js_str"), [rv])
        elif not (kl == "num" or kr == "num"):
            # Neither side's type is known: JS decides at run time (concat if either is a string).
            return call(self.js("js_add"), [lv, rv])
        return ast.BinOp(left=lv, op=ast.Add(), right=rv)

    def _simple(self, e: ir.Expr) -> bool:
        return isinstance(e, (ir.Name, ir.This, ir.Literal, ir.Undefined)) or (
            isinstance(e, ir.Member) and isinstance(e.obj, ir.This))

    def x_Logical(self, e: ir.Logical) -> ast.expr:
        left_kind = self._kind(e.left)
        lv = self.expr(e.left)
        rv = self.expr(e.right)
        if e.op == "??":
            if self._simple(e.left):
                return ast.IfExp(test=is_none(lv, negate=True), body=lv, orelse=rv)
            t = self.temp()
            return ast.IfExp(test=is_none(ast.NamedExpr(target=N(t, ast.Store()), value=lv), negate=True),
                             body=N(t), orelse=rv)
        if left_kind in SCALAR:
            return ast.BoolOp(op=ast.And() if e.op == "&&" else ast.Or(), values=[lv, rv])
        if self._simple(e.left):
            tst, keep = call(self.js("truthy"), [lv]), lv
        else:
            t = self.temp()
            tst = call(self.js("truthy"), [ast.NamedExpr(target=N(t, ast.Store()), value=lv)])
            keep = N(t)
        if e.op == "&&":
            return ast.IfExp(test=tst, body=rv, orelse=keep)
        return ast.IfExp(test=tst, body=keep, orelse=rv)

    def x_Unary(self, e: ir.Unary) -> ast.expr:
        if e.op == "!":
            return ast.UnaryOp(op=ast.Not(), operand=self.test(e.operand))
        if e.op == "-":
            return ast.UnaryOp(op=ast.USub(), operand=self.expr(e.operand))
        if e.op == "+":
            return call(self.js("js_number"), [self.expr(e.operand)])
        if e.op == "~":
            return ast.UnaryOp(op=ast.Invert(), operand=self.expr(e.operand))
        raise self.err(e, f"unary {e.op}")

    def x_TypeOf(self, e: ir.TypeOf) -> ast.expr:
        return call(self.js("js_typeof"), [self.expr(e.operand)])

    def x_InstanceOf(self, e: ir.InstanceOf) -> ast.expr:
        builtin = {"Array": "list", "Object": "dict", "String": "str", "Error": "Exception"}
        cls = N(builtin[e.cls]) if e.cls in builtin else self.x_Name(ir.Name(e.cls, line=e.line, col=e.col))
        return call(N("isinstance"), [self.expr(e.value), cls])

    def x_Ternary(self, e: ir.Ternary) -> ast.expr:
        return ast.IfExp(test=self.test(e.test), body=self.expr(e.then), orelse=self.expr(e.orelse))

    def x_ArrayLit(self, e: ir.ArrayLit) -> ast.expr:
        return ast.List(elts=self.args(e.elements), ctx=ast.Load())

    def x_ObjectLit(self, e: ir.ObjectLit) -> ast.expr:
        keys: list[ast.expr | None] = []
        values: list[ast.expr] = []
        for entry in e.entries:
            if isinstance(entry, ir.Spread):
                keys.append(None)
                values.append(self.expr(entry.value))
            else:
                k, v = entry
                keys.append(C(k) if isinstance(k, str) else self.expr(k))
                values.append(self.expr(v))
        return ast.Dict(keys=keys, values=values)

    def x_Await(self, e: ir.Await) -> ast.expr:
        return ast.Await(value=self.expr(e.value))

    def x_Arrow(self, e: ir.Arrow) -> ast.expr:
        if isinstance(e.body, ir.Block) or e.is_async:
            raise self.err(e, "arrow function with a block body")
        self.locals.update(e.params)
        return ast.Lambda(args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=local(p)) for p in e.params],
                                             kwonlyargs=[], kw_defaults=[], defaults=[]),
                          body=self.expr(e.body))

    def x_Assign(self, e: ir.Assign) -> ast.expr:
        if e.op == "=" and isinstance(e.target, ir.Name):
            return ast.NamedExpr(target=N(local(e.target.id), ast.Store()), value=self.expr(e.value))
        raise self.err(e, "assignment inside an expression")

    def x_Spread(self, e: ir.Spread) -> ast.expr:
        raise self.err(e, "spread outside a call, array or object")
