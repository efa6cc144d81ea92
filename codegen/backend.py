"""IR → Python ``ast`` → ``ast.unparse``.

JS semantics are kept where Python differs: ``undefined``/``null`` are ``None``
and compared with ``is``; a condition whose static type might be an array or
object goes through ``truthy`` (``[]``/``{}`` are true in JS); ``+`` with a
string side converts the other side with JS ToString; ``%`` keeps the dividend's
sign; parameter defaults apply when the argument is ``undefined`` (as in JS),
so they are rendered as ``None`` plus a prologue. A tiny static typing of
expressions (``_kind``) decides where the helpers are needed, so hot code that
compares or reads safe_* results stays plain Python.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from . import ir
from .naming import local, snake
from .unparse import unparse

SCALAR = {"bool", "str", "num", "scalar"}

# Base safe accessors and primitives whose results are never arrays/objects.
_SCALAR_PREFIXES = ("safeString", "safeInteger", "safeNumber", "safeFloat", "safeBool",
                    "safeTimestamp", "iso8601", "parse8601", "milliseconds", "seconds",
                    "numberToString", "inArray", "isEmpty", "sum", "uuid", "nonce", "parseToInt",
                    "parseNumber", "parsePrecision", "precisionFromString", "decimalToPrecision",
                    "priceToPrecision", "amountToPrecision", "currencyToPrecision",
                    "costToPrecision", "feeToPrecision", "safeSymbol", "safeCurrencyCode",
                    "marketId", "requestId", "isSpotUrl", "isLinear", "isInverse", "isPostOnly",
                    "isRoundNumber", "isTickPrecision", "parseOrderStatus", "hmac", "hash",
                    "encode", "json", "urlencode", "rawencode", "capitalize", "yymmdd", "ymd",
                    "commonCurrencyCode", "forceString", "valueIsDefined")
# Instance fields of the base class whose values are never arrays/objects.
_PROP_KINDS = {"id": "str", "name": "str", "apiKey": "scalar", "secret": "scalar", "newUpdates": "scalar",
               "isSandboxModeEnabled": "scalar", "verbose": "scalar", "enableRateLimit": "scalar",
               "reduceFees": "scalar", "substituteCommonCurrencyCodes": "scalar", "precisionMode": "scalar",
               "paddingMode": "scalar", "rateLimit": "scalar", "timeout": "scalar", "pro": "scalar",
               "certified": "scalar", "alias": "scalar", "hostname": "scalar"}
# Safe accessors that depend on nothing but their arguments. ``safeNumber*`` is
# not one: it converts through the instance's configured number type.
_PURE_SAFE = ("safeString", "safeInteger", "safeFloat", "safeValue", "safeTimestamp", "safeBool", "safeDict",
              "safeList")
_STR_METHODS = {"toString", "toUpperCase", "toLowerCase", "trim", "join", "replace"}
_HASH_NAMES = {"sha1", "sha256", "sha384", "sha512", "md5", "keccak", "ed25519", "secp256k1", "p256"}
_NUMBER_CONSTANTS = {"TRUNCATE", "ROUND", "ROUND_UP", "ROUND_DOWN", "DECIMAL_PLACES",
                     "SIGNIFICANT_DIGITS", "TICK_SIZE", "NO_PADDING", "PAD_WITH_ZERO"}
_CACHES = {"ArrayCache", "ArrayCacheByTimestamp", "ArrayCacheBySymbolById", "ArrayCacheBySymbolBySide",
           "OrderBook", "IndexedOrderBook", "CountedOrderBook"}
_BARE_PRIMITIVES = {"rsa": "rsa", "eddsa": "eddsa", "ecdsa": "ecdsa", "numberToString": "number_to_string",
                    "totp": "totp", "jwt": "jwt"}


class BackendError(ValueError):
    """Raised for an IR shape the back end cannot render faithfully."""

    def __init__(self, path: str, node: ir.Node, what: str):
        super().__init__(f"{path}:{node.line}:{node.col}: unsupported construct: {what}")


@dataclass
class Imports:
    errors: set[str] = field(default_factory=set)
    caches: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)  # from ccxtpro.functions
    jsrt: set[str] = field(default_factory=set)
    stdlib: set[str] = field(default_factory=set)

    def merge(self, other: "Imports") -> None:
        for name in ("errors", "caches", "functions", "jsrt", "stdlib"):
            getattr(self, name).update(getattr(other, name))


@dataclass
class Resolver:
    """What the back end needs to know about names outside the method."""
    method_layer: dict[str, str]  # JS method name -> layer that defines it (from the Pro class down)
    async_methods: set[str]
    implicit: set[str]  # implicit endpoint names (kept camelCase: the runtime defines those)
    primitives: set[str]
    error_names: set[str]
    super_layer: dict[str, dict[str, str]] = field(default_factory=dict)  # layer -> name -> layer


def N(id_: str, ctx=None) -> ast.Name:
    return ast.Name(id=id_, ctx=ctx or ast.Load())


def C(value) -> ast.Constant:
    return ast.Constant(value=value)


def call(func: ast.expr, args: list[ast.expr], keywords=None) -> ast.Call:
    return ast.Call(func=func, args=args, keywords=keywords or [])


def attr(obj: ast.expr, name: str, ctx=None) -> ast.Attribute:
    return ast.Attribute(value=obj, attr=name, ctx=ctx or ast.Load())


def is_none(e: ast.expr, negate: bool = False) -> ast.Compare:
    return ast.Compare(left=e, ops=[ast.IsNot() if negate else ast.Is()], comparators=[C(None)])


class MethodRenderer:
    def __init__(self, method: ir.Method, resolver: Resolver, imports: Imports):
        self.m = method
        self.r = resolver
        self.imports = imports
        self.temps = 0
        self.env: dict[str, str] = {}
        self.locals: set[str] = {p.name for p in method.params}
        self._infer_locals()

    # ------------------------------------------------------------------ helpers

    def err(self, node: ir.Node, what: str) -> BackendError:
        return BackendError(self.m.path, node, what)

    def js(self, name: str) -> ast.expr:
        self.imports.jsrt.add(name)
        return N(name)

    def temp(self) -> str:
        self.temps += 1
        return f"_t{self.temps}"

    def _infer_locals(self) -> None:
        """Join of the kinds assigned to each local; iterate to a fixpoint."""
        assigns: dict[str, list[ir.Expr | None]] = {}
        for n in ir.walk(self.m):
            if isinstance(n, ir.VarDecl):
                if isinstance(n.target, str):
                    assigns.setdefault(n.target, []).append(n.value)
                    self.locals.add(n.target)
                else:
                    for name in _pattern_names(n.target):
                        assigns.setdefault(name, []).append(ir.Name("?"))  # unknown
                        self.locals.add(name)
            elif isinstance(n, ir.Assign) and isinstance(n.target, ir.Name):
                value = n.value if n.op == "=" else ir.Binary(n.op[:-1], n.target, n.value)
                assigns.setdefault(n.target.id, []).append(value)
            elif isinstance(n, ir.Assign) and isinstance(n.target, ir.PatternTarget):
                for name in _pattern_names(n.target.pattern):
                    assigns.setdefault(name, []).append(ir.Name("?"))
            elif isinstance(n, (ir.ForOf, ir.ForIn)):
                for name in ([n.target] if isinstance(n.target, str) else _pattern_names(n.target)):
                    assigns.setdefault(name, []).append(ir.Name("?"))
                    self.locals.add(name)
            elif isinstance(n, ir.Try) and n.catch_name:
                assigns.setdefault(n.catch_name, []).append(ir.Name("?"))
                self.locals.add(n.catch_name)
            elif isinstance(n, ir.Arrow):
                self.locals.update(n.params)
            elif isinstance(n, ir.DispatchTable):
                assigns.setdefault(n.var, []).append(ir.Name("?"))
                self.locals.add(n.var)
        for p in self.m.params:
            assigns.setdefault(p.name, []).append(ir.Name("?"))
        for name in assigns:
            self.env[name] = "bottom"  # no information yet; refined to a fixpoint below
        for _ in range(6):
            changed = False
            for name, values in assigns.items():
                k = _join([self._kind(v) if v is not None else "scalar" for v in values])
                if self.env.get(name) != k:
                    self.env[name] = k
                    changed = True
            if not changed:
                break
        for name, k in self.env.items():
            if k == "bottom":
                self.env[name] = "any"

    def _kind(self, e: ir.Expr) -> str:
        if isinstance(e, ir.Literal):
            v = e.value
            return "bool" if isinstance(v, bool) else "str" if isinstance(v, str) else "num"
        if isinstance(e, ir.Undefined):
            return "scalar"
        if isinstance(e, ir.Template):
            return "str"
        if isinstance(e, ir.Name):
            return self.env.get(e.id, "any")
        if isinstance(e, ir.Binary):
            if e.op in ("===", "!==", "==", "!=", "<", ">", "<=", ">=", "in"):
                return "bool"
            if e.op == "+":
                kl, kr = self._kind(e.left), self._kind(e.right)
                if "str" in (kl, kr):
                    return "str"
                if "bottom" in (kl, kr):
                    return "bottom"
                if kl == kr == "num":
                    return "num"
                return "scalar"
            return "num"
        if isinstance(e, (ir.InstanceOf,)):
            return "bool"
        if isinstance(e, ir.TypeOf):
            return "str"
        if isinstance(e, ir.Unary):
            return "bool" if e.op == "!" else "num"
        if isinstance(e, ir.Logical):
            kinds = {self._kind(e.left), self._kind(e.right)}
            return _join(list(kinds))
        if isinstance(e, ir.Ternary):
            return _join([self._kind(e.then), self._kind(e.orelse)])
        if isinstance(e, ir.PreciseCall):
            return "scalar"
        if isinstance(e, ir.SafeAccess):
            return "scalar" if e.method.startswith(_SCALAR_PREFIXES) else "any"
        if isinstance(e, ir.Member) and e.prop == "length":
            return "num"
        if isinstance(e, ir.Member) and isinstance(e.obj, ir.This) and e.prop in _PROP_KINDS:
            return _PROP_KINDS[e.prop]
        if isinstance(e, ir.Call):
            f = e.func
            if isinstance(f, ir.Member):
                if isinstance(f.obj, (ir.This, ir.Super)):
                    return "scalar" if f.prop.startswith(_SCALAR_PREFIXES) else "any"
                if isinstance(f.obj, ir.Name) and f.obj.id in ("Array", "Number") and f.prop.startswith("is"):
                    return "bool"
                if f.prop in ("indexOf",):
                    return "num"
                if f.prop in ("startsWith", "endsWith", "includes"):
                    return "bool"
                if f.prop in _STR_METHODS:
                    return "str"
            if isinstance(f, ir.Name) and f.id in ("parseInt", "parseFloat", "Number"):
                return "num"
            if isinstance(f, ir.Name) and f.id in ("String", "numberToString"):
                return "str"
        return "any"

    # ------------------------------------------------------------------ expressions

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

    # ------------------------------------------------------------------ statements

    def target(self, e: ir.Expr) -> ast.expr:
        if isinstance(e, ir.Name):
            return N(local(e.id), ast.Store())
        if isinstance(e, ir.Member) and not e.optional:
            if isinstance(e.obj, ir.This):
                return attr(N("self"), e.prop, ast.Store())
            if e.prop == "length":
                raise self.err(e, "assignment to .length")
            return attr(self.expr(e.obj), e.prop, ast.Store())
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
            node.lineno = s.line  # kept for tooling; unparse ignores it
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

    # ------------------------------------------------------------------ method

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


def awaitable_names(bodies: dict[str, ir.Method], is_async: dict[str, bool], extra: set[str]) -> set[str]:
    """``async`` methods, plus plain methods that ``return`` a call of one.

    JS may return a promise without ``await`` (promises flatten); in Python the
    caller of such a method gets a coroutine and must await it.
    """
    out = {n for n, a in is_async.items() if a} | set(extra)
    changed = True
    while changed:
        changed = False
        for name, m in bodies.items():
            if name in out:
                continue
            for node in ir.walk(m):
                if (isinstance(node, ir.Return) and isinstance(node.value, ir.Call)
                        and isinstance(node.value.func, ir.Member) and isinstance(node.value.func.obj, ir.This)
                        and node.value.func.prop in out):
                    out.add(name)
                    changed = True
                    break
    return out


def _join(kinds: list[str]) -> str:
    ks = set(kinds) - {"bottom"}
    if not ks:
        return "bottom"
    if len(ks) == 1:
        return ks.pop()
    if ks <= SCALAR:
        return "scalar"
    return "any"


def _pattern_names(p: ir.Pattern) -> list[str]:
    if isinstance(p, str):
        return [p]
    if isinstance(p, ir.ArrayPattern):
        return [t for t in p.targets if t] + ([p.rest] if p.rest else [])
    return [name for _, name in p.props]


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


def _strip_break(body: list[ir.Stmt], where: ir.Node, r: MethodRenderer) -> list[ir.Stmt]:
    if body and isinstance(body[-1], ir.Break):
        return body[:-1]
    if body and isinstance(body[-1], (ir.Return, ir.Throw)):
        return body
    raise r.err(where, "switch case falling through")


def render_method(method: ir.Method, resolver: Resolver, imports: Imports, name: str | None = None) -> str:
    """One method's Python source (unindented), deterministic."""
    r = MethodRenderer(method, resolver, imports)
    fn = r.function(name or snake(method.name))
    mod = ast.Module(body=[fn], type_ignores=[])
    ast.fix_missing_locations(mod)
    return unparse(mod)
