"""Helpers of the Binance plugin's tests: a recording client, plain data, a ccxtpro/CCXT pair
of exchanges holding the simulator's markets."""

from __future__ import annotations

import asyncio

class RecordingClient:
    """What a handler touches on a client: ``url``, ``subscriptions``, ``futures``, resolve/reject.

    Every hash counts as awaited (``futures`` contains everything), so a handler that skips
    ``resolve`` when nobody waits still shows what it would resolve."""

    class _Everyone(dict):
        def __contains__(self, key):
            return True

    def __init__(self, url: str) -> None:
        self.url = url
        self.subscriptions: dict = {}
        self.futures = self._Everyone()
        self.resolved: list = []
        self.rejected: list = []

    def resolve(self, result, message_hash):
        self.resolved.append((message_hash, plain(result)))  # a snapshot: plain() rebuilds every container
        return result

    def reject(self, error, message_hash=None):
        self.rejected.append((message_hash, type(error).__name__))
        return error


def plain(value):
    """Lists, dicts and scalars only: caches and books compare as what a user reads."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


async def load_pair():
    import ccxt.pro

    import ccxtpro
    from ccxtpro_binance.simulator import Simulator

    async with Simulator(seed=1) as sim:
        ours = ccxtpro.load("binance", sim.exchange_config(None))
        theirs = ccxt.pro.binance({"urls": sim.ccxt_urls(), "options": {"adjustForTimeDifference": False}})
        try:
            await ours.load_markets()
            await theirs.load_markets()
        finally:
            await ours.close()
            await theirs.close()
    return ours, theirs


def reset(ex) -> None:
    for name in ("trades", "tickers", "bidsasks", "ohlcvs", "orderbooks", "balance"):
        setattr(ex, name, {})
    for name in ("orders", "myTrades", "liquidations"):
        setattr(ex, name, None)
