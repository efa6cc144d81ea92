"""Public market-data REST endpoints as CCXT's unified public methods reach them.

``register_market_data(api)`` is called at the end of ``RestApi._build()``; the
routes it adds replace the generic ones for the same paths, so every handler
here answers with Binance's own shapes per market type (spot ``/api``, USD-M
``/fapi`` and ``/futures/data``, COIN-M ``/dapi`` and ``/dapi-data``):

- tickers: spot rolling-window ``ticker``; COIN-M ``ticker/24hr``, ``ticker/price``
  and ``ticker/bookTicker`` answer a list even for one symbol and filter by ``pair``;
- trades: ``trades``, ``historicalTrades`` (``fromId``) and ``aggTrades``
  (``fromId``/``startTime``/``endTime``, at most one hour apart);
- klines: ``markPriceKlines``, ``indexPriceKlines`` (by ``pair``) and
  ``premiumIndexKlines`` on both futures APIs; COIN-M klines of every kind return
  the most recent ``limit`` bars up to ``endTime`` (its documented rule);
- funding: ``premiumIndex`` (a list on COIN-M), ``fundingRate`` history on the
  8-hour grid, ``fundingInfo``;
- ``futures/data/openInterestHist`` and ``globalLongShortAccountRatio`` (USD-M by
  ``symbol``; COIN-M by ``pair``, open interest also by ``contractType``),
  ``symbolAdlRisk``.

History (funding, open interest, long/short ratios, mark/index klines) is a
deterministic function of (seed, symbol, time), so two clients asking the same
question of a paused simulator get the same answer.

:func:`market_data_weight` is Binance's documented request weight of these
endpoints (and of ``depth``, ``ping``, ``time``); ``register_market_data`` puts it in
``ratelimit.PATH_WEIGHTS`` for every public market-data route, which
``ratelimit.rest_weight`` consults first.
"""

from __future__ import annotations

import random

from . import payloads as P
from .errors import BinanceError, as_int
from .instruments import COINM, SPOT, USDM
from .market import INTERVALS_MS
from .ratelimit import PATH_WEIGHTS

HOUR = 3_600_000
FUNDING_MS = 8 * HOUR
DATA_PERIODS = ("5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d")
DATA_DAYS = 30  # the futures/data endpoints keep the latest 30 days
ROLLING_WINDOWS = {**{f"{n}m": n * 60_000 for n in range(1, 60)}, **{f"{n}h": n * HOUR for n in range(1, 24)},
                   **{f"{n}d": n * 86_400_000 for n in range(1, 8)}}
CONTRACT_TYPES = ("ALL", "CURRENT_QUARTER", "NEXT_QUARTER", "PERPETUAL")


# ---------------------------------------------------------------- weights

def _by_limit(params: dict, default: int, table) -> int:
    try:
        limit = int(params.get("limit") or default)
    except ValueError:
        return table[0][1]
    for top, w in table:
        if limit <= top:
            return w
    return table[-1][1]


_SPOT_DEPTH = ((100, 5), (500, 25), (1000, 50), (10 ** 9, 250))
_FUT_DEPTH = ((50, 2), (100, 5), (500, 10), (10 ** 9, 20))
_FUT_KLINES = ((99, 1), (499, 2), (1000, 5), (10 ** 9, 10))
_KLINES = ("klines", "continuousKlines", "markPriceKlines", "indexPriceKlines", "premiumIndexKlines")


def _spot_symbols_count(params: dict) -> int | None:
    raw = params.get("symbols")
    if not raw:
        return None
    return max(1, raw.count(",") + 1)


def market_data_weight(path: str, params: dict) -> int | None:
    """Binance's request weight of a public market-data endpoint; None for any other path."""
    for prefix in ("/api/v3/", "/api/v1/"):
        if path.startswith(prefix):
            return _spot_weight(path[len(prefix):], params)
    for prefix, market in (("/fapi/v1/", USDM), ("/fapi/v2/", USDM), ("/dapi/v1/", COINM)):
        if path.startswith(prefix):
            return _futures_weight(market, path[len(prefix):], params)
    if path.startswith("/futures/data/"):
        return 0  # USD-M statistics: weight 0 (a separate per-IP limit)
    if path.startswith("/dapi-data/futures/data/"):
        return 1
    return None


