"""The loaded program: the three CCXT classes, parsed, with IR lowered on demand.

Passes, back end and manifest all look methods up the way JS dispatch does
(Pro class, then REST class, then base class), so the resolution lives here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import ir
from .frontend import ClassModel, MethodModel, ParsedFile, parse_file
from .lower import lower_method
from .source import SourceError, SourceSet
from .target import Target

LAYERS = ("pro", "rest", "base")


@dataclass
class Program:
    source: SourceSet
    files: dict[str, ParsedFile]
    classes: dict[str, ClassModel]
    primitives: list[str]  # names the base class binds from CCXT's functions module
    instance_props: list[str]  # names the base constructor assigns on ``this``
    _ir: dict[tuple[str, str], ir.Method] = field(default_factory=dict)
    idioms: dict[tuple[str, str], dict] = field(default_factory=dict)  # what idiom passes lowered
    memo: dict[str, dict] = field(default_factory=dict)  # per-pass caches of facts read off one method's IR

    @property
    def target(self) -> Target:
        """The exchange being translated (its names, paths and generated classes)."""
        return self.source.target

    def model(self, layer: str, name: str) -> MethodModel:
        return self.classes[layer].methods[name]

    def method_ir(self, layer: str, name: str) -> ir.Method:
        key = (layer, name)
        if key not in self._ir:
            self._ir[key] = lower_method(self.model(layer, name), layer)
        return self._ir[key]

    def resolve(self, name: str, start: str = "pro") -> str | None:
        """Layer whose definition of ``name`` a call starting at ``start`` reaches."""
        for layer in LAYERS[LAYERS.index(start):]:
            if name in self.classes[layer].methods:
                return layer
        return None

    def imported_names(self, module_tail: str) -> set[str]:
        """Names imported by any of the three files from a module whose path ends with ``module_tail``."""
        names: set[str] = set()
        for pf in self.files.values():
            for stmt in pf.tree.root_node.named_children:
                if stmt.type != "import_statement":
                    continue
                src = stmt.child_by_field_name("source")
                if src is None or not src.text.decode().strip("'\"").endswith(module_tail):
                    continue
                stack = list(stmt.named_children)
                while stack:
                    n = stack.pop()
                    if n.type == "import_specifier":
                        alias = n.child_by_field_name("alias") or n.child_by_field_name("name")
                        names.add(alias.text.decode())
                    else:
                        stack.extend(n.named_children)
        return names

    def parent(self, layer: str) -> str | None:
        i = LAYERS.index(layer)
        return LAYERS[i + 1] if i + 1 < len(LAYERS) else None


def load_program(src: SourceSet) -> Program:
    files = {}
    for layer, path in (("pro", src.pro), ("rest", src.rest), ("base", src.base)):
        files[layer] = parse_file(path, src.relpath(path))
    classes = {layer: pf.main_class() for layer, pf in files.items()}
    classes["base"] = _merged_base(files["base"])
    for layer, expected in src.target.ccxt_classes.items():
        if classes[layer].name != expected:
            raise SourceError(f"{files[layer].path}: expected class {expected}, found {classes[layer].name}"
                              f" (is this the source of {src.target.id}?)")
    return Program(src, files, classes, _primitive_names(files["base"]),
                   _constructor_props(classes["base"]))


def _merged_base(pf: ParsedFile) -> ClassModel:
    """Exchange.{js,ts} holds ``BaseExchange`` and ``Exchange extends BaseExchange``.

    Both are "the base class" to the exchanges; the derived one's definitions win.
    """
    methods: dict[str, MethodModel] = {}
    for cls in pf.classes:  # declaration order: base first, derived after
        methods.update(cls.methods)
    last = pf.classes[-1]
    return ClassModel(last.name, last.superclass, methods, pf.path)


def _constructor_props(cls: ClassModel) -> list[str]:
    """``this.x = …`` targets in the base constructor (config fields, bound helpers)."""
    ctor = cls.methods.get("constructor")
    names: set[str] = set()
    stack = [ctor.body] if ctor else []
    while stack:
        node = stack.pop()
        if node.type == "assignment_expression":
            left = node.child_by_field_name("left")
            if left.type == "member_expression" and left.child_by_field_name("object").type == "this":
                names.add(left.child_by_field_name("property").text.decode())
        stack.extend(node.named_children)
    return sorted(names)


def _primitive_names(pf: ParsedFile) -> list[str]:
    """Names destructured from ``functions`` at the top of Exchange.{js,ts}.

    These are CCXT's hand-written per-language primitives (safeString, extend,
    iso8601, hmac…): the runtime implements them, the generator never does.
    """
    names: list[str] = []
    for stmt in pf.tree.root_node.named_children:
        if stmt.type not in ("lexical_declaration", "variable_declaration"):
            continue
        for decl in stmt.named_children:
            if decl.type != "variable_declarator":
                continue
            pattern = decl.child_by_field_name("name")
            value = decl.child_by_field_name("value")
            if pattern is None or value is None or pattern.type != "object_pattern":
                continue
            if value.type != "identifier" or value.text != b"functions":
                continue
            for prop in pattern.named_children:
                if prop.type == "shorthand_property_identifier_pattern":
                    names.append(prop.text.decode())
                elif prop.type == "pair_pattern":
                    names.append(prop.child_by_field_name("value").text.decode())
    return sorted(set(names))
