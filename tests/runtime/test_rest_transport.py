"""The REST transport against a real aiohttp server on 127.0.0.1: implicit
methods, sign(), error mapping, timeouts, connection failures, rate-limit
costs, and redaction in verbose logs."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from ccxtpro.errors import (
    AuthenticationError,
    BadSymbol,
    ExchangeClosedByUser,
    ExchangeError,
    ExchangeNotAvailable,
    InsufficientFunds,
    NetworkError,
    RateLimitExceeded,
    RequestTimeout,
)
from ccxtpro.throttle import Throttler

from .rest_helpers import API_KEY, LISTEN_KEY, SECRET, RestToy, ToyServer


@pytest.fixture
async def server() -> AsyncIterator[ToyServer]:
    srv = await ToyServer().start()
    yield srv
    await srv.stop()


@pytest.fixture
async def make(server: ToyServer) -> AsyncIterator[Callable[..., RestToy]]:
    made: list[RestToy] = []

    def factory(**config: Any) -> RestToy:
        ex = RestToy({"baseUrl": server.base_url, "rateLimit": 0, **config})
        made.append(ex)
        return ex

    yield factory
    for ex in made:
        await ex.close()


class Clock:
    """Throttler time that moves only when it sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds * 1000
        await asyncio.sleep(0)


async def test_implicit_public_calls_reach_the_server(server: ToyServer, make) -> None:
    ex = make()
    assert await ex.publicGetTickerSymbol({"symbol": "BTCUSDT", "extra": "1"}) == {
        "symbol": "BTCUSDT",
        "query": {"extra": "1"},
    }
    assert (await ex.public_get_time())["serverTime"] > 0
    assert [r["path"] for r in server.requests] == ["/v1/ticker/BTCUSDT", "/v1/time"]


async def test_signed_calls_carry_key_and_valid_signature(server: ToyServer, make) -> None:
    ex = make(apiKey=API_KEY, secret=SECRET)
    assert (await ex.privateGetAccount())["balances"][0]["asset"] == "USDT"
    assert await ex.privatePostOrder({"symbol": "BTCUSDT", "side": "BUY"}) == {"orderId": 1, "status": "NEW"}
    order = server.requests[-1]
    assert order["method"] == "POST" and order["body"].startswith("symbol=BTCUSDT&side=BUY&timestamp=")


async def test_wrong_key_maps_to_authentication_error(server: ToyServer, make) -> None:
    ex = make(apiKey="wrong-key-000000", secret=SECRET)
    with pytest.raises(AuthenticationError) as info:
        await ex.privateGetAccount()
    assert "signature=" in str(info.value) or "Invalid API-key" in str(info.value)
    assert server.requests[-1]["query"]["signature"] not in str(info.value)


async def test_missing_credentials_fail_before_the_network(server: ToyServer, make) -> None:
    with pytest.raises(AuthenticationError):
        await make().privateGetAccount()
    assert server.requests == []


@pytest.mark.parametrize(
    "kind,error",
    [
        ("exact", BadSymbol),  # exact code table, HTTP 400
        ("broad", RateLimitExceeded),  # broad message table, HTTP 429
        ("ok-body-error", InsufficientFunds),  # an error body on HTTP 200
        ("unknown", ExchangeError),  # the exchange's own fallback
    ],
)
async def test_body_errors_map_through_the_exceptions_table(make, kind: str, error: type) -> None:
    with pytest.raises(error) as info:
        await make().publicGetErrorKind({"kind": kind})
    assert type(info.value) is error


@pytest.mark.parametrize(
    "status,error",
    [(503, ExchangeNotAvailable), (429, RateLimitExceeded), (418, Exception), (401, AuthenticationError), (504, RequestTimeout)],
)
async def test_status_codes_map_through_http_exceptions(make, status: int, error: type) -> None:
    ex = make()
    with pytest.raises(error) as info:
        await ex.publicGetErrorKind({"kind": "status", "status": str(status)})
    assert type(info.value) is ex.httpExceptions[str(status)]
    assert f" {status} " in str(info.value) and "plain failure" in str(info.value)


