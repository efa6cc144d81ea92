"""Async iterators over watch methods: ``async for t in ex.stream_ticker(s)``.

A stream calls the same watch method again and again, yielding each result.
Failures that retrying may fix (``OperationFailed``: a dropped connection, a
keepalive timeout, an unreadable frame, an order-book gap) are retried: the
next call dials afresh after the backoff delay and re-sends its subscription,
and an order book re-syncs from a new snapshot. Anything else (a bad symbol,
an authentication error, the exchange being closed) ends the stream by
raising. There is no background task: between items a stream holds nothing,
so leaving the loop (``break``) or ``aclose()`` is all the cleanup needed.

A stream misses nothing a slow consumer would: an update that arrived while
the consumer was busy is handed over at once by the next call (the client
keeps the latest unclaimed result per message hash), where a plain ``watch_*``
waits for the next update as CCXT's does.
"""

from __future__ import annotations

from typing import Any

from ..errors import OperationFailed
from .client import claiming


class WatchStream:
    """Repeats ``exchange.<method>(*args, **kwargs)``; see the module docstring.

    ``max_retries`` bounds consecutive failed calls (None: unbounded, each
    retry still waits the connection's backoff delay).
    """

    __slots__ = ("exchange", "method", "name", "args", "kwargs", "max_retries", "retries", "closed", "items")

    def __init__(self, exchange: Any, method_name: str, args: tuple = (), kwargs: dict | None = None,
                 max_retries: int | None = 25) -> None:
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

    def __aiter__(self) -> WatchStream:
        return self

    async def __anext__(self) -> Any:
        failures = 0
        while True:
            if self.closed:
                raise StopAsyncIteration
            token = claiming.set(True)  # updates that arrived since the last item count as new
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
                claiming.reset(token)
            if self.closed:
                raise StopAsyncIteration
            self.items += 1
            return result

    async def aclose(self) -> None:
        """End the stream: the next ``__anext__`` stops the iteration."""
        self.closed = True

    async def __aenter__(self) -> WatchStream:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<WatchStream {self.name}{self.args!r} items={self.items} retries={self.retries}>"
