"""No secret leaves a private session: every log record, telemetry event, exception and
repr of a whole private session is scanned for every secret the simulator saw.

The session runs every private flow of the plugin with ``verbose=True``, root logging at
DEBUG (ours and the libraries' records), and an event handler recording everything;
failures are injected on purpose (rejected requests, dropped connections, an expired
listen key, a terminated event stream) so that errors, reconnects and
re-authentication are scanned too. The secrets are taken from the simulator's side
(the credentials it issued, every signature it verified, every listen key and token it
created), not from the redactor under test, and each is looked for as is,
URL-encoded and in base64.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import traceback
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from transport_support import transport_params

import ccxtpro
from ccxtpro.errors import BaseError, InsufficientFunds, NetworkError, OrderNotFound
from ccxtpro_binance.simulator import Simulator, rest, wsapi
from ccxtpro_binance.simulator.userdata import UserDataHub

T = 10


class Capture(logging.Handler):
    """Everything a user of the session could see or ship elsewhere, as text."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.parts: list[str] = []
        self.loggers: set[str] = set()
        self.events: list[Any] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.loggers.add(record.name)
        self.parts.append(self.format(record))  # the traceback of exc_info included

    def event(self, event: Any) -> None:
        self.events.append(event)
        self.parts.append(repr(event))
        for value in event.data.values():
            if isinstance(value, BaseException):
                self.error(value)

    def error(self, exc: BaseException) -> None:
        self.parts.append("".join(traceback.format_exception(exc)))  # with its chain
        self.parts.append(repr(exc.args))

    def text(self) -> str:
        return "\n".join(self.parts)


