"""Reading published updates back: ``ccxtpro.subscribe(url, exchange, channel, symbol)``.

``async for update in subscribe("redis://…", exchange_id, "trades", "BTC/USDT")`` yields
what ``exchange.stream_trades("BTC/USDT")`` yields in the collector's process: a list of
new trades, a ticker dict, and for ``order_book`` an :class:`~ccxtpro.OrderBook` rebuilt
from the last snapshot and every delta after it (the same object each time, as a
direct ``stream_order_book`` yields it).

Sequence numbers are checked: when entries are missing (the consumer fell behind
``MAXLEN`` and they were trimmed, or a collector dropped updates while Redis was
unreachable) the iterator raises :class:`StreamGap` with the number missed; for an
order book it first rebuilds the book from the latest snapshot and carries it as
``error.snapshot``. The iterator goes on after the error: the next item is the update
after the gap (for a book, the next update on top of the fresh snapshot).

``group="name"`` reads through a consumer group instead (``XREADGROUP``): the entries
of the streams are shared among the group's consumers, each delivered to one of them,
acknowledged when the next item is asked for. ``symbol`` may then be a list (one
consumer for many streams); order books are not shareable this way (a delta means
nothing without the ones before it).
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections import deque
from collections.abc import Sequence
from typing import Any

from .._core import OrderBook
from ..errors import BadRequest, InvalidNonce, NetworkError
from ..functions.time import iso8601
from . import codec
from .collector import CHANNELS, connect, redis_errors
from .keys import DEFAULT_PREFIX, StreamKey


class StreamGap(InvalidNonce):
    """Updates of a stream were lost between two the consumer read.

    ``missed``: how many sequence numbers are missing (None when the stream restarted,
    e.g. Redis lost its data); ``snapshot``: for an order book, the book rebuilt from the
    latest snapshot, which the iteration continues from.
    """

    def __init__(self, message: str, *, stream: str, missed: int | None, snapshot: Any = None) -> None:
        super().__init__(message)
        self.stream = stream
        self.missed = missed
        self.snapshot = snapshot


class Subscription:
    """The async iterator :func:`subscribe` returns; ``await sub.close()`` (or ``async with``)
    closes its Redis connections when it made them."""

    def __init__(self, source: Any, exchange: str, channel: str, symbol: str | Sequence[str], *,
                 start: str = "latest", group: str | None = None, consumer: str | None = None,
                 block_ms: int = 1000, count: int = 256, prefix: str = DEFAULT_PREFIX,
                 max_retries: int | None = 50) -> None:
        if channel not in CHANNELS:
            raise BadRequest(f"unknown channel {channel!r}; channels: {', '.join(CHANNELS)}")
        symbols = [symbol] if isinstance(symbol, str) else list(symbol)
        if not symbols:
            raise BadRequest("subscribe needs a symbol")
        if start not in ("latest", "earliest"):
            raise BadRequest(f"start must be 'latest' or 'earliest', got {start!r}")
        self.book = CHANNELS[channel][1]
        if group is None and len(symbols) != 1:
            raise BadRequest("one symbol per subscription; a consumer group (group=…) reads several")
        if group is not None and self.book:
            raise BadRequest("order books cannot be shared through a consumer group: each consumer "
                             "needs every delta; subscribe without group=")
        self.keys = [StreamKey(exchange, channel, s, prefix) for s in symbols]
        self.redis = connect(source, socket_timeout=block_ms / 1000 + 5) if isinstance(source, str) else source
        self._own_redis = isinstance(source, str)
        self.start = start
        self.group = group
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}-{id(self):x}"
        self.block_ms = block_ms
        self.count = count
        self.max_retries = max_retries
        self.last_id: dict[str, str] = {}
        self.last_seq: dict[str, int] = {}
        self.pending: deque[tuple[str, codec.Entry]] = deque()
        self.to_ack: list[tuple[str, str]] = []
        self.order_book: Any = None
        #: the stream entry of the last item yielded (its id, sequence number, producer, receive time)
        self.entry: codec.Entry | None = None
        self.gaps = 0
        self._started = False
        self._closed = False

    def __aiter__(self) -> Subscription:
        return self

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.to_ack:
            try:
                await self._ack()
            except redis_errors():
                pass
        if self._own_redis:
            await self.redis.aclose()

    # ------------------------------------------------------------------ reading
    async def _call(self, make: Any) -> Any:
        """Run a Redis call, retrying a lost connection with backoff (NetworkError after ``max_retries``)."""
        failures, delay = 0, 0.05
        while True:
            try:
                return await make()
            except redis_errors() as error:
                failures += 1
                if self.max_retries is not None and failures > self.max_retries:
                    raise NetworkError(f"Redis unreachable: {error}") from None
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)

    async def _read(self) -> None:
        """Fill ``pending`` with the next entries (blocks up to ``block_ms``)."""
        if self.group is not None:
            streams = {k.stream: ">" for k in self.keys}
            reply = await self._call(lambda: self.redis.xreadgroup(self.group, self.consumer, streams,
                                                                   count=self.count, block=self.block_ms))
        else:
            streams = {k.stream: self.last_id[k.stream] for k in self.keys}
            reply = await self._call(lambda: self.redis.xread(streams, count=self.count, block=self.block_ms))
        for name, entries in _items(reply):
            for entry_id, fields in entries:
                self.pending.append((name, codec.decode(entry_id, fields)))
                if self.group is None:
                    self.last_id[name] = self.pending[-1][1].id

    async def _begin(self) -> None:
        self._started = True
        if self.group is not None:
            from redis.exceptions import ResponseError

            for key in self.keys:
                try:
                    await self._call(lambda key=key: self.redis.xgroup_create(
                        key.stream, self.group, id="$" if self.start == "latest" else "0", mkstream=True))
                except ResponseError as error:
                    if "BUSYGROUP" not in str(error):
                        raise
            return
        key = self.keys[0]
        if self.book:
            self.order_book = OrderBook({"symbol": key.symbol})
            await self._resync()
            return
        if self.start == "earliest":
            self.last_id[key.stream] = "0-0"
        else:
            last = await self._call(lambda: self.redis.xrevrange(key.stream, count=1))
            self.last_id[key.stream] = _str(last[0][0]) if last else "0-0"
            if last:
                self.last_seq[key.stream] = codec.decode(last[0][0], last[0][1]).seq

    async def _resync(self) -> None:
        """Rebuild the book from the latest snapshot and the deltas after it; with no
        snapshot left in the stream, wait for the next one."""
        key = self.keys[0]
        self.pending.clear()
        snap = await self._call(lambda: self.redis.hget(key.meta, "snap"))
        self.last_seq.pop(key.stream, None)
        self.last_id[key.stream] = "0-0"
        if snap is not None:
            entries = await self._call(lambda: self.redis.xrange(key.stream, min=_str(snap)))
            if entries and _str(entries[0][0]) == _str(snap):
                for entry_id, fields in entries:
                    self.pending.append((key.stream, codec.decode(entry_id, fields)))
                self.last_id[key.stream] = _str(entries[-1][0])
                return
            self.last_id[key.stream] = _str(entries[-1][0]) if entries else _str(snap)
        # the snapshot was trimmed (or never written): read on until the next one
        while True:
            await self._read()
            while self.pending and self.pending[0][1].kind != codec.SNAPSHOT:
                self.pending.popleft()
            if self.pending:
                return

    async def __anext__(self) -> Any:
        if self._closed:
            raise StopAsyncIteration
        if not self._started:
            await self._begin()
        if self.to_ack:
            await self._ack()
        while True:
            while not self.pending:
                await self._read()
                if self._closed:
                    raise StopAsyncIteration
            name, entry = self.pending.popleft()
            if self.group is not None:
                self.to_ack.append((name, entry.id))
                self.entry = entry
                return entry.data
            last = self.last_seq.get(name)
            self.last_seq[name] = entry.seq
            if last is not None and entry.seq != last + 1:
                missed = entry.seq - last - 1 if entry.seq > last else None
                self.gaps += 1
                label = f"{self.keys[0].exchange} {self.keys[0].label}"
                if self.book:
                    self.pending.appendleft((name, entry))
                    await self._resync()
                    self._apply_ready()
                    raise StreamGap(f"{label}: {missed if missed is not None else 'an unknown number of'} "
                                    "update(s) lost; the book was rebuilt from the latest snapshot",
                                    stream=name, missed=missed, snapshot=self.order_book)
                self.pending.appendleft((name, entry))
                self.last_seq[name] = entry.seq - 1
                raise StreamGap(f"{label}: {missed if missed is not None else 'an unknown number of'} update(s) "
                                "lost (the consumer fell behind MAXLEN, or the collector dropped them)",
                                stream=name, missed=missed)
            self.entry = entry
            if not self.book:
                return entry.data
            self._apply(entry)
            return self.order_book

    def _apply(self, entry: codec.Entry) -> None:
        book, data = self.order_book, entry.data
        if entry.kind == codec.SNAPSHOT:
            book.reset({**data, "symbol": data.get("symbol") or self.keys[0].symbol})
            return
        if entry.kind != codec.DELTA:
            raise codec.UnknownFormat(f"an order-book stream holds an entry of kind {entry.kind!r}")
        book["bids"].store_deltas(data["b"])
        book["asks"].store_deltas(data["a"])
        book["nonce"] = data.get("nonce")
        book["timestamp"] = data.get("timestamp")
        book["datetime"] = iso8601(data.get("timestamp"))

    def _apply_ready(self) -> None:
        """After a resync: apply the snapshot and the deltas read with it (in sequence)."""
        name = self.keys[0].stream
        while self.pending:
            entry = self.pending[0][1]
            last = self.last_seq.get(name)
            if last is not None and entry.seq != last + 1:
                break
            self.pending.popleft()
            self.last_seq[name] = entry.seq
            self._apply(entry)

    async def _ack(self) -> None:
        acks, self.to_ack = self.to_ack, []
        by_stream: dict[str, list[str]] = {}
        for name, entry_id in acks:
            by_stream.setdefault(name, []).append(entry_id)
        for name, ids in by_stream.items():
            await self._call(lambda name=name, ids=ids: self.redis.xack(name, self.group, *ids))


def subscribe(source: Any, exchange: str, channel: str, symbol: str | Sequence[str], **options: Any) -> Subscription:
    """The updates a collector publishes for (``exchange``, ``channel``, ``symbol``), as the
    direct API yields them; ``source`` is a Redis URL or a ``redis.asyncio`` client.

    Options: ``start`` (``"latest"``: from now on; ``"earliest"``: from the oldest entry kept;
    an order book always starts from its latest snapshot and the deltas after it), ``group``/``consumer`` (consumer-group mode),
    ``block_ms``, ``count`` (entries per read), ``prefix``, ``max_retries`` (consecutive failed
    Redis calls before ``NetworkError``; None retries forever).
    """
    return Subscription(source, exchange, channel, symbol, **options)


def _str(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _items(reply: Any) -> list[tuple[str, list]]:
    if not reply:
        return []
    if isinstance(reply, dict):  # RESP3
        return [(_str(k), v[0] if v and isinstance(v[0], list) and len(v) == 1 else v) for k, v in reply.items()]
    return [(_str(name), entries) for name, entries in reply]
