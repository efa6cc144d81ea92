"""Market websockets: raw ``/ws/<stream>``, combined ``/stream?streams=…`` and live
``SUBSCRIBE`` / ``UNSUBSCRIBE`` / ``LIST_SUBSCRIPTIONS`` / ``SET_PROPERTY`` / ``GET_PROPERTY``.

The hub keeps, per market type, which connections want which stream; after each
model step it renders each wanted stream once and queues the bytes on every
subscriber. Each connection drains its own queue in a writer task, so a slow
client never stalls the tick loop.
"""

from __future__ import annotations

import asyncio
import re
from collections import deque
from dataclasses import dataclass

import orjson
from aiohttp import WSMsgType, web

from . import payloads as P
from .errors import log
from .instruments import COINM, SPOT, USDM
from .market import INTERVALS_MS, MarketModel, TickEvents
from .replay import BURST_KINDS, burst_writer, render_stream

_DEPTH = re.compile(r"^depth(5|10|20)?(?:@(\d+)ms)?$")
_WINDOW = re.compile(r"^ticker_(1h|4h|1d)$")
_KLINE = re.compile(r"^(kline|markPriceKline|indexPriceKline|continuousKline)_([0-9]+[smhdwM])(?:@[+-]\d\d:\d\d)?$")
_SPEEDS = {SPOT: (1000, (100, 1000)), "futures": (250, (0, 100, 250, 500))}


@dataclass(frozen=True)
class StreamSpec:
    """A parsed stream name: ``kind`` plus symbol (None for all-market) and options."""

    name: str
    kind: str
    symbol: str | None
    period: int = 1  # in ticks
    levels: int = 0
    interval: str = ""


class StreamError(ValueError):
    pass


def parse_stream(name: str, market: str, symbols: dict, tick_ms: int) -> StreamSpec:
    """Parse a Binance stream name for ``market``; raises StreamError when unknown."""
    def ticks(ms: int) -> int:
        return max(1, round(ms / tick_ms))

    if name.startswith("!"):
        body = name[1:]
        if body in ("ticker@arr", "miniTicker@arr"):
            return StreamSpec(name, body.split("@")[0] + "_arr", None, ticks(1000))
        if market == SPOT and body.endswith("@arr") and _WINDOW.match(body[:-4]):
            return StreamSpec(name, "window_arr", None, ticks(1000), interval=body[7:9])
        if market != SPOT:
            if body in ("markPrice@arr", "markPrice@arr@1s"):
                return StreamSpec(name, "markPrice_arr", None, ticks(1000 if body.endswith("1s") else 3000))
            if body == "forceOrder@arr":
                return StreamSpec(name, "forceOrder_arr", None)
            if body == "bookTicker":
                return StreamSpec(name, "bookTicker_arr", None)
        raise StreamError(name)
    sym, _, rest = name.partition("@")
    inst = symbols.get(sym.upper()) if sym == sym.lower() else None
    if inst is None and market == COINM and rest.startswith("indexPriceKline_"):
        inst = symbols.get(sym.upper() + "_PERP") if sym == sym.lower() else None  # index klines are per pair
    if inst is None or not rest:
        raise StreamError(name)
    symbol = inst.symbol
    if rest in ("trade", "aggTrade", "bookTicker"):
        return StreamSpec(name, rest, symbol)
    if rest in ("ticker", "miniTicker"):  # spot 1000 ms, futures 2000 ms (per symbol)
        return StreamSpec(name, rest, symbol, ticks(1000 if market == SPOT else 2000))
    m = _WINDOW.match(rest)
    if m and market == SPOT:
        return StreamSpec(name, "window", symbol, ticks(1000), interval=m.group(1))
    if market == USDM and rest == "rpiDepth@500ms":
        return StreamSpec(name, "depth", symbol, ticks(500))
    if market != SPOT and rest in ("markPrice", "markPrice@1s"):
        return StreamSpec(name, "markPrice", symbol, ticks(1000 if rest.endswith("1s") else 3000))
    if market != SPOT and rest == "forceOrder":
        return StreamSpec(name, "forceOrder", symbol)
    m = _DEPTH.match(rest)
    if m:
        default, allowed = _SPEEDS[SPOT if market == SPOT else "futures"]
        speed = int(m.group(2)) if m.group(2) else default
        if speed not in allowed:
            raise StreamError(name)
        levels = int(m.group(1)) if m.group(1) else 0
        return StreamSpec(name, "partial" if levels else "depth", symbol, ticks(max(speed, tick_ms)), levels)
    m = _KLINE.match(rest)
    if m and m.group(1) in ("markPriceKline", "indexPriceKline") and market == COINM \
            and m.group(2) in INTERVALS_MS and m.group(2) != "1s":
        kind = "markPrice_kline" if m.group(1) == "markPriceKline" else "indexPrice_kline"
        return StreamSpec(name, kind, symbol, ticks(250), interval=m.group(2))
    if m and m.group(1) == "kline" and m.group(2) in INTERVALS_MS:
        if m.group(2) == "1s" and market != SPOT:
            raise StreamError(name)
        # spot pushes every 1000 ms (1s klines) or 2000 ms, futures every 250 ms
        speed = 250 if market != SPOT else (1000 if m.group(2) == "1s" else 2000)
        return StreamSpec(name, "kline", symbol, ticks(speed), interval=m.group(2))
    raise StreamError(name)


