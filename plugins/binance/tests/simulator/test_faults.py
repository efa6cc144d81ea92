"""Every fault, injected from the test and observed by a client."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import ccxt.pro as ccxtpro
import pytest
import websockets

from sim_helpers import recv_json, recv_until


async def test_drop_connection(sim, connect):
    async with connect(sim.urls["ws"]["spot"] + "/btcusdt@trade") as ws:
        await recv_json(ws)
        assert sim.faults.drop_connections(market="spot") == 1
        with pytest.raises(websockets.ConnectionClosed) as info:
            while True:
                await asyncio.wait_for(ws.recv(), 5)
        assert info.value.rcvd is None  # no close frame: a network drop


async def test_expire_connection_like_24h(sim, connect):
    async with connect(sim.urls["ws_api"]["spot"]) as ws:
        sim.faults.expire_connections(kind="wsapi")
        with pytest.raises(websockets.ConnectionClosedOK) as info:
            await asyncio.wait_for(ws.recv(), 5)
        assert info.value.rcvd.code == 1000


async def test_sequence_gap_is_visible(sim, connect):
    async with connect(sim.urls["ws"]["spot"] + "/btcusdt@depth@100ms") as ws:
        a = await recv_json(ws)
        sim.faults.gap("spot", "BTCUSDT")
        b = await recv_json(ws)
        c = await recv_json(ws)
        gaps = [y["U"] - x["u"] for x, y in ((a, b), (b, c))]
        assert any(g > 1 for g in gaps) and "gap:spot:BTCUSDT" in sim.faults.injected


async def test_sequence_gap_makes_ccxt_resync_fail(sim):
    ex = ccxtpro.binance({"urls": sim.ccxt_urls()})
    try:
        await asyncio.wait_for(ex.watch_order_book("ETH/USDT"), 10)
        sim.faults.gap("spot", "ETHUSDT")
        with pytest.raises(ccxtpro.ChecksumError):
            for _ in range(50):
                await asyncio.wait_for(ex.watch_order_book("ETH/USDT"), 10)
    finally:
        await ex.close()


async def test_malformed_frame(sim, connect):
    async with connect(sim.urls["ws"]["usdm"] + "/btcusdt@aggTrade") as ws:
        sim.faults.send_malformed(market="usdm")
        for _ in range(100):
            raw = await asyncio.wait_for(ws.recv(), 5)
            try:
                json.loads(raw)
            except ValueError:
                break
        else:
            pytest.fail("no malformed frame")


async def test_error_reply(sim, connect):
    sim.faults.error_reply("SUBSCRIBE", code=-1003, msg="Too many requests")
    sim.faults.error_reply("time", code=-1008)
    async with connect(sim.urls["ws"]["spot"]) as ws:
        await ws.send(json.dumps({"method": "SUBSCRIBE", "params": ["btcusdt@trade"], "id": 1}))
        r = await recv_json(ws)
        assert r == {"error": {"code": -1003, "msg": "Too many requests"}, "id": 1}
    async with connect(sim.urls["ws_api"]["spot"]) as ws:
        await ws.send(json.dumps({"id": "a", "method": "time"}))
        r = await recv_json(ws)
        assert r["status"] == 503 and r["error"]["code"] == -1008
        await ws.send(json.dumps({"id": "b", "method": "time"}))
        assert (await recv_json(ws))["status"] == 200


async def test_delayed_pong(sim, connect):
    sim.faults.pong_delay = 0.4
    async with connect(sim.urls["ws"]["spot"], ping_interval=None) as ws:
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        waiter = await ws.ping()
        await asyncio.wait_for(waiter, 5)
        assert loop.time() - t0 >= 0.35
    sim.faults.pong_delay = 0
    async with connect(sim.urls["ws"]["spot"], ping_interval=None) as ws:
        waiter = await ws.ping()
        await asyncio.wait_for(waiter, 0.3)


async def test_rate_limit_429_then_418(sim):
    sim.faults.rate_limit(count=1, retry_after=2)
    async with aiohttp.ClientSession() as http:
        url = sim.urls["rest"]["spot"] + "/time"
        async with http.get(url) as r:
            assert r.status == 429 and r.headers["Retry-After"] == "2"
            assert (await r.json())["code"] == -1003
        async with http.get(url) as r:  # did not wait: banned
            assert r.status == 418 and int(r.headers["Retry-After"]) >= 1
        ex = ccxtpro.binance({"urls": sim.ccxt_urls()})
        try:
            with pytest.raises(ccxtpro.DDoSProtection):
                await ex.fetch_time()
        finally:
            await ex.close()
        sim.faults.clear()
        async with http.get(url) as r:
            assert r.status == 200


async def test_expire_listen_key(sim, connect):
    h = {"X-MBX-APIKEY": sim.api_keys["hmac"]["apiKey"]}
    async with aiohttp.ClientSession() as http:
        async with http.post(sim.urls["rest"]["usdm"] + "/listenKey", headers=h) as r:
            key = (await r.json())["listenKey"]
    async with connect(sim.base_ws + "/fstream/private/ws?listenKey=" + key) as ws:
        sim.faults.expire_listen_key(key)
        ev = await recv_until(ws, lambda m: m.get("e") == "listenKeyExpired")
        assert ev["listenKey"] == key
    assert key not in sim.core.userdata.keys


async def test_listen_key_stream_gets_futures_events(sim, connect):
    from sim_helpers import ws_signed
    c = sim.api_keys["hmac"]
    h = {"X-MBX-APIKEY": c["apiKey"]}
    async with aiohttp.ClientSession() as http:
        async with http.post(sim.urls["rest"]["usdm"] + "/listenKey", headers=h) as r:
            key = (await r.json())["listenKey"]
    async with connect(sim.base_ws + "/fstream/private/ws?listenKey=" + key) as user, \
            connect(sim.urls["ws_api"]["usdm"]) as api:
        await api.send(json.dumps({"id": 1, "method": "order.place", "params": ws_signed(
            c, {"symbol": "ETHUSDT", "side": "SELL", "type": "MARKET", "quantity": "0.050"})}))
        r = await recv_until(api, lambda m: m.get("id") == 1)
        assert r["result"]["status"] == "FILLED"
        upd = await recv_until(user, lambda m: m.get("e") == "ORDER_TRADE_UPDATE" and m["o"]["x"] == "TRADE")
        assert upd["o"]["S"] == "SELL"
        acct = await recv_until(user, lambda m: m.get("e") == "ACCOUNT_UPDATE")
        assert acct["a"]["P"][0]["s"] == "ETHUSDT" and float(acct["a"]["P"][0]["pa"]) < 0


async def test_terminate_event_stream(sim, connect):
    from sim_helpers import ws_signed
    async with connect(sim.urls["ws_api"]["spot"]) as ws:
        await ws.send(json.dumps({"id": 1, "method": "userDataStream.subscribe.signature",
                                  "params": ws_signed(sim.api_keys["hmac"], {})}))
        await recv_until(ws, lambda m: m.get("id") == 1)
        assert sim.faults.terminate_event_stream() == 1
        ev = await recv_until(ws, lambda m: "event" in m)
        assert ev == {"subscriptionId": 0, "event": {"e": "eventStreamTerminated", "E": ev["event"]["E"]}}


async def test_spot_listen_key_stream(sim, connect):
    h = {"X-MBX-APIKEY": sim.api_keys["hmac"]["apiKey"]}
    async with aiohttp.ClientSession() as http:
        async with http.post(sim.urls["rest"]["spot"] + "/userDataStream", headers=h) as r:
            key = (await r.json())["listenKey"]
    async with connect(sim.urls["ws"]["spot"] + "/" + key) as raw, \
            connect(sim.urls["ws_combined"]["spot"] + "?streams=" + key) as combined:
        sim.deposit("BTC", "0.5")
        ev = await recv_until(raw, lambda m: m.get("e") == "balanceUpdate")
        assert ev["a"] == "BTC" and ev["d"] == "0.50000000"
        ev = await recv_until(combined, lambda m: m.get("data", {}).get("e") == "outboundAccountPosition")
        assert ev["stream"] == key


async def test_cli_fault_flag():
    import subprocess
    import sys
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ccxtpro_binance.simulator", "--port", "0", "--fault", "malformed@0.2",
        stdout=subprocess.PIPE)
    try:
        info = json.loads(await asyncio.wait_for(proc.stdout.readline(), 30))
        async with websockets.connect(info["urls"]["ws"]["spot"]) as ws:
            raw = await asyncio.wait_for(ws.recv(), 5)
            with pytest.raises(ValueError):
                json.loads(raw)
    finally:
        proc.terminate()
        await proc.wait()


async def test_connection_lifetime():
    from ccxtpro_binance.simulator import Simulator
    async with Simulator(seed=1, connection_lifetime=0.3) as sim:
        async with websockets.connect(sim.urls["ws"]["spot"] + "/btcusdt@trade") as ws:
            with pytest.raises(websockets.ConnectionClosedOK) as info:
                while True:
                    await asyncio.wait_for(ws.recv(), 5)
            assert info.value.rcvd.code == 1000


async def test_real_request_weight_limit(sim):
    from ccxtpro_binance.simulator.ratelimit import LIMITS
    async with aiohttp.ClientSession() as http:
        url = sim.urls["rest"]["usdm"] + "/depth"
        async with http.get(url, params={"symbol": "BTCUSDT", "limit": "5"}) as r:
            first = int(r.headers["x-mbx-used-weight-1m"])
        sim.core.weights.charge("usdm", LIMITS["usdm"] - first - 1)  # use up the minute
        async with http.get(url, params={"symbol": "BTCUSDT", "limit": "1000"}) as r:
            assert r.status == 429 and int(r.headers["Retry-After"]) > 0
            assert (await r.json())["code"] == -1003
        async with http.get(url, params={"symbol": "BTCUSDT"}) as r:
            assert r.status == 418
        async with http.get(sim.urls["rest"]["spot"] + "/time") as r:  # other market types are separate
            assert r.status == 200


async def test_scripted_fault_after_delay(sim, connect):
    async with connect(sim.urls["ws"]["spot"] + "/btcusdt@trade") as ws:
        await recv_json(ws)
        sim.faults.after(0.1, "drop")
        with pytest.raises(websockets.ConnectionClosed):
            while True:
                await asyncio.wait_for(ws.recv(), 5)
        assert sim.faults.injected[-1].startswith("drop:")


async def test_ccxt_recovers_after_drop(sim):
    ex = ccxtpro.binance({"urls": sim.ccxt_urls()})
    try:
        sim.core.record_books("spot", "BTCUSDT")
        await asyncio.wait_for(ex.watch_order_book("BTC/USDT"), 10)
        pending = asyncio.ensure_future(ex.watch_order_book("BTC/USDT"))
        sim.faults.drop_connections(market="spot")
        with pytest.raises(ccxtpro.NetworkError):
            while True:  # the update already due may still resolve first
                await asyncio.wait_for(pending, 10)
                pending = asyncio.ensure_future(ex.watch_order_book("BTC/USDT"))
        for _ in range(3):
            ob = await asyncio.wait_for(ex.watch_order_book("BTC/USDT"), 10)
        bids, asks = sim.core.book_at("spot", "BTCUSDT", ob["nonce"])
        assert [[float(p), float(q)] for p, q in bids] == [list(x) for x in ob["bids"]]
    finally:
        await ex.close()


# -- what the fault matrix (ccxtpro_binance.faultmatrix) needs --------------------------------------


async def test_refused_upgrades_then_accepted(sim, connect):
    sim.faults.refuse_upgrades(0.4)
    with pytest.raises(websockets.InvalidStatus) as info:
        async with connect(sim.urls["ws"]["spot"] + "/btcusdt@trade"):
            pass
    assert info.value.response.status_code == 503
    async with aiohttp.ClientSession() as http:  # REST still answers
        async with http.get(sim.urls["rest"]["spot"] + "/time") as r:
            assert r.status == 200
    await asyncio.sleep(0.45)
    async with connect(sim.urls["ws"]["spot"] + "/btcusdt@trade") as ws:
        assert (await recv_json(ws))["e"] == "trade"
    assert "refused" in sim.faults.injected


async def test_stall_with_pongs_stops_data_only(sim, connect):
    async with connect(sim.urls["ws"]["spot"] + "/btcusdt@trade", ping_interval=None) as ws:
        await recv_json(ws)
        assert sim.faults.stall() == 1
        with pytest.raises(asyncio.TimeoutError):
            while True:  # what was already on the wire may still come, then nothing
                await asyncio.wait_for(ws.recv(), 0.5)
        await asyncio.wait_for(await ws.ping(), 2)  # pings still answered
        async with connect(sim.urls["ws"]["spot"] + "/btcusdt@trade") as fresh:  # new connections unaffected
            assert (await recv_json(fresh))["e"] == "trade"


async def test_stall_without_pongs_is_a_black_hole(sim, connect):
    async with connect(sim.urls["ws"]["spot"] + "/btcusdt@trade", ping_interval=None) as ws:
        await recv_json(ws)
        sim.faults.stall(pongs=False)
        pong = await ws.ping()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(pong, 1.0)
    assert not sim.faults.stalled and not sim.faults.muted  # forgotten with their connections


async def test_record_of_sent_ids_matches_the_wire(sim, connect):
    record = sim.faults.record_sent()
    got: list[int] = []
    async with connect(sim.urls["ws"]["spot"] + "/btcusdt@trade") as ws:
        while len(got) < 20:
            got.append((await recv_json(ws))["t"])
    await asyncio.sleep(0.1)
    sent = record.trade_ids("spot", "BTCUSDT")
    assert sent[: len(got)] == got and len(sent) == len(set(sent))
    async with connect(sim.urls["ws"]["spot"] + "/btcusdt@trade") as ws:
        await recv_json(ws)
        sim.faults.stall()
        await asyncio.sleep(0.05)
        before = len(record.trade_ids("spot", "BTCUSDT"))
        await asyncio.sleep(0.3)  # the market trades on, but a stalled connection's frames are not sent
        assert len(record.trade_ids("spot", "BTCUSDT")) == before


async def test_a_short_lifetime_notes_when_each_connection_expired():
    from ccxtpro_binance.simulator import Simulator
    async with Simulator(seed=1, tick_interval=0.02, connection_lifetime=0.3) as sim:
        async with websockets.connect(sim.urls["ws"]["spot"] + "/btcusdt@trade") as ws:
            conn = next(iter(sim.faults.conns))
            with pytest.raises(websockets.ConnectionClosedOK):
                while True:
                    await asyncio.wait_for(ws.recv(), 5)
        assert 0 < conn.expired_at <= time.time()
