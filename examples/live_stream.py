"""A live Binance stream from the loopback simulator, through ccxtpro's generated Binance.

    python examples/live_stream.py [--symbol BTC/USDT] [--seconds 10] [--seed 1]

Starts the simulator in this process, loads Binance through the plugin system
(``ccxtpro.load``), and prints the best bid/ask of the order book and each
trade as they arrive, then how many updates it saw. No network is touched.
"""

from __future__ import annotations

import argparse
import asyncio
import time

import ccxtpro
from ccxtpro_binance.simulator import Simulator


async def follow_book(exchange, symbol: str, stop: float, counts: dict) -> None:
    async for book in exchange.stream_order_book(symbol):
        counts["book"] += 1
        (bid, bid_size), (ask, ask_size) = book["bids"][0], book["asks"][0]
        print(f"{book['datetime'] or '':24} book   {symbol}  nonce {book['nonce']}"
              f"  bid {bid:.2f} x {bid_size:<8g} ask {ask:.2f} x {ask_size:<8g}", flush=True)
        if time.monotonic() >= stop:
            break


async def follow_trades(exchange, symbol: str, stop: float, counts: dict) -> None:
    async for trades in exchange.stream_trades(symbol):
        for trade in trades:  # with newUpdates (CCXT's default) each await yields only new trades
            counts["trades"] += 1
            print(f"{trade['datetime']:24} trade  {symbol}  {trade['side'] or '':4} "
                  f"{trade['amount']:g} @ {trade['price']:.2f}", flush=True)
        if time.monotonic() >= stop:
            break


async def main(symbol: str, seconds: float, seed: int) -> None:
    async with Simulator(seed=seed) as sim:
        async with ccxtpro.load("binance", sim.exchange_config()) as exchange:
            await exchange.load_markets()
            print(f"ccxtpro {ccxtpro.__version__} (compiled: {ccxtpro.USING_EXTENSIONS}), "
                  f"simulator at {sim.urls['rest']['spot']}", flush=True)
            counts = {"book": 0, "trades": 0}
            stop = time.monotonic() + seconds
            await asyncio.gather(follow_book(exchange, symbol, stop, counts),
                                 follow_trades(exchange, symbol, stop, counts))
            print(f"{seconds:g}s: {counts['book']} order-book updates, {counts['trades']} trades", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--symbol", default="BTC/USDT")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(main(args.symbol, args.seconds, args.seed))
