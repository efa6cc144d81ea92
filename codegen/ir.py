"""Typed IR for the JavaScript subset CCXT writes, plus the semantic nodes passes attach.

Every node records the source position it came from (``line``, ``col``; 1-based)
so that the back end can emit trace comments and errors can name the place.
Nodes are plain dataclasses: passes rewrite them by building new trees, and
``walk`` gives the uniform traversal the summaries and passes need.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Iterator, Union


@dataclass(eq=False)
class Node:
    line: int = field(default=0, kw_only=True, compare=False)
    col: int = field(default=0, kw_only=True, compare=False)

    @property
    def kind(self) -> str:
        return type(self).__name__


# --------------------------------------------------------------------- expressions

@dataclass(eq=False)
class Expr(Node):
    pass


@dataclass(eq=False)
class Name(Expr):
    id: str


@dataclass(eq=False)
class This(Expr):
    pass


@dataclass(eq=False)
class Super(Expr):
    pass


@dataclass(eq=False)
class Undefined(Expr):
    """JS ``undefined`` and ``null``: both become Python ``None``."""


@dataclass(eq=False)
class Literal(Expr):
    value: Union[str, int, float, bool]


@dataclass(eq=False)
class Template(Expr):
    """Template string: literal str parts interleaved with expressions."""
    parts: list[Union[str, Expr]]


@dataclass(eq=False)
class Member(Expr):
    obj: Expr
    prop: str
    optional: bool = False


@dataclass(eq=False)
class Index(Expr):
    obj: Expr
    index: Expr
    optional: bool = False


@dataclass(eq=False)
class Spread(Expr):
    value: Expr


@dataclass(eq=False)
class Call(Expr):
    func: Expr
    args: list[Expr]
    optional: bool = False


@dataclass(eq=False)
class New(Expr):
    cls: Union[str, Expr]  # a class name, or an expression yielding the class
    args: list[Expr]


@dataclass(eq=False)
class Binary(Expr):
    """Arithmetic, comparison, ``in``; op is the JS operator text."""
    op: str
    left: Expr
    right: Expr


@dataclass(eq=False)
class Logical(Expr):
    op: str  # "&&" | "||" | "??"
    left: Expr
    right: Expr


@dataclass(eq=False)
class Unary(Expr):
    op: str  # "!" | "-" | "+" | "~"
    operand: Expr


@dataclass(eq=False)
class TypeOf(Expr):
    operand: Expr


@dataclass(eq=False)
class InstanceOf(Expr):
    value: Expr
    cls: str


@dataclass(eq=False)
class Ternary(Expr):
    test: Expr
    then: Expr
    orelse: Expr


@dataclass(eq=False)
class ArrayLit(Expr):
    elements: list[Expr]


@dataclass(eq=False)
class ObjectLit(Expr):
    """Entries are (key, value) pairs or a ``Spread``; keys are str or computed Expr."""
    entries: list[Union[tuple[Union[str, Expr], Expr], Spread]]


@dataclass(eq=False)
class Await(Expr):
    value: Expr


@dataclass(eq=False)
class Arrow(Expr):
    params: list[str]
    body: Union[Expr, "Block"]
    is_async: bool = False


@dataclass(eq=False)
class PatternTarget(Expr):
    """A destructuring target in ``[a, b] = f()`` (assignment, not declaration)."""
    pattern: "Pattern"


@dataclass(eq=False)
class Assign(Expr):
    """``target op= value``; op is "=" or the compound operator ("+=", ...)."""
    op: str
    target: Expr
    value: Expr


@dataclass(eq=False)
class Update(Expr):
    op: str  # "++" | "--"
    target: Expr
    prefix: bool


@dataclass(eq=False)
class Delete(Expr):
    target: Expr


# Semantic expression nodes -------------------------------------------------------

@dataclass(eq=False)
class PreciseCall(Expr):
    """``Precise.stringAdd(a, b)`` and friends: string-decimal arithmetic."""
    method: str
    args: list[Expr]


@dataclass(eq=False)
class PromiseAll(Expr):
    """``Promise.all(promises)``: await every promise, results in order."""
    value: Expr


@dataclass(eq=False)
class SafeAccess(Expr):
    """A ``this.safe*`` accessor call, lowered to the runtime's primitive."""
    method: str
    args: list[Expr]


