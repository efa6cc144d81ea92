"""The ``websockets`` adapter (the default): a reader task pulls messages and pushes them on."""

from __future__ import annotations

import asyncio
from typing import Any

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from ...errors import NetworkError
from ..transport import DialOptions, OnClosed, OnFrame, OnPong, join_reader


class WebsocketsTransport:
    name = "websockets"

    def __init__(self, ws: Any, on_frame: OnFrame, on_pong: OnPong, on_closed: OnClosed) -> None:
        self._ws = ws
        self._on_pong = on_pong
        self._on_closed = on_closed
        self._reader = asyncio.ensure_future(self._read(on_frame))

    async def _read(self, on_frame: OnFrame) -> None:
        ws = self._ws
        try:
            async for data in ws:
                on_frame(data)
        except ConnectionClosed as e:
            frame = e.rcvd or e.sent
            self._on_closed(frame.code if frame else 1006, frame.reason if frame else "no close frame", None)
        except asyncio.CancelledError:
            self._on_closed(None, "", NetworkError("reader cancelled"))
            raise
        except Exception as e:
            self._on_closed(None, "", NetworkError(f"{type(e).__name__}: {e}"))
        else:
            self._on_closed(ws.close_code, ws.close_reason or "", None)

    async def send(self, text: str) -> None:
        try:
            await self._ws.send(text)
        except ConnectionClosed as e:
            raise NetworkError(f"connection closed ({e})") from None

    async def ping(self) -> None:
        waiter = await self._ws.ping()
        waiter.add_done_callback(self._pong)

    def _pong(self, fut: asyncio.Future) -> None:
        if not fut.cancelled() and fut.exception() is None:
            self._on_pong()

    async def close(self, code: int = 1000) -> None:
        try:
            await self._ws.close(code)
        except Exception:  # already gone: nothing left to close
            pass
        await join_reader(self._reader)


async def dial(url: str, options: DialOptions, on_frame: OnFrame, on_pong: OnPong,
               on_closed: OnClosed) -> WebsocketsTransport:
    ws = await connect(
        url,
        ping_interval=None,  # keepalive is the client's (ConnectionState decides)
        ping_timeout=None,
        close_timeout=options.close_timeout,
        compression=options.compression,
        max_size=options.max_size,
        max_queue=options.extra.get("maxQueue", 256),
        additional_headers=options.headers,
        open_timeout=None,  # the client times the dial
        logger=options.logger,
    )
    return WebsocketsTransport(ws, on_frame, on_pong, on_closed)
