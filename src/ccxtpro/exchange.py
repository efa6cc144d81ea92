"""``ccxtpro.Exchange``: the one base class every exchange plugin subclasses.

It gives generated CCXT code the base API it calls: the primitives
(``FunctionsMixin``, last in the MRO so the base's own market and REST
methods win), markets (``MarketsMixin``), the REST transport (``RestMixin``)
and the websocket runtime (``WsMixin``), plus CCXT's configuration
semantics:

* ``describe()`` returns the exchange's description; each subclass merges
  its own over its parent's with ``self.deep_extend(super().describe(),
  {...})``, exactly as CCXT's classes do.
* Construction follows CCXT's order: ``options`` starts as
  ``get_default_options()``, the description is deep-merged over it, then a
  config dict (``apiKey``, ``secret``, ``password``, ``uid``, ``options``,
  ``urls``…), so ``options`` given by the user override the class defaults
  key by key; then ``after_construct()`` (network maps, features, the rate
  limiter, predefined markets) and, for ``env="testnet"`` (or CCXT's
  ``sandbox``/``testnet`` flags), ``set_sandbox_mode(True)`` — so an
  exchange's overrides of these hooks run as they do in CCXT.
* ``env`` and ``baseUrl`` choose where the exchange connects
  (:mod:`ccxtpro.config`).
* Every endpoint in ``api`` becomes an implicit method under its camelCase
  and snake_case names (:mod:`ccxtpro.implicit`); every snake_case method
  has a camelCase alias (:mod:`ccxtpro.aliases`).

Bad config fails at construction with a typed error whose message never
contains a configured value; ``repr()`` never shows a credential.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Mapping
from types import MethodType
from typing import Any

from . import config as _config
from .aliases import add_camelcase_aliases
from .arguments import check_unified_arguments
from .errors import (
    AuthenticationError,
    BadRequest,
    DDoSProtection,
    ExchangeError,
    ExchangeNotAvailable,
    NotSupported,
    RateLimitExceeded,
    RequestTimeout,
)
from .functions.mixin import FunctionsMixin
from .functions.number import NO_PADDING
from .implicit import Endpoint, build_endpoints, install_endpoints
from .markets import DECIMAL_PLACES, MarketsMixin, _merge
from .redact import Redactor
from .rest import RestMixin
from .functions import crypto
from .signers import KeyForm, SigningKey, inspect_secret, is_pem, select_scheme
from .wiring import EMPTY, Wiring, wiring_for
from .ws.mixin import WsMixin

logger = logging.getLogger("ccxtpro")

#: config keys that steer construction and are not exchange attributes
_CONSTRUCTION_KEYS = ("env", "baseUrl", "base_url", "sandbox", "testnet")

#: CCXT's default mapping of HTTP status to error class
HTTP_EXCEPTIONS: dict[str, type[Exception]] = {
    "422": ExchangeError,
    "418": DDoSProtection,
    "429": RateLimitExceeded,
    **dict.fromkeys(
        ("404", "409", "410", "451", "500", "501", "502", "520", "521", "522", "525", "526", "400", "403", "405", "503", "530"),
        ExchangeNotAvailable,
    ),
    "408": RequestTimeout,
    "504": RequestTimeout,
    "401": AuthenticationError,
    "407": AuthenticationError,
    "511": AuthenticationError,
}


def _constructor_defaults() -> dict[str, Any]:
    """What CCXT's constructor sets before describe() is applied (fresh dicts per instance)."""
    return {
        "headers": {},
        "exceptions": {},
        "timeframes": {},
        "streaming": {"keepAlive": 30000, "maxPingPongMisses": 2},
        "httpExceptions": dict(HTTP_EXCEPTIONS),
        "commonCurrencies": {},
    }


class _Credential:
    """A credential attribute. Set in the config or assigned later (as CCXT users
    do: ``exchange.secret = ...``), its value is checked, taught to the
    instance's redactor, and, for the secret, replaces any signing key loaded
    from the previous one. ``None`` means "not set", as in CCXT."""

    __slots__ = ("name",)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> str | None:
        if obj is None:
            return None
        return obj.__dict__.get(self.name)

    def __set__(self, obj: Any, value: str | None) -> None:
        _config.check_credential(self.name, value)
        if self.name == "secret":
            # a malformed PEM fails now, not at the first signed request
            obj.__dict__["_key_form"] = inspect_secret(value) if value and is_pem(value) else None
            obj.__dict__["_signing_keys"] = {}
        obj.__dict__[self.name] = value
        redactor = obj.__dict__.get("redactor")
        if redactor is not None:
            redactor.add(value)


