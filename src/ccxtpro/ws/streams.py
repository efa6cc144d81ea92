"""Async iterators over watch methods: ``async for t in ex.stream_ticker(s)``.

A stream calls the same watch method again and again, yielding each result.
Failures that retrying may fix (``OperationFailed``: a dropped connection, a
keepalive timeout, an unreadable frame, an order-book gap) are retried: the
next call dials afresh after the backoff delay and re-sends its subscription,
and an order book re-syncs from a new snapshot. Anything else (a bad symbol,
an authentication error, the exchange being closed) ends the stream by
raising. There is no background task: between items a stream holds nothing,
so leaving the loop (``break``) or ``aclose()`` is all the cleanup needed.

A stream misses nothing a slow consumer would: every update that arrived
while the consumer was busy is queued for it, frozen as it was (a bounded
:class:`~ccxtpro.ws.backlog.Backlog` per stream, fair across symbols, with an
explicit overflow policy: ``queue_size`` and ``overflow``), and handed over in
order by the next calls, where a plain ``watch_*`` waits for the next update
and gets CCXT's shared caches, as CCXT's does.

``stream_<x>`` exists for every ``watch_<x>`` method of an exchange: it is
``exchange.watch_stream("watch_<x>", ...)``. One function makes them all
(:func:`bind_stream`): CCXT's unified names are declared on
:class:`~ccxtpro.ws.mixin.WsMixin` with their signatures
(:func:`stream_method`), so type checkers and ``help()`` see them, and any
other ``watch_<x>`` an exchange has gets its ``stream_<x>`` on attribute
lookup; :func:`stream_names` lists them all for ``dir()``. An exchange without
``watch_<x>`` has no ``stream_<x>``, declared or not (``AttributeError``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any, Concatenate, Generic, ParamSpec, overload

from ..errors import BadRequest, OperationFailed
from .backlog import OVERFLOW_POLICIES, Backlog, streaming

_P = ParamSpec("_P")

#: ``watch_*`` methods of the runtime itself (:class:`~ccxtpro.ws.mixin.WsMixin`):
#: plumbing that takes URLs and message hashes, so no ``stream_*`` is made of them
RUNTIME_WATCH_METHODS = frozenset({"watch_multiple", "watch_request", "watch_stream"})

_STREAM, _WATCH = "stream_", "watch_"


def watch_method_for(cls: type, stream_name: str) -> str | None:
    """The ``watch_<x>`` method ``stream_name`` (``stream_<x>``) repeats on
    instances of ``cls``, or ``None`` if ``cls`` has no such watch method."""
    if not stream_name.startswith(_STREAM):
        return None
    watch_name = _WATCH + stream_name[len(_STREAM):]
    if watch_name in RUNTIME_WATCH_METHODS or not callable(getattr(cls, watch_name, None)):
        return None
    return watch_name


def stream_names(cls: type) -> Iterator[str]:
    """``stream_<x>`` for every ``watch_<x>`` method of ``cls``."""
    for name in dir(cls):
        if name.startswith(_WATCH):
            stream_name = _STREAM + name[len(_WATCH):]
            if watch_method_for(cls, stream_name) is not None:
                yield stream_name


def bind_stream(exchange: Any, stream_name: str, declared: Callable[..., Any] | None = None
                ) -> Callable[..., WatchStream]:
    """``exchange.stream_<x>``: a function of the watch method's arguments (and
    ``max_retries``) returning ``exchange.watch_stream("watch_<x>", ...)``.
    ``declared`` (a :func:`stream_method` declaration) gives it its documented
    signature and docstring. Raises ``AttributeError`` when the exchange has
    no ``watch_<x>``."""
    watch_name = watch_method_for(type(exchange), stream_name)
    if watch_name is None:
        raise AttributeError(f"{type(exchange).__name__!r} object has no attribute {stream_name!r}")

    def stream(*args: Any, **kwargs: Any) -> WatchStream:
        return exchange.watch_stream(watch_name, *args, **kwargs)

    stream.__name__ = stream_name
    stream.__qualname__ = f"{type(exchange).__name__}.{stream_name}"
    if declared is not None:
        stream.__doc__ = declared.__doc__
        params = list(inspect.signature(declared).parameters.values())[1:]  # without self
        stream.__signature__ = inspect.Signature(params, return_annotation=WatchStream)  # type: ignore[attr-defined]
    else:
        stream.__doc__ = f"``{watch_name}`` repeated across reconnects: ``watch_stream({watch_name!r}, ...)``."
    return stream


class StreamMethod(Generic[_P]):
    """A declared ``stream_<x>`` (see :func:`stream_method`): on an instance,
    :func:`bind_stream` of the instance, typed with the declaration's parameters."""

    def __init__(self, declared: Callable[Concatenate[Any, _P], WatchStream]) -> None:
        self.declared = declared
        self.name = declared.__name__
        self.__doc__ = declared.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        if name != self.name or not name.startswith(_STREAM) or name == _STREAM:
            raise TypeError(f"a stream declaration must be named stream_<x>, not {name!r}")

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> StreamMethod[_P]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> Callable[_P, WatchStream]: ...

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return bind_stream(obj, self.name, self.declared)

    def __repr__(self) -> str:
        return f"<stream method {self.name}>"


