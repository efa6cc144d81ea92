"""A collector: takes a share of (channel, symbol) subscriptions through leases, runs
``stream_<x>`` for each one it owns, and publishes every update to its Redis Stream.

One exchange instance, one Redis connection pool, three kinds of task:

* the **lease round**, every ``lease_ms / 3``: heartbeat in the fleet, renew the leases
  held, drop the subscriptions whose lease another collector holds now, take the free
  leases this collector should hold (rendezvous hashing over the fleet, see
  :mod:`.leases`), any lease left free for three rounds, and (``rebalance``) hand over
  the keys a newer member should hold; at most ``acquire_per_round`` new subscriptions a
  round when set (exchanges limit subscribe messages per connection and second);
* one **follower** per owned subscription: ``exchange.watch_stream(watch_<x>, symbol)``
  as a user would, each update encoded (:mod:`.codec`) and queued with the next
  sequence number of its stream; an order book is queued as a snapshot when a
  follower starts, after a dropped update, and every ``snapshot_every`` updates, and as
  the changed levels (a delta) otherwise;
* the **publisher**: drains the queue in pipelined batches of one ``PUBLISH`` script
  call per entry (lease check, ``XADD MAXLEN ~``, sequence bookkeeping; see :mod:`.leases`).

When Redis is unreachable the followers keep running (the exchange connections stay
up) and the queue holds at most ``buffer`` entries: an update that finds it full is
dropped, counted per stream (``stats()["dropped"]``), and its sequence number is
skipped, so consumers see the gap; the publisher retries with backoff until Redis
answers (``stats()["redis_reconnects"]``) and sends what was queued, in order. A batch
whose outcome is unknown is sent again; the script skips entries already written.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import BadRequest, OperationFailed
from . import codec
from .keys import DEFAULT_PREFIX, StreamKey, fleet_key
from .leases import Leases, digest, preferred, token

log = logging.getLogger("ccxtpro.scaleout")

#: channel name -> (watch method, whether it is an order book)
CHANNELS: dict[str, tuple[str, bool]] = {
    "order_book": ("watch_order_book", True),
    "trades": ("watch_trades", False),
    "ticker": ("watch_ticker", False),
    "ohlcv": ("watch_ohlcv", False),
    "mark_price": ("watch_mark_price", False),
}


def redis_errors() -> tuple[type[BaseException], ...]:
    """What a lost or refused Redis connection raises."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, ConnectionError, OSError)


def shown(url: Any) -> str:
    """``url`` fit for a message: a password (``redis://user:secret@host``) becomes ``***``."""
    from urllib.parse import urlsplit, urlunsplit

    text = str(url)
    try:
        parts = urlsplit(text)
    except ValueError:
        return "<unparseable URL>"
    if parts.password is None and "@" not in parts.netloc:
        return text
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"***@{host}"))


def connect(url: str, **options: Any) -> Any:
    """A ``redis.asyncio`` client for ``url`` (``redis://``, ``rediss://`` or ``unix://``);
    a malformed URL is a ``BadRequest`` (whose message never shows a password)."""
    try:
        import redis.asyncio as aioredis
    except ImportError:  # pragma: no cover - depends on the install
        raise BadRequest("Redis Streams need the redis package: pip install 'ccxtpro[redis]'") from None
    if not isinstance(url, str) or not url.startswith(("redis://", "rediss://", "unix://")):
        raise BadRequest(f"a Redis URL starts with redis://, rediss:// or unix://, got {shown(url)!r}")
    options.setdefault("socket_connect_timeout", 2.0)
    options.setdefault("socket_timeout", 5.0)
    try:
        return aioredis.Redis.from_url(url, **options)
    except ValueError:
        raise BadRequest(f"bad Redis URL {shown(url)!r}") from None


@dataclass(eq=False, slots=True)
class Subscription:
    """One (channel, symbol) this collector may publish, and its counters."""

    key: StreamKey
    method: str
    args: tuple
    book: bool
    seq: int = 0
    owned: bool = False
    releasing: bool = False
    task: asyncio.Task | None = None
    prev: tuple[dict, dict] | None = None
    since_snapshot: int = 0
    resnap: bool = True
    pending: int = 0
    free_rounds: int = 0
    updates: int = 0
    published: int = 0
    dropped: int = 0
    acquired: int = 0
    error: str | None = None


