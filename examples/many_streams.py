"""Many public streams at once: tickers, trades and order books for several symbols.

    python examples/many_streams.py [--symbols BTC/USDT,ETH/USDT,SOL/USDT] [--seconds 3] [--live]

One task per stream, all on one exchange instance. Like CCXT, Binance spreads
new subscriptions over numbered connections (``/ws/0``, ``/ws/1``…, at most
``options["streamLimits"]`` per market type, 50 for spot), so a slow stream does
not hold up the others, and one instance is all a program needs. After ``--seconds`` the tasks are cancelled (a pending watch can be cancelled
like any awaitable) and a summary counts the updates each stream delivered.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import ccxtpro
from _common import elapsed, parse, parser, run, venue

KINDS = {  # what to stream -> how to call it
    "ticker": lambda ex, s: ex.stream_ticker(s),
    "trades": lambda ex, s: ex.stream_trades(s),
    "book": lambda ex, s: ex.stream_order_book(s, 5),
}


async def follow(exchange, kind: str, symbol: str, counts: Counter) -> None:
    async for _update in KINDS[kind](exchange, symbol):
        counts[kind, symbol] += 1


async def main(args) -> None:
    symbols = args.symbols.split(",")
    async with venue(args) as (config, _sim):
        async with ccxtpro.load("binance", config) as exchange:
            await exchange.load_markets()
            counts: Counter = Counter()
            tasks = [asyncio.ensure_future(follow(exchange, kind, s, counts)) for s in symbols for kind in KINDS]
            print(f"{elapsed()} {len(tasks)} streams started", flush=True)
            done, _ = await asyncio.wait(tasks, timeout=args.seconds)
            for task in done:  # a stream that ended early ended with an error: show it
                task.result()
            connections = len(exchange.connections())
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

            print(f"{elapsed()} updates per stream in {args.seconds:g}s over {connections} connection(s):")
            print(f"  {'symbol':12}" + "".join(f"{kind:>8}" for kind in KINDS))
            for s in symbols:
                print(f"  {s:12}" + "".join(f"{counts[kind, s]:>8}" for kind in KINDS))
            silent = [f"{kind} {s}" for s in symbols for kind in KINDS if not counts[kind, s]]
            if silent:
                raise SystemExit(f"error: no update from {', '.join(silent)}")


if __name__ == "__main__":
    p = parser(__doc__, symbol=None)
    p.add_argument("--symbols", default="BTC/USDT,ETH/USDT,SOL/USDT", help="comma-separated")
    p.add_argument("--seconds", type=float, default=3.0)
    run(main(parse(p)))
