"""The plugin manager with in-process pluggy plugins registered by the tests."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pluggy
import pytest

import ccxtpro
from ccxtpro import plugins
from ccxtpro.errors import ExchangeError, NotSupported
from ccxtpro.signers import HMAC, SigningScheme

from .rest_helpers import RestToy

hookimpl = ccxtpro.hookimpl


class PlugToy(RestToy):
    def describe(self) -> dict[str, Any]:
        return self.deep_extend(super().describe(), {"id": "plugtoy", "options": {"fromClass": 1}})


class ExchangesPlugin:
    def __init__(self, provides: dict[str, Any]) -> None:
        self.provides = provides

    @hookimpl
    def ccxtpro_exchanges(self) -> dict[str, Any]:
        return self.provides


class RoutesPlugin:
    """Serves one exchange id with every per-exchange hook."""

    def __init__(self, exchange_id: str, tag: str) -> None:
        self.exchange_id = exchange_id
        self.tag = tag

    @hookimpl
    def ccxtpro_channels(self, exchange_id: str) -> list[Any] | None:
        return [{"path": "e", "value": self.tag, "handler": "handle_" + self.tag}] if exchange_id == self.exchange_id else None

    @hookimpl
    def ccxtpro_parsers(self, exchange_id: str) -> dict[str, Any] | None:
        return {"parse_" + self.tag: len} if exchange_id == self.exchange_id else None

    @hookimpl
    def ccxtpro_auth_routers(self, exchange_id: str) -> dict[str, str] | None:
        return {self.tag: "authenticate_" + self.tag} if exchange_id == self.exchange_id else None


class Registered:
    """Registers plugins for one test and unregisters them at teardown."""

    def __init__(self) -> None:
        self.added: list[Any] = []

    def append(self, plugin: Any, name: str) -> None:
        plugins.register(plugin, name=name)
        self.added.append(plugin)


@pytest.fixture
def registered() -> Iterator[Registered]:
    registry = Registered()
    yield registry
    for plugin in registry.added:
        plugins.unregister(plugin)


def test_load_returns_a_configured_instance(registered: Registered) -> None:
    registered.append(ExchangesPlugin({"plugtoy": PlugToy}), name="plugtoy-plugin")
    assert "plugtoy" in ccxtpro.exchanges()
    ex = ccxtpro.load("plugtoy", {"apiKey": "k", "options": {"x": 2}})
    assert isinstance(ex, PlugToy) and isinstance(ex, ccxtpro.Exchange)
    assert ex.apiKey == "k" and ex.options["fromClass"] == 1 and ex.options["x"] == 2
    assert ccxtpro.load("plugtoy").apiKey is None


def test_unknown_name_lists_what_is_installed(registered: Registered) -> None:
    registered.append(ExchangesPlugin({"plugtoy": PlugToy}), name="plugtoy-plugin")
    with pytest.raises(NotSupported) as info:
        ccxtpro.load("nosuchexchange")
    message = str(info.value)
    assert "'nosuchexchange'" in message and "plugtoy" in message
    for installed in ccxtpro.exchanges():
        assert installed in message


def test_two_plugins_claiming_one_id_name_both(registered: Registered) -> None:
    registered.append(ExchangesPlugin({"plugtoy": PlugToy}), name="first-plugin")
    registered.append(ExchangesPlugin({"plugtoy": RestToy, "other": RestToy}), name="second-plugin")
    with pytest.raises(ExchangeError) as info:
        ccxtpro.load("plugtoy")
    assert "first-plugin" in str(info.value) and "second-plugin" in str(info.value)
    with pytest.raises(ExchangeError, match="'plugtoy'"):
        ccxtpro.exchanges()


def test_a_class_that_is_not_an_exchange_is_rejected(registered: Registered) -> None:
    registered.append(ExchangesPlugin({"broken": dict}), name="broken-plugin")
    with pytest.raises(ExchangeError, match="broken-plugin"):
        ccxtpro.load("broken")


def test_misspelled_hook_fails_loudly() -> None:
    class Misspelled:
        @hookimpl
        def ccxtpro_exchange(self) -> dict[str, Any]:
            return {}

    plugin = Misspelled()
    with pytest.raises(pluggy.PluginValidationError):
        plugins.register(plugin, name="misspelled")
    assert plugins.get_plugin_manager().get_plugin("misspelled") is None


def test_per_exchange_hooks_combine(registered: Registered) -> None:
    registered.append(RoutesPlugin("plugtoy", "a"), name="routes-a")
    registered.append(RoutesPlugin("plugtoy", "b"), name="routes-b")
    registered.append(RoutesPlugin("elsewhere", "c"), name="routes-c")
    assert [r["value"] for r in plugins.channels("plugtoy")] == ["b", "a"]  # latest registered first
    assert set(plugins.parsers("plugtoy")) == {"parse_a", "parse_b"}
    assert plugins.auth_routers("plugtoy") == {"a": "authenticate_a", "b": "authenticate_b"}
    assert plugins.channels("nobody") == [] and plugins.parsers("nobody") == {}


class TickerHandlerPlugin:
    """A third party's frame handler for the toy exchange's tickers."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, Any, Any]] = []

    @hookimpl
    def ccxtpro_parsers(self, exchange_id: str) -> dict[str, Any] | None:
        if exchange_id != "toy":
            return None

        def handle_ticker(exchange: Any, client: Any, frame: Any) -> None:
            self.calls.append((exchange, client, frame))
            client.resolve({"by": "third party"}, "ticker:" + frame["s"])

        return {"handle_ticker": handle_ticker}


