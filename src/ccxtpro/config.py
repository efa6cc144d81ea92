"""Exchange configuration: validation, environment selection, URL rebasing.

Config follows CCXT (``apiKey``, ``secret``, ``options``, ``urls``…) plus
two keys of ours:

* ``env``: ``"prod"`` (default), ``"testnet"`` or ``"demo"`` picks a URL set
  the exchange declares in ``describe()['urls']`` (``api``, ``test``,
  ``demo``; CCXT's ``sandbox``/``testnet`` flags mean ``env="testnet"``).
* ``baseUrl`` (alias ``base_url``): points every API URL at another origin,
  so a local simulator can stand in for the exchange. A string replaces the
  scheme and host of every URL and keeps its path (``ws``/``wss`` follow
  ``http``/``https``); a dict maps URL prefixes to replacements.

  An exchange whose hosts share paths (two hosts both serving ``/ws``)
  cannot keep every path on one origin: its plugins declare where each of
  its hosts is mounted under a single origin (the wiring's ``url_mounts``,
  URL prefix -> path), and a string ``baseUrl`` puts a URL matching a
  prefix (longest first) at ``base + mount + the rest of the URL``. A
  simulator serving the exchange on one port serves that layout, so
  ``{"baseUrl": "http://127.0.0.1:PORT"}`` alone points every REST and
  websocket URL at it.

Errors raised here never include a configured value, only key names and
types, so a secret cannot end up in a traceback or a log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from .errors import BadRequest, NotSupported

#: credential keys: never printed, redacted from logs
CREDENTIAL_KEYS = (
    "apiKey",
    "secret",
    "password",
    "uid",
    "login",
    "twofa",
    "privateKey",
    "walletAddress",
    "token",
)

#: environment -> key of ``urls`` holding that environment's API URLs
ENV_URL_SETS = {"prod": "api", "testnet": "test", "demo": "demo"}

_STR = (str,)
_NUM = (int, float)
_MAP = (Mapping,)

#: expected types of known keys; unknown keys are kept untouched, as in CCXT
CONFIG_TYPES: dict[str, tuple[type, ...]] = {
    **{k: _STR for k in CREDENTIAL_KEYS},
    "id": _STR,
    "name": _STR,
    "hostname": _STR,
    "env": _STR,
    "options": _MAP,
    "urls": _MAP,
    "api": _MAP,
    "headers": _MAP,
    "exceptions": _MAP,
    "httpExceptions": _MAP,
    "has": _MAP,
    "timeout": _NUM,
    "rateLimit": _NUM,
    "enableRateLimit": (bool,),
    "verbose": (bool,),
    "sandbox": (bool,),
    "testnet": (bool,),
    "baseUrl": (str, Mapping),
    "base_url": (str, Mapping),
    "markets": _MAP,
    "userAgent": (str, Mapping),
}

_TYPE_NAMES = {str: "str", int: "int", float: "float", bool: "bool", Mapping: "dict"}


def _expected(types: tuple[type, ...]) -> str:
    return " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)


def validate(config: Any) -> dict[str, Any]:
    """Check types of known keys; return a plain dict copy.

    ``None`` credentials are accepted and mean "not set". Raises
    :class:`BadRequest` naming the key and the types involved, never a value.
    """
    if config is None:
        return {}
    if not isinstance(config, Mapping):
        raise BadRequest(f"exchange config must be a dict, got {type(config).__name__}")
    out = dict(config)
    for key, value in out.items():
        if not isinstance(key, str):
            raise BadRequest(f"exchange config keys must be str, got {type(key).__name__}")
        types = CONFIG_TYPES.get(key)
        if types is None or (value is None and key in CREDENTIAL_KEYS):
            continue
        if isinstance(value, bool) and bool not in types:
            ok = False  # bool is an int, but True is not a timeout
        else:
            ok = isinstance(value, types)
        if not ok:
            raise BadRequest(
                f"exchange config {key!r} must be {_expected(types)}, got {type(value).__name__}"
            )
        if key in CREDENTIAL_KEYS:
            check_credential(key, value)
    for key in ("timeout", "rateLimit"):
        if key in out and out[key] < 0:
            raise BadRequest(f"exchange config {key!r} must not be negative")
    return out


def check_credential(key: str, value: Any) -> None:
    """Reject a credential that cannot be right, naming the key, never the value:
    a non-str, or a control character (a newline pasted along with a key breaks
    the HTTP header it travels in). PEM blocks are multi-line by nature."""
    if value is None:
        return
    if not isinstance(value, str):
        raise BadRequest(f"exchange config {key!r} must be str, got {type(value).__name__}")
    if "-----BEGIN" in value:
        return
    for ch in value:
        if ch < " " or ch == "\x7f":
            raise BadRequest(
                f"exchange config {key!r} contains a control character (U+{ord(ch):04X}); "
                "was a newline copied along with it?"
            )


def env_from_config(config: Mapping[str, Any], options: Mapping[str, Any]) -> str:
    """The environment asked for: ``env``, else CCXT's sandbox/testnet flags."""
    env = config.get("env")
    if env is not None:
        return env
    for source in (config, options):
        if source.get("sandbox") is True or source.get("testnet") is True:
            return "testnet"
    return "prod"


