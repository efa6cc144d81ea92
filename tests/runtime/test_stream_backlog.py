"""``stream_*`` backlogs: a consumer slower than the socket gets every update, in
order, fair across symbols, within a bound it chooses (``ccxtpro.ws.backlog``)."""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import pytest

from ccxtpro._core import cache_py
from ccxtpro.errors import NetworkError
from ccxtpro.ws.backlog import Listening, StreamOverflow

from .ws_helpers import StandIn, WsServer

try:
    from ccxtpro._core import cache_c
except ImportError:  # pragma: no cover - only when the extensions were not built
    cache_c = None

T = 5


@pytest.fixture(params=["py", "c"])
def caches(request):
    """The cache build the exchange's handlers use: the twin or the compiled one."""
    if request.param == "c" and cache_c is None:
        pytest.fail("the Cython extensions are not built")
    return cache_py if request.param == "py" else cache_c


@pytest.fixture
async def server():
    srv = await WsServer().start()
    yield srv
    await srv.stop()


class Trading(StandIn):
    """StandIn with CCXT-shaped trades (one cache per symbol) and orders (one cache
    by symbol and id, updated in place), and CCXT's ``newUpdates`` post-processing."""

    def __init__(self, url: str, caches: Any, **extra: Any) -> None:
        super().__init__(url, **extra)
        self.caches = caches
        self.trades: dict[str, Any] = {}
        self.orders: Any = None

    def ws_routes(self) -> list[Any]:
        return [{"path": "e", "value": "trade", "handler": "handle_trade"},
                {"path": "e", "value": "order", "handler": "handle_order"}] + super().ws_routes()

    def handle_trade(self, client: Any, message: Any) -> None:
        symbol = message["s"]
        cache = self.trades.get(symbol)
        if cache is None:
            cache = self.trades[symbol] = self.caches.ArrayCache(1000)
        cache.append({"id": message["t"], "symbol": symbol, "price": message["p"]})
        client.resolve(cache, "trade:" + symbol)

    def handle_order(self, client: Any, message: Any) -> None:
        if self.orders is None:
            self.orders = self.caches.ArrayCacheBySymbolById(1000)
        self.orders.append({"id": message["i"], "symbol": message["s"], "status": message["X"]})
        client.resolve(self.orders, "orders")

    async def watch_trades_for_symbols(self, symbols: list[str], limit: int | None = None) -> Any:
        hashes = ["trade:" + s for s in symbols]
        trades = await self.watch_multiple(self.url, hashes, {"op": "sub", "s": ",".join(symbols)}, hashes)
        limit = trades.getLimit(trades[0]["symbol"], limit)
        return list(trades)[-limit:] if limit else []

    async def watch_trades(self, symbol: str, limit: int | None = None) -> Any:
        return await self.watch_trades_for_symbols([symbol], limit)

    async def watch_orders(self) -> Any:
        orders = await self.watch(self.url, "orders", {"op": "sub", "s": "orders"}, "orders")
        limit = orders.getLimit(None, None)
        return [dict(o) for o in list(orders)[-limit:]] if limit else []


def trade_frame(symbol: str, i: int) -> dict:
    return {"e": "trade", "s": symbol, "t": i, "p": float(i)}


async def push_all(server: WsServer, frames: list[dict]) -> None:
    for frame in frames:
        await server.push(frame)


async def test_a_slow_consumer_gets_every_trade_once_in_order_fair_across_symbols(server, caches):
    ex = Trading(server.url, caches)
    symbols = ["A", "B", "C"]
    frames = [trade_frame(s, i) for i in range(300) for s in symbols]
    got: list[list[tuple[str, int]]] = []

    async def consume() -> None:
        async for trades in ex.stream_trades_for_symbols(symbols):
            got.append([(t["symbol"], t["id"]) for t in trades])
            if sum(map(len, got)) == len(frames):
                return
            await asyncio.sleep(0.05)  # slower than the socket

    task = asyncio.ensure_future(consume())
    try:
        await server.wait_subscribes(1)
        await push_all(server, frames)
        await asyncio.wait_for(task, T)
    finally:
        await ex.close()
    for s in symbols:  # every id once, in order
        assert [i for batch in got for sym, i in batch if sym == s] == list(range(300))
    assert all(len({sym for sym, _ in batch}) == 1 for batch in got)  # one symbol per item, as CCXT's
    # fair: once the backlog built up, symbols take turns (none waits for another's whole burst twice)
    order = [batch[0][0] for batch in got[1:]]
    assert set(order[:3]) == set(symbols), order


