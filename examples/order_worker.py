"""A long-running order-event worker that keeps itself authenticated.

    python examples/order_worker.py [--symbol BTC/USDT:USDT] [--faults expire-listen-key,drop] [--live [--seconds 60]]

User-data streams end in ways market streams do not: Binance expires listen keys
(futures: after 60 minutes without a keep-alive; on maintenance; at will), ends
websocket-API event subscriptions, and drops connections like any other. ccxtpro
turns each into a ``NetworkError`` for the waiter, authenticates again by itself
(a new listen key, or a new signed subscription) and ``stream_orders`` carries on
with the next event. So the worker is just an ``async for`` loop; only errors a
retry cannot fix (``AuthenticationError``: a revoked key…) end it, and should.

In simulator mode a driver places and cancels a resting order, injects the next
fault from ``--faults`` (``expire-listen-key``: the listen key of the futures
user-data stream expires; ``drop``: every connection is cut), waits for the
worker to connect again, and repeats, so the output shows events
before and after each re-authentication. With ``--live`` the worker only listens,
for ``--seconds``: place or cancel an order elsewhere to see it.
"""

from __future__ import annotations

import asyncio
import time

import ccxtpro
from _common import elapsed, parse, parser, resting_buy, run, venue


FAULTS = {  # simulator faults by name -> how many listen keys or connections they hit
    "expire-listen-key": lambda faults: faults.expire_listen_key(),  # futures; spot has no listen key
    "drop": lambda faults: faults.drop_connections(),
}


async def worker(exchange, symbol: str, status: dict[str, str]) -> None:
    """The whole worker: print each order update, remember each order's last status."""
    async for orders in exchange.stream_orders(symbol):
        for o in orders:
            status[o["id"]] = o["status"]
            print(f"{elapsed()} order event: {o['id']} {o['status']}", flush=True)


def lifecycle_printer(connected: asyncio.Event):
    """A telemetry handler that prints connection changes and flags each new connection."""
    def on_event(event: ccxtpro.WsEvent) -> None:
        if event.type == "connect":
            connected.set()
            print(f"{elapsed()} connected: {event.url}", flush=True)  # listen keys come masked
        elif event.type == "disconnect" and not event["by_user"]:
            print(f"{elapsed()} connection lost: {event['error']}", flush=True)
        elif event.type == "reconnect":
            print(f"{elapsed()} reconnecting in {event['delay']:.2f}s", flush=True)
    return on_event


async def until(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit("error: timed out waiting for the worker")
        await asyncio.sleep(0.02)


async def drive(exchange, sim, symbol: str, faults: list[str], status: dict[str, str],
                connected: asyncio.Event) -> None:
    """Simulator only: an order per round, and a fault between rounds."""
    await asyncio.wait_for(connected.wait(), 10)  # the worker's first connection
    for round_no, fault in enumerate([None, *faults]):
        if fault is not None:
            connected.clear()
            hit = FAULTS[fault](sim.faults)
            print(f"{elapsed()} fault: {fault} ({hit} hit)", flush=True)
            if hit:
                await asyncio.wait_for(connected.wait(), 10)  # the worker dialed again
        await asyncio.sleep(0.5)  # its subscription reaches the exchange
        amount, price = await resting_buy(exchange, symbol)
        order = await exchange.create_order_ws(symbol, "limit", "buy", amount, price)
        await until(lambda: status.get(order["id"]) == "open")
        await exchange.cancel_order_ws(order["id"], symbol)
        await until(lambda: status.get(order["id"]) == "canceled")
        print(f"{elapsed()} round {round_no + 1}: order {order['id']} seen open and canceled"
              + (f" after {fault}" if fault else ""), flush=True)


async def main(args) -> None:
    async with venue(args, private=True) as (config, sim):
        async with ccxtpro.load("binance", config) as exchange:
            connected = asyncio.Event()
            exchange.on_event(lifecycle_printer(connected), ("connect", "disconnect", "reconnect"))
            status: dict[str, str] = {}
            tasks = [asyncio.ensure_future(worker(exchange, args.symbol, status)),
                     asyncio.ensure_future(asyncio.sleep(args.seconds) if sim is None else
                                           drive(exchange, sim, args.symbol, args.faults, status, connected))]
            try:  # until the driver (or the time) is done, or the worker fails
                done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()  # raises what ended it
            finally:
                for task in tasks:
                    task.cancel()
            print(f"{elapsed()} worker stopped after {len(status)} orders seen")


if __name__ == "__main__":
    p = parser(__doc__, symbol="BTC/USDT:USDT")
    p.add_argument("--faults", default="expire-listen-key,drop",
                   help="simulator only: comma-separated faults, one per round (expire-listen-key, drop)")
    p.add_argument("--seconds", type=float, default=60.0, help="--live only: how long to listen")
    args = parse(p, private=True)
    args.faults = [f for f in args.faults.split(",") if f]
    if set(args.faults) - set(FAULTS):
        p.error(f"unknown fault in --faults; known: {', '.join(FAULTS)}")
    run(main(args))
