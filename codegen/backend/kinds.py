"""Static kinds of locals and expressions: where JS and Python semantics part.

A kind is ``bool``/``str``/``num``/``scalar`` (never an array or object),
``any``, or ``bottom`` (no information yet). Only where a kind is not scalar
does the back end pay for ``truthy()``/``js_add``; everything else stays plain
Python. Locals get the join of every value assigned to them, to a fixpoint.
"""

from __future__ import annotations

from .. import ir
from .context import RendererState

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
# String methods whose result is a string.
_STR_METHODS = {"toString", "toUpperCase", "toLowerCase", "trim", "join", "replace"}


class KindsMixin(RendererState):
    """``_kind(e)`` for any IR expression; ``env`` holds the locals' kinds."""

    def _infer_locals(self) -> None:
        """Join of the kinds assigned to each local; iterate to a fixpoint."""
        assigns: dict[str, list[ir.Expr | None]] = {}
        for n in ir.walk(self.m):
            if isinstance(n, ir.VarDecl):
                if isinstance(n.target, str):
                    assigns.setdefault(n.target, []).append(n.value)
                    self.locals.add(n.target)
                else:
                    for name in pattern_names(n.target):
                        assigns.setdefault(name, []).append(ir.Name("?"))  # unknown
                        self.locals.add(name)
            elif isinstance(n, ir.Assign) and isinstance(n.target, ir.Name):
                value = n.value if n.op == "=" else ir.Binary(n.op[:-1], n.target, n.value)
                assigns.setdefault(n.target.id, []).append(value)
            elif isinstance(n, ir.Assign) and isinstance(n.target, ir.PatternTarget):
                for name in pattern_names(n.target.pattern):
                    assigns.setdefault(name, []).append(ir.Name("?"))
            elif isinstance(n, (ir.ForOf, ir.ForIn)):
                for name in ([n.target] if isinstance(n.target, str) else pattern_names(n.target)):
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
                k = join_kinds([self._kind(v) if v is not None else "scalar" for v in values])
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
            return join_kinds(list(kinds))
        if isinstance(e, ir.Ternary):
            return join_kinds([self._kind(e.then), self._kind(e.orelse)])
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


def join_kinds(kinds: list[str]) -> str:
    ks = set(kinds) - {"bottom"}
    if not ks:
        return "bottom"
    if len(ks) == 1:
        return ks.pop()
    if ks <= SCALAR:
        return "scalar"
    return "any"


def pattern_names(p: ir.Pattern) -> list[str]:
    if isinstance(p, str):
        return [p]
    if isinstance(p, ir.ArrayPattern):
        return [t for t in p.targets if t] + ([p.rest] if p.rest else [])
    return [name for _, name in p.props]