async def test_a_plain_watch_keeps_ccxts_shared_cache_next_to_a_stream(server, caches):
    ex = Trading(server.url, caches)
    stream = ex.stream_trades("A")
    try:
        first = asyncio.ensure_future(stream.__anext__())
        await server.wait_subscribes(1)
        await server.push(trade_frame("A", 1))
        assert [t["id"] for t in await asyncio.wait_for(first, T)] == [1]
        watching = asyncio.ensure_future(ex.watch_trades("A"))
        await asyncio.sleep(0.05)
        await push_all(server, [trade_frame("A", 2), trade_frame("A", 3)])
        assert [t["id"] for t in await asyncio.wait_for(watching, T)][-1] >= 2  # the next update, CCXT's way
        await asyncio.sleep(0.1)
        assert [t["id"] for t in await asyncio.wait_for(stream.__anext__(), T)] == [2, 3]  # the stream's own
    finally:
        await stream.aclose()
        await ex.close()


async def test_every_state_of_an_order_is_handed_over_in_order(server, caches):
    ex = Trading(server.url, caches)
    frames = [{"e": "order", "s": "A", "i": str(n), "X": x} for n in range(3)
              for x in ("NEW", "PARTIALLY_FILLED", "FILLED")]
    seen: list[tuple[str, str]] = []

    async def consume() -> None:
        async for orders in ex.stream_orders():
            seen.extend((o["id"], o["status"]) for o in orders)
            if len(seen) >= len(frames):
                return
            await asyncio.sleep(0.02)

    task = asyncio.ensure_future(consume())
    try:
        await server.wait_subscribes(1)
        await push_all(server, frames)  # all at once: CCXT's cache keeps only each order's last state
        await asyncio.wait_for(task, T)
    finally:
        await ex.close()
    assert seen == [(f["i"], f["X"]) for f in frames]


async def test_limit_bounds_each_item_and_loses_nothing(server, caches):
    ex = Trading(server.url, caches)
    got: list[list[int]] = []
    stream = ex.stream_trades("A", limit=4)
    try:
        first = asyncio.ensure_future(stream.__anext__())
        await server.wait_subscribes(1)
        await push_all(server, [trade_frame("A", i) for i in range(10)])
        got.append([t["id"] for t in await asyncio.wait_for(first, T)])
        await asyncio.sleep(0.1)
        while sum(map(len, got)) < 10:
            got.append([t["id"] for t in await asyncio.wait_for(stream.__anext__(), T)])
    finally:
        await stream.aclose()
        await ex.close()
    assert [i for batch in got for i in batch] == list(range(10))
    assert max(map(len, got)) <= 4


async def first_then_behind(server: WsServer, stream: Any, first: dict, behind: list[dict]) -> list:
    """Hand ``first`` to a waiting stream and then, while its consumer is busy, send
    ``behind``: those queue up (rows that come in the same read as a handed-over one
    join it instead)."""
    nxt = asyncio.ensure_future(stream.__anext__())
    await server.wait_subscribes(1)
    await server.push(first)
    item = await asyncio.wait_for(nxt, T)
    await push_all(server, behind)
    await asyncio.sleep(0.1)
    return item


def order_frame(n: int, status: str = "NEW") -> dict:
    return {"e": "order", "s": "A", "i": str(n), "X": status}


