"""Errors that say a request's outcome is unknown, and what to recover it with.

Kept out of :mod:`ccxtpro.errors`, which mirrors CCXT's exception tree name for
name: these are ccxtpro's own subclasses of CCXT classes, so code that catches
CCXT's ``RequestTimeout`` / ``NetworkError`` catches them too.
"""

from __future__ import annotations

from typing import Any

from .errors import RequestTimeout


class OrderOutcomeUnknown(RequestTimeout):
    """An order request (create, edit, cancel) was sent and no reply came: the
    connection dropped or the reply timed out. The exchange may or may not
    have acted on it. Look the order up by :attr:`client_order_id` (``fetch_order``
    / ``fetch_order_ws`` with ``{"clientOrderId": …}``), or by :attr:`order_id`
    for a cancel or an edit, before sending it again.

    Attributes: ``method`` (e.g. ``"create_order_ws"``), ``symbol``,
    ``client_order_id`` (the one the request carried; ``None`` only when the
    request named none, e.g. a cancel by order id), ``order_id`` (the order a
    cancel or an edit targeted, else ``None``)."""

    def __init__(self, message: str, *, method: str, symbol: str | None, client_order_id: str | None,
                 order_id: Any = None) -> None:
        super().__init__(message)
        self.method = method
        self.symbol = symbol
        self.client_order_id = client_order_id
        self.order_id = order_id


__all__ = ["OrderOutcomeUnknown"]
