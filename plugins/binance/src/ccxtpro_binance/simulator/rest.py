"""REST endpoints for spot (``/api``, ``/sapi``), USD-M (``/fapi``) and COIN-M (``/dapi``).

One dispatch table maps ``(method, path)`` to a handler and its security level
(public, API-key only, signed). Signed requests are checked like Binance does:
API key header, timestamp within recvWindow, signature over the raw query
string followed by the raw body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qsl

import orjson
from aiohttp import web

from . import payloads as P
from .auth import check_signature, check_timestamp, rest_payload
from .errors import BinanceError, as_int, log
from .instruments import COINM, SPOT, USDM, exchange_info
from .market import INTERVALS_MS
from .ratelimit import rest_weight
from .userdata import MARGIN

PUBLIC, USER_STREAM, SIGNED = 0, 1, 2

# path prefix -> (market type, family)
PREFIXES = {
    "/api/v3/": SPOT, "/api/v1/": SPOT, "/sapi/v1/": "sapi", "/sapi/v2/": "sapi", "/sapi/v3/": "sapi",
    "/sapi/v4/": "sapi", "/fapi/v1/": USDM, "/fapi/v2/": USDM, "/fapi/v3/": USDM,
    "/futures/data/": USDM, "/dapi/v1/": COINM, "/dapi/v2/": COINM, "/dapi-data/futures/data/": COINM,
}


@dataclass
class Ctx:
    core: object
    request: web.Request
    params: dict
    now: int
    market: str
    version: str
    account: object = None


@dataclass
class Route:
    fn: Callable
    security: int


class RestApi:
    def __init__(self, core) -> None:
        self.core = core
        self.routes: dict[tuple[str, str], Route] = {}
        self._build()

    # ------------------------------------------------------------ plumbing
    def add(self, method: str, paths, fn, security: int = PUBLIC) -> None:
        for p in ([paths] if isinstance(paths, str) else paths):
            self.routes[(method, p)] = Route(fn, security)

    async def handle(self, request: web.Request) -> web.Response:
        core = self.core
        path = request.path
        try:
            core.faults.check_http()
            route = self.routes.get((request.method, path))
            if route is None:
                if any(k[1] == path for k in self.routes):
                    raise BinanceError(-1000, f"Method {request.method} not allowed for {path}", status=405)
                core.note_rejected(f"404 {request.method} {path}")
                return _json({"code": -5000, "msg": f"Path {path}, Method {request.method} is invalid"}, 404)
            body = await request.text() if request.can_read_body else ""
            raw_query = request.rel_url.raw_query_string
            params = dict(parse_qsl(raw_query, keep_blank_values=True))
            if body:
                params.update(parse_qsl(body, keep_blank_values=True))
            market, version = self._market_of(path)
            ctx = Ctx(core, request, params, core.now(), market, version)
            if route.security >= USER_STREAM:
                key = core.keys.get(request.headers.get("X-MBX-APIKEY"))
                ctx.account = core.engine.account(key.account)
                if route.security == SIGNED:
                    if "signature" not in params:
                        raise BinanceError(-1102, None, "signature")
                    check_timestamp(params, ctx.now)
                    if not check_signature(key, [rest_payload(raw_query, body)], params["signature"]):
                        raise BinanceError(-1022)
            used = core.weights.charge(market, rest_weight(path, params, request.method))
            weight = {"x-mbx-used-weight-1m": str(used), "x-mbx-used-weight": str(used)}
            try:
                result = route.fn(ctx)
            except BinanceError as e:  # Binance reports the weight on refusals too
                e.headers = {**weight, **e.headers}
                raise
            return _json(result, 200, weight)
        except BinanceError as e:
            core.note_rejected(f"{request.method} {path}: {e}")
            return _json(e.body(), e.status, e.headers)
        except Exception as e:  # never crash on a bad request
            log.exception("REST handler failed")
            return _json({"code": -1000, "msg": f"An unknown error occurred while processing the request. ({type(e).__name__})"}, 500)

    @staticmethod
    def _market_of(path: str) -> tuple[str, str]:
        for prefix, m in PREFIXES.items():
            if path.startswith(prefix):
                return (SPOT if m == "sapi" else m), prefix
        return SPOT, ""

    # ------------------------------------------------------------ common helpers
    def _inst(self, ctx: Ctx, required: bool = True):
        sym = ctx.params.get("symbol")
        if not sym:
            if required:
                raise BinanceError(-1102, None, "symbol")
            return None
        inst = self.core.instruments[ctx.market].get(sym)
        if inst is None:
            raise BinanceError(-1121)
        return inst

    def _model(self, ctx: Ctx, required: bool = True):
        inst = self._inst(ctx, required)
        return self.core.models[ctx.market][inst.symbol] if inst else None

    def _symbols_param(self, ctx: Ctx):
        raw = ctx.params.get("symbols")
        if raw is None:
            return None
        try:
            syms = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise BinanceError(-1100, None, "symbols", "^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$")
        if not isinstance(syms, list):
            raise BinanceError(-1100, None, "symbols", "array")
        for s in syms:
            if s not in self.core.instruments[ctx.market]:
                raise BinanceError(-1121)
        return syms

    def _limit(self, ctx: Ctx, default: int, maximum: int) -> int:
        v = as_int(ctx.params, "limit", default)
        if v <= 0:
            raise BinanceError(-1130)
        return min(v, maximum)

    # ------------------------------------------------------------ public
    def ping(self, ctx):
        return {}

    def time(self, ctx):
        return {"serverTime": ctx.now}

    def exchange_info(self, ctx):
        syms = None
        if ctx.market == SPOT:
            syms = self._symbols_param(ctx)
            if ctx.params.get("symbol"):
                syms = [self._inst(ctx).symbol]
        return exchange_info(ctx.market, self.core.instruments[ctx.market], ctx.now, syms)

    def depth(self, ctx):
        model = self._model(ctx)
        limit = self._limit(ctx, 100 if ctx.market == SPOT else 500, 5000 if ctx.market == SPOT else 1000)
        if (ctx.market, model.inst.symbol) in self.core._recorders:
            self.core._record(ctx.market, model.inst.symbol)
        return P.depth_snapshot(model, limit, ctx.now)

    def trades(self, ctx):
        model = self._model(ctx)
        limit = self._limit(ctx, 500, 1000)
        return [P.trade_rest(model.inst, t) for t in list(model.recent_trades)[-limit:]]

    def agg_trades(self, ctx):
        model = self._model(ctx)
        limit = self._limit(ctx, 500, 1000)
        return [P.agg_trade_rest(model.inst, a) for a in list(model.recent_aggs)[-limit:]]

    def klines(self, ctx):
        model = self._model(ctx)
        interval = ctx.params.get("interval")
        if not interval:
            raise BinanceError(-1102, None, "interval")
        if interval not in INTERVALS_MS or (interval == "1s" and ctx.market != SPOT):
            raise BinanceError(-1120)
        limit = self._limit(ctx, 500, 1000 if ctx.market == SPOT else 1500)
        candles = model.history(interval, as_int(ctx.params, "endTime"), limit, as_int(ctx.params, "startTime"))
        return [P.kline_rest(model.inst, c) for c in candles]

    def _each(self, ctx, fn):
        if ctx.params.get("symbol"):
            return fn(self._model(ctx), ctx.now)
        syms = self._symbols_param(ctx) if ctx.market == SPOT else None
        models = self.core.models[ctx.market]
        return [fn(models[s], ctx.now) for s in (syms or models)]

    def ticker_24hr(self, ctx):
        return self._each(ctx, P.ticker_rest)

    def ticker_price(self, ctx):
        def price(m, now):
            d = {"symbol": m.inst.symbol, "price": m.inst.px(m.last_price)}
            if ctx.market != SPOT:
                d["time"] = now
            if ctx.market == COINM:
                d["ps"] = m.inst.pair
            return d
        return self._each(ctx, price)

    def book_ticker(self, ctx):
        return self._each(ctx, P.book_ticker_rest)

    def avg_price(self, ctx):
        m = self._model(ctx)
        return {"mins": 5, "price": m.inst.px(m.mark_price()), "closeTime": ctx.now}

    def premium_index(self, ctx):
        return self._each(ctx, P.premium_index_rest)

    def funding_rate(self, ctx):
        m = self._model(ctx, required=False)
        models = [m] if m else [x for x in self.core.models[ctx.market].values()
                                if x.inst.contract_type == "PERPETUAL"]
        eight = 8 * 3_600_000
        last = ctx.now - ctx.now % eight
        out = []
        for x in models:
            for k in range(3, 0, -1):
                out.append({"symbol": x.inst.symbol, "fundingTime": last - (k - 1) * eight,
                            "fundingRate": x.funding_rate, "markPrice": x.inst.px(x.mark_price())})
        return out

    def open_interest(self, ctx):
        m = self._model(ctx)
        d = {"symbol": m.inst.symbol, "openInterest": m.inst.qty(m.unit * 10_000), "time": ctx.now}
        if ctx.market == COINM:
            d.update({"pair": m.inst.pair, "contractType": m.inst.contract_type})
        return d

    def system_status(self, ctx):
        return {"status": 0, "msg": "normal"}

    # ------------------------------------------------------------ user streams
    def _stream_kind(self, ctx) -> str:
        if ctx.version.startswith("/sapi"):
            return MARGIN
        return ctx.market

    def listen_key_create(self, ctx):
        return {"listenKey": self.core.userdata.create_key(ctx.account, self._stream_kind(ctx), ctx.now)}

    def listen_key_keepalive(self, ctx):
        key = self.core.userdata.keepalive(ctx.account, self._stream_kind(ctx), ctx.params.get("listenKey"), ctx.now)
        return {} if ctx.market == SPOT else {"listenKey": key}

    def listen_key_delete(self, ctx):
        if ctx.market == SPOT and not ctx.params.get("listenKey"):
            raise BinanceError(-1102, None, "listenKey")
        self.core.userdata.delete(ctx.account, self._stream_kind(ctx), ctx.params.get("listenKey"))
        return {}

    def listen_token(self, ctx):
        tok, exp = self.core.userdata.create_token(ctx.account, MARGIN, ctx.now, as_int(ctx.params, "validity"))
        return {"token": tok, "expirationTime": exp}

    # ------------------------------------------------------------ account (signed)
    def spot_account(self, ctx):
        acc = ctx.account
        return {"makerCommission": 10, "takerCommission": 10, "buyerCommission": 0, "sellerCommission": 0,
                "commissionRates": {"maker": "0.00100000", "taker": "0.00100000", "buyer": "0.00000000",
                                    "seller": "0.00000000"},
                "canTrade": True, "canWithdraw": True, "canDeposit": True, "brokered": False,
                "requireSelfTradePrevention": False, "preventSor": False, "updateTime": acc.update_time,
                "accountType": "SPOT", "balances": self.core.engine.spot_balances(acc),
                "permissions": ["SPOT"], "uid": 354937868}

    def futures_account(self, ctx):
        eng = self.core.engine
        assets = eng.futures_balances(ctx.account, ctx.market, ctx.now)
        positions = eng.position_rows(ctx.account, ctx.market, None, ctx.now)
        total = sum(float(a["balance"]) for a in assets if a["asset"] == "USDT")
        d = {"feeTier": 0, "canTrade": True, "canDeposit": True, "canWithdraw": True, "updateTime": 0,
             "multiAssetsMargin": False, "tradeGroupId": -1}
        if ctx.market == USDM:
            d.update({"totalInitialMargin": "0", "totalMaintMargin": "0", "totalWalletBalance": f"{total:.8f}",
                      "totalUnrealizedProfit": "0", "totalMarginBalance": f"{total:.8f}",
                      "totalPositionInitialMargin": "0", "totalOpenOrderInitialMargin": "0",
                      "totalCrossWalletBalance": f"{total:.8f}", "totalCrossUnPnl": "0",
                      "availableBalance": f"{total:.8f}", "maxWithdrawAmount": f"{total:.8f}"})
        d["assets"] = [{"asset": a["asset"], "walletBalance": a["balance"], "unrealizedProfit": a["crossUnPnl"],
                        "marginBalance": a["balance"], "maintMargin": "0", "initialMargin": "0",
                        "positionInitialMargin": "0", "openOrderInitialMargin": "0",
                        "crossWalletBalance": a["crossWalletBalance"], "crossUnPnl": a["crossUnPnl"],
                        "availableBalance": a["availableBalance"], "maxWithdrawAmount": a["maxWithdrawAmount"],
                        "marginAvailable": True, "updateTime": ctx.now} for a in assets]
        d["positions"] = positions
        return d

    def futures_balance(self, ctx):
        return self.core.engine.futures_balances(ctx.account, ctx.market, ctx.now)

    def position_risk(self, ctx):
        inst = self._inst(ctx, required=False)
        return self.core.engine.position_rows(ctx.account, ctx.market, inst.symbol if inst else None, ctx.now)

    def capital_config(self, ctx):
        assets = sorted({a for m in self.core.instruments.values() for i in m.values() for a in (i.base, i.quote)}
                        - {"USD"})
        acc = ctx.account
        out = []
        for a in assets:
            b = acc.bal(a)
            out.append({"coin": a, "depositAllEnable": True, "withdrawAllEnable": True, "name": a,
                        "free": f"{b[0]:.8f}", "locked": f"{b[1]:.8f}", "freeze": "0", "withdrawing": "0",
                        "ipoing": "0", "ipoable": "0", "storage": "0", "isLegalMoney": False, "trading": True,
                        "networkList": [{"network": a if a not in ("USDT", "FDUSD") else "ETH", "coin": a,
                                         "withdrawIntegerMultiple": "0.00000001", "isDefault": True,
                                         "depositEnable": True, "withdrawEnable": True, "depositDesc": "",
                                         "withdrawDesc": "", "name": a, "resetAddressStatus": False,
                                         "withdrawFee": "0.0001", "withdrawMin": "0.001",
                                         "withdrawMax": "9999999999", "minConfirm": 1, "unLockConfirm": 0,
                                         "sameAddress": False, "estimatedArrivalTime": 1, "busy": False}]})
        return out

    def margin_pairs(self, ctx):
        out = []
        for i in self.core.instruments[SPOT].values():
            if i.quote == "USDT":
                out.append({"id": 350000000000 + len(out), "symbol": i.symbol, "base": i.base, "quote": i.quote,
                            "isMarginTrade": True, "isBuyAllowed": True, "isSellAllowed": True})
        return out

    def isolated_pairs(self, ctx):
        return [{"symbol": p["symbol"], "base": p["base"], "quote": p["quote"], "isMarginTrade": True,
                 "isBuyAllowed": True, "isSellAllowed": True} for p in self.margin_pairs(ctx)[:5]]

    def trade_fee(self, ctx):
        return [{"symbol": s, "makerCommission": "0.001", "takerCommission": "0.001"}
                for s in self.core.instruments[SPOT]]

    def margin_account(self, ctx):
        """Cross margin: balances of the margin wallet; the simulator lends nothing."""
        rows = self.core.engine.spot_balances(ctx.account, MARGIN)
        return {"borrowEnabled": True, "marginLevel": "999.00000000", "totalAssetOfBtc": "0.00000000",
                "totalLiabilityOfBtc": "0.00000000", "totalNetAssetOfBtc": "0.00000000",
                "tradeEnabled": True, "transferInEnabled": True, "transferOutEnabled": True,
                "accountType": "MARGIN_1", "created": True,
                "userAssets": [{"asset": r["asset"], "borrowed": "0.00000000", "free": r["free"],
                                "interest": "0.00000000", "locked": r["locked"],
                                "netAsset": f"{float(r['free']) + float(r['locked']):.8f}"} for r in rows]}

    def _margin(self, ctx) -> None:
        if str(ctx.params.get("isIsolated", "FALSE")).upper() == "TRUE":
            raise BinanceError(-1020, "Isolated margin trading is not supported by the simulator.")

    def margin_order_new(self, ctx):
        self._margin(ctx)
        return self.core.engine.place(ctx.account, SPOT, ctx.params, ctx.now, wallet=MARGIN)

    def margin_open_orders(self, ctx):
        self._margin(ctx)
        inst = self._inst(ctx, required=False)
        eng = self.core.engine
        return [eng.order_status(o) for o in ctx.account.orders.values()
                if o.open and o.wallet == MARGIN and (inst is None or o.inst is inst)]

    def margin_all_orders(self, ctx):
        self._margin(ctx)
        inst = self._inst(ctx)
        eng = self.core.engine
        return [eng.order_status(o) for o in ctx.account.orders.values()
                if o.wallet == MARGIN and o.inst is inst][-self._limit(ctx, 500, 500):]

    def margin_my_trades(self, ctx):
        self._margin(ctx)
        inst = self._inst(ctx)
        eng = self.core.engine
        return [eng.my_trade(t) for t in ctx.account.trades
                if t["inst"] is inst and t["order"].wallet == MARGIN][-self._limit(ctx, 500, 1000):]

    def isolated_account(self, ctx):
        zero = {"borrowEnabled": True, "borrowed": "0.00000000", "free": "0.00000000", "interest": "0.00000000",
                "locked": "0.00000000", "netAsset": "0.00000000", "netAssetOfBtc": "0.00000000",
                "repayEnabled": True, "totalAsset": "0.00000000"}
        return {"assets": [{"baseAsset": dict(zero, asset=p["base"]), "quoteAsset": dict(zero, asset=p["quote"]),
                            "symbol": p["symbol"], "isolatedCreated": True, "enabled": True,
                            "marginLevel": "999.00000000", "marginLevelStatus": "EXCESSIVE",
                            "marginRatio": "0.00000000", "indexPrice": "0", "liquidatePrice": "0",
                            "liquidateRate": "0", "tradeEnabled": True}
                           for p in self.isolated_pairs(ctx)],
                "totalAssetOfBtc": "0.00000000", "totalLiabilityOfBtc": "0.00000000",
                "totalNetAssetOfBtc": "0.00000000"}

    def funding_assets(self, ctx):
        return []

    def union_account(self, ctx):
        return {"totalAmountInBTC": "0.00000000", "totalAmountInUSDT": "0.00000000",
                "totalFlexibleAmountInBTC": "0.00000000", "totalFlexibleAmountInUSDT": "0.00000000",
                "totalLockedInBTC": "0.00000000", "totalLockedInUSDT": "0.00000000", "positionAmountVos": []}

    def account_status(self, ctx):
        return {"data": "Normal"}

    # ------------------------------------------------------------ orders (signed)
    def order_new(self, ctx):
        return self.core.engine.place(ctx.account, ctx.market, ctx.params, ctx.now)

    def order_test(self, ctx):
        self.core.engine.place(ctx.account, ctx.market, ctx.params, ctx.now, test=True)
        return {}

    def order_get(self, ctx):
        return self.core.engine.order_status(self.core.engine.find(ctx.account, ctx.market, ctx.params))

    def order_cancel(self, ctx):
        return self.core.engine.cancel(ctx.account, ctx.market, ctx.params, ctx.now)

    def order_modify(self, ctx):
        return self.core.engine.modify(ctx.account, ctx.market, ctx.params, ctx.now)

    def open_orders(self, ctx):
        inst = self._inst(ctx, required=False)
        eng = self.core.engine
        return [eng.order_status(o) for o in ctx.account.orders.values()
                if o.open and o.inst.market == ctx.market and o.wallet == SPOT and (inst is None or o.inst is inst)]

    def all_orders(self, ctx):
        inst = self._inst(ctx)
        eng = self.core.engine
        limit = self._limit(ctx, 500, 1000)
        rows = [eng.order_status(o) for o in ctx.account.orders.values() if o.inst is inst and o.wallet == SPOT]
        return rows[-limit:]

    def cancel_all(self, ctx):
        out = self.core.engine.cancel_all(ctx.account, ctx.market, ctx.params, ctx.now)
        if ctx.market == SPOT:
            return out
        return {"code": 200, "msg": "The operation of cancel all open order is done."}

    def my_trades(self, ctx):
        inst = self._inst(ctx)
        eng = self.core.engine
        limit = self._limit(ctx, 500, 1000)
        rows = [eng.my_trade(t) for t in ctx.account.trades if t["inst"] is inst]
        return rows[-limit:]

    def leverage(self, ctx):
        inst = self._inst(ctx)
        lev = as_int(ctx.params, "leverage")
        if lev is None:
            raise BinanceError(-1102, None, "leverage")
        if not 1 <= lev <= 125:
            raise BinanceError(-4028, "Leverage is not valid")
        ctx.account.leverage[(ctx.market, inst.symbol)] = lev
        return {"leverage": int(lev), "maxNotionalValue": "1000000", "symbol": inst.symbol}

    def leverage_bracket(self, ctx):
        inst = self._inst(ctx, required=False)
        rows = [inst] if inst else list(self.core.instruments[ctx.market].values())
        out = []
        for i in rows:
            if ctx.market == USDM:
                out.append({"symbol": i.symbol, "notionalCoef": 1.0, "brackets": [
                    {"bracket": 1, "initialLeverage": 125, "notionalCap": 50000, "notionalFloor": 0,
                     "maintMarginRatio": 0.004, "cum": 0.0},
                    {"bracket": 2, "initialLeverage": 100, "notionalCap": 600000, "notionalFloor": 50000,
                     "maintMarginRatio": 0.005, "cum": 50.0}]})
            else:
                out.append({"symbol": i.symbol, "pair": i.pair, "brackets": [
                    {"bracket": 1, "initialLeverage": 125, "qtyCap": 5, "qtyFloor": 0,
                     "maintMarginRatio": 0.004, "cum": 0.0},
                    {"bracket": 2, "initialLeverage": 100, "qtyCap": 10, "qtyFloor": 5,
                     "maintMarginRatio": 0.005, "cum": 0.005}]})
        return out

    def position_mode(self, ctx):
        return {"dualSidePosition": False}

    # ------------------------------------------------------------ table
    def _build(self) -> None:
        a = self.add
        spot = ["/api/v3/", "/api/v1/"]
        fut = ["/fapi/v1/", "/dapi/v1/"]
        for prefixes, is_spot in ((spot, True), (fut, False)):
            for pre in prefixes:
                a("GET", pre + "ping", self.ping)
                a("GET", pre + "time", self.time)
                a("GET", pre + "exchangeInfo", self.exchange_info)
                a("GET", pre + "depth", self.depth)
                a("GET", pre + "trades", self.trades)
                a("GET", pre + "historicalTrades", self.trades)
                a("GET", pre + "aggTrades", self.agg_trades)
                a("GET", pre + "klines", self.klines)
                a("GET", pre + "ticker/24hr", self.ticker_24hr)
                a("GET", pre + "ticker/price", self.ticker_price)
                a("GET", pre + "ticker/bookTicker", self.book_ticker)
                a("GET", pre + "order", self.order_get, SIGNED)
                a("POST", pre + "order", self.order_new, SIGNED)
                a("DELETE", pre + "order", self.order_cancel, SIGNED)
                a("GET", pre + "openOrders", self.open_orders, SIGNED)
                a("GET", pre + "allOrders", self.all_orders, SIGNED)
                if is_spot:
                    a("GET", pre + "uiKlines", self.klines)
                    a("GET", pre + "avgPrice", self.avg_price)
                    a("POST", pre + "order/test", self.order_test, SIGNED)
                    a("DELETE", pre + "openOrders", self.cancel_all, SIGNED)
                    a("GET", pre + "account", self.spot_account, SIGNED)
                    a("GET", pre + "myTrades", self.my_trades, SIGNED)
                    a("POST", pre + "userDataStream", self.listen_key_create, USER_STREAM)
                    a("PUT", pre + "userDataStream", self.listen_key_keepalive, USER_STREAM)
                    a("DELETE", pre + "userDataStream", self.listen_key_delete, USER_STREAM)
                else:
                    a("GET", pre + "premiumIndex", self.premium_index)
                    a("GET", pre + "fundingRate", self.funding_rate)
                    a("GET", pre + "openInterest", self.open_interest)
                    a("POST", pre + "order/test", self.order_test, SIGNED)
                    a("PUT", pre + "order", self.order_modify, SIGNED)
                    a("DELETE", pre + "allOpenOrders", self.cancel_all, SIGNED)
                    a("GET", pre + "userTrades", self.my_trades, SIGNED)
                    a("POST", pre + "leverage", self.leverage, SIGNED)
                    a("GET", pre + "positionSide/dual", self.position_mode, SIGNED)
                    a("POST", pre + "listenKey", self.listen_key_create, USER_STREAM)
                    a("PUT", pre + "listenKey", self.listen_key_keepalive, USER_STREAM)
                    a("DELETE", pre + "listenKey", self.listen_key_delete, USER_STREAM)
        # futures accounts
        for p in ("/fapi/v2/", "/fapi/v3/", "/dapi/v1/"):
            a("GET", p + "account", self.futures_account, SIGNED)
            a("GET", p + "balance", self.futures_balance, SIGNED)
            a("GET", p + "positionRisk", self.position_risk, SIGNED)
        a("GET", "/fapi/v1/account", self.futures_account, SIGNED)
        a("GET", "/fapi/v1/leverageBracket", self.leverage_bracket, SIGNED)
        a("GET", "/dapi/v2/leverageBracket", self.leverage_bracket, SIGNED)
        a("GET", "/dapi/v1/leverageBracket", self.leverage_bracket, SIGNED)
        a("GET", "/fapi/v2/ticker/price", self.ticker_price)
        # sapi
        a("GET", "/sapi/v1/system/status", self.system_status)
        a("GET", "/sapi/v1/capital/config/getall", self.capital_config, SIGNED)
        a("GET", "/sapi/v1/margin/allPairs", self.margin_pairs, SIGNED)
        a("GET", "/sapi/v1/margin/isolated/allPairs", self.isolated_pairs, SIGNED)
        a("GET", "/sapi/v1/asset/tradeFee", self.trade_fee, SIGNED)
        a("GET", "/sapi/v1/account/status", self.account_status, SIGNED)
        a("GET", "/sapi/v1/margin/account", self.margin_account, SIGNED)
        a("GET", "/sapi/v1/margin/isolated/account", self.isolated_account, SIGNED)
        a("POST", "/sapi/v1/margin/order", self.margin_order_new, SIGNED)
        a("GET", "/sapi/v1/margin/order", self.order_get, SIGNED)
        a("DELETE", "/sapi/v1/margin/order", self.order_cancel, SIGNED)
        a("GET", "/sapi/v1/margin/openOrders", self.margin_open_orders, SIGNED)
        a("GET", "/sapi/v1/margin/allOrders", self.margin_all_orders, SIGNED)
        a("GET", "/sapi/v1/margin/myTrades", self.margin_my_trades, SIGNED)
        a("POST", "/sapi/v1/asset/get-funding-asset", self.funding_assets, SIGNED)
        a("GET", "/sapi/v1/lending/union/account", self.union_account, SIGNED)
        a("GET", "/fapi/v1/rpiDepth", self.depth)
        for suffix in ("userDataStream", "userDataStream/isolated"):
            a("POST", "/sapi/v1/" + suffix, self.listen_key_create, USER_STREAM)
            a("PUT", "/sapi/v1/" + suffix, self.listen_key_keepalive, USER_STREAM)
            a("DELETE", "/sapi/v1/" + suffix, self.listen_key_delete, USER_STREAM)
        a("POST", "/sapi/v1/userListenToken", self.listen_token, USER_STREAM)
        from .rest_market_data import register_market_data  # public market data as CCXT reaches it (issue 15)
        register_market_data(self)
        from .rest_trading import TradingRoutes  # signed trading/account routes (issue 15)
        self.trading = TradingRoutes(self)


def _json(body, status: int = 200, headers: dict | None = None) -> web.Response:
    return web.Response(body=orjson.dumps(body), status=status, content_type="application/json",
                        headers=headers)
