"""Stop a stream with ``un_watch_ticker``: the subscription is gone and nothing more arrives.

    python examples/unwatch_ticker.py [--symbol BTC/USDT] [--count 2] [--quiet 2] [--live]

Watching is cheap to start and easy to forget: every subscription keeps costing
bandwidth and handler time until it is unsubscribed (or its connection closes).
This example watches a few ticker updates, calls ``un_watch_ticker`` (Binance's
UNSUBSCRIBE), then reads ``connection_info(url)`` to show that the subscription
left the connection while the connection itself stays open, and that no frame
arrives during the next ``--quiet`` seconds.
"""

from __future__ import annotations

import asyncio

import ccxtpro
from _common import elapsed, parse, parser, run, venue


def describe(exchange) -> dict:
    """url -> connection_info for every live connection (URLs come back redacted)."""
    return {url: exchange.connection_info(url) for url in exchange.connections()}


async def main(args) -> None:
    async with venue(args) as (config, _sim):
        async with ccxtpro.load("binance", config) as exchange:
            for _ in range(args.count):
                t = await exchange.watch_ticker(args.symbol)
                print(f"{elapsed()} ticker {t['symbol']} last {t['last']}", flush=True)
            for info in describe(exchange).values():
                print(f"{elapsed()} before: {info['url']} state {info['state']} subscriptions {info['subscriptions']}")

            await exchange.un_watch_ticker(args.symbol)

            before = describe(exchange)
            for info in before.values():
                print(f"{elapsed()} after un_watch_ticker: {info['url']} state {info['state']} "
                      f"subscriptions {info['subscriptions'] or 'none'}", flush=True)
            await asyncio.sleep(args.quiet)
            for url, info in describe(exchange).items():
                arrived = info["frames_received"] - before[url]["frames_received"]
                print(f"{elapsed()} frames received in the {args.quiet:g}s after un_watch_ticker: {arrived}")
            if any(info["subscriptions"] for info in before.values()):
                raise SystemExit("error: a subscription is still there after un_watch_ticker")
            print(f"{elapsed()} subscription gone: {args.symbol} ticker unsubscribed")


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--count", type=int, default=2, help="updates to watch before unsubscribing")
    p.add_argument("--quiet", type=float, default=2.0, help="seconds to listen after unsubscribing")
    run(main(parse(p)))
