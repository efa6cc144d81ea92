"""The asyncio side of one websocket connection, over a pluggable transport.

A thin adapter: it dials through the chosen transport (:mod:`ccxtpro.ws.transport`:
``websockets``, ``aiohttp`` or ``picows``), decodes the frames the transport
pushes and hands them on, runs the keepalive timer, and carries out what
:class:`~ccxtpro.ws.protocol.ConnectionState` decides. The attributes and methods generated CCXT code touches
(``url``, ``futures``, ``subscriptions``, ``rejections``, ``future()``,
``resolve()``, ``reject()``, ``reset()``, ``send()``, ``lastPong``…) are
CCXT Pro's.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import orjson
from ..errors import NetworkError, NotSupported, RequestTimeout
from ..redact import RedactingLogger
from ..throttle import Throttler
from .future import Future
from .observer import ConnectionObserver
from . import rotation
from .protocol import ConnectionState
from .telemetry import logger
from .transport import DialOptions
from .transport import choose as choose_transport
from .transport import dialer as transport_dialer

_loads = orjson.loads
_time = time.time
_JSONDecodeError = orjson.JSONDecodeError


def _now() -> float:
    return time.time() * 1000.0


class WsClient:
    """One websocket connection, for one URL, for its whole life (no reuse:
    after it closes, the manager makes a fresh client for the next watch)."""

    def __init__(self, url: str, manager: ConnectionObserver, on_message: Callable[[Any, Any], Any],
                 on_text: Callable[[Any, str], bool] | None = None, *,
                 on_raw: Callable[[Any, Any], bool] | None = None, keepalive_ms: float = 0,
                 max_pong_misses: float = 2.0, connect_timeout_ms: float = 10_000,
                 ping: Callable[[Any], Any] | None = None, options: dict[str, Any] | None = None,
                 rate_limit_ms: float = 0, rate_capacity: float = 1.0, send_cost: float = 1,
                 stale_floor_ms: float = 0, stale_factor: float = 20.0, transport: str | None = None,
                 rotation: Any = None) -> None:
        self.url = url
        self.state = ConnectionState(url, keepalive_ms, max_pong_misses, stale_floor_ms, stale_factor)
        self.futures = self.state.futures
        self.subscriptions = self.state.subscriptions
        self.rejections = self.state.rejections
        self.options = dict(options or {})
        self.connect_timeout_ms = connect_timeout_ms
        self.ping = ping
        # paces subscribe/request sends like CCXT's per-client throttle
        self.throttle: Throttler | None = Throttler(rate_limit_ms, rate_capacity) if rate_limit_ms > 0 else None
        self.send_cost = send_cost
        self.transport = transport
        #: message hash -> the ``stream_*`` backlogs fed with its updates (:mod:`.backlog`)
        self.listeners: dict[Any, list[Any]] = {}
        self.listening: Any = None  # the marker those hashes keep in ``futures``
        self.connected = Future()
        self.connected.add_done_callback(_consume)
        self.connection: Any = None
        self._manager = manager
        self._redactor = manager.redactor
        self._telemetry = manager.telemetry
        self._on_message = on_message
        self._on_text = on_text
        self._on_raw = on_raw
        self._keepalive: asyncio.Task | None = None
        self._opener: asyncio.Task | None = None
        # planned reconnects (:mod:`ccxtpro.ws.rotation`): the policy, the armed timer or the
        # running rotation, how many were done, the subscribe message of each subscribe hash
        # (recorded by ``watch``), and the tap list of the connection in use (``frame_handler``)
        self.rotation_policy = rotation
        self.rotation_task: Any = None
        self.rotations = 0
        self.replay: dict[Any, Any] = {}
        self.gate: list[Callable[[Any], bool]] = []

    def __repr__(self) -> str:
        return f"<WsClient {self.safe_url} {self.state.phase.value}>"

    @property
    def safe_url(self) -> str:
        """The URL fit for a message or a log (a listen key in it is masked)."""
        return self._redactor.url(self.url)

    # -- CCXT Pro client API -----------------------------------------------------

    @property
    def verbose(self) -> bool:
        return self._manager.verbose

    @property
    def isConnected(self) -> bool:
        return self.state.is_open

    @property
    def lastPong(self) -> float | None:
        return self.state.last_pong

    @lastPong.setter
    def lastPong(self, value: float) -> None:
        # generated pong handlers assign this when a text pong arrives
        self.state.pong_received(value)

    @property
    def keepAlive(self) -> float:
        return self.state.keepalive_ms

    @keepAlive.setter
    def keepAlive(self, value: float) -> None:
        self.state.keepalive_ms = value

    @property
    def error(self) -> BaseException | None:
        return self.state.error

    def future(self, message_hash: Any) -> Future:
        """The waiter for ``message_hash``, shared by everyone waiting on it (a
        ``stream_*`` iterator waits through its own backlog instead)."""
        fut = self.futures.get(message_hash)
        if fut is None or fut.done():
            fut = Future()
            self.futures[message_hash] = fut
            if self.state.rejections:
                parked = self.state.parked_rejection(message_hash)
                if parked is not None:
                    del self.futures[message_hash]
                    fut.reject(parked)
        return fut

    reusableFuture = future
    reusable_future = future

    def resolve(self, result: Any, message_hash: Any) -> Any:
        fut = self.futures.pop(message_hash, None)
        waited = fut is not None and not fut.done()
        if waited:
            fut.set_result(result)
        listeners = self.listeners.get(message_hash) if self.listeners else None
        if listeners:
            self.futures[message_hash] = self.listening
            for backlog in listeners:
                backlog.put(message_hash, result)
        if (waited or listeners) and self._telemetry.active:
            self._telemetry.emit("resolve", self.url, message_hash=message_hash)
        return result

    def reject(self, error: BaseException, message_hash: Any = None) -> BaseException:
        """Fail the waiter of ``message_hash``, or every waiter when it is
        ``None``. An error for a hash nobody waits on yet is parked (bounded)
        for the next waiter, as CCXT Pro does."""
        if not isinstance(error, BaseException):
            error = NetworkError(str(error))
        self._redactor.exception(error)
        if message_hash is None:
            waiters = [fut for fut in self.state.take_all_waiters() if not fut.done()]
            for fut in waiters:
                fut.reject(error)
            if waiters and self._telemetry.active:
                self._telemetry.emit("reject", self.url, message_hash=None, error=error, count=len(waiters))
            self._fail_listeners(error)
            return error
        fut = self.futures.pop(message_hash, None)
        count = 0
        if fut is not None and not fut.done():
            fut.reject(error)
            count = 1
        else:
            self.state.park_rejection(message_hash, error)
        listeners = self.listeners.get(message_hash) if self.listeners else None
        if listeners:
            for backlog in list(listeners):
                backlog.fail(error, message_hash)
            count += len(listeners)
        if count and self._telemetry.active:
            self._telemetry.emit("reject", self.url, message_hash=message_hash, error=error, count=count)
        return error

    def _fail_listeners(self, error: BaseException) -> None:
        """Every stream listening here gets ``error`` in its place (once each)."""
        if self.listeners:
            seen: list[Any] = []
            for listeners in list(self.listeners.values()):
                for backlog in listeners:
                    if backlog not in seen:
                        seen.append(backlog)
                        backlog.fail(error)

    def reset(self, error: Any) -> None:
        """Reject every waiter (teardown after an unrecoverable state)."""
        self.reject(error if isinstance(error, BaseException) else NetworkError(str(error)))

    async def send(self, message: Any) -> None:
        """Send a frame (a str as is, anything else as JSON)."""
        ws = self.connection
        if ws is None or not self.state.is_open:
            raise NetworkError(f"cannot send on {self.safe_url}: the connection is not open")
        text = message if isinstance(message, str) else orjson.dumps(message).decode()
        manager = self._manager
        if manager.verbose:
            logger.info("%s send %s", self.safe_url, self._redactor.loggable(message))
        if self._telemetry.active:
            self._telemetry.emit("send", self.url, message=message)
        try:
            await ws.send(text)
        except NetworkError as e:
            raise self._redactor.exception(NetworkError(f"cannot send on {self.safe_url}: {e}")) from None
        self.state.frame_sent()

    def send_soon(self, message: Any) -> None:
        """Send ``message`` (a subscription) as soon as the connection is open,
        paced by the client's throttle; a failed send ends the connection."""
        if self.state.send_when_open(message):
            asyncio.ensure_future(self._send_paced(message))

    async def _send_paced(self, message: Any) -> None:
        try:
            if self.throttle is not None:
                await self.throttle(self.send_cost)
            await self.send(message)
        except Exception as e:
            if self.state.is_open:
                self.fail(e if isinstance(e, NetworkError) else NetworkError(f"send failed on {self.safe_url}: {e}"))

    def closed(self) -> bool:
        return self.state.is_closed or self.connection is None

    # -- lifecycle -------------------------------------------------------------

    def connect(self, delay: float = 0.0) -> Future:
        """Start dialing (once) after ``delay`` seconds; returns the future that
        settles when the connection is open or has failed."""
        if self.state.start_connecting(_now()):
            self._opener = asyncio.ensure_future(self._open(delay))
        return self.connected

    async def _open(self, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            if self.state.is_closed:
                return
            gate = self.gate

            def closed(code: int | None, reason: str, error: BaseException | None) -> None:
                if self.gate is gate:  # else a planned reconnect replaced this connection
                    self._transport_closed(code, reason, error)

            self.connection = await self.dial(self.frame_handler(gate), closed)
        except asyncio.CancelledError:
            self._finish(None, "", NetworkError(f"connection to {self.safe_url} cancelled"))
            raise
        except (asyncio.TimeoutError, TimeoutError):
            self._finish(None, "", RequestTimeout(f"connection to {self.safe_url} timed out"))
            return
        except NotSupported as e:  # an unknown or uninstalled transport: fail the waiters, no retry fixes it
            self._finish(None, "", e)
            return
        except Exception as e:
            self._finish(None, "", NetworkError(f"connection to {self.safe_url} failed: {type(e).__name__}: {e}"))
            return
        if self.state.is_closed:  # closed by the user while dialing, or already dropped
            await self.connection.close()
            return
        waiting = self.state.connected(_now())
        if self.state.keepalive_ms or self.state.stale_floor_ms:
            self._keepalive = asyncio.ensure_future(self._keep_alive())
        self._manager.client_connected(self)
        self.connected.resolve(self.url)
        for message in waiting:
            asyncio.ensure_future(self._send_paced(message))
        if self.rotation_policy is not None:
            rotation.schedule(self)

    async def dial(self, on_frame: Callable[[Any], None],
                   on_closed: Callable[[int | None, str, BaseException | None], None]) -> Any:
        """Open a transport connection to the URL (within the connect timeout)."""
        timeout = self.connect_timeout_ms / 1000 if self.connect_timeout_ms else None
        name = choose_transport(self.transport)
        dial = transport_dialer(name)
        options = DialOptions(
            headers=self.options.get("headers"),
            max_size=self.options.get("maxSize", 2**24),
            compression=self.options.get("compression"),
            close_timeout=self.options.get("closeTimeout", 2),
            # the library's own records, redacted: e.g. websockets logs the request line
            logger=RedactingLogger(logging.getLogger(f"{name}.client"), self._redactor),
            extra=self.options,
        )
        return await asyncio.wait_for(dial(self.url, options, on_frame, self._pong_arrived, on_closed), timeout)

    def frame_handler(self, gate: list[Callable[[Any], bool]]) -> Callable[[Any], None]:
        """The per-frame path of one transport connection; while ``gate`` holds a
        tap (a planned reconnect), the tap sees each frame first and True drops it."""
        return self._frame_handler(gate)

    def _frame_handler(self, gate: list[Callable[[Any], bool]] | None = None) -> Callable[[Any], None]:
        """The per-frame path, a closure over what it needs: the transport calls it
        with each message (``str``, ``bytes``, or a ``memoryview`` valid during the
        call), and it is decoded and dispatched synchronously, so frames already
        buffered are drained without yielding. A plugin's ``raw_frame`` taker, if
        any, is offered the frame first, undecoded (``WsMixin``: ``on_raw``)."""
        state = self.state
        telemetry = self._telemetry
        manager = self._manager
        on_message = self._on_message
        on_raw = self._on_raw
        loads = _loads
        frame_received = state.frame_received

        if gate is None:
            gate = []

        def on_frame(data: Any) -> None:
            if gate and gate[0](data):
                return
            frame_received(_time() * 1000.0)
            if telemetry.messages or manager.verbose:
                data = data if isinstance(data, (str, bytes)) else bytes(data)
                if telemetry.messages:
                    telemetry.emit("message", self.url, message=data)
                if manager.verbose:
                    logger.info("%s recv %s", self.safe_url, self._redactor.loggable(data))
            if on_raw is not None:
                try:
                    if on_raw(self, data):
                        return
                except Exception as e:  # as for a handler: the connection goes on
                    self._handler_failed(e, data if isinstance(data, (str, bytes)) else bytes(data))
                    return
            try:
                message = loads(data)
            except _JSONDecodeError as e:
                self._invalid_frame(data, e)
                return
            try:
                on_message(self, message)
            except Exception as e:  # a handler bug must not kill the connection
                self._handler_failed(e, message)

        return on_frame

    def _transport_closed(self, code: int | None, reason: str, error: BaseException | None) -> None:
        if error is not None and not isinstance(error, NetworkError):
            error = NetworkError(f"connection to {self.safe_url} failed: {type(error).__name__}: {error}")
        elif error is not None:
            error = NetworkError(f"connection to {self.safe_url} failed: {error}")
        self._finish(code, reason, error)

    def _invalid_frame(self, data: Any, exc: BaseException) -> None:
        if not isinstance(data, str):
            data = bytes(data).decode("utf-8", "replace")
        if self._on_text is not None and self._on_text(self, data):
            return
        error, first = self.state.invalid_frame(data, "not valid JSON")
        error.__cause__ = exc
        self._redactor.exception(error)
        if self._telemetry.active:
            self._telemetry.emit("error", self.url, error=error, message=data)
        # logged once per connection; connection_info() counts them all
        logger.log(logging.WARNING if first else logging.DEBUG, "%s (later ones on this connection are "
                   "counted in connection_info, logged at DEBUG)" if first else "%s", self._redactor.text(str(error)))

    def _handler_failed(self, exc: BaseException, message: Any) -> None:
        first = self.state.handler_failed()
        if self._telemetry.active:
            self._telemetry.emit("error", self.url, error=exc, message=message)
        logger.log(logging.WARNING if first else logging.DEBUG,
                   "handler failed on a frame from %s: %s: %s", self.safe_url,
                   type(exc).__name__, self._redactor.text(str(exc)))

    async def _keep_alive(self) -> None:
        """Keepalive pings, and the stall watchdog: both decided by the state."""
        state = self.state
        while state.is_open:
            waits = [w for w in (state.next_keepalive_in(_now()), state.next_stale_check_in(_now())) if w is not None]
            if not waits:
                return
            await asyncio.sleep(min(waits) / 1000)
            now = _now()
            if not state.is_open:
                return
            if state.pong_overdue(now):
                self.fail(state.keepalive_error())
                return
            verdict = state.stale_check(now)
            if verdict == "stalled":
                self.fail(state.stale_error(now))
                return
            if verdict == "probe" or state.ping_due(now):
                state.ping_sent(now)
                try:
                    if self.ping is not None:
                        await self.send(self.ping(self))
                    else:
                        await self.connection.ping()
                except Exception as e:
                    if state.is_open:
                        self.fail(e)
                    return

    def _pong_arrived(self) -> None:
        self.state.pong_received(_now())

    def fail(self, error: BaseException) -> None:
        """End the connection because of ``error``: waiters are rejected with it
        now, the socket is closed in the background."""
        ws = self.connection
        self._finish(1006, str(error), error)
        if ws is not None:
            asyncio.ensure_future(ws.close(1011))

    def _finish(self, code: int | None, reason: str, error: BaseException | None) -> None:
        if self.state.is_closed:
            return
        err, waiters = self.state.closed(_now(), code, reason, error)
        self._redactor.exception(err)
        waiters = [fut for fut in waiters if not fut.done()]
        for fut in waiters:
            fut.reject(err)
        self._fail_listeners(err)
        self.listeners.clear()  # the streams listen again on the connection that replaces this one
        if not self.connected.done():
            self.connected.reject(err)
        if self._keepalive is not None and self._keepalive is not asyncio.current_task():
            self._keepalive.cancel()
        if self.rotation_task is not None:
            rotation.cancel(self)
        self._manager.client_closed(self, err, len(waiters))

    async def close(self, code: int = 1000) -> None:
        """Close by the user: waiters fail with ``ExchangeClosedByUser``."""
        self.state.closed_by_user = True
        ws = self.connection
        self._finish(code, "closed by the user", None)
        if self._opener is not None and not self._opener.done():
            self._opener.cancel()
        if ws is not None:
            await ws.close(code)

    def info(self) -> dict[str, Any]:
        info = self.state.info()
        info["rotations"] = self.rotations
        return info


def _consume(fut: asyncio.Future) -> None:
    # the connected future may fail with nobody awaiting it
    if not fut.cancelled():
        fut.exception()
