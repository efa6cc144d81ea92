"""The sans-I/O connection state and reconnect policy, without sockets."""

from __future__ import annotations

import random

import pytest

from ccxtpro.errors import BadResponse, ExchangeClosedByUser, NetworkError, RequestTimeout
from ccxtpro.ws.protocol import MAX_PARKED_REJECTIONS, ConnectionState, Phase, ReconnectPolicy, backoff


def test_dial_once_then_open():
    s = ConnectionState("ws://x", keepalive_ms=1000)
    assert s.start_connecting(0)
    assert not s.start_connecting(1), "a second dial must not start"
    s.connected(10)
    assert s.is_open and s.phase is Phase.OPEN


def test_ping_due_and_pong_overdue():
    s = ConnectionState("ws://x", keepalive_ms=1000, max_pong_misses=2)
    s.start_connecting(0)
    assert not s.ping_due(5000), "not open yet"
    s.connected(0)
    assert not s.ping_due(999)
    assert s.ping_due(1000)
    s.ping_sent(1000)
    assert not s.ping_due(1500)
    assert s.next_keepalive_in(1500) == 500
    assert not s.pong_overdue(2000)
    s.pong_received(1900)
    assert not s.pong_overdue(3800)
    assert s.pong_overdue(3901)
    assert isinstance(s.keepalive_error(), RequestTimeout)


def test_keepalive_off():
    s = ConnectionState("ws://x", keepalive_ms=0)
    s.start_connecting(0)
    s.connected(0)
    assert not s.ping_due(10**9) and not s.pong_overdue(10**9)
    assert s.next_keepalive_in(0) is None


def test_subscribe_once_per_hash():
    s = ConnectionState("ws://x")
    assert s.subscribe("a", {"x": 1})
    assert not s.subscribe("a", {"x": 2})
    assert s.subscriptions["a"] == {"x": 1}
    assert s.subscribe("b", None) and s.subscriptions["b"] is True


def test_closed_hands_back_every_waiter_once():
    s = ConnectionState("ws://x")
    s.futures.update({"a": 1, "b": 2})
    err, waiters = s.closed(5, 1006, "gone")
    assert isinstance(err, NetworkError) and "1006" in str(err)
    assert sorted(waiters) == [1, 2] and not s.futures
    s.futures["c"] = 3
    err2, again = s.closed(6)
    assert again == [] and err2 is err


def test_user_close_and_explicit_error():
    s = ConnectionState("ws://x")
    s.closed_by_user = True
    err, _ = s.closed(0, 1000)
    assert isinstance(err, ExchangeClosedByUser)
    s2 = ConnectionState("ws://y")
    err2, _ = s2.closed(0, None, error=ValueError("boom"))
    assert isinstance(err2, NetworkError) and "boom" in str(err2)
    timeout = RequestTimeout("slow")
    assert ConnectionState("ws://z").closed(0, error=timeout)[0] is timeout


def test_parked_rejections_are_bounded():
    s = ConnectionState("ws://x")
    for i in range(MAX_PARKED_REJECTIONS + 50):
        s.park_rejection(i, ValueError(i))
    assert len(s.rejections) == MAX_PARKED_REJECTIONS
    assert s.parked_rejection(0) is None, "the oldest were dropped"
    assert isinstance(s.parked_rejection(MAX_PARKED_REJECTIONS + 49), ValueError)


def test_invalid_frame_error_is_typed_and_short():
    err = ConnectionState("ws://x").invalid_frame_error("{" * 1000, "not valid JSON")
    assert isinstance(err, BadResponse) and len(str(err)) < 300


def test_backoff_grows_caps_and_jitters():
    delays = backoff(initial=0.1, factor=2, max_delay=1.0, jitter=0.0)
    assert [round(next(delays), 3) for _ in range(6)] == [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]
    jittered = backoff(initial=1.0, factor=1.0, max_delay=1.0, jitter=0.25, rng=random.Random(42))
    values = [next(jittered) for _ in range(200)]
    assert all(0.75 <= v <= 1.25 for v in values)
    assert len({round(v, 6) for v in values}) > 100, "jitter spreads the delays"