def test_a_registered_frame_handler_replaces_the_exchange_method(registered: Registered) -> None:
    """ccxtpro_parsers is honoured: the route table calls the plugin's handler, not the method."""
    plugin = TickerHandlerPlugin()
    registered.append(plugin, name="third-party-ticker")
    ex = plugins.load("toy", {})
    resolved: list[Any] = []

    class Client:
        url = "ws://toy"
        subscriptions: dict[str, Any] = {}
        futures: dict[str, Any] = {}

        def resolve(self, result: Any, message_hash: Any) -> Any:
            resolved.append((message_hash, result))
            return result

    client = Client()
    frame = {"e": "ticker", "s": "BTCUSD", "E": 1, "c": "1"}
    assert ex.ws_dispatcher.dispatch(client, frame) is True
    assert plugin.calls == [(ex, client, frame)]
    assert resolved == [("ticker:BTCUSD", {"by": "third party"})]
    assert ex.tickers == {}  # the toy's own handle_ticker never ran


def test_a_registered_raw_frame_taker_is_bound_to_the_instance(registered: Registered) -> None:
    """``raw_frame`` among a plugin's parsers becomes the dispatcher's ``raw``: ``(client, data)``
    bound to the exchange, what the websocket client offers each frame before decoding it."""
    calls: list[Any] = []

    class RawPlugin:
        @hookimpl
        def ccxtpro_parsers(self, exchange_id: str) -> dict[str, Any] | None:
            def raw_frame(exchange: Any, client: Any, data: Any) -> bool:
                calls.append((exchange, client, data))
                return data == b"mine"
            return {"raw_frame": raw_frame} if exchange_id == "toy" else None

    assert plugins.load("toy", {}).ws_dispatcher.raw is None  # nobody registered one
    registered.append(RawPlugin(), name="raw-taker")
    ex = plugins.load("toy", {})
    raw = ex.ws_dispatcher.raw
    assert raw("client", b"mine") is True and raw("client", b"other") is False
    assert calls == [(ex, "client", b"mine"), (ex, "client", b"other")]


class SensitiveFieldsPlugin:
    """A third party marking a field of its exchange's responses as a secret."""

    def __init__(self, *names: str) -> None:
        self.names = names

    @hookimpl
    def ccxtpro_sensitive_fields(self, exchange_id: str) -> list[str] | None:
        return list(self.names) if exchange_id == "plugtoy" else None


def test_fields_a_plugin_marks_sensitive_are_redacted(registered: Registered) -> None:
    """ccxtpro_sensitive_fields is honoured: marked names are masked and their values learned."""
    registered.append(ExchangesPlugin({"plugtoy": PlugToy}), name="plugtoy-plugin")
    registered.append(SensitiveFieldsPlugin("sessionCode"), name="fields-one")
    registered.append(SensitiveFieldsPlugin("streamPass", "sessionCode"), name="fields-two")
    assert plugins.sensitive_fields("plugtoy") == {"sessionCode", "streamPass"}
    assert plugins.sensitive_fields("other") == frozenset()
    ex = ccxtpro.load("plugtoy")
    assert ex.redactor.text('{"streamPass": "sp-0123456789"}') == '{"streamPass": "***"}'
    ex.redactor.learn({"data": {"sessionCode": "sc-from-a-response"}})  # as every REST response is
    assert "sc-from-a-response" not in ex.redactor.url("wss://toy/user/sc-from-a-response")
    assert not RestToy().redactor.is_sensitive("streamPass")


