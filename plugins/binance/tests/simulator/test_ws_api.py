"""Websocket API: signatures for all key kinds, error codes, sessions, user-data subscriptions."""

from __future__ import annotations

import json
import time

import pytest

from sim_helpers import recv_json, recv_until
from sim_helpers import ws_signed


_stash: dict[int, list] = {}


async def call(ws, method, params=None, rid=1):
    """Send a request and return its reply; other frames are kept for ``event()``."""
    await ws.send(json.dumps({"id": rid, "method": method, "params": params or {}}))
    kept = _stash.setdefault(id(ws), [])
    return await recv_until(ws, lambda m: m.get("id") == rid or kept.append(m))


async def event(ws, pred):
    """The next user-data frame matching ``pred``, including frames read by ``call()``."""
    kept = _stash.setdefault(id(ws), [])
    for i, m in enumerate(kept):
        if pred(m):
            del kept[: i + 1]
            return m
    kept.clear()
    return await recv_until(ws, pred)


def limit_buy(sim, below: float = 0.95, symbol="BTCUSDT", market="spot", qty="0.001"):
    m = sim.model(market, symbol)
    price = m.inst.px(int(m.book.best(0) * below))
    return {"symbol": symbol, "side": "BUY", "type": "LIMIT", "timeInForce": "GTC", "quantity": qty, "price": price}


@pytest.mark.parametrize("kind", ["hmac", "rsa", "ed25519"])
async def test_signed_order_place_and_bad_signature(sim, connect, kind):
    creds = sim.api_keys[kind]
    async with connect(sim.urls["ws_api"]["spot"]) as ws:
        ok = await call(ws, "order.place", ws_signed(creds, limit_buy(sim)))
        assert ok["status"] == 200 and ok["result"]["status"] == "NEW" and "rateLimits" in ok
        bad = ws_signed(creds, limit_buy(sim))
        bad["quantity"] = "0.002"  # changed after signing
        r = await call(ws, "order.place", bad, rid=2)
        assert r["status"] == 400 and r["error"]["code"] == -1022
        other = sim.api_keys["hmac" if kind != "hmac" else "ed25519"]
        forged = ws_signed({"apiKey": creds["apiKey"], "secret": other["secret"]}, limit_buy(sim))
        assert (await call(ws, "order.place", forged, rid=3))["error"]["code"] == -1022


