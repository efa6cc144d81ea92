"""One websocket client per URL, for one exchange instance.

The manager creates clients on demand, forgets them when they close (so the
next watch dials afresh and re-sends its subscriptions), remembers per URL how
the last connections ended (:class:`~ccxtpro.ws.protocol.ReconnectPolicy`),
and is where telemetry and introspection live.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from ..redact import Redactor
from .client import WsClient
from .protocol import Phase, ReconnectPolicy
from .telemetry import Telemetry, logger


class ConnectionManager:
    """Owns the clients of one exchange; see the module docstring."""

    def __init__(self, *, on_message: Callable[[Any, Any], Any],
                 on_text: Callable[[Any, str], bool] | None = None,
                 on_raw: Callable[[Any, Any], bool] | None = None,
                 client_options: Callable[[str], dict[str, Any]] | None = None,
                 reconnect_options: dict[str, Any] | None = None,
                 redactor: Redactor | None = None,
                 on_connected: Callable[[WsClient], Any] | None = None,
                 on_closed: Callable[[WsClient, BaseException], Any] | None = None) -> None:
        self.clients: dict[str, WsClient] = {}
        self.policies: dict[str, ReconnectPolicy] = {}
        self.redactor = redactor if redactor is not None else Redactor()
        self.telemetry = Telemetry(self.redactor)
        self.verbose = False
        self._on_message = on_message
        self._on_text = on_text
        self._on_raw = on_raw
        self._client_options = client_options
        self._reconnect_options = dict(reconnect_options or {})
        self._on_connected = on_connected
        self._on_closed = on_closed
        self._history: dict[str, dict[str, Any]] = {}

    def policy(self, url: str) -> ReconnectPolicy:
        policy = self.policies.get(url)
        if policy is None:
            policy = self.policies[url] = ReconnectPolicy(**self._reconnect_options)
        return policy

    def client(self, url: str) -> WsClient:
        """The live client for ``url``, created (not yet connected) if needed."""
        client = self.clients.get(url)
        if client is None:
            opts = self._client_options(url) if self._client_options is not None else {}
            client = WsClient(url, self, self._on_message, self._on_text, on_raw=self._on_raw, **opts)
            self.clients[url] = client
        return client

    def connect(self, client: WsClient) -> asyncio.Future:
        """Make sure ``client`` is dialing; a dial after a failed or dropped
        connection to the same URL waits the backoff delay and is reported as
        a ``reconnect`` event."""
        if client.state.is_idle:
            policy = self.policy(client.url)
            delay = policy.take_delay()
            if policy.failures:
                policy.reconnects += 1
                if self.verbose:
                    logger.info("%s reconnecting in %.3fs (attempt %d)", self.redactor.url(client.url),
                                delay, policy.failures)
                if self.telemetry.active:
                    self.telemetry.emit("reconnect", client.url, delay=delay, attempt=policy.failures)
            return client.connect(delay)
        return client.connected

    # -- callbacks from clients ------------------------------------------------

    def client_connected(self, client: WsClient) -> None:
        if self.verbose:
            logger.info("%s connected", self.redactor.url(client.url))
        if self.telemetry.active:
            self.telemetry.emit("connect", client.url)
        if self._on_connected is not None:
            self._on_connected(client)

    def client_closed(self, client: WsClient, error: BaseException, rejected: int) -> None:
        """A client ended: forget it, and remember how, for the next dial."""
        if self.clients.get(client.url) is client:
            del self.clients[client.url]
        state = client.state
        self.policy(client.url).connection_ended(state.connected_at, state.closed_at or 0.0, state.closed_by_user,
                                                 delivered=state.frames_received > 0)
        self._history[client.url] = state.info()
        if self.verbose:
            logger.info("%s disconnected: %s", self.redactor.url(client.url),
                        self.redactor.text(str(error)))
        if self.telemetry.active:
            self.telemetry.emit("disconnect", client.url, code=state.close_code, error=error,
                                rejected=rejected, by_user=state.closed_by_user)
        if self._on_closed is not None and not state.closed_by_user:
            self._on_closed(client, error)

    # -- introspection and teardown ----------------------------------------------

    def connections(self) -> list[str]:
        # a client never dialled (CCXT keeps futures on fake ones, e.g. "authenticationFlights")
        # is not a connection
        return [url for url, client in self.clients.items() if client.state.phase is not Phase.IDLE]

    def connection_info(self, url: str) -> dict[str, Any] | None:
        """Live state of the client for ``url``, else how the last one ended,
        else ``None``; redacted."""
        client = self.clients.get(url)
        if client is not None:
            info = client.info()
        elif url in self._history:
            info = dict(self._history[url])
        else:
            return None
        policy = self.policies.get(url)
        info["reconnects"] = policy.reconnects if policy is not None else 0
        info["failures"] = policy.failures if policy is not None else 0
        return self.redactor.scrub(info)  # read by dashboards and CLIs: the URL may hold a listen key

    async def close_connection(self, url: str) -> bool:
        client = self.clients.get(url)
        if client is None:
            return False
        await client.close()
        return True

    async def close_all(self) -> None:
        clients = list(self.clients.values())
        if clients:
            await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
        self.clients.clear()
