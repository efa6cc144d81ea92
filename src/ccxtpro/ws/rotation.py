"""Planned reconnects: a connection is replaced before the exchange's age limit ends it.

Exchanges close websocket connections at a fixed age (often 24 h). Left to itself, the
runtime notices the close, rejects the waiters with ``NetworkError`` and the next watch
dials again: a gap in every stream, an order book re-synced from a new snapshot. A
*planned* reconnect replaces the connection make-before-break instead, inside the same
:class:`~ccxtpro.ws.client.WsClient`, so waiters, subscriptions and kept results never
see it:

1. at ``maxConnectionAge`` a second connection to the same URL is dialled; the
   subscribe messages the client sent (recorded by ``watch``/``watch_multiple``, one per
   subscribe hash still subscribed) are sent on it; its frames are held back, while the
   old connection keeps dispatching and remembers what it dispatched;
2. after ``rotationOverlap`` (both connections now carry every stream) the client
   switches: the old connection's frames are dropped from then on, the held-back frames
   are dispatched except those the old one already dispatched (the same frame is the
   same bytes on both: a trade, a depth diff with the same update ids) and the replies
   to the re-sent subscribe messages (routed through the exchange's ``request_id``
   routes, they would re-run the subscription's handler: an order book would re-sync);
   for one more overlap, frames the old connection dispatched are still skipped;
3. the old connection is closed (1000).

Nothing is lost (every frame after the new subscriptions took effect is on the new
connection) and nothing is handed over twice. A connection whose subscriptions cannot
be re-sent (a request awaiting its reply, a subscription made without a recorded
message, e.g. a signed user-data subscription) is not rotated now: the attempt is
retried every ``retry`` seconds, and if the exchange's limit comes first the ordinary
reconnect path takes over.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson

from .telemetry import logger


@dataclass(frozen=True)
class RotationPolicy:
    """``max_age_ms``: replace a connection this old (0: never); ``overlap_ms``: how
    long both connections run before the switch; ``reply_paths``: where a frame
    carries a request id (the exchange's ``request_id`` routes); ``retry_ms``: when
    to try again after a rotation could not start."""

    max_age_ms: float = 0.0
    overlap_ms: float = 1000.0
    reply_paths: tuple[str, ...] = ()
    retry_ms: float = 60_000.0


def _path_value(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(obj, dict):
            obj = obj.get(part)
        elif isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
            obj = obj[int(part)]
        else:
            return None
    return obj


def _key(data: Any) -> Any:
    return data if isinstance(data, (str, bytes)) else bytes(data)


def replayable(client: Any) -> list[Any] | None:
    """The subscribe messages to send on a new connection, in subscription order
    (a message shared by several subscribe hashes once), or ``None`` when some
    subscription cannot be re-sent."""
    recorded = client.replay
    out: list[Any] = []
    seen: set[int] = set()
    for key in list(client.subscriptions):
        if key not in recorded:
            return None
        message = recorded[key]
        if message is None:  # carried by the URL (a listen key): dialing it again is all
            continue
        if id(message) not in seen:
            seen.add(id(message))
            out.append(message)
    for key in [k for k in recorded if k not in client.subscriptions]:
        del recorded[key]  # unsubscribed since
    return out


def is_request(message: Any, subscribe_hash: Any, paths: tuple[str, ...]) -> bool:
    """Whether ``message``, sent for ``subscribe_hash``, is a one-shot request (its entry is
    keyed by the request id it carries, and goes with the reply) rather than a subscription
    to send again on a new connection."""
    if isinstance(message, dict):
        key = str(subscribe_hash)
        for path in paths:
            value = _path_value(message, path)
            if value is not None and str(value) == key:
                return True
    return False


def _reply_ids(messages: Iterable[Any], paths: tuple[str, ...]) -> set[str]:
    ids = set()
    for message in messages:
        if isinstance(message, (str, bytes)):
            try:
                message = orjson.loads(message)
            except orjson.JSONDecodeError:
                continue
        for path in paths:
            value = _path_value(message, path)
            if value is not None:
                ids.add(str(value))
    return ids


def schedule(client: Any, delay_ms: float | None = None) -> None:
    """Arm ``client``'s next planned reconnect (after ``max_age_ms``, or ``delay_ms``)."""
    policy: RotationPolicy | None = client.rotation_policy
    if policy is None or not policy.max_age_ms or not client.state.is_open:
        return
    cancel(client)
    delay = (policy.max_age_ms if delay_ms is None else delay_ms) / 1000
    loop = asyncio.get_running_loop()
    client.rotation_task = loop.call_later(delay, _start, client)


def cancel(client: Any) -> None:
    task = client.rotation_task
    client.rotation_task = None
    if task is not None and task is not asyncio.current_task():
        task.cancel()


def _start(client: Any) -> None:
    if client.state.is_open:
        client.rotation_task = asyncio.ensure_future(rotate(client))


async def rotate(client: Any) -> bool:
    """Replace ``client``'s connection make-before-break; True when it switched."""
    policy: RotationPolicy = client.rotation_policy
    if client.gate:  # the last rotation's new connection is still checking for frames dispatched twice
        schedule(client, policy.overlap_ms)
        return False
    messages = replayable(client)
    if messages is None:
        logger.debug("%s: planned reconnect postponed (a subscription cannot be re-sent now)", client.safe_url)
        schedule(client, policy.retry_ms)
        return False
    overlap = policy.overlap_ms / 1000
    held: list[Any] = []
    seen: Counter = Counter()
    replies = _reply_ids(messages, policy.reply_paths)
    switched = False
    standby_lost: list[BaseException | None] = []

    def old_tap(data: Any) -> bool:
        if switched:
            return True  # the new connection carries it
        seen[_key(data)] += 1
        return False

    def new_tap(data: Any) -> bool:
        if not switched:
            held.append(_key(data))
            return True
        key = _key(data)
        if seen and seen.get(key):
            seen[key] -= 1
            if not seen[key]:
                del seen[key]
            return True  # the old connection dispatched it already
        if replies:
            try:
                frame = orjson.loads(key)
            except orjson.JSONDecodeError:
                return False
            for path in policy.reply_paths:
                value = _path_value(frame, path)
                if value is not None and str(value) in replies:
                    replies.discard(str(value))
                    return True  # a reply to a re-sent subscription: its handler ran on the first
        return False

    old_gate = client.gate
    new_gate: list[Any] = [new_tap]

    def standby_closed(code: int | None, reason: str, error: BaseException | None) -> None:
        if client.gate is new_gate:  # the connection in use now: an ordinary close
            client._transport_closed(code, reason, error)
        else:
            standby_lost.append(error)

    connection = None
    on_new = client.frame_handler(new_gate)
    old_gate.append(old_tap)  # from now on the old connection remembers what it dispatched
    try:
        connection = await client.dial(on_new, standby_closed)
        for message in messages:
            if client.throttle is not None:
                await client.throttle(client.send_cost)
            await connection.send(message if isinstance(message, str) else orjson.dumps(message).decode())
        await asyncio.sleep(overlap)
        now = replayable(client)  # a subscription made, or a request sent, meanwhile went to the old one
        if standby_lost or not client.state.is_open or now is None or list(map(id, now)) != list(map(id, messages)):
            raise ConnectionError("the connection or its subscriptions changed during the overlap")
    except asyncio.CancelledError:
        if old_tap in old_gate:
            old_gate.remove(old_tap)
        if connection is not None:
            await _close_quietly(connection)
        raise
    except Exception as e:
        if old_tap in old_gate:
            old_gate.remove(old_tap)
        if connection is not None:
            await _close_quietly(connection)
        logger.log(logging.INFO if client.verbose else logging.DEBUG,
                   "%s: planned reconnect failed (%s: %s); retrying later", client.safe_url, type(e).__name__,
                   client._redactor.text(str(e)))
        schedule(client, policy.retry_ms)
        return False
    # the switch: synchronous, no frame of either connection runs in between
    old = client.connection
    switched = True
    client.connection = connection
    client.gate = new_gate
    client.rotations += 1
    for data in held:
        on_new(data)  # through new_tap: what the old connection dispatched, and the replies, are skipped
    held.clear()
    if client.verbose:
        logger.info("%s: planned reconnect: switched to a new connection", client.safe_url)

    def checked() -> None:  # frames the old connection dispatched may still come on the new one until then
        if new_tap in new_gate:
            new_gate.remove(new_tap)
        seen.clear()

    asyncio.get_running_loop().call_later(overlap, checked)
    await asyncio.shield(_close_quietly(old))  # closed even if the client closes meanwhile
    schedule(client)
    return True


async def _close_quietly(connection: Any) -> None:
    try:
        await connection.close(1000)
    except Exception:  # closing a connection that already died
        pass
