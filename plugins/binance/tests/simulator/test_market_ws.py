"""Market websocket protocol: raw/combined streams, control frames, sequence fields."""

from __future__ import annotations

import json

import aiohttp

from sim_helpers import recv_json, recv_until


async def test_raw_stream_and_control_frames(sim, connect):
    async with connect(sim.urls["ws"]["spot"] + "/btcusdt@trade") as ws:
        msg = await recv_until(ws, lambda m: m.get("e") == "trade")
        assert msg["s"] == "BTCUSDT" and "t" in msg and msg["M"] is True
        await ws.send(json.dumps({"method": "SUBSCRIBE", "params": ["ethusdt@aggTrade", "ethusdt@bookTicker"], "id": 1}))
        assert await recv_until(ws, lambda m: m.get("id") == 1) == {"result": None, "id": 1}
        await ws.send(json.dumps({"method": "LIST_SUBSCRIPTIONS", "id": 2}))
        reply = await recv_until(ws, lambda m: m.get("id") == 2)
        assert set(reply["result"]) == {"btcusdt@trade", "ethusdt@aggTrade", "ethusdt@bookTicker"}
        agg = await recv_until(ws, lambda m: m.get("e") == "aggTrade")
        assert agg["s"] == "ETHUSDT" and agg["f"] <= agg["l"]
        book = await recv_until(ws, lambda m: "e" not in m and "u" in m)  # spot bookTicker has no "e"
        assert book["s"] == "ETHUSDT" and float(book["b"]) < float(book["a"])
        await ws.send(json.dumps({"method": "UNSUBSCRIBE", "params": ["btcusdt@trade"], "id": 3}))
        await recv_until(ws, lambda m: m.get("id") == 3)
        await ws.send(json.dumps({"method": "LIST_SUBSCRIPTIONS", "id": 4}))
        assert "btcusdt@trade" not in (await recv_until(ws, lambda m: m.get("id") == 4))["result"]
        await ws.send(json.dumps({"method": "SET_PROPERTY", "params": ["combined", True], "id": 5}))
        await recv_until(ws, lambda m: m.get("id") == 5)
        wrapped = await recv_until(ws, lambda m: "stream" in m)
        assert wrapped["stream"].startswith("ethusdt@")
        await ws.send(json.dumps({"method": "GET_PROPERTY", "params": ["combined"], "id": 6}))
        assert (await recv_until(ws, lambda m: m.get("id") == 6))["result"] is True


async def test_bad_control_frames_get_errors(sim, connect):
    async with connect(sim.urls["ws"]["spot"]) as ws:
        await ws.send("not json")
        assert (await recv_json(ws))["error"]["code"] == 3
        await ws.send(json.dumps({"method": "SUBSCRIBE", "params": ["nosuch@trade"], "id": 7}))
        r = await recv_json(ws)
        assert r["id"] == 7 and r["error"]["code"] == 2
        await ws.send(json.dumps({"method": "FROB", "id": 8}))
        assert (await recv_json(ws))["error"]["code"] == 2
        await ws.send(json.dumps({"method": "SET_PROPERTY", "params": ["combined", "yes"], "id": 9}))
        assert (await recv_json(ws))["error"]["code"] == 1
        await ws.send(json.dumps({"method": "GET_PROPERTY", "params": ["nope"], "id": 10}))
        assert (await recv_json(ws))["error"]["code"] == 0


async def test_spot_depth_diffs_follow_rest_snapshot(sim, connect):
    url = sim.urls["ws_combined"]["spot"] + "?streams=btcusdt@depth@100ms"
    async with connect(url) as ws, aiohttp.ClientSession() as http:
        first = await recv_until(ws, lambda m: m.get("stream") == "btcusdt@depth@100ms")
        async with http.get(sim.urls["rest"]["spot"] + "/depth", params={"symbol": "BTCUSDT", "limit": "1000"}) as r:
            snap = await r.json()
        last = snap["lastUpdateId"]
        book = {"b": {p: q for p, q in snap["bids"]}, "a": {p: q for p, q in snap["asks"]}}
        prev_u = first["data"]["u"]
        applied = 0
        while applied < 5:
            d = (await recv_json(ws))["data"]
            assert d["U"] == prev_u + 1  # spot: consecutive U/u
            prev_u = d["u"]
            if d["u"] <= last:
                continue
            if applied == 0:
                assert d["U"] <= last + 1 <= d["u"]
            for side in ("b", "a"):
                for p, q in d[side]:
                    if float(q) == 0:
                        book[side].pop(p, None)
                    else:
                        book[side][p] = q
            applied += 1
        best_bid = max(book["b"], key=float)
        best_ask = min(book["a"], key=float)
        assert float(best_bid) < float(best_ask)


