"""Binance's hot frame handlers: CCXT's logic for the common frame shapes, without its per-field calls.

One source, two builds (the aiohttp way): this file is the pure-Python twin,
and the plugin's build compiles the same file with Cython as ``frames_c``.
:mod:`ccxtpro_binance.frames` picks one; the plugin hands its ``HANDLERS`` to
the runtime through the ``ccxtpro_parsers`` hook, and the runtime's route table
calls them in place of the generated methods of the same names.

Each handler mirrors a generated handler (and the parsers and base-class
builders it calls) for the frame shapes Binance sends on its market streams:
known keys only, numbers as plain decimal strings, integer times, a market
that resolves. It builds exactly what the generated code builds: decimal
arithmetic is CCXT's ``Precise`` on (integer, decimals) pairs, so ``cost``,
``vwap``, ``average``… round the same way, and every number is the float of
that exact value. A frame outside those shapes (unknown keys, nulls, numbers
as floats or exponents, an unknown market, an inverse market) is handed,
untouched, to the generated handler, so results never depend on which path
ran. ``MIRRORS`` lists the generated methods each handler reproduces; a test
pins their source, so a regeneration that changes one fails until the handler
is checked again.

``raw_frame`` (compiled build only) goes one step earlier: depthUpdate and kline
frames are applied from the bytes received, before anything is decoded (see
"depth frames straight from the bytes received" below and docs/frame-path.md).
"""

import cython

from ccxtpro import ArrayCache, ArrayCacheBySymbolById, ArrayCacheBySymbolBySide, ArrayCacheByTimestamp
from ccxtpro._core.timefmt import iso8601
from ccxtpro.functions import (
    deep_extend,
    safe_bool,
    safe_dict,
    safe_integer,
    safe_number,
    safe_string,
    safe_string_2,
    safe_string_lower,
    safe_string_n,
    safe_value,
)
from ccxtpro.jsrt import get, parse_float

from .healing import handle_order_book as _heal_order_book
from ccxtpro.functions.number import TICK_SIZE

#: handler -> the generated methods whose behaviour it reproduces
MIRRORS = {
    "handle_trade": ("handle_trade", "is_spot_url", "parse_ws_trade", "parse_trade", "safe_trade",
                     "parsed_fee_and_fees", "safe_market"),
    "handle_tickers": ("handle_tickers", "handle_tickers_and_bids_asks", "parse_ws_ticker", "safe_ticker",
                       "safe_symbol", "safe_market", "is_spot_url"),
    "handle_bids_asks": ("handle_bids_asks", "handle_tickers_and_bids_asks", "parse_ws_ticker", "safe_ticker"),
    "handle_mark_prices": ("handle_mark_prices", "handle_tickers_and_bids_asks", "parse_ws_ticker", "safe_ticker"),
    "handle_ohlcv": ("handle_ohlcv", "find_timeframe", "safe_symbol", "safe_market", "is_spot_url"),
    "handle_order_book": ("handle_order_book", "handle_order_book_message", "handle_deltas", "safe_market",
                          "is_spot_url"),
    "handle_balance": ("handle_balance", "get_account_type_from_subscriptions", "account", "safe_balance"),
    "handle_acount_update": ("handle_acount_update", "handle_balance", "handle_positions", "parse_ws_position",
                             "safe_position", "safe_symbol", "safe_market", "safe_balance"),
    "handle_liquidation": ("handle_liquidation", "parse_ws_liquidation", "safe_liquidation", "safe_symbol",
                           "safe_market"),
    "handle_subscription_status": ("handle_subscription_status",),
    "handle_order_update": ("handle_order_update", "handle_my_trade", "handle_order", "handle_my_liquidation",
                            "parse_ws_order", "parse_ws_trade", "safe_order", "safe_trade", "parsed_fee_and_fees",
                            "reduce_fees_by_currency", "parse_fee_numeric", "safe_symbol", "safe_market"),
}

#: sha256 (16 hex digits) of each mirrored method's generated source, pinned by a test
SOURCE_DIGESTS = {
    "account": "83a012eda89c0963",
    "find_timeframe": "85dedef400b75eae",
    "get_account_type_from_subscriptions": "24490f5022ef8c8c",
    "handle_acount_update": "178baa5ec00d2bb7",
    "handle_balance": "85610a02f7ae8c17",
    "handle_bids_asks": "4df359f870ba4f7e",
    "handle_deltas": "34b822558e16859c",
    "handle_liquidation": "a4dc78b395f2e9e1",
    "handle_mark_prices": "85f2ae1ffb92bfa5",
    "handle_my_liquidation": "95b00a2118135cde",
    "handle_my_trade": "aa93872ecb87d5df",
    "handle_ohlcv": "5a36cd2a1387e6a5",
    "handle_order": "0deca5f3cb33aa92",
    "handle_order_book": "cc57dad5e8f1a58c",
    "handle_order_book_message": "3940821998f3edff",
    "handle_order_update": "a8c5652d9aaf0ac6",
    "handle_positions": "304971bd36b25996",
    "handle_subscription_status": "84f3dfbab4b4a4e9",
    "handle_tickers": "55562deca8c3b0b5",
    "handle_tickers_and_bids_asks": "a83a2834531cfb25",
    "handle_trade": "37e5169b8d1ffe0b",
    "is_spot_url": "5caa0eba75310e56",
    "parse_fee_numeric": "d48105c304c254f6",
    "parse_trade": "c0ba87aacbe63566",
    "parse_ws_liquidation": "834431f2262dd950",
    "parse_ws_order": "5e86388c92400595",
    "parse_ws_position": "5c427e20ef485a98",
    "parse_ws_ticker": "e0a3cc0baf678702",
    "parse_ws_trade": "16e7c0333a46f9d4",
    "parsed_fee_and_fees": "c56cea72264aa1bd",
    "reduce_fees_by_currency": "f3f3aa4845fa1856",
    "safe_balance": "c093ed48d57b6dfc",
    "safe_liquidation": "cecdd01939ff23af",
    "safe_market": "f3600ce1e21f35e7",
    "safe_order": "ed26abc6b1e9958a",
    "safe_position": "e44928a42835d4e7",
    "safe_symbol": "58956416bc25e485",
    "safe_ticker": "b8de3e4b615cac6c",
    "safe_trade": "a989ec8bc0d1efec",
}

#: per build: the compiled and the pure-Python state objects are different types
_STATE = "_binance_frames_state_" + ("c" if cython.compiled else "py")


# -- exact decimals (CCXT's Precise on an integer and a count of decimals) -------------------


@cython.cclass
class Dec:
    """A decimal as CCXT's ``Precise`` holds it: ``i`` / 10**``d``."""

    i = cython.declare(object, visibility="readonly")
    d = cython.declare(cython.long, visibility="readonly")

    def __init__(self, i: object, d: cython.long) -> None:
        self.i = i
        self.d = d


#: Python ints, looked up (``10 ** n`` on a C long would be computed in C and overflow)
_POW10 = [10 ** k for k in range(160)]


@cython.cfunc
def _mk(i: object, d: cython.long) -> Dec:
    """A new ``Dec`` without the argument parsing of a constructor call."""
    v: Dec = Dec.__new__(Dec)
    v.i = i
    v.d = d
    return v


@cython.cfunc
def _pow10(n: cython.long) -> object:
    if n < 160:
        return _POW10[n]
    return _POW10[100] * _pow10(n - 100)


@cython.cfunc
def dec(s: object) -> object:
    """``Precise(s)`` for a plain decimal string (``-12.50``); None for anything else."""
    if type(s) is not str:
        return None
    text: str = s
    n: cython.Py_ssize_t = len(text)
    if n == 0 or n > 40:
        return None
    neg: cython.bint = False
    dot: cython.Py_ssize_t = -1
    k: cython.Py_ssize_t = 0
    digits: cython.Py_ssize_t = 0
    acc: cython.longlong = 0
    c: cython.Py_UCS4
    for c in text:  # (iterating reads the string's buffer directly)
        if "0" <= c <= "9":
            digits += 1
            if digits <= 18:
                acc = acc * 10 + (ord(c) - 48)
        elif c == ".":
            if dot >= 0:
                return None
            dot = k
        elif c == "-" and k == 0:
            neg = True
        else:
            return None
        k += 1
    if digits == 0:
        return None
    places: cython.long = 0 if dot < 0 else n - dot - 1
    if digits <= 18:  # the mantissa fits a C long long: no string slicing, no int parsing
        return _mk(-acc if neg else acc, places)
    return _mk(int(text) if dot < 0 else int(text[:dot] + text[dot + 1:]), places)


#: exact powers of ten as doubles (10**22 is the largest a double holds exactly)
_FPOW10 = [float(10 ** k) for k in range(23)]


@cython.cfunc
def _num(s: object) -> object:
    """``float(s)`` for a frame string, without the general parser when it can be exact.

    A plain decimal with at most 15 significant digits and 22 decimals is a
    mantissa below 2**53 over a power of ten, both exact doubles, so one IEEE
    division rounds correctly: the same float ``float(s)`` returns. Anything
    else goes through ``float(s)`` (which may raise ``ValueError``)."""
    text: str = s
    n: cython.Py_ssize_t = len(text)
    if n == 0 or n > 24:
        return float(text)
    neg: cython.bint = False
    dot: cython.Py_ssize_t = -1
    k: cython.Py_ssize_t = 0
    digits: cython.Py_ssize_t = 0
    acc: cython.longlong = 0
    c: cython.Py_UCS4
    for c in text:  # (iterating reads the string's buffer directly)
        if "0" <= c <= "9":
            digits += 1
            if digits <= 18:
                acc = acc * 10 + (ord(c) - 48)
        elif c == ".":
            if dot >= 0:
                return float(text)
            dot = k
        elif c == "-" and k == 0:
            neg = True
        else:
            return float(text)
        k += 1
    if digits == 0 or digits > 15:
        return float(text)
    places: cython.Py_ssize_t = 0 if dot < 0 else n - dot - 1
    value: cython.double = float(acc)
    if places > 0:
        divisor: cython.double = _FPOW10[places]
        value = value / divisor
    return -value if neg else value


@cython.cfunc
def norm(i: object, d: cython.long) -> Dec:
    """The decimal ``Precise(str(Precise(i, d)))`` holds: CCXT's string round trip drops trailing zeros."""
    v: cython.longlong = 0
    small: cython.bint = True
    try:
        v = i  # most mantissas fit a C long long: strip the zeros in C
    except OverflowError:
        small = False
    if small:
        if v == 0:
            return _mk(0, 0)
        if d <= 0 or v % 10 != 0:
            return _mk(i, d)
        while d > 0 and v % 10 == 0:
            v = v // 10
            d -= 1
        return _mk(v, d)
    while d > 0 and i % 10 == 0:
        i = i // 10
        d -= 1
    return _mk(i, d)


