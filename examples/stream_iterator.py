"""Consume streams with ``async for``: ``stream_trades`` and ``stream_order_book``.

    python examples/stream_iterator.py [--symbol BTC/USDT] [--count 5] [--live]

``exchange.stream_<x>(...)`` exists for every ``watch_<x>`` method. It calls the
watch method over and over and yields each result, and it rides out what a retry
fixes (a dropped connection, a keepalive timeout, an order-book gap: it dials
again, re-subscribes, re-syncs the book from a fresh snapshot). Errors a retry
cannot fix (a bad symbol, an authentication error) end it by raising. It holds
no background task, so ``break`` is all the cleanup it needs; ``async with``
closes it for you too. Two streams run side by side here, each for ``--count``
items.
"""

from __future__ import annotations

import asyncio

import ccxtpro
from _common import elapsed, parse, parser, run, venue


async def trades(exchange, symbol: str, count: int) -> None:
    async with exchange.stream_trades(symbol) as stream:
        async for batch in stream:  # with newUpdates (the default) each batch holds only new trades
            ids = " ".join(str(t["id"]) for t in batch)
            print(f"{elapsed()} trades {symbol}  {len(batch)} new, last {batch[-1]['price']}  ids {ids}", flush=True)
            if stream.items >= count:
                break
    print(f"{elapsed()} done: {stream!r}", flush=True)


async def book(exchange, symbol: str, count: int) -> None:
    stream = exchange.stream_order_book(symbol, 10)
    async for ob in stream:
        (bid, _), (ask, _) = ob["bids"][0], ob["asks"][0]
        print(f"{elapsed()} book   {symbol}  nonce {ob['nonce']}  bid {bid} ask {ask}  spread {ask - bid:.2f}",
              flush=True)
        if stream.items >= count:
            break  # nothing else to clean up
    print(f"{elapsed()} done: {stream!r}", flush=True)


async def main(args) -> None:
    async with venue(args) as (config, _sim):
        async with ccxtpro.load("binance", config) as exchange:
            await asyncio.gather(trades(exchange, args.symbol, args.count),
                                 book(exchange, args.symbol, args.count))


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--count", type=int, default=5, help="items to take from each stream")
    run(main(parse(p)))
