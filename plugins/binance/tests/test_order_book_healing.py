"""With ``watchOrderBook.checksum`` off, a sequence gap re-syncs the book instead of freezing it
(CCXT 4.5.84 ignores the diff and its book never resolves again)."""

from __future__ import annotations

import asyncio

import pytest

import ccxtpro
from ccxtpro_binance.simulator import Simulator


@pytest.mark.parametrize("symbol, market, market_id", [("BTC/USDT", "spot", "BTCUSDT"),
                                                       ("BTC/USDT:USDT", "usdm", "BTCUSDT")])
async def test_a_gap_with_checksum_off_resyncs_and_the_book_keeps_updating(symbol, market, market_id):
    async with Simulator(seed=1) as sim:
        config = sim.exchange_config(None, watchOrderBook={"checksum": False})
        async with ccxtpro.load("binance", config) as ex:
            book = await asyncio.wait_for(ex.watch_order_book(symbol), 10)
            before = book["nonce"]
            sim.faults.gap(market, market_id, count=3)
            nonces = []
            for _ in range(8):  # a frozen book would time out here
                book = await asyncio.wait_for(ex.watch_order_book(symbol), 5)
                nonces.append(book["nonce"])
                bids, asks = book["bids"], book["asks"]
                assert bids and asks and bids[0][0] < asks[0][0]
                assert [b[0] for b in bids] == sorted((b[0] for b in bids), reverse=True)
            assert any(f"gap:{market}:{market_id}" == f for f in sim.faults.injected)
            assert nonces == sorted(nonces) and nonces[0] > before


async def test_with_checksum_on_a_gap_still_raises_ccxts_checksum_error():
    async with Simulator(seed=1) as sim:
        async with ccxtpro.load("binance", sim.exchange_config(None)) as ex:
            await asyncio.wait_for(ex.watch_order_book("BTC/USDT"), 10)
            sim.faults.gap("spot", "BTCUSDT")
            with pytest.raises(ccxtpro.ChecksumError):
                for _ in range(20):
                    await asyncio.wait_for(ex.watch_order_book("BTC/USDT"), 5)
