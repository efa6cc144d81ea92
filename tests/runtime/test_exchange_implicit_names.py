"""Implicit REST method names and endpoint configs match CCXT's exactly.

CCXT 4.5.84 (the test oracle) ships each exchange's implicit API as
``ccxt.abstract.<id>.ImplicitAPI``; building ours from the same exchange's
``api`` description must give the same names, paths, API, verb and config.
"""

from __future__ import annotations

import importlib

import pytest

from ccxtpro.implicit import build_endpoints, endpoint_names, iter_endpoints

ccxt = pytest.importorskip("ccxt")
from ccxt.base.types import Entry  # noqa: E402

ORACLE_EXCHANGES = ["binance", "kraken", "bitbank", "okx", "bybit", "gate", "coinbase", "kucoin", "bitget", "htx"]


@pytest.mark.parametrize("exchange_id", ORACLE_EXCHANGES)
def test_names_and_configs_match_ccxt(exchange_id: str) -> None:
    api = getattr(ccxt, exchange_id)().api
    oracle = {
        name: entry
        for name, entry in vars(importlib.import_module(f"ccxt.abstract.{exchange_id}").ImplicitAPI).items()
        if isinstance(entry, Entry)
    }
    ours = build_endpoints(api)
    assert set(ours) == set(oracle)
    for name, entry in oracle.items():
        mine = ours[name]
        assert (mine.path, mine.api, mine.method, mine.config) == (entry.path, entry.api, entry.method, entry.config), name


def test_naming_rules() -> None:
    assert endpoint_names(["public"], "GET", "ticker/24hr") == ("publicGetTicker24hr", "public_get_ticker_24hr")
    assert endpoint_names(["dapiPublic"], "GET", "depth") == ("dapiPublicGetDepth", "dapipublic_get_depth")
    assert endpoint_names(["broker", "private"], "post", "v1/{account_id}/x:by_id") == (
        "brokerPrivatePostV1AccountIdXById",
        "broker_private_post_v1_account_id_x_by_id",
    )


def test_costs_lists_and_nesting() -> None:
    api = {"v1": {"public": {"get": {"a": 2, "b": {"cost": 3, "noSymbol": 1}}, "post": ["c"]}}}
    got = {(tuple(a), m, p): c for a, m, p, c in iter_endpoints(api)}
    assert got == {
        (("v1", "public"), "GET", "a"): {"cost": 2},
        (("v1", "public"), "GET", "b"): {"cost": 3, "noSymbol": 1},
        (("v1", "public"), "POST", "c"): {},
    }