class Exchange(WsMixin, MarketsMixin, RestMixin, FunctionsMixin):
    """Base class of every exchange (see the module docstring)."""

    apiKey = _Credential()
    secret = _Credential()
    password = _Credential()
    uid = _Credential()
    login = _Credential()
    twofa = _Credential()
    privateKey = _Credential()
    walletAddress = _Credential()
    token = _Credential()

    id: str | None = None
    name: str | None = None
    env: str = "prod"
    isSandboxModeEnabled: bool = False
    hostname: str | None = None
    verbose: bool = False
    enableRateLimit: bool = True
    newUpdates: bool = True
    rateLimit: float = 2000
    timeout: float = 10000
    userAgent: str | dict[str, str] | None = None
    # CCXT's constructor defaults that its base methods read
    countries: Any = None
    certified: bool = False
    pro: bool = False
    alias: bool = False
    rateLimiterAlgorithm: str = "leakyBucket"
    rollingWindowSize: float = 0.0
    minFundingAddressLength: int = 1
    quoteJsonNumbers: bool = True
    fetchHistoryCacheSize: int = 0
    lastRestRequestTimestamp: float = 0
    accountsById: dict[str, Any] | None = None
    reduceFees: bool = True
    substituteCommonCurrencyCodes: bool = True
    precision: dict[str, Any] | None = None
    version: str | None = None
    #: the CCXT release generated code was translated from (generated classes set it)
    ccxtVersion: str | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        check_unified_arguments(cls)  # bad arguments fail with typed errors (ccxtpro.arguments)
        add_camelcase_aliases(cls)

    def describe(self) -> dict[str, Any]:
        """The base description every exchange's ``describe()`` extends."""
        return {
            # class attributes seed the description, so a subclass may set
            # ``id = "x"`` on the class instead of in describe(), as in CCXT
            "id": self.id,
            "name": self.name,
            "countries": None,
            "version": None,
            "enableRateLimit": self.enableRateLimit,
            "rateLimit": self.rateLimit,
            "timeout": self.timeout,
            "pro": True,
            "certified": False,
            "alias": False,
            "dex": False,
            "has": {
                "publicAPI": True,
                "privateAPI": True,
                "CORS": None,
                "sandbox": None,
                "spot": None,
                "margin": None,
                "swap": None,
                "future": None,
                "option": None,
                "ws": None,
                "fetchCurrencies": None,
                "fetchMarkets": True,
            },
            "urls": {"logo": None, "api": {}, "www": None, "doc": None, "fees": None},
            "api": {},
            "requiredCredentials": {
                "apiKey": True,
                "secret": True,
                "uid": False,
                "login": False,
                "password": False,
                "twofa": False,
                "privateKey": False,
                "walletAddress": False,
                "token": False,
            },
            "options": {},
            "headers": {},
            "exceptions": {"exact": {}, "broad": {}},
            "httpExceptions": dict(HTTP_EXCEPTIONS),
            "commonCurrencies": {"XBT": "BTC", "BCHSV": "BSV"},
            "precisionMode": DECIMAL_PLACES,
            "paddingMode": NO_PADDING,
            "reduceFees": True,
            "substituteCommonCurrencyCodes": True,
            "streaming": {"keepAlive": 30000, "maxPingPongMisses": 2},
            "timeframes": {},
            "fees": {"trading": {}, "funding": {}},
            "precision": {"amount": None, "price": None},
            "limits": {
                "leverage": {"min": None, "max": None},
                "amount": {"min": None, "max": None},
                "price": {"min": None, "max": None},
                "cost": {"min": None, "max": None},
            },
        }

    _key_form: KeyForm | None = None
    #: what the plugins give this exchange (routes, handlers, signers…), set per instance
    wiring: Wiring = EMPTY

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        user = _config.validate(config)
        described = self.describe()
        cls_id = described.get("id")
        self.wiring = wiring_for(user.get("id") or cls_id)
        for key in user:
            if callable(getattr(type(self), key, None)):
                raise BadRequest(f"{cls_id} config key {key!r} would replace a method")
        # CCXT: the constructor's defaults (``options`` from get_default_options()), then
        # describe() and the config deep-extend them
        settings = _merge({**_constructor_defaults(), "options": self.get_default_options()}, described)
        settings = _merge(settings, {k: v for k, v in user.items() if k not in _CONSTRUCTION_KEYS})
        base = user.get("baseUrl", user.get("base_url"))
        if base is not None:
            _config.check_base_url(base)
        for key in _config.CREDENTIAL_KEYS:
            if settings.get(key) is None:
                settings.pop(key, None)
        for key, value in settings.items():
            try:
                setattr(self, key, value)
            except AttributeError:  # a read-only property
                raise BadRequest(f"{cls_id} config key {key!r} cannot be set") from None
        self.baseUrl = base
        self.own_session = "session" not in user  # a session passed in stays the caller's to close
        env = _config.env_from_config(user, settings.get("options") or {})
        if base is not None:  # every URL set, so an exchange's own switch between them stays rebased
            self.urls = {k: (_config.rebase_urls(v, base, self.wiring.url_mounts)
                             if k in _config.ENV_URL_SETS.values() and v else v)
                         for k, v in (self.urls or {}).items()}
        self._use_env("prod" if env in ("testnet", "demo") else env)
        self._init_data_containers()
        self.redactor = Redactor((getattr(self, k) for k in _config.CREDENTIAL_KEYS),
                                 fields=self.wiring.sensitive_fields)
        self._install_implicit_api(described.get("api") or {}, "api" in user)
        self.after_construct()
        # through the exchange's overrides, as CCXT's constructor (and its users) do
        if env == "testnet" and not self.isSandboxModeEnabled:
            self.set_sandbox_mode(True)
        elif env == "demo":
            self.enable_demo_trading(True)
            self.env = "demo"
        super().__init__()  # mixins initialise from the applied config

    def get_default_options(self) -> dict[str, Any]:
        """The options every instance starts from, before describe() and the config
        (generated classes return CCXT's)."""
        return {}

    def after_construct(self) -> None:
        """CCXT's hook after the config is applied: the rate limiter, predefined
        markets (generated classes add network maps and features)."""
        self.init_rest_rate_limiter()
        if self.markets:
            self.set_markets(self.markets)

    def _use_env(self, env: str) -> None:
        """Make ``env``'s URL set the active ``urls['api']`` (every set was rebased at
        construction if a ``baseUrl`` is configured)."""
        urls = dict(self.urls or {})
        if "apiBackup" in urls:  # back to production first
            urls["api"] = urls.pop("apiBackup")
        urls = _config.select_env(urls, env, self.id)
        self.urls = urls
        self.env = env
        self.isSandboxModeEnabled = env == "testnet"

    def set_sandbox_mode(self, enabled: bool) -> None:
        """CCXT's switch to the test URL set; ``env="testnet"`` in config is
        the same. Affects connections opened afterwards."""
        self._use_env("testnet" if enabled else "prod")

    def enable_demo_trading(self, enable: bool) -> None:
        """CCXT's switch to the demo URL set (``env="demo"`` in config is the same);
        not available in the sandbox. Affects connections opened afterwards."""
        if self.isSandboxModeEnabled:
            raise NotSupported(f"{self.id} demo trading is not supported in the sandbox environment")
        self._use_env("demo" if enable else "prod")
        self.options["enableDemoTrading"] = enable

    def _init_data_containers(self) -> None:
        """Per-instance stores CCXT Pro code fills (``self.tickers[symbol] = …``),
        with CCXT's initial values: dicts, or None for the caches built on
        first use."""
        for name in ("balance", "orderbooks", "tickers", "bidsasks", "trades", "ohlcvs", "transactions", "fundingRates"):
            if not isinstance(getattr(self, name, None), dict):
                setattr(self, name, {})
        for name in ("orders", "myTrades", "positions", "triggerOrders", "liquidations", "myLiquidations", "accounts"):
            if not hasattr(self, name):
                setattr(self, name, None)
        if not isinstance(getattr(self, "fetchHistoryCache", None), list):
            self.fetchHistoryCache = []

    def _install_implicit_api(self, described_api: Mapping[str, Any], per_instance: bool) -> None:
        """Class-level endpoints once per class; a config ``api`` adds
        instance-level ones."""
        cls = type(self)
        if "_implicit_api_installed" not in vars(cls):
            install_endpoints(cls, described_api)
            cls._implicit_api_installed = True
        if per_instance:
            for name, endpoint in build_endpoints(self.api).items():
                existing = getattr(cls, name, None)
                if existing is None or isinstance(existing, Endpoint):
                    setattr(self, name, MethodType(endpoint, self))

    # ------------------------------------------------------------ lifecycle

    async def close(self) -> None:
        """Close websocket connections and the HTTP session."""
        try:
            await self.close_ws()
        finally:
            await self.close_rest()

    async def __aenter__(self) -> Exchange:
        self.open()
        if self._ws_option("warmUp"):  # options["ws"]["warmUp"]: pre-open the request connections
            try:
                await self.warm_up()
            except BaseException:
                await self.close()  # no __aexit__ follows a failed __aenter__
                raise
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        await self.close()

    def __repr__(self) -> str:
        auth = " authenticated" if self.apiKey else ""
        return f"<{type(self).__name__} id={self.id!r} env={self.env!r}{auth}>"

    def __str__(self) -> str:
        return self.name or self.id or type(self).__name__

    # ----------------------------------------------------------- credentials

    def check_required_credentials(self, error: bool = True) -> bool:
        """Raise (or return False) if a credential the exchange requires is unset."""
        for key, required in (self.requiredCredentials or {}).items():
            if required and not getattr(self, key, None):
                if error:
                    raise AuthenticationError(f'{self.id} requires "{key}" credential')
                return False
        return True

    def signing_key(self, scheme: str | None = None) -> SigningKey:
        """The secret loaded into ``scheme``, cached until the secret changes.

        Schemes are this exchange's (hook ``ccxtpro_signers``, in its wiring).
        Without ``scheme``, the secret's form selects one, preferring
        ``options['signingScheme']`` (e.g. ``"HMAC-SHA512"``).
        """
        keys = self.__dict__.setdefault("_signing_keys", {})
        key = keys.get(scheme)
        if key is None:
            if not self.secret:
                raise AuthenticationError(f'{self.id} requires "secret" credential')
            form = self._key_form or inspect_secret(self.secret)
            schemes = self.wiring.signers
            if scheme is None:
                chosen = select_scheme(form, schemes, (self.options or {}).get("signingScheme"))
            else:
                chosen = schemes.get(scheme)
                if chosen is None:
                    raise NotSupported(f"{self.id} has no signing scheme {scheme!r} "
                                       f"(registered: {', '.join(schemes) or 'none'})")
            key = keys[scheme] = chosen.load(form)
        return key

    def sign_payload(self, payload: str | bytes) -> str:
        """Signature of ``payload`` with this exchange's secret."""
        return self.signing_key().sign(payload)

    # CCXT's signing primitives, as generated code calls them. With the
    # exchange's own secret they sign through its registered schemes (one
    # signing path, a key loaded once); any other secret is signed as CCXT does.

    def _is_own_secret(self, secret: Any) -> bool:
        own = self.secret
        return bool(own) and (secret is own or secret == own or (isinstance(secret, bytes) and secret == own.encode()))

    def hmac(self, request: Any, secret: Any, algorithm: Any = hashlib.sha256, digest: str = "hex") -> Any:
        name = algorithm if isinstance(algorithm, str) else getattr(algorithm, "__name__", "").replace("openssl_", "")
        if digest == "hex" and self._is_own_secret(secret):
            return self.signing_key("HMAC-" + name.upper()).sign(request)
        return crypto.hmac(request, secret, algorithm, digest)

    def rsa(self, request: Any, secret: Any, alg: str = "sha256", padding_mode: str = "pkcs1") -> str:
        if alg == "sha256" and padding_mode == "pkcs1" and self._is_own_secret(secret):
            return self.signing_key("RSA-SHA256").sign(request)
        return crypto.rsa(request, secret, alg, padding_mode)

    def eddsa(self, request: Any, secret: Any, curve: str = "ed25519", url_encode: bool = False) -> str:
        if curve == "ed25519" and not url_encode and self._is_own_secret(secret):
            return self.signing_key("Ed25519").sign(request)
        return crypto.eddsa(request, secret, curve, url_encode)

    def log(self, *args: Any) -> None:
        """CCXT's ``log``: one line (logger ``ccxtpro``, INFO), credentials redacted."""
        logger.info("%s", self.redactor.text(" ".join(str(a) for a in args)))

    async def sleep(self, milliseconds: float) -> None:
        """CCXT's ``sleep``: wait ``milliseconds`` without blocking the loop."""
        await asyncio.sleep(milliseconds / 1000)

    def get_ccxt_version(self) -> str:
        """The CCXT release this exchange's code was generated from ('unknown' if none)."""
        return self.ccxtVersion or "unknown"

    def implode_hostname(self, url: str) -> str:
        """Fill ``{hostname}`` in a URL template."""
        return url.replace("{hostname}", self.hostname) if self.hostname else url


add_camelcase_aliases(Exchange, inherited=True)