@cython.cfunc
def d_add(a: Dec, b: Dec) -> Dec:
    if a.d == b.d:
        return norm(a.i + b.i, a.d)
    if a.d > b.d:
        return norm(b.i * _pow10(a.d - b.d) + a.i, a.d)
    return norm(a.i * _pow10(b.d - a.d) + b.i, b.d)


@cython.cfunc
def d_sub(a: Dec, b: Dec) -> Dec:
    if a.d == b.d:
        return norm(a.i - b.i, a.d)
    if a.d > b.d:
        return norm(a.i - b.i * _pow10(a.d - b.d), a.d)
    return norm(a.i * _pow10(b.d - a.d) - b.i, b.d)


@cython.cfunc
def d_mul(a: Dec, b: Dec) -> Dec:
    return norm(a.i * b.i, a.d + b.d)


@cython.cfunc
def d_div(a: object, b: object, precision: cython.long) -> object:
    """``Precise.string_div``: None when either side is None or the divisor is zero."""
    if a is None or b is None:
        return None
    x: Dec = a
    y: Dec = b
    if y.i == 0:
        return None
    distance: cython.long = precision - x.d + y.d
    numerator: object
    if distance == 0:
        numerator = x.i
    elif distance < 0:
        numerator = x.i // _pow10(-distance)
    else:
        numerator = x.i * _pow10(distance)
    result, mod = divmod(numerator, y.i)
    if result < 0 and mod:
        result = result + 1
    return norm(result, precision)


@cython.cfunc
def opt_mul(a: object, b: object) -> object:
    if a is None or b is None:
        return None
    return d_mul(a, b)


@cython.cfunc
def to_float(x: object) -> object:
    """``parse_number(str(x))``: the float nearest the exact value (int / int rounds correctly)."""
    if x is None:
        return None
    v: Dec = x
    if v.d == 0:
        return float(v.i)
    m: cython.longlong = 0
    small: cython.bint = v.d <= 22
    if small:
        try:
            m = v.i
        except OverflowError:
            small = False
    if small and -9007199254740992 <= m <= 9007199254740992:
        # both exact doubles: one division rounds correctly, as int / int does
        divisor: cython.double = _FPOW10[v.d]
        return m / divisor
    return v.i / _pow10(v.d)


_TWO = Dec(2, 0)
_HUNDRED = Dec(100, 0)
_ONE = Dec(1, 0)


# -- per-instance state, resolved once ---------------------------------------------------------


@cython.cclass
class _State:
    """What the handlers look up per frame, resolved once per exchange instance.

    Markets are re-resolved when ``markets_by_id`` is replaced (``load_markets``,
    ``set_markets``); timeframes when ``timeframes`` is."""

    markets_by_id = cython.declare(object)
    markets = cython.declare(dict)
    precisions = cython.declare(dict)
    lookups = cython.declare(dict)
    currencies = cython.declare(dict)
    hashes = cython.declare(dict)
    d = cython.declare(dict)  # the instance dict of the exchange (which holds this state)
    client = cython.declare(object)  # the last client resolved on, and its futures
    futures = cython.declare(object)
    timeframes = cython.declare(object)
    interval_to_timeframe = cython.declare(dict)
    spot_urls = cython.declare(dict)

    def __init__(self) -> None:
        self.markets_by_id = None
        self.markets = {}
        self.precisions = {}
        self.lookups = {}
        self.currencies = {}
        self.hashes = {}
        self.d = {}
        self.client = None
        self.futures = None
        self.timeframes = None
        self.interval_to_timeframe = {}
        self.spot_urls = {}


@cython.cfunc
def _state(ex: object) -> _State:
    d: dict = ex.__dict__
    st = d.get(_STATE)
    if st is None:
        state: _State = _State()
        state.d = d
        d[_STATE] = state
        return state
    return st


@cython.cfunc
@cython.inline
def _sattr(st: _State, ex: object, name: str) -> object:
    """``getattr(ex, name)`` from the instance dict the state was found in (``_iattr`` without
    fetching ``ex.__dict__`` again)."""
    value = st.d.get(name)
    if value is None and name not in st.d:
        return getattr(ex, name)
    return value


@cython.cfunc
def _is_spot(st: _State, client: object) -> cython.bint:
    url = client.url
    hit = st.spot_urls.get(url)
    if hit is None:
        text: str = url
        hit = ("/stream" in text) or ("demo-stream" in text)
        if len(st.spot_urls) < 64:
            st.spot_urls[url] = hit
    return hit is True


@cython.cfunc
def _market(ex: object, st: _State, market_id: object, market_type: str) -> object:
    """``safe_market(market_id, None, None, market_type)`` when it finds a market, else None."""
    by_id = _sattr(st, ex, "markets_by_id")
    if by_id is not st.markets_by_id:
        st.markets = {}
        st.precisions = {}
        st.lookups = {}
        st.currencies = {}
        st.markets_by_id = by_id
    per_type = st.markets.get(market_type)
    if per_type is None:
        per_type = {}
        st.markets[market_type] = per_type
    cached: dict = per_type
    hit = cached.get(market_id)
    if hit is not None:
        return hit
    if by_id is None or type(market_id) is not str or market_id not in by_id:
        return None
    found = by_id[market_id]
    market = None
    if len(found) == 1:
        market = found[0]
    else:
        for candidate in found:
            if candidate[market_type] is True:
                market = candidate
                break
    if market is None or type(market) is not dict:
        return None
    if len(cached) < 100_000:
        cached[market_id] = market
    return market


@cython.cfunc
def _contract_size(ex: object, market: dict) -> object:
    """``safe_string(market, 'contractSize')`` as a decimal; False when it is not a plain one."""
    value = market.get("contractSize")
    if value is None:
        return None
    if type(value) is str:
        parsed = dec(value)
    else:
        parsed = dec(safe_string(market, "contractSize"))
    return False if parsed is None else parsed


@cython.cfunc
def _int(value: object) -> cython.bint:
    return type(value) is int


@cython.cfunc
def _iattr(ex: object, name: str) -> object:
    """``getattr(ex, name)``, from the instance dict first (the exchange's ``__getattr__``
    makes every ordinary lookup take the slow slot)."""
    d: dict = ex.__dict__
    value = d.get(name)
    if value is None and name not in d:
        return getattr(ex, name)
    return value


@cython.cfunc
def _resolve(st: _State, client: object, result: object, message_hash: object) -> cython.void:
    """``client.resolve(result, message_hash)`` when anyone waits for the hash (a watcher, or
    a stream's marker: ``ccxtpro.ws.backlog``); otherwise nothing is to be done.

    A client's ``futures`` is made once with it (``WsClient``), so the state keeps that of the
    last client it saw."""
    if client is not st.client:
        st.futures = client.futures
        st.client = client
    if message_hash in st.futures:
        client.resolve(result, message_hash)


@cython.cfunc
def _ohlcv_hash(st: _State, symbol: str, timeframe: str) -> str:
    """``"ohlcv::" + symbol + "::" + timeframe``, made once per state."""
    made = st.hashes.get(None)  # (the key no prefix is)
    if made is None:
        made = {}
        st.hashes[None] = made
    per_symbol = (made).get(symbol)
    if per_symbol is None:
        if len(made) >= 10_000:
            return "ohlcv::" + symbol + "::" + timeframe
        per_symbol = {}
        made[symbol] = per_symbol
    found = (per_symbol).get(timeframe)
    if found is None:
        found = "ohlcv::" + symbol + "::" + timeframe
        if len(per_symbol) < 100:
            per_symbol[timeframe] = found
    return found


@cython.cfunc
def _hash(st: _State, prefix: str, key: str) -> str:
    """``prefix + key``, made once per state (a message hash resolved with every frame)."""
    made = st.hashes.get(prefix)
    if made is None:
        made = {}
        st.hashes[prefix] = made
    found = (made).get(key)
    if found is None:
        found = prefix + key
        if len(made) < 10_000:
            made[key] = found
    return found


# -- trades ------------------------------------------------------------------------------------

#: keys a trade/aggTrade market frame may carry for the fast path (nothing parse_trade branches on)
_TRADE_KEYS = frozenset(("e", "E", "s", "t", "a", "p", "q", "f", "l", "T", "m", "M", "X"))


@cython.cfunc
def _fast_trade(ex: object, client: object, message: object) -> cython.bint:
    if type(message) is not dict:
        return False
    msg: dict = message
    for key in msg:
        if key not in _TRADE_KEYS:
            return False
    st: _State = _state(ex)
    market_type: str = "spot" if _is_spot(st, client) else "contract"
    market = _market(ex, st, msg.get("s"), market_type)
    if market is None:
        return False
    m: dict = market
    if m.get("option") is True or m.get("inverse") is True:
        return False
    timestamp = msg.get("T")
    trade_id = msg.get("t")
    if trade_id is None:
        trade_id = msg.get("a")
    price_s = msg.get("p")
    amount_s = msg.get("q")
    maker = msg.get("m")
    if not _int(timestamp) or not (_int(trade_id) or (type(trade_id) is str and trade_id != "")):
        return False  # (CCXT's safe accessors read "" as missing)
    if maker is not True and maker is not False:
        return False
    price = dec(price_s)
    amount = dec(amount_s)
    if price is None or amount is None:
        return False
    size = _contract_size(ex, m)
    if size is False:
        return False
    multiply = price if size is None else d_mul(price, size)
    cost = d_mul(multiply, amount)
    symbol = m["symbol"]
    trade = {
        "info": msg,
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "symbol": symbol,
        "id": trade_id if type(trade_id) is str else str(trade_id),
        "order": None,
        "type": None,
        "side": "sell" if maker else "buy",
        "takerOrMaker": None,
        "price": _num(price_s),
        "amount": _num(amount_s),
        "cost": to_float(cost),
        "fee": {"cost": None, "currency": None},
        "fees": [],
    }
    trades: dict = _sattr(st, ex, "trades")
    cache = trades.get(symbol)
    if cache is None:
        limit = safe_integer(_sattr(st, ex, "options"), "tradesLimit", 1000)
        cache = ArrayCache(limit)
    cache.append(trade)
    trades[symbol] = cache
    _resolve(st, client, cache, _hash(st, "trade::", symbol))
    return True


def handle_trade(ex: object, client: object, message: object) -> None:
    """``Binance.handle_trade`` for trade and aggTrade market frames."""
    if not _fast_trade(ex, client, message):
        ex.handle_trade(client, message)


# -- tickers, bids/asks, mark prices -----------------------------------------------------------


class _Slow(Exception):
    """A value the fast path does not take: the generated handler gets the frame."""


@cython.cfunc
def _d(x: object) -> object:
    """A frame string (or a computed decimal) as a decimal; raises ``_Slow`` if not a plain one."""
    if x is None or type(x) is Dec:
        return x
    v = dec(x)
    if v is None:
        raise _Slow()
    return v


@cython.cfunc
def _oz(x: object) -> object:
    """``omit_zero``: CCXT compares ``float(string)`` with 0."""
    if x is None:
        return None
    if type(x) is str:
        return None if _num(x) == 0 else x
    if type(x) is not Dec:
        raise _Slow()
    v: Dec = x
    return None if v.i == 0 else x


