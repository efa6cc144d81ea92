"""Frame dispatch: a route table compiled once, looked up per frame.

Pure-Python twin of ``dispatch_c`` (same names, same behaviour). Plugins
describe frames as a flat list of route dicts (hook ``ccxtpro_channels``),
tried in order of first appearance:

``{"unwrap": "data", "if_present": "stream"}``
    Before routing, a dict frame holding key ``if_present`` (default: the
    ``unwrap`` key itself) is replaced by its ``unwrap`` member when that is a
    dict. Preludes apply in the order given, each at most once.
``{"path": "e", "value": "trade", "handler": "handle_trade"}``
    The field at ``path`` equals ``value`` (``"values": [...]`` for several).
    ``path`` is dotted (``"data.e"``, ``"0.e"`` indexes a list frame) or a
    list of segments. All value routes on one path share one hash lookup.
``{"path": "error", "present": True, "handler": "handle_error"}``
    The field exists and is not ``None``.
``{"path": "status", "not_values": ["200", 200], "handler": "handle_error"}``
    The field exists, is not ``None`` and is none of those values.
``{"path": "id", "request_id": True, "handler": "handle_status"}``
    Request-id routing for request/response APIs. The id (as a string) is
    looked up in ``client.subscriptions``: an entry there is one-shot and is
    removed; if it is a dict with a callable ``"method"`` that is called with
    ``(client, frame)``. Otherwise a waiter keyed by the id is resolved with
    the frame. Otherwise ``handler`` (optional) is called when the id is
    present. Nothing of those: the next route is tried.
``{"keys_present": ["a", "b"], "keys_missing": ["e"], "handler": "handle_quote"}``
    A dict frame holding every key of ``keys_present`` (any value, as JS's
    ``in``) whose ``keys_missing`` are absent or ``None``: event-less shapes.
``{"text": "pong", "handler": "handle_pong"}``
    A text frame that is not JSON, matched verbatim.
``{"fallback": "handle_other"}``
    Called when nothing else matched. At most one.

Before any of this, a frame may be taken as received: a ``raw_frame`` entry
among the bound handlers (``(target, client, data) -> bool``, see the hook
``ccxtpro_parsers``) becomes :attr:`Dispatcher.raw`, which the websocket
client calls with each frame's ``str``, ``bytes`` or ``memoryview`` before
decoding it; True means it handled the frame completely, False that the frame
is decoded and routed as usual.

Any route may add ``"payload": "<path>"`` to hand the handler the member at
that path instead of the whole frame. Handlers are looked up by name on the
target once, when the table is bound; a missing one is an error then, not at
the first frame.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MethodType
from typing import Any

VALUE = 0
PRESENT = 1
NOT_VALUES = 2
REQUEST_ID = 3
KEYS = 4


class RouteError(ValueError):
    """Raised when a route list is malformed or names a handler the target lacks."""


def parse_path(path: Any) -> tuple:
    """``"data.e"`` -> ``("data", "e")``; digits become list indices."""
    if isinstance(path, str):
        parts: list[Any] = path.split(".")
    elif isinstance(path, (list, tuple)) and path:
        parts = list(path)
    else:
        raise RouteError(f"route path must be a dotted string or a list of segments, got {path!r}")
    out = []
    for part in parts:
        if isinstance(part, str) and part.isdigit():
            out.append(int(part))
        elif isinstance(part, (str, int)) and part != "":
            out.append(part)
        else:
            raise RouteError(f"bad path segment {part!r} in {path!r}")
    return tuple(out)


def lookup(frame: Any, path: tuple) -> Any:
    """The member of ``frame`` at ``path``, or ``None``."""
    cur = frame
    for seg in path:
        if type(cur) is dict:
            cur = cur.get(seg if type(seg) is str else str(seg))
        elif type(cur) is list and type(seg) is int:
            if seg >= len(cur):
                return None
            cur = cur[seg]
        else:
            return None
        if cur is None:
            return None
    return cur


def _keys_match(frame: dict, keys: tuple) -> bool:
    present, missing = keys
    for key in present:
        if key not in frame:
            return False
    for key in missing:
        if frame.get(key) is not None:
            return False
    return True


class _Probe:
    """One step of the compiled table (internal)."""

    __slots__ = ("kind", "path", "table", "handler", "payload")

    def __init__(self, kind: int, path: tuple, table: Any, handler: Any, payload: Any) -> None:
        self.kind = kind
        self.path = path
        self.table = table
        self.handler = handler
        self.payload = payload


def compile_routes(routes: Iterable[Mapping[str, Any]]) -> tuple[list, list, dict, Any]:
    """Validate ``routes``; returns (unwraps, probes, text routes, fallback),
    with handler *names* still unresolved. Shared by both twins."""
    unwraps: list[tuple[str, str]] = []
    probes: list[list[Any]] = []  # [kind, path, table-or-None, handler, payload]
    value_probe: dict[tuple, list[Any]] = {}
    text: dict[str, tuple[str, Any]] = {}
    fallback = None
    for route in routes:
        if not isinstance(route, Mapping):
            raise RouteError(f"a route must be a mapping, got {route!r}")
        payload = parse_path(route["payload"]) if route.get("payload") is not None else None
        if "unwrap" in route:
            key = route["unwrap"]
            unwraps.append((route.get("if_present", key), key))
            continue
        if "fallback" in route:
            if fallback is not None:
                raise RouteError(f"two fallback routes: {fallback[0]!r} and {route['fallback']!r}")
            fallback = (route["fallback"], payload)
            continue
        handler = route.get("handler")
        if "text" in route:
            if not isinstance(route["text"], str) or not handler:
                raise RouteError(f"text route needs a string 'text' and a 'handler': {route!r}")
            text.setdefault(route["text"], (handler, payload))
            continue
        if "keys_present" in route:
            present = route["keys_present"]
            missing = route.get("keys_missing", ())
            if not handler or not isinstance(present, (list, tuple)) or not present \
                    or not isinstance(missing, (list, tuple)) \
                    or not all(isinstance(k, str) for k in (*present, *missing)):
                raise RouteError(f"keys route needs string lists 'keys_present' (non-empty), "
                                 f"'keys_missing' and a 'handler': {route!r}")
            probes.append([KEYS, (), (tuple(present), tuple(missing)), handler, payload])
            continue
        if "path" not in route:
            raise RouteError(f"route has neither path, unwrap, text nor fallback: {route!r}")
        path = parse_path(route["path"])
        if route.get("request_id"):
            probes.append([REQUEST_ID, path, None, handler, payload])
            continue
        if not handler:
            raise RouteError(f"route needs a 'handler': {route!r}")
        if "value" in route or "values" in route:
            values = list(route["values"]) if "values" in route else [route["value"]]
            probe = value_probe.get(path)
            if probe is None:
                probe = [VALUE, path, {}, None, None]
                value_probe[path] = probe
                probes.append(probe)
            for v in values:
                probe[2].setdefault(v, (handler, payload))
        elif "not_values" in route:
            probes.append([NOT_VALUES, path, frozenset(route["not_values"]), handler, payload])
        elif route.get("present"):
            probes.append([PRESENT, path, None, handler, payload])
        else:
            raise RouteError(f"route on path {route['path']!r} needs value, values, present, "
                             f"not_values or request_id: {route!r}")
    return unwraps, probes, text, fallback


def _resolve(target: Any, name: Any, handlers: Mapping[str, Any] | None = None) -> Any:
    if name is None:
        return None
    if callable(name):
        return name
    if handlers and name in handlers:
        # a plugin's handler ``(target, client, frame)`` stands in for the method of that name
        fn = handlers[name]
        if not callable(fn):
            raise RouteError(f"handler {name!r} registered for {type(target).__name__} is not callable")
        return MethodType(fn, target)
    fn = getattr(target, name, None)
    if fn is None or not callable(fn):
        raise RouteError(f"route handler {name!r} is not a method of {type(target).__name__}")
    return fn


#: the name under which a plugin's handlers may carry a taker of frames as received
RAW_FRAME = "raw_frame"


def raw_handler(target: Any, handlers: Mapping[str, Any] | None) -> Any:
    """``handlers["raw_frame"]`` bound to ``target`` (a callable ``(client, data) -> bool``), or None."""
    fn = handlers.get(RAW_FRAME) if handlers else None
    if fn is None:
        return None
    if not callable(fn):
        raise RouteError(f"{RAW_FRAME!r} registered for {type(target).__name__} is not callable")
    return MethodType(fn, target)


class RouteTable:
    """A compiled, validated route list; bind it to an object to dispatch."""

    def __init__(self, routes: Iterable[Mapping[str, Any]]) -> None:
        self.routes = list(routes)
        self.unwraps, self.probes, self.text, self.fallback = compile_routes(self.routes)

    def bind(self, target: Any, handlers: Mapping[str, Any] | None = None) -> "Dispatcher":
        """A dispatcher calling ``target``'s methods; raises :class:`RouteError`
        when a named handler is missing. ``handlers`` (name -> callable taking
        ``(target, client, frame)``) stand in for the methods of those names:
        this is how a plugin's ``ccxtpro_parsers`` reach the frame path."""
        return Dispatcher(self, target, handlers)

    def handler_names(self) -> set:
        names = set()
        for _, _, table, handler, _ in self.probes:
            if table is not None and isinstance(table, dict):
                names.update(h for h, _ in table.values())
            elif handler is not None:
                names.add(handler)
        names.update(h for h, _ in self.text.values())
        if self.fallback is not None:
            names.add(self.fallback[0])
        return {n for n in names if isinstance(n, str)}