def _spot_weight(name: str, params: dict) -> int | None:
    n = _spot_symbols_count(params)
    if name == "depth":
        return _by_limit(params, 100, _SPOT_DEPTH)
    if name in ("trades", "historicalTrades"):
        return 25
    if name == "aggTrades":
        return 4
    if name in ("klines", "uiKlines", "avgPrice"):
        return 2
    if name == "ticker/24hr":
        if params.get("symbol"):
            return 2
        if n is None:
            return 80
        return 2 if n <= 20 else 40 if n <= 100 else 80
    if name == "ticker":
        return min(200, 4 * (n or 1))
    if name in ("ticker/price", "ticker/bookTicker"):
        return 2 if params.get("symbol") else 4
    if name in ("ping", "time"):
        return 1
    return None


def _futures_weight(market: str, name: str, params: dict) -> int | None:
    one = bool(params.get("symbol") or params.get("pair"))
    if name == "depth":
        return _by_limit(params, 500, _FUT_DEPTH)
    if name == "rpiDepth":
        return 20
    if name in _KLINES:
        return _by_limit(params, 500, _FUT_KLINES)
    if name == "trades":
        return 5
    if name in ("historicalTrades", "aggTrades"):
        return 20
    if name == "ticker/24hr":
        return 1 if one else 40
    if name == "ticker/price":
        return 1 if one else 2
    if name == "ticker/bookTicker":
        return 2 if one else 5
    if name == "premiumIndex":
        return 10 if market == COINM else 1
    if name in ("fundingRate", "fundingInfo"):
        return 1 if market == COINM else 0  # USD-M: a shared 500/5min/IP limit instead
    if name in ("openInterest", "symbolAdlRisk", "ping", "time"):
        return 1
    return None


# ---------------------------------------------------------------- helpers

def _rng(model, kind: str, t: int) -> random.Random:
    return random.Random(f"{model.seed}:{model.inst.market}:{model.inst.symbol}:{kind}:{t}")


def _price_at(model, t: int) -> int:
    """Price (ticks) at ``t``: the open of the one-minute kline holding ``t`` (history or live)."""
    return model.history("1m", t, 1)[-1].o


def _grid(step: int, latest: int, earliest: int, start: int | None, end: int | None, limit: int) -> list[int]:
    """Times on a ``step`` grid as Binance pages history: ``limit`` from ``start`` when given, else the
    last ``limit`` up to ``end`` (or now); never before ``earliest`` nor after ``latest``."""
    last = latest if end is None else min(latest, end - end % step)
    first = earliest + (-earliest) % step
    if start is not None:
        first = max(first, start + (-start) % step)
        out = []
        t = first
        while t <= last and len(out) < limit:
            out.append(t)
            t += step
        return out
    out = []
    t = last
    while t >= first and len(out) < limit:
        out.append(t)
        t -= step
    out.reverse()
    return out


def _fmt8(x: float) -> str:
    return f"{x:.8f}"


