"""The same checks against the simulator (always) and against real Binance (opt-in).

Each test takes a ``venue``: ``simulator`` runs in the default suite, so these
checks cannot rot; ``live`` talks to Binance and skips, with the reason, unless
enabled:

* public streams and public websocket-API calls: ``CCXTPRO_LIVE=1``;
* signed read-only calls: also ``BINANCE_API_KEY``/``BINANCE_SECRET`` (production)
  or ``BINANCE_DEMO_API_KEY``/``BINANCE_DEMO_SECRET`` (Binance's demo environment);
* an order: also ``CCXTPRO_ENABLE_PROD_ORDER_LIVE=true`` and production keys. It is
  a spot limit buy at half the best bid (it cannot fill), cancelled at once.

``COVERS`` says which Pro methods each test exercises; the manifest's coverage
matrix records them as the methods' live evidence (a test below checks the two agree).
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

import ccxtpro
from ccxtpro_binance.simulator import Simulator

LIVE = os.environ.get("CCXTPRO_LIVE") == "1"
ORDERS = os.environ.get("CCXTPRO_ENABLE_PROD_ORDER_LIVE") == "true"
TIMEOUT = 30.0
SPOT, SPOT2, LINEAR = "BTC/USDT", "ETH/USDT", "BTC/USDT:USDT"

#: test -> the Pro methods (CCXT's names) it exercises: a literal, read by the generator into the
#: manifest's coverage matrix (codegen.manifest.live_evidence)
COVERS: dict[str, list[str]] = {
    "test_public_streams": [
        "watchTicker", "watchTickers", "watchTrades", "watchTradesForSymbols", "watchOrderBook",
        "watchOrderBookForSymbols", "watchOHLCV", "watchOHLCVForSymbols", "watchBidsAsks", "watchMarkPrice",
        "watchMarkPrices", "unWatchTicker", "unWatchTrades", "unWatchOrderBook", "unWatchOHLCV",
    ],
    "test_public_ws_api": ["fetchOHLCVWs", "fetchTradesWs"],
    "test_signed_read_only": [
        "fetchBalanceWs", "fetchOpenOrdersWs", "fetchOrdersWs", "fetchClosedOrdersWs", "fetchMyTradesWs",
        "fetchTickerWs", "fetchOrderBookWs", "watchBalance",
    ],
    "test_order_lifecycle": ["createOrderWs", "fetchOrderWs", "cancelOrderWs"],
}


def _prod_keys() -> dict[str, str] | None:
    key, secret = os.environ.get("BINANCE_API_KEY"), os.environ.get("BINANCE_SECRET")
    return {"apiKey": key, "secret": secret} if key and secret else None


def _demo_keys() -> dict[str, str] | None:
    key, secret = os.environ.get("BINANCE_DEMO_API_KEY"), os.environ.get("BINANCE_DEMO_SECRET")
    return {"apiKey": key, "secret": secret, "env": "demo"} if key and secret else None


def live_config(need: str) -> dict[str, Any]:
    """Config for real Binance, or skip saying what would enable it."""
    if not LIVE:
        pytest.skip("live test against real Binance: set CCXTPRO_LIVE=1 to run it")
    if need == "public":
        return {}
    keys = _prod_keys() if need == "order" else (_prod_keys() or _demo_keys())
    if keys is None:
        pytest.skip("signed live test: set BINANCE_API_KEY and BINANCE_SECRET "
                    "(or BINANCE_DEMO_API_KEY and BINANCE_DEMO_SECRET for the demo environment)")
    if need == "order" and not ORDERS:
        pytest.skip("places a real (non-marketable, cancelled) order: set CCXTPRO_ENABLE_PROD_ORDER_LIVE=true")
    return keys


@pytest.fixture(params=["simulator", pytest.param("live", marks=pytest.mark.live)])
def venue(request) -> str:
    return request.param


async def _exchange(venue: str, need: str) -> AsyncIterator[Any]:
    if venue == "live":
        async with ccxtpro.load("binance", live_config(need)) as ex:
            yield ex
        return
    async with Simulator(seed=7) as sim:
        sim.deposit("USDT", 10_000)
        async with ccxtpro.load("binance", sim.exchange_config("hmac")) as ex:
            yield ex


async def _within(awaitable: Any) -> Any:
    return await asyncio.wait_for(awaitable, TIMEOUT)


def _is_book(book: Any, symbol: str) -> None:
    assert book["symbol"] == symbol
    assert book["bids"] and book["asks"] and book["bids"][0][0] < book["asks"][0][0]


async def test_public_streams(venue):
    async for ex in _exchange(venue, "public"):
        assert (await _within(ex.watch_ticker(SPOT)))["symbol"] == SPOT
        assert set(await _within(ex.watch_tickers([SPOT, SPOT2]))) <= {SPOT, SPOT2}
        trades = await _within(ex.watch_trades(SPOT))
        assert trades and all(t["symbol"] == SPOT and t["price"] > 0 for t in trades)
        trades = await _within(ex.watch_trades_for_symbols([SPOT, SPOT2]))
        assert trades and {t["symbol"] for t in trades} <= {SPOT, SPOT2}
        _is_book(await _within(ex.watch_order_book(SPOT)), SPOT)
        book = await _within(ex.watch_order_book_for_symbols([SPOT, SPOT2]))
        assert book["symbol"] in (SPOT, SPOT2)
        candles = await _within(ex.watch_ohlcv(SPOT, "1m"))
        assert candles and len(candles[-1]) == 6
        by_symbol = await _within(ex.watch_ohlcv_for_symbols([[SPOT, "1m"], [SPOT2, "1m"]]))
        assert set(by_symbol) <= {SPOT, SPOT2}
        quotes = await _within(ex.watch_bids_asks([SPOT]))
        assert quotes[SPOT]["bid"] < quotes[SPOT]["ask"]
        mark = await _within(ex.watch_mark_price(LINEAR))
        assert mark["symbol"] == LINEAR and mark["markPrice"] > 0
        assert LINEAR in await _within(ex.watch_mark_prices([LINEAR]))
        for unwatch, args in ((ex.un_watch_ticker, (SPOT,)), (ex.un_watch_trades, (SPOT,)),
                              (ex.un_watch_order_book, (SPOT,)), (ex.un_watch_ohlcv, (SPOT, "1m"))):
            await _within(unwatch(*args))
        assert SPOT not in ex.orderbooks and SPOT not in ex.tickers  # unwatched: CCXT's caches are cleared


async def test_public_ws_api(venue):
    async for ex in _exchange(venue, "public"):
        candles = await _within(ex.fetch_ohlcv_ws(SPOT, "1m", limit=5))
        assert 0 < len(candles) <= 5 and all(len(c) == 6 for c in candles)
        trades = await _within(ex.fetch_trades_ws(SPOT, limit=5))
        assert 0 < len(trades) <= 5 and all(t["price"] > 0 for t in trades)  # no symbol: as CCXT's


async def test_signed_read_only(venue):
    async for ex in _exchange(venue, "signed"):
        balance = await _within(ex.fetch_balance_ws())
        assert isinstance(balance["total"], dict)
        for method in (ex.fetch_open_orders_ws, ex.fetch_orders_ws, ex.fetch_closed_orders_ws,
                       ex.fetch_my_trades_ws):
            assert isinstance(await _within(method(SPOT)), list)
        # CCXT serves these two over the futures websocket API only
        ticker = await _within(ex.fetch_ticker_ws(LINEAR))
        assert ticker["symbol"] == "BTCUSDT"  # CCXT 4.5.84 leaves the exchange's id here; so do we
        _is_book(await _within(ex.fetch_order_book_ws(LINEAR, 5)), LINEAR)
        # the user-data subscription is established (a balance event may never come: bounded wait)
        watch = asyncio.ensure_future(ex.watch_balance())
        done, _ = await asyncio.wait([watch], timeout=3)
        if done:
            assert isinstance(watch.result()["total"], dict)
        else:
            watch.cancel()
        assert any(ex.connection_info(url) for url in ex.connections())


async def test_order_lifecycle(venue):
    async for ex in _exchange(venue, "order"):
        await ex.load_markets()
        book = await _within(ex.watch_order_book(SPOT))
        market = ex.market(SPOT)
        price = float(ex.price_to_precision(SPOT, book["bids"][0][0] / 2))  # cannot fill
        min_cost = (market["limits"]["cost"] or {}).get("min") or 5
        amount = float(ex.amount_to_precision(SPOT, max(min_cost * 1.5 / price, market["limits"]["amount"]["min"] or 0)))
        order = await _within(ex.create_order_ws(SPOT, "limit", "buy", amount, price))
        try:
            assert order["status"] == "open" and order["filled"] == 0
            assert (await _within(ex.fetch_order_ws(order["id"], SPOT)))["status"] == "open"
        finally:
            cancelled = await _within(ex.cancel_order_ws(order["id"], SPOT))
        assert cancelled["id"] == order["id"] and cancelled["status"] == "canceled"


def test_the_manifest_records_this_modules_live_evidence():
    manifest = json.loads((Path(__file__).resolve().parents[2] / "src" / "ccxtpro_binance" /
                           "pro_manifest.json").read_text())
    recorded: dict[str, set[str]] = {}
    for row in manifest["methods"]:
        for node in row["coverage"]["liveEvidence"]:
            recorded.setdefault(node.rpartition("::")[2], set()).add(row["name"])
    assert recorded == {test: set(methods) for test, methods in COVERS.items()}
    for row in manifest["methods"]:
        coverage = row["coverage"]
        assert coverage["liveEvidence"] or coverage["skipReason"], row["name"]