class MarketConn:
    """One websocket connection (market stream or websocket API): subscriptions, session, queue."""

    MAX_QUEUE = 50_000

    def __init__(self, ws: web.WebSocketResponse, market: str, combined: bool, path: str,
                 kind: str = "market", transport=None, connected_at: int = 0) -> None:
        self.ws = ws
        self.kind = kind
        self.transport = transport
        self.connected_at = connected_at
        self.session_key = None
        self.logon_time = None
        self.market = market
        self.combined = combined
        self.path = path
        self.streams: dict[str, StreamSpec] = {}
        self.queue: asyncio.Queue = asyncio.Queue()
        self.closed = False
        self.user_keys: set[str] = set()
        self.deferred: list | None = None

    def push(self, data: str) -> None:
        if self.deferred is not None:  # while a request is handled: its reply goes first
            self.deferred.append(data)
            return
        if self.closed:
            return
        if self.queue.qsize() > self.MAX_QUEUE:
            log.warning("closing slow market connection %s", self.path)
            self.closed = True
            self.queue.put_nowait(None)
            return
        self.queue.put_nowait(data)

    def push_stream(self, name: str, payload: str) -> None:
        if self.combined:
            self.push('{"stream":"' + name + '","data":' + payload + "}")
        else:
            self.push(payload)


def dumps(obj) -> str:
    return orjson.dumps(obj).decode()


