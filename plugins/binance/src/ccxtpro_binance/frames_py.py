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
"""

import cython

from ccxtpro import ArrayCache, ArrayCacheBySymbolById, ArrayCacheByTimestamp
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
from ccxtpro.ws.client import moment as _moment
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
    "handle_order_update": ("handle_order_update", "handle_my_trade", "handle_order", "handle_my_liquidation",
                            "parse_ws_order", "parse_ws_trade", "safe_order", "safe_trade", "parsed_fee_and_fees",
                            "reduce_fees_by_currency", "parse_fee_numeric", "safe_symbol", "safe_market"),
}

#: sha256 (16 hex digits) of each mirrored method's generated source, pinned by a test
SOURCE_DIGESTS = {
    "find_timeframe": "85dedef400b75eae",
    "handle_bids_asks": "4df359f870ba4f7e",
    "handle_deltas": "34b822558e16859c",
    "handle_mark_prices": "85f2ae1ffb92bfa5",
    "handle_my_liquidation": "95b00a2118135cde",
    "handle_my_trade": "aa93872ecb87d5df",
    "handle_ohlcv": "5a36cd2a1387e6a5",
    "handle_order": "0deca5f3cb33aa92",
    "handle_order_book": "cc57dad5e8f1a58c",
    "handle_order_book_message": "3940821998f3edff",
    "handle_order_update": "a8c5652d9aaf0ac6",
    "handle_tickers": "55562deca8c3b0b5",
    "handle_tickers_and_bids_asks": "a83a2834531cfb25",
    "handle_trade": "37e5169b8d1ffe0b",
    "is_spot_url": "5caa0eba75310e56",
    "parse_fee_numeric": "d48105c304c254f6",
    "parse_trade": "c0ba87aacbe63566",
    "parse_ws_order": "5e86388c92400595",
    "parse_ws_ticker": "e0a3cc0baf678702",
    "parse_ws_trade": "16e7c0333a46f9d4",
    "parsed_fee_and_fees": "c56cea72264aa1bd",
    "reduce_fees_by_currency": "f3f3aa4845fa1856",
    "safe_market": "f3600ce1e21f35e7",
    "safe_order": "ed26abc6b1e9958a",
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
    neg: cython.bint = text[0] == "-"
    dot: cython.Py_ssize_t = -1
    k: cython.Py_ssize_t
    digits: cython.Py_ssize_t = 0
    acc: cython.longlong = 0
    c: cython.Py_UCS4
    for k in range(1 if neg else 0, n):
        c = text[k]
        if c == ".":
            if dot >= 0:
                return None
            dot = k
        elif "0" <= c <= "9":
            digits += 1
            if digits <= 18:
                acc = acc * 10 + (ord(c) - 48)
        else:
            return None
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
    neg: cython.bint = text[0] == "-"
    dot: cython.Py_ssize_t = -1
    k: cython.Py_ssize_t
    digits: cython.Py_ssize_t = 0
    acc: cython.longlong = 0
    c: cython.Py_UCS4
    for k in range(1 if neg else 0, n):
        c = text[k]
        if c == ".":
            if dot >= 0:
                return float(text)
            dot = k
        elif "0" <= c <= "9":
            digits += 1
            acc = acc * 10 + (ord(c) - 48)
        else:
            return float(text)
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
    if i == 0:
        return _mk(0, 0)
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
    timeframes = cython.declare(object)
    interval_to_timeframe = cython.declare(dict)
    spot_urls = cython.declare(dict)

    def __init__(self) -> None:
        self.markets_by_id = None
        self.markets = {}
        self.precisions = {}
        self.lookups = {}
        self.timeframes = None
        self.interval_to_timeframe = {}
        self.spot_urls = {}


@cython.cfunc
def _state(ex: object) -> _State:
    d: dict = ex.__dict__
    st = d.get(_STATE)
    if st is None:
        st = _State()
        d[_STATE] = st
    return st


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
    by_id = _iattr(ex, "markets_by_id")
    if by_id is not st.markets_by_id:
        st.markets = {}
        st.precisions = {}
        st.lookups = {}
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
def _resolve(client: object, result: object, message_hash: object) -> cython.void:
    """``client.resolve(result, message_hash)``; when nobody waits, the result is only kept
    for a stream that asks next (``pending_results``, what ``resolve`` would do, cheaper)."""
    if message_hash in client.futures:
        client.resolve(result, message_hash)
    else:
        pending = getattr(client, "pending_results", None)
        if pending is not None:
            pending[message_hash] = (result, _moment())


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
    trades: dict = _iattr(ex, "trades")
    cache = trades.get(symbol)
    if cache is None:
        limit = safe_integer(_iattr(ex, "options"), "tradesLimit", 1000)
        cache = ArrayCache(limit)
    cache.append(trade)
    trades[symbol] = cache
    _resolve(client, cache, "trade::" + symbol)
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
        # safe_ticker; frame strings stay strings until arithmetic needs them
        open_ = _oz(o)
        close = _oz(c)
        change = p
        percentage = _oz(P)
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
                if _iattr(ex, "precisionMode") == TICK_SIZE:
                    precision = _price_precision(ex, st, m)
                average = d_div(d_add(_d(open_), _d(close)), _TWO, precision)
        close_f = _f(_oz(close))
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
        result["open"] = _f(_oz(open_))
        result["close"] = close_f
        result["last"] = close_f
        result["previousClose"] = _f(x)
        result["change"] = _f(change)
        result["percentage"] = _f(percentage)
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
    options = _iattr(ex, "options")
    channels = options.get("tickerChannelsMap") if type(options) is dict else None
    if type(channels) is not dict:
        return False
    by_id = _iattr(ex, "markets_by_id")
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
    store: dict = _iattr(ex, "bidsasks" if is_bid_ask else "tickers")
    for item in parsed_all:
        channel_name, parsed = item
        symbol = parsed["symbol"]
        new_tickers[symbol] = parsed
        store[symbol] = parsed
        count += 1
        _resolve(client, parsed, prefix + ":" + channel_name + "@" + symbol)
    if count > 0:
        _resolve(client, new_tickers, prefix + "s:" + channel_name)
    return True


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
    timeframes = _iattr(ex, "timeframes")
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
def _fast_ohlcv(ex: object, client: object, message: object) -> cython.bint:
    if type(message) is not dict:
        return False
    msg: dict = message
    event = _KLINE_EVENTS.get(msg.get("e"))
    kline = msg.get("k")
    if event is None or type(kline) is not dict:
        return False
    k: dict = kline
    market_id = msg.get("ps") if event == "indexPriceKline" else k.get("s", None)
    if market_id is None and event != "indexPriceKline":
        market_id = k.get("ps")
    interval = k.get("i")
    if type(interval) is not str:
        return False
    st: _State = _state(ex)
    timeframe = _timeframe(ex, st, interval)
    if timeframe is None:
        return False
    start = k.get("t")
    if not _int(start):
        return False
    try:
        candle = [start, float(k["o"]), float(k["h"]), float(k["l"]), float(k["c"]), float(k["v"])]
    except (KeyError, TypeError, ValueError):
        return False
    for value in (k["o"], k["h"], k["l"], k["c"], k["v"]):
        if type(value) is not str or value == "":
            return False
    market = _market(ex, st, market_id, "spot" if _is_spot(st, client) else "contract")
    if market is None:
        return False
    symbol = market["symbol"]
    ohlcvs: dict = _iattr(ex, "ohlcvs")
    per_symbol = ohlcvs.get(symbol)
    if type(per_symbol) is not dict:
        per_symbol = {}
    ohlcvs[symbol] = per_symbol
    stored = per_symbol.get(timeframe)
    if stored is None:
        limit = safe_integer(_iattr(ex, "options"), "OHLCVLimit", 1000)
        stored = ArrayCacheByTimestamp(limit)
        per_symbol[timeframe] = stored
    stored.append(candle)
    _resolve(client, [symbol, timeframe, stored], "ohlcv::" + symbol + "::" + timeframe)
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
    books = _iattr(ex, "orderbooks")
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
    _resolve(client, book, message_hash)
    return True


def handle_order_book(ex: object, client: object, message: object) -> None:
    """``Binance.handle_order_book`` for depthUpdate frames once the snapshot is in."""
    if not _fast_depth(ex, client, message):
        ex.handle_order_book(client, message)


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
    return _cached_call(st, ("currency", currency_id), ex.safe_currency_code, currency_id, None, 1)


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
    _resolve(client, my_trades, "myTrades")
    _resolve(client, my_trades, "myTrades:" + symbol)


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
    _resolve(client, cached_orders, "orders")
    _resolve(client, cached_orders, "orders:" + symbol)


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


HANDLERS = {
    "handle_order_book": handle_order_book,
    "handle_order_update": handle_order_update,
    "handle_trade": handle_trade,
    "handle_tickers": handle_tickers,
    "handle_bids_asks": handle_bids_asks,
    "handle_mark_prices": handle_mark_prices,
    "handle_ohlcv": handle_ohlcv,
}
COMPILED = cython.compiled
