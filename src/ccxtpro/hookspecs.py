"""Hook specifications for ccxtpro plugins (pluggy project ``ccxtpro``).

An exchange arrives as a plugin: a module, usually exposed through an entry
point in group ``ccxtpro``, that implements some of the hooks below with the
``@ccxtpro.hookimpl`` marker. The core implements ``ccxtpro_signers`` itself
(:mod:`ccxtpro.core_plugin`), through the same mechanism. The answers for one
exchange are combined once into its wiring (:mod:`ccxtpro.wiring`).

Every hook that takes ``exchange_id`` is called for one exchange at a time;
an implementation returns ``None`` for exchanges it does not serve, so one
plugin module may serve several exchanges and several plugins may serve one.
Results come back as a list (pluggy calls the most recently registered
plugin first); :mod:`ccxtpro.plugins` combines them as each docstring says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from .exchange import Exchange
    from .signers import SigningScheme
    from .ws.auth import AuthRoute

PROJECT = "ccxtpro"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# -------------------------------------------------------------------------
# Discovery
# -------------------------------------------------------------------------


@hookspec
def ccxtpro_exchanges() -> Mapping[str, type[Exchange]] | None:
    """Return the exchanges this plugin provides: exchange id -> class.

    Called whenever :func:`ccxtpro.load` or :func:`ccxtpro.exchanges` needs
    the set of installed exchanges (cheap: return a literal dict).

    Results combine by union over all plugins. Two plugins claiming one id is
    an error that names both plugins; the core never picks a winner.

    Each class must subclass :class:`ccxtpro.Exchange`.

    Implement in the module an exchange distribution registers under entry
    point group ``ccxtpro``.
    """


# -------------------------------------------------------------------------
# Websocket routing and parsing
# -------------------------------------------------------------------------


@hookspec
def ccxtpro_channels(exchange_id: str) -> Sequence[Any] | None:
    """Return the frame routes of exchange ``exchange_id``.

    A route is a dict saying how an incoming frame is recognised (a field,
    possibly nested, and the value it must hold; presence; a request id; a
    text frame) and which handler method of the exchange receives it, e.g.
    ``{"path": "e", "value": "trade", "handler": "handle_trade"}``; the full
    format is documented in :mod:`ccxtpro._core.dispatch_py`. The websocket
    runtime builds its dispatch table from these once per exchange instance;
    nothing in the core names an exchange's event.

    Results combine by concatenation in call order (most recently registered
    plugin first), so a later plugin can put a more specific route ahead.

    :param exchange_id: the id under which the exchange was registered.

    Implement in the exchange's plugin module; return ``None`` for other ids.
    """


@hookspec
def ccxtpro_parsers(exchange_id: str) -> Mapping[str, Any] | None:
    """Return frame handlers that stand in for the exchange's own, by handler name.

    Each ``handle_*`` value is a callable ``(exchange, client, frame)``. When
    the websocket runtime binds the exchange's route table (once per
    instance, see :attr:`ccxtpro.ws.mixin.WsMixin.ws_dispatcher`), a route
    naming ``handle_x`` calls the registered ``handle_x`` instead of the
    exchange's method of that name. This is how an exchange plugin puts a
    compiled frame path in front of its generated handlers; a registered
    handler that does not take a frame hands it to the method it replaces.

    One more name has a meaning: ``raw_frame``, a callable
    ``(exchange, client, data) -> bool`` that the websocket client offers each
    frame as received (``str``, ``bytes``, or a ``memoryview`` valid during the
    call) before decoding it. True means it handled the frame completely;
    False, that the frame is decoded and routed as usual. It must take only
    frames whose outcome is exactly what decoding and routing them would give
    (and decline the rest cheaply: every frame passes through it). Other names
    that do not start with ``handle_`` are kept for the plugin's own use.

    Results combine by union; one name provided twice is an error.

    :param exchange_id: the id under which the exchange was registered.

    Implement in the exchange's plugin module; return ``None`` for other ids.
    """


# -------------------------------------------------------------------------
# Authentication
# -------------------------------------------------------------------------


@hookspec
def ccxtpro_signers(exchange_id: str) -> Sequence[SigningScheme] | None:
    """Return the signing schemes available to ``exchange_id``.

    Each scheme (:class:`ccxtpro.signers.SigningScheme`) has a ``name``
    (``"HMAC-SHA256"``, ``"RSA-SHA256"``, ``"Ed25519"``…), says whether a
    secret's form selects it, and turns a secret into a signing key.

    The core registers HMAC-SHA256/384/512, RSA-SHA256 and Ed25519 for every
    exchange. Results combine by name, first come first served in call
    order, so an exchange plugin (registered after the core) overrides a core
    scheme by returning one with the same name, e.g. to change the encoding
    of the signature.

    :param exchange_id: the id under which the exchange was registered.

    Implement in the exchange's plugin module only to add or override
    schemes; most exchanges need nothing here.
    """


@hookspec
def ccxtpro_auth_routers(exchange_id: str) -> Mapping[str, AuthRoute] | None:
    """Return how ``exchange_id`` authenticates the user data of each market or account type.

    Maps a type (``"spot"``, ``"margin"``, ``"future"``, ``"delivery"``,
    ``"portfolioMargin"``…) to an :class:`ccxtpro.ws.auth.AuthRoute`: an async
    ``authenticate(exchange, params)`` that establishes the type's user-data
    stream, ``forget(exchange)`` dropping what is cached for it, and
    ``lost_with(exchange, client)`` saying whether losing a connection loses
    the stream. The runtime uses them to re-authenticate: when a connection is
    lost (not closed by the user), every type lost with it is established
    again in the background; exchange code calls ``exchange.reauthenticate(type)``
    or ``reauthenticate_soon(type, because)`` when the exchange ends a stream
    (an expired listen key, a terminated event stream).

    Results combine by union; one type mapped twice is an error.

    :param exchange_id: the id under which the exchange was registered.

    Implement in the exchange's plugin module; return ``None`` for other ids.
    """


@hookspec
def ccxtpro_sensitive_fields(exchange_id: str) -> Sequence[str] | None:
    """Return names of fields whose values ``exchange_id`` treats as secrets.

    Each name (case-insensitive; a header or parameter ending in it counts
    too) is masked wherever it appears in a log record, telemetry event,
    exception or repr, and a value the exchange returns under it (a listen
    key, a session token) is remembered for the rest of the session, so it is
    masked also where it turns up without its name, such as inside a URL.
    The core already covers credentials, signatures, ``listenKey``,
    ``listenToken`` and ``token`` (:mod:`ccxtpro.redact`).

    Results combine by union.

    :param exchange_id: the id under which the exchange was registered.
    """


# -------------------------------------------------------------------------
# Configuration
# -------------------------------------------------------------------------


@hookspec
def ccxtpro_rate_budgets(exchange_id: str) -> Sequence[Mapping[str, Any]] | None:
    """Return the exchange's request-weight budgets, one mapping per API group.

    Each entry: ``name``; ``apis`` (the ``api`` values the generated code passes to
    ``request()``); ``limit`` (weight per window); ``window`` (seconds, default 60);
    ``header`` (the response header reporting the weight used in the window, if any);
    ``costToWeight`` (exchange weight per unit of ``calculate_rate_limiter_cost``,
    default 1). REST requests of those APIs are then scheduled by the budget
    (:mod:`ccxtpro.ratebudget`) unless ``options["restLimiter"]`` is
    ``"leakyBucket"``; other APIs keep CCXT's leaky bucket.

    Results combine by concatenation; an API in two groups is an error.

    :param exchange_id: the id under which the exchange was registered.
    """


@hookspec
def ccxtpro_url_mounts(exchange_id: str) -> Mapping[str, str] | None:
    """Return where each of ``exchange_id``'s hosts sits on a single origin.

    Maps a URL prefix of the exchange (``"wss://stream.example.com"``) to the
    path it is mounted at (``"/stream"``; ``""`` keeps the URL's path) when a
    string ``baseUrl`` points every URL at one server, such as the exchange's
    loopback simulator: a URL matching a prefix (longest first) goes to
    ``baseUrl + mount + the rest of the URL`` (:mod:`ccxtpro.config`). Only an
    exchange whose hosts serve the same paths needs one; without it a string
    ``baseUrl`` keeps every URL's path. A ``baseUrl`` dict is the user's own
    prefix map and ignores the mounts.

    Results combine by union; one prefix mapped twice is an error, and so is
    a prefix that is not an absolute http(s)/ws(s) URL or a path that is not
    empty and does not start with ``/``.

    :param exchange_id: the id under which the exchange was registered.

    Implement in the exchange's plugin module; return ``None`` for other ids.
    """


# -------------------------------------------------------------------------
# Tools
# -------------------------------------------------------------------------


@hookspec
def ccxtpro_simulator(exchange_id: str) -> Callable[..., Any] | None:
    """Return a factory for a loopback simulator of ``exchange_id``, or ``None``.

    ``factory(seed=1, host="127.0.0.1", port=0)`` returns an object used as
    ``async with`` (serving while inside) that has ``exchange_config(key=...)``
    (a config for :func:`ccxtpro.load` pointing every URL at it; ``key=None``
    for no credentials), ``ccxt_urls()`` (CCXT's ``urls`` override for the
    same server), ``api_keys`` (credential kind -> config entries it accepts)
    and ``base_http`` (its ``http://host:port`` origin). The command line
    (``ccxtpro watch --simulate``, ``ccxtpro simulate``) and the examples run
    against it, so everything works with no network.

    Results: at most one plugin may answer for an id; two is an error.

    :param exchange_id: the id under which the exchange was registered.
    """