class StreamHub:
    """Subscriptions and fan-out for the market streams of one market type."""

    def __init__(self, core, market: str) -> None:
        self.core = core
        self.market = market
        self.subs: dict[str, set[MarketConn]] = {}
        self.specs: dict[str, StreamSpec] = {}
        self.conns: set[MarketConn] = set()
        self.diffs: dict[str, deque] = {}
        self.last_diff: dict[str, object] = {}

    @property
    def symbols(self) -> dict:
        return self.core.instruments[self.market]

    def watched_symbols(self) -> set:
        """Symbols with at least one subscribed stream."""
        return {spec.symbol for spec in self.specs.values()}

    def parse(self, name: str) -> StreamSpec:
        return parse_stream(name, self.market, self.symbols, self.core.tick_ms)

    def subscribe(self, conn: MarketConn, spec: StreamSpec) -> None:
        conn.streams[spec.name] = spec
        self.subs.setdefault(spec.name, set()).add(conn)
        self.specs[spec.name] = spec
        if spec.kind in ("kline", "markPrice_kline", "indexPrice_kline"):
            self.core.models[self.market][spec.symbol].candle(spec.interval)
        burst = self.core.burst
        if burst and spec.symbol is not None and spec.kind in BURST_KINDS:
            # replay on the ordinary URL: this subscription first gets ``burst`` frames of its stream
            # as fast as the client reads (after the SUBSCRIBE reply), then the live stream
            inst = self.core.instruments[self.market][spec.symbol]
            payloads = render_stream(inst, spec.kind, spec.interval, burst, self.core.seed, self.core.now(),
                                     self.core.tick_ms)
            conn.push(burst_writer(payloads, spec.name, conn.combined))

    def unsubscribe(self, conn: MarketConn, name: str) -> None:
        conn.streams.pop(name, None)
        s = self.subs.get(name)
        if s is not None:
            s.discard(conn)
            if not s:
                del self.subs[name]
                self.specs.pop(name, None)

    def drop(self, conn: MarketConn) -> None:
        for name in list(conn.streams):
            self.unsubscribe(conn, name)
        self.conns.discard(conn)

    # ------------------------------------------------------------ fan-out
    def publish(self, tick_no: int, now: int, events: dict[str, TickEvents]) -> None:
        """Render every subscribed stream for this tick and queue it."""
        for sym, ev in events.items():
            dq = self.diffs.get(sym)
            if dq is None:
                dq = self.diffs[sym] = deque(maxlen=64)
            if ev.diff is not None:
                dq.append((tick_no, ev.diff))
                self.last_diff[sym] = ev.diff
        if not self.subs:
            return
        faults = self.core.faults
        models: dict[str, MarketModel] = self.core.models[self.market]
        for name, conns in list(self.subs.items()):
            spec = self.specs[name]
            kind = spec.kind
            if kind == "kline" and spec.symbol is not None:
                ev = events.get(spec.symbol)
                if ev is not None:
                    for c in ev.closed:
                        if c.interval == spec.interval:
                            payload = dumps(P.kline_event(models[spec.symbol].inst, c, now))
                            for conn in conns:
                                conn.push_stream(name, payload)
            if spec.period > 1 and tick_no % spec.period:
                continue
            out: list[str] = []
            if spec.symbol is not None:
                model = models[spec.symbol]
                inst = model.inst
                ev = events.get(spec.symbol)
                if kind == "depth":
                    diffs = [d for t, d in self.diffs.get(spec.symbol, ()) if t > tick_no - spec.period]
                    d = P.merge_diffs(diffs)
                    if d is not None:
                        if faults.take_gap(self.market, spec.symbol):
                            continue
                        out.append(dumps(P.depth_update(inst, d, now)))
                elif kind == "partial":
                    out.append(dumps(P.partial_depth(model, spec.levels, now, self.last_diff.get(spec.symbol))))
                elif ev is None:
                    continue
                elif kind == "trade":
                    out.extend(dumps(P.trade_event(inst, t, now)) for t in ev.trades)
                elif kind == "aggTrade":
                    out.extend(dumps(P.agg_trade_event(inst, a, now)) for a in ev.aggs)
                elif kind == "kline":
                    out.append(dumps(P.kline_event(inst, model.candle(spec.interval, now), now)))
                elif kind == "ticker":
                    out.append(dumps(P.ticker_event(model, now)))
                elif kind == "window":
                    out.append(dumps(P.window_ticker_event(model, spec.interval, now)))
                elif kind in ("markPrice_kline", "indexPrice_kline"):
                    out.append(dumps(P.price_kline_event(model, model.candle(spec.interval, now), kind, now)))
                elif kind == "miniTicker":
                    out.append(dumps(P.mini_ticker_event(model, now)))
                elif kind == "bookTicker":
                    if ev.diff is not None:
                        out.append(dumps(P.book_ticker_event(model, now)))
                elif kind == "markPrice":
                    out.append(dumps(P.mark_price_event(model, now)))
                elif kind == "forceOrder":
                    if ev.liquidation is not None:
                        out.append(dumps(P.force_order_event(inst, ev.liquidation, now)))
            else:
                if kind == "ticker_arr":
                    out.append(dumps([P.ticker_event(m, now) for m in models.values()]))
                elif kind == "window_arr":
                    out.append(dumps([P.window_ticker_event(m, spec.interval, now) for m in models.values()]))
                elif kind == "miniTicker_arr":
                    out.append(dumps([P.mini_ticker_event(m, now) for m in models.values()]))
                elif kind == "markPrice_arr":
                    out.append(dumps([P.mark_price_event(m, now) for m in models.values()]))
                elif kind == "forceOrder_arr":
                    for sym, ev in events.items():
                        if ev.liquidation is not None:
                            out.append(dumps(P.force_order_event(models[sym].inst, ev.liquidation, now)))
                elif kind == "bookTicker_arr":
                    for sym, ev in events.items():
                        if ev.diff is not None:
                            out.append(dumps(P.book_ticker_event(models[sym], now)))
            for payload in out:
                for conn in conns:
                    conn.push_stream(name, payload)

    # ------------------------------------------------------------ control frames
    def handle_request(self, conn: MarketConn, text: str) -> str | None:
        """Answer one client frame; returns the reply text (None for no reply)."""
        try:
            msg = orjson.loads(text)
        except orjson.JSONDecodeError:
            return dumps({"error": {"code": 3, "msg": "Invalid JSON: expected value at line 1 column 1"}})
        if not isinstance(msg, dict):
            return dumps({"error": {"code": 3, "msg": "Invalid JSON: expected an object"}})
        rid = msg.get("id")
        if "method" not in msg:
            return dumps({"error": {"code": 2, "msg": "Invalid request: missing field `method`"}, "id": rid})
        if rid is not None and not (isinstance(rid, int) and rid >= 0) and not isinstance(rid, str):
            return dumps({"error": {"code": 2, "msg": "Invalid request: request ID must be an unsigned integer"}, "id": None})
        method = msg["method"]
        params = msg.get("params", [])
        injected = self.core.faults.take_error_reply(method)
        if injected is not None:
            code, text_ = injected
            return dumps({"error": {"code": code, "msg": text_}, "id": rid})
        if method in ("SUBSCRIBE", "UNSUBSCRIBE"):
            if not isinstance(params, list) or not all(isinstance(p, str) for p in params):
                return dumps({"error": {"code": 2, "msg": "Invalid request: params must be a list of stream names"}, "id": rid})
            if len(conn.streams) + len(params) > 1024 and method == "SUBSCRIBE":
                return dumps({"error": {"code": 2, "msg": "Invalid request: too many streams"}, "id": rid})
            specs = []
            for p in params:
                if method == "SUBSCRIBE" and self.core.userdata.attach_market_conn(conn, p):
                    continue
                try:
                    specs.append(self.parse(p))
                except StreamError:
                    if method == "UNSUBSCRIBE":
                        continue
                    log.info("rejected stream name %r", p)
                    return dumps({"error": {"code": 2, "msg": f"Invalid request: unknown stream '{p}'"}, "id": rid})
            for s in specs:
                if method == "SUBSCRIBE":
                    self.subscribe(conn, s)
                else:
                    self.unsubscribe(conn, s.name)
            return dumps({"result": None, "id": rid})
        if method == "LIST_SUBSCRIPTIONS":
            return dumps({"result": list(conn.streams) + sorted(conn.user_keys), "id": rid})
        if method == "SET_PROPERTY":
            if not (isinstance(params, list) and len(params) == 2 and params[0] == "combined"):
                return dumps({"error": {"code": 0, "msg": "Unknown property"}, "id": rid})
            if not isinstance(params[1], bool):
                return dumps({"error": {"code": 1, "msg": "Invalid value type: expected Boolean"}, "id": rid})
            conn.combined = params[1]
            return dumps({"result": None, "id": rid})
        if method == "GET_PROPERTY":
            if params != ["combined"]:
                return dumps({"error": {"code": 0, "msg": "Unknown property"}, "id": rid})
            return dumps({"result": conn.combined, "id": rid})
        return dumps({"error": {"code": 2, "msg": f"Invalid request: unknown variant `{method}`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`"}, "id": rid})


