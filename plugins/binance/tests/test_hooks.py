"""Binance is wired through the hooks, and a third party's plugin changes what Binance does
through the same hooks: its routes, its frame handlers, its signing schemes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from frames_support import RecordingClient

import ccxtpro
from ccxtpro import plugins
from ccxtpro.signers import CORE_SCHEMES, SigningScheme
from ccxtpro_binance import frames, subscriptions, userdata
from ccxtpro_binance.generated import ROUTES, Binance
from ccxtpro_binance.plugin import SENSITIVE_FIELDS, SIGNING_SCHEMES
from ccxtpro_binance.simulator import Simulator

T = 10


@pytest.fixture
def register():
    added: list[Any] = []

    def add(plugin: Any, name: str) -> Any:
        plugins.register(plugin, name=name)
        added.append(plugin)
        return plugin

    yield add
    for plugin in added:
        plugins.unregister(plugin)


def test_a_directly_built_exchange_has_the_wiring_load_gives():
    direct, loaded = Binance(), ccxtpro.load("binance")
    assert direct.wiring is loaded.wiring
    wiring = direct.wiring
    assert [r for r in wiring.routes if r not in userdata.ROUTES] == list(ROUTES)  # CCXT's order kept
    assert wiring.routes[-1] == {"fallback": "handle_message"} and userdata.ROUTES[0] in wiring.routes
    assert set(wiring.handlers) == set(frames.HANDLERS) | set(userdata.HANDLERS) | set(subscriptions.HANDLERS)
    assert set(wiring.auth_routers) == {"spot", "margin", "future", "delivery", "option"}
    assert list(wiring.signers)[:3] == list(SIGNING_SCHEMES)
    assert {f.lower() for f in SENSITIVE_FIELDS} <= {f.lower() for f in wiring.sensitive_fields}


class RecordingSigner:
    """A third party's signing scheme for Binance (an HSM, say): signs as the core does, and
    records every payload, so the test can see which requests went through it."""

    def __init__(self, name: str) -> None:
        self.core = next(s for s in CORE_SCHEMES if s.name == name)
        self.payloads: list[str] = []

    @ccxtpro.hookimpl
    def ccxtpro_signers(self, exchange_id: str) -> list[SigningScheme] | None:
        if exchange_id != "binance":
            return None

        def make(material: Any) -> Any:
            sign = self.core.make(material)

            def recording(payload: Any) -> str:
                self.payloads.append(payload.decode() if isinstance(payload, bytes) else payload)
                return sign(payload)

            return recording

        return [SigningScheme(self.core.name, self.core.key_kind, make)]


@pytest.mark.parametrize("kind,scheme", [("hmac", "HMAC-SHA256"), ("rsa", "RSA-SHA256"), ("ed25519", "Ed25519")])
async def test_every_signed_request_goes_through_the_registered_scheme(register, kind, scheme):
    signer = register(RecordingSigner(scheme), name="hsm-" + kind)
    async with Simulator(seed=1, autostep=False) as sim:
        ex = ccxtpro.load("binance", sim.exchange_config(kind))
        try:
            assert "balances" in await asyncio.wait_for(ex.private_get_account(), T)  # REST
            rest = len(signer.payloads)
            await asyncio.wait_for(ex.fetch_balance_ws(), T)  # websocket API
        finally:
            await ex.close()
    assert rest >= 1 and "timestamp=" in signer.payloads[0]
    assert len(signer.payloads) > rest and "apiKey=" in signer.payloads[-1]


class CustomEventFrames:
    """A third party's route and handler for an event Binance's table does not know."""

    def __init__(self) -> None:
        self.seen: list[Any] = []

    @ccxtpro.hookimpl
    def ccxtpro_channels(self, exchange_id: str) -> list[Any] | None:
        return [{"path": "e", "value": "customEvent", "handler": "handle_custom_event"}] \
            if exchange_id == "binance" else None

    @ccxtpro.hookimpl
    def ccxtpro_parsers(self, exchange_id: str) -> dict[str, Any] | None:
        if exchange_id != "binance":
            return None

        def handle_custom_event(exchange: Any, client: Any, frame: Any) -> None:
            self.seen.append(frame)
            client.resolve(frame["v"], "custom")

        return {"handle_custom_event": handle_custom_event}


class CompetingTradeHandler:
    @ccxtpro.hookimpl
    def ccxtpro_parsers(self, exchange_id: str) -> dict[str, Any] | None:
        return {"handle_trade": lambda exchange, client, frame: None} if exchange_id == "binance" else None


def test_a_third_party_route_and_handler_reach_binance_frames(register):
    third = register(CustomEventFrames(), name="custom-event-frames")
    ex = ccxtpro.load("binance")
    client = RecordingClient("ws://example/ws")
    assert ex.ws_dispatcher.dispatch(client, {"e": "customEvent", "v": 7}) is True
    assert third.seen == [{"e": "customEvent", "v": 7}] and client.resolved == [("custom", 7)]
    trade = {"e": "trade", "E": 1, "s": "NOPEUSDT", "t": 1, "p": "1", "q": "1", "T": 1, "m": True}
    assert ex.ws_dispatcher.dispatch(client, trade) is True and len(third.seen) == 1  # Binance's own route


def test_a_handler_binance_already_has_is_refused_naming_both_plugins(register):
    register(CompetingTradeHandler(), name="competing-trades")
    with pytest.raises(ccxtpro.ExchangeError, match="handle_trade.*competing-trades|competing-trades.*handle_trade"):
        ccxtpro.load("binance")


class PortfolioMarginRoute:
    """A third party's auth route for an account type the Binance plugin does not route."""

    def __init__(self) -> None:
        self.calls: list[Any] = []

    def forget(self, exchange: Any) -> None:
        self.calls.append("forget")

    async def authenticate(self, exchange: Any, params: Any) -> None:
        self.calls.append(("authenticate", exchange.id, dict(params)))

    def lost_with(self, exchange: Any, client: Any) -> bool:
        return False

    @ccxtpro.hookimpl
    def ccxtpro_auth_routers(self, exchange_id: str) -> dict[str, Any] | None:
        return {"portfolioMargin": self} if exchange_id == "binance" else None


async def test_a_third_party_auth_route_is_used_to_reauthenticate(register):
    route = register(PortfolioMarginRoute(), name="pm-auth")
    ex = ccxtpro.load("binance")
    try:
        await ex.reauthenticate("portfolioMargin", {"x": 1})
    finally:
        await ex.close()
    assert route.calls == ["forget", ("authenticate", "binance", {"x": 1})]
    assert set(ex.wiring.auth_routers) >= {"spot", "margin", "future", "delivery", "portfolioMargin"}


class CompetingSpotRoute(PortfolioMarginRoute):
    @ccxtpro.hookimpl
    def ccxtpro_auth_routers(self, exchange_id: str) -> dict[str, Any] | None:
        return {"spot": self} if exchange_id == "binance" else None


def test_an_auth_route_binance_already_has_is_refused_naming_both_plugins(register):
    register(CompetingSpotRoute(), name="competing-spot-auth")
    with pytest.raises(ccxtpro.ExchangeError, match="'spot'.*competing-spot-auth|competing-spot-auth.*'spot'"):
        ccxtpro.load("binance")
