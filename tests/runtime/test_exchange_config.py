"""Exchange construction: CCXT config semantics, env selection, base-URL
override, describe() merging, aliases, and errors that never leak secrets."""

from __future__ import annotations

import re
import traceback
from typing import Any

import pytest

import ccxtpro
from ccxtpro import Exchange, config, wiring
from ccxtpro.errors import AuthenticationError, BadRequest, NotSupported
from ccxtpro.wiring import Wiring

from .rest_helpers import RestToy

SECRET = "hunter2-very-secret-value"
PEM_SECRET = "-----BEGIN PRIVATE KEY-----\nTOPSECRETKEYMATERIAL0123456789abcdef\n-----END PRIVATE KEY-----\n"


class ChildToy(RestToy):
    """A subclass merging its own description over RestToy's."""

    def describe(self) -> dict[str, Any]:
        return self.deep_extend(
            super().describe(),
            {
                "id": "childtoy",
                "options": {"nested": {"b": 20, "c": 30}},
                "api": {"public": {"get": {"extra/{id}": 7}}},
            },
        )

    def fetch_ohlcv(self, symbol: str) -> str:
        return "child ohlcv " + symbol


def everything_printed(error: BaseException) -> str:
    return "".join(traceback.format_exception(error)) + repr(error.args)


def test_exported_from_package() -> None:
    assert ccxtpro.Exchange is Exchange
    assert callable(ccxtpro.load) and callable(ccxtpro.exchanges)


def test_credentials_and_defaults() -> None:
    ex = RestToy({"apiKey": "key", "secret": SECRET, "password": "pw", "uid": "42"})
    assert (ex.apiKey, ex.secret, ex.password, ex.uid) == ("key", SECRET, "pw", "42")
    assert ex.id == "resttoy" and ex.rateLimit == 50 and ex.timeout == 10000
    assert ex.enableRateLimit is True and ex.env == "prod"
    bare = RestToy()
    assert bare.apiKey is None and bare.secret is None  # CCXT's "not set"
    assert RestToy({"apiKey": None}).apiKey is None
    assert bare.tickers == {} and bare.orderbooks == {} and bare.orders is None
    assert bare.tickers is not RestToy().tickers


def test_options_deep_merge_over_class_defaults() -> None:
    ex = RestToy({"options": {"nested": {"b": 3}, "new": 1}})
    assert ex.options == {"defaultType": "spot", "nested": {"a": 1, "b": 3}, "flag": True, "new": 1}
    # class defaults are not mutated by an instance's config
    assert RestToy().options["nested"] == {"a": 1, "b": 2}


def test_describe_merges_across_the_hierarchy() -> None:
    child = ChildToy({"options": {"nested": {"c": 300}}})
    assert child.id == "childtoy" and child.rateLimit == 50
    assert child.options["nested"] == {"a": 1, "b": 20, "c": 300}
    assert child.api["public"]["get"]["extra/{id}"] == 7
    assert child.api["public"]["get"]["markets"] == 1
    assert child.httpExceptions["429"] is ccxtpro.RateLimitExceeded  # from the base
    assert hasattr(child, "publicGetExtraId") and hasattr(child, "public_get_extra_id")
    assert not hasattr(RestToy(), "publicGetExtraId")  # the parent class is untouched


def test_urls_override_deep_merges() -> None:
    ex = RestToy({"urls": {"api": {"public": "https://mirror.example/v1"}}})
    assert ex.urls["api"]["public"] == "https://mirror.example/v1"
    assert ex.urls["api"]["private"] == "https://api.toy.example/v1"


@pytest.mark.parametrize("config", [{"env": "testnet"}, {"sandbox": True}, {"options": {"sandbox": True}}])
def test_env_testnet_selects_the_declared_url_set(config: dict[str, Any]) -> None:
    ex = RestToy(config)
    assert ex.env == "testnet"
    assert ex.urls["api"]["public"] == "https://testnet.toy.example/v1"
    assert ex.urls["api"]["ws"] == "wss://testnet-stream.toy.example/ws"
    assert ex.urls["apiBackup"]["public"] == "https://api.toy.example/v1"


