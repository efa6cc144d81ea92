"""Tree-sitter front end: one ``MethodModel`` per class method.

The JS grammar reads the npm package's tsc output, the TypeScript grammar reads a
checkout's ``.ts``; both produce the same node kinds for the code CCXT writes
(TypeScript only adds annotations, which the lowering skips), so everything
after this module is the same for both inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import tree_sitter
import tree_sitter_javascript
import tree_sitter_typescript

_LANGS: dict[str, tree_sitter.Language] = {}


def language_for(path: str | Path) -> tree_sitter.Language:
    kind = "ts" if str(path).endswith(".ts") else "js"
    if kind not in _LANGS:
        raw = (tree_sitter_typescript.language_typescript() if kind == "ts"
               else tree_sitter_javascript.language())
        _LANGS[kind] = tree_sitter.Language(raw)
    return _LANGS[kind]


class FrontendError(ValueError):
    """Raised when a source file does not have the shape the generator reads."""


@dataclass
class Param:
    name: str
    default: tree_sitter.Node | None = None  # the default-value expression node
    kind: str = "plain"  # "plain" | "rest" | the node kind of a pattern we do not lower
    node: tree_sitter.Node | None = None


@dataclass
class MethodModel:
    name: str
    params: list[Param]
    is_async: bool
    path: str  # as written in trace comments (relative to the package root)
    start_line: int  # 1-based, inclusive
    end_line: int
    body: tree_sitter.Node
    class_name: str
    source: "ParsedFile | None" = field(repr=False, compare=False, default=None)


@dataclass
class ClassModel:
    name: str
    superclass: str | None
    methods: dict[str, MethodModel]
    path: str


@dataclass
class ParsedFile:
    path: str
    text: bytes
    tree: tree_sitter.Tree
    classes: list[ClassModel]

    def main_class(self) -> ClassModel:
        """The exported class (CCXT files hold one class, exported default)."""
        if not self.classes:
            raise FrontendError(f"{self.path}: no class declaration")
        return self.classes[0]


def parse_source(text: bytes, path: str) -> ParsedFile:
    parser = tree_sitter.Parser(language_for(path))
    tree = parser.parse(text)
    pf = ParsedFile(path=path, text=text, tree=tree, classes=[])
    _collect_classes(tree.root_node, pf)
    return pf


def parse_file(file: Path, display_path: str | None = None) -> ParsedFile:
    return parse_source(Path(file).read_bytes(), display_path or str(file))


def first_error(node: tree_sitter.Node) -> tree_sitter.Node | None:
    if node.type == "ERROR" or node.is_missing:
        return node
    if not node.has_error:
        return None
    for ch in node.children:
        bad = first_error(ch)
        if bad is not None:
            return bad
    return node


def _collect_classes(node: tree_sitter.Node, pf: ParsedFile) -> None:
    for ch in node.named_children:
        if ch.type in ("class_declaration", "class", "abstract_class_declaration"):
            pf.classes.append(_class_model(ch, pf))
        elif ch.type in ("export_statement", "program"):
            _collect_classes(ch, pf)


def _class_model(node: tree_sitter.Node, pf: ParsedFile) -> ClassModel:
    name_node = node.child_by_field_name("name")
    name = name_node.text.decode() if name_node else "anonymous"
    superclass = None
    for ch in node.named_children:
        if ch.type == "class_heritage":
            # JS: class_heritage -> expression; TS: class_heritage -> extends_clause -> value
            target = ch.named_children[0]
            if target.type == "extends_clause":
                target = target.child_by_field_name("value") or target.named_children[0]
            superclass = target.text.decode()
    body = node.child_by_field_name("body")
    methods: dict[str, MethodModel] = {}
    for member in body.named_children if body else []:
        if member.type != "method_definition":
            continue
        m = _method_model(member, name, pf)
        if m is None:
            continue
        # TS overload signatures have no body and are skipped; a second real
        # definition with the same name would silently shadow the first in JS.
        if m.name in methods:
            raise FrontendError(f"{pf.path}:{m.start_line}: duplicate method {m.name}")
        methods[m.name] = m
    return ClassModel(name=name, superclass=superclass, methods=methods, path=pf.path)


def _method_model(node: tree_sitter.Node, class_name: str, pf: ParsedFile) -> MethodModel | None:
    body = node.child_by_field_name("body")
    if body is None:
        return None
    name_node = node.child_by_field_name("name")
    if name_node.type not in ("property_identifier", "identifier"):
        raise FrontendError(
            f"{pf.path}:{name_node.start_point[0] + 1}:{name_node.start_point[1] + 1}: "
            f"unsupported method name kind {name_node.type}")
    is_async = any(ch.type == "async" for ch in node.children)
    modifiers = {ch.type for ch in node.children if not ch.is_named}
    if "get" in modifiers or "set" in modifiers or "static" in modifiers:
        # Accessors and statics are not part of the method surface CCXT uses.
        return None
    params = parse_params(node.child_by_field_name("parameters"), pf.path)
    return MethodModel(
        name=name_node.text.decode(), params=params, is_async=is_async, path=pf.path,
        start_line=node.start_point[0] + 1, end_line=node.end_point[0] + 1,
        body=body, class_name=class_name, source=pf,
    )


def parse_params(node: tree_sitter.Node | None, path: str) -> list[Param]:
    params: list[Param] = []
    for p in node.named_children if node else []:
        if p.type == "comment":
            continue
        if p.type in ("required_parameter", "optional_parameter"):  # TS wrappers
            pattern = p.child_by_field_name("pattern")
            value = p.child_by_field_name("value")
        elif p.type == "assignment_pattern":
            pattern = p.child_by_field_name("left")
            value = p.child_by_field_name("right")
        else:
            pattern, value = p, None
        if pattern is not None and pattern.type == "identifier":
            params.append(Param(pattern.text.decode(), value, "plain", p))
        elif pattern is not None and pattern.type == "rest_pattern":
            inner = pattern.named_children[0]
            params.append(Param(inner.text.decode(), None, "rest", p))
        else:
            # Recorded, not refused: only methods reached by the closure are
            # lowered, and the lowering names the construct if it is ever needed.
            kind = pattern.type if pattern is not None else p.type
            params.append(Param(f"_arg{len(params)}", value, kind, p))
    return params
