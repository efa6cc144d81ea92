"""Sans-I/O state of one websocket connection, and the reconnect policy.

Nothing here imports asyncio or touches a socket. The asyncio adapter
(:mod:`ccxtpro.ws.client`) feeds events in (connected, frame received, pong,
closed) and asks for decisions (send this subscription? ping now? is the pong
overdue? which waiters must be rejected, with what error?). Waiters are opaque
objects to this module: whatever the adapter stores, it gets back.
"""

from __future__ import annotations

import enum
import random
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from ..errors import BadResponse, ExchangeClosedByUser, NetworkError, NotSupported, RequestTimeout


class Phase(enum.Enum):
    """Where a connection is in its life; it never goes backwards."""

    IDLE = "idle"
    CONNECTING = "connecting"
    OPEN = "open"
    CLOSED = "closed"


#: How many rejections for hashes nobody waits on are kept (oldest dropped).
MAX_PARKED_REJECTIONS = 256

#: Frames a connection must deliver before its pace is trusted for stall detection.
STALE_MIN_FRAMES = 20


class ConnectionState:
    """Everything one connection decides, with the clock passed in (ms).

    ``futures`` (message hash -> waiter), ``subscriptions`` (subscribe hash ->
    subscription) and ``rejections`` (message hash -> error parked for the next
    waiter) are the very dicts CCXT Pro's client exposes; generated code reads
    and writes them directly.
    """

    __slots__ = (
        "url",
        "phase",
        "futures",
        "subscriptions",
        "rejections",
        "keepalive_ms",
        "max_pong_misses",
        "connect_started",
        "connected_at",
        "closed_at",
        "last_frame_at",
        "last_pong",
        "last_ping",
        "frames_received",
        "frames_sent",
        "close_code",
        "close_reason",
        "error",
        "closed_by_user",
        "outbox",
        "invalid_frames",
        "handler_errors",
        "stale_floor_ms",
        "stale_factor",
        "stale_probed_at",
    )

    def __init__(self, url: str, keepalive_ms: float = 0, max_pong_misses: float = 2.0,
                 stale_floor_ms: float = 0, stale_factor: float = 20.0):
        self.url = url
        self.phase = Phase.IDLE
        self.futures: dict[Any, Any] = {}
        self.subscriptions: dict[Any, Any] = {}
        self.rejections: OrderedDict[Any, BaseException] = OrderedDict()
        self.keepalive_ms = keepalive_ms
        self.max_pong_misses = max_pong_misses
        self.connect_started: float | None = None
        self.connected_at: float | None = None
        self.closed_at: float | None = None
        self.last_frame_at: float | None = None
        self.last_pong: float | None = None
        self.last_ping: float | None = None
        self.frames_received = 0
        self.frames_sent = 0
        self.close_code: int | None = None
        self.close_reason = ""
        self.error: BaseException | None = None
        self.closed_by_user = False
        self.outbox: list[Any] = []
        self.invalid_frames = 0
        self.handler_errors = 0
        self.stale_floor_ms = stale_floor_ms
        self.stale_factor = stale_factor
        self.stale_probed_at: float | None = None

    # -- lifecycle ---------------------------------------------------------

    def start_connecting(self, now: float) -> bool:
        """Mark a dial as started; False means one is already under way or done,
        and the caller must not dial again."""
        if self.phase is not Phase.IDLE:
            return False
        self.phase = Phase.CONNECTING
        self.connect_started = now
        return True

    def connected(self, now: float) -> list[Any]:
        """The handshake completed: the caller starts reading and keepalive,
        then sends what this returns, in order: the messages that were
        waiting for the connection (:meth:`send_when_open`)."""
        self.phase = Phase.OPEN
        self.connected_at = now
        self.last_pong = now
        waiting, self.outbox = self.outbox, []
        return waiting

    def send_when_open(self, message: Any) -> bool:
        """True: the connection is open, send ``message`` now. False: it is
        kept, in order, for :meth:`connected` to hand back (or dropped with
        the connection if it never opens)."""
        if self.phase is Phase.OPEN:
            return True
        if self.phase is not Phase.CLOSED:
            self.outbox.append(message)
        return False

    def frame_received(self, now: float) -> None:
        self.frames_received += 1
        self.last_frame_at = now

    def frame_sent(self) -> None:
        self.frames_sent += 1

    def pong_received(self, now: float) -> None:
        self.last_pong = now

    def ping_sent(self, now: float) -> None:
        self.last_ping = now

    @property
    def is_idle(self) -> bool:
        """Never dialed yet."""
        return self.phase is Phase.IDLE

    @property
    def is_open(self) -> bool:
        return self.phase is Phase.OPEN

    @property
    def is_closed(self) -> bool:
        return self.phase is Phase.CLOSED

    def close_error(self, code: int | None, reason: str = "", error: BaseException | None = None) -> BaseException:
        """The error every pending waiter is rejected with when the connection ends."""
        if error is not None:
            if isinstance(error, (NetworkError, ExchangeClosedByUser, NotSupported)):
                return error  # NotSupported: a configuration no retry fixes (an unknown transport)
            return NetworkError(f"connection to {self.url} failed: {error}")
        if self.closed_by_user:
            return ExchangeClosedByUser(f"connection to {self.url} closed by the user")
        detail = f" ({reason})" if reason else ""
        return NetworkError(f"connection to {self.url} closed by the remote side, code {code}{detail}")

    def closed(self, now: float, code: int | None = None, reason: str = "",
               error: BaseException | None = None) -> tuple[BaseException, list[Any]]:
        """The connection ended (or never opened). Returns the error and the
        waiters to reject with it; the caller rejects them. Idempotent: a second
        call returns no waiters."""
        if self.phase is Phase.CLOSED:
            return self.error or self.close_error(code, reason), []
        self.phase = Phase.CLOSED
        self.closed_at = now
        self.close_code = code
        self.close_reason = reason
        err = self.close_error(code, reason, error)
        self.error = err
        self.outbox = []
        return err, self.take_all_waiters()

    # -- keepalive ---------------------------------------------------------

    def ping_due(self, now: float) -> bool:
        """True when the caller should send a ping now (keepalive enabled, open,
        and a keepalive interval has passed since the last ping or open)."""
        if not self.keepalive_ms or self.phase is not Phase.OPEN:
            return False
        since = self.last_ping if self.last_ping is not None else self.connected_at
        return since is None or now - since >= self.keepalive_ms

    def pong_overdue(self, now: float) -> bool:
        """True when too many pongs were missed: the caller must fail the
        connection with :meth:`keepalive_error`."""
        if not self.keepalive_ms or self.phase is not Phase.OPEN or self.last_pong is None:
            return False
        return now - self.last_pong > self.keepalive_ms * self.max_pong_misses

    def keepalive_error(self) -> RequestTimeout:
        return RequestTimeout(f"connection to {self.url} timed out: no pong within the keepalive window")

    def next_keepalive_in(self, now: float) -> float | None:
        """Milliseconds until the caller should check keepalive again, or None
        when keepalive is off."""
        if not self.keepalive_ms:
            return None
        since = self.last_ping if self.last_ping is not None else (self.connected_at or now)
        return max(0.0, since + self.keepalive_ms - now)

    # -- staleness -----------------------------------------------------------
    #
    # A stream can stall with its connection alive (the exchange answers pings
    # but sends no data): keepalive never notices. Once a connection has shown
    # its pace (``STALE_MIN_FRAMES`` frames), a silence much longer than its
    # average gap between frames (``stale_factor`` times, at least
    # ``stale_floor_ms``) is probed with a ping, and twice that silence ends the
    # connection, so the streams reconnect and re-subscribe. Quiet connections
    # (a user-data stream) never show a pace worth watching. Nothing is
    # computed per frame: the pace is read off the counters at check time.

    def stale_threshold(self) -> float | None:
        """Milliseconds of silence that count as a stall, or None (off, not open,
        or not enough frames yet to know the connection's pace)."""
        if (not self.stale_floor_ms or self.phase is not Phase.OPEN or self.frames_received < STALE_MIN_FRAMES
                or self.last_frame_at is None or self.connected_at is None):
            return None
        pace = (self.last_frame_at - self.connected_at) / self.frames_received
        return max(self.stale_floor_ms, self.stale_factor * pace)

    def stale_check(self, now: float) -> str | None:
        """``"probe"``: silent for the threshold, ping once (the caller sends
        it); ``"stalled"``: silent for twice the threshold, pong or not, the
        caller fails the connection with :meth:`stale_error`; None: fine."""
        threshold = self.stale_threshold()
        if threshold is None or self.last_frame_at is None:
            return None
        silent = now - self.last_frame_at
        if silent >= 2 * threshold:
            return "stalled"
        if silent >= threshold and (self.stale_probed_at is None or self.stale_probed_at < self.last_frame_at):
            self.stale_probed_at = now
            return "probe"
        return None

    def next_stale_check_in(self, now: float) -> float | None:
        """Milliseconds until the caller should call :meth:`stale_check`, or None when off."""
        if not self.stale_floor_ms or self.phase is not Phase.OPEN:
            return None
        threshold = self.stale_threshold()
        if threshold is None or self.last_frame_at is None:
            return self.stale_floor_ms  # not armed yet: look again later
        silent = now - self.last_frame_at
        return max(0.0, (threshold if silent < threshold else 2 * threshold) - silent)

    def stale_error(self, now: float) -> RequestTimeout:
        silent = (now - self.last_frame_at) / 1000 if self.last_frame_at is not None else 0.0
        return RequestTimeout(f"connection to {self.url} stalled: no data for {silent:.1f}s "
                              f"(it delivered {self.frames_received} frames before)")

    # -- subscriptions -----------------------------------------------------

    def subscribe(self, subscribe_hash: Any, subscription: Any) -> bool:
        """Record a subscription; True when it is new and the caller must send
        the subscribe message once connected."""
        if self.subscriptions.get(subscribe_hash):
            return False
        self.subscriptions[subscribe_hash] = subscription or True
        return True

    # -- waiters -----------------------------------------------------------

    def parked_rejection(self, message_hash: Any) -> BaseException | None:
        """The error parked for ``message_hash`` (removed), if any: the caller
        rejects the new waiter with it."""
        if not self.rejections:
            return None
        return self.rejections.pop(message_hash, None)

    def park_rejection(self, message_hash: Any, error: BaseException) -> None:
        """Keep an error for a hash nobody waits on yet; bounded, oldest dropped."""
        rejections = self.rejections
        rejections[message_hash] = error
        rejections.move_to_end(message_hash)
        while len(rejections) > MAX_PARKED_REJECTIONS:
            rejections.popitem(last=False)

    def take_all_waiters(self) -> list[Any]:
        """Remove and return every pending waiter; the caller rejects them."""
        waiters = list(self.futures.values())
        self.futures.clear()
        return waiters

    def invalid_frame(self, frame: Any, reason: str) -> tuple[BadResponse, bool]:
        """A frame that cannot be decoded arrived: it is counted, and reported
        (the returned error), not held against the waiters, whose streams may
        be fine (one bad frame must not fail every symbol on the connection).
        The flag says whether it is the connection's first: log that one."""
        self.invalid_frames += 1
        return self.invalid_frame_error(frame, reason), self.invalid_frames == 1

    def handler_failed(self) -> bool:
        """A handler raised on a frame: counted; True for the connection's first."""
        self.handler_errors += 1
        return self.handler_errors == 1

    def invalid_frame_error(self, frame: Any, reason: str) -> BadResponse:
        """The typed error describing a frame that cannot be decoded."""
        text = frame if isinstance(frame, str) else repr(frame)
        if len(text) > 200:
            text = text[:200] + "..."
        return BadResponse(f"invalid frame on {self.url}: {reason}: {text}")

    def info(self) -> dict[str, Any]:
        """A snapshot for ``connection_info(url)``."""
        return {
            "url": self.url,
            "state": self.phase.value,
            "connect_started": self.connect_started,
            "connected_at": self.connected_at,
            "closed_at": self.closed_at,
            "last_frame_at": self.last_frame_at,
            "last_ping": self.last_ping,
            "last_pong": self.last_pong,
            "frames_received": self.frames_received,
            "frames_sent": self.frames_sent,
            "invalid_frames": self.invalid_frames,
            "handler_errors": self.handler_errors,
            "pending": sorted(map(str, self.futures)),
            "subscriptions": sorted(map(str, self.subscriptions)),
            "close_code": self.close_code,
            "error": repr(self.error) if self.error is not None else None,
        }