async def test_overflow_raises_naming_the_stream_after_what_came_before(server, caches):
    ex = Trading(server.url, caches)
    stream = ex.stream_orders(queue_size=3)
    try:
        handed = [o["id"] for o in await first_then_behind(server, stream, order_frame(0),
                                                            [order_frame(n) for n in range(1, 9)])]
        assert len(stream.backlog) == 4  # three updates, then the overflow in its place
        with pytest.raises(StreamOverflow) as raised:
            while True:
                handed += [o["id"] for o in await asyncio.wait_for(stream.__anext__(), T)]
        assert handed == ["0", "1", "2", "3"]  # what came before the overflow, in order
        assert raised.value.dropped == 5 and stream.dropped == 5
        assert "stream_orders" in str(raised.value) and raised.value.stream.startswith("stream_orders")
        # the consumer may carry on: later updates are queued again
        await server.push(order_frame(9))
        assert [o["id"] for o in await asyncio.wait_for(stream.__anext__(), T)] == ["9"]
    finally:
        await stream.aclose()
        await ex.close()


async def test_drop_oldest_keeps_the_newest_and_counts(server, caches, caplog):
    ex = Trading(server.url, caches)
    ex.options["ws"]["streamOverflow"] = "drop_oldest"
    stream = ex.stream_orders(queue_size=3)
    try:
        handed = [o["id"] for o in await first_then_behind(server, stream, order_frame(0),
                                                            [order_frame(n) for n in range(1, 9)])]
        while len(stream.backlog):
            handed += [o["id"] for o in await asyncio.wait_for(stream.__anext__(), T)]
    finally:
        await stream.aclose()
        await ex.close()
    assert handed == ["0", "6", "7", "8"] and stream.dropped == 5
    assert sum("dropping the oldest" in r.getMessage() for r in caplog.records) == 1  # logged once


async def test_rows_of_one_read_join_the_item_handed_over_but_never_overtake(server, caches):
    ex = Trading(server.url, caches)
    stream = ex.stream_orders()
    seen: list[tuple[str, str]] = []
    try:
        nxt = asyncio.ensure_future(stream.__anext__())
        await server.wait_subscribes(1)
        # likely one read: order 0 twice (its second state cannot join the first), then order 1
        await push_all(server, [order_frame(0), order_frame(0, "FILLED"), order_frame(1)])
        seen += [(o["id"], o["status"]) for o in await asyncio.wait_for(nxt, T)]
        await asyncio.sleep(0.1)
        while len(stream.backlog):
            seen += [(o["id"], o["status"]) for o in await asyncio.wait_for(stream.__anext__(), T)]
    finally:
        await stream.aclose()
        await ex.close()
    assert seen == [("0", "NEW"), ("0", "FILLED"), ("1", "NEW")]


async def test_updates_before_a_drop_are_handed_over_then_the_stream_resubscribes(server, caches):
    ex = Trading(server.url, caches)
    stream = ex.stream_trades("A")
    try:
        got = [t["id"] for t in await first_then_behind(server, stream, trade_frame("A", 0),
                                                         [trade_frame("A", i) for i in range(1, 5)])]
        await server.drop()
        await asyncio.sleep(0.1)
        got += [t["id"] for t in await asyncio.wait_for(stream.__anext__(), T)]  # queued before the drop
        assert got == [0, 1, 2, 3, 4]
        nxt = asyncio.ensure_future(stream.__anext__())  # the drop's error: retried, subscribed again
        await server.wait_subscribes(2)
        await server.push(trade_frame("A", 5))
        assert [t["id"] for t in await asyncio.wait_for(nxt, T)] == [5]
        assert stream.retries == 1
    finally:
        await stream.aclose()
        await ex.close()


async def test_a_connection_error_reaches_a_waiting_stream(server, caches):
    ex = Trading(server.url, caches)
    stream = ex.stream_trades("A", max_retries=0)
    try:
        nxt = asyncio.ensure_future(stream.__anext__())
        await server.wait_subscribes(1)
        ex.client(server.url).reject(NetworkError("gone"))
        with pytest.raises(NetworkError, match="gone"):
            await asyncio.wait_for(nxt, T)
    finally:
        await stream.aclose()
        await ex.close()


