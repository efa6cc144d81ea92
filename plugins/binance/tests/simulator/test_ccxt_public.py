"""CCXT's own client, unchanged, against the simulator: markets and public streams."""

from __future__ import annotations

import asyncio

import ccxt.pro as ccxtpro
import pytest


@pytest.fixture
async def ex(sim):
    e = ccxtpro.binance({"urls": sim.ccxt_urls()})
    yield e
    await e.close()


async def test_load_markets(ex):
    markets = await asyncio.wait_for(ex.load_markets(), 10)
    for sym in ("BTC/USDT", "ETH/USDT", "BTC/USDT:USDT", "ETH/USDT:USDT", "BTC/USD:BTC"):
        assert sym in markets, sym
    assert any(m["future"] and m["inverse"] for m in markets.values())
    assert any(m["future"] and m["linear"] for m in markets.values())
    by_type = {t: sum(1 for m in markets.values() if m["type"] == t or (t == "inverse" and m["inverse"]))
               for t in ("spot", "inverse")}
    assert by_type["spot"] >= 10 and by_type["inverse"] >= 10
    assert sum(1 for m in markets.values() if m["linear"]) >= 10
    assert markets["BTC/USDT"]["precision"]["price"] == 0.01


@pytest.mark.parametrize("symbol,market,sym_id", [
    ("BTC/USDT", "spot", "BTCUSDT"),
    ("BTC/USDT:USDT", "usdm", "BTCUSDT"),
    ("BTC/USD:BTC", "coinm", "BTCUSD_PERP"),
])
async def test_watch_order_book_equals_simulator_book(sim, ex, symbol, market, sym_id):
    sim.core.record_books(market, sym_id)
    for _ in range(4):
        ob = await asyncio.wait_for(ex.watch_order_book(symbol), 10)
    nonce = ob["nonce"]
    bids, asks = sim.core.book_at(market, sym_id, nonce)
    assert [[float(p), float(q)] for p, q in bids] == [list(x) for x in ob["bids"]]
    assert [[float(p), float(q)] for p, q in asks] == [list(x) for x in ob["asks"]]
    assert ob["bids"][0][0] < ob["asks"][0][0]


async def test_watch_trades_ticker_ohlcv_bids_asks(sim, ex):
    trades = await asyncio.wait_for(ex.watch_trades("BTC/USDT"), 10)
    assert trades and trades[-1]["symbol"] == "BTC/USDT" and trades[-1]["price"] > 0
    model = sim.model("spot", "BTCUSDT")
    assert int(trades[-1]["id"]) <= model.trade_id
    ticker = await asyncio.wait_for(ex.watch_ticker("ETH/USDT"), 10)
    assert ticker["symbol"] == "ETH/USDT" and ticker["last"] > 0 and ticker["high"] >= ticker["low"]
    ohlcv = await asyncio.wait_for(ex.watch_ohlcv("BTC/USDT", "1m"), 10)
    ts, o, h, l, c, v = ohlcv[-1]
    assert ts % 60_000 == 0 and h >= max(o, c) and l <= min(o, c) and v >= 0
    ba = await asyncio.wait_for(ex.watch_bids_asks(["BTC/USDT"]), 10)
    assert ba["BTC/USDT"]["bid"] < ba["BTC/USDT"]["ask"]


async def test_futures_streams(ex):
    t = await asyncio.wait_for(ex.watch_ticker("BTC/USDT:USDT"), 10)
    assert t["symbol"] == "BTC/USDT:USDT"
    trades = await asyncio.wait_for(ex.watch_trades("ETH/USDT:USDT"), 10)
    assert trades[-1]["symbol"] == "ETH/USDT:USDT"
    ohlcv = await asyncio.wait_for(ex.watch_ohlcv("BTC/USD:BTC", "1m"), 10)
    assert ohlcv[-1][0] % 60_000 == 0
