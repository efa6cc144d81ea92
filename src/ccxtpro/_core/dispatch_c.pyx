"""Frame dispatch, compiled: the per-frame path of ``dispatch_py``.

Route parsing and validation are shared with the twin (they run once); what
is compiled is the lookup of a frame's fields and the handler call. See
``dispatch_py`` for the route format.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.object cimport PyObject

from .dispatch_py import RouteError, parse_path
from .dispatch_py import RouteTable as _RouteTablePy
from .dispatch_py import _resolve, raw_handler

cdef enum:
    K_VALUE = 0
    K_PRESENT = 1
    K_NOT_VALUES = 2
    K_REQUEST_ID = 3
    K_KEYS = 4


cdef inline object _lookup(object frame, tuple path):
    cdef object cur = frame
    cdef object seg
    cdef PyObject* item
    cdef Py_ssize_t idx
    for seg in path:
        if type(cur) is dict:
            if type(seg) is str:
                item = PyDict_GetItem(cur, seg)
            else:
                item = PyDict_GetItem(cur, str(seg))
            if item is NULL:
                return None
            cur = <object>item
        elif type(cur) is list and type(seg) is int:
            idx = seg
            if idx < 0 or idx >= PyList_GET_SIZE(cur):
                return None
            cur = <object>PyList_GET_ITEM(cur, idx)
        else:
            return None
        if cur is None:
            return None
    return cur


cdef bint _keys_match(dict frame, tuple keys):
    cdef object key
    cdef PyObject* item
    for key in <tuple>keys[0]:
        if PyDict_GetItem(frame, key) is NULL:
            return False
    for key in <tuple>keys[1]:
        item = PyDict_GetItem(frame, key)
        if item is not NULL and <object>item is not None:
            return False
    return True


def lookup(frame, path):
    """The member of ``frame`` at ``path`` (a parsed path tuple), or ``None``."""
    return _lookup(frame, tuple(path))


cdef class _Probe:
    cdef int kind
    cdef tuple path
    cdef object key  # the path when it is one string key (most are): looked up without a loop
    cdef object table
    cdef object handler
    cdef object payload

    def __init__(self, int kind, tuple path, table, handler, payload):
        self.kind = kind
        self.path = path
        self.key = path[0] if len(path) == 1 and type(path[0]) is str else None
        self.table = table
        self.handler = handler
        self.payload = payload


class RouteTable(_RouteTablePy):
    """A compiled, validated route list; bind it to an object to dispatch."""

    def bind(self, target, handlers=None):
        """A dispatcher calling ``target``'s methods (or the ``handlers`` that
        stand in for them); see ``dispatch_py.RouteTable.bind``."""
        return Dispatcher(self, target, handlers)


cdef class Dispatcher:
    """Routes frames to bound handlers; see ``dispatch_py``."""

    cdef readonly object table
    cdef readonly object target
    cdef tuple _unwraps
    cdef tuple _probes
    cdef dict _text
    cdef object _fallback
    cdef object _fallback_payload
    cdef readonly object raw

    def __init__(self, table, target, handlers=None):
        cdef list probes = []
        self.table = table
        self.target = target
        self._unwraps = tuple(table.unwraps)
        for kind, path, tbl, handler, payload in table.probes:
            if kind == K_VALUE:
                bound = {v: (_resolve(target, h, handlers), p) for v, (h, p) in tbl.items()}
                probes.append(_Probe(kind, path, bound, None, None))
            else:
                probes.append(_Probe(kind, path, tbl, _resolve(target, handler, handlers), payload))
        self._probes = tuple(probes)
        self._text = {t: (_resolve(target, h, handlers), p) for t, (h, p) in table.text.items()}
        fb = table.fallback
        self._fallback = _resolve(target, fb[0], handlers) if fb is not None else None
        self._fallback_payload = fb[1] if fb is not None else None
        self.raw = raw_handler(target, handlers)

    @property
    def fallback(self):
        return self._fallback

    cpdef bint dispatch(self, object client, object frame) except? 0:
        """Call the handler the first matching route names with
        ``(client, frame)``; False when no route matched."""
        cdef tuple pair
        cdef _Probe probe
        cdef object value, hit, handler, payload, inner
        cdef PyObject* item
        for pair in self._unwraps:
            if type(frame) is dict:
                item = PyDict_GetItem(frame, pair[0])
                if item is not NULL:
                    inner = (<dict>frame).get(pair[1])
                    if type(inner) is dict:
                        frame = inner
        for probe in self._probes:
            if probe.key is not None:
                if type(frame) is not dict:
                    continue
                item = PyDict_GetItem(frame, probe.key)
                if item is NULL or <object>item is None:
                    continue
                value = <object>item
            else:
                value = _lookup(frame, probe.path)
                if value is None:
                    continue
            if probe.kind == K_VALUE:
                if type(value) is str:
                    item = PyDict_GetItem(<dict>probe.table, value)
                    if item is NULL:
                        continue
                    hit = <object>item
                else:
                    try:
                        hit = (<dict>probe.table).get(value)
                    except TypeError:
                        continue
                    if hit is None:
                        continue
                handler = (<tuple>hit)[0]
                payload = (<tuple>hit)[1]
            elif probe.kind == K_PRESENT:
                handler = probe.handler
                payload = probe.payload
            elif probe.kind == K_NOT_VALUES:
                try:
                    if value in probe.table:
                        continue
                except TypeError:
                    pass
                handler = probe.handler
                payload = probe.payload
            elif probe.kind == K_KEYS:
                if type(frame) is not dict or not _keys_match(<dict>frame, <tuple>probe.table):
                    continue
                handler = probe.handler
                payload = probe.payload
            else:
                if self._request(client, frame, value, probe):
                    return True
                continue
            if payload is None:
                handler(client, frame)
            else:
                handler(client, _lookup(frame, payload))
            return True
        if self._fallback is not None:
            if self._fallback_payload is None:
                self._fallback(client, frame)
            else:
                self._fallback(client, _lookup(frame, self._fallback_payload))
            return True
        return False

    cdef bint _request(self, object client, object frame, object value, _Probe probe) except? 0:
        cdef object key = value if type(value) is str else str(value)
        cdef object subscriptions = client.subscriptions
        cdef object sub, method
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
            if probe.payload is None:
                probe.handler(client, frame)
            else:
                probe.handler(client, _lookup(frame, probe.payload))
            return True
        return False

    def dispatch_text(self, client, str text):
        """Route a non-JSON text frame by its exact content; False if unknown."""
        hit = self._text.get(text)
        if hit is None:
            return False
        hit[0](client, text)
        return True


__all__ = ["RouteError", "RouteTable", "Dispatcher", "lookup", "parse_path"]