async def test_a_stream_left_with_break_stops_being_fed(server, caches):
    ex = Trading(server.url, caches)
    try:
        async def first_item() -> None:
            async for _ in ex.stream_trades("A"):
                break

        task = asyncio.ensure_future(first_item())
        await server.wait_subscribes(1)
        await server.push(trade_frame("A", 1))
        await asyncio.wait_for(task, T)
        gc.collect()
        client = ex.client(server.url)
        assert client.listeners == {}
        assert not any(isinstance(f, Listening) for f in client.futures.values())
        await server.push(trade_frame("A", 2))  # nobody listens: nothing is queued anywhere
        await asyncio.sleep(0.05)
        assert client.listeners == {}
    finally:
        await ex.close()


async def test_bad_queue_arguments_are_refused_at_the_call(server, caches):
    from ccxtpro.errors import BadRequest

    ex = Trading(server.url, caches)
    try:
        with pytest.raises(BadRequest, match="queue_size"):
            ex.stream_trades("A", queue_size=0)
        with pytest.raises(BadRequest, match="overflow"):
            ex.stream_trades("A", overflow="ignore")
    finally:
        await ex.close()


class Conn:
    """What a backlog needs of a connection (``WsClient``'s listener fields)."""

    def __init__(self) -> None:
        self.listeners: dict = {}
        self.futures: dict = {}
        self.listening = None

    def closed(self) -> bool:
        return False


async def test_rows_resolved_before_the_stream_resumes_join_its_item_and_later_ones_queue(caches):
    from ccxtpro.ws.backlog import Backlog

    backlog, conn, cache = Backlog("stream_trades('A')"), Conn(), caches.ArrayCache(1000)
    waiter = backlog.bind(conn, ["trade:A"])
    assert isinstance(conn.futures["trade:A"], Listening) and conn.listeners == {"trade:A": [backlog]}

    async def consumer() -> list:
        return [t["id"] for t in await waiter]

    task = asyncio.ensure_future(consumer())
    await asyncio.sleep(0)  # the consumer waits
    for i in range(3):  # one read: three frames before the consumer's task runs again
        cache.append({"id": i, "symbol": "A"})
        backlog.put("trade:A", cache)
    assert await task == [0, 1, 2] and len(backlog) == 0
    cache.append({"id": 3, "symbol": "A"})
    backlog.put("trade:A", cache)  # after the item was read: queued for the next one
    assert len(backlog) == 1
    assert [t["id"] for t in await backlog.bind(conn, ["trade:A"])] == [3]
    backlog.detach()
    assert conn.listeners == {} and conn.futures == {}


async def test_a_keyed_cache_never_hands_over_an_unchanged_row_again(caches):
    # orders of two markets share one cache; this stream listens to symbol A only, so B's two
    # updates (one key, updated twice) come between A's without a put: three appends, two rows
    from ccxtpro.ws.backlog import Backlog

    backlog, conn, cache = Backlog("stream_orders('A')"), Conn(), caches.ArrayCacheBySymbolById(1000)

    def order(symbol: str, i: str, status: str) -> dict:
        return {"id": i, "symbol": symbol, "status": status}

    cache.append(order("A", "1", "NEW"))
    backlog.put("orders:A", cache)
    assert [o["id"] for o in await backlog.bind(conn, ["orders:A"])] == ["1"]
    cache.append(order("B", "9", "NEW"))
    cache.append(order("B", "9", "FILLED"))
    cache.append(order("A", "2", "NEW"))
    backlog.put("orders:A", cache)
    handed = [(o["symbol"], o["id"], o["status"]) for o in await backlog.bind(conn, ["orders:A"])]
    assert ("A", "1", "NEW") not in handed and ("A", "2", "NEW") in handed
