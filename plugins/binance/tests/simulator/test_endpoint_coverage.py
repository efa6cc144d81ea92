"""Every REST endpoint that CCXT's Binance Pro methods can reach (spot, USD-M, COIN-M) is served."""

from __future__ import annotations

import importlib.util
import pathlib

from ccxtpro_binance.simulator.core import SimCore
from ccxtpro_binance.simulator.rest import RestApi

TOOL = pathlib.Path(__file__).parents[2] / "tools" / "derive_rest_endpoints.py"
OUT_OF_SCOPE = ("/eapi/", "/papi/", "/sapi/v1/equity/")  # options, portfolio margin, tokenized stocks


def test_derived_endpoints_are_served():
    spec = importlib.util.spec_from_file_location("derive_rest_endpoints", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.derive()
    assert len(rows) > 20
    routes = RestApi(SimCore(autostep=False, key_kinds=())).routes
    missing = [(r["method"], r["path"]) for r in rows
               if not r["path"].startswith(OUT_OF_SCOPE) and (r["method"], r["path"]) not in routes]
    assert missing == []
