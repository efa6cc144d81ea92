"""The waiter type generated code awaits: an asyncio future with CCXT's verbs."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable


class Future(asyncio.Future):
    """An asyncio future that can be resolved or rejected more than once
    (later calls are ignored), as CCXT Pro's handlers expect."""

    def resolve(self, result=None) -> None:
        if not self.done():
            self.set_result(result)

    def reject(self, error: BaseException | None = None) -> None:
        """Fail the waiter; the exception is marked retrieved so a future nobody
        awaits never logs "exception was never retrieved"."""
        if not self.done():
            self.set_exception(error if error is not None else Exception("rejected"))
            self.exception()

    @classmethod
    def race(cls, futures: Iterable[asyncio.Future]) -> "Future":
        """A future settled by the first of ``futures`` to settle (``watch_multiple``)."""
        futures = list(futures)
        out = cls()
        if not futures:
            out.reject(ValueError("race() needs at least one future"))
            return out

        def settle(f: asyncio.Future) -> None:
            for other in futures:
                other.remove_done_callback(settle)
            if out.done():
                return
            if f.cancelled():
                out.cancel()
            elif f.exception() is not None:
                out.set_exception(f.exception())
            else:
                out.set_result(f.result())

        for f in futures:
            if f.done():
                settle(f)
                return out
        for f in futures:
            f.add_done_callback(settle)
        return out
