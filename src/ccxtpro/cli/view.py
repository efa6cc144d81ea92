"""How ``ccxtpro watch`` shows a session: a rich live view, or JSON lines.

The live view is one table of streams (updates, rate, age, a one-line summary
of the last update), the top levels of each order book with its spread, and a
footer with connections and reconnects. Off a terminal the same tables are
printed every ``interval`` seconds; ``--json`` prints each update as one JSON
object per line instead.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence
from typing import IO, Any

import orjson
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .watch import Session, Stream


def _num(value: Any, digits: int = 8) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def _levels(side: Any, depth: int) -> list[list[Any]]:
    return [list(level[:2]) for level in list(side[:depth])] if side is not None else []


def book_top(book: Mapping[str, Any], depth: int) -> dict[str, Any]:
    """The part of an order book worth printing: ``depth`` levels a side, nonce, time."""
    return {"symbol": book.get("symbol"), "timestamp": book.get("timestamp"), "datetime": book.get("datetime"),
            "nonce": book.get("nonce"), "bids": _levels(book.get("bids"), depth),
            "asks": _levels(book.get("asks"), depth)}


def spread(book: Mapping[str, Any]) -> float | None:
    bids, asks = book.get("bids"), book.get("asks")
    if not bids or not asks:
        return None
    return asks[0][0] - bids[0][0]


def summary(stream: Stream) -> str:
    """The last update of ``stream`` in one line."""
    data, name = stream.last, stream.channel.name
    if data is None:
        return "waiting for the first update…"
    if name == "order_book":
        bids, asks = data.get("bids") or [], data.get("asks") or []
        bid = f"{_num(bids[0][0])} x {_num(bids[0][1])}" if bids else "-"
        ask = f"{_num(asks[0][0])} x {_num(asks[0][1])}" if asks else "-"
        return f"bid {bid}  ask {ask}  spread {_num(spread(data))}  nonce {_num(data.get('nonce'))}"
    if name in ("trades", "my_trades", "orders") and isinstance(data, Sequence) and data:
        item = data[-1]
        if name == "orders":
            return (f"{item.get('id')} {item.get('status')} {item.get('side')} {_num(item.get('amount'))} "
                    f"@ {_num(item.get('price'))} filled {_num(item.get('filled'))}")
        return f"{item.get('side') or '-'} {_num(item.get('amount'))} @ {_num(item.get('price'))}  ({len(data)} new)"
    if name == "ohlcv" and isinstance(data, Sequence) and data:
        t, o, h, low, c, v = (list(data[-1]) + [None] * 6)[:6]
        return f"o {_num(o)} h {_num(h)} l {_num(low)} c {_num(c)} v {_num(v)}"
    if name == "ticker":
        return (f"last {_num(data.get('last'))}  bid {_num(data.get('bid'))}  ask {_num(data.get('ask'))}  "
                f"change {_num(data.get('percentage'), 4)}%  volume {_num(data.get('baseVolume'))}")
    if name == "bids_asks":
        return (f"bid {_num(data.get('bid'))} x {_num(data.get('bidVolume'))}  "
                f"ask {_num(data.get('ask'))} x {_num(data.get('askVolume'))}")
    if name == "mark_price":
        return f"mark {_num(data.get('markPrice'))}  index {_num(data.get('indexPrice'))}"
    if name == "balance":
        totals = data.get("total") or {}
        held = [f"{code} {_num(amount)}" for code, amount in totals.items() if amount][:6]
        return "  ".join(held) or "no balances"
    return str(data)[:120]


class Rates:
    """Messages per second of each stream since the previous render."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[float, int]] = {}

    def __call__(self, stream: Stream, now: float) -> float:
        then, count = self._seen.get(id(stream), (stream.started, 0))
        self._seen[id(stream)] = (now, stream.updates)
        return (stream.updates - count) / (now - then) if now > then else 0.0


def render(session: Session, rates: Rates, depth: int) -> Group:
    """Everything on screen for one refresh."""
    now = time.monotonic()
    table = Table(title=f"{session.exchange_id}: {len(session.streams)} streams", expand=False)
    table.add_column("stream")
    for column in ("updates", "msg/s", "age s"):
        table.add_column(column, justify="right")
    table.add_column("last update")
    for stream in session.streams:
        age = "-" if stream.last_at is None else f"{now - stream.last_at:.1f}"
        table.add_row(stream.key, str(stream.updates), f"{rates(stream, now):.1f}", age,
                      stream.error or summary(stream))
    parts: list[Any] = [table]
    for stream in session.streams:
        if stream.channel.name == "order_book" and stream.last is not None:
            parts.append(book_table(stream, depth))
    parts.append(Text(
        f"connections {session.connections}  connects {session.connects}  disconnects {session.disconnects}  "
        f"reconnects {session.reconnects}  transport {session.transport or '-'}  "
        f"elapsed {now - session.started:.0f}s  (Ctrl-C to stop)", style="dim"))
    return Group(*parts)


def book_table(stream: Stream, depth: int) -> Table:
    """The top ``depth`` levels of one order book, bids beside asks."""
    book = stream.last
    bids, asks = _levels(book.get("bids"), depth), _levels(book.get("asks"), depth)
    table = Table(title=f"{stream.symbol} order book  spread {_num(spread(book))}", expand=False)
    for column in ("bid size", "bid", "ask", "ask size"):
        table.add_column(column, justify="right")
    for i in range(max(len(bids), len(asks))):
        bid = bids[i] if i < len(bids) else ["", ""]
        ask = asks[i] if i < len(asks) else ["", ""]
        table.add_row(_num(bid[1]) if bid[1] != "" else "", Text(_num(bid[0]) if bid[0] != "" else "", "green"),
                      Text(_num(ask[0]) if ask[0] != "" else "", "red"), _num(ask[1]) if ask[1] != "" else "")
    return table


def _plain(value: Any) -> Any:
    """orjson's fallback: compiled caches and book sides become lists or dicts."""
    if isinstance(value, Mapping):
        return dict(value)
    try:
        return list(value)
    except TypeError:
        return str(value)


class JsonLines:
    """One JSON object per update on ``out``: exchange, channel, symbol, receipt time, data."""

    def __init__(self, exchange_id: str, depth: int, out: IO[str] | None = None) -> None:
        self.exchange_id = exchange_id
        self.depth = depth
        self.out = out or sys.stdout

    def __call__(self, stream: Stream, data: Any) -> None:
        if stream.channel.name == "order_book":
            data = book_top(data, self.depth)
        line = orjson.dumps({"exchange": self.exchange_id, "channel": stream.channel.name, "symbol": stream.symbol,
                             "receivedAt": int(time.time() * 1000), "data": data},
                            default=_plain, option=orjson.OPT_NON_STR_KEYS)
        self.out.write(line.decode() + "\n")
        self.out.flush()


def console() -> Console:
    """The terminal the view draws on (stdout)."""
    return Console(highlight=False)
