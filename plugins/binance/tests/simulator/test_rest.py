"""REST: exchangeInfo, market data, signed account endpoints, listen keys, error shapes."""

from __future__ import annotations

import aiohttp
import pytest

from sim_helpers import rest_signed_query


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as s:
        yield s


async def get(http, url, **kw):
    async with http.get(url, **kw) as r:
        return r.status, await r.json()


async def test_exchange_info_all_markets(sim, http):
    for market, needed in (("spot", {"BTCUSDT", "ETHUSDT"}), ("usdm", {"BTCUSDT", "ETHUSDT"}),
                           ("coinm", {"BTCUSD_PERP"})):
        status, info = await get(http, sim.urls["rest"][market] + "/exchangeInfo")
        assert status == 200 and len(info["symbols"]) >= 10
        assert needed <= {s["symbol"] for s in info["symbols"]}
    _, coinm = await get(http, sim.urls["rest"]["coinm"] + "/exchangeInfo")
    assert any(s["contractType"] in ("CURRENT_QUARTER", "NEXT_QUARTER") for s in coinm["symbols"])
    status, one = await get(http, sim.urls["rest"]["spot"] + "/exchangeInfo", params={"symbol": "ETHBTC"})
    assert [s["symbol"] for s in one["symbols"]] == ["ETHBTC"]


async def test_market_data(sim, http):
    base = sim.urls["rest"]["spot"]
    _, t = await get(http, base + "/time")
    assert t["serverTime"] > 0
    _, d = await get(http, base + "/depth", params={"symbol": "BTCUSDT", "limit": "5"})
    assert len(d["bids"]) == 5 and d["lastUpdateId"] > 0
    _, k = await get(http, base + "/klines", params={"symbol": "BTCUSDT", "interval": "1h", "limit": "10"})
    assert len(k) == 10 and all(k[i][0] < k[i + 1][0] for i in range(9))
    _, tr = await get(http, base + "/trades", params={"symbol": "BTCUSDT", "limit": "3"})
    assert len(tr) <= 3
    _, tk = await get(http, base + "/ticker/24hr", params={"symbol": "BTCUSDT"})
    assert float(tk["highPrice"]) >= float(tk["lowPrice"])
    _, bt = await get(http, base + "/ticker/bookTicker")
    assert len(bt) >= 10
    _, pi = await get(http, sim.urls["rest"]["usdm"] + "/premiumIndex", params={"symbol": "BTCUSDT"})
    assert "markPrice" in pi and "lastFundingRate" in pi
    assert (await get(http, base + "/depth", params={"symbol": "NOPE"}))[1] == {"code": -1121, "msg": "Invalid symbol."}
    st, e = await get(http, base + "/klines", params={"symbol": "BTCUSDT", "interval": "7m"})
    assert st == 400 and e["code"] == -1120
    st, e = await get(http, base + "/depth")
    assert e["code"] == -1102


async def test_signed_account_and_rejections(sim, http):
    c = sim.api_keys["rsa"]
    h = {"X-MBX-APIKEY": c["apiKey"]}
    st, acct = await get(http, sim.urls["rest"]["spot"] + "/account?" + rest_signed_query(c, {}), headers=h)
    assert st == 200 and any(b["asset"] == "USDT" for b in acct["balances"])
    q = rest_signed_query(c, {}).replace("timestamp=", "timestamp=1")
    st, e = await get(http, sim.urls["rest"]["spot"] + "/account?" + q, headers=h)
    assert e["code"] in (-1022, -1021)
    st, e = await get(http, sim.urls["rest"]["spot"] + "/account?" + rest_signed_query(c, {}))
    assert st == 401 and e["code"] == -2014
    q = rest_signed_query(sim.api_keys["hmac"], {})
    st, e = await get(http, sim.urls["rest"]["spot"] + "/account?" + q, headers=h)
    assert e["code"] == -1022
    for market in ("usdm", "coinm"):
        v = "/fapi/v2" if market == "usdm" else "/dapi/v1"
        st, pos = await get(http, sim.base_http + v + "/positionRisk?" + rest_signed_query(c, {}), headers=h)
        assert st == 200 and isinstance(pos, list)
        st, bal = await get(http, sim.base_http + v + "/balance?" + rest_signed_query(c, {}), headers=h)
        assert st == 200 and bal


@pytest.mark.parametrize("path", ["/api/v3/userDataStream", "/sapi/v1/userDataStream",
                                  "/fapi/v1/listenKey", "/dapi/v1/listenKey"])
async def test_listen_key_lifecycle(sim, http, path):
    h = {"X-MBX-APIKEY": sim.api_keys["hmac"]["apiKey"]}
    async with http.post(sim.base_http + path, headers=h) as r:
        key = (await r.json())["listenKey"]
    async with http.post(sim.base_http + path, headers=h) as r:
        assert (await r.json())["listenKey"] == key  # same key while alive
    params = {"listenKey": key} if path.startswith(("/api", "/sapi")) else {}
    async with http.put(sim.base_http + path, headers=h, params=params) as r:
        assert r.status == 200
    async with http.delete(sim.base_http + path, headers=h, params=params) as r:
        assert r.status == 200
    async with http.put(sim.base_http + path, headers=h, params=params) as r:
        assert (await r.json())["code"] == -1125
    async with http.post(sim.base_http + path) as r:
        assert r.status == 401


async def test_ccxt_rest_client(sim):
    import ccxt.async_support as ccxt_async
    ex = ccxt_async.binance({"urls": sim.ccxt_urls(), **sim.api_keys["hmac"]})
    try:
        await ex.load_markets()
        assert (await ex.fetch_ticker("BTC/USDT"))["symbol"] == "BTC/USDT"
        assert len(await ex.fetch_ohlcv("ETH/USDT:USDT", "5m", limit=20)) == 20
        assert (await ex.fetch_balance())["USDT"]["free"] > 0
        assert (await ex.fetch_balance({"type": "future"}))["USDT"]["free"] > 0
        o = await ex.create_order("ETH/USDT", "limit", "buy", 0.01, 1000)
        assert (await ex.fetch_open_orders("ETH/USDT"))[0]["id"] == o["id"]
        await ex.cancel_order(o["id"], "ETH/USDT")
        assert (await ex.fetch_order(o["id"], "ETH/USDT"))["status"] == "canceled"
    finally:
        await ex.close()
