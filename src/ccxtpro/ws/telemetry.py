"""Telemetry events for attachable handlers.

Events are plain, immutable records; handlers are called synchronously in the
order they were attached, and a failing handler is logged, never propagated,
so observing the runtime cannot break it. Handlers usually ship events to log
aggregators, so every event is redacted before a handler sees it: its URL, its
frame or request, its error (:class:`~ccxtpro.redact.Redactor`). Building an
event costs nothing when no handler is attached: emitters check
:attr:`Telemetry.active` first.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..redact import Redactor

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

    __slots__ = ("handlers", "active", "wanted", "messages", "redactor")

    def __init__(self, redactor: Redactor | None = None) -> None:
        self.handlers: list[tuple[Handler, frozenset[str] | None]] = []
        self.active = False  # someone listens to something
        self.wanted: frozenset[str] = frozenset()  # the event types someone listens to
        self.messages = False  # someone listens to every frame (the costly one: redacted per frame)
        self.redactor = redactor if redactor is not None else Redactor()

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
        self._listening()
        return handler

    def remove(self, handler: Handler) -> None:
        self.handlers = [(h, t) for h, t in self.handlers if h != handler]
        self._listening()

    def _listening(self) -> None:
        wanted: set[str] = set()
        for _, types in self.handlers:
            wanted.update(EVENTS if types is None else types)
        self.wanted = frozenset(wanted)
        self.active = bool(wanted)
        self.messages = "message" in wanted

    def emit(self, type_: str, url: str, **data: Any) -> None:
        if type_ not in self.wanted:
            return
        redactor = self.redactor
        event = WsEvent(type_, redactor.url(url), int(time.time() * 1000),
                        {k: redactor.scrub(v) for k, v in data.items()})
        for handler, types in self.handlers:
            if types is not None and type_ not in types:
                continue
            try:
                handler(event)
            except Exception:  # a broken observer must not break the runtime
                logger.exception("telemetry handler %r failed on %s", handler, type_)
