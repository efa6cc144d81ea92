"""A safe order lifecycle over the websocket API: place, modify, cancel.

    python examples/order_lifecycle.py [--symbol BTC/USDT] [--distance 0.1] [--live]

1. ``create_order_ws``: a limit buy ``--distance`` below the best bid, at the
   market's minimum size, so it rests in the book instead of filling;
2. ``edit_order_ws``: move it further down. On spot Binance has no in-place
   amend of price, so CCXT sends ``order.cancelReplace``: the order is cancelled
   and a new one placed, with a new id. On futures (``--symbol BTC/USDT:USDT``)
   it sends ``order.modify`` and the id stays;
3. ``cancel_order_ws``, then ``fetch_order_ws`` to confirm.

Whatever happens in between, the order is cancelled before the example ends.
``--live`` places a real order: it needs ``BINANCE_API_KEY``/``BINANCE_SECRET``
and ``CCXTPRO_ENABLE_PROD_ORDER_LIVE=true``.
"""

from __future__ import annotations

import contextlib

import ccxtpro
from _common import elapsed, parse, parser, resting_buy, run, venue


def show(step: str, order: dict) -> None:
    print(f"{elapsed()} {step:9} id {order['id']}  status {order['status']}  "
          f"{order['side']} {order['amount']} @ {order['price']}", flush=True)


async def main(args) -> None:
    async with venue(args, private=True) as (config, sim):
        if sim is not None:
            sim.deposit("USDT", 1000)
        async with ccxtpro.load("binance", config) as exchange:
            amount, price = await resting_buy(exchange, args.symbol, args.distance)
            order = await exchange.create_order_ws(args.symbol, "limit", "buy", amount, price)
            try:
                show("created", order)
                lower = float(exchange.price_to_precision(args.symbol, price * 0.98))
                edited = await exchange.edit_order_ws(order["id"], args.symbol, "limit", "buy", amount, lower)
                how = "replaced by a new order" if edited["id"] != order["id"] else "amended in place"
                show("modified", edited)
                print(f"{elapsed()}           {how} (price {price} -> {edited['price']})", flush=True)
                order = edited
                order = await exchange.cancel_order_ws(order["id"], args.symbol)
                show("canceled", order)
                confirmed = await exchange.fetch_order_ws(order["id"], args.symbol)
                show("confirmed", confirmed)
            finally:
                if order["status"] == "open":
                    with contextlib.suppress(ccxtpro.OrderNotFound):  # already gone is fine
                        await exchange.cancel_order_ws(order["id"], args.symbol)


if __name__ == "__main__":
    p = parser(__doc__)
    p.add_argument("--distance", type=float, default=0.10, help="how far below the best bid to bid (0.1 = 10%%)")
    run(main(parse(p, private=True, places_orders=True)))
