"""Frame routes for the ``ccxtpro_channels`` hook, read off an exchange's ``handleMessage``.

CCXT Pro exchanges route a frame in one method: unwrap envelopes, reject error
replies, hand request replies to the method their subscription names, look
the event up in a ``{event: this.handleX}`` table, then deal with what is
left (request acks, event-less shapes). The runtime's compiled route table
(``ccxtpro._core.dispatch_py`` documents the route format) can do all of it
without calling ``handleMessage`` — but only if the routes keep CCXT's order
of checks. So each step is recognised from the IR by its shape, in order, and
becomes routes; if any statement before the event table is not recognised,
no event route is emitted at all (everything goes to the generated
``handle_message``, which is always right, only slower).
"""

from __future__ import annotations

from .. import ir
from ..naming import snake
from . import idioms


def _is_undefined_check(node: object, name: str, op: str = "!==") -> bool:
    return (isinstance(node, ir.Binary) and node.op == op and isinstance(node.left, ir.Name)
            and node.left.id == name and isinstance(node.right, ir.Undefined))


def _safe_on(node: object, method: str, obj: str, nargs: int = 2) -> str | None:
    """The literal key of ``this.<method>(obj, 'key'…)``, else None."""
    if (isinstance(node, ir.SafeAccess) and node.method == method and len(node.args) == nargs
            and isinstance(node.args[0], ir.Name) and node.args[0].id == obj
            and isinstance(node.args[1], ir.Literal) and isinstance(node.args[1].value, str)):
        return node.args[1].value
    return None


def _assigns(stmt: object, target: str) -> object | None:
    """The value of ``target = value;``, else None."""
    if (isinstance(stmt, ir.ExprStmt) and isinstance(stmt.value, ir.Assign) and stmt.value.op == "="
            and isinstance(stmt.value.target, ir.Name) and stmt.value.target.id == target):
        return stmt.value.value
    return None


def _this_call(stmt: object, args: tuple[str, ...]) -> str | None:
    """The method name of ``this.m(<args>)``, else None."""
    value = stmt.value if isinstance(stmt, ir.ExprStmt) else None
    if (isinstance(value, ir.Call) and isinstance(value.func, ir.Member) and isinstance(value.func.obj, ir.This)
            and len(value.args) == len(args)
            and all(isinstance(a, ir.Name) and a.id == n for a, n in zip(value.args, args))):
        return value.func.prop
    return None


class _Steps:
    """Matches the statements before the event table, one recognised step at a time."""

    def __init__(self, body: list, message: str, client: str) -> None:
        self.body = body
        self.msg = message
        self.client = client
        self.i = 0
        self.routes: list[dict] = []

    def at(self, k: int = 0) -> object:
        j = self.i + k
        return self.body[j] if j < len(self.body) else None

    def envelope(self) -> bool:
        """``w = safeString(m, K); if (w !== undefined) m = safeDict(m, D, m)`` -> unwrap D if K present;
        ``e = safeDict(m, K); if (e !== undefined) m = e`` -> unwrap K."""
        decl, cond = self.at(), self.at(1)
        if not (isinstance(decl, ir.VarDecl) and isinstance(decl.target, str) and isinstance(cond, ir.If)
                and not cond.orelse and len(cond.body) == 1 and _is_undefined_check(cond.test, decl.target)):
            return False
        value = _assigns(cond.body[0], self.msg)
        key = _safe_on(decl.value, "safeString", self.msg)
        if key is not None:
            member = _safe_on(value, "safeDict", self.msg, 3)
            if member is None or not (isinstance(value.args[2], ir.Name) and value.args[2].id == self.msg):
                return False
            self.routes.append({"unwrap": member, "if_present": key})
        else:
            key = _safe_on(decl.value, "safeDict", self.msg)
            if key is None or not (isinstance(value, ir.Name) and value.id == decl.target):
                return False
            self.routes.append({"unwrap": key})
        self.i += 2
        return True

    def error_reply(self) -> bool:
        """``s = safeString(m,'status'); e = safeValue(m,'error');
        if (e !== undefined || (s !== undefined && s !== OK)) { this.H(client, m); return }``."""
        d1, d2, cond = self.at(), self.at(1), self.at(2)
        if not (isinstance(d1, ir.VarDecl) and isinstance(d2, ir.VarDecl) and isinstance(cond, ir.If)):
            return False
        decls = {d1.target: d1.value, d2.target: d2.value}
        status = next((n for n, v in decls.items() if _safe_on(v, "safeString", self.msg) is not None), None)
        error = next((n for n, v in decls.items() if _safe_on(v, "safeValue", self.msg) is not None), None)
        if status is None or error is None or cond.orelse or len(cond.body) != 2:
            return False
        test = cond.test
        if not (isinstance(test, ir.Logical) and test.op == "||" and _is_undefined_check(test.left, error)
                and isinstance(test.right, ir.Logical) and test.right.op == "&&"
                and _is_undefined_check(test.right.left, status)):
            return False
        ok = test.right.right
        if not (isinstance(ok, ir.Binary) and ok.op == "!==" and isinstance(ok.left, ir.Name)
                and ok.left.id == status and isinstance(ok.right, ir.Literal) and isinstance(ok.right.value, str)):
            return False
        handler = _this_call(cond.body[0], (self.client, self.msg))
        if handler is None or not isinstance(cond.body[1], ir.Return) or cond.body[1].value is not None:
            return False
        ok_values: list = [ok.right.value]
        if ok.right.value.isdigit():
            ok_values.append(int(ok.right.value))  # safeString turns a numeric status into its digits
        error_key = _safe_on(decls[error], "safeValue", self.msg)
        status_key = _safe_on(decls[status], "safeString", self.msg)
        self.routes.append({"path": error_key, "present": True, "handler": snake(handler)})
        self.routes.append({"path": status_key, "not_values": ok_values, "handler": snake(handler)})
        self.i += 3
        return True

    def request_method(self) -> bool:
        """``id = safeString(m,'id'); s = safeDict(client.subscriptions, id); f = safeValue(s,'method');
        if (f !== undefined) { f.call(this, client, m); return }`` -> a request-id route."""
        d1, d2, d3, cond = self.at(), self.at(1), self.at(2), self.at(3)
        if not all(isinstance(d, ir.VarDecl) and isinstance(d.target, str) for d in (d1, d2, d3)):
            return False
        key = _safe_on(d1.value, "safeString", self.msg)
        subs = d2.value
        if key is None or not (isinstance(subs, ir.SafeAccess) and subs.method == "safeDict" and len(subs.args) == 2
                               and isinstance(subs.args[0], ir.Member) and subs.args[0].prop == "subscriptions"
                               and isinstance(subs.args[1], ir.Name) and subs.args[1].id == d1.target):
            return False
        if _safe_on(d3.value, "safeValue", d2.target) != "method":
            return False
        if not (isinstance(cond, ir.If) and not cond.orelse and _is_undefined_check(cond.test, d3.target)
                and len(cond.body) == 2 and isinstance(cond.body[1], ir.Return)):
            return False
        self.routes.append({"path": key, "request_id": True})
        self.i += 4
        return True