def test_one_parser_name_from_two_plugins_is_an_error(registered: Registered) -> None:
    registered.append(RoutesPlugin("plugtoy", "a"), name="routes-one")
    registered.append(RoutesPlugin("plugtoy", "a"), name="routes-two")
    with pytest.raises(ExchangeError, match="routes-one.*routes-two|routes-two.*routes-one"):
        plugins.parsers("plugtoy")


def test_core_signers_are_registered_through_the_hook() -> None:
    assert plugins.get_plugin_manager().get_plugin("ccxtpro.core") is not None
    assert {"HMAC-SHA256", "HMAC-SHA384", "HMAC-SHA512", "RSA-SHA256", "Ed25519"} <= set(plugins.signers("anything"))


def test_an_exchange_plugin_can_override_a_core_scheme(registered: Registered) -> None:
    class Base64Hmac:
        @hookimpl
        def ccxtpro_signers(self, exchange_id: str) -> list[SigningScheme] | None:
            if exchange_id != "plugtoy":
                return None
            return [SigningScheme("HMAC-SHA256", HMAC, lambda secret: lambda payload: "custom:" + str(payload))]

    registered.append(Base64Hmac(), name="b64-signer")
    assert PlugToy({"secret": "s3cr3t-value"}).sign_payload("abc") == "custom:abc"
    assert RestToy({"secret": "s3cr3t-value"}).sign_payload("abc") != "custom:abc"  # other ids keep the core's


def test_autoload_switch_and_explicit_plugins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[str] = []
    monkeypatch.setattr(pluggy.PluginManager, "load_setuptools_entrypoints", lambda self, group, name=None: calls.append(group) or 0)
    plugins.create_plugin_manager()
    assert calls == ["ccxtpro"]
    monkeypatch.setenv(plugins.DISABLE_AUTOLOAD_ENV, "1")
    module = tmp_path / "ccxtpro_test_explicit_plugin.py"
    module.write_text(textwrap.dedent(
        """
        import ccxtpro

        @ccxtpro.hookimpl
        def ccxtpro_auth_routers(exchange_id):
            return {"spot": "explicit"}
        """
    ))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv(plugins.PLUGINS_ENV, "ccxtpro_test_explicit_plugin")
    pm = plugins.create_plugin_manager()
    assert calls == ["ccxtpro"]  # not called again
    assert pm.get_plugin("ccxtpro_test_explicit_plugin") is not None
    assert pm.hook.ccxtpro_auth_routers(exchange_id="x") == [{"spot": "explicit"}]
    sys.modules.pop("ccxtpro_test_explicit_plugin", None)


class MountsPlugin:
    """A third party saying where its exchange's hosts sit on one origin."""

    def __init__(self, mounts: dict[str, str]) -> None:
        self.mounts = mounts

    @hookimpl
    def ccxtpro_url_mounts(self, exchange_id: str) -> dict[str, str] | None:
        return dict(self.mounts) if exchange_id == "plugtoy" else None


def test_url_mounts_from_a_plugin_fold_a_base_url_string(registered: Registered) -> None:
    registered.append(ExchangesPlugin({"plugtoy": PlugToy}), name="plugtoy-plugin")
    registered.append(MountsPlugin({"wss://stream.toy.example": "/spot"}), name="mounts")
    assert plugins.url_mounts("plugtoy") == {"wss://stream.toy.example": "/spot"}
    assert plugins.url_mounts("other") == {}
    ex = ccxtpro.load("plugtoy", {"baseUrl": "http://127.0.0.1:1"})
    assert ex.urls["api"]["ws"] == "ws://127.0.0.1:1/spot/ws"
    assert ex.urls["api"]["public"] == "http://127.0.0.1:1/v1"


def test_one_url_prefix_from_two_plugins_is_an_error(registered: Registered) -> None:
    registered.append(MountsPlugin({"wss://stream.toy.example": "/a"}), name="mounts-one")
    registered.append(MountsPlugin({"wss://stream.toy.example": "/b"}), name="mounts-two")
    with pytest.raises(ExchangeError, match="mounts-one.*mounts-two|mounts-two.*mounts-one"):
        plugins.url_mounts("plugtoy")


def test_a_malformed_url_mount_is_an_error(registered: Registered) -> None:
    registered.append(MountsPlugin({"stream.toy.example": "/a"}), name="mounts-bad")
    with pytest.raises(ExchangeError, match="'plugtoy'.*stream.toy.example"):
        plugins.url_mounts("plugtoy")
