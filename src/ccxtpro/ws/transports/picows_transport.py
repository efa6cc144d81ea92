"""The ``picows`` adapter (Cython, the fastest): frames are pushed from the protocol's
callback, payloads handed on as memoryviews of the receive buffer (no copy; the client
decodes them during the call)."""

from __future__ import annotations

import asyncio
from typing import Any

from picows import WSCloseCode, WSListener, WSMsgType, ws_connect

from ...errors import NetworkError
from ..transport import DialOptions, OnClosed, OnFrame, OnPong

_TEXT, _BINARY, _CONT = WSMsgType.TEXT, WSMsgType.BINARY, WSMsgType.CONTINUATION
_PONG, _CLOSE = WSMsgType.PONG, WSMsgType.CLOSE


class _Listener(WSListener):
    """picows calls these from its protocol; they forward to the client's callbacks."""

    def __init__(self, on_frame: OnFrame, on_pong: OnPong, on_closed: OnClosed) -> None:
        super().__init__()
        self.on_frame = on_frame
        self.on_pong = on_pong
        self.on_closed = on_closed
        self.parts: list[bytes] | None = None  # a fragmented message being reassembled
        self.code: int | None = None
        self.reason = ""
        self.ended = False

    def on_ws_frame(self, transport: Any, frame: Any) -> None:
        kind = frame.msg_type
        if kind is _TEXT or kind is _BINARY:
            if frame.fin:
                self.on_frame(frame.get_payload_as_memoryview())
            else:
                self.parts = [frame.get_payload_as_bytes()]
        elif kind is _CONT and self.parts is not None:
            self.parts.append(frame.get_payload_as_bytes())
            if frame.fin:
                data, self.parts = b"".join(self.parts), None
                self.on_frame(data)
        elif kind is _PONG:
            self.on_pong()
        elif kind is _CLOSE:
            self.code = frame.get_close_code()
            self.reason = frame.get_close_message() or b""
            if isinstance(self.reason, (bytes, bytearray)):
                self.reason = self.reason.decode("utf-8", "replace")
            transport.send_close(self.code)
            transport.disconnect()

    def on_ws_disconnected(self, transport: Any) -> None:
        if not self.ended:
            self.ended = True
            code = self.code
            if isinstance(code, WSCloseCode):
                code = int(code)
            self.on_closed(code if code is not None else 1006, self.reason or ("" if code else "no close frame"), None)


class PicowsTransport:
    name = "picows"

    def __init__(self, transport: Any, listener: _Listener) -> None:
        self._transport = transport
        self._listener = listener

    async def send(self, text: str) -> None:
        if self._transport.is_disconnected or self._listener.ended:
            raise NetworkError("connection closed")
        self._transport.send(_TEXT, text.encode())

    async def ping(self) -> None:
        self._transport.send_ping()

    async def close(self, code: int = 1000) -> None:
        transport = self._transport
        if not transport.is_disconnected:
            try:
                transport.send_close(WSCloseCode(code))
            except Exception:  # an unusual code: close anyway
                pass
            transport.disconnect()
        try:
            await asyncio.wait_for(transport.wait_disconnected(), 2)
        except (Exception, asyncio.CancelledError):
            pass


async def dial(url: str, options: DialOptions, on_frame: OnFrame, on_pong: OnPong,
               on_closed: OnClosed) -> PicowsTransport:
    listener_box: list[_Listener] = []

    def make() -> _Listener:
        listener = _Listener(on_frame, on_pong, on_closed)
        listener_box.append(listener)
        return listener

    transport, _ = await ws_connect(
        make, url,
        websocket_handshake_timeout=None,  # the client times the dial
        logger_name=options.logger,
        enable_auto_ping=False,  # keepalive is the client's
        enable_auto_pong=True,
        max_frame_size=options.max_size,
        extra_headers=options.headers,
    )
    return PicowsTransport(transport, listener_box[0])