def backoff(initial: float = 0.05, factor: float = 2.0, max_delay: float = 30.0,
            jitter: float = 0.25, rng: random.Random | None = None) -> Iterator[float]:
    """Reconnect delays in seconds: exponential, capped, each scaled by a random
    factor in ``[1 - jitter, 1 + jitter]`` so many clients do not dial in step.
    The caller sleeps; this only decides."""
    rand = (rng or random.Random()).random
    delay = initial
    while True:
        yield min(max_delay, delay) * (1.0 + jitter * (2.0 * rand() - 1.0))
        delay = min(max_delay, delay * factor)


class ReconnectPolicy:
    """Per-URL memory of failures, so the next dial waits the right delay.

    A connection that stayed open for ``stable_after_ms``, or delivered data
    and stayed open for ``productive_after_ms``, resets the delays: the next
    drop reconnects promptly again. Anything shorter counts as one more
    consecutive failure (a server that answers every dial with one frame and a
    close still meets a growing delay).
    """

    __slots__ = ("initial", "factor", "max_delay", "jitter", "stable_after_ms", "productive_after_ms", "rng",
                 "failures", "_delays", "pending_delay", "reconnects")

    def __init__(self, initial: float = 0.05, factor: float = 2.0, max_delay: float = 30.0,
                 jitter: float = 0.25, stable_after_ms: float = 10_000, rng: random.Random | None = None,
                 productive_after_ms: float = 1_000):
        self.initial = initial
        self.factor = factor
        self.max_delay = max_delay
        self.jitter = jitter
        self.stable_after_ms = stable_after_ms
        self.productive_after_ms = productive_after_ms
        self.rng = rng
        self.failures = 0
        self.reconnects = 0
        self._delays: Iterator[float] | None = None
        self.pending_delay = 0.0

    def connection_ended(self, opened_at: float | None, closed_at: float, by_user: bool,
                         delivered: bool = False) -> float:
        """Record how a connection ended; returns the delay (s) the next dial to
        this URL must wait. A user close needs no delay and resets the policy; a
        connection that was useful (see the class docstring) was not a failed
        attempt, so the backoff starts over: a drop every few seconds must not
        keep the client offline for longer and longer."""
        if by_user:
            self.reset()
            return 0.0
        lived = closed_at - opened_at if opened_at is not None else -1.0
        if lived >= self.stable_after_ms or (delivered and lived >= self.productive_after_ms):
            self.reset()
        if self._delays is None:
            self._delays = backoff(self.initial, self.factor, self.max_delay, self.jitter, self.rng)
        self.failures += 1
        self.pending_delay = next(self._delays)
        return self.pending_delay

    def take_delay(self) -> float:
        """The delay the next dial must wait (then zero until the next failure);
        non-zero means this dial is a reconnect."""
        delay, self.pending_delay = self.pending_delay, 0.0
        return delay

    def reset(self) -> None:
        self.failures = 0
        self._delays = None
        self.pending_delay = 0.0
