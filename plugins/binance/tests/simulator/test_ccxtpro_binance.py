"""ccxtpro's own Binance (generated code, plugin, runtime) against the simulator."""

from __future__ import annotations

import asyncio

import pytest

import ccxtpro


@pytest.fixture
async def ex(sim):
    exchange = ccxtpro.load("binance", sim.exchange_config())
    yield exchange
    await exchange.close()


def test_binance_is_installed_through_its_entry_point():
    assert "binance" in ccxtpro.exchanges()


async def test_dispatch_goes_through_the_plugin_routes(ex):
    routes = ex.ws_routes()
    assert routes and any(r.get("fallback") == "handle_message" for r in routes if isinstance(r, dict))


@pytest.mark.parametrize("symbol,market,sym_id", [
    ("BTC/USDT", "spot", "BTCUSDT"),
    ("BTC/USDT:USDT", "usdm", "BTCUSDT"),
    ("BTC/USD:BTC", "coinm", "BTCUSD_PERP"),
])
async def test_watch_order_book_equals_simulator_book(sim, ex, symbol, market, sym_id):
    sim.core.record_books(market, sym_id)
    for _ in range(4):
        ob = await asyncio.wait_for(ex.watch_order_book(symbol), 10)
    bids, asks = sim.core.book_at(market, sym_id, ob["nonce"])
    assert ob["bids"] == [[float(p), float(q)] for p, q in bids]
    assert ob["asks"] == [[float(p), float(q)] for p, q in asks]
    assert ob["symbol"] == symbol and ob["bids"][0][0] < ob["asks"][0][0]


async def test_trades_and_ticker(ex):
    trades = await asyncio.wait_for(ex.watch_trades("ETH/USDT"), 10)
    assert trades and all(t["symbol"] == "ETH/USDT" and t["price"] > 0 for t in trades)
    assert trades[-1]["datetime"].endswith("Z")
    ticker = await asyncio.wait_for(ex.watch_ticker("ETH/USDT"), 10)
    assert ticker["symbol"] == "ETH/USDT" and ticker["last"] > 0


async def test_stream_iterator_keeps_the_book_in_sequence(ex):
    nonces = []
    async for ob in ex.stream_order_book("BTC/USDT"):
        nonces.append(ob["nonce"])
        if len(nonces) == 5:
            break
    assert nonces == sorted(nonces) and len(set(nonces)) == 5
