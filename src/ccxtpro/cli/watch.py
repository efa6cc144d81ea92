"""``ccxtpro watch``: subscribe to channels of symbols and keep what the view shows.

Each (channel, symbol) runs one ``stream_*`` iterator (it survives dropped
connections); :class:`Stream` keeps only the last update and counters, so a
long watch holds constant memory whatever the message rate.
"""

from __future__ import annotations

import asyncio
import difflib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import BadSymbol
from .problems import UsageError


@dataclass(frozen=True, slots=True)
class Channel:
    """A CLI channel name and the unified watch method behind it."""

    name: str
    method: str
    private: bool = False
    symbol: str = "one"  # "one": method(symbol); "list": method([symbol]); "none": method()

    def call_args(self, symbol: str | None, timeframe: str) -> tuple[Any, ...]:
        if self.symbol == "none":
            return ()
        if self.symbol == "list":
            return ([symbol],)
        if self.method == "watch_ohlcv":
            return (symbol, timeframe)
        return (symbol,)


CHANNELS: dict[str, Channel] = {c.name: c for c in (
    Channel("order_book", "watch_order_book"),
    Channel("trades", "watch_trades"),
    Channel("ticker", "watch_ticker"),
    Channel("ohlcv", "watch_ohlcv"),
    Channel("bids_asks", "watch_bids_asks", symbol="list"),
    Channel("mark_price", "watch_mark_price"),
    Channel("orders", "watch_orders", private=True),
    Channel("my_trades", "watch_my_trades", private=True),
    Channel("balance", "watch_balance", private=True, symbol="none"),
)}


@dataclass(slots=True)
class Stream:
    """One subscription's counters and its last update (nothing else is kept)."""

    channel: Channel
    symbol: str | None
    started: float = field(default_factory=time.monotonic)
    updates: int = 0
    first_latency: float | None = None
    last_at: float | None = None
    last: Any = None
    error: str | None = None

    @property
    def key(self) -> str:
        return f"{self.channel.name} {self.symbol}" if self.symbol else self.channel.name

    def record(self, data: Any, now: float) -> None:
        if self.first_latency is None:
            self.first_latency = now - self.started
        self.updates += 1
        self.last_at = now
        self.last = data


@dataclass(slots=True)
class Session:
    """Everything the view renders: the streams and connection counters."""

    exchange_id: str
    streams: list[Stream]
    started: float = field(default_factory=time.monotonic)
    connects: int = 0
    disconnects: int = 0
    reconnects: int = 0
    connections: int = 0
    transport: str = ""

    @property
    def total_updates(self) -> int:
        return sum(s.updates for s in self.streams)

    def on_event(self, event: Any) -> None:
        if event.type == "connect":
            self.connects += 1
        elif event.type == "disconnect":
            self.disconnects += 1
        elif event.type == "reconnect":
            self.reconnects += 1


def plan(channels: list[str], symbols: list[str]) -> list[tuple[Channel, str | None]]:
    """(channel, symbol) pairs to subscribe; unknown channel names are a usage error."""
    out: list[tuple[Channel, str | None]] = []
    for name in channels:
        channel = CHANNELS.get(name)
        if channel is None:
            hint = difflib.get_close_matches(name, CHANNELS, n=1)
            raise UsageError(f"unknown channel {name!r}"
                             + (f" (did you mean {hint[0]!r}?)" if hint else "")
                             + f"; channels: {', '.join(CHANNELS)}")
        if channel.symbol == "none":
            out.append((channel, None))
            continue
        if not symbols:
            raise UsageError(f"channel {name!r} needs at least one symbol, e.g. BTC/USDT")
        out.extend((channel, symbol) for symbol in symbols)
    return out


def check_symbols(exchange: Any, symbols: list[str]) -> None:
    """Unknown symbols are a usage error naming the closest known ones."""
    markets = exchange.markets or {}
    for symbol in symbols:
        if symbol in markets:
            continue
        hint = difflib.get_close_matches(symbol, list(markets), n=3)
        raise UsageError(f"{exchange.id} has no market {symbol!r}"
                         + (f"; did you mean {', '.join(hint)}?" if hint else ""))


async def follow(exchange: Any, stream: Stream, timeframe: str,
                 on_update: Callable[[Stream, Any], None]) -> None:
    """Run one stream until cancelled; record each update and hand it on."""
    args = stream.channel.call_args(stream.symbol, timeframe)
    iterator = exchange.watch_stream(stream.channel.method, *args)
    try:
        async for data in iterator:
            if stream.channel.symbol == "list" and isinstance(data, Mapping):
                data = data.get(stream.symbol, data)
            stream.record(data, time.monotonic())
            on_update(stream, data)
    except BadSymbol as error:
        raise UsageError(str(error)) from None
    finally:
        await iterator.aclose()


async def run_streams(exchange: Any, session: Session, timeframe: str,
                      on_update: Callable[[Stream, Any], None], *,
                      seconds: float | None, count: int | None) -> None:
    """Follow every stream until ``seconds`` pass, ``count`` updates arrive or one fails.

    The first failure (after a stream's own retries) ends the watch and is raised.
    """
    enough = asyncio.Event()

    def counted(stream: Stream, data: Any) -> None:
        on_update(stream, data)
        if count is not None and session.total_updates >= count:
            enough.set()

    tasks = [asyncio.create_task(follow(exchange, s, timeframe, counted), name=f"ccxtpro watch {s.key}")
             for s in session.streams]
    stopper = asyncio.create_task(enough.wait())
    try:
        done, _ = await asyncio.wait([*tasks, stopper], timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            error = None if task is stopper else task.exception()
            if error is not None:
                raise error
    finally:
        for task in (*tasks, stopper):
            task.cancel()
        await asyncio.gather(*tasks, stopper, return_exceptions=True)