def stream_method(declared: Callable[Concatenate[Any, _P], WatchStream]) -> StreamMethod[_P]:
    """Declare ``stream_<x>`` with ``watch_<x>``'s parameters (plus ``max_retries``).

    The declaration's body is never run: the instance's ``stream_<x>`` is
    :func:`bind_stream`, exactly what an undeclared ``stream_<y>`` is.
    """
    return StreamMethod(declared)


class WatchStream:
    """Repeats ``exchange.<method>(*args, **kwargs)``; see the module docstring.

    ``max_retries`` bounds consecutive failed calls (None: unbounded, each
    retry still waits the connection's backoff delay). ``queue_size`` bounds the
    updates kept for a consumer that fell behind, ``overflow`` says what happens
    past it (``"raise"``: :exc:`~ccxtpro.ws.backlog.StreamOverflow`, after the
    updates before it; ``"drop_oldest"``: counted in ``dropped``).
    """

    __slots__ = ("exchange", "method", "name", "args", "kwargs", "max_retries", "retries", "closed", "items",
                 "backlog", "__weakref__")

    def __init__(self, exchange: Any, method_name: str, args: tuple = (), kwargs: dict | None = None,
                 max_retries: int | None = 25, queue_size: int = 100_000, overflow: str = "raise") -> None:
        method = getattr(exchange, method_name, None)
        if method is None or not callable(method):
            raise AttributeError(f"{type(exchange).__name__} has no watch method {method_name!r}")
        self.exchange = exchange
        self.method = method
        self.name = method_name
        self.args = args
        self.kwargs = kwargs or {}
        self.max_retries = max_retries
        self.retries = 0  # retried failures over the stream's life
        self.closed = False
        self.items = 0
        label = f"stream_{method_name[len(_WATCH):]}" if method_name.startswith(_WATCH) else method_name
        shown = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in self.kwargs.items()])
        if overflow not in OVERFLOW_POLICIES:
            raise BadRequest(f"{label}: overflow must be one of {', '.join(map(repr, OVERFLOW_POLICIES))}, "
                             f"not {overflow!r}")
        if not isinstance(queue_size, int) or isinstance(queue_size, bool) or queue_size < 1:
            raise BadRequest(f"{label}: queue_size must be a positive integer, not {queue_size!r}")
        self.backlog = Backlog(f"{label}({shown})", queue_size, overflow, _chunk(method, args, self.kwargs))

    @property
    def dropped(self) -> int:
        """Updates not handed over: past ``queue_size`` (reported by a
        ``StreamOverflow`` under ``overflow="raise"``), or evicted by the
        exchange's cache before they could be queued."""
        return self.backlog.dropped

    @property
    def queued(self) -> int:
        """Updates received and not yet handed over."""
        return len(self.backlog)

    def __aiter__(self) -> WatchStream:
        return self

    async def __anext__(self) -> Any:
        failures = 0
        while True:
            if self.closed:
                raise StopAsyncIteration
            token = streaming.set(self.backlog)
            try:
                result = await self.method(*self.args, **self.kwargs)
            except OperationFailed:
                if self.closed:
                    raise StopAsyncIteration from None
                failures += 1
                self.retries += 1
                if self.max_retries is not None and failures > self.max_retries:
                    raise
                continue
            finally:
                streaming.reset(token)
            if self.closed:
                raise StopAsyncIteration
            self.items += 1
            return result

    async def aclose(self) -> None:
        """End the stream: the next ``__anext__`` stops the iteration."""
        self.closed = True
        self.backlog.detach()

    def __del__(self) -> None:
        # a loop left with ``break`` never calls aclose(): stop being fed once unreachable
        backlog = getattr(self, "backlog", None)
        if backlog is not None:
            backlog.detach()

    async def __aenter__(self) -> WatchStream:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (f"<WatchStream {self.name}{self.args!r} items={self.items} retries={self.retries} "
                f"queued={len(self.backlog)} dropped={self.backlog.dropped}>")


def _chunk(method: Any, args: tuple, kwargs: dict) -> int | None:
    """The watch call's ``limit`` argument (most rows per item), if it has one."""
    try:
        bound = inspect.signature(method).bind_partial(*args, **kwargs)
    except (TypeError, ValueError):
        return None
    limit = bound.arguments.get("limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        return limit
    return None
