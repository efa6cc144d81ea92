"""What a ``stream_*`` iterator has received and not yet handed to its consumer.

A plain ``watch_*`` keeps CCXT's semantics: it waits for the next update and gets
the shared cache (``newUpdates``). A stream cannot rely on that when its consumer is
slower than the socket: CCXT's caches update orders in place (an order's ``NEW``
and ``FILLED`` reach the consumer as one ``FILLED``), evict trades past
``tradesLimit``, and a multi-symbol watch hands over whichever symbol settles first
(the others starve). So a stream gets its own :class:`Backlog`, registered with the
connection for each message hash its watch method waits on (:meth:`Backlog.bind`):

* every update resolved for such a hash is queued *frozen*, as it was then: the rows
  a cache gained with that update (copied where the cache updates rows in place), a
  copy of a dict (a ticker, a balance), the object itself otherwise;
* an order book is a state, not an event: only its latest update is kept;
* the oldest queued update is handed over first, together with the later ones of the
  same message hash (one batch per symbol, fair across symbols), as a fresh cache of
  the watched type, so the watch method's own post-processing (``getLimit``, filters)
  shapes what the stream yields: exactly the rows that arrived, each once, in order.
  Rows of a keyed cache (orders by id, candles by timestamp) are not merged when their
  key repeats, so every state of an order is handed over;
* errors (a dropped connection, an order-book gap) take their place in the queue: the
  consumer gets the updates that came before them first;
* the queue is bounded (``size`` updates). Past it the ``overflow`` policy applies:
  ``"raise"`` (the default) queues a :exc:`StreamOverflow` naming the stream, handed
  over after the updates before it, and counts what was not queued; ``"drop_oldest"``
  drops the oldest updates and counts them (``dropped``), logged once.

Nothing else changes for plain watchers: the connection keeps a marker in its
``futures`` for every hash a stream listens to, so code that asks "is anyone waiting
for this hash" (generated handlers, the compiled frame path) resolves it.
"""

from __future__ import annotations

import logging
from collections import deque
from contextvars import ContextVar
from typing import Any

from .._core.book import OrderBookBase
from ..errors import BaseError
from .future import Future

logger = logging.getLogger("ccxtpro.ws.streams")

#: set by a ``stream_*`` iterator around its watch call: the watch primitives
#: (``watch``/``watch_multiple``) bind this backlog instead of a shared waiter
streaming: ContextVar["Backlog | None"] = ContextVar("ccxtpro_streaming", default=None)

OVERFLOW_POLICIES = ("raise", "drop_oldest")


class StreamOverflow(BaseError):
    """Raised by a ``stream_*`` iterator whose consumer fell further behind than its
    queue holds (``queue_size``); ``dropped`` updates after the last one handed over
    were not kept. Nothing is dropped silently: raise ``queue_size``, consume faster,
    or choose ``overflow="drop_oldest"``."""

    def __init__(self, message: str, stream: str = "", dropped: int = 0) -> None:
        super().__init__(message)
        self.stream = stream
        self.dropped = dropped


class Listening(Future):
    """The marker a connection keeps in ``futures`` for a hash streams listen to:
    code asking "is anyone waiting for this hash" (``hash in client.futures``)
    finds it and resolves, which feeds the streams' backlogs. It counts as a
    settled waiter (``done()``), so a plain watcher gets a fresh future of its
    own and nothing rejects or awaits the marker; it is never awaited."""

    def resolve(self, result: Any = None) -> None:
        return None

    def reject(self, error: BaseException | None = None) -> None:
        return None

    def done(self) -> bool:
        return True


def listening_marker(client: Any) -> Listening:
    """The connection's one marker (see :class:`Listening`), made on first use."""
    marker = client.listening
    if marker is None:
        marker = client.listening = Listening()
    return marker


_ERROR = object()  # the cls of an error entry
_KEYS: dict[type, Any] = {}  # cache class -> key of a row (None: rows never repeat)


def _row_key(cls: type) -> Any:
    """How rows of cache class ``cls`` are keyed: a function, or None when a row is
    never updated in place (``ArrayCache``)."""
    try:
        return _KEYS[cls]
    except KeyError:
        pass
    names = {c.__name__ for c in cls.__mro__}
    if "ArrayCacheByTimestamp" in names:
        key = _by_timestamp
    elif "ArrayCacheBySymbolBySide" in names:
        key = _by_side
    elif "_Keyed" in names or "ArrayCacheBySymbolById" in names:
        key = _by_id
    else:
        key = None
    _KEYS[cls] = key
    return key


