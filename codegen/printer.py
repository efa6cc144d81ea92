"""Python source text for the ``ast`` the back end builds: our own printer, fixed output.

``ast.unparse`` is not used: its text changes between Python minor versions
(quoting, parentheses, new node types), so ``check`` would pass or fail by
interpreter. This printer covers exactly the node types the generator emits and
raises ``PrintError`` on anything else rather than guess. Its layout is the one
the committed generated files have always had:

- four-space indentation, one statement per line, ``elif`` for an ``else`` that
  holds one ``if``; a blank line before a ``def`` that is not the first line;
- parentheses only where binding strength requires them, plus two fixed
  conventions: the operands of ``and``/``or`` after the first bind one level
  tighter each (``a and (not b)``, ``(a or b) or c`` stays as built), and both
  sides of ``:=`` are parenthesised unless atoms (``(t := (a + b))``);
- string literals quoted as ``repr`` quotes them, with ``\\n``-style escapes;
  every non-ASCII character is escaped, so no interpreter's Unicode tables can
  reach the text; f-strings take the first quote style their parts allow and
  never put a backslash inside a replacement field;
- a dict or list literal with at least two items whose one-line form is longer
  than 88 characters is written one item per line (``describe()`` is a
  several-thousand-entry literal; on one line it would be undiffable).

``tests/codegen/test_printer.py`` runs it under every other installed CPython
and requires the same text.
"""

from __future__ import annotations

import ast
import math
import pprint

_WRAP = 88  # a dict/list literal longer than this on one line is written one item per line
_INDENT = "    "
_QUOTES = ("'", '"', '"""', "'''")  # f-string quote styles, in order of preference

# Binding strength, loosest first. A node whose context asks for a tighter level
# than its own is parenthesised.
(NAMED, TUPLE, YIELD, TEST, OR, AND, NOT, CMP, BOR, BXOR, BAND, SHIFT, ARITH, TERM,
 FACTOR, POWER, AWAIT, ATOM) = range(18)

_BINOPS: dict[type, tuple[str, int]] = {
    ast.Add: ("+", ARITH), ast.Sub: ("-", ARITH), ast.Mult: ("*", TERM), ast.MatMult: ("@", TERM),
    ast.Div: ("/", TERM), ast.FloorDiv: ("//", TERM), ast.Mod: ("%", TERM), ast.Pow: ("**", POWER),
    ast.LShift: ("<<", SHIFT), ast.RShift: (">>", SHIFT), ast.BitOr: ("|", BOR), ast.BitXor: ("^", BXOR),
    ast.BitAnd: ("&", BAND),
}
_UNARYOPS: dict[type, tuple[str, int]] = {
    ast.Not: ("not ", NOT), ast.USub: ("-", FACTOR), ast.UAdd: ("+", FACTOR), ast.Invert: ("~", FACTOR),
}
_CMPOPS: dict[type, str] = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}
_BOOLOPS: dict[type, tuple[str, int]] = {ast.And: ("and", AND), ast.Or: ("or", OR)}
_NAMED_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


class PrintError(ValueError):
    """An ``ast`` node outside the subset this printer writes."""


def to_source(node: ast.AST) -> str:
    """Source text of a module, a statement or an expression (no trailing newline)."""
    p = _Printer()
    if isinstance(node, ast.Module):
        if _has_docstring(node.body):
            raise PrintError("module docstring")
        p.stmts(node.body)
    elif isinstance(node, ast.stmt):
        p.stmt(node)
    elif isinstance(node, ast.expr):
        return p.expr(node)
    else:
        raise PrintError(f"node {type(node).__name__}")
    return "\n".join(p.lines)


def data_literal(value: object) -> str:
    """A Python literal for JSON-like data (dicts sorted), as ``pprint`` lays it out at width 100."""
    return pprint.pformat(value, width=100, sort_dicts=True)


# ------------------------------------------------------------------ string literals

def _escape_code(c: str) -> str:
    if c in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[c]
    o = ord(c)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}"


def _printable(c: str) -> bool:
    return " " <= c <= "~"  # printable ASCII; everything else is escaped


def _str_literal(s: str) -> str:
    """Single quotes unless only double quotes avoid an escape (as ``repr`` chooses)."""
    q = '"' if "'" in s and '"' not in s else "'"
    out = []
    for c in s:
        if c == q or c == "\\":
            out.append("\\" + c)
        elif _printable(c):
            out.append(c)
        else:
            out.append(_escape_code(c))
    return q + "".join(out) + q