async def test_error_codes(sim, connect):
    c = sim.api_keys["hmac"]
    async with connect(sim.urls["ws_api"]["spot"]) as ws:
        stale = ws_signed(c, limit_buy(sim), ts=int(time.time() * 1000) - 60_000)
        assert (await call(ws, "order.place", stale))["error"]["code"] == -1021
        ahead = ws_signed(c, limit_buy(sim), ts=int(time.time() * 1000) + 5_000)
        assert (await call(ws, "order.place", ahead, 2))["error"]["code"] == -1021
        bad_sym = ws_signed(c, dict(limit_buy(sim), symbol="NOPEUSDT"))
        assert (await call(ws, "order.place", bad_sym, 3))["error"]["code"] == -1121
        off_tick = ws_signed(c, dict(limit_buy(sim), price="50000.001"))
        assert (await call(ws, "order.place", off_tick, 4))["error"] == {"code": -1013, "msg": "Filter failure: PRICE_FILTER"}
        too_big = ws_signed(c, dict(limit_buy(sim), quantity="1000"))
        assert (await call(ws, "order.place", too_big, 5))["error"]["code"] == -2010
        unknown = ws_signed(c, {"symbol": "BTCUSDT", "orderId": 1})
        assert (await call(ws, "order.cancel", unknown, 6))["error"]["code"] == -2011
        assert (await call(ws, "order.status", ws_signed(c, {"symbol": "BTCUSDT", "orderId": 1}), 7))["error"]["code"] == -2013
        missing = ws_signed(c, {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC", "price": "1000"})
        r = await call(ws, "order.place", missing, 8)
        assert r["error"]["code"] == -1102 and "quantity" in r["error"]["msg"]
        no_key = {"symbol": "BTCUSDT", "timestamp": int(time.time() * 1000), "apiKey": "x" * 64, "signature": "00"}
        assert (await call(ws, "account.status", no_key, 9))["error"]["code"] == -2015
        assert (await call(ws, "no.such.method", {}, 10))["status"] == 400
        await ws.send("{{{")
        r = await recv_json(ws)
        assert r["status"] == 400 and r["id"] is None
        maker = dict(limit_buy(sim), type="LIMIT_MAKER")
        maker.pop("timeInForce")
        maker["price"] = sim.model("spot", "BTCUSDT").inst.px(sim.model("spot", "BTCUSDT").book.best(1) + 100)
        r = await call(ws, "order.place", ws_signed(c, maker), 11)
        assert r["error"]["code"] == -2010 and "immediately match" in r["error"]["msg"]


async def test_session_logon_then_unsigned_requests(sim, connect):
    c = sim.api_keys["ed25519"]
    async with connect(sim.urls["ws_api"]["spot"]) as ws:
        r = await call(ws, "session.logon", ws_signed(c, {}))
        assert r["result"]["apiKey"] == c["apiKey"]
        acct = await call(ws, "account.status", {"timestamp": int(time.time() * 1000)}, 2)
        assert any(b["asset"] == "BTC" for b in acct["result"]["balances"])
        sub = await call(ws, "userDataStream.subscribe", {}, 3)
        assert sub["result"]["subscriptionId"] == 0
        placed = await call(ws, "order.place", dict(limit_buy(sim), timestamp=int(time.time() * 1000)), 4)
        assert placed["status"] == 200
        assert not _stash.get(id(ws))  # the reply comes before the events it caused
        ev = await event(ws, lambda m: m.get("subscriptionId") == 0 and m["event"]["e"] == "executionReport")
        assert ev["event"]["x"] == "NEW" and ev["event"]["i"] == placed["result"]["orderId"]
        bal = await event(ws, lambda m: m.get("subscriptionId") == 0 and m["event"]["e"] == "outboundAccountPosition")
        assert bal["event"]["B"][0]["a"] == "USDT"
        subs = await call(ws, "session.subscriptions", {}, 5)
        assert subs["result"] == [{"subscriptionId": 0}]
        await call(ws, "userDataStream.unsubscribe", {"subscriptionId": 0}, 6)
        assert (await call(ws, "session.subscriptions", {}, 7))["result"] == []


async def test_user_data_subscribe_signature_fill_and_cancel(sim, connect):
    c = sim.api_keys["hmac"]
    async with connect(sim.urls["ws_api"]["spot"]) as ws:
        sub = await call(ws, "userDataStream.subscribe.signature", ws_signed(c, {}))
        sid = sub["result"]["subscriptionId"]
        m = sim.model("spot", "ETHUSDT")
        price = m.inst.px(int(m.book.best(1) * 1.01))
        r = await call(ws, "order.place", ws_signed(c, {"symbol": "ETHUSDT", "side": "BUY", "type": "LIMIT",
                                                          "timeInForce": "IOC", "quantity": "0.0100", "price": price}), 2)
        assert r["result"]["status"] == "FILLED" and r["result"]["fills"]
        fill = await event(ws, lambda x: x.get("subscriptionId") == sid and x["event"].get("x") == "TRADE")
        assert fill["event"]["X"] in ("PARTIALLY_FILLED", "FILLED") and float(fill["event"]["n"]) > 0
        rest = await call(ws, "order.place", ws_signed(c, limit_buy(sim, symbol="ETHUSDT", qty="0.0100")), 3)
        oid = rest["result"]["orderId"]
        st = await call(ws, "order.status", ws_signed(c, {"symbol": "ETHUSDT", "orderId": oid}), 4)
        assert st["result"]["status"] == "NEW" and st["result"]["isWorking"] is True
        opened = await call(ws, "openOrders.status", ws_signed(c, {"symbol": "ETHUSDT"}), 5)
        assert [o["orderId"] for o in opened["result"]] == [oid]
        cx = await call(ws, "order.cancel", ws_signed(c, {"symbol": "ETHUSDT", "orderId": oid}), 6)
        assert cx["result"]["status"] == "CANCELED"
        ev = await event(ws, lambda x: x.get("subscriptionId") == sid and x["event"].get("x") == "CANCELED")
        assert ev["event"]["i"] == oid
        trades = await call(ws, "myTrades", ws_signed(c, {"symbol": "ETHUSDT"}), 7)
        assert trades["result"] and trades["result"][0]["isBuyer"] is True
        allo = await call(ws, "allOrders", ws_signed(c, {"symbol": "ETHUSDT"}), 8)
        assert {o["status"] for o in allo["result"]} == {"FILLED", "CANCELED"}


async def test_ioc_fok_and_post_only_semantics(sim, connect):
    c = sim.api_keys["hmac"]
    m = sim.model("usdm", "BTCUSDT")
    async with connect(sim.urls["ws_api"]["usdm"]) as ws:
        far = m.inst.px(int(m.book.best(1) * 0.9))
        fok = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "FOK", "quantity": "100", "price": m.inst.px(m.book.best(1))}
        r = await call(ws, "order.place", ws_signed(c, fok))
        assert r["result"]["status"] == "EXPIRED" and r["result"]["executedQty"] == "0.000"
        gtx = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTX", "quantity": "0.010",
               "price": m.inst.px(m.book.best(1) + 10)}
        assert (await call(ws, "order.place", ws_signed(c, gtx), 2))["error"]["code"] == -5022
        ok = await call(ws, "order.place", ws_signed(c, dict(gtx, price=far)), 3)
        assert ok["result"]["status"] == "NEW"
        mod = await call(ws, "order.modify", ws_signed(c, {"symbol": "BTCUSDT", "orderId": ok["result"]["orderId"],
                                                             "side": "BUY", "quantity": "0.020", "price": far}), 4)
        assert mod["result"]["origQty"] == "0.020"
        bal = await call(ws, "v2/account.balance", ws_signed(c, {}), 5)
        assert any(b["asset"] == "USDT" for b in bal["result"])
        pos = await call(ws, "v2/account.position", ws_signed(c, {"symbol": "BTCUSDT"}), 6)
        assert pos["result"][0]["positionAmt"] == "0"


async def test_listen_token_subscription(sim, connect):
    import aiohttp
    c = sim.api_keys["hmac"]
    async with aiohttp.ClientSession() as http:
        async with http.post(sim.urls["rest"]["sapi"] + "/userListenToken", headers={"X-MBX-APIKEY": c["apiKey"]}) as r:
            tok = await r.json()
    assert tok["token"] and tok["expirationTime"] > time.time() * 1000
    async with connect(sim.urls["ws_api"]["spot"]) as ws:
        r = await call(ws, "userDataStream.subscribe.listenToken", {"listenToken": tok["token"]})
        assert r["result"]["subscriptionId"] == 0
        sim.faults.terminate_event_stream()
        ev = await recv_until(ws, lambda m: "event" in m)
        assert ev["event"]["e"] == "eventStreamTerminated"