class Seen:
    """Secrets as the simulator saw them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.signatures: set[str] = set()
        self.listen_keys: set[str] = set()
        self.tokens: set[str] = set()
        for module in (rest, wsapi):
            monkeypatch.setattr(module, "check_signature", self._signature(module.check_signature))
        create_key, create_token = UserDataHub.create_key, UserDataHub.create_token

        def key(hub, *a, **kw):
            value = create_key(hub, *a, **kw)
            self.listen_keys.add(value)
            return value

        def token(hub, *a, **kw):
            value = create_token(hub, *a, **kw)
            self.tokens.add(value[0])
            return value

        monkeypatch.setattr(UserDataHub, "create_key", key)
        monkeypatch.setattr(UserDataHub, "create_token", token)

    def _signature(self, check):
        def wrapped(key, payloads, signature):
            self.signatures.add(signature)
            return check(key, payloads, signature)
        return wrapped


def forms(secret: str) -> set[str]:
    raw = secret.encode()
    out = {secret, quote(secret, safe=""), quote_plus(secret),
           base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()}
    for line in secret.splitlines():  # a PEM key, line by line
        if len(line) >= 16 and not line.startswith("-----"):
            out.add(line)
    return out


async def expect(capture: Capture, error: type[BaseException], coro: Any) -> BaseException:
    with pytest.raises(error) as info:
        await asyncio.wait_for(coro, T)
    capture.error(info.value)
    return info.value


async def settle(*futures: asyncio.Future, capture: Capture) -> None:
    """Let dropped watches fail; their errors are part of what a user sees."""
    for fut in futures:
        try:
            await asyncio.wait_for(fut, T)
        except BaseError as e:
            capture.error(e)


async def private_session(ex: Any, sim: Simulator, capture: Capture, watching: list[asyncio.Future]) -> None:
    def watch(coro: Any) -> asyncio.Future:
        fut = asyncio.ensure_future(coro)
        watching.append(fut)
        return fut

    await asyncio.wait_for(ex.load_markets(), T)
    # signed REST, each market family, and a rejected one
    assert "balances" in await ex.private_get_account()
    assert "assets" in await ex.fapiprivatev2_get_account()
    assert "assets" in await ex.dapiprivate_get_account()
    assert "userAssets" in await ex.sapi_get_margin_account()
    await expect(capture, OrderNotFound, ex.private_get_order({"symbol": "BTCUSDT", "orderId": 987654321}))

    # user data: spot by ws-API signature subscription, USD-M and COIN-M by listen keys,
    # margin by a listen token
    spot = watch(ex.watch_orders("BTC/USDT"))
    usdm = watch(ex.watch_orders("BTC/USDT:USDT"))
    coinm = watch(ex.watch_orders("BTC/USD:BTC"))
    margin = watch(ex.watch_balance({"type": "margin"}))
    await asyncio.sleep(0.5)

    # ws-API requests, and rejected ones
    assert "balances" in (await asyncio.wait_for(ex.fetch_balance_ws(), T))["info"]  # parsed as CCXT does
    book = await ex.fetch_order_book("BTC/USDT", 5)
    bid = book["bids"][0][0]
    resting = await asyncio.wait_for(ex.create_order_ws("BTC/USDT", "limit", "buy", 0.002, round(bid * 0.95, 2)), T)
    assert (await asyncio.wait_for(spot, T))[-1]["id"] == resting["id"]
    await asyncio.wait_for(ex.cancel_order_ws(resting["id"], "BTC/USDT"), T)
    await expect(capture, OrderNotFound, ex.cancel_order_ws(resting["id"], "BTC/USDT"))
    sim.faults.error_reply("order.place", code=-2010, msg="Account has insufficient balance for requested action.")
    await expect(capture, InsufficientFunds, ex.create_order_ws("BTC/USDT", "limit", "buy", 0.002, round(bid * 0.95, 2)))
    filled = await asyncio.wait_for(ex.create_order_ws("BTC/USDT:USDT", "market", "buy", 0.002), T)
    assert (await asyncio.wait_for(usdm, T))[-1]["id"] == filled["id"]

    # a network drop: every connection goes, pending watches fail, watching again
    # reconnects and authenticates again
    spot = watch(ex.watch_orders("BTC/USDT"))
    usdm = watch(ex.watch_orders("BTC/USDT:USDT"))
    await asyncio.sleep(0.3)
    assert sim.faults.drop_connections() >= 3
    await settle(spot, usdm, coinm, margin, capture=capture)
    assert all(isinstance(f.exception(), NetworkError) for f in (spot, usdm))

    usdm = watch(ex.watch_orders("BTC/USDT:USDT"))
    coinm = watch(ex.watch_orders("BTC/USD:BTC"))
    spot = watch(ex.watch_orders("BTC/USDT"))
    await asyncio.sleep(0.5)
    filled = await asyncio.wait_for(ex.create_order_ws("BTC/USDT:USDT", "market", "sell", 0.002), T)
    assert (await asyncio.wait_for(usdm, T))[-1]["id"] == filled["id"]  # authenticated again

    # the exchange ends the user-data streams: the events carry the listen keys
    assert sim.faults.expire_listen_key() >= 2
    sim.faults.terminate_event_stream()
    await asyncio.sleep(0.3)

    # what a dashboard or a CLI would print about the instance
    capture.parts += [repr(ex), str(ex), repr(ex.redactor)]
    for url in ex.connections():
        capture.parts.append(repr(ex.connection_info(url)))
    capture.parts += [repr(client) for client in ex.clients.values()]


@pytest.mark.parametrize("transport", transport_params())
@pytest.mark.parametrize("kind", ["hmac", "rsa", "ed25519"])
async def test_no_secret_in_anything_a_private_session_shows(kind, transport, monkeypatch):
    monkeypatch.setenv("CCXTPRO_WS_TRANSPORT", transport)
    seen = Seen(monkeypatch)
    capture = Capture()
    root = logging.getLogger()
    level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    try:
        async with Simulator(seed=1, tick_interval=0.02) as sim:
            config = {**sim.exchange_config(kind), "verbose": True}
            ex = ccxtpro.load("binance", config)
            ex.on_event(capture.event)
            watching: list[asyncio.Future] = []
            try:
                await private_session(ex, sim, capture, watching)
            finally:
                await ex.close()
                await settle(*watching, capture=capture)  # closing fails the watches still pending
    finally:
        root.removeHandler(capture)
        root.setLevel(level)

    # the session did run every flow: secrets of each kind were made and used
    assert len(seen.signatures) >= 15
    assert len(seen.listen_keys) >= 2 and seen.tokens  # USD-M, COIN-M; margin by token
    assert {"ccxtpro.ws", "ccxtpro.rest"} <= capture.loggers
    if transport == "websockets":  # the library that logs the request line, listen key and all
        assert "websockets.client" in capture.loggers
    types = {e.type for e in capture.events}
    assert {"connect", "send", "message", "disconnect", "reject"} <= types

    text = capture.text()
    secrets = {"apiKey": config["apiKey"], "secret": config["secret"]}
    secrets.update({f"signature {i}": s for i, s in enumerate(sorted(seen.signatures))})
    secrets.update({f"listen key {i}": s for i, s in enumerate(sorted(seen.listen_keys))})
    secrets.update({f"listen token {i}": s for i, s in enumerate(sorted(seen.tokens))})
    leaks = sorted({name for name, secret in secrets.items() for form in forms(secret) if form in text})
    assert not leaks, f"{kind}: leaked {leaks}"
    assert "***" in text
