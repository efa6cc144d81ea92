"""The websocket transport under the client: what a library must do, and which one runs.

:class:`~ccxtpro.ws.client.WsClient` decides nothing about sockets; a
transport carries frames. It dials a URL and then pushes every complete text
or binary message to ``on_frame`` (``str``, ``bytes`` or a ``memoryview`` that
is valid during the call only: decode it there), reports pongs to ``on_pong``,
and reports the end of the connection to ``on_closed(code, reason, error)``
exactly once. Everything else (subscriptions, keepalive timing, reconnects,
waiters, telemetry, redaction) stays in the client and the sans-I/O state, so
it behaves the same whichever transport runs.

Three adapters (:mod:`ccxtpro.ws.transports`): ``websockets`` (the default the
design names), ``aiohttp`` (already a dependency, CCXT's own), and ``picows``
(Cython, the fastest; ``pip install ccxtpro[fast]``). The rule, first match
wins: ``options["ws"]["transport"]`` on the exchange; the environment variable
``CCXTPRO_WS_TRANSPORT``; ``picows`` when it is installed; ``websockets``.
Naming a transport whose library is not installed is an error that says how
to install it.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import NotSupported

OnFrame = Callable[[Any], None]
OnPong = Callable[[], None]
OnClosed = Callable[[int | None, str, BaseException | None], None]


@dataclass(frozen=True)
class DialOptions:
    """What the client asks of a connection, whatever the library."""

    headers: Mapping[str, str] | None = None
    max_size: int = 2**24
    compression: str | None = None
    close_timeout: float = 2.0
    logger: logging.Logger | logging.LoggerAdapter[logging.Logger] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


class Transport(Protocol):
    """An open connection."""

    async def send(self, text: str) -> None:
        """Send a text frame; a closed connection raises ``NetworkError``."""

    async def ping(self) -> None:
        """Send a ping; its pong is reported through ``on_pong``."""

    async def close(self, code: int = 1000) -> None:
        """Close (idempotent) and wait until ``on_closed`` has been called."""


class Dialer(Protocol):
    async def __call__(self, url: str, options: DialOptions, on_frame: OnFrame, on_pong: OnPong,
                       on_closed: OnClosed) -> Transport:
        """Open a connection to ``url``; frames flow to ``on_frame`` once it returns."""


#: transport name -> (module of its adapter, the library it needs, how to get it)
TRANSPORTS: dict[str, tuple[str, str, str]] = {
    "websockets": ("ccxtpro.ws.transports.websockets_transport", "websockets", "pip install websockets"),
    "aiohttp": ("ccxtpro.ws.transports.aiohttp_transport", "aiohttp", "pip install aiohttp"),
    "picows": ("ccxtpro.ws.transports.picows_transport", "picows", "pip install 'ccxtpro[fast]'"),
}
DEFAULT = "websockets"
PREFERRED = "picows"
ENV = "CCXTPRO_WS_TRANSPORT"


async def join_reader(reader: asyncio.Task) -> None:
    """After a close: let a pull adapter's reader task end (it reports the close),
    cancelling it if it does not within 2 s."""
    if reader is asyncio.current_task():
        return
    try:
        await asyncio.wait_for(asyncio.shield(reader), 2)
    except (Exception, asyncio.CancelledError):
        reader.cancel()


def installed() -> dict[str, bool]:
    """Each transport's name -> whether its library is installed (tests run every installed one)."""
    return {name: available(name) for name in TRANSPORTS}


def available(name: str) -> bool:
    """Whether ``name``'s library is installed."""
    try:
        importlib.import_module(TRANSPORTS[name][1])
    except ImportError:
        return False
    return True


def choose(name: str | None = None) -> str:
    """The transport to run, by the rule in the module docstring."""
    if name is None:
        name = os.environ.get(ENV) or None
    if name is None or name == "auto":
        return PREFERRED if available(PREFERRED) else DEFAULT
    if name not in TRANSPORTS:
        raise NotSupported(f"unknown websocket transport {name!r}; known: {', '.join(TRANSPORTS)}")
    if not available(name):
        raise NotSupported(f"websocket transport {name!r} needs {TRANSPORTS[name][1]}, which is not installed: "
                           f"{TRANSPORTS[name][2]}")
    return name


def dialer(name: str | None = None) -> Dialer:
    """The ``dial`` function of the chosen transport."""
    module = importlib.import_module(TRANSPORTS[choose(name)][0])
    return module.dial
