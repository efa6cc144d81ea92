"""The simulator's log of rejected ws-API requests never carries the caller's key or signature."""

from __future__ import annotations

import logging

import orjson

from ccxtpro_binance.simulator.core import SimCore
from ccxtpro_binance.simulator.wsapi import WsApi


class Conn:
    market = "spot"


def test_rejected_request_log_has_no_key_or_signature(caplog):
    core = SimCore(autostep=False, key_kinds=())
    api = WsApi(core)
    request = {"id": "r1", "method": "order.place",
               "params": {"apiKey": "KEY-visible-only-to-the-caller", "signature": "SIG-deadbeefcafe",
                          "symbol": "BTCUSDT", "timestamp": 1}}
    with caplog.at_level(logging.INFO, logger="ccxtpro_binance.simulator"):
        reply = orjson.loads(api.handle(Conn(), orjson.dumps(request).decode()))
        api.handle(Conn(), "not json")
    assert reply["status"] >= 400
    assert "order.place" in caplog.text
    assert "KEY-visible" not in caplog.text and "SIG-deadbeef" not in caplog.text
