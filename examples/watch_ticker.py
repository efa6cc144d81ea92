"""Watch a ticker: the smallest CCXT Pro program.

    python examples/watch_ticker.py [--symbol BTC/USDT] [--count 3] [--live]

``watch_ticker`` subscribes on first use and then returns the next update each time
it is awaited (Binance pushes a spot ticker once a second). The result is CCXT's
unified ticker structure. Runs against the in-process simulator; ``--live`` reads
real Binance (public data, no keys).
"""

from __future__ import annotations

import ccxtpro
from _common import elapsed, parse, parser, run, venue


async def main(args) -> None:
    async with venue(args) as (config, _sim):
        async with ccxtpro.load("binance", config) as exchange:
            for _ in range(args.count):
                t = await exchange.watch_ticker(args.symbol)
                print(f"{elapsed()} ticker {t['symbol']}  {t['datetime']}  last {t['last']}  "
                      f"open {t['open']}  high {t['high']}  low {t['low']}  volume {t['baseVolume']}", flush=True)


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--count", type=int, default=3, help="updates to print before exiting")
    run(main(parse(p)))
