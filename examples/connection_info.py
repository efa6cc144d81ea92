"""Look inside the connections: ``connections()``, ``connection_info(url)``, ``close_connection(url)``.

    python examples/connection_info.py [--symbol BTC/USDT] [--seconds 1] [--live]

One websocket per URL carries every subscription sent to it. ``connection_info``
is what a dashboard or a health check reads: state, frame counters, pending
waiters, subscriptions, reconnects, and how the last connection ended.

The example streams trades, prints each connection, and then ends connections
two ways. A drop by the network (simulated with ``sim.faults.drop_connections``,
skipped with ``--live``) is absorbed: the ``stream_trades`` iterator dials again,
re-subscribes and goes on, and the connection's ``reconnects`` counter goes up.
``close_connection(url)`` is a decision of the user: whoever waits on the
connection fails with ``ExchangeClosedByUser``, so the waiting iterator ends.
The next watch opens a fresh connection.
"""

from __future__ import annotations

import asyncio

import ccxtpro
from _common import elapsed, parse, parser, run, venue

FIELDS = ("state", "frames_received", "frames_sent", "subscriptions", "reconnects", "close_code", "error")


def show(exchange, label: str, urls=None) -> None:
    for url in urls or exchange.connections():
        info = exchange.connection_info(url)  # redacted: a private URL may carry a listen key
        print(f"{elapsed()} {label}: {info['url']}", flush=True)
        print("         " + "  ".join(f"{k}={info[k]}" for k in FIELDS if info[k] not in (None, [])), flush=True)


async def main(args) -> None:
    async with venue(args) as (config, sim):
        async with ccxtpro.load("binance", config) as exchange:
            seen = {"trades": 0}

            async def consume() -> None:
                try:
                    async for trades in exchange.stream_trades(args.symbol):
                        seen["trades"] += len(trades)
                except ccxtpro.ExchangeClosedByUser as e:
                    print(f"{elapsed()} stream_trades ended: {type(e).__name__}: {e}", flush=True)

            consumer = asyncio.ensure_future(consume())
            await asyncio.sleep(args.seconds)
            show(exchange, "open")

            if sim is not None:
                before = seen["trades"]
                print(f"{elapsed()} simulator drops every connection (as a network failure would)", flush=True)
                sim.faults.drop_connections()
                await asyncio.sleep(args.seconds)
                show(exchange, "after the drop")
                print(f"{elapsed()} stream went on: {seen['trades'] - before} trades since the drop", flush=True)

            urls = exchange.connections()
            for url in urls:
                # close while the stream waits on the connection (its "pending" hash): a stream
                # caught between two items would dial the URL again on its next call
                while not exchange.connection_info(url)["pending"]:
                    await asyncio.sleep(0)
                await exchange.close_connection(url)
            await asyncio.wait_for(consumer, 10)
            show(exchange, "after close_connection", urls)

            await exchange.watch_trades(args.symbol)  # the next watch dials again
            show(exchange, "reopened by the next watch")


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--seconds", type=float, default=1.0, help="how long to stream between steps")
    run(main(parse(p)))
