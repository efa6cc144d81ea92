"""The hook implementations the ``ccxtpro`` entry point names: Binance for ``ccxtpro.load``.

Everything exchange-specific comes from the generated package (the exchange
class, the frame routes derived from CCXT's ``handleMessage`` table), the compiled
frame handlers, the signing schemes Binance accepts, and the response fields
that are secrets.
"""

from __future__ import annotations

from typing import Any

from ccxtpro.hookspecs import hookimpl

EXCHANGE_ID = "binance"


@hookimpl
def ccxtpro_exchanges() -> dict[str, Any]:
    from .exchange import Binance  # the generated class with the runtime's warm-up and order-outcome hooks

    return {EXCHANGE_ID: Binance}


@hookimpl
def ccxtpro_channels(exchange_id: str) -> list[Any] | None:
    if exchange_id != EXCHANGE_ID:
        return None
    from .generated import ROUTES
    from .userdata import ROUTES as USER_DATA_ROUTES

    routes = list(ROUTES)
    fallback = next((i for i, r in enumerate(routes) if "fallback" in r), len(routes))
    return routes[:fallback] + USER_DATA_ROUTES + routes[fallback:]


@hookimpl
def ccxtpro_parsers(exchange_id: str) -> dict[str, Any] | None:
    """Binance's compiled frame handlers (``ccxtpro_binance.frames``), its user-data stream
    handlers (``ccxtpro_binance.userdata``) and its error replies (``ccxtpro_binance.subscriptions``),
    by the handler names they stand in for."""
    if exchange_id != EXCHANGE_ID:
        return None
    from . import frames, subscriptions, userdata

    return {**frames.HANDLERS, **userdata.HANDLERS, **subscriptions.HANDLERS}


@hookimpl
def ccxtpro_auth_routers(exchange_id: str) -> dict[str, Any] | None:
    """How each account type's user data (re)authenticates (``ccxtpro_binance.userdata``)."""
    if exchange_id != EXCHANGE_ID:
        return None
    from .userdata import AUTH_ROUTES

    return dict(AUTH_ROUTES)


#: how Binance signs: HMAC-SHA256 secrets, RSA and Ed25519 PEM keys
SIGNING_SCHEMES = ("HMAC-SHA256", "RSA-SHA256", "Ed25519")


@hookimpl
def ccxtpro_signers(exchange_id: str) -> list[Any] | None:
    """The core's implementations of the three schemes Binance accepts, first in its wiring."""
    if exchange_id != EXCHANGE_ID:
        return None
    from ccxtpro.signers import CORE_SCHEMES

    return [scheme for name in SIGNING_SCHEMES for scheme in CORE_SCHEMES if scheme.name == name]


#: response fields whose values are secrets: user-data stream credentials, and the
#: secret half of API keys the broker and sub-account endpoints create
SENSITIVE_FIELDS = ("listenKey", "listenToken", "secretKey")


@hookimpl
def ccxtpro_sensitive_fields(exchange_id: str) -> list[str] | None:
    if exchange_id != EXCHANGE_ID:
        return None
    return list(SENSITIVE_FIELDS)


@hookimpl
def ccxtpro_url_mounts(exchange_id: str) -> dict[str, str] | None:
    """Where Binance's hosts sit on one origin (``ccxtpro_binance.urls``), so a
    ``baseUrl`` string points every URL at the simulator."""
    if exchange_id != EXCHANGE_ID:
        return None
    from .urls import MOUNTS

    return dict(MOUNTS)


@hookimpl
def ccxtpro_rate_budgets(exchange_id: str) -> list[dict[str, Any]] | None:
    """Binance's REQUEST_WEIGHT limits per host (``ccxtpro_binance.ratelimits``)."""
    if exchange_id != EXCHANGE_ID:
        return None
    from .ratelimits import RATE_BUDGETS

    return [dict(b) for b in RATE_BUDGETS]


@hookimpl
def ccxtpro_simulator(exchange_id: str) -> Any:
    """Binance on loopback (``ccxtpro_binance.simulator``): what ``ccxtpro watch --simulate``,
    ``ccxtpro simulate`` and the examples run against."""
    if exchange_id != EXCHANGE_ID:
        return None
    from .simulator import Simulator

    return Simulator
