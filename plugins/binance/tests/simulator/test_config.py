"""The two ways to point a client here agree: CCXT's ``urls`` override and ccxtpro's ``baseUrl`` map."""

from __future__ import annotations

import ccxt.pro as ccxt_pro
import pytest

from ccxtpro_binance.simulator import Simulator


def _flat(d, prefix=""):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from _flat(v, prefix + k + ".")
        else:
            yield prefix + k, v


async def test_base_url_map_rebases_ccxt_urls_onto_the_simulator():
    config = pytest.importorskip("ccxtpro.config")
    async with Simulator(autostep=False) as sim:
        prod = ccxt_pro.binance().urls["api"]
        rebased = dict(_flat(config.rebase_urls(prod, sim.base_url_map())))
        assert rebased == dict(_flat(sim.ccxt_urls()["api"]))
        cfg = sim.exchange_config("rsa", recvWindow=10000)
        assert config.validate(cfg) == cfg
        assert cfg["apiKey"] == sim.api_keys["rsa"]["apiKey"] and cfg["options"]["recvWindow"] == 10000
        assert "apiKey" not in sim.exchange_config(None)


async def test_ccxt_urls_cover_every_api_name_ccxt_uses():
    async with Simulator(autostep=False) as sim:
        ours = dict(_flat(sim.ccxt_urls()["api"]))
        theirs = dict(_flat(ccxt_pro.binance().urls["api"]))
        assert set(theirs) <= set(ours)
        assert all(v.startswith(("http://127.0.0.1:", "ws://127.0.0.1:")) for v in ours.values())
