"""Binance user-data streams that stay alive: its auth routes, and what to do when
Binance ends a stream.

How each account type authenticates (CCXT 4.5.84's ``authenticate``): spot by a
websocket-API ``userDataStream.subscribe.signature`` that lives as long as its
connection; margin by a listen token subscribed over the same websocket API;
USD-M, COIN-M and options by a listen key from REST, carried in the stream URL.
CCXT Pro establishes each once. Where it loses one it does not recover:

* a ``listenKeyExpired`` event is not handled at all, so every watch on that
  connection waits forever;
* ``eventStreamTerminated`` rejects the account type's hash only, so pending
  ``watch_orders``/``watch_balance`` calls wait forever;
* after a dropped connection, a margin watch finds its listen token "fresh"
  and never subscribes on the new connection: it waits forever.

The routes below let the runtime re-authenticate any of them
(``exchange.reauthenticate(type)``, and automatically when a connection that
carried user data is lost); the two handlers end the waits with a
``NetworkError`` (a ``stream_*`` iterator retries it) and re-authenticate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ccxtpro.errors import NetworkError


def _ws_api_url(exchange: Any) -> str | None:
    try:
        return exchange.urls["api"]["ws"]["ws-api"]["spot"]
    except (KeyError, TypeError):
        return None


def _forget(exchange: Any, account_type: str) -> None:
    """Mark ``account_type``'s cached credential stale (CCXT authenticates again
    when ``lastAuthenticatedTime`` is old); the rest of its options stay."""
    options = dict((exchange.options or {}).get(account_type) or {})
    exchange.options[account_type] = {**options, "lastAuthenticatedTime": 0}


class SignatureRoute:
    """Spot: a websocket-API subscription signed with the API key, per connection."""

    account_type = "spot"

    def forget(self, exchange: Any) -> None:
        client = exchange.clients.get(_ws_api_url(exchange))
        if client is not None:
            client.subscriptions.pop(self.account_type, None)

    async def authenticate(self, exchange: Any, params: Mapping[str, Any]) -> None:
        await exchange.ensure_user_data_stream_ws_subscribe_signature(self.account_type)

    def lost_with(self, exchange: Any, client: Any) -> bool:
        return client.url == _ws_api_url(exchange) and self.account_type in client.subscriptions


class ListenTokenRoute:
    """Margin: a listen token from REST, subscribed over the websocket API."""

    account_type = "margin"

    def forget(self, exchange: Any) -> None:
        _forget(exchange, self.account_type)

    async def authenticate(self, exchange: Any, params: Mapping[str, Any]) -> None:
        options = (exchange.options or {}).get(self.account_type) or {}
        kept = {k: options[k] for k in ("symbol", "isIsolated", "validity") if options.get(k) is not None}
        await exchange.ensure_user_data_stream_ws_subscribe_listen_token(self.account_type, {**kept, **params})

    def lost_with(self, exchange: Any, client: Any) -> bool:
        token = ((exchange.options or {}).get(self.account_type) or {}).get("listenToken")
        return bool(token) and client.url == _ws_api_url(exchange)


class ListenKeyRoute:
    """USD-M, COIN-M, options: a listen key from REST, in the stream's URL."""

    def __init__(self, account_type: str) -> None:
        self.account_type = account_type

    def forget(self, exchange: Any) -> None:
        _forget(exchange, self.account_type)

    async def authenticate(self, exchange: Any, params: Mapping[str, Any]) -> None:
        await exchange.authenticate({**params, "type": self.account_type})

    def lost_with(self, exchange: Any, client: Any) -> bool:
        return False  # the key outlives the connection: dialing its URL again resumes the stream

    def uses(self, exchange: Any, listen_key: str) -> bool:
        return ((exchange.options or {}).get(self.account_type) or {}).get("listenKey") == listen_key


AUTH_ROUTES: dict[str, Any] = {
    "spot": SignatureRoute(),
    "margin": ListenTokenRoute(),
    "future": ListenKeyRoute("future"),
    "delivery": ListenKeyRoute("delivery"),
    "option": ListenKeyRoute("option"),
}

#: the route for the event CCXT's handleMessage does not know
ROUTES = [{"path": "e", "value": "listenKeyExpired", "handler": "handle_listen_key_expired"}]


def handle_listen_key_expired(exchange: Any, client: Any, frame: Any) -> None:
    """The key in this connection's URL is dead: its account type authenticates
    again (a new key, so a new URL), and the connection ends, failing its waiters."""
    listen_key = frame.get("listenKey") if isinstance(frame, dict) else None
    for account_type, route in AUTH_ROUTES.items():
        if isinstance(route, ListenKeyRoute) and listen_key and route.uses(exchange, listen_key):
            exchange.reauthenticate_soon(account_type, "listen key expired")
    client.fail(NetworkError(f"{exchange.id} listen key expired: the user-data stream on "
                             f"{client.safe_url} ended (re-authenticating)"))


def handle_event_stream_terminated(exchange: Any, client: Any, frame: Any) -> None:
    """Binance ended the websocket-API user-data subscriptions: CCXT's handler,
    then the waits it leaves behind end, and the stream is established again.
    Requests in flight on the connection (numeric ids) are left alone."""
    carried = exchange.authenticated_types(client)
    type(exchange).handle_event_stream_terminated(exchange, client, frame)
    error = NetworkError(f"{exchange.id} user-data stream terminated by the exchange (re-authenticating)")
    for message_hash in [h for h in client.futures if not (isinstance(h, str) and h.isdigit())]:
        client.reject(error, message_hash)
    for account_type in carried:
        exchange.reauthenticate_soon(account_type, "event stream terminated")


HANDLERS = {
    "handle_listen_key_expired": handle_listen_key_expired,
    "handle_event_stream_terminated": handle_event_stream_terminated,
}