def _fit_quotes(text: str, allowed: list[str] | tuple[str, ...], escape_whitespace: bool) -> tuple[str, list[str]]:
    """Escape ``text`` for a literal body; return it and the quote styles (best first) that can enclose it.

    Newlines and tabs stay raw unless ``escape_whitespace`` (raw newlines need a
    triple quote). A style that would have to escape the closing character goes
    last; if it is the only one left, that character is escaped.
    """
    body = "".join(c if (c in "\n\t" and not escape_whitespace) or (_printable(c) and c != "\\")
                   else _escape_code(c) for c in text)
    options = [q for q in allowed if q not in body and ("\n" not in body or len(q) == 3)]
    if not options:
        raise PrintError(f"no quote style encloses {text!r} without escapes")
    if body:
        options.sort(key=lambda q: q[0] == body[-1])
        if options[0][0] == body[-1]:
            body = body[:-1] + "\\" + body[-1]
    return body, options


def _has_docstring(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
        and isinstance(body[0].value.value, str)


# ------------------------------------------------------------------ the printer

class _Printer:
    def __init__(self, *, flat: bool = False, in_fstring: bool = False) -> None:
        self.flat = flat  # never wrap literals (measuring a one-line form)
        self.in_fstring = in_fstring  # inside an f-string replacement field: no backslashes anywhere
        self.level = 0  # statement indentation
        self.depth = 0  # enclosing literals written one item per line
        self.lines: list[str] = []

    # ---------------------------------------------------------------- statements

    def stmts(self, body: list[ast.stmt]) -> None:
        for s in body:
            self.stmt(s)

    def stmt(self, s: ast.stmt) -> None:
        meth = getattr(self, "s_" + type(s).__name__, None)
        if meth is None:
            raise PrintError(f"statement {type(s).__name__}")
        meth(s)

    def line(self, text: str) -> None:
        self.lines.append(_INDENT * self.level + text)

    def suite(self, header: str, body: list[ast.stmt]) -> None:
        self.line(header + ":")
        self.level += 1
        self.stmts(body)
        self.level -= 1

    def s_FunctionDef(self, s: ast.FunctionDef | ast.AsyncFunctionDef, keyword: str = "def") -> None:
        if s.decorator_list or s.returns is not None or getattr(s, "type_params", None):
            raise PrintError(f"decorators, annotations or type parameters on {s.name}")
        if _has_docstring(s.body):
            raise PrintError(f"docstring in {s.name}")
        if self.lines:
            self.lines.append("")
        self.suite(f"{keyword} {s.name}({self.arguments(s.args)})", s.body)

    def s_AsyncFunctionDef(self, s: ast.AsyncFunctionDef) -> None:
        self.s_FunctionDef(s, "async def")

    def s_Assign(self, s: ast.Assign) -> None:
        targets = "".join(self.expr(t, TUPLE) + " = " for t in s.targets)
        self.line(targets + self.expr(s.value))

    def s_AugAssign(self, s: ast.AugAssign) -> None:
        self.line(f"{self.expr(s.target)} {_BINOPS[type(s.op)][0]}= {self.expr(s.value)}")

    def s_Expr(self, s: ast.Expr) -> None:
        self.line(self.expr(s.value, YIELD))

    def s_Return(self, s: ast.Return) -> None:
        self.line("return" if s.value is None else "return " + self.expr(s.value))

    def s_If(self, s: ast.If) -> None:
        self.suite("if " + self.expr(s.test), s.body)
        while len(s.orelse) == 1 and isinstance(s.orelse[0], ast.If):
            s = s.orelse[0]
            self.suite("elif " + self.expr(s.test), s.body)
        if s.orelse:
            self.suite("else", s.orelse)

    def s_For(self, s: ast.For) -> None:
        self.suite(f"for {self.expr(s.target, TUPLE)} in {self.expr(s.iter)}", s.body)
        if s.orelse:
            self.suite("else", s.orelse)

    def s_While(self, s: ast.While) -> None:
        self.suite("while " + self.expr(s.test), s.body)
        if s.orelse:
            self.suite("else", s.orelse)

    def s_Try(self, s: ast.Try) -> None:
        self.suite("try", s.body)
        for h in s.handlers:
            head = "except"
            if h.type is not None:
                head += " " + self.expr(h.type)
            if h.name:
                head += " as " + h.name
            self.suite(head, h.body)
        if s.orelse:
            self.suite("else", s.orelse)
        if s.finalbody:
            self.suite("finally", s.finalbody)

    def s_Raise(self, s: ast.Raise) -> None:
        if s.exc is None:
            if s.cause is not None:
                raise PrintError("raise … from without an exception")
            self.line("raise")
            return
        text = "raise " + self.expr(s.exc)
        if s.cause is not None:
            text += " from " + self.expr(s.cause)
        self.line(text)

    def s_Break(self, s: ast.Break) -> None:
        self.line("break")

    def s_Continue(self, s: ast.Continue) -> None:
        self.line("continue")

    def s_Pass(self, s: ast.Pass) -> None:
        self.line("pass")

    def arguments(self, a: ast.arguments) -> str:
        positional = a.posonlyargs + a.args
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
        parts = []
        for i, (arg, default) in enumerate(zip(positional, defaults), 1):
            part = self._arg(arg) + ("" if default is None else "=" + self.expr(default))
            parts.append(part + (", /" if i == len(a.posonlyargs) else ""))
        if a.vararg is not None or a.kwonlyargs:
            parts.append("*" + (self._arg(a.vararg) if a.vararg is not None else ""))
        for arg, kw_default in zip(a.kwonlyargs, a.kw_defaults):
            parts.append(self._arg(arg) + ("" if kw_default is None else "=" + self.expr(kw_default)))
        if a.kwarg is not None:
            parts.append("**" + self._arg(a.kwarg))
        return ", ".join(parts)

    @staticmethod
    def _arg(arg: ast.arg) -> str:
        if arg.annotation is not None:
            raise PrintError(f"annotation on {arg.arg}")
        return arg.arg

    # ---------------------------------------------------------------- expressions

    def expr(self, e: ast.expr, ctx: int = TEST) -> str:
        """``e`` in a context that binds at level ``ctx`` (parenthesised if looser)."""
        meth = getattr(self, "x_" + type(e).__name__, None)
        if meth is None:
            raise PrintError(f"expression {type(e).__name__}")
        return meth(e, ctx)

    @staticmethod
    def _wrap(text: str, own: int, ctx: int) -> str:
        return f"({text})" if ctx > own else text

    def x_Name(self, e: ast.Name, ctx: int) -> str:
        return e.id

    def x_Constant(self, e: ast.Constant, ctx: int) -> str:
        v = e.value
        if isinstance(v, str):
            prefix = "u" if e.kind == "u" else ""
            if self.in_fstring:
                body, quotes = _fit_quotes(v, _QUOTES, escape_whitespace=False)
                return f"{prefix}{quotes[0]}{body}{quotes[0]}"
            return prefix + _str_literal(v)
        if v is None or v is Ellipsis or isinstance(v, (bool, int)):
            return "..." if v is Ellipsis else repr(v)
        if isinstance(v, float):
            if math.isnan(v):
                raise PrintError("NaN constant")
            if math.isinf(v):
                return "1e309" if v > 0 else "-1e309"
            return repr(v)  # shortest round-trip repr: the same on every CPython 3
        raise PrintError(f"constant of type {type(v).__name__}")

    def x_Attribute(self, e: ast.Attribute, ctx: int) -> str:
        value = self.expr(e.value, ATOM)
        # ``1.real`` would lex as a float: an integer constant gets a space.
        sep = " ." if isinstance(e.value, ast.Constant) and isinstance(e.value.value, int) else "."
        return value + sep + e.attr

    def x_Call(self, e: ast.Call, ctx: int) -> str:
        parts = [self.expr(a) for a in e.args]
        for k in e.keywords:
            parts.append(("**" if k.arg is None else k.arg + "=") + self.expr(k.value))
        return f"{self.expr(e.func, ATOM)}({', '.join(parts)})"

    def x_Starred(self, e: ast.Starred, ctx: int) -> str:
        return "*" + self.expr(e.value, BOR)

    def x_Subscript(self, e: ast.Subscript, ctx: int) -> str:
        s = e.slice
        index = self._items(s.elts) if isinstance(s, ast.Tuple) and s.elts else self.expr(s)
        return f"{self.expr(e.value, ATOM)}[{index}]"

    def x_Slice(self, e: ast.Slice, ctx: int) -> str:
        text = (self.expr(e.lower) if e.lower is not None else "") + ":"
        text += self.expr(e.upper) if e.upper is not None else ""
        return text + (":" + self.expr(e.step) if e.step is not None else "")

    def x_UnaryOp(self, e: ast.UnaryOp, ctx: int) -> str:
        op, own = _UNARYOPS[type(e.op)]
        return self._wrap(op + self.expr(e.operand, own), own, ctx)

    def x_BinOp(self, e: ast.BinOp, ctx: int) -> str:
        op, own = _BINOPS[type(e.op)]
        left, right = (own + 1, own) if isinstance(e.op, ast.Pow) else (own, own + 1)  # ** groups right
        return self._wrap(f"{self.expr(e.left, left)} {op} {self.expr(e.right, right)}", own, ctx)

    def x_BoolOp(self, e: ast.BoolOp, ctx: int) -> str:
        op, own = _BOOLOPS[type(e.op)]
        text = f" {op} ".join(self.expr(v, own + 1 + i) for i, v in enumerate(e.values))
        return self._wrap(text, own, ctx)

    def x_Compare(self, e: ast.Compare, ctx: int) -> str:
        text = self.expr(e.left, CMP + 1)
        for op, right in zip(e.ops, e.comparators):
            text += f" {_CMPOPS[type(op)]} {self.expr(right, CMP + 1)}"
        return self._wrap(text, CMP, ctx)

    def x_IfExp(self, e: ast.IfExp, ctx: int) -> str:
        text = f"{self.expr(e.body, TEST + 1)} if {self.expr(e.test, TEST + 1)} else {self.expr(e.orelse, TEST)}"
        return self._wrap(text, TEST, ctx)

    def x_NamedExpr(self, e: ast.NamedExpr, ctx: int) -> str:
        return self._wrap(f"{self.expr(e.target, ATOM)} := {self.expr(e.value, ATOM)}", NAMED, ctx)

    def x_Await(self, e: ast.Await, ctx: int) -> str:
        return self._wrap("await " + self.expr(e.value, ATOM), AWAIT, ctx)

    def x_Lambda(self, e: ast.Lambda, ctx: int) -> str:
        params = self.arguments(e.args)
        head = "lambda " + params if params else "lambda"
        return self._wrap(f"{head}: {self.expr(e.body, TEST)}", TEST, ctx)

    def x_Tuple(self, e: ast.Tuple, ctx: int) -> str:
        return self._wrap(self._items(e.elts), TUPLE, ctx) if e.elts else "()"

    def _items(self, elts: list[ast.expr]) -> str:
        """Tuple items: a single one keeps its comma."""
        return self.expr(elts[0]) + "," if len(elts) == 1 else ", ".join(self.expr(x) for x in elts)

    def x_ListComp(self, e: ast.ListComp, ctx: int) -> str:
        text = "[" + self.expr(e.elt)
        for g in e.generators:
            text += " async for " if g.is_async else " for "
            text += f"{self.expr(g.target, TUPLE)} in {self.expr(g.iter, TEST + 1)}"
            text += "".join(" if " + self.expr(c, TEST + 1) for c in g.ifs)
        return text + "]"

    def x_List(self, e: ast.List, ctx: int) -> str:
        return self._literal("[", "]", e, e.elts, self.expr)

    def x_Dict(self, e: ast.Dict, ctx: int) -> str:
        def item(kv: tuple[ast.expr | None, ast.expr]) -> str:
            k, v = kv
            return "**" + self.expr(v, BOR) if k is None else f"{self.expr(k)}: {self.expr(v)}"
        return self._literal("{", "}", e, list(zip(e.keys, e.values)), item)

    def _literal(self, open_: str, close: str, node: ast.expr, items: list, item) -> str:
        """One line if it fits (or has fewer than two items), else one item per line."""
        if self.flat or len(items) < 2 or len(_Printer(flat=True).expr(node)) <= _WRAP:
            return open_ + ", ".join(item(i) for i in items) + close
        pad = _INDENT * (self.level + self.depth)
        self.depth += 1
        body = "".join(f"\n{pad}{_INDENT}{item(i)}," for i in items)
        self.depth -= 1
        return f"{open_}{body}\n{pad}{close}"

    # ---------------------------------------------------------------- f-strings

    def x_JoinedStr(self, e: ast.JoinedStr, ctx: int) -> str:
        parts = [(self._fstring_part(v), isinstance(v, ast.Constant)) for v in e.values]
        if self.in_fstring:
            # nested in a replacement field: one body, no backslashes at all
            body, quotes = _fit_quotes("".join(text for text, _ in parts), _QUOTES, escape_whitespace=False)
            return f"f{quotes[0]}{body}{quotes[0]}"
        # Each part narrows the quote styles left; literal parts may escape whitespace.
        quotes: list[str] = list(_QUOTES)
        bodies = []
        for text, literal in parts:
            body, quotes = _fit_quotes(text, quotes, escape_whitespace=literal)
            bodies.append(body)
        return f"f{quotes[0]}{''.join(bodies)}{quotes[0]}"

    def _fstring_part(self, v: ast.expr) -> str:
        if isinstance(v, ast.Constant) and isinstance(v.value, str):
            return v.value.replace("{", "{{").replace("}", "}}")
        if not isinstance(v, ast.FormattedValue):
            raise PrintError(f"f-string part {type(v).__name__}")
        if v.format_spec is not None:
            raise PrintError("f-string format spec")
        inner = _Printer(in_fstring=True).expr(v.value, TEST + 1)
        if "\\" in inner:
            raise PrintError("backslash inside an f-string replacement field")
        text = "{" + (" " if inner.startswith("{") else "") + inner
        if v.conversion != -1:
            text += "!" + chr(v.conversion)
        return text + "}"
