"""Subscriptions Binance refused are forgotten, so the next watch asks again.

Binance answers a ``SUBSCRIBE`` (or a websocket-API request) it cannot serve with
``{"error": {"code": …, "msg": …}, "id": <request id>}``. CCXT 4.5.84's
``handleWsError`` rejects the waiters of the subscription that carried that id,
but forgets the subscription itself only when it names a ``subscription`` key,
which Binance's market-stream subscriptions do not. The connection then believes
the stream subscribed: the retried ``watch_*`` (a ``stream_*`` iterator retries
at once) sends nothing, no data ever comes, and the connection, having delivered
only the error, is too young for the stall watchdog: the stream waits forever.
The fault matrix's "error reply" row measured it (``ccxtpro_binance.faultmatrix``;
CCXT's client hangs the same way).

Here CCXT's handler runs first, then every subscription registered under the
refused request id is forgotten, so the next watch re-sends it.
"""

from __future__ import annotations

from typing import Any


def handle_ws_error(exchange: Any, client: Any, frame: Any) -> None:
    """CCXT's ``handle_ws_error``, then the refused request's subscriptions are forgotten."""
    request_id = frame.get("id") if isinstance(frame, dict) else None
    try:
        type(exchange).handle_ws_error(exchange, client, frame)
    finally:
        if request_id is not None:
            wanted = str(request_id)
            for key, subscription in list(client.subscriptions.items()):
                if isinstance(subscription, dict) and str(subscription.get("id")) == wanted:
                    client.subscriptions.pop(key, None)


HANDLERS = {"handle_ws_error": handle_ws_error}
