"""What every example shares: where it connects, and the gates in front of real Binance.

By default an example starts the Binance simulator in its own process (loopback,
no keys, nothing leaves the machine) and points ``ccxtpro.load("binance", config)``
at it. With ``--live`` the same code talks to real Binance instead:

* public examples need nothing;
* private ones read ``BINANCE_API_KEY`` and ``BINANCE_SECRET`` from the environment;
* order-placing ones also need ``CCXTPRO_ENABLE_PROD_ORDER_LIVE=true``, and only ever
  place limit orders far from the book, cancelled before the example ends.

A missing variable ends the example with one line on stderr before anything is
dialed. So does a typed ccxtpro error (``ccxtpro.BaseError``): those are the
product's contract, so a user sees which one it was and why.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
from collections.abc import AsyncIterator, Coroutine
from typing import Any

import ccxtpro
from ccxtpro_binance.simulator import Simulator

ORDER_GATE = "CCXTPRO_ENABLE_PROD_ORDER_LIVE"
_STARTED = time.monotonic()


def parser(doc: str | None, symbol: str | None = "BTC/USDT") -> argparse.ArgumentParser:
    """An argument parser with the flags every example has: ``--live``, ``--seed`` and,
    unless ``symbol`` is None, ``--symbol`` (a unified symbol; ``BTC/USDT:USDT`` is USD-M)."""
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--live", action="store_true", help="real Binance instead of the in-process simulator")
    p.add_argument("--seed", type=int, default=1, help="simulator seed (ignored with --live)")
    if symbol is not None:
        p.add_argument("--symbol", default=symbol, help=f"unified symbol (default {symbol})")
    return p


def parse(p: argparse.ArgumentParser, *, private: bool = False, places_orders: bool = False) -> argparse.Namespace:
    """Parse the command line; with ``--live``, refuse at once what is not allowed."""
    args = p.parse_args()
    if args.live and (private or places_orders):
        _live_credentials()
    if args.live and places_orders and os.environ.get(ORDER_GATE, "").lower() != "true":
        sys.exit(f"error: this example places orders on real Binance; set {ORDER_GATE}=true to allow it "
                 "(its orders are far from the book and cancelled at once)")
    return args


def _live_credentials() -> dict[str, str]:
    key, secret = os.environ.get("BINANCE_API_KEY"), os.environ.get("BINANCE_SECRET")
    if not key or not secret:
        sys.exit("error: --live needs BINANCE_API_KEY and BINANCE_SECRET in the environment")
    return {"apiKey": key, "secret": secret}


@contextlib.asynccontextmanager
async def venue(args: argparse.Namespace, *, private: bool = False) -> AsyncIterator[tuple[dict, Simulator | None]]:
    """Yield ``(config, sim)``: the config for ``ccxtpro.load("binance", config)`` and the
    running simulator, or ``None`` with ``--live`` (real Binance, production URLs)."""
    if args.live:
        yield (_live_credentials() if private else {}), None
        return
    async with Simulator(seed=args.seed) as sim:
        yield sim.exchange_config(key="hmac" if private else None), sim


def run(main: Coroutine[Any, Any, Any]) -> None:
    """``asyncio.run(main)``; a typed ccxtpro error or Ctrl-C ends it with one line."""
    try:
        asyncio.run(main)
    except KeyboardInterrupt:
        sys.exit("interrupted")
    except ccxtpro.BaseError as e:
        sys.exit(f"error: {type(e).__name__}: {e}")


def elapsed() -> str:
    """Seconds since the example started, for the left column of its output."""
    return f"{time.monotonic() - _STARTED:6.2f}s"


async def resting_buy(exchange: Any, symbol: str, distance: float = 0.10) -> tuple[float, float]:
    """``(amount, price)`` of a buy limit order that rests instead of filling: ``distance``
    below the best bid, and just above the market's minimum size and notional."""
    await exchange.load_markets()
    limits = exchange.market(symbol)["limits"]
    book = await exchange.fetch_order_book(symbol, 5)
    price = float(exchange.price_to_precision(symbol, book["bids"][0][0] * (1 - distance)))
    amount = max(limits["amount"]["min"] or 0.0, (limits["cost"]["min"] or 0.0) * 1.25 / price)
    # amount_to_precision truncates; the 25% margin above keeps the notional over the minimum
    return float(exchange.amount_to_precision(symbol, amount)), price
