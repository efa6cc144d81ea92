"""Tree-sitter syntax → IR.

Works on the parse tree only (node kinds and fields), never on source text: the
one place text is read is a leaf token (identifier, number, string fragment).
Anything outside the subset is a hard ``LowerError`` naming file, line, column
and construct, so a new CCXT release cannot silently produce wrong code.
"""

from __future__ import annotations

import tree_sitter

from . import ir
from .frontend import MethodModel, parse_params


class LowerError(ValueError):
    """Raised for a construct the generator does not translate."""

    def __init__(self, path: str, node: tree_sitter.Node, construct: str):
        self.path = path
        self.line = node.start_point[0] + 1
        self.col = node.start_point[1] + 1
        self.construct = construct
        super().__init__(f"{path}:{self.line}:{self.col}: unsupported construct: {construct}")


# TypeScript-only wrappers whose runtime value is their inner expression.
_TRANSPARENT = {"parenthesized_expression", "as_expression", "non_null_expression",
                "satisfies_expression", "type_assertion"}
_SKIP_STMTS = {"comment", "empty_statement"}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _text(node: tree_sitter.Node) -> str:
    return node.text.decode()


def decode_string(node: tree_sitter.Node, path: str) -> str:
    """A JS string literal's value, from its fragment and escape children."""
    out: list[str] = []
    for ch in node.named_children:
        if ch.type == "string_fragment":
            out.append(_text(ch))
        elif ch.type == "escape_sequence":
            out.append(_decode_escape(_text(ch), ch, path))
        elif ch.type == "comment":
            continue
        else:
            raise LowerError(path, ch, f"string part {ch.type}")
    return "".join(out)


def _decode_escape(esc: str, node: tree_sitter.Node, path: str) -> str:
    body = esc[1:]
    if body[0] in _ESCAPES and len(body) == 1:
        return _ESCAPES[body[0]]
    if body[0] == "u":
        hexdigits = body[2:-1] if body[1:2] == "{" else body[1:]
        return chr(int(hexdigits, 16))
    if body[0] == "x":
        return chr(int(body[1:], 16))
    if body[0] in "\n\r":  # line continuation
        return ""
    if len(body) == 1:
        return body  # \\ \' \" \/ and identity escapes
    raise LowerError(path, node, f"escape {esc!r}")


def parse_number(tok: str) -> int | float:
    tok = tok.replace("_", "")
    low = tok.lower()
    if low.startswith(("0x", "0o", "0b")):
        return int(low, 0)
    if "." in tok or "e" in low:
        f = float(tok)
        return int(f) if f.is_integer() and "e" not in low and abs(f) < 2**53 else f
    return int(tok)


