"""Seeded operation streams shared by the asv suite and the side-by-side scripts."""

from __future__ import annotations

import random

LEVELS = 1000
DELETE_SHARE = 0.30
TICK = 0.01


def book_stream(n_ops: int = 20000, seed: int = 42, levels: int = LEVELS) -> tuple[list, list]:
    """A 1,000-level side and ``n_ops`` deltas on it: 30% deletes, 30% new levels, 40% updates.

    Deletes and inserts balance, so the side stays near ``levels`` deep.
    Returns ``(initial_levels, deltas)`` with float prices and sizes.
    """
    rng = random.Random(seed)
    grid = [round(30000 + i * TICK, 2) for i in range(levels * 3)]
    present = rng.sample(grid, levels)
    present_set = set(present)
    absent = [p for p in grid if p not in present_set]
    initial = [[p, float(rng.randint(1, 1000)) / 100] for p in present]
    deltas = []
    for _ in range(n_ops):
        roll = rng.random()
        if roll < DELETE_SHARE:
            k = rng.randrange(len(present))
            price = present[k]
            present[k] = present[-1]
            present.pop()
            absent.append(price)
            deltas.append([price, 0.0])
        elif roll < 2 * DELETE_SHARE:
            k = rng.randrange(len(absent))
            price = absent[k]
            absent[k] = absent[-1]
            absent.pop()
            present.append(price)
            deltas.append([price, float(rng.randint(1, 1000)) / 100])
        else:
            price = present[rng.randrange(len(present))]
            deltas.append([price, float(rng.randint(1, 1000)) / 100])
    return initial, deltas


def as_strings(deltas: list) -> list:
    """The same deltas as the numeric strings exchanges send."""
    return [[repr(p), repr(s)] for p, s in deltas]


SYMBOLS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT", "BNB/USDT"]


def trade_rows(n: int = 20000, seed: int = 42) -> list:
    rng = random.Random(seed)
    return [
        {"id": str(i), "symbol": SYMBOLS[rng.randrange(3)], "price": 30000.0 + rng.random(), "amount": 0.1}
        for i in range(n)
    ]


def order_rows(n: int = 20000, seed: int = 42, update_share: float = 0.5) -> list:
    """Order updates: new ids, and updates of one of the last 100 orders (fills, cancels)."""
    rng = random.Random(seed)
    rows = []
    recent: list = []
    next_id = 0
    for _ in range(n):
        if recent and rng.random() < update_share:
            symbol, oid = recent[rng.randrange(len(recent))]
        else:
            symbol, oid = SYMBOLS[rng.randrange(len(SYMBOLS))], str(next_id)
            next_id += 1
            recent.append((symbol, oid))
            if len(recent) > 100:
                recent.pop(0)
        rows.append({"id": oid, "symbol": symbol, "status": "open", "filled": rng.random()})
    return rows