def select_env(urls: dict[str, Any], env: str, exchange_id: str | None) -> dict[str, Any]:
    """Return ``urls`` with ``urls['api']`` set to the chosen environment's set.

    The production set is kept as ``urls['apiBackup']`` when switching away,
    as CCXT's ``set_sandbox_mode`` does.
    """
    key = ENV_URL_SETS.get(env)
    if key is None:
        raise NotSupported(
            f"{exchange_id} unknown env {env!r}; expected one of {', '.join(ENV_URL_SETS)}"
        )
    if key == "api":
        return urls
    chosen = urls.get(key)
    if not chosen:
        raise NotSupported(f"{exchange_id} does not declare URLs for env {env!r} (urls[{key!r}])")
    out = dict(urls)
    out["apiBackup"] = urls.get("api")
    out["api"] = _copy(chosen)
    return out


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    return value


_WS_FOR_HTTP = {"http": "ws", "https": "wss"}
_HTTP_FOR_WS = {v: k for k, v in _WS_FOR_HTTP.items()}


def _longest_prefix(url: str, prefixes: Mapping[str, str]) -> str | None:
    for prefix in sorted(prefixes, key=len, reverse=True):
        if url.startswith(prefix):
            return prefix
    return None


def rebase_url(url: str, base: str | Mapping[str, str], mounts: Mapping[str, str] | None = None) -> str:
    """Point one URL at ``base`` (see the module docstring); ``mounts`` (URL
    prefix -> path under a single origin) apply to a string ``base`` only."""
    if isinstance(base, Mapping):
        prefix = _longest_prefix(url, base)
        return url if prefix is None else base[prefix] + url[len(prefix):]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss") or not parts.netloc:
        return url
    mount, rest = "", url[len(parts.scheme) + 3 + len(parts.netloc):]
    prefix = _longest_prefix(url, mounts) if mounts else None
    if prefix is not None:
        mount, rest = mounts[prefix], url[len(prefix):]  # type: ignore[index]
    target = urlsplit(base)
    scheme = target.scheme
    if parts.scheme in _HTTP_FOR_WS:
        scheme = _WS_FOR_HTTP.get(scheme, scheme)
    else:
        scheme = _HTTP_FOR_WS.get(scheme, scheme)
    return f"{scheme}://{target.netloc}{target.path.rstrip('/')}{mount}{rest}"


def rebase_urls(value: Any, base: str | Mapping[str, str], mounts: Mapping[str, str] | None = None) -> Any:
    """Apply :func:`rebase_url` to every URL string in a nested ``urls['api']``."""
    if isinstance(value, str):
        return rebase_url(value, base, mounts)
    if isinstance(value, Mapping):
        return {k: rebase_urls(v, base, mounts) for k, v in value.items()}
    if isinstance(value, list):
        return [rebase_urls(v, base, mounts) for v in value]
    return value


def check_url_mounts(mounts: Mapping[str, str]) -> None:
    """Reject a mount table (URL prefix -> path) that cannot work: a prefix that
    is not an absolute http(s)/ws(s) URL, or a path that is neither empty nor
    starts with ``/``. Raises :class:`ValueError` naming the entry."""
    for prefix, path in mounts.items():
        parts = urlsplit(prefix) if isinstance(prefix, str) else None
        if parts is None or parts.scheme not in ("http", "https", "ws", "wss") or not parts.netloc:
            raise ValueError(f"URL mount {prefix!r} is not an absolute http(s) or ws(s) URL prefix")
        if not isinstance(path, str) or (path and not path.startswith("/")) or path.endswith("/"):
            raise ValueError(f"URL mount {prefix!r} -> {path!r}: the path must be empty or start "
                             "with '/' and not end with it")


def check_base_url(base: str | Mapping[str, str]) -> None:
    """Reject a ``baseUrl`` that is not an absolute http(s)/ws(s) URL."""
    targets = base.values() if isinstance(base, Mapping) else [base]
    for target in targets:
        parts = urlsplit(target) if isinstance(target, str) else None
        if parts is None or parts.scheme not in ("http", "https", "ws", "wss") or not parts.netloc:
            raise BadRequest("exchange config 'baseUrl' must be an absolute http(s) or ws(s) URL")