class Lowerer:
    def __init__(self, path: str):
        self.path = path

    def err(self, node: tree_sitter.Node, construct: str) -> LowerError:
        return LowerError(self.path, node, construct)

    def pos(self, node: tree_sitter.Node) -> dict:
        return {"line": node.start_point[0] + 1, "col": node.start_point[1] + 1}

    # ------------------------------------------------------------------ methods

    def method(self, m: MethodModel, owner: str) -> ir.Method:
        params = []
        for p in m.params:
            if p.kind not in ("plain", "rest"):
                raise self.err(p.node, f"parameter pattern {p.kind}")
            default = self.expr(p.default) if p.default is not None else None
            params.append(ir.Param(p.name, default, p.kind == "rest", **self.pos(p.node)))
        return ir.Method(
            name=m.name, params=params, is_async=m.is_async, body=self.block(m.body),
            path=m.path, start_line=m.start_line, end_line=m.end_line, owner=owner,
            line=m.start_line, col=1,
        )

    # ------------------------------------------------------------------ statements

    def block(self, node: tree_sitter.Node) -> list[ir.Stmt]:
        if node.type == "statement_block":
            out: list[ir.Stmt] = []
            for ch in node.named_children:
                out.extend(self.stmt(ch))
            return out
        return self.stmt(node)

    def stmt(self, node: tree_sitter.Node) -> list[ir.Stmt]:
        t = node.type
        pos = self.pos(node)
        if t in _SKIP_STMTS:
            return []
        if t == "statement_block":
            return self.block(node)
        if t in ("lexical_declaration", "variable_declaration"):
            out = []
            for d in node.named_children:
                if d.type != "variable_declarator":
                    continue
                value = d.child_by_field_name("value")
                out.append(ir.VarDecl(self.pattern(d.child_by_field_name("name")),
                                      self.expr(value) if value is not None else None, **self.pos(d)))
            return out
        if t == "expression_statement":
            inner = node.named_children[0]
            if inner.type == "sequence_expression":
                return [ir.ExprStmt(self.expr(e), **self.pos(e)) for e in self._sequence(inner)]
            return [ir.ExprStmt(self.expr(inner), **pos)]
        if t == "return_statement":
            vals = [c for c in node.named_children if c.type != "comment"]
            return [ir.Return(self.expr(vals[0]) if vals else None, **pos)]
        if t == "if_statement":
            alt = node.child_by_field_name("alternative")
            orelse: list[ir.Stmt] = []
            if alt is not None:
                body = [c for c in alt.named_children if c.type != "comment"]
                orelse = self.stmt(body[0]) if body else []
            return [ir.If(self.expr(node.child_by_field_name("condition")),
                          self.block(node.child_by_field_name("consequence")), orelse, **pos)]
        if t == "for_statement":
            init_node = node.child_by_field_name("initializer")
            init = []
            if init_node is not None and init_node.type not in ("empty_statement", ";"):
                init = self.stmt(init_node) if init_node.type.endswith("declaration") or \
                    init_node.type.endswith("statement") else [ir.ExprStmt(self.expr(init_node))]
            cond = node.child_by_field_name("condition")
            if cond is not None and cond.type == "expression_statement":
                cond = cond.named_children[0] if cond.named_children else None
            elif cond is not None and cond.type == "empty_statement":
                cond = None
            inc = node.child_by_field_name("increment")
            updates = [self.expr(e) for e in self._sequence(inc)] if inc is not None else []
            return [ir.For(init, self.expr(cond) if cond is not None else None, updates,
                           self.block(node.child_by_field_name("body")), **pos)]
        if t == "for_in_statement":
            left = node.child_by_field_name("left")
            op = node.child_by_field_name("operator")
            kind = _text(op) if op is not None else "in"
            body = self.block(node.child_by_field_name("body"))
            right = self.expr(node.child_by_field_name("right"))
            target = self.pattern(left)
            if kind == "of":
                return [ir.ForOf(target, right, body, **pos)]
            if not isinstance(target, str):
                raise self.err(left, "for…in with a destructuring target")
            return [ir.ForIn(target, right, body, **pos)]
        if t == "while_statement":
            return [ir.While(self.expr(node.child_by_field_name("condition")),
                             self.block(node.child_by_field_name("body")), **pos)]
        if t == "do_statement":
            return [ir.DoWhile(self.expr(node.child_by_field_name("condition")),
                               self.block(node.child_by_field_name("body")), **pos)]
        if t == "break_statement":
            if node.named_children and node.named_children[0].type != "comment":
                raise self.err(node, "labelled break")
            return [ir.Break(**pos)]
        if t == "continue_statement":
            if node.named_children and node.named_children[0].type != "comment":
                raise self.err(node, "labelled continue")
            return [ir.Continue(**pos)]
        if t == "throw_statement":
            vals = [c for c in node.named_children if c.type != "comment"]
            return [ir.Throw(self.expr(vals[0]), **pos)]
        if t == "try_statement":
            handler = node.child_by_field_name("handler")
            finalizer = node.child_by_field_name("finalizer")
            catch_name = None
            handler_body = None
            if handler is not None:
                param = handler.child_by_field_name("parameter")
                if param is not None:
                    if param.type != "identifier":
                        raise self.err(param, f"catch parameter {param.type}")
                    catch_name = _text(param)
                handler_body = self.block(handler.child_by_field_name("body"))
            fin = self.block(finalizer.child_by_field_name("body")) if finalizer is not None else None
            return [ir.Try(self.block(node.child_by_field_name("body")), catch_name, handler_body, fin, **pos)]
        if t == "switch_statement":
            subject = self.expr(node.child_by_field_name("value"))
            cases = []
            for c in node.child_by_field_name("body").named_children:
                if c.type == "comment":
                    continue
                value = c.child_by_field_name("value") if c.type == "switch_case" else None
                body: list[ir.Stmt] = []
                for s in c.named_children:
                    if value is not None and s.id == value.id:
                        continue
                    body.extend(self.stmt(s))
                cases.append((self.expr(value) if value is not None else None, body))
            return [ir.Switch(subject, cases, **pos)]
        raise self.err(node, f"statement {t}")

    def _sequence(self, node: tree_sitter.Node) -> list[tree_sitter.Node]:
        if node.type == "sequence_expression":
            out = []
            for ch in node.named_children:
                out.extend(self._sequence(ch))
            return out
        return [node]

    def pattern(self, node: tree_sitter.Node) -> ir.Pattern:
        if node.type == "identifier":
            return _text(node)
        if node.type == "array_pattern":
            targets: list[str | None] = []
            rest = None
            expect_value = True
            for ch in node.children:
                if ch.type == ",":
                    if expect_value:
                        targets.append(None)  # hole
                    expect_value = True
                elif ch.type in ("[", "]", "comment"):
                    continue
                elif ch.type == "identifier":
                    targets.append(_text(ch))
                    expect_value = False
                elif ch.type == "rest_pattern":
                    rest = _text(ch.named_children[0])
                    expect_value = False
                else:
                    raise self.err(ch, f"array pattern element {ch.type}")
            return ir.ArrayPattern(targets, rest, **self.pos(node))
        if node.type == "object_pattern":
            props = []
            for ch in node.named_children:
                if ch.type == "shorthand_property_identifier_pattern":
                    props.append((_text(ch), _text(ch)))
                elif ch.type == "pair_pattern":
                    key, value = ch.child_by_field_name("key"), ch.child_by_field_name("value")
                    if value.type != "identifier":
                        raise self.err(value, f"nested object pattern {value.type}")
                    props.append((self._prop_key(key), _text(value)))
                elif ch.type != "comment":
                    raise self.err(ch, f"object pattern element {ch.type}")
            return ir.ObjectPattern(props, **self.pos(node))
        raise self.err(node, f"binding pattern {node.type}")

    def _prop_key(self, key: tree_sitter.Node) -> str:
        if key.type in ("property_identifier", "identifier", "shorthand_property_identifier"):
            return _text(key)
        if key.type == "string":
            return decode_string(key, self.path)
        if key.type == "number":
            v = parse_number(_text(key))
            return str(v)
        raise self.err(key, f"property key {key.type}")

    # ------------------------------------------------------------------ expressions

    def expr(self, node: tree_sitter.Node) -> ir.Expr:
        t = node.type
        pos = self.pos(node)
        if t in _TRANSPARENT:
            inner = [c for c in node.named_children if c.type != "comment"]
            return self.expr(inner[0])
        if t == "identifier":
            name = _text(node)
            if name == "undefined":
                return ir.Undefined(**pos)
            return ir.Name(name, **pos)
        if t in ("undefined", "null"):
            return ir.Undefined(**pos)
        if t == "this":
            return ir.This(**pos)
        if t == "super":
            return ir.Super(**pos)
        if t == "true":
            return ir.Literal(True, **pos)
        if t == "false":
            return ir.Literal(False, **pos)
        if t == "number":
            return ir.Literal(parse_number(_text(node)), **pos)
        if t == "string":
            return ir.Literal(decode_string(node, self.path), **pos)
        if t == "template_string":
            parts: list[str | ir.Expr] = []
            for ch in node.named_children:
                if ch.type == "string_fragment":
                    parts.append(_text(ch))
                elif ch.type == "escape_sequence":
                    parts.append(_decode_escape(_text(ch), ch, self.path))
                elif ch.type == "template_substitution":
                    parts.append(self.expr(ch.named_children[0]))
                else:
                    raise self.err(ch, f"template part {ch.type}")
            return ir.Template(parts, **pos)
        if t == "member_expression":
            obj = node.child_by_field_name("object")
            prop = node.child_by_field_name("property")
            optional = any(c.type == "optional_chain" for c in node.children)
            if prop.type == "private_property_identifier":
                raise self.err(prop, "private field")
            return ir.Member(self.expr(obj), _text(prop), optional, **pos)
        if t == "subscript_expression":
            optional = any(c.type == "optional_chain" for c in node.children)
            return ir.Index(self.expr(node.child_by_field_name("object")),
                            self.expr(node.child_by_field_name("index")), optional, **pos)
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            args_node = node.child_by_field_name("arguments")
            if args_node.type == "template_string":
                raise self.err(node, "tagged template")
            args = self.arguments(args_node)
            optional = any(c.type == "optional_chain" for c in node.children)
            if fn.type == "member_expression":
                obj = fn.child_by_field_name("object")
                prop = _text(fn.child_by_field_name("property"))
                if obj.type == "identifier" and _text(obj) == "Precise":
                    return ir.PreciseCall(prop, args, **pos)
                if obj.type == "identifier" and _text(obj) == "Promise" and prop == "all":
                    if len(args) != 1:
                        raise self.err(node, "Promise.all with several arguments")
                    return ir.PromiseAll(args[0], **pos)
            return ir.Call(self.expr(fn), args, optional, **pos)
        if t == "new_expression":
            ctor = node.child_by_field_name("constructor")
            args_node = node.child_by_field_name("arguments")
            args = self.arguments(args_node) if args_node else []
            if ctor.type == "identifier":
                return ir.New(_text(ctor), args, **pos)
            if ctor.type == "subscript_expression":
                return ir.New(self.expr(ctor), args, **pos)
            raise self.err(ctor, f"new of {ctor.type}")
        if t == "binary_expression":
            op = _text(node.child_by_field_name("operator"))
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if op == "instanceof":
                if right.type != "identifier":
                    raise self.err(right, "instanceof of an expression")
                return ir.InstanceOf(self.expr(left), _text(right), **pos)
            if op in ("&&", "||", "??"):
                return ir.Logical(op, self.expr(left), self.expr(right), **pos)
            if op not in _BINARY_OPS:
                raise self.err(node, f"operator {op}")
            return ir.Binary(op, self.expr(left), self.expr(right), **pos)
        if t == "unary_expression":
            op = _text(node.child_by_field_name("operator"))
            arg = node.child_by_field_name("argument")
            if op == "typeof":
                return ir.TypeOf(self.expr(arg), **pos)
            if op == "delete":
                return ir.Delete(self.expr(arg), **pos)
            if op == "void":
                raise self.err(node, "void operator")
            return ir.Unary(op, self.expr(arg), **pos)
        if t == "update_expression":
            op_node = next(c for c in node.children if c.type in ("++", "--"))
            arg = node.child_by_field_name("argument")
            prefix = node.children[0].type in ("++", "--")
            return ir.Update(op_node.type, self.expr(arg), prefix, **pos)
        if t == "assignment_expression":
            left = node.child_by_field_name("left")
            if left.type in ("array_pattern", "object_pattern"):
                # destructuring assignment: only as a statement (see stmt lowering).
                return ir.Assign("=", ir.PatternTarget(self.pattern(left), **self.pos(left)),
                                 self.expr(node.child_by_field_name("right")), **pos)
            return ir.Assign("=", self.expr(left), self.expr(node.child_by_field_name("right")), **pos)
        if t == "augmented_assignment_expression":
            op = _text(node.child_by_field_name("operator"))
            return ir.Assign(op, self.expr(node.child_by_field_name("left")),
                             self.expr(node.child_by_field_name("right")), **pos)
        if t == "ternary_expression":
            return ir.Ternary(self.expr(node.child_by_field_name("condition")),
                              self.expr(node.child_by_field_name("consequence")),
                              self.expr(node.child_by_field_name("alternative")), **pos)
        if t == "array":
            return ir.ArrayLit([self.expr(c) for c in node.named_children if c.type != "comment"], **pos)
        if t == "object":
            entries: list = []
            for ch in node.named_children:
                if ch.type == "pair":
                    key = ch.child_by_field_name("key")
                    value = self.expr(ch.child_by_field_name("value"))
                    if key.type == "computed_property_name":
                        entries.append((self.expr(key.named_children[0]), value))
                    else:
                        entries.append((self._prop_key(key), value))
                elif ch.type == "shorthand_property_identifier":
                    entries.append((_text(ch), ir.Name(_text(ch), **self.pos(ch))))
                elif ch.type == "spread_element":
                    entries.append(ir.Spread(self.expr(ch.named_children[0]), **self.pos(ch)))
                elif ch.type == "comment":
                    continue
                else:
                    raise self.err(ch, f"object member {ch.type}")
            return ir.ObjectLit(entries, **pos)
        if t == "spread_element":
            return ir.Spread(self.expr(node.named_children[0]), **pos)
        if t == "await_expression":
            return ir.Await(self.expr(node.named_children[0]), **pos)
        if t in ("arrow_function", "function_expression", "function"):
            is_async = any(c.type == "async" for c in node.children)
            params_node = node.child_by_field_name("parameters")
            single = node.child_by_field_name("parameter")
            names: list[str] = []
            if single is not None:
                names = [_text(single)]
            else:
                for p in parse_params(params_node, self.path):
                    if p.kind != "plain" or p.default is not None:
                        raise self.err(p.node, "arrow parameter with default or pattern")
                    names.append(p.name)
            body = node.child_by_field_name("body")
            if body.type == "statement_block":
                return ir.Arrow(names, ir.Block(self.block(body), **self.pos(body)), is_async, **pos)
            return ir.Arrow(names, self.expr(body), is_async, **pos)
        if t == "sequence_expression":
            raise self.err(node, "comma expression")
        if t == "regex":
            raise self.err(node, "regular expression literal")
        raise self.err(node, f"expression {t}")

    def arguments(self, node: tree_sitter.Node) -> list[ir.Expr]:
        return [self.expr(c) for c in node.named_children if c.type != "comment"]


_BINARY_OPS = {"+", "-", "*", "/", "%", "**", "===", "!==", "==", "!=", "<", ">", "<=", ">=",
               "in", "&", "|", "^", "<<", ">>", ">>>"}


def lower_method(m: MethodModel, owner: str) -> ir.Method:
    return Lowerer(m.path).method(m, owner)


def lower_snippet_expr(node: tree_sitter.Node, path: str = "<snippet>") -> ir.Expr:
    return Lowerer(path).expr(node)
