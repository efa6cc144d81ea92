"""What a websocket client reports to, and reads from, whoever owns it.

:class:`~ccxtpro.ws.client.WsClient` knows its owner only through this
protocol, so the client does not import the manager that creates it
(:class:`~ccxtpro.ws.manager.ConnectionManager` implements it).
"""

from __future__ import annotations

from typing import Any, Protocol

from ..redact import Redactor
from .telemetry import Telemetry


class ConnectionObserver(Protocol):
    """The owner of a client: its settings, and the two events it is told."""

    verbose: bool
    redactor: Redactor
    telemetry: Telemetry

    def client_connected(self, client: Any) -> None:
        """The client's connection is open."""

    def client_closed(self, client: Any, error: BaseException, rejected: int) -> None:
        """The client ended with ``error``; ``rejected`` waiters failed with it."""