def _after_table(body: list, message: str, client: str, event: str) -> list[dict]:
    """``if (method === undefined) { id = safeString(m,'id'); if (id !== undefined) { this.H(client, m); return }
    if (event === undefined && 'a' in m && 'b' in m) this.H2(client, m) }`` -> a request-id route with a
    handler, and a route on keys present and missing. Anything else: no routes (the fallback decides)."""
    cond = next((s for s in body if isinstance(s, ir.If) and isinstance(s.test, ir.Binary) and s.test.op == "==="
                 and isinstance(s.test.right, ir.Undefined)), None)
    if cond is None:  # (its else branch is the event table's call, routed already)
        return []
    routes: list[dict] = []
    steps = cond.body
    if len(steps) >= 2 and isinstance(steps[0], ir.VarDecl) and isinstance(steps[1], ir.If):
        key = _safe_on(steps[0].value, "safeString", message)
        inner = steps[1]
        if (key is not None and _is_undefined_check(inner.test, steps[0].target) and len(inner.body) == 2
                and isinstance(inner.body[1], ir.Return)):
            handler = _this_call(inner.body[0], (client, message))
            if handler is not None:
                routes.append({"path": key, "request_id": True, "handler": snake(handler)})
    if len(steps) == 3 and isinstance(steps[2], ir.If) and len(steps[2].body) == 1 and not steps[2].orelse:
        present: list[str] = []
        missing: list[str] = []
        ok = True

        def terms(node: object) -> None:
            nonlocal ok
            if isinstance(node, ir.Logical) and node.op == "&&":
                terms(node.left)
                terms(node.right)
            elif (isinstance(node, ir.Binary) and node.op == "in" and isinstance(node.left, ir.Literal)
                  and isinstance(node.right, ir.Name) and node.right.id == message):
                present.append(node.left.value)
            elif _is_undefined_check(node, "event", "==="):
                missing.append(event)
            else:
                ok = False

        terms(steps[2].test)
        handler = _this_call(steps[2].body[0], (client, message))
        if ok and present and handler is not None:
            routes.append({"keys_present": present, "keys_missing": missing, "handler": snake(handler)})
    return routes


def event_key(body: list, message: str) -> str | None:
    """The key whose value the event table is indexed by: ``event = safeString(m, K)``."""
    for stmt in body:
        if isinstance(stmt, ir.VarDecl) and stmt.target == "event":
            return _safe_on(stmt.value, "safeString", message)
    return None


def routes_from(program, layer: str = "pro", method: str = "handleMessage") -> list[dict]:
    """Routes in CCXT's order of checks; see the module docstring."""
    if method not in program.classes[layer].methods:
        return []
    idioms.apply_all(program, layer, method)
    m = program.method_ir(layer, method)
    if len(m.params) != 2:
        return [{"fallback": snake(method)}]
    client, message = m.params[0].name, m.params[1].name
    index = next((k for k, s in enumerate(m.body) if isinstance(s, ir.DispatchTable)), None)
    if index is None:
        return [{"fallback": snake(method)}]
    table = m.body[index]
    steps = _Steps(m.body[:index], message, client)
    while steps.i < index:
        if not (steps.envelope() or steps.error_reply() or steps.request_method()):
            return [{"fallback": snake(method)}]  # an unknown check before the table: keep CCXT's order
    key = event_key(m.body[index:], message)
    if key is None:
        return [{"fallback": snake(method)}]
    # the table keys array frames as "<key of the first element>@arr"
    array_suffix = any(isinstance(n, ir.Literal) and n.value == "@arr" for n in ir.walk(m))
    routes = list(steps.routes)
    for event, handler in table.routes:
        if array_suffix and event.endswith("@arr"):
            routes.append({"path": f"0.{key}", "value": event[: -len("@arr")], "handler": snake(handler)})
        else:
            routes.append({"path": key, "value": event, "handler": snake(handler)})
    routes += _after_table(m.body[index + 1:], message, client, key)
    routes.append({"fallback": snake(method)})
    return routes