def _by_timestamp(row: Any) -> Any:
    return row[0]


def _by_id(row: Any) -> Any:
    return (row.get("symbol"), row.get("id"))


def _by_side(row: Any) -> Any:
    return (row.get("symbol"), row.get("side"))


def _copy(value: Any) -> Any:
    """A dict as it is now: its own and its nested dicts' keys copied (a balance's
    ``free``/``used``/``total`` and per-currency accounts are updated in place)."""
    return {k: (dict(v) if type(v) is dict else v) for k, v in value.items()}


class Backlog:
    """One stream's queue of frozen updates; see the module docstring."""

    __slots__ = ("name", "size", "overflow", "chunk", "entries", "waiter", "marks", "latest", "clients",
                 "dropped", "lost", "handed", "overflowed", "warned", "open", "taken")

    def __init__(self, name: str, size: int = 100_000, overflow: str = "raise", chunk: int | None = None) -> None:
        if overflow not in OVERFLOW_POLICIES:
            raise ValueError(f"overflow must be one of {', '.join(OVERFLOW_POLICIES)}, not {overflow!r}")
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise ValueError(f"queue_size must be a positive integer, not {size!r}")
        self.name = name
        self.size = size
        self.overflow = overflow
        self.chunk = chunk  # most rows per handed-over batch (the watch's ``limit``)
        self.entries: deque = deque()  # [hash, rows | None, cls, wrap, value]
        self.waiter: Future | None = None
        self.marks: dict[Any, list] = {}  # hash -> [cache, its appends when last frozen]
        self.latest: dict[Any, list] = {}  # hash -> its queued order-book entry
        self.clients: list[Any] = []
        self.dropped = 0  # updates not kept: past the bound, or evicted from a cache before freezing
        self.lost = 0  # of which not yet reported by a StreamOverflow
        self.handed = 0
        self.overflowed = False
        self.warned = False
        # the batch handed to the waiting stream, still open to the rows of the same read:
        # [hash, cls, cache, keys seen | None, the watched cache it copies] until the
        # stream's task runs (:meth:`_close`)
        self.open: list | None = None
        # keyed caches: hash -> row key -> the copy last taken (an appends count overstates the
        # rows a keyed cache changed when one key was updated twice, so unchanged rows are skipped)
        self.taken: dict[Any, dict] = {}

    def __len__(self) -> int:
        return len(self.entries)

    # -- the stream's side ---------------------------------------------------------

    def bind(self, client: Any, hashes: Any) -> Future:
        """Listen to ``hashes`` on ``client`` (idempotent) and return the future of
        the next batch: settled at once when updates are queued."""
        if client not in self.clients:
            self._forget_closed()
            self.clients.append(client)
        listeners = client.listeners
        futures = client.futures
        marker = None
        for h in hashes:
            mine = listeners.get(h)
            if mine is None:
                listeners[h] = [self]
            elif self not in mine:
                mine.append(self)
            current = futures.get(h)
            if current is None:
                if marker is None:
                    marker = listening_marker(client)
                futures[h] = marker
        fut = Future()
        if self.entries:
            self._hand_over(fut)
        else:
            self.waiter = fut
            # runs just before the stream's task resumes (callbacks run in the order added):
            # until then, rows that arrive in the same read join the batch handed over
            fut.add_done_callback(self._close)
        return fut

    def _close(self, fut: Future) -> None:
        """The stream's task resumes next: rows that arrived meanwhile join its item."""
        batch, self.open = self.open, None
        if batch is None or batch[4] is None:
            return
        message_hash, cls, cache, _, source = batch
        mark = self.marks.get(message_hash)
        if mark is None or mark[0] is not source:
            return
        if fut.cancelled():  # nobody takes the item: what arrived meanwhile waits, queued
            self.put(message_hash, source)
            return
        new = source.appends - mark[1]
        if new <= 0:
            return
        size = len(source)
        if new > size:  # evicted by the watched cache before they were taken
            self.dropped += new - size
            mark[1] += new - size
            new = size
        room = new if self.chunk is None else max(0, min(new, self.chunk - len(cache)))
        if room:
            start = size - new
            for r in source[start:start + room]:
                cache.append(r)
            mark[1] += room
        if room < new:  # past the call's limit: the rest waits, queued, for the next item
            self.put(message_hash, source)

    def detach(self) -> None:
        """Stop listening everywhere (the stream ended or was collected)."""
        for client in self.clients:
            _unlisten(client, self)
        self.clients.clear()
        self.entries.clear()
        self.latest.clear()
        self.marks.clear()
        self.taken.clear()
        self.open = None
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.cancel()

    def _forget_closed(self) -> None:
        keep = []
        for client in self.clients:
            if client.closed() and client.state.is_closed:
                _unlisten(client, self)
            else:
                keep.append(client)
        self.clients[:] = keep

    # -- the connection's side -----------------------------------------------------

    def put(self, message_hash: Any, value: Any) -> None:
        """``value`` was resolved for ``message_hash``: queue it as it is now."""
        batch = self.open
        if batch is not None and batch[4] is value and batch[0] == message_hash and not self.entries:
            # the per-frame case of a stream keeping up: the rows stay in the watched cache and
            # join the item being handed over when its task resumes (:meth:`_close`), or an entry
            # when something else runs first (the mark says what was taken)
            return
        if isinstance(value, OrderBookBase):
            entry = self.latest.get(message_hash)
            if entry is not None:
                entry[4] = value  # a state: the latest replaces the queued one
                return
            entry = [message_hash, None, None, None, value]
            self.latest[message_hash] = entry
        else:
            entry = self._freeze(message_hash, value)
            if entry is None:
                return
            batch = self.open
            if batch is not None and not self.entries and batch[0] == message_hash and self._join(batch, entry):
                return  # (only while nothing is queued: a row never overtakes one queued before it)
        self._queue(entry)

    def _join(self, batch: list, entry: list) -> bool:
        """Add ``entry``'s rows to the batch being handed over, if they belong to it."""
        rows = entry[1]
        if rows is None or entry[2] is not batch[1]:
            return False
        cache = batch[2]
        chunk = self.chunk
        if chunk is not None and len(cache) + len(rows) > chunk:
            return False
        seen = batch[3]
        if seen is not None:
            key = _row_key(batch[1])
            keys = [key(r) for r in rows]
            if not seen.isdisjoint(keys):
                return False
            seen.update(keys)
        for r in rows:
            cache.append(r)
        return True

    def fail(self, error: BaseException, message_hash: Any = None) -> None:
        """An error for ``message_hash`` (None: the whole connection), in its place."""
        self._queue([message_hash, None, _ERROR, None, error], error=True)

    def _freeze(self, message_hash: Any, value: Any) -> list | None:
        appends = getattr(value, "appends", None)
        if appends is not None:
            rows = self._new_rows(message_hash, value, appends)
            return [message_hash, rows, type(value), None, None] if rows else None
        if type(value) is list:
            for i, item in enumerate(value):
                appends = getattr(item, "appends", None)
                if appends is not None:  # e.g. OHLCV: [symbol, timeframe, candles]
                    rows = self._new_rows(message_hash, item, appends)
                    return [message_hash, rows, type(item), (value, i), None] if rows else None
            return [message_hash, None, None, None, list(value)]
        if type(value) is dict:
            return [message_hash, None, None, None, _copy(value)]
        return [message_hash, None, None, None, value]

    def _new_rows(self, message_hash: Any, cache: Any, appends: int) -> list:
        mark = self.marks.get(message_hash)
        if mark is not None and mark[0] is cache:
            new = appends - mark[1]
            mark[1] = appends
        else:
            # first update seen of this cache: rows since it was made (as CCXT's first watch)
            new = appends
            self.marks[message_hash] = [cache, appends]
        if new <= 0:
            return []
        size = len(cache)
        if new > size:  # evicted by the cache itself before this update could be frozen
            self.dropped += new - size
            new = size
        rows = cache[size - new:]
        key = _row_key(type(cache))
        if key is not None:  # updated in place later: copy them as they are, and only those that changed
            taken = self.taken.get(message_hash)
            if taken is None:
                taken = self.taken[message_hash] = {}
            changed = []
            for r in rows:
                k = key(r)
                if taken.get(k) != r:
                    copy = dict(r) if type(r) is dict else list(r)
                    taken[k] = copy
                    changed.append(copy)
            while len(taken) > 2 * max(size, 1):  # bounded by the cache: the oldest keys go
                del taken[next(iter(taken))]
            rows = changed
        return rows

    def _queue(self, entry: list, error: bool = False) -> None:
        waiter = self.waiter
        if waiter is not None and not self.entries and not waiter.done():
            self.entries.append(entry)
            self._hand_over(waiter)
            self.waiter = None
            return
        entries = self.entries
        if len(entries) >= self.size and not error:
            if self.overflow == "drop_oldest":
                self._drop_oldest()
            else:
                self.dropped += 1
                self.lost += 1
                if not self.overflowed:
                    self.overflowed = True
                    entries.append([None, None, _ERROR, None, None])  # the StreamOverflow, made when handed over
                return
        entries.append(entry)

    def _drop_oldest(self) -> None:
        entries = self.entries
        while len(entries) >= self.size:
            old = entries.popleft()
            if old[2] is _ERROR and old[4] is not None:
                entries.appendleft(old)  # an error is never dropped: drop the next update instead
                if len(entries) < 2:
                    return
                old = entries[1]
                del entries[1]
            if old[2] is None and old[1] is None and self.latest.get(old[0]) is old:
                del self.latest[old[0]]
            self.dropped += 1
        if not self.warned:
            self.warned = True
            logger.warning("stream %s: its consumer fell %d updates behind; dropping the oldest "
                           "(overflow='drop_oldest'; counted in the stream's dropped)", self.name, self.size)

    def _hand_over(self, fut: Future) -> None:
        entries = self.entries
        head = entries.popleft()
        message_hash, rows, cls, wrap, value = head
        if cls is _ERROR:
            if value is None:  # the overflow marker
                value = StreamOverflow(
                    f"stream {self.name}: its consumer fell more than {self.size} updates behind; "
                    f"{self.lost} update(s) after this point were not kept (raise queue_size, consume "
                    f"faster, or use overflow='drop_oldest')", self.name, self.lost)
                self.overflowed = False
                self.lost = 0
            fut.reject(value)
            return
        if rows is None:
            if self.latest.get(message_hash) is head:
                del self.latest[message_hash]
            self.handed += 1
            fut.set_result(value)
            return
        rows = list(rows)
        chunk = self.chunk
        if chunk is not None and len(rows) > chunk:  # at most ``limit`` rows an item: the rest goes next
            entries.appendleft([message_hash, rows[chunk:], cls, wrap, None])
            rows = rows[:chunk]
        key = _row_key(cls)
        seen = {key(r) for r in rows} if key is not None else None
        if len(entries) and (chunk is None or len(rows) < chunk):
            taken = []
            for i, entry in enumerate(entries):
                if entry[2] is _ERROR:
                    if entry[0] is None or entry[0] == message_hash:
                        break  # updates after an error wait until it is handed over
                    continue
                if entry[0] != message_hash or entry[2] is not cls:
                    continue
                more = entry[1]
                if seen is not None:
                    keys = [key(r) for r in more]
                    if not seen.isdisjoint(keys):
                        break  # a row's later state: handed over as its own batch
                    seen.update(keys)
                if chunk is not None and len(rows) + len(more) > chunk:
                    break
                rows.extend(more)
                taken.append(i)
                if chunk is not None and len(rows) >= chunk:
                    break
            if taken:
                if len(taken) == len(entries):
                    entries.clear()
                else:
                    for i in reversed(taken):
                        del entries[i]
        cache = cls(None) if cls.__name__ != "ArrayCacheBySymbolBySide" else cls()
        for r in rows:
            cache.append(r)
        if fut is self.waiter:  # settled now, read when the task resumes: open until then
            mark = self.marks.get(message_hash)
            lazy = seen is None and wrap is None and mark is not None  # rows that are never updated in place
            self.open = [message_hash, cls, cache, seen, mark[0] if lazy else None]
        self.handed += 1
        if wrap is None:
            fut.set_result(cache)
        else:
            template, i = wrap
            out = list(template)
            out[i] = cache
            fut.set_result(out)


def _unlisten(client: Any, backlog: Backlog) -> None:
    listeners = getattr(client, "listeners", None)
    if not listeners:
        return
    marker = client.listening
    for h in [h for h, mine in listeners.items() if backlog in mine]:
        mine = listeners[h]
        mine.remove(backlog)
        if not mine:
            del listeners[h]
            if marker is not None and client.futures.get(h) is marker:
                del client.futures[h]
