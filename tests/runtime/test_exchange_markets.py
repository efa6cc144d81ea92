"""load_markets caching over real HTTP, and the market lookups the base owns."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from ccxtpro.errors import ArgumentsRequired, BadSymbol, ExchangeError, ExchangeNotAvailable

from .rest_helpers import RestToy, ToyServer


@pytest.fixture
async def server() -> AsyncIterator[ToyServer]:
    srv = await ToyServer().start()
    yield srv
    await srv.stop()


@pytest.fixture
async def ex(server: ToyServer) -> AsyncIterator[RestToy]:
    exchange = RestToy({"baseUrl": server.base_url, "rateLimit": 0})
    yield exchange
    await exchange.close()


async def test_loaded_once_and_shared_by_concurrent_callers(server: ToyServer, ex: RestToy) -> None:
    results = await asyncio.gather(*(ex.load_markets() for _ in range(5)))
    assert all(r is results[0] for r in results)
    assert await ex.loadMarkets() is results[0]
    assert server.hits["/v1/markets"] == 1
    assert sorted(results[0]) == ["BTC/USDT", "BTC/USDT:USDT", "ETH/USDT"]


async def test_reload_fetches_again(server: ToyServer, ex: RestToy) -> None:
    await ex.load_markets()
    await asyncio.gather(ex.load_markets(True), ex.load_markets(True))
    assert server.hits["/v1/markets"] == 2
    await ex.load_markets(reload=True)
    assert server.hits["/v1/markets"] == 3


async def test_failed_load_is_not_cached(server: ToyServer, ex: RestToy) -> None:
    server.fail_markets = 1
    with pytest.raises(ExchangeNotAvailable):
        await ex.load_markets()
    assert ex.markets is None
    assert "BTC/USDT" in await ex.load_markets()
    assert server.hits["/v1/markets"] == 2


async def test_cancelling_one_caller_does_not_cancel_the_shared_load(server: ToyServer, ex: RestToy) -> None:
    first = asyncio.ensure_future(ex.load_markets())
    second = asyncio.ensure_future(ex.load_markets())
    await asyncio.sleep(0)
    first.cancel()
    assert "ETH/USDT" in await second
    assert server.hits["/v1/markets"] == 1


async def test_indexes_symbols_ids_and_currencies(ex: RestToy) -> None:
    await ex.load_markets()
    assert ex.symbols == ["BTC/USDT", "BTC/USDT:USDT", "ETH/USDT"]
    assert ex.ids == ["BTCUSDT", "ETHUSDT"]
    assert [m["type"] for m in ex.markets_by_id["BTCUSDT"]] == ["spot", "swap"]  # spot first
    assert ex.marketsById is ex.markets_by_id
    btc = ex.markets["BTC/USDT:USDT"]
    assert btc["subType"] == "linear" and btc["contract"] is None
    spot = ex.markets["BTC/USDT"]
    assert spot["swap"] is False and spot["limits"]["amount"] == {"min": None, "max": None}
    assert ex.codes == ["BTC", "ETH", "USDT"]
    assert ex.currencies["BTC"]["precision"] == 6  # finest of 6 and 3 (decimal places)
    assert ex.currencies_by_id["USDT"]["code"] == "USDT"


async def test_market_lookups(ex: RestToy) -> None:
    with pytest.raises(ExchangeError, match="markets not loaded"):
        ex.market("BTC/USDT")
    await ex.load_markets()
    assert ex.market("BTC/USDT")["id"] == "BTCUSDT"
    assert ex.market("BTCUSDT")["type"] == "spot"  # by id: options['defaultType']
    ex.options["defaultType"] = "swap"
    assert ex.market("BTCUSDT")["symbol"] == "BTC/USDT:USDT"
    assert ex.market_id("ETH/USDT") == "ETHUSDT" and ex.marketId("ETH/USDT") == "ETHUSDT"
    assert ex.market_ids(["ETH/USDT", "BTC/USDT"]) == ["ETHUSDT", "BTCUSDT"]
    assert ex.symbol("ETHUSDT") == "ETH/USDT"
    with pytest.raises(BadSymbol):
        ex.market("DOGE/USDT")
    with pytest.raises(ArgumentsRequired):
        ex.market(None)  # type: ignore[arg-type]


async def test_safe_market_and_safe_symbol(ex: RestToy) -> None:
    await ex.load_markets()
    assert ex.safe_symbol("ETHUSDT") == "ETH/USDT"
    assert ex.safe_market("BTCUSDT", None, None, "swap")["symbol"] == "BTC/USDT:USDT"
    assert ex.safe_market("BTCUSDT", ex.markets["BTC/USDT"])["symbol"] == "BTC/USDT"
    with pytest.raises(ArgumentsRequired):
        ex.safe_market("BTCUSDT")  # shared id, no type to choose by
    unknown = ex.safe_market("FOOBAR")
    assert unknown["symbol"] == "FOOBAR" and unknown["id"] is None
    assert ex.safe_symbol("XBT_USD", None, "_") == "BTC/USD"  # common currency codes apply
    assert ex.safeSymbol("ETHUSDT") == "ETH/USDT"
    assert ex.safe_currency_code("USDT") == "USDT" and ex.safe_currency_code("xbt") == "BTC"
