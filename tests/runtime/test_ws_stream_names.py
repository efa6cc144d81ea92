"""``stream_*`` names: every ``watch_<x>`` of an exchange has a ``stream_<x>`` that
``dir()`` lists; CCXT's unified ones are declared (typed) on the runtime and behave
exactly like those made on lookup, because one function makes both."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest

from ccxtpro import WatchStream
from ccxtpro.ws.mixin import WsMixin
from ccxtpro.ws.streams import RUNTIME_WATCH_METHODS, StreamMethod

from .ws_helpers import StandIn, WsServer

T = 5

#: CCXT's unified watch methods the runtime declares a typed stream_* for
UNIFIED = (
    "ticker", "tickers", "bids_asks", "mark_price", "mark_prices", "order_book", "order_book_for_symbols",
    "trades", "trades_for_symbols", "ohlcv", "ohlcv_for_symbols", "orders", "my_trades", "balance",
    "positions", "liquidations", "liquidations_for_symbols", "my_liquidations", "my_liquidations_for_symbols",
)


class Extra(StandIn):
    """StandIn plus a watch method CCXT has no unified name for."""

    async def watch_prices(self, symbol: str, params: Any = None) -> Any:
        return await self.watch_ticker(symbol)


def _streams(names: list[str]) -> set[str]:
    return {n for n in names if n.startswith("stream_")}


def test_dir_lists_a_stream_for_every_watch_method_and_only_those() -> None:
    ex = Extra("ws://127.0.0.1:1")
    listed = _streams(dir(ex))
    # watch_ticker, watch_tickers (declared) and watch_prices (not) each have theirs
    assert listed == {"stream_ticker", "stream_tickers", "stream_prices"}
    # the declared ones this exchange has no watch method for are neither listed nor there
    assert not hasattr(ex, "stream_trades") and not hasattr(ex, "stream_order_book")
    # the runtime's own watch_* plumbing is no stream
    for name in RUNTIME_WATCH_METHODS:
        assert not hasattr(ex, "stream_" + name[len("watch_"):])
    # and every name dir() lists is really there
    assert all(callable(getattr(ex, name)) for name in listed)
    assert set(dir(ex)) >= {"watch_ticker", "watch_prices", "close", "tickers"}  # the rest of dir() is kept


def test_runtime_watch_methods_are_the_mixins_own() -> None:
    assert RUNTIME_WATCH_METHODS == {n for n in vars(WsMixin) if n.startswith("watch_")}


@pytest.mark.parametrize("x", UNIFIED)
def test_unified_streams_are_declared_with_typed_signatures(x: str) -> None:
    declared = vars(WsMixin)["stream_" + x]  # a real class attribute, not made by __getattr__
    assert isinstance(declared, StreamMethod) and declared.__doc__
    signature = inspect.signature(declared.declared)
    params = list(signature.parameters.values())
    assert params[0].name == "self"
    assert [p.name for p in params[-3:]] == ["max_retries", "queue_size", "overflow"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[-3:])
    assert params[-4].name == "params"
    assert signature.return_annotation in ("WatchStream", WatchStream)
    assert all(p.annotation is not inspect.Parameter.empty for p in params[1:])


def test_declared_and_undeclared_streams_are_the_same_function() -> None:
    ex = Extra("ws://127.0.0.1:1")
    typed, made = ex.stream_ticker, ex.stream_prices
    assert "stream_ticker" in vars(WsMixin) and "stream_prices" not in vars(type(ex)).keys() | vars(WsMixin).keys()
    assert typed.__code__ is made.__code__  # one implementation
    assert (typed.__name__, made.__name__) == ("stream_ticker", "stream_prices")
    assert typed.__qualname__ == "Extra.stream_ticker"
    # the declared one carries its declaration's signature and docstring
    assert list(inspect.signature(typed).parameters) == ["symbol", "params", "max_retries", "queue_size",
                                                        "overflow"]
    assert "watch_ticker" in typed.__doc__
    # a fresh bound function per lookup, as a bound method is
    assert ex.stream_ticker is not ex.stream_ticker
    # class access gives the declaration
    assert isinstance(Extra.stream_ticker, StreamMethod)

    for stream, method in ((typed("A"), "watch_ticker"), (made("A", max_retries=3), "watch_prices")):
        assert isinstance(stream, WatchStream)
        assert stream.name == method and stream.args == ("A",) and stream.kwargs == {}
    assert typed("A").max_retries == made("A").max_retries  # the same default
    assert typed("A", {"x": 1}, max_retries=3).args == ("A", {"x": 1})
    assert typed("A", max_retries=3).max_retries == 3


def test_a_declared_stream_is_not_aliased_to_camelcase() -> None:
    # stream_* has no camelCase name, declared or not
    ex = Extra("ws://127.0.0.1:1")
    assert not hasattr(ex, "streamTicker") and not hasattr(ex, "streamPrices")


def test_toy_plugin_exchange_lists_its_streams() -> None:
    toy = pytest.importorskip("ccxtpro_toy.exchange")
    ex = toy.Toy()
    assert _streams(dir(ex)) == {"stream_ticker"}
    assert inspect.signature(ex.stream_ticker).parameters["symbol"].annotation == "str"


async def test_declared_and_undeclared_streams_iterate_alike() -> None:
    server = await WsServer().start()
    ex = Extra(server.url)
    try:
        for n, stream in enumerate((ex.stream_ticker("A"), ex.stream_prices("B")), 1):
            symbol = stream.args[0]
            first = asyncio.ensure_future(stream.__anext__())
            await server.wait_subscribes(n)
            await server.push({"e": "ticker", "s": symbol, "p": 1})
            assert (await asyncio.wait_for(first, T))["p"] == 1
            second = asyncio.ensure_future(stream.__anext__())
            await server.push({"e": "ticker", "s": symbol, "p": 2})
            assert (await asyncio.wait_for(second, T))["p"] == 2
            assert stream.items == 2
    finally:
        await ex.close()
        await server.stop()