async def serve_conn(core, ws: web.WebSocketResponse, conn: MarketConn, on_text,
                     ping_interval: float | None = None, pong_timeout: float = 60.0,
                     lifetime: float | None = None) -> None:
    """Pump one websocket: writer task drains ``conn.queue``; reader answers frames and pings.

    With ``ping_interval`` the server pings like Binance does and closes the
    connection when no pong arrived within ``pong_timeout``. After ``lifetime``
    seconds the connection is closed normally, as Binance does after 24 hours.
    """
    from .faults import expire

    core.faults.register(conn)
    loop = asyncio.get_running_loop()
    expiry = loop.call_later(lifetime, expire, conn) if lifetime else None
    last_pong = loop.time()

    async def pinger() -> None:
        n = 0
        while not conn.closed:
            await asyncio.sleep(ping_interval)
            if loop.time() - last_pong > pong_timeout + ping_interval:
                log.info("no pong on %s, closing", conn.path)
                conn.closed = True
                await ws.close(code=1008, message=b"pong timeout")
                return
            n += 1
            try:
                await ws.ping(str(n).encode())
            except Exception:
                return

    faults = core.faults

    async def writer() -> None:
        try:
            while True:
                data = await conn.queue.get()
                if data is None:
                    break
                if isinstance(data, tuple):  # control item from faults
                    await data[0](ws)
                    continue
                if faults.stalled and faults.is_stalled(conn):  # a stall: the data stops, unsent
                    continue
                await ws.send_str(data)
                if faults.record is not None:  # what was sent, for lost/duplicate checks
                    faults.sent(conn, data)
        except (ConnectionResetError, RuntimeError):
            pass
        finally:
            conn.closed = True
            if not ws.closed:
                await ws.close()

    wt = asyncio.create_task(writer())
    pt = asyncio.create_task(pinger()) if ping_interval else None
    try:
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                conn.deferred = []
                try:
                    reply = on_text(msg.data)
                finally:
                    events, conn.deferred = conn.deferred, None
                if reply is not None:
                    conn.push(reply)
                for e in events:
                    conn.push(e)
            elif msg.type == WSMsgType.PING:
                if faults.muted and faults.pongs_muted(conn):  # a stall without pongs
                    continue
                delay = core.faults.pong_delay
                if delay:
                    asyncio.get_running_loop().call_later(delay, _pong_later, ws, msg.data)
                else:
                    await ws.pong(msg.data)
            elif msg.type == WSMsgType.PONG:
                last_pong = loop.time()
            elif msg.type == WSMsgType.BINARY:
                conn.push(dumps({"error": {"code": 3, "msg": "Invalid JSON: binary frames are not supported"}}))
            elif msg.type in (WSMsgType.CLOSE, WSMsgType.ERROR):
                break
    finally:
        conn.closed = True
        conn.queue.put_nowait(None)
        core.faults.unregister(conn)
        if pt is not None:
            pt.cancel()
        if expiry is not None:
            expiry.cancel()
        try:
            await asyncio.wait_for(wt, 2)
        except (asyncio.TimeoutError, Exception):
            wt.cancel()


def _pong_later(ws: web.WebSocketResponse, data: bytes) -> None:
    if not ws.closed:
        asyncio.ensure_future(_safe_pong(ws, data))


async def _safe_pong(ws, data) -> None:
    try:
        await ws.pong(data)
    except Exception:
        pass
