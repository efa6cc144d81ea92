"""A long-running ticker worker that restarts itself when it fails.

    python examples/ticker_worker.py [--symbol BTC/USDT] [--count 6] [--drop-after 2] [--live]

A worker that must run for weeks meets dropped connections, exchange
maintenance and timeouts. ccxtpro reports each with a typed error: everything a
retry may fix derives from ``ccxtpro.OperationFailed`` (``NetworkError``,
``RequestTimeout``, ``ExchangeNotAvailable``…); anything else (``BadSymbol``,
``AuthenticationError``…) is a bug or a configuration problem, and retrying it
would only hide it. So the supervisor below restarts the worker on the first
kind, with exponential backoff (reset once the worker delivers again), and lets
the second kind end the program.

The worker uses plain ``watch_ticker`` so every failure is visible here (a
``stream_ticker`` iterator would absorb them itself). In simulator mode the
simulator drops every connection after ``--drop-after`` updates, so the output
shows the failure, the restart and the updates that follow. The worker stops
after ``--count`` updates in total.
"""

from __future__ import annotations

import asyncio

import ccxtpro
from _common import elapsed, parse, parser, run, venue


async def supervise(job, *, first_delay: float = 0.5, max_delay: float = 30.0, max_restarts: int = 100):
    """Run ``job()`` until it returns; restart it after a retryable failure, waiting longer each time.

    ``job`` reports progress by calling the ``healthy`` callback it is given, which resets the delay."""
    delay, restarts = first_delay, 0

    def healthy() -> None:
        nonlocal delay
        delay = first_delay

    while True:
        try:
            return await job(healthy)
        except ccxtpro.OperationFailed as e:
            restarts += 1
            if restarts > max_restarts:
                raise
            print(f"{elapsed()} worker failed: {type(e).__name__}: {e}", flush=True)
            print(f"{elapsed()} restart #{restarts} in {delay:.1f}s", flush=True)
            await asyncio.sleep(delay)
            delay = min(max_delay, delay * 2)


async def main(args) -> None:
    async with venue(args) as (config, sim):
        async with ccxtpro.load("binance", config) as exchange:
            updates = 0

            async def ticker_worker(healthy) -> None:
                nonlocal updates
                print(f"{elapsed()} worker started", flush=True)
                while updates < args.count:
                    t = await exchange.watch_ticker(args.symbol)
                    updates += 1
                    healthy()
                    print(f"{elapsed()} update {updates}: ticker {t['symbol']} last {t['last']}", flush=True)
                    if sim is not None and updates == args.drop_after:
                        print(f"{elapsed()} simulator drops every connection", flush=True)
                        sim.faults.drop_connections()

            await supervise(ticker_worker)
            print(f"{elapsed()} worker finished after {updates} updates")


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--count", type=int, default=6, help="updates before the worker stops")
    p.add_argument("--drop-after", type=int, default=2, help="simulator only: drop connections after this update")
    run(main(parse(p)))
