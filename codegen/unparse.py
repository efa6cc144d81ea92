"""``ast.unparse`` with long dict/list literals laid out one item per line.

``describe()`` is a several-thousand-entry literal; on one line it would be
unreadable and undiffable. Everything else is the standard library's output.
"""

from __future__ import annotations

import ast

_WRAP = 88  # a dict/list literal longer than this is written one item per line


class _Unparser(ast._Unparser):  # private stdlib class (3.11+): subclassed, not copied
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)  # f-strings re-enter with _avoid_backslashes
        self._depth = 0

    def _multiline(self, open_: str, close: str, items, write_item) -> None:
        pad = "    " * (self._indent + self._depth)
        self.write(open_)
        self._depth += 1
        for item in items:
            self.write("\n" + pad + "    ")
            write_item(item)
            self.write(",")
        self._depth -= 1
        self.write("\n" + pad + close)

    def visit_Dict(self, node: ast.Dict) -> None:
        if len(node.keys) < 2 or len(ast.unparse(node)) <= _WRAP:
            return super().visit_Dict(node)

        def write_item(item):
            k, v = item
            if k is None:
                self.write("**")
                self.set_precedence(ast._Precedence.EXPR, v)
                self.traverse(v)
            else:
                self.traverse(k)
                self.write(": ")
                self.traverse(v)
        self._multiline("{", "}", zip(node.keys, node.values), write_item)

    def visit_List(self, node: ast.List) -> None:
        if len(node.elts) < 2 or len(ast.unparse(node)) <= _WRAP:
            return super().visit_List(node)
        self._multiline("[", "]", node.elts, self.traverse)


def unparse(node: ast.AST) -> str:
    return _Unparser().visit(node)
