"""Observe the websocket runtime: telemetry events, and the redacted debug log.

    python examples/debug_logger.py [--symbol BTC/USDT] [--seconds 2] [--verbose] [--live]

``exchange.on_event(handler, types=None)`` attaches a handler that is called with
each ``ccxtpro.WsEvent`` (``connect``, ``send``, ``message``, ``disconnect``,
``reconnect``, ``resolve``, ``reject``, ``error``): the hook for metrics, health
checks and log shipping. Events are redacted before a handler sees them (URLs,
frames and errors carry no keys, signatures or listen keys), and a handler that
raises is logged, never propagated. ``exchange.verbose = True`` additionally logs
every connect, frame sent and received on the ``ccxtpro.ws`` logger, also redacted.

The example streams trades; with the simulator it drops the connection half-way,
so the log shows ``disconnect`` and ``reconnect`` too. It ends with a count per
event type.
"""

from __future__ import annotations

import logging
import time
from collections import Counter

import ccxtpro
from _common import elapsed, parse, parser, run, venue


class EventPrinter:
    """A telemetry handler: prints each event in one line, frames only the first few times."""

    def __init__(self, frames_shown: int) -> None:
        self.counts: Counter[str] = Counter()
        self.frames_shown = frames_shown

    def __call__(self, event: ccxtpro.WsEvent) -> None:
        self.counts[event.type] += 1
        if event.type == "message" and self.counts["message"] > self.frames_shown:
            return  # counted, not printed
        detail = {k: (v if len(str(v)) < 100 else str(v)[:97] + "...") for k, v in event.data.items()}
        print(f"{elapsed()} event {event.type:10} {event.url}  {detail}", flush=True)


async def main(args) -> None:
    if args.verbose:
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
        logging.getLogger("ccxtpro.ws").setLevel(logging.INFO)  # the websocket side; ccxtpro.rest logs REST
    async with venue(args) as (config, sim):
        async with ccxtpro.load("binance", {**config, "verbose": args.verbose}) as exchange:
            printer = exchange.on_event(EventPrinter(args.frames))
            stop = time.monotonic() + args.seconds
            dropped = sim is None  # only the simulator can drop a connection on request
            async for _trades in exchange.stream_trades(args.symbol):
                if not dropped and time.monotonic() > stop - args.seconds / 2:
                    print(f"{elapsed()} simulator drops the connection", flush=True)
                    sim.faults.drop_connections()
                    dropped = True
                if time.monotonic() >= stop:
                    break
            exchange.off_event(printer)
            print(f"{elapsed()} events: " + ", ".join(f"{k}={v}" for k, v in sorted(printer.counts.items())))


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--seconds", type=float, default=2.0)
    p.add_argument("--frames", type=int, default=3, help="received frames to print (all are counted)")
    p.add_argument("--verbose", action="store_true", help="also log every frame on the ccxtpro.ws logger")
    run(main(parse(p)))