def test_reconnect_policy_counts_failures_and_resets_when_stable():
    p = ReconnectPolicy(initial=0.1, factor=2, max_delay=10, jitter=0, stable_after_ms=1000)
    assert p.take_delay() == 0
    assert p.connection_ended(None, 0, by_user=False) == pytest.approx(0.1)  # dial failed
    assert p.connection_ended(0, 10, by_user=False) == pytest.approx(0.2)  # dropped at once
    assert p.failures == 2
    assert p.take_delay() == pytest.approx(0.2) and p.take_delay() == 0
    assert p.connection_ended(0, 5000, by_user=False) == pytest.approx(0.1), "a stable connection resets"
    assert p.failures == 1
    assert p.connection_ended(0, 1, by_user=True) == 0 and p.failures == 0


def test_messages_wait_for_the_connection_in_order_and_die_with_it():
    state = ConnectionState("wss://x")
    assert state.send_when_open({"sub": 1}) is False  # idle: kept
    assert state.start_connecting(0.0)
    assert state.send_when_open({"sub": 2}) is False  # dialing: kept
    assert state.connected(1.0) == [{"sub": 1}, {"sub": 2}]  # handed back once, in order
    assert state.send_when_open({"sub": 3}) is True and state.outbox == []  # open: send now
    other = ConnectionState("wss://y")
    other.start_connecting(0.0)
    other.send_when_open({"sub": 1})
    other.closed(2.0, 1006)
    assert other.outbox == [] and other.send_when_open({"sub": 2}) is False and other.outbox == []


def test_frame_intake_is_counted_by_the_state():
    state = ConnectionState("wss://x")
    state.start_connecting(0.0)
    state.connected(1.0)
    state.frame_received(5.0)
    state.frame_received(7.0)
    assert state.frames_received == 2 and state.last_frame_at == 7.0


def test_a_connection_that_delivered_data_restarts_the_backoff():
    policy = ReconnectPolicy(initial=0.05, factor=2.0, jitter=0.0, stable_after_ms=10_000, productive_after_ms=1_000)
    for _ in range(4):  # short, useless connections: the delay grows
        policy.connection_ended(0.0, 500.0, by_user=False)
    grown = policy.pending_delay
    assert grown > 0.05 and policy.failures == 4
    # a drop every 2 s after data arrived: back to the first delay each time
    for _ in range(3):
        assert policy.connection_ended(0.0, 2_000.0, by_user=False, delivered=True) == 0.05
        assert policy.failures == 1
    # one frame then a close at once is not useful: the delay grows again
    policy.connection_ended(0.0, 100.0, by_user=False, delivered=True)
    assert policy.pending_delay == 0.1 and policy.failures == 2


def _paced_state(frames: int = 40, gap: float = 50.0) -> ConnectionState:
    state = ConnectionState("wss://x", stale_floor_ms=1_000, stale_factor=20.0)
    state.start_connecting(0.0)
    state.connected(0.0)
    for i in range(1, frames + 1):
        state.frame_received(i * gap)
    return state


def test_a_stall_is_probed_then_declared_from_the_connections_own_pace():
    state = _paced_state()  # one frame every 50 ms, last at 2000 ms
    assert state.stale_threshold() == 1_000  # max(floor, 20 x 50 ms)
    assert state.stale_check(2_500.0) is None
    assert state.stale_check(3_000.0) == "probe" and state.stale_check(3_100.0) is None  # one probe per silence
    assert state.next_stale_check_in(3_100.0) == 900.0
    assert state.stale_check(4_000.0) == "stalled"
    assert isinstance(state.stale_error(4_000.0), RequestTimeout)
    state.frame_received(3_500.0)  # data again: a new silence gets its own probe
    assert state.stale_check(5_300.0) == "probe"  # pace now (3500 / 41 frames) x 20 = 1707 ms


def test_quiet_or_new_connections_are_not_watched():
    few = _paced_state(frames=5)
    assert few.stale_threshold() is None and few.stale_check(60_000.0) is None
    slow = _paced_state(frames=30, gap=60_000.0)  # a user-data stream: a frame a minute
    assert slow.stale_threshold() == 1_200_000.0
    off = ConnectionState("wss://x")
    off.start_connecting(0.0)
    off.connected(0.0)
    assert off.next_stale_check_in(10.0) is None