async def test_futures_depth_pu_chain_and_partial(sim, connect):
    async with connect(sim.urls["ws"]["usdm"] + "/btcusdt@depth@100ms") as ws:
        a = await recv_until(ws, lambda m: m.get("e") == "depthUpdate")
        b = await recv_until(ws, lambda m: m.get("e") == "depthUpdate")
        assert b["pu"] == a["u"] and b["U"] > a["u"] and "T" in b
    async with connect(sim.urls["ws"]["usdm"] + "/btcusdt@depth5@100ms") as ws:
        p = await recv_until(ws, lambda m: m.get("e") == "depthUpdate")
        assert len(p["b"]) == 5 and len(p["a"]) == 5
    async with connect(sim.urls["ws"]["spot"] + "/ethusdt@depth10@100ms") as ws:
        p = await recv_json(ws)
        assert set(p) == {"lastUpdateId", "bids", "asks"} and len(p["bids"]) == 10


async def test_kline_ticker_and_all_market_streams(sim, connect):
    streams = "btcusdt@kline_1m/!miniTicker@arr/!ticker@arr/btcusdt@miniTicker"
    async with connect(sim.urls["ws_combined"]["spot"] + "?streams=" + streams) as ws:
        k = await recv_until(ws, lambda m: m["stream"] == "btcusdt@kline_1m")
        assert k["data"]["k"]["i"] == "1m" and k["data"]["k"]["t"] % 60000 == 0
        arr = await recv_until(ws, lambda m: m["stream"] == "!miniTicker@arr")
        assert len(arr["data"]) >= 10 and arr["data"][0]["e"] == "24hrMiniTicker"
        arr = await recv_until(ws, lambda m: m["stream"] == "!ticker@arr")
        assert arr["data"][0]["e"] == "24hrTicker"
    async with connect(sim.urls["ws"]["usdm"] + "/btcusdt@markPrice@1s") as ws:
        mp = await recv_until(ws, lambda m: m.get("e") == "markPriceUpdate")
        assert mp["s"] == "BTCUSDT" and "r" in mp and "i" in mp
    async with connect(sim.urls["ws"]["usdm"] + "/!markPrice@arr@1s") as ws:
        arr = await recv_json(ws)
        assert isinstance(arr, list) and arr[0]["e"] == "markPriceUpdate"


async def test_force_order_stream(sim, connect):
    async with connect(sim.urls["ws"]["usdm"] + "/!forceOrder@arr") as ws:
        fo = await recv_until(ws, lambda m: m.get("e") == "forceOrder", timeout=15)
        assert fo["o"]["X"] == "FILLED" and fo["o"]["s"].endswith("USDT") or "_" in fo["o"]["s"]


async def test_unknown_path_is_404(sim):
    async with aiohttp.ClientSession() as http:
        async with http.get(sim.base_http + "/api/v3/nothing") as r:
            assert r.status == 404
            assert "code" in await r.json()


async def test_server_pings_and_closes_silent_clients():
    from ccxtpro_binance.simulator import Simulator
    async with Simulator(seed=1, ping_interval=0.05, pong_timeout=0.2) as sim, aiohttp.ClientSession() as http:
        async with http.ws_connect(sim.urls["ws"]["spot"], autoping=False) as ws:
            msg = await ws.receive(timeout=5)
            assert msg.type == aiohttp.WSMsgType.PING
            await ws.pong(msg.data)
            while True:  # stay silent from now on: the server gives up
                msg = await ws.receive(timeout=5)
                if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                    break
            assert ws.close_code == 1008


async def test_rolling_window_rpi_and_price_klines(sim, connect):
    async with connect(sim.urls["ws_combined"]["spot"] + "?streams=btcusdt@ticker_1h/!ticker_4h@arr") as ws:
        t = await recv_until(ws, lambda m: m["stream"] == "btcusdt@ticker_1h")
        assert t["data"]["e"] == "1hTicker" and t["data"]["C"] - t["data"]["O"] == 3_600_000
        arr = await recv_until(ws, lambda m: m["stream"] == "!ticker_4h@arr")
        assert arr["data"][0]["e"] == "4hTicker"
    async with connect(sim.base_ws + "/fstream/public/ws/btcusdt@rpiDepth@500ms") as ws:
        d = await recv_until(ws, lambda m: m.get("e") == "depthUpdate")
        assert "pu" in d
    async with connect(sim.urls["ws"]["coinm"] + "/btcusd@indexPriceKline_1m") as ws:
        k = await recv_until(ws, lambda m: m.get("e") == "indexPrice_kline")
        assert k["ps"] == "BTCUSD" and k["k"]["i"] == "1m"
    async with connect(sim.urls["ws"]["coinm"] + "/btcusd_perp@markPriceKline_5m") as ws:
        k = await recv_until(ws, lambda m: m.get("e") == "markPrice_kline")
        assert k["k"]["s"] == "BTCUSD_PERP"
