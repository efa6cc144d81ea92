"""Re-authentication of user-data streams, through the routes plugins register.

A private stream stays authenticated only as long as what authenticated it:
a websocket-API subscription lives and dies with its connection, a listen key
expires, an exchange may end a stream. CCXT Pro's generated ``authenticate``
establishes a stream once; when the stream is lost it either fails the
waiters or, worse, keeps them waiting on a connection that will never carry
another event. The runtime re-authenticates instead, through the exchange's
auth routes (hook ``ccxtpro_auth_routers``): one :class:`AuthRoute` per market
or account type.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class AuthRoute(Protocol):
    """How one market or account type of an exchange authenticates its user data."""

    def forget(self, exchange: Any) -> None:
        """Drop what the exchange caches for this type (a listen key, a token, a
        subscription), so the next authentication, whoever starts it, starts
        afresh. Synchronous: called the moment the stream is known lost."""

    async def authenticate(self, exchange: Any, params: Mapping[str, Any]) -> None:
        """Establish the type's user-data stream (after :meth:`forget`)."""

    def lost_with(self, exchange: Any, client: Any) -> bool:
        """Whether losing ``client``'s connection loses this type's user-data
        stream (a subscription made on that connection), so that it must be
        established again; a stream that outlives its connection (a listen key
        in the URL: dialing again resumes it) is not lost with it."""
