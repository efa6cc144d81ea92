"""Call-site argument checks (``ccxtpro.arguments``) on any exchange class: the methods users
call refuse bad arguments with CCXT's typed errors naming the argument; helpers the
generated code calls itself are left alone."""

from __future__ import annotations

import inspect
import math

import pytest

from ccxtpro import Exchange
from ccxtpro.errors import ArgumentsRequired, BadRequest, BadSymbol


class Toy(Exchange):
    id = "toy"

    async def fetch_thing(self, symbol, timeframe=None, since=None, limit=None, params=None):
        return symbol, timeframe, since, limit

    fetchThing = fetch_thing  # a camelCase alias in the class body, as generated code has

    def watch_thing(self, symbol, limit=None, params=None):  # plain, returns an awaitable
        return self.fetch_thing(symbol, None, None, limit, params)

    async def create_thing(self, symbol, side, amount, price=None, params=None):
        return amount, price

    async def redeem_code(self, giftcardCode, params=None):  # exchange-specific, still user-called
        return giftcardCode

    def create_thing_request(self, symbol, side, amount, price=None):  # a helper: not checked
        return {"amount": amount}


class Index:
    """An integer-like limit (numpy's integers are like this)."""

    def __index__(self):
        return 3

    def __lt__(self, other):
        return 3 < other


@pytest.fixture
def ex():
    toy = Toy()
    toy.timeframes = {"1m": "1m", "1h": "1h"}
    return toy


async def test_valid_arguments_pass_through(ex):
    assert await ex.fetch_thing("BTC/USDT", "1m", 1_700_000_000_000.0, 0) == ("BTC/USDT", "1m", 1.7e12, 0)
    limit = Index()
    assert (await ex.fetch_thing("BTC/USDT", limit=limit))[3] is limit
    assert await ex.create_thing("BTC/USDT", "buy", "0.5", 100) == ("0.5", 100)
    assert await ex.watch_thing("BTC/USDT", 5) == ("BTC/USDT", None, None, 5)
    assert await ex.redeem_code("abc") == "abc"


async def test_a_missing_argument_is_arguments_required_named_as_ccxt_names_it(ex):
    with pytest.raises(ArgumentsRequired, match=r"^toy fetchThing\(\) requires a symbol argument$"):
        await ex.fetchThing()
    with pytest.raises(ArgumentsRequired, match=r"^toy createThing\(\) requires side, amount arguments$"):
        await ex.create_thing("BTC/USDT")
    with pytest.raises(ArgumentsRequired, match=r"redeemCode\(\) requires a giftcardCode argument"):
        await ex.redeem_code()
    with pytest.raises(BadRequest, match=r"fetchThing\(\) got an unexpected keyword argument 'foo'"):
        await ex.fetch_thing("BTC/USDT", foo=1)
    with pytest.raises(BadRequest, match=r"watchThing\(\) too many positional arguments"):
        await ex.watch_thing("BTC/USDT", 1, {}, 4)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"symbol": 123}, BadSymbol, r"fetchThing\(\) symbol must be a market symbol string, got 123"),
    ({"limit": -1}, BadRequest, r"limit must not be negative, got -1"),
    ({"limit": 2.5}, BadRequest, r"limit must be an integer, got 2.5"),
    ({"limit": "10"}, BadRequest, r"limit must be an integer, got '10'"),
    ({"limit": True}, BadRequest, r"limit must be an integer, got True"),
    ({"since": "yesterday"}, BadRequest, r"since must be a timestamp in milliseconds"),
    ({"since": math.nan}, BadRequest, r"since must be a timestamp in milliseconds"),
    ({"timeframe": "7x"}, BadRequest, r"timeframe '7x' is not supported, use one of 1m, 1h"),
    ({"timeframe": 60}, BadRequest, r"timeframe must be a string, got 60"),
])
async def test_bad_values_are_refused_naming_the_argument(ex, kwargs, error, message):
    with pytest.raises(error, match=message):
        await ex.fetch_thing(**{"symbol": "BTC/USDT", **kwargs})


@pytest.mark.parametrize("args, message", [
    (("BTC/USDT", "buy", "abc"), r"createThing\(\) amount must be a number, got 'abc'"),
    (("BTC/USDT", "buy", math.inf), r"amount must be a number, got inf"),
    (("BTC/USDT", "buy", 1, "abc"), r"price must be a number, got 'abc'"),
    (("BTC/USDT", 1, 1), r"createThing\(\) side must be a string, got 1"),
])
async def test_bad_order_arguments(ex, args, message):
    with pytest.raises(BadRequest, match=message):
        await ex.create_thing(*args)


async def test_an_empty_timeframes_map_accepts_any_timeframe(ex):
    ex.timeframes = {}
    assert (await ex.fetch_thing("BTC/USDT", "7x"))[1] == "7x"


async def test_a_plain_method_refuses_when_awaited_not_when_called(ex):
    pending = ex.watch_thing("BTC/USDT", -1)  # no exception yet: it is an awaitable
    with pytest.raises(BadRequest, match=r"watchThing\(\) limit must not be negative"):
        await pending
    pending = ex.watch_thing()
    with pytest.raises(ArgumentsRequired, match=r"watchThing\(\) requires a symbol argument"):
        await pending


def test_the_wrapped_methods_keep_name_signature_and_kind():
    assert Toy.fetchThing is Toy.fetch_thing and Toy.createThing is Toy.create_thing
    assert inspect.iscoroutinefunction(Toy.fetch_thing) and not inspect.iscoroutinefunction(Toy.watch_thing)
    assert Toy.fetch_thing.__name__ == "fetch_thing"
    assert list(inspect.signature(Toy.fetch_thing).parameters) == ["self", "symbol", "timeframe", "since", "limit",
                                                                     "params"]
    assert not hasattr(Toy.create_thing_request, "__wrapped__")  # helpers stay as written

    class Sub(Toy):  # a subclass that does not redefine a method does not wrap it again
        pass
    assert Sub.fetch_thing is Toy.fetch_thing
    assert Toy.fetch_thing.__wrapped__.__name__ == "fetch_thing"
    assert not hasattr(Toy.fetch_thing.__wrapped__, "__wrapped__")
