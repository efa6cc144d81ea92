"""Replay mode: a pre-generated depth-frame sequence served as fast as the client reads.

Frames are rendered once from the seeded market model and pre-encoded as
websocket text frames, so serving is only ``transport.write`` of large chunks
with the transport's flow control: the client's read rate sets the pace.
``/replay?loops=K`` sends the sequence K times, then a normal close.
"""

from __future__ import annotations

import asyncio
import os
import struct
import time

import orjson
from aiohttp import web

from . import payloads as P
from .instruments import SPOT, build_instruments
from .market import MarketModel

_CHUNK_FRAMES = 512


def encode_text_frame(payload: bytes) -> bytes:
    """An unmasked (server-to-client) FIN text frame."""
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x81, n)
    elif n < 65536:
        head = struct.pack("!BBH", 0x81, 126, n)
    else:
        head = struct.pack("!BBQ", 0x81, 127, n)
    return head + payload


class Replay:
    def __init__(self, frames: list[bytes]) -> None:
        self.frames = frames
        self.chunks = [b"".join(encode_text_frame(f) for f in frames[i:i + _CHUNK_FRAMES])
                       for i in range(0, len(frames), _CHUNK_FRAMES)]
        self.served = 0

    @classmethod
    def generate(cls, n: int, seed: int = 1, market: str = SPOT, symbol: str = "BTCUSDT") -> "Replay":
        """``n`` consecutive ``depthUpdate`` frames of one symbol from the market model."""
        now = int(time.time() * 1000)
        inst = build_instruments(now)[market][symbol]
        model = MarketModel(inst, seed, now)
        frames: list[bytes] = []
        while len(frames) < n:
            now += 100
            ev = model.step(now)
            if ev.diff is not None:
                frames.append(orjson.dumps(P.depth_update(inst, ev.diff, now)))
        return cls(frames)

    async def serve(self, request: web.Request) -> web.StreamResponse:
        loops = max(1, int(request.query.get("loops", "1")))
        ws = web.WebSocketResponse(autoping=True, compress=False)
        await ws.prepare(request)
        writer = ws._writer  # the frames are pre-encoded; write them below aiohttp's framing
        transport = request.transport
        protocol = request.protocol
        try:
            for _ in range(loops):
                for chunk in self.chunks:
                    if transport is None or transport.is_closing():
                        return ws
                    transport.write(chunk)
                    if protocol._paused:
                        await protocol._drain_helper()
            self.served += loops * len(self.frames)
            await ws.close(code=1000, message=b"replay done")
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        del writer
        return ws


# -- bursts on the ordinary stream URLs --------------------------------------------------------

#: stream kinds a burst can render (depth chains from the REST snapshot while the live market stands
#: still, i.e. with a long tick: see ``render_stream``)
BURST_KINDS = ("trade", "aggTrade", "bookTicker", "ticker", "miniTicker", "kline", "markPrice", "depth")


def render_stream(inst, kind: str, interval: str, n: int, seed: int, start: int, tick_ms: int) -> list[bytes]:
    """``n`` consecutive frames of one symbol stream, rendered from a market model of their own.

    The model is a fresh one seeded like the simulator's, so a burst is the same for every
    client and never moves the live market (REST answers and other connections see nothing)."""
    model = MarketModel(inst, seed, start)
    if kind == "kline":
        model.candle(interval, start)
    now = start
    out: list[bytes] = []
    while len(out) < n:
        now += tick_ms
        ev = model.step(now)
        if kind == "trade":
            out.extend(orjson.dumps(P.trade_event(inst, t, now)) for t in ev.trades)
        elif kind == "aggTrade":
            out.extend(orjson.dumps(P.agg_trade_event(inst, a, now)) for a in ev.aggs)
        elif kind == "depth":
            # diffs from the model's own book: they chain from the snapshot the REST API
            # serves while the live market stands still (a simulator started with a long tick)
            if ev.diff is not None:
                out.append(orjson.dumps(P.depth_update(inst, ev.diff, now)))
        elif kind == "bookTicker":
            if ev.diff is not None:
                out.append(orjson.dumps(P.book_ticker_event(model, now)))
        elif kind == "ticker":
            out.append(orjson.dumps(P.ticker_event(model, now)))
        elif kind == "miniTicker":
            out.append(orjson.dumps(P.mini_ticker_event(model, now)))
        elif kind == "kline":
            out.append(orjson.dumps(P.kline_event(inst, model.candle(interval, now), now)))
        elif kind == "markPrice":
            out.append(orjson.dumps(P.mark_price_event(model, now)))
        else:
            raise ValueError(f"no burst for stream kind {kind!r}")
    return out[:n]