def test_env_not_declared_or_unknown_is_a_typed_error() -> None:
    with pytest.raises(NotSupported, match="demo"):
        RestToy({"env": "demo"})
    with pytest.raises(NotSupported, match="prod, testnet, demo"):
        RestToy({"env": "staging"})


def test_base_url_string_rebases_http_and_ws() -> None:
    ex = RestToy({"baseUrl": "http://127.0.0.1:8765"})
    assert ex.urls["api"] == {
        "public": "http://127.0.0.1:8765/v1",
        "private": "http://127.0.0.1:8765/v1",
        "ws": "ws://127.0.0.1:8765/ws",
    }
    test = RestToy({"env": "testnet", "base_url": "https://sim.local/prefix/"})
    assert test.urls["api"]["public"] == "https://sim.local/prefix/v1"
    assert test.urls["api"]["ws"] == "wss://sim.local/prefix/ws"


def test_base_url_mapping_rebases_by_prefix() -> None:
    ex = RestToy({"baseUrl": {"wss://stream.toy.example": "ws://127.0.0.1:9001"}})
    assert ex.urls["api"]["ws"] == "ws://127.0.0.1:9001/ws"
    assert ex.urls["api"]["public"] == "https://api.toy.example/v1"


def test_bad_base_url() -> None:
    with pytest.raises(BadRequest, match="baseUrl"):
        RestToy({"baseUrl": "127.0.0.1:8080"})


#: hosts that share paths, as a plugin's ``ccxtpro_url_mounts`` declares them
MOUNTS = {
    "wss://stream.toy.example": "/spot",
    "wss://testnet-stream.toy.example": "/spot",
    "https://api.toy.example/v1/data": "/data-api",
}


@pytest.fixture
def mounted(monkeypatch: pytest.MonkeyPatch) -> None:
    """RestToy's wiring carries MOUNTS, as if a plugin had declared them."""
    monkeypatch.setitem(wiring._resolved, "resttoy", Wiring("resttoy", url_mounts=MOUNTS))


def test_rebase_url_puts_a_mounted_host_under_its_path() -> None:
    base = "http://127.0.0.1:8765"
    assert config.rebase_url("wss://stream.toy.example/ws", base, MOUNTS) == "ws://127.0.0.1:8765/spot/ws"
    # the longest prefix wins, and takes the matched part of the path with it
    assert config.rebase_url("https://api.toy.example/v1/data/x", base, MOUNTS) == "http://127.0.0.1:8765/data-api/x"
    assert config.rebase_url("https://api.toy.example/v1/ping", base, MOUNTS) == "http://127.0.0.1:8765/v1/ping"
    # under a base with a path, and with https -> wss
    assert (config.rebase_url("wss://stream.toy.example/ws?a=1", "https://sim.local/p/", MOUNTS)
            == "wss://sim.local/p/spot/ws?a=1")
    # a dict baseUrl is the user's own table: mounts do not apply
    assert (config.rebase_url("wss://stream.toy.example/ws", {"wss://stream.toy.example": "ws://h:1"}, MOUNTS)
            == "ws://h:1/ws")
    assert config.rebase_url("not a url", base, MOUNTS) == "not a url"


def test_a_base_url_string_uses_the_wirings_mounts(mounted: None) -> None:
    ex = RestToy({"baseUrl": "http://127.0.0.1:8765"})
    assert ex.urls["api"] == {
        "public": "http://127.0.0.1:8765/v1",
        "private": "http://127.0.0.1:8765/v1",
        "ws": "ws://127.0.0.1:8765/spot/ws",
    }
    ex.set_sandbox_mode(True)  # the testnet set folds the same way
    assert ex.urls["api"]["ws"] == "ws://127.0.0.1:8765/spot/ws"
    assert ex.urls["api"]["public"] == "http://127.0.0.1:8765/v1"
    # without a baseUrl, or with a dict one, the mounts change nothing
    assert RestToy().urls["api"]["ws"] == "wss://stream.toy.example/ws"
    mapped = RestToy({"baseUrl": {"wss://stream.toy.example": "ws://127.0.0.1:9001"}})
    assert mapped.urls["api"]["ws"] == "ws://127.0.0.1:9001/ws"


