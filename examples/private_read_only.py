"""Private, read-only requests over the websocket API: balances, open orders, trades.

    python examples/private_read_only.py [--symbol BTC/USDT] [--live]

Binance's websocket API answers signed requests on one long-lived connection,
which is faster than REST for bots that ask often. The ``*_ws`` methods are
CCXT's unified ones (``fetch_balance_ws``, ``fetch_open_orders_ws``,
``fetch_orders_ws``, ``fetch_my_trades_ws``…); ``hasattr`` tells which the
instance has. Nothing here changes the account.

With the simulator the account is funded first with ``sim.deposit``; with
``--live`` it reads ``BINANCE_API_KEY``/``BINANCE_SECRET`` and shows your account.
"""

from __future__ import annotations

import ccxtpro
from _common import elapsed, parse, parser, run, venue

METHODS = ("fetch_balance_ws", "fetch_open_orders_ws", "fetch_orders_ws", "fetch_my_trades_ws",
           "fetch_positions_ws")


def nonzero(balance: dict) -> dict[str, float]:
    """Currency -> total of a unified balance, without the empty ones."""
    totals = {code: total for code, total in balance["total"].items() if total}
    if not totals and isinstance(balance["info"], dict):
        # CCXT 4.5.84 parses the spot reply of fetchBalanceWs (account.status) into
        # empty totals, and so does ccxtpro (same code); the balances are in ``info``
        for b in balance["info"].get("balances", []):
            total = float(b["free"]) + float(b["locked"])
            if total:
                totals[b["asset"]] = total
    return totals


async def main(args) -> None:
    async with venue(args, private=True) as (config, sim):
        if sim is not None:
            sim.deposit("USDT", 2500)
            sim.deposit("BTC", "0.25")
        async with ccxtpro.load("binance", config) as exchange:
            print(f"{elapsed()} websocket-API methods: "
                  + ", ".join(f"{m} {'yes' if hasattr(exchange, m) else 'no'}" for m in METHODS))

            spot = await exchange.fetch_balance_ws()
            print(f"{elapsed()} spot balance: {nonzero(spot)}", flush=True)
            try:  # an account without futures gets a typed error, not a crash
                futures = await exchange.fetch_balance_ws({"type": "future"})
                print(f"{elapsed()} USD-M futures balance: {nonzero(futures)}", flush=True)
            except ccxtpro.ExchangeError as e:
                print(f"{elapsed()} USD-M futures balance: not available ({type(e).__name__}: {e})")

            open_orders = await exchange.fetch_open_orders_ws(args.symbol)
            print(f"{elapsed()} open orders on {args.symbol}: {len(open_orders)}")
            for o in open_orders:
                print(f"         {o['id']} {o['side']} {o['amount']} @ {o['price']} {o['status']}")
            recent = await exchange.fetch_orders_ws(args.symbol, None, 5)
            print(f"{elapsed()} recent orders on {args.symbol}: {len(recent)}")
            trades = await exchange.fetch_my_trades_ws(args.symbol, None, 5)
            print(f"{elapsed()} my recent trades on {args.symbol}: {len(trades)}")
            for t in trades:
                print(f"         {t['datetime']} {t['side']} {t['amount']} @ {t['price']}")


if __name__ == "__main__":
    p = parser(__doc__)
    run(main(parse(p, private=True)))
