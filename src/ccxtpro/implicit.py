"""Implicit REST methods: one method per endpoint of an exchange's ``api``.

CCXT describes an exchange's REST API as nested dicts: API name(s), then an
HTTP method, then paths with their rate-limit cost (a number, or a dict
holding ``cost`` and more). Every path becomes two methods with CCXT's exact
names, e.g. ``('public', 'GET', 'ticker/24hr')`` gives ``publicGetTicker24hr``
and ``public_get_ticker_24hr``. Calling one awaits
``exchange.request(path, api, method, params, config=config)``.

Endpoints are set on the class once (per class and ``api`` description), so
calling one costs about what a normal method call does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import MethodType
from typing import Any

#: verbs CCXT recognises in an ``api`` description; any other key (even
#: ``options``, an API name on some exchanges) is one more level of API
HTTP_METHODS = frozenset({"get", "post", "put", "delete", "patch"})

_WORD_SPLIT = re.compile(r"[^a-zA-Z0-9]+")


def _capitalize(s: str) -> str:
    return s[:1].upper() + s[1:]


def endpoint_names(api: list[str], method: str, path: str) -> tuple[str, str]:
    """CCXT's (camelCase, snake_case) names for one endpoint.

    Path words are split on anything not alphanumeric; camelCase capitalizes
    only each word's first letter, snake_case lowercases whole words.
    """
    words = [w for w in _WORD_SPLIT.split(path) if w]
    verb = method.lower()
    camel = api[0] + "".join(_capitalize(a) for a in api[1:]) + _capitalize(verb)
    camel += "".join(_capitalize(w) for w in words)
    snake = "_".join([a.lower() for a in api] + [verb] + [w.lower() for w in words])
    return camel, snake


def _endpoint_config(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"cost": value}
    return {}


def iter_endpoints(
    api: Mapping[str, Any], prefix: tuple[str, ...] = ()
) -> Iterator[tuple[list[str], str, str, dict[str, Any]]]:
    """Yield ``(api_path, HTTP_METHOD, path, config)`` for every endpoint.

    A key that is an HTTP verb holds paths (a list, or a dict path -> cost or
    config); any other key names one more level of API.
    """
    for key, value in api.items():
        if key.lower() in HTTP_METHODS and prefix:
            if isinstance(value, Mapping):
                for path, cfg in value.items():
                    yield list(prefix), key.upper(), path, _endpoint_config(cfg)
            else:
                for path in value:
                    yield list(prefix), key.upper(), path, {}
        elif isinstance(value, Mapping):
            yield from iter_endpoints(value, prefix + (key,))


class Endpoint:
    """One implicit method: a descriptor that binds like a function.

    Calling it returns ``exchange.request(...)``'s coroutine directly, so an
    implicit call adds no coroutine frame of its own.
    """

    __slots__ = ("path", "api", "method", "config", "name")

    def __init__(self, path: str, api: str | list[str], method: str, config: dict[str, Any], name: str) -> None:
        self.path = path
        self.api = api
        self.method = method
        self.config = config
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        return self if instance is None else MethodType(self, instance)

    def __call__(self, exchange: Any, params: Mapping[str, Any] | None = None) -> Any:
        return exchange.request(self.path, self.api, self.method, {} if params is None else params, config=self.config)

    def __repr__(self) -> str:
        return f"<endpoint {self.name}: {self.method} {self.path} cost={self.config.get('cost', 1)}>"


def build_endpoints(api: Mapping[str, Any]) -> dict[str, Endpoint]:
    """Every implicit method of ``api`` under both its names."""
    out: dict[str, Endpoint] = {}
    for api_path, method, path, config in iter_endpoints(api):
        camel, snake = endpoint_names(api_path, method, path)
        api_arg: str | list[str] = api_path[0] if len(api_path) == 1 else api_path
        fn = Endpoint(path, api_arg, method, config, snake)
        out[camel] = fn
        out[snake] = fn
    return out


def install_endpoints(cls: type, api: Mapping[str, Any]) -> None:
    """Set the implicit methods on ``cls``, never replacing a method the class
    (or a base) defines by hand."""
    for name, fn in build_endpoints(api).items():
        existing = getattr(cls, name, None)
        if existing is None or isinstance(existing, Endpoint):
            setattr(cls, name, fn)