@cython.cfunc
def _ozf(x: object) -> object:
    """``parse_number(omit_zero(x))`` for a frame value: its float, None for a zero; ``_Slow``
    for what ``_oz`` does not take."""
    if x is None:
        return None
    if type(x) is not str:
        raise _Slow()
    f = _num(x)
    return None if f == 0 else f


@cython.cfunc
def _fz(x: object) -> object:
    """``parse_number(omit_zero(x))`` for a frame string, with one float conversion."""
    if x is None:
        return None
    if type(x) is not str:
        raise _Slow()
    f = _num(x)
    return None if f == 0 else f


@cython.cfunc
def _f(x: object) -> object:
    """``parse_number``: a frame string's float, or a computed decimal's."""
    if x is None:
        return None
    if type(x) is str:
        return _num(x)
    if type(x) is float:  # computed already (_exact_sum)
        return x
    if type(x) is not Dec:
        raise _Slow()
    return to_float(x)


#: the keys of safe_ticker's result for parse_ws_ticker's dict, in CCXT's order
_TICKER_TEMPLATE = dict.fromkeys((
    "symbol", "timestamp", "datetime", "high", "low", "bid", "bidVolume", "ask", "askVolume", "vwap", "open",
    "close", "last", "previousClose", "change", "percentage", "average", "baseVolume", "quoteVolume", "info",
    "indexPrice", "markPrice"))
#: the same for the mark-price branch (safe_ticker of symbol/timestamp/datetime/info/markPrice/indexPrice)
_MARK_TEMPLATE = dict.fromkeys((
    "symbol", "timestamp", "datetime", "info", "markPrice", "indexPrice", "bid", "bidVolume", "ask",
    "askVolume", "high", "low", "open", "close", "last", "change", "percentage", "average", "vwap",
    "baseVolume", "quoteVolume", "previousClose"))


@cython.cfunc
def _price_precision(ex: object, st: _State, market: dict) -> cython.long:
    key = market.get("symbol")
    hit = st.precisions.get(key)
    if hit is not None:
        return hit
    precision: cython.long = 18
    price = safe_string(safe_dict(market, "precision"), "price")
    if price is not None:
        precision = ex.precision_from_string(price)
    st.precisions[key] = precision
    return precision


@cython.cfunc
def _parse_ticker(ex: object, st: _State, msg: dict, market_type: str) -> object:
    """``parse_ws_ticker(msg, market_type)`` (with ``safe_ticker``) for market-stream shapes; None otherwise.

    One pass over the frame's items picks the fields; a key parse_ws_ticker reads
    that these shapes never carry (``symbol``, ``time``, ``price``, ``bidPrice``…:
    ws-API and REST shapes) sends the frame to the generated path. Keys it does
    not read cannot change the result."""
    e = None
    E = None
    s_ = None
    p = None
    P = None
    w = None
    x = None
    c = None
    b = None
    B = None
    a = None
    A = None
    o = None
    h = None
    l_ = None
    v = None
    q = None
    C = None
    i_ = None
    ch: cython.Py_UCS4
    for key, value in msg.items():
        if type(key) is not str:
            return None
        k: str = key
        if len(k) != 1:
            if k == "symbol" or k == "time" or k == "price" or k == "bidPrice" or k == "bidQty" \
                    or k == "askPrice" or k == "askQty" or k == "mp":
                return None
            continue
        ch = k[0]
        if ch == "e":
            e = value
        elif ch == "E":
            E = value
        elif ch == "s":
            s_ = value
        elif ch == "p":
            p = value
        elif ch == "P":
            P = value
        elif ch == "w":
            w = value
        elif ch == "x":
            x = value
        elif ch == "c":
            c = value
        elif ch == "b":
            b = value
        elif ch == "B":
            B = value
        elif ch == "a":
            a = value
        elif ch == "A":
            A = value
        elif ch == "o":
            o = value
        elif ch == "h":
            h = value
        elif ch == "l":
            l_ = value
        elif ch == "v":
            v = value
        elif ch == "q":
            q = value
        elif ch == "C":
            C = value
        elif ch == "i":
            i_ = value
    market = _market(ex, st, s_, market_type)
    if market is None:
        return None
    m: dict = market
    if m.get("inverse") is True:
        return None
    symbol = m["symbol"]
    if e is None:
        e = "bookTicker"
    elif type(e) is not str or e == "":
        return None
    if E is not None and not _int(E):
        return None
    result: dict
    if e == "markPriceUpdate" or e == "markPrice":
        template: dict = _MARK_TEMPLATE
        result = template.copy()
        result["symbol"] = symbol
        result["timestamp"] = E
        result["datetime"] = iso8601(E)
        result["info"] = msg
        try:
            result["markPrice"] = _f(p)
            result["indexPrice"] = _f(i_)
        except (_Slow, ValueError):
            return None
        return result
    timestamp = E
    if e != "bookTicker" and C is not None:
        if not _int(C):
            return None
        timestamp = C
    try:
        # safe_ticker; frame strings stay strings until arithmetic needs them, and each is
        # parsed once (its float kept while the value is still the frame's string)
        o_f = _ozf(o)
        open_ = None if o_f is None else o
        c_f = _ozf(c)
        close = None if c_f is None else c
        change = p
        p_f = _ozf(P)
        percentage = None if p_f is None else P
        average = None
        vwap = w
        if vwap is None:
            vwap = d_div(_d(_oz(q)), _d(v), 18)
        if change is not None:
            if open_ is None and close is not None:
                open_ = d_sub(_d(close), _d(change))
        elif percentage is not None:
            if open_ is None and close is not None:
                open_ = d_div(_d(close), d_add(_ONE, d_div(_d(percentage), _HUNDRED, 18)), 18)
        if change is None:
            if close is not None and open_ is not None:
                change = d_sub(_d(close), _d(open_))
            elif close is not None and percentage is not None:
                change = opt_mul(d_div(_d(percentage), _HUNDRED, 18), d_div(_d(close), _HUNDRED, 18))
            elif open_ is not None and percentage is not None:
                change = opt_mul(_d(open_), d_div(_d(percentage), _HUNDRED, 18))
        if open_ is not None:
            if percentage is None and change is not None:
                percentage = opt_mul(d_div(_d(change), _d(open_), 18), _HUNDRED)
            if close is None and change is not None:
                close = d_add(_d(open_), _d(change))
            if close is not None:
                precision: cython.long = 18
                if _sattr(st, ex, "precisionMode") == TICK_SIZE:
                    precision = _price_precision(ex, st, m)
                average = d_div(d_add(_d(open_), _d(close)), _TWO, precision)
        close_f = c_f if close is c else _f(_oz(close))
        ticker_template: dict = _TICKER_TEMPLATE
        result = ticker_template.copy()  # same keys, same order: no rehash while filling
        result["symbol"] = symbol
        result["timestamp"] = timestamp
        result["datetime"] = iso8601(timestamp)
        result["high"] = _fz(h)
        result["low"] = _fz(l_)
        result["bid"] = _fz(b)
        result["bidVolume"] = _f(B)
        result["ask"] = _fz(a)
        result["askVolume"] = _f(A)
        result["vwap"] = _f(vwap)
        result["open"] = o_f if open_ is o else _f(_oz(open_))
        result["close"] = close_f
        result["last"] = close_f
        result["previousClose"] = _f(x)
        result["change"] = _f(change)
        result["percentage"] = p_f if percentage is P else _f(percentage)
        result["average"] = _f(average)
        result["baseVolume"] = _f(v)
        result["quoteVolume"] = _f(q)
        result["info"] = msg
    except (_Slow, ValueError):
        return None
    return result


@cython.cfunc
def _fast_tickers(ex: object, client: object, message: object, method_type: str) -> cython.bint:
    raw: list
    if type(message) is list:
        raw = message
    elif type(message) is dict:
        raw = [message]
    else:
        return False
    st: _State = _state(ex)
    is_bid_ask: cython.bint = method_type == "bidasks"
    prefix: str = "bidask" if is_bid_ask else ("markPrice" if method_type == "markPrices" else "ticker")
    options = _sattr(st, ex, "options")
    channels = options.get("tickerChannelsMap") if type(options) is dict else None
    if type(channels) is not dict:
        return False
    by_id = _sattr(st, ex, "markets_by_id")
    if type(by_id) is not dict:
        return False
    spot: cython.bint = _is_spot(st, client)
    parsed_all = []
    for ticker in raw:
        if type(ticker) is not dict:
            return False
        t: dict = ticker
        event = "bookTicker" if is_bid_ask else t.get("e")
        if event is not None and (type(event) is not str or event == ""):
            return False
        channel = channels.get(event, event) if event is not None else None
        if type(channel) is not str:  # a skipped channel or an odd map: the generated path decides
            return False
        market_id = t.get("s")
        listed = by_id.get(market_id) if type(market_id) is str else None
        if listed is not None and len(listed) == 1:
            market_type = listed[0]["type"]
        else:
            market_type = "spot" if spot else "contract"
        if type(market_type) is not str:
            return False
        parsed = _parse_ticker(ex, st, t, market_type)
        if parsed is None:
            return False
        parsed_all.append((channel, parsed))
    new_tickers = {}
    count: cython.Py_ssize_t = 0
    channel_name = None
    store: dict = _sattr(st, ex, "bidsasks" if is_bid_ask else "tickers")
    hashes: dict = _ticker_hashes(st, prefix)
    for item in parsed_all:
        channel_name, parsed = item
        symbol = parsed["symbol"]
        new_tickers[symbol] = parsed
        store[symbol] = parsed
        count += 1
        per_symbol = hashes.get(channel_name)
        if per_symbol is None:
            per_symbol = {None: prefix + "s:" + channel_name}
            hashes[channel_name] = per_symbol
        message_hash = (per_symbol).get(symbol)
        if message_hash is None:
            message_hash = prefix + ":" + channel_name + "@" + symbol
            if len(per_symbol) < 10_000:
                per_symbol[symbol] = message_hash
        _resolve(st, client, parsed, message_hash)
    if count > 0:
        _resolve(st, client, new_tickers, hashes[channel_name][None])
    return True


@cython.cfunc
def _ticker_hashes(st: _State, prefix: str) -> dict:
    """The message hashes a ticker handler resolves, made once: channel -> symbol -> hash (and
    channel -> None -> the hash of all symbols)."""
    hashes = st.hashes.get(prefix)
    if hashes is None:
        hashes = {}
        st.hashes[prefix] = hashes
    return hashes


def handle_tickers(ex: object, client: object, message: object) -> None:
    """``Binance.handle_tickers`` for ticker frames (single or arrays)."""
    if not _fast_tickers(ex, client, message, "tickers"):
        ex.handle_tickers(client, message)


def handle_bids_asks(ex: object, client: object, message: object) -> None:
    """``Binance.handle_bids_asks`` for bookTicker frames."""
    if not _fast_tickers(ex, client, message, "bidasks"):
        ex.handle_bids_asks(client, message)