class MarketData:
    def __init__(self, api) -> None:
        self.api = api
        self.core = api.core

    # ------------------------------------------------------------ params
    def _models(self, ctx) -> dict:
        return self.core.models[ctx.market]

    def _limit(self, ctx, default: int, maximum: int) -> int:
        return self.api._limit(ctx, default, maximum)

    def _interval(self, ctx) -> str:
        interval = ctx.params.get("interval")
        if not interval:
            raise BinanceError(-1102, None, "interval")
        if interval not in INTERVALS_MS or (interval == "1s" and ctx.market != SPOT):
            raise BinanceError(-1120)
        return interval

    def _times(self, ctx) -> tuple[int | None, int | None]:
        start, end = as_int(ctx.params, "startTime"), as_int(ctx.params, "endTime")
        if start is not None and end is not None and start > end:
            raise BinanceError(-1127, "startTime is greater than endTime.")
        return start, end

    def _period(self, ctx) -> str:
        period = ctx.params.get("period")
        if not period:
            raise BinanceError(-1102, None, "period")
        if period not in DATA_PERIODS:
            raise BinanceError(-1130, "Data sent for parameter 'period' is not valid.")
        return period

    def _pair_models(self, ctx, required: bool = True) -> list | None:
        """Models of the ``pair`` parameter (None when absent and optional); -1121 for an unknown pair."""
        pair = ctx.params.get("pair")
        if not pair:
            if required:
                raise BinanceError(-1102, None, "pair")
            return None
        models = [m for m in self._models(ctx).values() if m.inst.pair == pair]
        if not models:
            raise BinanceError(-1121)
        return models

    def _selected(self, ctx) -> list:
        """Models named by ``symbol`` or ``pair`` (COIN-M), else all of the market."""
        if ctx.params.get("symbol"):
            return [self.api._model(ctx)]
        by_pair = self._pair_models(ctx, required=False) if ctx.market == COINM else None
        return by_pair if by_pair is not None else list(self._models(ctx).values())

    # ------------------------------------------------------------ tickers
    def _list_on_coinm(self, ctx, fn):
        if ctx.market != COINM:
            return self.api._each(ctx, fn)
        return [fn(m, ctx.now) for m in self._selected(ctx)]

    def ticker_24hr(self, ctx):
        return self._list_on_coinm(ctx, P.ticker_rest)

    def book_ticker(self, ctx):
        return self._list_on_coinm(ctx, P.book_ticker_rest)

    def ticker_price(self, ctx):
        def price(m, now):
            d = {"symbol": m.inst.symbol}
            if ctx.market == COINM:
                d["ps"] = m.inst.pair
            d["price"] = m.inst.px(m.last_price)
            if ctx.market != SPOT:
                d["time"] = now
            return d
        return self._list_on_coinm(ctx, price)

    def ticker_rolling(self, ctx):
        """Spot ``/api/v3/ticker``: rolling-window statistics (the model's 24h numbers), FULL or MINI."""
        window = ctx.params.get("windowSize", "1d")
        if window not in ROLLING_WINDOWS:
            raise BinanceError(-1100, None, "windowSize", "^[1-9][0-9]{0,1}[mhd]$")
        kind = ctx.params.get("type", "FULL")
        if kind not in ("FULL", "MINI"):
            raise BinanceError(-1100, None, "type", "FULL|MINI")
        has_symbol, has_symbols = bool(ctx.params.get("symbol")), ctx.params.get("symbols") is not None
        if has_symbol and has_symbols:
            raise BinanceError(-1128, "Combination of optional parameters invalid.")
        if not has_symbol and not has_symbols:
            raise BinanceError(-1102, "Parameter 'symbol' or 'symbols' must be sent, but both were empty/null!")
        span = ROLLING_WINDOWS[window]

        def one(m):
            t = P.ticker_rest(m, ctx.now)
            keys = ("symbol", "priceChange", "priceChangePercent", "weightedAvgPrice", "openPrice", "highPrice",
                    "lowPrice", "lastPrice", "volume", "quoteVolume", "openTime", "closeTime", "firstId",
                    "lastId", "count")
            if kind == "MINI":
                keys = tuple(k for k in keys if k not in ("priceChange", "priceChangePercent", "weightedAvgPrice"))
            d = {k: t[k] for k in keys}
            d["openTime"] = ctx.now - span
            return d

        if has_symbol:
            return one(self.api._model(ctx))
        syms = self.api._symbols_param(ctx)
        if not syms:
            raise BinanceError(-1102, None, "symbols")
        if len(syms) > 100:
            raise BinanceError(-1101, None, "100", str(len(syms)))
        models = self._models(ctx)
        return [one(models[s]) for s in syms]

    # ------------------------------------------------------------ trades
    def trades(self, ctx):
        model = self.api._model(ctx)
        limit = self._limit(ctx, 500, 1000)
        return [P.trade_rest(model.inst, t) for t in list(model.recent_trades)[-limit:]]

    def historical_trades(self, ctx):
        model = self.api._model(ctx)
        limit = self._limit(ctx, 500, 1000) if ctx.market == SPOT else self._limit(ctx, 100, 500)
        from_id = as_int(ctx.params, "fromId")
        rows = list(model.recent_trades)
        if from_id is None:
            rows = rows[-limit:]
        else:
            rows = [t for t in rows if t.id >= from_id][:limit]
        return [P.trade_rest(model.inst, t) for t in rows]

    def agg_trades(self, ctx):
        model = self.api._model(ctx)
        limit = self._limit(ctx, 500, 1000)
        from_id = as_int(ctx.params, "fromId")
        start, end = self._times(ctx)
        if from_id is not None and (start is not None or end is not None):
            raise BinanceError(-1128, "Combination of optional parameters invalid.")
        if start is not None and end is not None and end - start > HOUR:
            raise BinanceError(-1127, "More than 1 hours between startTime and endTime.")
        rows = list(model.recent_aggs)
        if from_id is not None:
            rows = [a for a in rows if a.id >= from_id][:limit]
        elif start is not None:
            rows = [a for a in rows if a.time >= start and (end is None or a.time <= end)][:limit]
        elif end is not None:
            rows = [a for a in rows if a.time <= end][-limit:]
        else:
            rows = rows[-limit:]
        return [P.agg_trade_rest(model.inst, a) for a in rows]

    # ------------------------------------------------------------ klines
    def _candles(self, ctx, model, interval: str):
        """The klines of the request window: forward from ``startTime`` (spot, USD-M), or the most
        recent ``limit`` up to ``endTime`` (COIN-M: ``endTime`` defaults to now, or to 200 days
        after ``startTime``)."""
        limit = self._limit(ctx, 500, 1000 if ctx.market == SPOT else 1500)
        start, end = self._times(ctx)
        if ctx.market != COINM or start is None:
            return model.history(interval, end, limit, start)
        if end is None:
            end = min(ctx.now, start + 200 * 86_400_000)
        return [c for c in model.history(interval, end, limit) if c.open_time >= start]

    def klines(self, ctx):
        model = self.api._model(ctx)
        return [P.kline_rest(model.inst, c) for c in self._candles(ctx, model, self._interval(ctx))]

    @staticmethod
    def _basic(c, now: int) -> int:
        """Number of one-second samples in a price kline."""
        return max(1, min(c.close_time + 1, now) - c.open_time) // 1000

    @staticmethod
    def _mark(model, ticks: int) -> int:
        return ticks + round(ticks * 0.0001)

    @staticmethod
    def _index(model, ticks: int) -> int:
        return ticks - round(ticks * 0.0002)

    def _price_row(self, c, o, h, l, cl, n) -> list:
        return [c.open_time, o, h, l, cl, "0", c.close_time, "0", n, "0", "0", "0"]

    def mark_klines(self, ctx):
        model = self.api._model(ctx)
        inst, f = model.inst, self._mark
        return [self._price_row(c, inst.px(f(model, c.o)), inst.px(f(model, c.h)), inst.px(f(model, c.l)),
                                inst.px(f(model, c.c)), self._basic(c, ctx.now))
                for c in self._candles(ctx, model, self._interval(ctx))]

    def index_klines(self, ctx):
        models = self._pair_models(ctx)
        perps = [m for m in models if m.inst.contract_type == "PERPETUAL"]
        model = (perps or models)[0]
        inst, f = model.inst, self._index

        def px(t):
            return _fmt8(inst.px_float(f(model, t)))
        return [self._price_row(c, px(c.o), px(c.h), px(c.l), px(c.c), self._basic(c, ctx.now))
                for c in self._candles(ctx, model, self._interval(ctx))]

    def premium_klines(self, ctx):
        model = self.api._model(ctx)

        def prem(t):
            idx = self._index(model, t)
            return (self._mark(model, t) - idx) / idx
        rows = []
        for c in self._candles(ctx, model, self._interval(ctx)):
            o, cl = prem(c.o), prem(c.c)
            hi, lo = max(o, cl, prem(c.h)), min(o, cl, prem(c.l))
            rows.append(self._price_row(c, _fmt8(o), _fmt8(hi), _fmt8(lo), _fmt8(cl), self._basic(c, ctx.now)))
        return rows

    # ------------------------------------------------------------ funding
    def premium_index(self, ctx):
        if ctx.market == COINM:
            return [P.premium_index_rest(m, ctx.now) for m in self._selected(ctx)]
        return self.api._each(ctx, P.premium_index_rest)

    def _funding_row(self, ctx, model, t: int) -> dict:
        rng = _rng(model, "funding", t)
        rate = 0.0001 if rng.random() < 0.6 else 0.0001 + rng.uniform(-0.0002, 0.0003)
        d = {"symbol": model.inst.symbol}
        if ctx.market == COINM:
            d.update({"fundingTime": t, "fundingRate": _fmt8(rate)})
        else:
            d.update({"fundingRate": _fmt8(rate), "fundingTime": t,
                      "markPrice": _fmt8(model.inst.px_float(_price_at(model, t)))})
        return d

    def funding_rate(self, ctx):
        """Funding history on the 8-hour grid: ``limit`` from ``startTime``, else the most recent ones."""
        limit = self._limit(ctx, 100, 1000)
        start, end = self._times(ctx)
        if ctx.market == COINM and not ctx.params.get("symbol"):
            raise BinanceError(-1102, None, "symbol")
        model = self.api._model(ctx, required=False)
        models = [model] if model else list(self._models(ctx).values())
        latest = ctx.now - ctx.now % FUNDING_MS
        rows = []
        for m in models:
            if m.inst.contract_type != "PERPETUAL":
                continue  # an empty list for delivery contracts
            for t in _grid(FUNDING_MS, latest, m.inst.onboard, start, end, limit):
                rows.append((t, m.inst.symbol, m))
        rows.sort(key=lambda r: (r[0], r[1]))
        rows = rows[:limit] if start is not None else rows[-limit:]
        return [self._funding_row(ctx, m, t) for t, _, m in rows]

    def funding_info(self, ctx):
        return [{"symbol": m.inst.symbol, "adjustedFundingRateCap": "0.03000000",
                 "adjustedFundingRateFloor": "-0.03000000", "fundingIntervalHours": 8, "disclaimer": False}
                for m in self._models(ctx).values() if m.inst.contract_type == "PERPETUAL"]

    def adl_risk(self, ctx):
        half_hour = ctx.now - ctx.now % 1_800_000

        def one(m, now):
            level = ("low", "low", "medium", "high")[_rng(m, "adl", half_hour).randrange(4)]
            return {"symbol": m.inst.symbol, "adlRisk": level, "updateTime": half_hour}
        return self.api._each(ctx, one)

    # ------------------------------------------------------------ futures/data statistics
    def _stat_times(self, ctx, step: int) -> list[int]:
        limit = self._limit(ctx, 30, 500)
        start, end = self._times(ctx)
        latest = ctx.now - ctx.now % step
        return _grid(step, latest, ctx.now - DATA_DAYS * 86_400_000, start, end, limit)

    def _oi_steps(self, model, t: int) -> int:
        return max(1, round(model.unit * 10_000 * _rng(model, "oi", t).uniform(0.9, 1.1)))

    def open_interest_hist(self, ctx):
        step = INTERVALS_MS[self._period(ctx)]
        if ctx.market == USDM:
            model = self.api._model(ctx)
            inst = model.inst
            out = []
            for t in self._stat_times(ctx, step):
                qty = inst.qty_float(self._oi_steps(model, t))
                out.append({"symbol": inst.symbol, "sumOpenInterest": _fmt8(qty),
                            "sumOpenInterestValue": _fmt8(qty * inst.px_float(_price_at(model, t))),
                            "timestamp": t})
            return out
        models = self._pair_models(ctx)
        ctype = ctx.params.get("contractType")
        if not ctype:
            raise BinanceError(-1102, None, "contractType")
        if ctype not in CONTRACT_TYPES:
            raise BinanceError(-1130, "Data sent for parameter 'contractType' is not valid.")
        models = [m for m in models if ctype == "ALL" or m.inst.contract_type == ctype]
        out = []
        for t in self._stat_times(ctx, step) if models else []:
            contracts = sum(self._oi_steps(m, t) for m in models)
            value = sum(m.inst.qty_float(self._oi_steps(m, t)) * m.inst.contract_size
                        / m.inst.px_float(_price_at(m, t)) for m in models)
            out.append({"pair": models[0].inst.pair, "contractType": ctype, "sumOpenInterest": str(contracts),
                        "sumOpenInterestValue": _fmt8(value), "timestamp": t})
        return out

    def long_short_ratio(self, ctx):
        step = INTERVALS_MS[self._period(ctx)]
        if ctx.market == USDM:
            model, key = self.api._model(ctx), "symbol"
            name = model.inst.symbol
        else:
            models = self._pair_models(ctx)
            perps = [m for m in models if m.inst.contract_type == "PERPETUAL"]
            model, key, name = (perps or models)[0], "pair", models[0].inst.pair
        out = []
        for t in self._stat_times(ctx, step):
            long_ = round(_rng(model, "lsr", t).uniform(0.35, 0.72), 4)
            short = round(1 - long_, 4)
            row = {key: name, "longShortRatio": f"{long_ / short:.4f}", "longAccount": f"{long_:.4f}",
                   "shortAccount": f"{short:.4f}", "timestamp": t}
            if ctx.market == COINM:  # COIN-M puts the pair after the ratios
                row = {"longShortRatio": row["longShortRatio"], "longAccount": row["longAccount"],
                       "shortAccount": row["shortAccount"], "pair": name, "timestamp": t}
            out.append(row)
        return out

    # ------------------------------------------------------------ table
    def register(self) -> None:
        a = self.api.add
        for pre in ("/api/v3/", "/api/v1/"):
            a("GET", pre + "ticker", self.ticker_rolling)
        for pre in ("/api/v3/", "/api/v1/", "/fapi/v1/", "/dapi/v1/"):
            a("GET", pre + "trades", self.trades)
            a("GET", pre + "historicalTrades", self.historical_trades)
            a("GET", pre + "aggTrades", self.agg_trades)
            a("GET", pre + "klines", self.klines)
            a("GET", pre + "ticker/24hr", self.ticker_24hr)
            a("GET", pre + "ticker/price", self.ticker_price)
            a("GET", pre + "ticker/bookTicker", self.book_ticker)
        a("GET", "/api/v3/uiKlines", self.klines)
        a("GET", "/fapi/v2/ticker/price", self.ticker_price)
        for pre in ("/fapi/v1/", "/dapi/v1/"):
            a("GET", pre + "markPriceKlines", self.mark_klines)
            a("GET", pre + "indexPriceKlines", self.index_klines)
            a("GET", pre + "premiumIndexKlines", self.premium_klines)
            a("GET", pre + "premiumIndex", self.premium_index)
            a("GET", pre + "fundingRate", self.funding_rate)
            a("GET", pre + "fundingInfo", self.funding_info)
        a("GET", "/fapi/v1/symbolAdlRisk", self.adl_risk)
        for pre in ("/futures/data/", "/dapi-data/futures/data/"):
            a("GET", pre + "openInterestHist", self.open_interest_hist)
            a("GET", pre + "globalLongShortAccountRatio", self.long_short_ratio)
        for method, path in list(self.api.routes):
            if method == "GET" and market_data_weight(path, {}) is not None:
                PATH_WEIGHTS[(method, path)] = _weight_of(path)


def _weight_of(path: str):
    return lambda params: market_data_weight(path, params)


def register_market_data(api) -> None:
    """Add (or replace) the market-data routes of ``api`` (a ``RestApi``)."""
    MarketData(api).register()
