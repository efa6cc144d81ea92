"""Follow your orders as they change: ``stream_orders`` while an order is placed and cancelled.

    python examples/order_events.py [--symbol BTC/USDT] [--timeout 10] [--live]

``watch_orders`` / ``stream_orders`` deliver the account's order updates as
unified order structures (spot through a websocket-API user-data subscription,
futures through a listen-key stream; ccxtpro authenticates on the first call).
Each update carries the order's current ``status``: here ``open`` when the
order rests, ``canceled`` after ``cancel_order_ws``. Acting on these events,
rather than on the replies of the calls, is what keeps a bot right when orders
also change elsewhere (fills, another client, the web UI).

``--live`` places a real resting order, cancelled at once: it needs
``BINANCE_API_KEY``/``BINANCE_SECRET`` and ``CCXTPRO_ENABLE_PROD_ORDER_LIVE=true``.
"""

from __future__ import annotations

import asyncio
import contextlib

import ccxtpro
from _common import elapsed, parse, parser, resting_buy, run, venue


async def subscribed(exchange, listener: asyncio.Future, settle: float = 0.3) -> None:
    """Wait until the order stream waits on an open, subscribed connection (``connection_info``),
    then ``settle`` seconds for the subscription request to reach Binance: an order placed
    before that would send its events to nobody."""
    def ready() -> bool:
        infos = [exchange.connection_info(url) for url in exchange.connections()]
        return any(i["state"] == "open" and i["subscriptions"] and i["pending"] for i in infos)
    while not ready():
        if listener.done():
            listener.result()  # it failed (e.g. AuthenticationError): raise that
        await asyncio.sleep(0.02)
    await asyncio.sleep(settle)


async def main(args) -> None:
    async with venue(args, private=True) as (config, sim):
        if sim is not None:
            sim.deposit("USDT", 1000)
        async with ccxtpro.load("binance", config) as exchange:
            events: asyncio.Queue = asyncio.Queue()

            async def listen() -> None:
                async for orders in exchange.stream_orders(args.symbol):
                    for o in orders:  # only the updates that are new since the last item
                        print(f"{elapsed()} event  order {o['id']}  status {o['status']}  filled {o['filled']}",
                              flush=True)
                        events.put_nowait(o)

            async def until(order_id: str, status: str) -> None:
                async def seen() -> None:
                    while True:
                        o = await events.get()
                        if o["id"] == order_id and o["status"] == status:
                            return
                try:
                    await asyncio.wait_for(seen(), args.timeout)
                except asyncio.TimeoutError:
                    raise SystemExit(f"error: no '{status}' event for order {order_id} in {args.timeout:g}s") from None

            listener = asyncio.ensure_future(listen())
            try:
                amount, price = await resting_buy(exchange, args.symbol)
                await subscribed(exchange, listener)
                order = await exchange.create_order_ws(args.symbol, "limit", "buy", amount, price)
                print(f"{elapsed()} placed order {order['id']}: buy {amount} @ {price}", flush=True)
                try:
                    await until(order["id"], "open")
                finally:
                    await exchange.cancel_order_ws(order["id"], args.symbol)
                    print(f"{elapsed()} cancel sent for order {order['id']}", flush=True)
                await until(order["id"], "canceled")
                print(f"{elapsed()} saw the order open and then canceled")
            finally:
                listener.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await listener


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each event")
    run(main(parse(p, private=True, places_orders=True)))
