"""The module entry point ``ccxtpro: toy`` names: the hook implementations."""

from __future__ import annotations

from typing import Any

from ccxtpro.hookspecs import hookimpl


@hookimpl
def ccxtpro_exchanges() -> dict[str, Any]:
    from .exchange import Toy

    return {"toy": Toy}


@hookimpl
def ccxtpro_channels(exchange_id: str) -> list[Any] | None:
    if exchange_id != "toy":
        return None
    from .exchange import ROUTES

    return list(ROUTES)
