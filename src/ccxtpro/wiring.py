"""What plugins give one exchange, resolved once: its wiring.

An exchange's frame routes, frame handlers, signing schemes, auth routers and
sensitive fields come from pluggy hooks (:mod:`ccxtpro.hookspecs`). The plugin
registry (:mod:`ccxtpro.plugins`) is the one place that asks the hooks and
combines their answers; it installs itself here as the resolver when it is
imported, and forgets resolved wirings whenever a plugin is registered or
unregistered. Everything else (the exchange, its websocket and signing code)
reads the :class:`Wiring` its instance was built with and never asks the
registry, so this module imports nothing of the runtime: an instance built by
calling its class directly and one from ``ccxtpro.load(id)`` get the same
wiring.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Wiring:
    """One exchange's share of the plugins, combined as each hook's spec says.

    ``routes``: frame routes (``ccxtpro_channels``); ``handlers``: frame
    handlers by the method name they stand in for (``ccxtpro_parsers``, names
    starting with ``handle_``, and ``raw_frame``); ``signers``: signing schemes by name, in
    preference order (``ccxtpro_signers``); ``auth_routers``: market or account
    type -> name of the method that authenticates it (``ccxtpro_auth_routers``);
    ``sensitive_fields``: response fields whose values are secrets
    (``ccxtpro_sensitive_fields``); ``url_mounts``: where each of the
    exchange's hosts sits under a single-origin ``baseUrl``, URL prefix ->
    path (:mod:`ccxtpro.config`); ``rate_budgets``: request-weight budgets per API
    group (``ccxtpro_rate_budgets``, :mod:`ccxtpro.ratebudget`).
    """

    exchange_id: str
    routes: tuple[Any, ...] = ()
    handlers: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    signers: Mapping[str, Any] = field(default_factory=dict)
    auth_routers: Mapping[str, Any] = field(default_factory=dict)
    sensitive_fields: frozenset[str] = frozenset()
    url_mounts: Mapping[str, str] = field(default_factory=dict)
    rate_budgets: tuple[Mapping[str, Any], ...] = ()

    def __post_init__(self) -> None:
        # shared by every instance of the exchange: read-only copies
        object.__setattr__(self, "routes", tuple(self.routes))
        object.__setattr__(self, "rate_budgets", tuple(MappingProxyType(dict(b)) for b in self.rate_budgets))
        for name in ("handlers", "signers", "auth_routers", "url_mounts"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        object.__setattr__(self, "sensitive_fields", frozenset(self.sensitive_fields))


#: the wiring of an exchange no plugin serves (and of everything before the
#: registry is imported)
EMPTY = Wiring("")

Resolver = Callable[[str], Wiring]

_resolver: Resolver | None = None
_resolved: dict[str, Wiring] = {}


def install(resolver: Resolver) -> None:
    """Make ``resolver`` the source of wirings (done by :mod:`ccxtpro.plugins`)."""
    global _resolver
    _resolver = resolver
    _resolved.clear()


def invalidate() -> None:
    """Forget resolved wirings: the set of plugins changed."""
    _resolved.clear()


def wiring_for(exchange_id: str | None) -> Wiring:
    """The wiring of ``exchange_id``, resolved once per set of plugins."""
    key = exchange_id or ""
    wiring = _resolved.get(key)
    if wiring is None:
        wiring = _resolver(key) if _resolver is not None else Wiring(key)
        _resolved[key] = wiring
    return wiring
