"""The ``aiohttp`` adapter (CCXT's own library): one session per connection, pings and
pongs handled here so the client's keepalive sees them."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from ...errors import NetworkError
from ..transport import DialOptions, OnClosed, OnFrame, OnPong, join_reader

_TEXT, _BINARY = aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY
_PING, _PONG = aiohttp.WSMsgType.PING, aiohttp.WSMsgType.PONG
_ENDS = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)


class AiohttpTransport:
    name = "aiohttp"

    def __init__(self, session: aiohttp.ClientSession, ws: Any, on_frame: OnFrame, on_pong: OnPong,
                 on_closed: OnClosed) -> None:
        self._session = session
        self._ws = ws
        self._on_pong = on_pong
        self._on_closed = on_closed
        self._reader = asyncio.ensure_future(self._read(on_frame))

    async def _read(self, on_frame: OnFrame) -> None:
        ws = self._ws
        error: BaseException | None = None
        try:
            while True:
                msg = await ws.receive()
                kind = msg.type
                if kind is _TEXT or kind is _BINARY:
                    on_frame(msg.data)
                elif kind is _PING:
                    await ws.pong(msg.data)
                elif kind is _PONG:
                    self._on_pong()
                elif kind in _ENDS:
                    if kind is aiohttp.WSMsgType.ERROR:
                        error = NetworkError(f"{type(msg.data).__name__}: {msg.data}")
                    break
        except asyncio.CancelledError:
            self._on_closed(None, "", NetworkError("reader cancelled"))
            await self._session.close()
            raise
        except Exception as e:
            error = NetworkError(f"{type(e).__name__}: {e}")
        code = ws.close_code if error is None else None
        self._on_closed(code if code is not None or error is not None else 1006, "", error)
        await self._session.close()

    async def send(self, text: str) -> None:
        try:
            await self._ws.send_str(text)
        except (ConnectionError, RuntimeError, aiohttp.ClientError) as e:
            raise NetworkError(f"connection closed ({type(e).__name__})") from None

    async def ping(self) -> None:
        await self._ws.ping()

    async def close(self, code: int = 1000) -> None:
        try:
            await self._ws.close(code=code)
        except Exception:  # already gone: nothing left to close
            pass
        await join_reader(self._reader)
        await self._session.close()


async def dial(url: str, options: DialOptions, on_frame: OnFrame, on_pong: OnPong,
               on_closed: OnClosed) -> AiohttpTransport:
    session = aiohttp.ClientSession()
    try:
        ws = await session.ws_connect(
            url,
            autoping=False,  # pings and pongs go through the reader, so keepalive sees pongs
            heartbeat=None,
            headers=options.headers,
            max_msg_size=options.max_size,
            compress=15 if options.compression == "deflate" else 0,
            timeout=aiohttp.ClientWSTimeout(ws_close=options.close_timeout),
        )
    except BaseException:
        await session.close()
        raise
    return AiohttpTransport(session, ws, on_frame, on_pong, on_closed)