def handle_mark_prices(ex: object, client: object, message: object) -> None:
    """``Binance.handle_mark_prices`` for markPriceUpdate frames (single or arrays)."""
    if not _fast_tickers(ex, client, message, "markPrices"):
        ex.handle_mark_prices(client, message)


# -- candles -----------------------------------------------------------------------------------

_KLINE_EVENTS = {"kline": "kline", "markPrice_kline": "markPriceKline", "indexPrice_kline": "indexPriceKline"}


@cython.cfunc
def _timeframe(ex: object, st: _State, interval: object) -> object:
    timeframes = _sattr(st, ex, "timeframes")
    if timeframes is not st.timeframes or len(st.interval_to_timeframe) != len(timeframes):
        inverse = {}
        for key in list(timeframes.keys()):
            value = timeframes[key]
            if type(value) is str and value not in inverse:
                inverse[value] = key
        st.interval_to_timeframe = inverse
        st.timeframes = timeframes
    return st.interval_to_timeframe.get(interval)


@cython.cfunc
def _unlisted_symbol(ex: object, market_id: str) -> cython.bint:
    """Whether ``safe_symbol(market_id)`` is ``market_id`` itself: an id no market has (and not
    an option's, for which Binance's ``safe_market`` makes an expired-option market)."""
    by_id = _iattr(ex, "markets_by_id")
    if by_id is not None and (type(by_id) is not dict or market_id in by_id):
        return False
    return "-C" not in market_id and "-P" not in market_id


@cython.cfunc
def _fast_ohlcv(ex: object, client: object, message: object) -> cython.bint:
    if type(message) is not dict:
        return False
    msg: dict = message
    event = msg.get("e")
    index: cython.bint = False
    if event == "indexPrice_kline":
        index = True
    elif event != "kline" and event != "markPrice_kline":
        return False
    kline = msg.get("k")
    if type(kline) is not dict:
        return False
    k: dict = kline
    if index:
        market_id = msg.get("ps")
    else:
        market_id = k.get("s")
        if market_id is None:
            market_id = k.get("ps")
    interval = k.get("i")
    start = k.get("t")
    o = k.get("o")
    h = k.get("h")
    lo = k.get("l")
    c = k.get("c")
    v = k.get("v")
    if type(interval) is not str or not _int(start) or type(market_id) is not str or market_id == "":
        return False  # (safe accessors read "" as missing: the generated handler decides)
    if type(o) is not str or type(h) is not str or type(lo) is not str or type(c) is not str \
            or type(v) is not str or o == "" or h == "" or lo == "" or c == "" or v == "":
        return False
    try:  # safe_float: float(s), which _num is for plain decimals
        candle = [start, _num(o), _num(h), _num(lo), _num(c), _num(v)]
    except ValueError:
        return False
    return _store_ohlcv(ex, client, market_id, interval, candle)


@cython.cfunc
def _store_ohlcv(ex: object, client: object, market_id: str, interval: str, candle: list) -> cython.bint:
    """The rest of ``handle_ohlcv`` for a candle read off a kline frame; False (nothing done) for
    an interval or a market it does not take."""
    st: _State = _state(ex)
    timeframe = _timeframe(ex, st, interval)
    if timeframe is None:
        return False
    market = _market(ex, st, market_id, "spot" if _is_spot(st, client) else "contract")
    if market is not None:
        symbol = market["symbol"]
    elif _unlisted_symbol(ex, market_id):
        symbol = market_id  # what safe_market makes of an unknown id (mark-price klines carry "s": "0")
    else:
        return False
    ohlcvs = _sattr(st, ex, "ohlcvs")
    if type(ohlcvs) is not dict:
        return False
    per_symbol = (ohlcvs).get(symbol)
    if type(per_symbol) is not dict:
        per_symbol = {}
        ohlcvs[symbol] = per_symbol
    stored = (per_symbol).get(timeframe)
    if stored is None:
        limit = safe_integer(_sattr(st, ex, "options"), "OHLCVLimit", 1000)
        stored = ArrayCacheByTimestamp(limit)
        per_symbol[timeframe] = stored
    stored.append(candle)
    _resolve(st, client, [symbol, timeframe, stored], _ohlcv_hash(st, symbol, timeframe))
    return True


def handle_ohlcv(ex: object, client: object, message: object) -> None:
    """``Binance.handle_ohlcv`` for kline, markPrice_kline and indexPrice_kline frames."""
    if not _fast_ohlcv(ex, client, message):
        ex.handle_ohlcv(client, message)


# -- order books -------------------------------------------------------------------------------


@cython.cfunc
def _fast_depth(ex: object, client: object, message: object) -> cython.bint:
    if type(message) is not dict:
        return False
    msg: dict = message
    st: _State = _state(ex)
    market = _market(ex, st, msg.get("s"), "spot" if _is_spot(st, client) else "swap")
    if market is None:
        return False
    symbol = market["symbol"]
    books = _sattr(st, ex, "orderbooks")
    if type(books) is not dict:
        return False
    book = (books).get(symbol)
    if book is None:
        return False
    nonce = book["nonce"]
    first = msg.get("U")
    last = msg.get("u")
    previous = msg.get("pu")
    bids = msg.get("b")
    asks = msg.get("a")
    event_time = msg.get("E")
    if not (_int(nonce) and _int(first) and _int(last) and (previous is None or _int(previous))):
        return False
    if type(bids) is not list or type(asks) is not list or not (event_time is None or _int(event_time)):
        return False
    message_hash = "orderbook::" + symbol
    n = nonce  # Python ints: sequence numbers have no upper bound the handler may assume
    u = last
    apply: cython.bint = False
    if previous is None:  # spot: the first event after the snapshot straddles it, then they chain
        if u > n:
            timestamp = book["timestamp"]
            if timestamp is None:
                apply = first - 1 <= n and u - 1 >= n
            elif _int(timestamp):
                apply = first - 1 == n
            else:
                return False
            if not apply:
                return False  # a gap: the generated handler raises CCXT's ChecksumError
    elif u >= n:  # futures: each event names the one before it
        apply = first <= n or previous == n
        if not apply:
            return False
    if not apply:
        return True  # an event the book already holds
    try:
        book["asks"].store_deltas(asks)
        book["bids"].store_deltas(bids)
        book["nonce"] = last
        book["timestamp"] = event_time
        book["datetime"] = iso8601(event_time)
    except Exception as e:  # what handle_order_book's except does, at the same point
        books.pop(symbol, None)
        subscriptions = client.subscriptions
        if message_hash in subscriptions:
            subscriptions.pop(message_hash, None)
        client.reject(e, message_hash)
        return True
    _resolve(st, client, book, message_hash)
    return True


def handle_order_book(ex: object, client: object, message: object) -> None:
    """``Binance.handle_order_book`` for depthUpdate frames once the snapshot is in; the frames
    it declines go to CCXT's handler through the gap healing of :mod:`ccxtpro_binance.healing`."""
    if not _fast_depth(ex, client, message):
        _heal_order_book(ex, client, message)


# -- depth frames straight from the bytes received -----------------------------------------------
#
# A depthUpdate frame is ~40 numeric strings; decoding it builds ~60 Python objects that the book
# only turns back into doubles. Here the frame's bytes are scanned once: its scalars become the few
# Python values the handler needs, and its two delta arrays go to the book sides as JSON text
# (``OrderBookSide.store_json``, exchange-agnostic), which parse and apply them in C. Only frames
# ``_fast_depth`` would apply are taken, and only in JSON that an ordinary decode reads the same
# way; for anything else ``raw_frame`` says no and the frame is decoded and routed as usual, so
# the result never depends on which path ran.

#: how a frame this path takes begins (Binance puts the event first; one that does not is decoded)
_DEPTH_PREFIX = b'{"e":"depthUpdate",'


