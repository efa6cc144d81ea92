"""Bad input gets a Binance error reply, never an exception (handlers called without sockets)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccxtpro_binance.simulator.core import SimCore
from ccxtpro_binance.simulator.streams import MarketConn
from ccxtpro_binance.simulator.wsapi import WsApi

CORE = SimCore(seed=5, autostep=False, key_kinds=("hmac",))
API = WsApi(CORE)
CONNS = {m: MarketConn(None, m, False, "/test", kind="wsapi") for m in ("spot", "usdm", "coinm")}

values = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                   st.text(max_size=12), st.sampled_from(["BTCUSDT", "ETHUSDT", "BTCUSD_PERP", "1m", "LIMIT",
                                                           "BUY", "GTC", "0.001", "60000.00", "-1"]),
                   st.lists(st.text(max_size=5), max_size=3))
param_keys = st.sampled_from(["symbol", "symbols", "side", "type", "timeInForce", "quantity", "price", "limit",
                              "interval", "startTime", "endTime", "orderId", "origClientOrderId", "timestamp",
                              "recvWindow", "apiKey", "signature", "listenKey", "listenToken", "subscriptionId",
                              "quoteOrderQty", "cancelReplaceMode", "returnRateLimits", "newClientOrderId"])
methods = st.sampled_from(sorted(API.methods) + ["nope", ""])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(method=methods, params=st.dictionaries(param_keys, values, max_size=6),
       market=st.sampled_from(["spot", "usdm", "coinm"]), rid=st.one_of(st.integers(0, 10), st.text(max_size=4)))
def test_ws_api_never_crashes(method, params, market, rid):
    msg = json.dumps({"id": rid, "method": method, "params": params})
    reply = json.loads(API.handle(CONNS[market], msg))
    assert reply["status"] in (200, 400, 401, 403, 404, 409, 429, 503)
    assert ("result" in reply) != ("error" in reply)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=40), st.binary(max_size=20).map(lambda b: b.decode("latin-1"))))
def test_ws_api_garbage_frames(text):
    reply = json.loads(API.handle(CONNS["spot"], text))
    assert reply["status"] >= 200


@settings(max_examples=300, deadline=None)
@given(method=st.sampled_from(["SUBSCRIBE", "UNSUBSCRIBE", "LIST_SUBSCRIPTIONS", "SET_PROPERTY", "GET_PROPERTY", "X", 5, None]),
       params=st.one_of(st.lists(st.one_of(st.text(max_size=25), st.integers(), st.booleans()), max_size=4), st.none(),
                        st.integers(), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)),
       rid=st.one_of(st.integers(-5, 5), st.text(max_size=3), st.none()),
       market=st.sampled_from(["spot", "usdm", "coinm"]))
def test_market_control_frames_never_crash(method, params, rid, market):
    hub = CORE.hubs[market]
    conn = MarketConn(None, market, False, "/test")
    reply = hub.handle_request(conn, json.dumps({"method": method, "params": params, "id": rid}))
    body = json.loads(reply)
    assert "result" in body or "error" in body
    hub.drop(conn)


async def test_rest_random_params_get_binance_errors():
    """Random params on every GET route, signed correctly when the route needs it."""
    import random
    import urllib.parse

    import aiohttp

    from ccxtpro_binance.simulator import Simulator
    from ccxtpro_binance.simulator.rest import SIGNED
    from sim_helpers import sign_payload

    rng = random.Random(11)
    pool = ["BTCUSDT", "ETHUSDT", "BTCUSD_PERP", "x", "", "-1", "0", "1e99", "NaN", "[\"BTCUSDT\"]", "[1,", "1m",
            "99999999999999999999999", "LIMIT", "true"]
    keys = ["symbol", "symbols", "limit", "interval", "startTime", "endTime", "orderId", "fromId", "listenKey",
            "recvWindow", "origClientOrderId", "leverage", "validity"]
    async with Simulator(seed=3, autostep=False) as sim, aiohttp.ClientSession() as http:
        creds = sim.api_keys["hmac"]
        routes = sorted(sim.rest.routes.items())
        for _ in range(300):
            (method, path), route = rng.choice(routes)
            params = {k: rng.choice(pool) for k in rng.sample(keys, rng.randint(0, 4))}
            if route.security == SIGNED:
                params["timestamp"] = str(sim.core.now())
            q = urllib.parse.urlencode(params)
            if route.security == SIGNED:
                q += "&signature=" + sign_payload(creds["secret"], q)
            async with http.request(method, sim.base_http + path + "?" + q,
                                    headers={"X-MBX-APIKEY": creds["apiKey"]}) as r:
                body = await r.json()
                assert r.status < 500, (method, path, q, body)
                if r.status >= 400:
                    assert set(body) == {"code", "msg"}