@dataclass(slots=True)
class _Counters:
    published: int = 0
    dropped: int = 0
    discarded: int = 0  # queued entries of a stream whose lease another collector took
    redis_reconnects: int = 0
    redis_up: bool = True
    acquired: int = 0
    lost: int = 0
    events: list = field(default_factory=list)


class Collector:
    """Publish ``channels`` × ``symbols`` of ``exchange`` to Redis Streams, sharing them
    with every other collector of the same fleet; see the module docstring.

    ``exchange`` is a loaded ccxtpro exchange (``ccxtpro.load(...)``), opened and closed
    by the caller; ``sink`` a Redis URL or a ``redis.asyncio`` client. Run it with
    ``await collector.run()`` (until cancelled or ``seconds``) or ``async with collector:``.
    """

    def __init__(self, exchange: Any, sink: Any, channels: Sequence[str], symbols: Sequence[str], *,
                 lease_ms: int = 5000, maxlen: int = 10_000, buffer: int = 50_000, snapshot_every: int = 100,
                 batch: int = 512, prefix: str = DEFAULT_PREFIX, collector_id: str | None = None,
                 timeframe: str = "1m", rebalance: bool = True, acquire_per_round: int | None = None,
                 on_event: Callable[[str, dict], None] | None = None) -> None:
        for name, value, low in (("lease_ms", lease_ms, 100), ("maxlen", maxlen, 10), ("buffer", buffer, 1),
                                 ("snapshot_every", snapshot_every, 1), ("batch", batch, 1),
                                 ("acquire_per_round", 1 if acquire_per_round is None else acquire_per_round, 1)):
            if not isinstance(value, int) or isinstance(value, bool) or value < low:
                raise BadRequest(f"{name} must be an integer of at least {low}, got {value!r}")
        if not symbols:
            raise BadRequest("a collector needs at least one symbol")
        unknown = [c for c in channels if c not in CHANNELS]
        if unknown or not channels:
            raise BadRequest(f"unknown channel(s) {', '.join(map(repr, unknown)) or '(none given)'}; "
                             f"channels: {', '.join(CHANNELS)}")
        self.exchange = exchange
        self.redis = connect(sink) if isinstance(sink, str) else sink
        self._own_redis = isinstance(sink, str)
        self.id = collector_id or f"{socket.gethostname()}-{os.getpid()}"
        if not isinstance(self.id, str) or any(c in self.id for c in ":{}\r\n\x00 "):
            raise BadRequest(f"a collector id is a string without colons, braces or spaces, got {self.id!r}")
        self.lease_ms = lease_ms
        self.maxlen = maxlen
        self.buffer_max = buffer
        self.snapshot_every = min(snapshot_every, max(1, maxlen // 2))  # a snapshot stays within MAXLEN
        self.batch = batch
        self.rebalance = rebalance
        self.acquire_per_round = acquire_per_round  # new subscriptions per lease round (None: no cap)
        self.on_event = on_event
        self.subs: list[Subscription] = []
        for channel in dict.fromkeys(channels):
            method, book = CHANNELS[channel]
            for symbol in dict.fromkeys(symbols):
                args = (symbol, timeframe) if channel == "ohlcv" else (symbol,)
                self.subs.append(Subscription(StreamKey(exchange.id, channel, symbol, prefix), method, args, book))
        self.fleet = fleet_key(prefix, exchange.id, digest(s.key.stream for s in self.subs))
        self.leases = Leases(self.redis, token(self.id), lease_ms)
        self.members: list[str] = []
        self.counters = _Counters()
        self._queue: deque[tuple[Subscription, list[bytes]]] = deque()
        self._wake = asyncio.Event()
        self._failure: BaseException | None = None
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    # ------------------------------------------------------------------ lifecycle
    async def run(self, seconds: float | None = None) -> None:
        """Collect until cancelled, ``seconds`` pass, or a subscription fails for good (raised)."""
        async with self:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), seconds)
        if self._failure is not None:
            raise self._failure

    async def __aenter__(self) -> Collector:
        self._tasks = [asyncio.create_task(self._lease_loop(), name=f"ccxtpro collector {self.id} leases"),
                       asyncio.create_task(self._publisher(), name=f"ccxtpro collector {self.id} publisher")]
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    async def close(self, flush_timeout: float = 2.0) -> None:
        """Stop following, publish what is queued (within ``flush_timeout``), release the leases."""
        followers = [s.task for s in self.subs if s.task is not None and not s.task.done()]
        for task in followers:
            task.cancel()
        if followers:  # bounded: a watch that ignored cancellation must not hold the shutdown
            await asyncio.wait(followers, timeout=5)
        deadline = time.monotonic() + flush_timeout
        while self._queue and self.counters.redis_up and time.monotonic() < deadline:
            self._wake.set()
            await asyncio.sleep(0.01)
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=5)
        self._tasks = []
        with contextlib.suppress(*redis_errors()):
            async with asyncio.timeout(5):
                for sub in self.subs:
                    if sub.owned:
                        await self.leases.release(sub.key.lease)
                        sub.owned = False
                await self.leases.leave(self.fleet, self.id)
        if self._own_redis:
            with contextlib.suppress(Exception):
                await self.redis.aclose()

    def stats(self) -> dict[str, Any]:
        """Counters: what was published and dropped, in all and per stream."""
        c = self.counters
        return {"id": self.id, "members": list(self.members), "owned": [s.key.label for s in self.subs if s.owned],
                "published": c.published, "dropped": c.dropped, "discarded": c.discarded,
                "buffered": len(self._queue), "redis_up": c.redis_up, "redis_reconnects": c.redis_reconnects,
                "acquired": c.acquired, "lost": c.lost,
                "streams": {s.key.label: {"owned": s.owned, "updates": s.updates, "published": s.published,
                                          "dropped": s.dropped, "seq": s.seq, "error": s.error}
                            for s in self.subs}}

    def _event(self, kind: str, **info: Any) -> None:
        log.info("collector %s: %s %s", self.id, kind, info)
        if self.on_event is not None:
            self.on_event(kind, info)

    # ------------------------------------------------------------------ leases
    async def _lease_loop(self) -> None:
        every = self.lease_ms / 3000
        while True:
            try:
                await self._round()
            except redis_errors():
                pass  # the publisher notices and reconnects; leases are renewed next round
            await asyncio.sleep(every)

    async def _round(self) -> None:
        self.members = await self.leases.heartbeat(self.fleet, self.id, self.lease_ms)
        owned = [s for s in self.subs if s.owned]
        renewed = await self.leases.renew([s.key.lease for s in owned])
        for sub in owned:
            if not renewed.get(sub.key.lease, False):
                await self._lose(sub)
        budget = self.acquire_per_round
        for sub in self.subs:
            if sub.error is not None:
                continue
            want = preferred(sub.key.stream, self.members) == self.id
            if sub.owned:
                if self.rebalance and not want and not sub.releasing:
                    await self._hand_over(sub)
                elif sub.releasing and sub.pending == 0:
                    await self.leases.release(sub.key.lease)
                    sub.owned = sub.releasing = False
                    self._event("released", stream=sub.key.label)
                continue
            if not want:  # another member should take it; take it only if it stays free
                holder = await self.leases.holder(sub.key.lease)
                sub.free_rounds = sub.free_rounds + 1 if holder is None else 0
                if sub.free_rounds < 3:
                    continue
            if budget is not None and budget <= 0:
                continue  # paced: the exchange limits subscribe messages per connection and second
            if await self.leases.acquire(sub.key.lease):
                await self._start(sub)
                if budget is not None:
                    budget -= 1

    async def _start(self, sub: Subscription) -> None:
        last = await self.redis.hget(sub.key.meta, "q")
        sub.seq = int(last) + 1 if last is not None else 0
        sub.owned, sub.releasing, sub.free_rounds = True, False, 0
        sub.prev, sub.since_snapshot, sub.resnap = None, 0, True
        sub.acquired += 1
        self.counters.acquired += 1
        sub.task = asyncio.create_task(self._follow(sub), name=f"ccxtpro collector {self.id} {sub.key.label}")
        self._event("acquired", stream=sub.key.label, seq=sub.seq)

    async def _stop_follower(self, sub: Subscription) -> None:
        task, sub.task = sub.task, None
        if task is not None and task is not asyncio.current_task() and not task.done():
            task.cancel()
            await asyncio.wait([task], timeout=5)
        unwatch = getattr(self.exchange, "un_" + sub.method, None)
        if unwatch is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(unwatch(*sub.args), 2)

    async def _hand_over(self, sub: Subscription) -> None:
        """Stop following; the lease is released once what was queued is published."""
        sub.releasing = True
        await self._stop_follower(sub)
        self._event("handing over", stream=sub.key.label)

    async def _lose(self, sub: Subscription) -> None:
        """Another collector holds the lease now: stop, and forget what was queued for it."""
        if not sub.owned:
            return
        sub.owned = sub.releasing = False
        self.counters.lost += 1
        await self._stop_follower(sub)
        kept = deque(item for item in self._queue if item[0] is not sub)
        self.counters.discarded += len(self._queue) - len(kept)
        self._queue = kept
        sub.pending = 0
        self._event("lost", stream=sub.key.label)

    # ------------------------------------------------------------------ following
    async def _follow(self, sub: Subscription) -> None:
        stream = self.exchange.watch_stream(sub.method, *sub.args)
        try:
            async for data in stream:
                self._on_update(sub, data)
        except asyncio.CancelledError:
            raise
        except OperationFailed as error:  # retries exhausted: give the lease back, try again later
            sub.error = None
            self._event("stream failed", stream=sub.key.label, error=str(error))
            sub.releasing = True
        except Exception as error:  # a bad symbol, authentication, a closed exchange: for good
            sub.error = f"{type(error).__name__}: {error}"
            sub.releasing = True
            self._failure = error
            self._stop.set()
        finally:
            await stream.aclose()

    def _on_update(self, sub: Subscription, data: Any) -> None:
        received = int(time.time() * 1000)
        sub.updates += 1
        if sub.book:
            bids = {level[0]: level[1] for level in data["bids"]}
            asks = {level[0]: level[1] for level in data["asks"]}
            if sub.prev is None or sub.resnap or sub.since_snapshot >= self.snapshot_every:
                kind = codec.SNAPSHOT
                payload: Any = codec.book_snapshot(data)
                sub.since_snapshot, sub.resnap = 0, False
            else:
                kind = codec.DELTA
                payload = {"timestamp": data.get("timestamp"), "nonce": data.get("nonce"),
                           "b": codec.side_changes(sub.prev[0], bids), "a": codec.side_changes(sub.prev[1], asks)}
                sub.since_snapshot += 1
            sub.prev = (bids, asks)
        else:
            kind, payload = codec.UPDATE, data
        seq, sub.seq = sub.seq, sub.seq + 1
        if len(self._queue) >= self.buffer_max:
            sub.dropped += 1
            self.counters.dropped += 1
            sub.resnap = sub.book  # the next book update is a snapshot
            return
        fields = codec.encode(kind, seq, self.id, payload, received)
        self._queue.append((sub, [fields["v"], fields["k"], fields["q"], fields["p"], fields["t"], fields["d"]]))
        sub.pending += 1
        self._wake.set()

    # ------------------------------------------------------------------ publishing
    async def _publisher(self) -> None:
        script = self.leases.publish_script
        errors = redis_errors()
        from redis.exceptions import NoScriptError

        delay = 0.05
        while True:
            if not self._queue:
                self._wake.clear()
                await self._wake.wait()
                continue
            batch = [self._queue.popleft() for _ in range(min(self.batch, len(self._queue)))]
            try:
                pipe = self.redis.pipeline(transaction=False)
                for sub, fields in batch:
                    key = sub.key
                    pipe.execute_command("EVALSHA", script.sha, 3, key.lease, key.stream, key.meta,
                                         self.leases.owner, self.lease_ms, self.maxlen, *fields)
                results = await pipe.execute(raise_on_error=False)
            except errors as error:
                self._queue.extendleft(reversed(batch))  # sent again, in order; repeats are skipped
                if self.counters.redis_up:
                    self.counters.redis_up = False
                    self._event("redis down", error=str(error), buffered=len(self._queue))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 1.0)
                continue
            if not self.counters.redis_up:
                self.counters.redis_up = True
                self.counters.redis_reconnects += 1
                self._event("redis up", buffered=len(self._queue), dropped=self.counters.dropped)
            delay = 0.05
            retry: list[tuple[Subscription, list[bytes]]] = []
            for (sub, fields), result in zip(batch, results):
                if isinstance(result, NoScriptError):
                    retry.append((sub, fields))
                    continue
                sub.pending = max(0, sub.pending - 1)
                if isinstance(result, Exception):
                    if "NOTOWNER" in str(result):
                        await self._lose(sub)
                    else:
                        log.warning("collector %s: publishing %s failed: %s", self.id, sub.key.label, result)
                elif result != 0:
                    sub.published += 1
                    self.counters.published += 1
            if retry:  # Redis restarted and forgot the script
                await script.registered_client.script_load(script.script)
                self._queue.extendleft(reversed(retry))