@dataclass(eq=False)
class MethodRef(Expr):
    """``this.handleX`` used as a value (a handler reference in a dispatch table)."""
    name: str


# --------------------------------------------------------------------- patterns

@dataclass(eq=False)
class ArrayPattern(Node):
    targets: list[Union[str, None]]  # None = hole
    rest: Union[str, None] = None


@dataclass(eq=False)
class ObjectPattern(Node):
    props: list[tuple[str, str]]  # (key, local name)


Pattern = Union[str, ArrayPattern, ObjectPattern]


# --------------------------------------------------------------------- statements

@dataclass(eq=False)
class Stmt(Node):
    pass


@dataclass(eq=False)
class Block(Stmt):
    body: list[Stmt]


@dataclass(eq=False)
class VarDecl(Stmt):
    target: Pattern
    value: Union[Expr, None]


@dataclass(eq=False)
class ExprStmt(Stmt):
    value: Expr


@dataclass(eq=False)
class Return(Stmt):
    value: Union[Expr, None]


@dataclass(eq=False)
class If(Stmt):
    test: Expr
    body: list[Stmt]
    orelse: list[Stmt]


@dataclass(eq=False)
class For(Stmt):
    """C-style ``for (init; test; update)``."""
    init: list[Stmt]
    test: Union[Expr, None]
    update: list[Expr]
    body: list[Stmt]


@dataclass(eq=False)
class ForOf(Stmt):
    target: Pattern
    iterable: Expr
    body: list[Stmt]


@dataclass(eq=False)
class ForIn(Stmt):
    target: str
    obj: Expr
    body: list[Stmt]


@dataclass(eq=False)
class While(Stmt):
    test: Expr
    body: list[Stmt]


@dataclass(eq=False)
class DoWhile(Stmt):
    test: Expr
    body: list[Stmt]


@dataclass(eq=False)
class Break(Stmt):
    pass


@dataclass(eq=False)
class Continue(Stmt):
    pass


@dataclass(eq=False)
class Throw(Stmt):
    value: Expr


@dataclass(eq=False)
class Try(Stmt):
    body: list[Stmt]
    catch_name: Union[str, None]
    handler: Union[list[Stmt], None]
    finalizer: Union[list[Stmt], None]


@dataclass(eq=False)
class Switch(Stmt):
    subject: Expr
    cases: list[tuple[Union[Expr, None], list[Stmt]]]  # None = default


# Semantic statement nodes ---------------------------------------------------------

@dataclass(eq=False)
class StoreDeltas(Stmt):
    """``for (delta of deltas) this.handleDelta(side, delta)``: one bulk store."""
    side: Expr
    deltas: Expr
    handler: str = ""  # the per-delta method the loop called (kept for the call graph)


@dataclass(eq=False)
class DispatchTable(Stmt):
    """``const methods = {event: this.handleX, ...}`` inside ``handleMessage``.

    Also surfaced as routes for the ``ccxtpro_channels`` hook; the statement
    still renders as the dict so the generated fallback dispatch stays faithful.
    """
    var: str
    routes: list[tuple[str, str]]  # (event value, handler method name)


# --------------------------------------------------------------------- method

@dataclass(eq=False)
class Param(Node):
    name: str
    default: Union[Expr, None] = None
    rest: bool = False


@dataclass(eq=False)
class Method(Node):
    name: str
    params: list[Param]
    is_async: bool
    body: list[Stmt]
    path: str = ""
    start_line: int = 0
    end_line: int = 0
    owner: str = ""  # "pro" | "rest" | "base"


def children(node: object) -> Iterator[Node]:
    """Direct child nodes, in field order (tuples and lists are flattened)."""
    if not isinstance(node, Node):
        return
    for f in fields(node):
        if f.name in ("line", "col"):
            continue
        yield from _nodes_in(getattr(node, f.name))


def _nodes_in(value: object) -> Iterator[Node]:
    if isinstance(value, Node):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _nodes_in(v)


def walk(node: Node) -> Iterator[Node]:
    """Pre-order traversal."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(list(children(n))))


def summary(node: Node) -> dict:
    """Node count and kinds (sorted), for the manifest."""
    counts: dict[str, int] = {}
    for n in walk(node):
        counts[n.kind] = counts.get(n.kind, 0) + 1
    return {"count": sum(counts.values()), "kinds": dict(sorted(counts.items()))}
