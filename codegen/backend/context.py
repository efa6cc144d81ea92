"""What rendering one method needs from outside, what it collects, and its shared state.

``Resolver`` answers questions about names the method does not define; ``Imports``
collects what the emitted module must import; ``RendererState`` is the state every
mixin of the renderer reads (the method, the resolver, the locals and their kinds).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .. import ir
from .pyast import N


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


class RendererState:
    """State shared by the renderer's mixins, and the helpers all of them use."""

    def __init__(self, method: ir.Method, resolver: Resolver, imports: Imports):
        self.m = method
        self.r = resolver
        self.imports = imports
        self.temps = 0
        self.env: dict[str, str] = {}  # local -> kind (see ``kinds``)
        self.locals: set[str] = {p.name for p in method.params}

    def err(self, node: ir.Node, what: str) -> BackendError:
        return BackendError(self.m.path, node, what)

    def js(self, name: str) -> ast.expr:
        self.imports.jsrt.add(name)
        return N(name)

    def temp(self) -> str:
        self.temps += 1
        return f"_t{self.temps}"
