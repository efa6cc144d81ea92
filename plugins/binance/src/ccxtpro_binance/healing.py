"""Order books that heal: with ``checksum`` off, a sequence gap re-syncs the book.

CCXT 4.5.84's ``handle_order_book`` raises ``ChecksumError`` on a gap when the
``watchOrderBook.checksum`` option is on (the default), which fails the waiter
and makes a ``stream_order_book`` re-subscribe. With the option off it ignores
the diff, and since no later diff chains onto the book's nonce again, the book
freezes and ``watch_order_book`` never resolves (issue 10 measured it).

Here, with the option off, a diff that does not chain re-syncs the book in
place: a fresh book, the diffs cached while a new snapshot is fetched, the
waiter resolved by the snapshot as on a first subscription. Nothing is raised,
as the user asked. The frame path calls :func:`handle_order_book` only for
frames its fast path declined, so ordinary diffs pay nothing for it.
"""

from __future__ import annotations

from typing import Any

from ccxtpro.functions import safe_integer


def _chains(book: Any, message: dict) -> bool:
    """Whether ``message`` may be applied to (or is already in) ``book``: Binance's rules
    as CCXT's handler applies them (spot ``U``/``u``, futures ``pu``)."""
    nonce = safe_integer(book, "nonce")
    first, last, previous = (safe_integer(message, k) for k in ("U", "u", "pu"))
    if nonce is None or first is None or last is None:
        return True  # before the snapshot, or not a diff: CCXT's handler decides
    if previous is None:
        if last <= nonce:
            return True
        if safe_integer(book, "timestamp") is None:
            return first - 1 <= nonce <= last - 1
        return first - 1 == nonce
    return last < nonce or first <= nonce or previous == nonce


def _checksum_off(exchange: Any) -> bool:
    return exchange.handle_option("watchOrderBook", "checksum", True) is not True


def resync(exchange: Any, client: Any, symbol: str, message: Any) -> bool:
    """Replace ``symbol``'s book by an empty one and fetch a new snapshot, as subscribing does.

    Returns False when no order-book subscription for ``symbol`` is found on ``client``.
    """
    for subscription in list(client.subscriptions.values()):
        if not isinstance(subscription, dict) or symbol not in (subscription.get("symbols") or ()):
            continue
        if getattr(subscription.get("method"), "__name__", "") != "handle_order_book_subscription":
            continue
        limit = safe_integer(subscription, "limit", safe_integer(exchange.options, "watchOrderBookLimit", 1000))
        exchange.orderbooks[symbol] = exchange.order_book({}, limit)
        exchange.spawn(exchange.fetch_order_book_snapshot, client, message,
                       exchange.extend(subscription, {"symbol": symbol}))
        return True
    return False


def handle_order_book(exchange: Any, client: Any, message: Any) -> None:
    """CCXT's ``handle_order_book``, except that with ``checksum`` off a gap re-syncs."""
    if isinstance(message, dict) and _checksum_off(exchange):
        market_type = "spot" if exchange.is_spot_url(client) else "swap"  # as CCXT's handler picks it
        symbol = exchange.safe_market(message.get("s"), None, None, market_type).get("symbol")
        book = exchange.orderbooks.get(symbol) if symbol is not None else None
        if book is not None and not _chains(book, message) and resync(exchange, client, symbol, message):
            return
    exchange.handle_order_book(client, message)
