"""The hook implementations the ``ccxtpro`` entry point names: Binance for ``ccxtpro.load``.

Everything exchange-specific comes from the generated package (the exchange
class, the frame routes derived from CCXT's ``handleMessage`` table), the compiled
frame handlers, and the list of response fields that are secrets.
"""

from __future__ import annotations

from typing import Any

from ccxtpro.hookspecs import hookimpl

EXCHANGE_ID = "binance"


@hookimpl
def ccxtpro_exchanges() -> dict[str, Any]:
    from .generated import Binance

    return {EXCHANGE_ID: Binance}


@hookimpl
def ccxtpro_channels(exchange_id: str) -> list[Any] | None:
    if exchange_id != EXCHANGE_ID:
        return None
    from .generated import ROUTES

    return list(ROUTES)


@hookimpl
def ccxtpro_parsers(exchange_id: str) -> dict[str, Any] | None:
    """Binance's compiled frame handlers (``ccxtpro_binance.frames``), by the handler names they stand in for."""
    if exchange_id != EXCHANGE_ID:
        return None
    from .frames import HANDLERS

    return dict(HANDLERS)


#: response fields whose values are secrets: user-data stream credentials, and the
#: secret half of API keys the broker and sub-account endpoints create
SENSITIVE_FIELDS = ("listenKey", "listenToken", "secretKey")


@hookimpl
def ccxtpro_sensitive_fields(exchange_id: str) -> list[str] | None:
    if exchange_id != EXCHANGE_ID:
        return None
    return list(SENSITIVE_FIELDS)
