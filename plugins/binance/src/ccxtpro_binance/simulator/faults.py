"""Fault injection, scriptable from tests (``sim.faults``) and from CLI flags.

Faults are one-shot or counted switches that the transports consult at the
point where the fault would happen on the real exchange: the depth fan-out asks
``take_gap``, the REST middleware asks ``check_http``, control-frame handlers
ask ``take_error_reply``, the websocket upgrade asks ``refusing_upgrades``, a
connection's writer asks ``is_stalled`` and its reader ``pongs_muted``;
connection faults act on registered connections.

``record_sent()`` switches on a :class:`SentRecord` of what the server wrote to
its websockets (trade ids, order updates, depth update ids), the reference a
client's output is checked against for lost or duplicated ids.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from dataclasses import dataclass

import orjson

from .errors import BinanceError, log


@dataclass
class _ErrorReply:
    method: str | None
    code: int
    msg: str
    count: int


NAMES = ("drop", "expire", "malformed", "gap", "error", "429", "expire-listen-key", "terminate", "pong-delay",
         "refuse", "stall", "stall-silent", "drop-before-reply")


async def _close_expired(ws) -> None:
    await ws.close(code=1000, message=b"connection expired")


def expire(conn) -> None:
    """Queue a normal close behind whatever the connection still has to send.

    The moment is kept on the connection (``expired_at``, ``time.time()``): with a short
    ``connection_lifetime`` each connection meets its own "24 h" at its own time."""
    if not conn.closed:
        conn.expired_at = time.time()
        conn.queue.put_nowait((_close_expired,))


#: Binance's order statuses as CCXT unifies them (what a client's order structure says)
ORDER_STATUS = {"NEW": "open", "PARTIALLY_FILLED": "open", "FILLED": "closed", "CANCELED": "canceled",
                "PENDING_CANCEL": "canceling", "REJECTED": "rejected", "EXPIRED": "expired",
                "EXPIRED_IN_MATCH": "expired"}


class SentRecord:
    """What the server wrote to its websockets, by stream: the reference for lost or duplicated ids.

    Only frames that were handed to a socket count (a frame still queued when a connection
    died, or held back by a stall, was never sent). Bounded: ``maxlen`` ids per stream
    (oldest dropped) and ``maxlen`` orders per market. Burst frames (``Simulator(burst=N)``)
    are written raw, past this record.
    """

    def __init__(self, maxlen: int = 200_000) -> None:
        self.maxlen = maxlen
        #: (market, symbol) -> trade ids in the order they were sent (a repeat means sent twice)
        self.trades: dict[tuple[str, str], deque] = {}
        #: (market, symbol) -> (first, last) update ids of each depth diff sent
        self.depth: dict[tuple[str, str], deque] = {}
        #: market -> order id -> [(status as CCXT unifies it, cumulative filled quantity), ...]
        self.orders: dict[str, OrderedDict] = {}
        #: frames sent, by event type ("e"), for a summary
        self.events: dict[str, int] = {}
        self.frames = 0

    def sent(self, conn, data) -> None:
        """One frame written to ``conn`` (a ``MarketConn``)."""
        self.frames += 1
        try:
            msg = orjson.loads(data)
        except orjson.JSONDecodeError:
            return
        if not isinstance(msg, dict):
            return
        if "stream" in msg and isinstance(msg.get("data"), dict):
            msg = msg["data"]
        elif "subscriptionId" in msg and isinstance(msg.get("event"), dict):
            msg = msg["event"]
        kind = msg.get("e")
        if not isinstance(kind, str):
            return
        self.events[kind] = self.events.get(kind, 0) + 1
        market = conn.market
        if kind == "trade":
            self._ids(self.trades, (market, msg.get("s")), msg.get("t"))
        elif kind == "depthUpdate":
            self._ids(self.depth, (market, msg.get("s")), (msg.get("U"), msg.get("u")))
        elif kind == "executionReport":
            self._order(market, msg.get("i"), msg.get("X"), msg.get("z"))
        elif kind == "ORDER_TRADE_UPDATE" and isinstance(msg.get("o"), dict):
            o = msg["o"]
            self._order(market, o.get("i"), o.get("X"), o.get("z"))

    def _ids(self, table: dict, key: tuple, value) -> None:
        ids = table.get(key)
        if ids is None:
            ids = table[key] = deque(maxlen=self.maxlen)
        ids.append(value)

    def _order(self, market: str, order_id, status, filled) -> None:
        orders = self.orders.setdefault(market, OrderedDict())
        updates = orders.get(order_id)
        if updates is None:
            updates = orders[order_id] = []
            if len(orders) > self.maxlen:
                orders.popitem(last=False)
        updates.append((ORDER_STATUS.get(status, status), float(filled) if filled is not None else None))

    def trade_ids(self, market: str, symbol: str) -> list:
        return list(self.trades.get((market, symbol), ()))

    def order_updates(self, market: str) -> dict:
        return {k: list(v) for k, v in self.orders.get(market, {}).items()}


class Faults:
    def __init__(self, core) -> None:
        self.core = core
        self.conns: set = set()
        self.pong_delay = 0.0
        self._gaps: dict[tuple[str, str | None], int] = {}
        self._errors: list[_ErrorReply] = []
        self._http_429 = 0
        self._retry_after = 1
        self._ban_until = 0.0
        self._limited_until = 0.0
        self._escalate = True
        self._refuse_until = 0.0
        self.stalled: set = set()  # connections whose data stopped (a stall)
        self.muted: set = set()  # connections that stopped answering pings too
        self.record: SentRecord | None = None
        self.injected: list[str] = []  # what was injected, in order (for tests and logs)
        self._drops_before_reply: list[list] = []  # [method or None, count]: accepted, then the connection dies

    # ------------------------------------------------------------ connections
    def register(self, conn) -> None:
        self.conns.add(conn)

    def unregister(self, conn) -> None:
        self.conns.discard(conn)
        self.stalled.discard(conn)
        self.muted.discard(conn)

    def _select(self, kind: str | None, market: str | None) -> list:
        out = []
        for c in list(self.conns):
            if c.closed:
                continue
            if kind is not None and getattr(c, "kind", "market") != kind:
                continue
            if market is not None and c.market != market:
                continue
            out.append(c)
        return out

    def drop_connections(self, kind: str | None = None, market: str | None = None) -> int:
        """Abort matching TCP connections without a close frame (a network drop)."""
        conns = self._select(kind, market)
        for c in conns:
            c.closed = True
            tr = getattr(c, "transport", None)
            if tr is not None:
                tr.abort()
        self.injected.append(f"drop:{len(conns)}")
        log.info("fault: dropped %d connection(s)", len(conns))
        return len(conns)

    def drop_before_reply(self, method: str | None = "order.place", count: int = 1) -> None:
        """The next ``count`` websocket-API requests of ``method`` (any when None) are carried
        out (an order is placed, cancelled…) and then their connection is aborted before the
        reply is sent: the client cannot know whether the request took effect."""
        self._drops_before_reply.append([method, count])

    def take_drop_before_reply(self, conn, method: str) -> bool:
        """Asked by the websocket API after a request was carried out: abort ``conn`` now?"""
        for entry in self._drops_before_reply:
            if entry[0] is None or entry[0] == method:
                entry[1] -= 1
                if entry[1] <= 0:
                    self._drops_before_reply.remove(entry)
                conn.closed = True
                tr = getattr(conn, "transport", None)
                if tr is not None:
                    tr.abort()
                self.injected.append(f"drop-before-reply:{method}")
                log.info("fault: %s carried out, connection dropped before the reply", method)
                return True
        return False

    def expire_connections(self, kind: str | None = None, market: str | None = None) -> int:
        """Close matching connections the way the 24-hour limit does: a normal close frame."""
        conns = self._select(kind, market)
        for c in conns:
            expire(c)
        self.injected.append(f"expire:{len(conns)}")
        return len(conns)

    def send_malformed(self, kind: str | None = None, market: str | None = None,
                       text: str = '{"e":"depthUpdate","E":') -> int:
        """Queue a frame that is not valid JSON on matching connections."""
        conns = self._select(kind, market)
        for c in conns:
            c.push(text)
        self.injected.append(f"malformed:{len(conns)}")
        return len(conns)

    def refuse_upgrades(self, seconds: float) -> None:
        """Answer every websocket upgrade with HTTP 503 for ``seconds`` (REST still answers):
        with ``drop_connections`` first, a reconnect that is refused for a while."""
        self._refuse_until = time.monotonic() + seconds
        self.injected.append(f"refuse:{seconds:g}s")

    def refusing_upgrades(self) -> bool:
        """Asked by the server on each websocket upgrade."""
        if self._refuse_until and time.monotonic() < self._refuse_until:
            self.injected.append("refused")
            return True
        return False

    def stall(self, kind: str | None = None, market: str | None = None, pongs: bool = True) -> int:
        """Stop sending data on matching connections, which stay open: their frames are
        discarded unsent from now on. With ``pongs=False`` their pings go unanswered too
        (a black hole); with ``pongs=True`` only a watchdog on the data notices.
        Connections opened later are not affected."""
        conns = self._select(kind, market)
        self.stalled.update(conns)
        if not pongs:
            self.muted.update(conns)
        self.injected.append(f"stall{'' if pongs else '-silent'}:{len(conns)}")
        return len(conns)

    def is_stalled(self, conn) -> bool:
        """Asked by a connection's writer before each frame."""
        return conn in self.stalled

    def pongs_muted(self, conn) -> bool:
        """Asked by a connection's reader before answering a ping."""
        return conn in self.muted

    # ------------------------------------------------------------ what was sent
    def record_sent(self, maxlen: int = 200_000) -> SentRecord:
        """Start recording what is written to the websockets (see :class:`SentRecord`)."""
        if self.record is None:
            self.record = SentRecord(maxlen)
        return self.record

    def sent(self, conn, data) -> None:
        """Called by a connection's writer after each frame went to the socket."""
        if self.record is not None:
            self.record.sent(conn, data)

    # ------------------------------------------------------------ market data
    def gap(self, market: str, symbol: str | None = None, count: int = 1) -> None:
        """Skip the next ``count`` depth diffs of ``symbol`` (any symbol when None): a sequence gap."""
        self._gaps[(market, symbol)] = self._gaps.get((market, symbol), 0) + count

    def take_gap(self, market: str, symbol: str) -> bool:
        for key in ((market, symbol), (market, None)):
            n = self._gaps.get(key)
            if n:
                self._gaps[key] = n - 1
                self.injected.append(f"gap:{market}:{symbol}")
                return True
        return False

    # ------------------------------------------------------------ replies
    def error_reply(self, method: str | None = None, code: int = -1000, msg: str | None = None,
                    count: int = 1) -> None:
        """Answer the next ``count`` requests of ``method`` (any when None) with an error."""
        if msg is None:
            msg = BinanceError(code).msg
        self._errors.append(_ErrorReply(method, code, msg, count))

    def take_error_reply(self, method: str) -> tuple[int, str] | None:
        for e in self._errors:
            if e.method is None or e.method == method:
                e.count -= 1
                if e.count <= 0:
                    self._errors.remove(e)
                self.injected.append(f"error:{method}:{e.code}")
                return e.code, e.msg
        return None

    # ------------------------------------------------------------ rate limits
    def rate_limit(self, count: int = 1, retry_after: int = 1, escalate: bool = True) -> None:
        """Reject the next ``count`` REST requests with HTTP 429 and ``Retry-After``.

        With ``escalate``, a request that arrives before ``Retry-After`` has passed
        gets HTTP 418 (IP banned), as Binance does with clients that keep going.
        """
        self._http_429 = count
        self._retry_after = retry_after
        self._escalate = escalate

    def check_http(self) -> None:
        now = time.monotonic()
        if now < self._ban_until:
            left = max(1, int(self._ban_until - now + 0.999))
            self.injected.append("http:418")
            raise BinanceError(-1003, f"Way too many requests; IP banned until {int((time.time() + left) * 1000)}. "
                               "Please use the websocket for live updates to avoid bans.",
                               status=418, headers={"Retry-After": str(left)})
        if self._escalate and now < self._limited_until:
            self._ban_until = now + max(2, self._retry_after * 2)
            self._limited_until = 0.0
            return self.check_http()
        if self._http_429 > 0:
            self._http_429 -= 1
            self._limited_until = now + self._retry_after
            self.injected.append("http:429")
            raise BinanceError(-1003, None, "6000", status=429,
                               headers={"Retry-After": str(self._retry_after)})

    def clear(self) -> None:
        """Switch every fault off."""
        self.pong_delay = 0.0
        self._gaps.clear()
        self._errors.clear()
        self._http_429 = 0
        self._ban_until = self._limited_until = 0.0
        self._refuse_until = 0.0
        self.stalled.clear()
        self.muted.clear()
        self._drops_before_reply.clear()

    # ------------------------------------------------------------ user data
    def expire_listen_key(self, listen_key: str | None = None) -> int:
        """Expire a listen key (all when None): ``listenKeyExpired`` then the key is gone."""
        return self.core.userdata.expire(listen_key)

    def terminate_event_stream(self) -> int:
        """End every websocket-API user-data subscription with ``eventStreamTerminated``."""
        return self.core.userdata.terminate_subscriptions()

    # ------------------------------------------------------------ scripting
    async def run_schedule(self, spec: str, interval: float) -> None:
        """Repeat fault ``spec`` every ``interval`` seconds (the CLI ``--fault`` flag)."""
        while True:
            await asyncio.sleep(interval)
            self.apply(spec)

    def after(self, delay: float, spec: str) -> asyncio.TimerHandle:
        """Apply fault ``spec`` once, ``delay`` seconds from now (scripted scenarios)."""
        return asyncio.get_running_loop().call_later(delay, self.apply, spec)

    def apply(self, spec: str) -> None:
        """Apply a fault by name: drop, expire, malformed, gap, error, 429, expire-listen-key, terminate,
        pong-delay[=s], refuse[=s] (drop, then refuse upgrades), stall, stall-silent,
        drop-before-reply[=method] (default order.place)."""
        name, _, arg = spec.partition("=")
        if name == "drop":
            self.drop_connections()
        elif name == "expire":
            self.expire_connections()
        elif name == "malformed":
            self.send_malformed()
        elif name == "gap":
            for market in self.core.instruments:
                self.gap(market, None)
        elif name == "error":
            self.error_reply(None, int(arg or -1000))
        elif name == "429":
            self.rate_limit(int(arg or 1))
        elif name == "expire-listen-key":
            self.expire_listen_key()
        elif name == "terminate":
            self.terminate_event_stream()
        elif name == "pong-delay":
            self.pong_delay = float(arg or 5)
        elif name == "refuse":
            self.drop_connections()
            self.refuse_upgrades(float(arg or 2))
        elif name == "stall":
            self.stall()
        elif name == "stall-silent":
            self.stall(pongs=False)
        elif name == "drop-before-reply":
            self.drop_before_reply(arg or "order.place")
        else:
            raise ValueError(f"unknown fault {spec!r}")