def _text_frame(payload: bytes) -> bytes:
    """One unmasked server-to-client text frame (RFC 6455), FIN set."""
    n = len(payload)
    if n < 126:
        header = bytes((0x81, n))
    elif n < 65536:
        header = bytes((0x81, 126)) + n.to_bytes(2, "big")
    else:
        header = bytes((0x81, 127)) + n.to_bytes(8, "big")
    return header + payload


_CHUNK = 256 * 1024  # bytes handed to the socket at a time
#: ``CCXTPRO_SIM_PACED_BURST=1``: one aiohttp send per frame instead: a slower sender, but still
#: faster than CCXT Pro's client reads (see ``CCXTPRO_SIM_BURST_RATE`` for a sender it keeps up with)
PACED = os.environ.get("CCXTPRO_SIM_PACED_BURST", "") not in ("", "0")
#: ``CCXTPRO_SIM_BURST_RATE=F``: send the burst at F frames per second, one frame per socket
#: write, on a clock (0: as fast as the client reads). A client slower than F falls behind and
#: then reads several frames at once; one faster than F reads them one by one (``_paced``).
RATE = float(os.environ.get("CCXTPRO_SIM_BURST_RATE", "") or 0)
_HIGH_WATER = 1024 * 1024  # buffered and unsent: wait for the client to read


def burst_writer(payloads: list[bytes], stream: str, combined: bool, rate: float | None = None):
    """A connection-queue control item sending the frames as fast as the client reads.

    The frames are framed once, up front, and written to the socket in large chunks
    with flow control (the write buffer is let drain above a high-water mark): a
    sender much faster than any client, so a benchmark measures the client, not
    this server. Falls back to aiohttp's per-frame sends when the socket is not at hand.
    With ``rate`` (frames per second; default ``CCXTPRO_SIM_BURST_RATE``) frame ``k`` is
    written at ``k / rate`` seconds after the first, alone (``_paced``)."""
    rate = RATE if rate is None else rate
    if combined:
        prefix = b'{"stream":"' + stream.encode() + b'","data":'
        payloads = [prefix + p + b"}" for p in payloads]
    frames = [_text_frame(p) for p in payloads]
    chunks: list[bytes] = []  # whole frames only: a pong aiohttp writes in between cannot split one
    pending: list[bytes] = []
    size = 0
    for frame in frames:
        pending.append(frame)
        size += len(frame)
        if size >= _CHUNK:
            chunks.append(b"".join(pending))
            pending, size = [], 0
    if pending:
        chunks.append(b"".join(pending))
    texts = [p.decode() for p in payloads]
    frames = frames if rate else []  # kept only for the paced writer

    async def write(ws: web.WebSocketResponse) -> None:
        transport = getattr(getattr(ws, "_writer", None), "transport", None)
        if transport is None or ws.compress or (PACED and not rate):
            for text in texts:
                if ws.closed:
                    return
                await ws.send_str(text)
            return
        if rate:
            await _paced(ws, transport, frames, rate)
            return
        for chunk in chunks:
            while transport.get_write_buffer_size() > _HIGH_WATER:
                if ws.closed or transport.is_closing():
                    return
                await asyncio.sleep(0.0002)
            if ws.closed or transport.is_closing():
                return
            transport.write(chunk)
    return (write,)


async def _paced(ws, transport, frames: list[bytes], rate: float) -> None:
    """Write ``frames`` one at a time, frame ``k`` not before ``k / rate`` seconds after the first.

    A writer that falls behind (its process was not scheduled) sends the late frames one per
    event-loop turn, never joined, and the schedule slips. Waits of 2 ms and more are asyncio
    sleeps; the sub-millisecond rest, below the loop's timer resolution, is a blocking sleep
    after the loop has had its turn: meant for a simulator in its own process, whose loop only
    has a REST snapshot to serve meanwhile, and which stays idle rather than spinning."""
    clock = time.perf_counter
    start = clock()
    for sent, frame in enumerate(frames):
        gap = sent / rate - (clock() - start)
        if gap > 0.002:
            await asyncio.sleep(gap - 0.001)
        await asyncio.sleep(0)
        gap = sent / rate - (clock() - start)
        if gap > 0:
            time.sleep(gap)
        while transport.get_write_buffer_size() > _HIGH_WATER:  # the client stopped reading
            if ws.closed or transport.is_closing():
                return
            await asyncio.sleep(0.001)
        if ws.closed or transport.is_closing():
            return
        transport.write(frame)