@pytest.mark.parametrize("mounts,bad", [
    ({"stream.toy.example": "/spot"}, "stream.toy.example"),
    ({"ftp://toy.example": "/x"}, "ftp://toy.example"),
    ({"wss://stream.toy.example": "spot"}, "'spot'"),
    ({"wss://stream.toy.example": "/spot/"}, "'/spot/'"),
])
def test_bad_url_mounts_are_refused_by_entry(mounts: dict[str, str], bad: str) -> None:
    with pytest.raises(ValueError, match=re.escape(bad)):
        config.check_url_mounts(mounts)
    config.check_url_mounts(MOUNTS)


@pytest.mark.parametrize(
    "config,key",
    [
        ({"apiKey": 12345678901234}, "apiKey"),
        ({"secret": b"hunter2-very-secret-value"}, "secret"),
        ({"secret": ["hunter2-very-secret-value"]}, "secret"),
        ({"options": "hunter2-very-secret-value"}, "options"),
        ({"timeout": "hunter2-very-secret-value"}, "timeout"),
        ({"timeout": True}, "timeout"),
        ({"enableRateLimit": "yes"}, "enableRateLimit"),
        ({"env": 3}, "env"),
    ],
)
def test_wrong_types_raise_bad_request_naming_the_key_not_the_value(config: dict[str, Any], key: str) -> None:
    with pytest.raises(BadRequest) as info:
        RestToy(config)
    assert repr(key) in str(info.value)
    assert "hunter2" not in everything_printed(info.value)
    assert "12345678901234" not in everything_printed(info.value)


def test_config_must_be_a_mapping_and_must_not_replace_methods() -> None:
    with pytest.raises(BadRequest):
        RestToy(["apiKey", SECRET])  # type: ignore[arg-type]
    with pytest.raises(BadRequest, match="'fetch'"):
        RestToy({"fetch": SECRET})
    with pytest.raises(BadRequest):
        RestToy({"timeout": -1})


def test_malformed_pem_secret_fails_at_construction_without_leaking() -> None:
    with pytest.raises(AuthenticationError) as info:
        RestToy({"apiKey": "key", "secret": PEM_SECRET})
    assert "TOPSECRETKEYMATERIAL" not in everything_printed(info.value)


def test_repr_and_str_never_show_credentials() -> None:
    ex = RestToy({"apiKey": "my-api-key-value", "secret": SECRET, "password": "pass-phrase-value"})
    shown = repr(ex) + str(ex)
    for value in ("my-api-key-value", SECRET, "pass-phrase-value"):
        assert value not in shown
    assert "resttoy" in repr(ex) and str(ex) == "Rest Toy"


def test_camelcase_aliases_follow_overrides() -> None:
    child = ChildToy()
    assert child.fetchOHLCV("BTC/USDT") == "child ohlcv BTC/USDT"
    assert ChildToy.loadMarkets is ChildToy.load_markets
    assert RestToy.fetchMarkets is RestToy.fetch_markets
    assert Exchange.safeMarket is Exchange.safe_market
    assert Exchange.checkRequiredCredentials is Exchange.check_required_credentials


def test_implicit_methods_exist_under_both_names() -> None:
    ex = RestToy()
    for camel, snake in [
        ("publicGetMarkets", "public_get_markets"),
        ("publicGetTickerSymbol", "public_get_ticker_symbol"),
        ("privatePostListenKey", "private_post_listenkey"),
        ("privateGetAccount", "private_get_account"),
    ]:
        assert getattr(RestToy, camel) is getattr(RestToy, snake)
    assert RestToy.publicGetDepth.config == {"cost": 5, "byLimit": [[100, 5], [1000, 10]]}
    assert RestToy.privateGetAccount.config == {}
    assert ex.publicGetTime.__self__ is ex


def test_config_api_adds_instance_endpoints_only() -> None:
    ex = RestToy({"api": {"public": {"get": {"status": 1}}}})
    assert hasattr(ex, "publicGetStatus")
    assert not hasattr(RestToy(), "publicGetStatus")