class Dispatcher:
    """Routes frames to bound handlers; see the module docstring."""

    def __init__(self, table: RouteTable, target: Any, handlers: Mapping[str, Any] | None = None) -> None:
        self.table = table
        self.target = target
        self.unwraps = tuple(table.unwraps)
        probes = []
        for kind, path, tbl, handler, payload in table.probes:
            if kind == VALUE:
                bound = {v: (_resolve(target, h, handlers), p) for v, (h, p) in tbl.items()}
                probes.append(_Probe(kind, path, bound, None, None))
            else:
                probes.append(_Probe(kind, path, tbl, _resolve(target, handler, handlers), payload))
        self.probes = tuple(probes)
        self.text = {t: (_resolve(target, h, handlers), p) for t, (h, p) in table.text.items()}
        fb = table.fallback
        self.fallback = _resolve(target, fb[0], handlers) if fb is not None else None
        self.fallback_payload = fb[1] if fb is not None else None
        self.raw = raw_handler(target, handlers)

    def dispatch(self, client: Any, frame: Any) -> bool:
        """Call the handler the first matching route names with
        ``(client, frame)``; False when no route matched."""
        for key, member in self.unwraps:
            if type(frame) is dict and key in frame:
                inner = frame.get(member)
                if type(inner) is dict:
                    frame = inner
        for probe in self.probes:
            value = lookup(frame, probe.path)
            if value is None:
                continue
            kind = probe.kind
            if kind == VALUE:
                try:
                    hit = probe.table.get(value)
                except TypeError:  # an unhashable member never matches
                    continue
                if hit is None:
                    continue
                handler, payload = hit
            elif kind == PRESENT:
                handler, payload = probe.handler, probe.payload
            elif kind == NOT_VALUES:
                try:
                    if value in probe.table:
                        continue
                except TypeError:
                    pass
                handler, payload = probe.handler, probe.payload
            elif kind == KEYS:
                if type(frame) is not dict or not _keys_match(frame, probe.table):
                    continue
                handler, payload = probe.handler, probe.payload
            else:
                if self._request(client, frame, value, probe):
                    return True
                continue
            handler(client, frame if payload is None else lookup(frame, payload))
            return True
        if self.fallback is not None:
            payload = self.fallback_payload
            self.fallback(client, frame if payload is None else lookup(frame, payload))
            return True
        return False

    def _request(self, client: Any, frame: Any, value: Any, probe: _Probe) -> bool:
        key = value if type(value) is str else str(value)
        subscriptions = client.subscriptions
        if key in subscriptions:
            sub = subscriptions.pop(key)
            method = sub.get("method") if type(sub) is dict else None
            if method is not None and callable(method):
                method(client, frame)
                return True
        if key in client.futures:
            client.resolve(frame, key)
            return True
        if probe.handler is not None:
            payload = probe.payload
            probe.handler(client, frame if payload is None else lookup(frame, payload))
            return True
        return False

    def dispatch_text(self, client: Any, text: str) -> bool:
        """Route a non-JSON text frame by its exact content; False if unknown."""
        hit = self.text.get(text)
        if hit is None:
            return False
        hit[0](client, text)
        return True