@cython.cfunc
@cython.inline
def _skip(buf: bytes, k: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The first index at or after ``k`` that is not JSON whitespace."""
    c: cython.int
    while k < n:
        c = buf[k]
        if c != 32 and c != 10 and c != 13 and c != 9:
            break
        k += 1
    return k


@cython.cfunc
def _int_end(buf: bytes, k: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The end of a JSON integer of at most 18 digits at ``buf[k]`` (not the start of a
    float), or -1."""
    start: cython.Py_ssize_t
    c: cython.int
    if k < n and buf[k] == 45:  # '-'
        k += 1
    start = k
    while k < n:
        c = buf[k]
        if c < 48 or c > 57:
            break
        k += 1
    if k == start or k - start > 18 or (buf[start] == 48 and k - start > 1):
        return -1  # no digits, too many, or a leading zero (not JSON)
    if k < n:
        c = buf[k]
        if c == 46 or c == 101 or c == 69:  # '.', 'e', 'E': a float
            return -1
    return k


@cython.cfunc
def _int_value(buf: bytes, k: cython.Py_ssize_t, end: cython.Py_ssize_t) -> cython.longlong:
    """The value of the integer ``_int_end`` found in ``buf[k:end]``."""
    neg: cython.bint = buf[k] == 45
    acc: cython.longlong = 0
    if neg:
        k += 1
    while k < end:
        acc = acc * 10 + (buf[k] - 48)
        k += 1
    return -acc if neg else acc


@cython.cfunc
def _str_end(buf: bytes, k: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The index after a JSON string of printable ASCII with no escapes at ``buf[k]``, or -1."""
    c: cython.int
    if k >= n or buf[k] != 34:
        return -1
    k += 1
    while k < n:
        c = buf[k]
        if c == 34:
            return k + 1
        if c < 32 or c > 126 or c == 92:  # control, non-ASCII, backslash
            return -1
        k += 1
    return -1


@cython.cfunc
def _array_end(buf: bytes, k: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The index after the JSON array at ``buf[k]``, by its brackets (strings skipped, escapes,
    objects and non-ASCII refused), or -1. What is inside is checked by whoever reads it."""
    depth: cython.Py_ssize_t = 0
    c: cython.int
    if k >= n or buf[k] != 91:
        return -1
    while k < n:
        c = buf[k]
        if c == 91:
            depth += 1
        elif c == 93:
            depth -= 1
            if depth == 0:
                return k + 1
        elif c == 34:
            k = _str_end(buf, k, n)
            if k < 0:
                return -1
            continue
        elif c > 126 or c == 123 or c == 125:
            return -1
        k += 1
    return -1


@cython.cfunc
def _raw_depth(ex: object, client: object, buf: bytes) -> cython.bint:
    """``_fast_depth`` on the frame's bytes: True when it applied the frame exactly as decoding and
    routing it would have; False, having changed nothing, for anything else."""
    n: cython.Py_ssize_t = len(buf)
    prefix: bytes = _DEPTH_PREFIX
    plen: cython.Py_ssize_t = len(prefix)
    k: cython.Py_ssize_t
    end: cython.Py_ssize_t
    c: cython.int
    key: cython.int
    if n <= plen:
        return False
    for k in range(plen):
        if buf[k] != prefix[k]:
            return False
    seen: cython.uint = 1  # a bit per key: e E s U u pu b a T
    bit: cython.uint
    market_id = None
    event_time: cython.longlong = 0
    first: cython.longlong = 0
    last: cython.longlong = 0
    previous: cython.longlong = 0
    a0: cython.Py_ssize_t = -1
    a1: cython.Py_ssize_t = -1
    b0: cython.Py_ssize_t = -1
    b1: cython.Py_ssize_t = -1
    k = plen
    while True:
        k = _skip(buf, k, n)
        if k + 2 >= n or buf[k] != 34:
            return False
        key = buf[k + 1]
        if buf[k + 2] == 34:
            k += 3
        elif key == 112 and buf[k + 2] == 117 and k + 3 < n and buf[k + 3] == 34:  # "pu"
            key = 0
            k += 4
        else:
            return False
        k = _skip(buf, k, n)
        if k >= n or buf[k] != 58:  # ':'
            return False
        k = _skip(buf, k + 1, n)
        if key == 69:  # E
            bit = 2
        elif key == 115:  # s
            bit = 4
        elif key == 85:  # U
            bit = 8
        elif key == 117:  # u
            bit = 16
        elif key == 0:  # pu
            bit = 32
        elif key == 98:  # b
            bit = 64
        elif key == 97:  # a
            bit = 128
        elif key == 84:  # T
            bit = 256
        else:
            return False  # "e" twice, or a key of another shape
        if seen & bit:
            return False
        seen |= bit
        if key == 115:
            end = _str_end(buf, k, n)
            if end < 0:
                return False
            market_id = buf[k + 1:end - 1].decode("ascii")
        elif key == 98 or key == 97:
            end = _array_end(buf, k, n)
            if end < 0:
                return False
            if key == 98:
                b0 = k
                b1 = end
            else:
                a0 = k
                a1 = end
        else:
            end = _int_end(buf, k, n)
            if end < 0:
                return False
            if key == 69:
                event_time = _int_value(buf, k, end)
            elif key == 85:
                first = _int_value(buf, k, end)
            elif key == 117:
                last = _int_value(buf, k, end)
            elif key == 0:
                previous = _int_value(buf, k, end)
        k = _skip(buf, end, n)
        if k >= n:
            return False
        c = buf[k]
        k += 1
        if c == 125:  # '}'
            break
        if c != 44:  # ','
            return False
    if _skip(buf, k, n) != n or (seen & 0xDF) != 0xDF:  # trailing text, or a key missing (only pu may)
        return False
    spot: cython.bint = not (seen & 32)
    st: _State = _state(ex)
    market = _market(ex, st, market_id, "spot" if _is_spot(st, client) else "swap")
    if market is None:
        return False
    symbol = market["symbol"]
    books = _sattr(st, ex, "orderbooks")
    if type(books) is not dict:
        return False
    book = (books).get(symbol)
    if book is None:
        return False
    try:  # (an OrderBook has them all; anything else is the ordinary path's)
        nonce_obj = book["nonce"]
        timestamp = book["timestamp"]
    except (KeyError, TypeError):
        return False
    if not _int(nonce_obj):
        return False
    nonce: cython.longlong
    try:
        nonce = nonce_obj
    except OverflowError:
        return False
    apply: cython.bint
    if spot:  # spot: the first event after the snapshot straddles it, then they chain
        if last <= nonce:
            return False  # an event the book holds: nothing to do, left to the ordinary path
        if timestamp is None:
            apply = first - 1 <= nonce and last - 1 >= nonce
        elif _int(timestamp):
            apply = first - 1 == nonce
        else:
            return False
    else:  # futures: each event names the one before it
        if last < nonce:
            return False
        apply = first <= nonce or previous == nonce
    if not apply:
        return False  # a gap: the generated handler raises CCXT's ChecksumError (or heals)
    try:
        store = getattr(book["asks"], "store_json", None)
        if store is None or not store(buf, a0, a1, book["bids"], b0, b1):
            return False  # a level that is not a pair of plain decimals: the ordinary path's
    except (KeyError, TypeError):  # sides of another kind
        return False
    book["nonce"] = last
    book["timestamp"] = event_time
    book["datetime"] = iso8601(event_time)
    _resolve(st, client, book, _hash(st, "orderbook::", symbol))
    return True


@cython.cfunc
def _number_end(buf: bytes, k: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The end of a JSON number at ``buf[k]`` that decodes to an int of at most 18 digits or to a
    finite float without an exponent, or -1 (other numbers are left to the decoder)."""
    end: cython.Py_ssize_t = _int_end(buf, k, n)
    if end >= 0 or k >= n:
        return end
    while k < n and (buf[k] == 45 or (48 <= buf[k] <= 57)):
        k += 1
    end = k
    if k < n and buf[k] == 46:  # '.': a fraction of at least one digit
        k += 1
        while k < n and 48 <= buf[k] <= 57:
            k += 1
        if k == end + 1 or k - end > 24:
            return -1
        if k < n and (buf[k] == 101 or buf[k] == 69):
            return -1
        return k
    return -1


@cython.cfunc
def _scalar_end(buf: bytes, k: cython.Py_ssize_t, n: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """The end of a JSON string, number, true, false or null at ``buf[k]`` (as the helpers above
    take them), or -1 for anything else (objects, arrays: not skipped here)."""
    c: cython.int
    if k >= n:
        return -1
    c = buf[k]
    if c == 34:
        return _str_end(buf, k, n)
    if c == 116:  # true
        return k + 4 if k + 4 <= n and buf[k + 1] == 114 and buf[k + 2] == 117 and buf[k + 3] == 101 else -1
    if c == 102:  # false
        return k + 5 if k + 5 <= n and buf[k + 1] == 97 and buf[k + 2] == 108 and buf[k + 3] == 115 \
            and buf[k + 4] == 101 else -1
    if c == 110:  # null
        return k + 4 if k + 4 <= n and buf[k + 1] == 117 and buf[k + 2] == 108 and buf[k + 3] == 108 else -1
    return _number_end(buf, k, n)


@cython.cfunc
def _num_at(buf: bytes, k: cython.Py_ssize_t, end: cython.Py_ssize_t) -> object:
    """``float(s)`` for the JSON string ``buf[k:end]`` (quotes included, no escapes: see
    ``_str_end``), as ``_num`` reads a decoded one; raises ``ValueError`` where float() does."""
    a: cython.Py_ssize_t = k + 1
    b: cython.Py_ssize_t = end - 1
    neg: cython.bint = a < b and buf[a] == 45
    dot: cython.Py_ssize_t = -1
    digits: cython.Py_ssize_t = 0
    acc: cython.longlong = 0
    c: cython.int
    i: cython.Py_ssize_t
    if b - a > 24:
        return float(buf[a:b])
    for i in range(a + 1 if neg else a, b):
        c = buf[i]
        if c == 46 and dot < 0:
            dot = i
        elif 48 <= c <= 57:
            digits += 1
            acc = acc * 10 + (c - 48)
        else:
            return float(buf[a:b])
    if digits == 0 or digits > 15:
        return float(buf[a:b])
    value: cython.double = float(acc)
    if dot >= 0 and b - dot - 1 > 0:
        divisor: cython.double = _FPOW10[b - dot - 1]
        value = value / divisor
    return -value if neg else value


@cython.cfunc
def _raw_kline(ex: object, client: object, buf: bytes, k: cython.Py_ssize_t, index: cython.bint) -> cython.bint:
    """``_fast_ohlcv`` on a kline frame's bytes (the event read, ``buf[k]`` after its comma): True
    when it stored the candle exactly as decoding and routing the frame would have; False,
    having changed nothing, for anything else."""
    n: cython.Py_ssize_t = len(buf)
    end: cython.Py_ssize_t
    c: cython.int
    key: cython.int
    klen: cython.Py_ssize_t
    top: cython.uint = 0  # a bit per top-level key: E s k ps
    seen: cython.uint = 0  # a bit per kline key read: t s ps i o h l c v
    bit: cython.uint
    ps0: cython.Py_ssize_t = -1
    ps1: cython.Py_ssize_t = -1
    spans = cython.declare(cython.Py_ssize_t[18])  # (start, end) of the kline's t s ps i o h l c v
    inner: cython.bint = False
    while True:
        k = _skip(buf, k, n)
        end = _str_end(buf, k, n)
        if end < 0:
            return False
        klen = end - k - 2
        key = buf[k + 1] if klen == 1 else (0 if klen == 2 and buf[k + 1] == 112 and buf[k + 2] == 115 else -1)
        k = _skip(buf, end, n)
        if k >= n or buf[k] != 58:
            return False
        k = _skip(buf, k + 1, n)
        if not inner:
            if key == 69:  # E
                bit = 1
            elif key == 115:  # s
                bit = 2
            elif key == 107:  # k
                bit = 4
            elif key == 0:  # ps
                bit = 8
            else:
                return False  # a key of another shape (error, id, stream, a second "e"...)
            if top & bit:
                return False
            top |= bit
            if key == 107:
                if k >= n or buf[k] != 123:
                    return False
                inner = True
                k = _skip(buf, k + 1, n)
                if k < n and buf[k] == 125:
                    return False  # an empty kline
                continue
            end = _scalar_end(buf, k, n)
            if end < 0 or (key == 0 and buf[k] != 34):
                return False
            if key == 0:
                ps0 = k
                ps1 = end
        else:
            if key == 116:  # t
                bit = 0
            elif key == 115:  # s
                bit = 1
            elif key == 0:  # ps
                bit = 2
            elif key == 105:  # i
                bit = 3
            elif key == 111:  # o
                bit = 4
            elif key == 104:  # h
                bit = 5
            elif key == 108:  # l
                bit = 6
            elif key == 99:  # c
                bit = 7
            elif key == 118:  # v
                bit = 8
            else:
                bit = 9  # not read by the handler: any scalar
            end = _scalar_end(buf, k, n)
            if end < 0:
                return False
            if bit < 9:
                if seen & (1 << bit):
                    return False
                seen |= 1 << bit
                if (bit == 0) != (buf[k] != 34):  # t an integer, the others strings
                    return False
                spans[2 * bit] = k
                spans[2 * bit + 1] = end
        k = _skip(buf, end, n)
        if k >= n:
            return False
        c = buf[k]
        k += 1
        if c == 125:  # '}'
            if not inner:
                break
            inner = False
            k = _skip(buf, k, n)
            if k >= n:
                return False
            c = buf[k]
            k += 1
            if c == 125:
                break
        if c != 44:  # ','
            return False
    if _skip(buf, k, n) != n or not (top & 4) or (seen & 0x1F9) != 0x1F9:  # t i o h l c v all there
        return False
    if index:
        if ps0 < 0:
            return False
        a: cython.Py_ssize_t = ps0
        b: cython.Py_ssize_t = ps1
    elif seen & 2:
        a = spans[2]
        b = spans[3]
    elif seen & 4:
        a = spans[4]
        b = spans[5]
    else:
        return False
    if b - a < 3 or _int_end(buf, spans[0], spans[1]) < 0:
        return False  # no market id ("" reads as missing), or t not an integer of 18 digits
    for bit in range(4, 9):
        if spans[2 * bit + 1] - spans[2 * bit] < 3:
            return False  # "" (safe_float: None)
    try:
        candle = [_int_value(buf, spans[0], spans[1]), _num_at(buf, spans[8], spans[9]),
                  _num_at(buf, spans[10], spans[11]), _num_at(buf, spans[12], spans[13]),
                  _num_at(buf, spans[14], spans[15]), _num_at(buf, spans[16], spans[17])]
    except ValueError:
        return False
    return _store_ohlcv(ex, client, buf[a + 1:b - 1].decode("ascii"),
                        buf[spans[6] + 1:spans[7] - 1].decode("ascii"), candle)


#: the events of the frames raw_frame takes, from the byte after '{"e":"'
_RAW_EVENTS = (b'depthUpdate",', b'kline",', b'markPrice_kline",', b'indexPrice_kline",')


def raw_frame(ex: object, client: object, data: object) -> bool:
    """A depthUpdate or kline frame as received (bytes, str or memoryview), applied to its book
    or cache without decoding it; False (nothing done) for every frame it does not take, which
    is then decoded and routed as usual. Registered as the ``raw_frame`` parser (see
    ``ccxtpro_parsers``) by the compiled build."""
    kind = type(data)
    buf: bytes = None
    c: cython.int
    text: str = None
    view: memoryview = None
    if kind is bytes:
        buf = data
        if len(buf) < 20:
            return False
        c = buf[6]
    elif kind is str:
        text = data
        if len(text) < 20:
            return False
        c = ord(text[6])
    elif kind is memoryview:
        view = data
        if len(view) < 20 or view.format != "B":
            return False
        c = view[6]
    else:
        return False
    # the first letter of the event (other frames leave here): depthUpdate, kline, markPrice_kline,
    # indexPrice_kline
    if c != 100 and c != 107 and c != 109 and c != 105:
        return False
    if text is not None:
        if not text.isascii():
            return False
        buf = text.encode("ascii")
    elif view is not None:
        buf = bytes(view)
    if buf[0] != 123 or buf[1] != 34 or buf[2] != 101 or buf[3] != 34 or buf[4] != 58 or buf[5] != 34:
        return False  # not {"e":"
    event: bytes
    which: cython.int
    k: cython.Py_ssize_t
    for which in range(4):
        event = _RAW_EVENTS[which]
        if 6 + len(event) < len(buf) and buf[6] == event[0]:
            for k in range(len(event)):
                if buf[6 + k] != event[k]:
                    break
            else:
                if which == 0:
                    return _raw_depth(ex, client, buf)
                return _raw_kline(ex, client, buf, 6 + len(event), which == 3)
    return False


# -- the user's orders and trades (executionReport, ORDER_TRADE_UPDATE) ----------------------


@cython.cfunc
def _d_gt(a: Dec, b: Dec) -> cython.bint:
    return d_sub(a, b).i > 0


@cython.cfunc
def _cached_call(st: _State, key: object, fn: object, arg1: object, arg2: object, nargs: cython.int) -> object:
    """A pure lookup method of the exchange (status, order type, currency code), memoised per state."""
    hit = st.lookups.get(key, _MISSING)
    if hit is not _MISSING:
        return hit
    value = fn(arg1) if nargs == 1 else fn(arg1, arg2)
    if len(st.lookups) < 10_000:
        st.lookups[key] = value
    return value


_MISSING = object()


@cython.cfunc
def _symbol_of(ex: object, st: _State, msg: dict) -> object:
    """``safe_symbol(s, None, None, 'contract' if 'ps' in msg else 'spot')`` for a known market."""
    market = _market(ex, st, safe_string(msg, "s"), "contract" if "ps" in msg else "spot")
    if market is None:
        raise _Slow()
    return market["symbol"]


@cython.cfunc
def _currency_code(ex: object, st: _State, currency_id: object) -> object:
    """``safe_currency_code(currency_id)``, memoised per state (forgotten with the markets)."""
    hit = st.currencies.get(currency_id, _MISSING)
    if hit is not _MISSING:
        return hit
    code = ex.safe_currency_code(currency_id)
    if len(st.currencies) < 10_000:
        st.currencies[currency_id] = code
    return code


@cython.cfunc
def _exec_trade(ex: object, st: _State, msg: dict) -> dict:
    """``parse_ws_trade(msg)`` for an execution (x == TRADE), with ``safe_trade`` and no market."""
    trade_id = safe_string_2(msg, "t", "a")
    timestamp = safe_integer(msg, "T")
    price = safe_string_2(msg, "L", "p")
    amount = safe_string(msg, "l", safe_string(msg, "q"))
    cost = safe_string(msg, "Y")
    if cost is None and price is not None and amount is not None:
        cost = d_mul(_d(price), _d(amount))
    symbol = _symbol_of(ex, st, msg)
    side = safe_string_lower(msg, "S")
    taker_or_maker = None
    if "m" in msg:
        maker = msg["m"]
        if side is None:
            side = "sell" if maker is True else "buy"
        taker_or_maker = "maker" if maker is True else "taker"
    fee = None
    fees = []
    fee_cost = safe_string(msg, "n")
    if fee_cost is not None:
        # parsed_fee_and_fees with reduceFees: one fee becomes {currency, cost}; a cost that is not a
        # number is dropped by reduce_fees_by_currency, leaving no fee at all
        code = _currency_code(ex, st, safe_string(msg, "N"))
        if not ex.reduceFees:
            raise _Slow()
        cost_f = _f(fee_cost)
        if cost_f is not None:
            fee = {"currency": code, "cost": cost_f}
            fees = [fee]
    if fee is None:
        fee = {"cost": None, "currency": None}
    return {
        "info": msg,
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
        "symbol": symbol,
        "id": trade_id,
        "order": safe_string(msg, "i"),
        "type": safe_string_lower(msg, "o"),
        "takerOrMaker": taker_or_maker,
        "side": side,
        "price": _f(price),
        "amount": _f(amount),
        "cost": _f(cost),
        "fee": fee,
        "fees": fees,
    }


@cython.cfunc
def _exec_order(ex: object, st: _State, msg: dict) -> dict:
    """``parse_ws_order(msg)`` (not an orderReport), with ``safe_order`` and no market."""
    execution = safe_string(msg, "x")
    market_type = "contract" if "ps" in msg else "spot"
    symbol = _symbol_of(ex, st, msg)
    timestamp = safe_integer(msg, "O")
    last_update = safe_integer(msg, "T")
    last_trade = None
    if execution == "NEW" or execution == "AMENDMENT" or execution == "CANCELED":
        if timestamp is None:
            timestamp = last_update
    elif execution == "TRADE":
        last_trade = last_update
    fee = None
    fee_cost = safe_string(msg, "n")
    if fee_cost is not None and _d_gt(_d(fee_cost), _ZERO):
        fee = {"cost": fee_cost, "currency": _currency_code(ex, st, safe_string(msg, "N"))}
    raw_status = safe_string(msg, "X")
    status = _cached_call(st, ("status", raw_status), ex.parse_order_status, raw_status, None, 1)
    client_order_id = safe_string_2(msg, "C", "caid")
    if client_order_id is None or len(client_order_id) == 0:
        client_order_id = safe_string(msg, "c")
    stop_price = safe_string_n(msg, ["P", "sp", "tp"])
    time_in_force = safe_string(msg, "f")
    if time_in_force == "GTX":
        time_in_force = "PO"
    raw_type = safe_string_lower(msg, "o")
    order_type = _cached_call(st, ("type", raw_type, market_type), ex.parse_order_type_by_market, raw_type,
                              market_type, 2)
    # safe_order: no trades, no 'fees' key, no market (contract size 1, not inverse)
    amount = _oz(safe_string(msg, "q"))
    filled = safe_string(msg, "z")
    cost = safe_string(msg, "Z")
    average = _oz(safe_string(msg, "ap"))
    price = _oz(safe_string(msg, "p"))
    parse_cost: cython.bint = cost is None
    fees = []
    if fee is not None:
        fee_copy = deep_extend(fee)
        fee_copy["cost"] = safe_number(fee_copy, "cost")
        fees.append(fee_copy)
    remaining = None
    if amount is None and status == "closed":
        amount = filled
    if filled is None and status == "closed" and amount is not None:
        filled = amount
    if amount is not None and filled is not None:
        remaining = d_sub(_d(amount), _d(filled))
    elif status == "closed":
        remaining = "0"
    if average is None and filled is not None and cost is not None and _d_gt(_d(filled), _ZERO):
        average = d_div(_d(cost), d_mul(_d(filled), _ONE), 18)
    if parse_cost and filled is not None and (average is not None or price is not None):
        cost = d_mul(d_mul(_d(filled), _ONE), _d(price if average is None else average))
    if (price is None or _d(price).i == 0) and order_type == "market":
        price = average
    post_only = None
    if time_in_force is None:
        if stop_price is None and order_type == "market":
            time_in_force = "IOC"
    else:
        post_only = time_in_force == "PO"
    trigger = _f(stop_price)
    result: dict = {}
    result["info"] = msg
    result["symbol"] = symbol
    result["id"] = safe_string_2(msg, "i", "aid")
    result["clientOrderId"] = client_order_id
    result["timestamp"] = timestamp
    result["datetime"] = iso8601(timestamp)
    result["lastTradeTimestamp"] = last_trade
    result["lastUpdateTimestamp"] = last_update
    result["type"] = order_type
    result["timeInForce"] = time_in_force
    result["postOnly"] = post_only
    result["reduceOnly"] = safe_bool(msg, "R")
    result["side"] = safe_string_lower(msg, "S")
    result["price"] = _f(price)
    result["stopPrice"] = trigger
    result["triggerPrice"] = trigger
    result["amount"] = _f(amount)
    result["cost"] = _f(cost)
    result["average"] = _f(average)
    result["filled"] = _f(filled)
    result["remaining"] = _f(remaining)
    result["status"] = status
    result["fee"] = fee
    result["trades"] = []
    result["fees"] = fees
    result["takeProfitPrice"] = None
    result["stopLossPrice"] = None
    return result


_ZERO = Dec(0, 0)


@cython.cfunc
def _store_my_trade(ex: object, client: object, trade: dict) -> cython.void:
    """The rest of ``handle_my_trade``: the fee joins the cached order, the trade the cache."""
    order_id = safe_string(trade, "order")
    trade_fee = dict(safe_dict(trade, "fee", {}))
    symbol = safe_string(trade, "symbol")
    if order_id is not None and symbol is not None:
        cached_orders = _iattr(ex, "orders")
        if cached_orders is not None:
            orders = safe_dict(cached_orders.hashmap, symbol, {})
            order = safe_dict(orders, order_id)
            if order is not None:
                fees = safe_value(order, "fees")
                fee = safe_dict(order, "fee")
                if not ex.is_empty(fees):
                    insert = True
                    for k in range(len(fees)):
                        order_fee = fees[k]
                        if order_fee["currency"] == trade_fee["currency"]:
                            fee_cost = ex.sum(trade_fee["cost"], order_fee["cost"])
                            fee_cost_string = ex.currency_to_precision(trade_fee["currency"], fee_cost)
                            if fee_cost_string is None:
                                fee_cost_string = "0"
                            order["fees"][k]["cost"] = parse_float(fee_cost_string)
                            insert = False
                            break
                    if insert:
                        order["fees"].append(trade_fee)
                elif fee is not None:
                    if fee["currency"] == trade_fee["currency"]:
                        fee_cost = ex.sum(fee["cost"], trade_fee["cost"])
                        fee_cost_string = ex.currency_to_precision(trade_fee["currency"], fee_cost)
                        if fee_cost_string is None:
                            fee_cost_string = "0"
                        order["fee"]["cost"] = parse_float(fee_cost_string)
                    elif get(fee, "currency") is None:
                        order["fee"] = trade_fee
                    else:
                        order["fees"] = [fee, trade_fee]
                        order["fee"] = None
                else:
                    order["fee"] = trade_fee
                order_trades = safe_value(order, "trades", [])
                if type(order_trades) is not list:
                    order_trades = []
                order_trades.append(trade)
                order["trades"] = order_trades
                orders[order_id] = order
    my_trades = _iattr(ex, "myTrades")
    if my_trades is None:
        my_trades = ArrayCacheBySymbolById(safe_integer(_iattr(ex, "options"), "tradesLimit", 1000))
        ex.myTrades = my_trades
    my_trades.append(trade)
    st: _State = _state(ex)
    _resolve(st, client, my_trades, "myTrades")
    _resolve(st, client, my_trades, "myTrades:" + symbol)


@cython.cfunc
def _store_order(ex: object, client: object, parsed: dict) -> cython.void:
    """The rest of ``handle_order``: what the cache knew of the order carries over."""
    symbol = parsed["symbol"]
    order_id = parsed["id"]
    cached_orders = _iattr(ex, "orders")
    if cached_orders is None:
        cached_orders = ArrayCacheBySymbolById(safe_integer(_iattr(ex, "options"), "ordersLimit", 1000))
        ex.orders = cached_orders
    orders = safe_dict(cached_orders.hashmap, symbol, {})
    order = safe_dict(orders, order_id)
    if order is not None:
        fee = safe_value(order, "fee")
        if fee is not None:
            parsed["fee"] = fee
        fees = safe_value(order, "fees")
        if fees is not None:
            parsed["fees"] = fees
        parsed["trades"] = safe_value(order, "trades")
        if parsed["timestamp"] is None:
            parsed["timestamp"] = safe_integer(order, "timestamp")
            parsed["datetime"] = safe_string(order, "datetime")
    cached_orders.append(parsed)
    st: _State = _state(ex)
    _resolve(st, client, cached_orders, "orders")
    _resolve(st, client, cached_orders, "orders:" + symbol)


@cython.cfunc
def _fast_order_update(ex: object, client: object, message: object) -> cython.bint:
    if type(message) is not dict:
        return False
    msg: dict = message
    event = msg.get("e")
    if event == "ORDER_TRADE_UPDATE" or event == "ALGO_UPDATE":
        inner = msg.get("o")
        if type(inner) is not dict:
            return False  # options' lists and odd shapes: the generated handler decides
        msg = inner
    elif event != "executionReport":
        return False
    if safe_string(msg, "o") == "LIQUIDATION" or "caid" in msg or "aid" in msg or "tp" in msg:
        return False  # liquidations and algo orders: the generated handler
    st: _State = _state(ex)
    try:
        trade = _exec_trade(ex, st, msg) if safe_string(msg, "x") == "TRADE" else None
        order = _exec_order(ex, st, msg)
    except (_Slow, ValueError, TypeError):
        return False
    if trade is not None:
        _store_my_trade(ex, client, trade)
    _store_order(ex, client, order)
    return True


def handle_order_update(ex: object, client: object, message: object) -> None:
    """``Binance.handle_order_update`` for executionReport and ORDER_TRADE_UPDATE frames."""
    if not _fast_order_update(ex, client, message):
        ex.handle_order_update(client, message)


# -- balances and positions (outboundAccountPosition, ACCOUNT_UPDATE) -------------------------


#: keys of a balance that safe_balance does not read as currencies
_BALANCE_KEYS = frozenset(("info", "timestamp", "datetime", "free", "used", "total"))


@cython.cfunc
def _account_type(client: object) -> object:
    """``get_account_type_from_subscriptions(list(client.subscriptions.keys()))``."""
    for key in client.subscriptions:
        if key == "spot" or key == "margin" or key == "future" or key == "delivery" or key == "option":
            return key
    return ""


@cython.cfunc
def _is_plain(text: str) -> cython.bint:
    """Whether ``dec(text)`` reads it: a plain decimal (``-12.50``) of at most 40 characters."""
    n: cython.Py_ssize_t = len(text)
    k: cython.Py_ssize_t = 0
    c: cython.Py_UCS4
    dot: cython.bint = False
    digits: cython.bint = False
    if n == 0 or n > 40:
        return False
    for c in text:
        if "0" <= c <= "9":
            digits = True
        elif c == ".":
            if dot:
                return False
            dot = True
        elif c != "-" or k != 0:
            return False
        k += 1
    return digits


@cython.cfunc
def _plain_text(value: object) -> object:
    """``safe_string`` of a balance field when it reads as a plain decimal (or as nothing: None);
    raises ``_Slow`` for anything else."""
    if value is None:
        return None
    t = type(value)
    if t is str:
        if value == "":
            return None
        text = value
    elif t is float or t is int:
        text = str(value)
    else:
        raise _Slow()
    if not _is_plain(text):
        raise _Slow()
    return text


@cython.cfunc
def _balance_plan(ex: object, st: _State, msg: dict, accounts: dict, wallet: object) -> list:
    """What ``handle_balance`` (not a balanceUpdate) then ``safe_balance`` write, computed before
    anything is written: [code, account or None (the one already held), free, used, total, debt]
    per currency in safe_balance's order. Raises ``_Slow`` for what it does not take."""
    if "debt" in accounts:
        raise _Slow()  # a debt entry (an earlier margin balance) reads as a currency: the generated path
    entries = msg.get("B")
    if type(entries) is not list:
        raise _Slow()
    fresh = {}
    for entry in entries:
        if type(entry) is not dict:
            raise _Slow()
        e: dict = entry
        currency_id = e.get("a")
        if type(currency_id) is not str or currency_id == "":
            raise _Slow()
        code = _currency_code(ex, st, currency_id)
        if code is None:
            continue
        if type(code) is not str or code in _BALANCE_KEYS or code == "debt":
            raise _Slow()
        fresh[code] = [_plain_text(e.get("f")), _plain_text(e.get("l")), _plain_text(e.get(wallet))]
    plan = []
    for code in accounts:
        if code in _BALANCE_KEYS:
            continue
        known = fresh.pop(code, None)
        if known is not None:
            plan.append(_balance_row(code, None, known[0], known[1], known[2], None))
            continue
        account = accounts[code]
        if type(account) is not dict:
            raise _Slow()
        a: dict = account
        plan.append(_balance_row(code, account, _plain_text(a.get("free")), _plain_text(a.get("used")),
                                 _plain_text(a.get("total")), _plain_text(a.get("debt"))))
    for code in fresh:
        known = fresh[code]
        plan.append(_balance_row(code, None, known[0], known[1], known[2], None))
    return plan


@cython.cfunc
def _small_mantissa(text: str) -> cython.longlong:
    """The digits of a plain decimal as an integer (sign included), or ``_BIG`` past 18 digits."""
    acc: cython.longlong = 0
    digits: cython.int = 0
    neg: cython.bint = False
    c: cython.Py_UCS4
    for c in text:
        if "0" <= c <= "9":
            digits += 1
            if digits > 18:
                return _BIG
            acc = acc * 10 + (ord(c) - 48)
        elif c == "-":
            neg = True
    return -acc if neg else acc


@cython.cfunc
def _decimals(text: str) -> cython.Py_ssize_t:
    """How many digits a plain decimal has after its dot."""
    dot: cython.Py_ssize_t = text.find(".")
    return 0 if dot < 0 else len(text) - dot - 1


#: past what _small_mantissa reads
_BIG = cython.declare(cython.longlong, -(2 ** 62))


@cython.cfunc
def _exact_sum(a: str, b: str) -> object:
    """``parse_number(Precise.string_add(a, b))`` for two plain decimals, computed in C when the
    aligned mantissas and their sum stay exact (the float of the exact sum, one rounding); None
    when they do not (the caller takes the decimal path)."""
    ma: cython.longlong = _small_mantissa(a)
    mb: cython.longlong = _small_mantissa(b)
    if ma == _BIG or mb == _BIG:
        return None
    da: cython.Py_ssize_t = _decimals(a)
    db: cython.Py_ssize_t = _decimals(b)
    d: cython.Py_ssize_t = da if da > db else db
    if d > 22:
        return None
    limit: cython.longlong = 1 << 53
    while da < d:  # aligning: checked before each step, so nothing overflows
        if ma > limit or ma < -limit:
            return None
        ma *= 10
        da += 1
    while db < d:
        if mb > limit or mb < -limit:
            return None
        mb *= 10
        db += 1
    total: cython.longlong = ma + mb
    if total > limit or total < -limit:
        return None
    if d == 0:
        return float(total)
    divisor: cython.double = _FPOW10[d]
    return total / divisor


@cython.cfunc
def _balance_row(code: object, account: object, free: object, used: object, total: object,
                 debt: object) -> list:
    """One currency of ``safe_balance``: the missing one of free/used/total from the other two."""
    if total is None and free is not None and used is not None:
        total = _exact_sum(free, used)  # (then neither free nor used is computed)
        if total is None:
            total = d_add(_d(free), _d(used))
    if free is None and total is not None and used is not None:
        free = d_sub(_d(total), _d(used))
    if used is None and total is not None and free is not None:
        used = d_sub(_d(total), _d(free))
    return [code, account, _f(free), _f(used), _f(total), _f(debt)]


@cython.cfunc
def _apply_balance(ex: object, st: _State, client: object, message: dict, account_type: object, plan: list,
                   timestamp: object) -> cython.void:
    """Write what ``_balance_plan`` computed, as handle_balance and safe_balance write it."""
    balances: dict = _sattr(st, ex, "balance")  # (a dict: checked before anything was computed)
    current = balances.get(account_type)
    if current is None:
        current = {}
        balances[account_type] = current
    accounts: dict = current
    accounts["info"] = message
    for row in plan:
        r: list = row
        if r[1] is None:  # handle_balance's account(), with what safe_balance then writes in it
            accounts[r[0]] = {"free": r[2], "used": r[3], "total": r[4]}
    accounts["timestamp"] = timestamp
    accounts["datetime"] = iso8601(timestamp)
    free = {}
    used = {}
    total = {}
    debts = None
    accounts["free"] = free
    accounts["used"] = used
    accounts["total"] = total
    for row in plan:
        r = row
        code = r[0]
        if r[1] is not None:  # an account held from before: safe_balance rewrites it in place
            account: dict = r[1]
            account["free"] = r[2]
            account["used"] = r[3]
            account["total"] = r[4]
            if r[5] is not None:
                account["debt"] = r[5]
                if debts is None:
                    debts = {}
                debts[code] = r[5]
        free[code] = r[2]
        used[code] = r[3]
        total[code] = r[4]
    if debts is not None:
        accounts["debt"] = debts
    balances[account_type] = accounts
    _resolve(st, client, accounts, str(account_type) + ":balance")


@cython.cfunc
def _balance_source(message: dict) -> dict:
    """The dict handle_balance reads balances (and their timestamp) from: ``safe_dict(message, 'a', message)``."""
    inner = message.get("a")
    return inner if type(inner) is dict else message


@cython.cfunc
def _fast_balance(ex: object, client: object, message: object) -> cython.bint:
    if type(message) is not dict:
        return False
    msg: dict = message
    if msg.get("e") != "outboundAccountPosition":
        return False  # balanceUpdate (a delta on the held value) and other shapes: the generated path
    st: _State = _state(ex)
    balances = _sattr(st, ex, "balance")
    if type(balances) is not dict:
        return False
    account_type = _account_type(client)
    current = balances.get(account_type)
    if not (current is None or type(current) is dict):
        return False
    source: dict = _balance_source(msg)
    timestamp = source.get("E")
    if not (timestamp is None or _int(timestamp)):
        return False
    try:
        plan = _balance_plan(ex, st, source, {} if current is None else current,
                             safe_string(_sattr(st, ex, "options"), "wallet", "wb"))
    except (_Slow, ValueError, TypeError):
        return False
    _apply_balance(ex, st, client, msg, account_type, plan, timestamp)
    return True


def handle_balance(ex: object, client: object, message: object) -> None:
    """``Binance.handle_balance`` for outboundAccountPosition frames."""
    if not _fast_balance(ex, client, message):
        ex.handle_balance(client, message)


@cython.cfunc
def _sign(text: str) -> cython.int:
    """The sign of a plain decimal's exact value: -1, 0 or 1."""
    c: cython.Py_UCS4
    for c in text:
        if "1" <= c <= "9":
            return -1 if text[0] == "-" else 1
    return 0


@cython.cfunc
def _ws_position(ex: object, st: _State, raw: object, markets: dict, timestamp: object) -> dict:
    """``parse_ws_position(raw)`` with ``safe_position``, then the timestamp handle_positions sets."""
    if type(raw) is not dict:
        raise _Slow()
    p: dict = raw
    market_id = p.get("s")
    if type(market_id) is not str or market_id == "":
        raise _Slow()
    market = _market(ex, st, market_id, "swap")
    if market is None:
        raise _Slow()
    symbol = market["symbol"]
    contracts = _plain_text(p.get("pa"))
    if contracts is None:
        raise _Slow()
    sign: cython.int = _sign(contracts)
    side = safe_string_lower(p, "ps")
    hedged = True
    if side == "both":
        hedged = False
        if sign != 0:
            side = "short" if sign < 0 else "long"
    unrealized = safe_number(p, "up")
    position = {
        "info": p,
        "id": None,
        "symbol": symbol,
        "notional": None,
        "marginMode": safe_string(p, "mt"),
        "liquidationPrice": None,
        "entryPrice": safe_number(p, "ep"),
        "unrealizedPnl": unrealized,
        "percentage": None,
        "contracts": abs(_num(contracts)),  # parse_number(Precise.string_abs(pa)): rounding is symmetric
        "contractSize": None,
        "markPrice": None,
        "side": side,
        "hedged": hedged,
        "timestamp": None,
        "datetime": None,
        "maintenanceMargin": None,
        "maintenanceMarginPercentage": None,
        "collateral": None,
        "initialMargin": None,
        "initialMarginPercentage": None,
        "leverage": None,
        "marginRatio": None,
    }
    # safe_position: no initial margin, so no percentage; the contract size of the symbol's market
    listed = markets.get(symbol) if markets is not None else None
    if listed is not None:
        position["contractSize"] = safe_number(listed, "contractSize")
    position["timestamp"] = timestamp
    position["datetime"] = iso8601(timestamp)
    return position


@cython.cfunc
def _fast_account_update(ex: object, client: object, message: object) -> cython.bint:
    if type(message) is not dict:
        return False
    msg: dict = message
    if msg.get("e") != "ACCOUNT_UPDATE":
        return False
    st: _State = _state(ex)
    balances = _sattr(st, ex, "balance")
    if type(balances) is not dict:
        return False
    account_type = _account_type(client)
    current = balances.get(account_type)
    if not (current is None or type(current) is dict):
        return False
    positions_by_type = _sattr(st, ex, "positions")
    if not (positions_by_type is None or type(positions_by_type) is dict):
        return False
    timestamp = msg.get("E")
    inner = msg.get("a")
    raw_positions = inner.get("P") if type(inner) is dict else None
    markets = _sattr(st, ex, "markets")
    source: dict = _balance_source(msg)
    balance_time = source.get("E")
    try:
        if not (timestamp is None or _int(timestamp)) or not (balance_time is None or _int(balance_time)) \
                or not (markets is None or type(markets) is dict):
            raise _Slow()
        plan = _balance_plan(ex, st, source, {} if current is None else current,
                             safe_string(_sattr(st, ex, "options"), "wallet", "wb"))
        parsed = []
        if type(raw_positions) is list:
            for raw in raw_positions:
                parsed.append(_ws_position(ex, st, raw, markets, timestamp))
        elif raw_positions is not None:
            raise _Slow()
    except (_Slow, ValueError, TypeError):
        return False
    _apply_balance(ex, st, client, msg, account_type, plan, balance_time)
    # handle_positions
    if positions_by_type is None:
        positions_by_type = {}
        ex.positions = positions_by_type
    if account_type not in positions_by_type:
        positions_by_type[account_type] = ArrayCacheBySymbolBySide()
    cache = positions_by_type[account_type]
    for position in parsed:
        cache.append(position)
    prefix = str(account_type) + ":positions"
    waiting = client.futures
    for message_hash in (ex.find_message_hashes(client, prefix + "::") if len(waiting) else ()):
        symbols = message_hash.split("::")[1].split(",")
        chosen = ex.filter_by_array(parsed, "symbol", symbols, False)
        if not ex.is_empty(chosen):
            client.resolve(chosen, message_hash)
    _resolve(st, client, parsed, prefix)
    return True


def handle_acount_update(ex: object, client: object, message: object) -> None:
    """``Binance.handle_acount_update`` (sic) for ACCOUNT_UPDATE frames: balances, then positions."""
    if not _fast_account_update(ex, client, message):
        ex.handle_acount_update(client, message)


# -- liquidations (forceOrder) -----------------------------------------------------------------


@cython.cfunc
def _finite(x: object) -> cython.bint:
    """``parse_number(str(x)) == x`` for what safe_number returned: None or a finite float."""
    if x is None:
        return True
    v: cython.double = x
    return v - v == 0.0


@cython.cfunc
def _fast_liquidation(ex: object, client: object, message: object) -> cython.bint:
    if type(message) is not dict:
        return False
    raw = message.get("o")
    if type(raw) is not dict:
        return False
    o: dict = raw
    market_id = o.get("s")
    if type(market_id) is not str or market_id == "":
        return False
    st: _State = _state(ex)
    market = _market(ex, st, market_id, "contract")  # handle_liquidation's safe_market
    if market is None:
        return False
    swap = _market(ex, st, market_id, "swap")  # parse_ws_liquidation's, given the first
    if swap is None:
        swap = market
    kind = swap.get("type")
    if type(kind) is not str:
        return False
    own = _market(ex, st, market_id, kind)  # safe_symbol(market_id, that market)
    if own is None:
        own = swap
    timestamp = o.get("T")
    contracts = safe_number(o, "l")
    price = safe_number(o, "ap")
    if not (timestamp is None or _int(timestamp)) or not _finite(contracts) or not _finite(price):
        return False
    liquidations = _iattr(ex, "liquidations")
    liquidation = {
        "info": o,
        "symbol": own["symbol"],
        "contracts": contracts,
        "contractSize": None,  # safe_liquidation reads it from the market it is not given
        "price": price,
        "side": safe_string_lower(o, "S"),
        "baseValue": None,
        "quoteValue": None,
        "timestamp": timestamp,
        "datetime": iso8601(timestamp),
    }
    if liquidations is None:
        liquidations = ArrayCache(safe_integer(_iattr(ex, "options"), "liquidationsLimit", 1000))
        ex.liquidations = liquidations
    liquidations.append(liquidation)
    _resolve(st, client, [liquidation], "liquidations")
    _resolve(st, client, [liquidation], "liquidations::" + market["symbol"])
    return True


def handle_liquidation(ex: object, client: object, message: object) -> None:
    """``Binance.handle_liquidation`` for forceOrder frames."""
    if not _fast_liquidation(ex, client, message):
        ex.handle_liquidation(client, message)


# -- request replies nobody waits for ------------------------------------------------------------


@cython.cfunc
def _fast_subscription_status(client: object, message: object) -> cython.bint:
    """``handle_subscription_status`` when no subscription of the client has the reply's id (the
    handler then does nothing): True; False (the generated handler decides) otherwise."""
    if type(message) is not dict:
        return False
    request_id = safe_string(message, "id")
    subscriptions = client.subscriptions
    if request_id is None or type(subscriptions) is not dict:
        return False
    for key, value in (subscriptions).items():
        if type(key) is not str or type(value) is not dict:
            return False  # index_by would sort mixed keys or call .get on a non-dict: let it
        found = (value).get("id")
        if found is not None and (type(found) is not str or found == request_id):
            return False  # a subscription this replies to (its method, its unsubscription), or an odd id
    return True


def handle_subscription_status(ex: object, client: object, message: object) -> None:
    """``Binance.handle_subscription_status`` for replies to requests nobody waits for."""
    if not _fast_subscription_status(client, message):
        ex.handle_subscription_status(client, message)


HANDLERS = {
    "handle_subscription_status": handle_subscription_status,
    "handle_order_book": handle_order_book,
    "handle_balance": handle_balance,
    "handle_acount_update": handle_acount_update,
    "handle_liquidation": handle_liquidation,
    "handle_order_update": handle_order_update,
    "handle_trade": handle_trade,
    "handle_tickers": handle_tickers,
    "handle_bids_asks": handle_bids_asks,
    "handle_mark_prices": handle_mark_prices,
    "handle_ohlcv": handle_ohlcv,
}
if cython.compiled:  # the twin's byte scanner is slower than decoding: the pure build decodes every frame
    HANDLERS["raw_frame"] = raw_frame
COMPILED = cython.compiled