def test_markets_in_config_are_indexed() -> None:
    ex = RestToy({"markets": {"X/Y": {"id": "XY", "symbol": "X/Y", "base": "X", "quote": "Y", "spot": True}}})
    assert ex.market("XY")["symbol"] == "X/Y"
    assert ex.markets_by_id["XY"][0]["symbol"] == "X/Y"


def test_required_credentials() -> None:
    assert RestToy({"apiKey": "k", "secret": "s"}).check_required_credentials()
    assert RestToy().check_required_credentials(False) is False
    with pytest.raises(AuthenticationError, match='"apiKey"'):
        RestToy().check_required_credentials()


def test_signing_key_follows_the_secret_and_option() -> None:
    assert RestToy({"secret": SECRET}).signing_key().scheme == "HMAC-SHA256"
    ex = RestToy({"secret": SECRET, "options": {"signingScheme": "HMAC-SHA512"}})
    assert ex.signing_key().scheme == "HMAC-SHA512"
    with pytest.raises(AuthenticationError):
        RestToy().sign_payload("x")


def test_class_attributes_seed_the_description() -> None:
    class AttrToy(Exchange):
        id = "attrtoy"
        name = "Attr Toy"
        rateLimit = 25

    ex = AttrToy({"timeout": 500})
    assert (ex.id, ex.name, ex.rateLimit, ex.timeout) == ("attrtoy", "Attr Toy", 25, 500)
    assert str(ex) == "Attr Toy"


def test_read_only_attributes_are_refused() -> None:
    with pytest.raises(BadRequest, match="marketsById"):
        RestToy({"marketsById": {}})


def test_set_sandbox_mode_switches_url_sets_and_back() -> None:
    ex = RestToy({"baseUrl": {"https://testnet.toy.example": "http://127.0.0.1:1"}})
    assert ex.isSandboxModeEnabled is False
    ex.set_sandbox_mode(True)
    assert ex.env == "testnet" and ex.isSandboxModeEnabled is True
    assert ex.urls["api"]["public"] == "http://127.0.0.1:1/v1"
    ex.setSandboxMode(False)
    assert ex.env == "prod" and ex.urls["api"]["public"] == "https://api.toy.example/v1"
    assert "apiBackup" not in ex.urls


def _ec_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@pytest.mark.parametrize("secret,error,says", [
    (PEM_SECRET, AuthenticationError, "cannot be loaded"),
    (_ec_pem(), AuthenticationError, "unsupported type"),
    ("a-secret-value\n", BadRequest, "control character"),
])
def test_bad_secrets_are_named_never_echoed(secret: str, error: type[BaseException], says: str) -> None:
    for make in (lambda: RestToy({"apiKey": "key", "secret": secret}),
                 lambda: setattr(RestToy({"apiKey": "key"}), "secret", secret)):
        with pytest.raises(error, match=says) as info:
            make()
        printed = everything_printed(info.value)
        assert "'secret'" in printed or "secret" in str(info.value)
        for line in secret.strip().splitlines():
            if not line.startswith("-----"):
                assert line not in printed


def test_empty_secret_is_reported_by_name() -> None:
    ex = RestToy({"apiKey": "key", "secret": ""})
    with pytest.raises(AuthenticationError, match='"secret"'):
        ex.check_required_credentials()
    with pytest.raises(AuthenticationError, match='"secret"'):
        ex.sign_payload("x")


def test_control_characters_in_an_api_key_are_refused_by_name() -> None:
    key = "-".join(["my", "api", "key"]) + "\r\nX-Injected: 1"
    with pytest.raises(BadRequest, match="'apiKey' contains a control character") as info:
        RestToy({"apiKey": key})
    assert "my-api-key" not in everything_printed(info.value)


def test_credentials_assigned_later_are_redacted_and_re_keyed() -> None:
    ex = RestToy({"secret": SECRET})
    first = ex.signing_key()
    ex.apiKey = "assigned-after-construction"
    ex.secret = "another-secret-value"
    assert "assigned-after-construction" not in ex.redactor.text("key assigned-after-construction")
    assert "another-secret-value" not in ex.redactor.text("another-secret-value")
    assert ex.signing_key() is not first and ex.sign_payload("x") != first.sign("x")
    ex.secret = None
    with pytest.raises(AuthenticationError):
        ex.signing_key()
