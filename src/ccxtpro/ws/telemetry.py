"""Telemetry events for attachable handlers, and verbose logging that never
prints a credential.

Events are plain, immutable records; handlers are called synchronously in the
order they were attached, and a failing handler is logged, never propagated,
so observing the runtime cannot break it. Building an event costs nothing when
no handler is attached: emitters check :attr:`Telemetry.active` first.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..redact import Redactor, is_sensitive

logger = logging.getLogger("ccxtpro.ws")

EVENTS = ("connect", "send", "message", "disconnect", "reconnect", "resolve", "reject", "error")


@dataclass(frozen=True, slots=True)
class WsEvent:
    """One thing that happened on a connection.

    ``type`` is one of :data:`EVENTS`; ``data`` carries what that type needs
    (the frame for ``message``/``send``, ``message_hash`` for ``resolve``/
    ``reject``, ``error`` for ``reject``/``error``/``disconnect``, ``delay`` and
    ``attempt`` for ``reconnect``, ``code`` for ``disconnect``).
    """

    type: str
    url: str
    timestamp: int
    data: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        if key in ("type", "url", "timestamp"):
            return getattr(self, key)
        return self.data[key]


Handler = Callable[[WsEvent], Any]


class Telemetry:
    """The handlers attached to one exchange instance."""

    __slots__ = ("handlers", "active")

    def __init__(self) -> None:
        self.handlers: list[tuple[Handler, frozenset[str] | None]] = []
        self.active = False

    def add(self, handler: Handler, types: Any = None) -> Handler:
        """Attach ``handler`` for every event type, or only ``types`` (a name or
        an iterable of names). Returns the handler, so it works as a decorator."""
        if types is not None:
            wanted = frozenset([types] if isinstance(types, str) else types)
            unknown = wanted.difference(EVENTS)
            if unknown:
                raise ValueError(f"unknown telemetry event types {sorted(unknown)}; known: {list(EVENTS)}")
        else:
            wanted = None
        self.handlers.append((handler, wanted))
        self.active = True
        return handler

    def remove(self, handler: Handler) -> None:
        self.handlers = [(h, t) for h, t in self.handlers if h != handler]
        self.active = bool(self.handlers)

    def emit(self, type_: str, url: str, **data: Any) -> None:
        event = WsEvent(type_, url, int(time.time() * 1000), data)
        for handler, types in self.handlers:
            if types is not None and type_ not in types:
                continue
            try:
                handler(event)
            except Exception:  # a broken observer must not break the runtime
                logger.exception("telemetry handler %r failed on %s", handler, type_)


# -- redaction -----------------------------------------------------------------


def learn_secrets(redactor: Redactor, obj: Any) -> None:
    """Teach ``redactor`` every value found under a sensitive key in ``obj``
    (a decoded frame), so the value is masked wherever it shows up later,
    e.g. a listen key inside a stream URL."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(v, (dict, list)):
                learn_secrets(redactor, v)
            elif isinstance(k, str) and isinstance(v, str) and is_sensitive(k):
                redactor.add(v)
    elif isinstance(obj, list):
        for v in obj:
            learn_secrets(redactor, v)


def redacted(redactor: Redactor, obj: Any) -> str:
    """``obj`` (a frame as text, bytes or decoded, a URL…) as text fit for a log."""
    if isinstance(obj, (bytes, bytearray)):
        obj = bytes(obj).decode("utf-8", "replace")
    if isinstance(obj, (dict, list)):
        learn_secrets(redactor, obj)
        try:
            obj = orjson.dumps(obj, default=str).decode()
        except TypeError:
            obj = repr(obj)
    return redactor.text(obj)