async def test_non_json_body_is_returned_as_text(make) -> None:
    assert await make().publicGetErrorKind({"kind": "text"}) == "pong"


async def test_timeout_raises_request_timeout(server: ToyServer, make) -> None:
    ex = make(timeout=200)
    with pytest.raises(RequestTimeout) as info:
        await ex.publicGetSlow()
    assert isinstance(info.value, NetworkError)
    assert server.hits["/v1/slow"] == 1


async def test_connection_refused_raises_network_error() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ex = RestToy({"baseUrl": f"http://127.0.0.1:{port}"})
    try:
        with pytest.raises(NetworkError) as info:
            await ex.publicGetTime()
        assert isinstance(info.value, ExchangeNotAvailable)
    finally:
        await ex.close()


async def test_closed_exchange_refuses_new_requests_until_reopened(make) -> None:
    ex = make()
    await ex.publicGetTime()
    await ex.close()
    with pytest.raises(ExchangeClosedByUser):
        await ex.publicGetTime()
    async with ex:
        assert (await ex.publicGetTime())["serverTime"] > 0
    assert ex.session is None


async def test_endpoint_cost_drives_the_rate_limiter(server: ToyServer, make) -> None:
    ex = make(rateLimit=100)
    clock = Clock()
    ex.throttler = Throttler(ex.rateLimit, clock=clock.clock, sleep=clock.sleep)
    signed: list[str] = []
    original_sign = ex.sign

    def spy(path: str, *args: Any) -> dict[str, Any]:
        signed.append(path)
        return original_sign(path, *args)

    ex.sign = spy  # records the order requests pass the limiter
    calls = [ex.publicGetDepth(), ex.publicGetTime(), ex.publicGetTickerSymbol({"symbol": "A"}), ex.publicGetTime()]
    await asyncio.gather(*calls)
    assert signed == ["depth", "time", "ticker/{symbol}", "time"]
    # each call waits for the previous call's cost: depth 5, time 1, ticker 2
    assert [round(s * 1000) for s in clock.sleeps] == [500, 100, 200]
    assert len(server.requests) == 4


async def test_rate_limiter_is_skipped_when_disabled(make) -> None:
    ex = make(rateLimit=100, enableRateLimit=False)
    clock = Clock()
    ex.throttler = Throttler(ex.rateLimit, clock=clock.clock, sleep=clock.sleep)
    await asyncio.gather(*(ex.publicGetDepth() for _ in range(3)))
    assert clock.sleeps == []


async def test_verbose_logs_are_redacted(server: ToyServer, make, caplog: pytest.LogCaptureFixture) -> None:
    ex = make(apiKey=API_KEY, secret=SECRET, verbose=True)
    with caplog.at_level(logging.INFO, logger="ccxtpro.rest"):
        await ex.privateGetAccount()
        assert (await ex.privatePostListenKey())["listenKey"] == LISTEN_KEY
    text = caplog.text
    signatures = [server.requests[0]["query"]["signature"], server.requests[1]["body"].rpartition("=")[2]]
    assert "request GET" in text and "response POST" in text and "USDT" in text
    for value in (API_KEY, SECRET, LISTEN_KEY, *signatures):
        assert value not in text
    assert "***" in text


async def test_quiet_by_default(make, caplog: pytest.LogCaptureFixture) -> None:
    ex = make()
    with caplog.at_level(logging.INFO, logger="ccxtpro.rest"):
        await ex.publicGetTime()
    assert caplog.records == []


async def test_a_session_passed_in_is_used_and_left_open(server: ToyServer) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        ex = RestToy({"baseUrl": server.base_url, "session": session})
        assert (await ex.publicGetTime())["serverTime"] > 0
        await ex.close()
        assert not session.closed


async def test_listen_keys_from_responses_are_masked_afterwards(server: ToyServer, make) -> None:
    ex = make(apiKey=API_KEY, secret=SECRET)
    await ex.privatePostListenKey()
    url = f"wss://stream.example/ws/{LISTEN_KEY}"
    assert LISTEN_KEY not in ex.redactor.text(url)
