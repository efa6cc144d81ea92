"""Websocket API: spot ``/ws-api/v3``, USD-M ``/ws-fapi/v1``, COIN-M ``/ws-dapi/v1``.

Requests are ``{"id", "method", "params"}``; replies ``{"id", "status", "result"}``
or ``{"id", "status", "error": {"code", "msg"}}``, with ``rateLimits`` when asked.
Signed methods verify the signature over the params sorted by name (HMAC,
RSA or Ed25519 by key kind) and the timestamp window, unless the session has
logged on with ``session.logon``.
"""

from __future__ import annotations

import time

import orjson

from . import payloads as P
from .auth import ApiKey, check_signature, check_timestamp, ws_payloads, ws_value
from .errors import BinanceError, as_int, log
from .instruments import COINM, SPOT, USDM, exchange_info
from .market import INTERVALS_MS

PUBLIC, USER_STREAM, SIGNED = 0, 1, 2

_ORDER_LIMITS = [
    {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 100, "count": 1},
    {"rateLimitType": "ORDERS", "interval": "DAY", "intervalNum": 1, "limit": 200000, "count": 1},
]


class WsApi:
    def __init__(self, core) -> None:
        self.core = core
        self.methods: dict[str, tuple] = {}
        self._build()

    def add(self, name: str, fn, security: int = PUBLIC, markets=(SPOT, USDM, COINM)) -> None:
        self.methods[name] = (fn, security, markets)

    # ------------------------------------------------------------ dispatch
    def handle(self, conn, text: str) -> str | None:
        rid = None
        method = None
        want_limits = True
        try:
            try:
                msg = orjson.loads(text)
            except orjson.JSONDecodeError:
                raise BinanceError(-1135, "Invalid JSON request.")
            if not isinstance(msg, dict):
                raise BinanceError(-1135, "Invalid JSON request; expected an object.")
            rid = msg.get("id")
            method = msg.get("method")
            params = msg.get("params", {})
            if params is None:
                params = {}
            if not isinstance(params, dict):
                raise BinanceError(-1135, "Invalid 'params' in JSON request; expected an object.")
            params = _normalize(params)
            if rid is None:
                raise BinanceError(-1102, None, "id")
            if not isinstance(method, str):
                raise BinanceError(-1102, None, "method")
            want_limits = params.get("returnRateLimits", True) not in (False, "false")
            injected = self.core.faults.take_error_reply(method)
            if injected is not None:
                raise BinanceError(injected[0], injected[1])
            entry = self.methods.get(method)
            if entry is None or conn.market not in entry[2]:
                raise BinanceError(-1020, f"Unknown method '{method}'.")
            fn, security, _ = entry
            self.core.weights.charge(conn.market, 2 if method in ("depth", "klines", "ticker.24hr") else 1)
            now = self.core.now()
            account = None
            if security >= USER_STREAM:
                key = self._authenticate(conn, params, security, now)
                account = self.core.engine.account(key.account)
            p = {k: v for k, v in params.items() if k not in ("apiKey", "signature", "returnRateLimits")}
            result = fn(conn, p, account, now, params)
            if self.core.faults._drops_before_reply and self.core.faults.take_drop_before_reply(conn, method):
                return None  # carried out, but the connection died before the reply (fault)
            reply = {"id": rid, "status": 200, "result": result}
            if want_limits:
                reply["rateLimits"] = self._limits(conn) + (_ORDER_LIMITS if method.startswith("order.") else [])
            return orjson.dumps(reply).decode()
        except BinanceError as e:
            # the method and id only: the request carries the caller's API key and signature
            self.core.note_rejected(f"ws-api {method if isinstance(method, str) else '?'} id={rid!r}: {e}")
            reply = {"id": rid, "status": e.status, "error": e.body()}
            if e.headers.get("Retry-After") and e.code == -1003:
                reply["error"]["data"] = {"retryAfter": int(time.time() * 1000) + 1000 * int(e.headers["Retry-After"])}
            if want_limits:
                reply["rateLimits"] = self._limits(conn)
            return orjson.dumps(reply).decode()
        except Exception as e:  # never crash on a bad request
            log.exception("ws-api handler failed")
            return orjson.dumps({"id": rid, "status": 500,
                                 "error": {"code": -1000, "msg": f"An unknown error occurred while processing the request. ({type(e).__name__})"}}).decode()

    def _limits(self, conn) -> list[dict]:
        limit = 6000 if conn.market == SPOT else 2400
        return [{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": limit,
                 "count": self.core.weights.used(conn.market)}]

    def _authenticate(self, conn, params: dict, security: int, now: int) -> ApiKey:
        """The key a request acts for: its ``apiKey`` (signature checked when SIGNED) or the session's."""
        api_key = params.get("apiKey")
        if api_key is None and conn.session_key is not None:
            if security == SIGNED:
                check_timestamp(params, now)
            return conn.session_key
        if api_key is None:
            raise BinanceError(-1102, None, "apiKey")
        key = self.core.keys.get(api_key)
        if security == SIGNED:
            if "signature" not in params:
                raise BinanceError(-1102, None, "signature")
            check_timestamp(params, now)
            if not check_signature(key, ws_payloads(params), params["signature"]):
                raise BinanceError(-1022)
        return key

    # ------------------------------------------------------------ helpers
    def _model(self, conn, p, required=True):
        sym = p.get("symbol")
        if not sym:
            if required:
                raise BinanceError(-1102, None, "symbol")
            return None
        m = self.core.models[conn.market].get(sym)
        if m is None:
            raise BinanceError(-1121)
        return m

    def _each(self, conn, p, fn, now):
        m = self._model(conn, p, required=False)
        if m is not None:
            return fn(m, now)
        syms = p.get("symbols")
        models = self.core.models[conn.market]
        if syms:
            for s in syms:
                if s not in models:
                    raise BinanceError(-1121)
            return [fn(models[s], now) for s in syms]
        return [fn(m, now) for m in models.values()]

    @staticmethod
    def _limit(p, default, maximum):
        v = p.get("limit")
        if v in (None, ""):
            return default
        return max(1, min(as_int(p, "limit"), maximum))

    # ------------------------------------------------------------ public methods
    def ping(self, conn, p, acc, now, raw):
        return {}

    def time(self, conn, p, acc, now, raw):
        return {"serverTime": now}

    def exchange_info(self, conn, p, acc, now, raw):
        syms = p.get("symbols") or ([p["symbol"]] if p.get("symbol") else None)
        if syms:
            for s in syms:
                if s not in self.core.instruments[conn.market]:
                    raise BinanceError(-1121)
        return exchange_info(conn.market, self.core.instruments[conn.market], now, syms)

    def depth(self, conn, p, acc, now, raw):
        m = self._model(conn, p)
        return P.depth_snapshot(m, self._limit(p, 100, 5000), now)

    def trades_recent(self, conn, p, acc, now, raw):
        m = self._model(conn, p)
        return [P.trade_rest(m.inst, t) for t in list(m.recent_trades)[-self._limit(p, 500, 1000):]]

    def trades_aggregate(self, conn, p, acc, now, raw):
        m = self._model(conn, p)
        return [P.agg_trade_rest(m.inst, a) for a in list(m.recent_aggs)[-self._limit(p, 500, 1000):]]

    def klines(self, conn, p, acc, now, raw):
        m = self._model(conn, p)
        iv = p.get("interval")
        if not iv:
            raise BinanceError(-1102, None, "interval")
        if iv not in INTERVALS_MS:
            raise BinanceError(-1120)
        cs = m.history(iv, as_int(p, "endTime"), self._limit(p, 500, 1000), as_int(p, "startTime"))
        return [P.kline_rest(m.inst, c) for c in cs]

    def avg_price(self, conn, p, acc, now, raw):
        m = self._model(conn, p)
        return {"mins": 5, "price": m.inst.px(m.mark_price()), "closeTime": now}

    def ticker_24hr(self, conn, p, acc, now, raw):
        return self._each(conn, p, P.ticker_rest, now)

    def ticker_price(self, conn, p, acc, now, raw):
        return self._each(conn, p, lambda m, n: {"symbol": m.inst.symbol, "price": m.inst.px(m.last_price)}, now)

    def ticker_book(self, conn, p, acc, now, raw):
        return self._each(conn, p, P.book_ticker_rest, now)

    # ------------------------------------------------------------ session
    def session_logon(self, conn, p, acc, now, raw):
        conn.session_key = self.core.keys.get(raw.get("apiKey"))
        conn.logon_time = now
        return self._session(conn, now)

    def session_status(self, conn, p, acc, now, raw):
        return self._session(conn, now)

    def session_logout(self, conn, p, acc, now, raw):
        conn.session_key = None
        conn.logon_time = None
        return self._session(conn, now)

    @staticmethod
    def _session(conn, now):
        return {"apiKey": conn.session_key.api_key if conn.session_key else None,
                "authorizedSince": conn.logon_time, "connectedSince": conn.connected_at,
                "returnRateLimits": True, "serverTime": now,
                "userDataStream": False}

    # ------------------------------------------------------------ trading
    def order_place(self, conn, p, acc, now, raw):
        return self.core.engine.place(acc, conn.market, p, now)

    def order_test(self, conn, p, acc, now, raw):
        self.core.engine.place(acc, conn.market, p, now, test=True)
        return {}

    def unsupported(self, conn, p, acc, now, raw):
        raise BinanceError(-1020, "This operation is not supported by the simulator (conditional orders).")

    def order_status(self, conn, p, acc, now, raw):
        return self.core.engine.order_status(self.core.engine.find(acc, conn.market, p))

    def order_cancel(self, conn, p, acc, now, raw):
        return self.core.engine.cancel(acc, conn.market, p, now)

    def order_modify(self, conn, p, acc, now, raw):
        return self.core.engine.modify(acc, conn.market, p, now)

    def cancel_replace(self, conn, p, acc, now, raw):
        mode = p.get("cancelReplaceMode")
        if mode not in ("STOP_ON_FAILURE", "ALLOW_FAILURE"):
            raise BinanceError(-1102, None, "cancelReplaceMode")
        eng = self.core.engine
        cancel_params = {"symbol": p.get("symbol"), "orderId": p.get("cancelOrderId"),
                         "origClientOrderId": p.get("cancelOrigClientOrderId")}
        try:
            cancel = eng.cancel(acc, conn.market, cancel_params, now)
            cancel_ok = True
        except BinanceError as e:
            cancel, cancel_ok = e.body(), False
            if mode == "STOP_ON_FAILURE":
                raise BinanceError(-2022, "Order cancel-replace failed.")
        new_params = {k: v for k, v in p.items() if not k.startswith("cancel") and k != "origClientOrderId"}
        try:
            new = eng.place(acc, conn.market, new_params, now)
            new_ok = True
        except BinanceError as e:
            new, new_ok = e.body(), False
        if not new_ok:
            raise BinanceError(-2021 if cancel_ok else -2022, "Order cancel-replace partially failed." if cancel_ok else "Order cancel-replace failed.")
        return {"cancelResult": "SUCCESS" if cancel_ok else "FAILURE", "newOrderResult": "SUCCESS",
                "cancelResponse": cancel, "newOrderResponse": new}

    def open_orders(self, conn, p, acc, now, raw):
        m = self._model(conn, p, required=False)
        eng = self.core.engine
        return [eng.order_status(o) for o in acc.orders.values()
                if o.open and o.inst.market == conn.market and o.wallet == SPOT and (m is None or o.inst is m.inst)]

    def cancel_all(self, conn, p, acc, now, raw):
        return self.core.engine.cancel_all(acc, conn.market, p, now)

    def all_orders(self, conn, p, acc, now, raw):
        m = self._model(conn, p)
        eng = self.core.engine
        rows = [eng.order_status(o) for o in acc.orders.values() if o.inst is m.inst and o.wallet == SPOT]
        return rows[-self._limit(p, 500, 1000):]

    def my_trades(self, conn, p, acc, now, raw):
        m = self._model(conn, p)
        eng = self.core.engine
        rows = [eng.my_trade(t) for t in acc.trades if t["inst"] is m.inst]
        return rows[-self._limit(p, 500, 1000):]

    def account_status(self, conn, p, acc, now, raw):
        eng = self.core.engine
        if conn.market == SPOT:
            return {"makerCommission": 10, "takerCommission": 10, "buyerCommission": 0, "sellerCommission": 0,
                    "canTrade": True, "canWithdraw": True, "canDeposit": True,
                    "commissionRates": {"maker": "0.00100000", "taker": "0.00100000", "buyer": "0.00000000",
                                        "seller": "0.00000000"},
                    "brokered": False, "requireSelfTradePrevention": False, "preventSor": False,
                    "updateTime": acc.update_time, "accountType": "SPOT", "balances": eng.spot_balances(acc),
                    "permissions": ["SPOT"], "uid": 354937868}
        assets = eng.futures_balances(acc, conn.market, now)
        return {"feeTier": 0, "canTrade": True, "canDeposit": True, "canWithdraw": True, "updateTime": 0,
                "multiAssetsMargin": False,
                "assets": [{"asset": a["asset"], "walletBalance": a["balance"], "unrealizedProfit": a["crossUnPnl"],
                            "marginBalance": a["balance"], "crossWalletBalance": a["crossWalletBalance"],
                            "availableBalance": a["availableBalance"], "maxWithdrawAmount": a["maxWithdrawAmount"],
                            "updateTime": now} for a in assets],
                "positions": eng.position_rows(acc, conn.market, None, now)}

    def account_balance(self, conn, p, acc, now, raw):
        return self.core.engine.futures_balances(acc, conn.market, now)

    def account_position(self, conn, p, acc, now, raw):
        m = self._model(conn, p, required=False)
        return self.core.engine.position_rows(acc, conn.market, m.inst.symbol if m else None, now)

    def commission(self, conn, p, acc, now, raw):
        m = self._model(conn, p)
        rates = {"maker": "0.00100000", "taker": "0.00100000", "buyer": "0.00000000", "seller": "0.00000000"}
        return {"symbol": m.inst.symbol, "standardCommission": rates, "taxCommission": dict(rates, maker="0.00000000", taker="0.00000000"),
                "discount": {"enabledForAccount": False, "enabledForSymbol": False, "discountAsset": "BNB",
                             "discount": "0.75000000"}}

    # ------------------------------------------------------------ user data
    def uds_start(self, conn, p, acc, now, raw):
        kind = conn.market
        return {"listenKey": self.core.userdata.create_key(acc, kind, now)}

    def uds_ping(self, conn, p, acc, now, raw):
        key = self.core.userdata.keepalive(acc, conn.market, p.get("listenKey"), now)
        return {} if conn.market == SPOT else {"listenKey": key}

    def uds_stop(self, conn, p, acc, now, raw):
        self.core.userdata.delete(acc, conn.market, p.get("listenKey"))
        return {}

    def uds_subscribe(self, conn, p, acc, now, raw):
        if conn.session_key is None:
            raise BinanceError(-2015)  # requires session.logon
        acc = self.core.engine.account(conn.session_key.account)
        return {"subscriptionId": self.core.userdata.subscribe(conn, acc, SPOT)}

    def uds_subscribe_signature(self, conn, p, acc, now, raw):
        return {"subscriptionId": self.core.userdata.subscribe(conn, acc, SPOT)}

    def uds_subscribe_token(self, conn, p, acc, now, raw):
        tok = p.get("listenToken")
        if not tok:
            raise BinanceError(-1102, None, "listenToken")
        return {"subscriptionId": self.core.userdata.subscribe_token(conn, tok, now)}

    def uds_unsubscribe(self, conn, p, acc, now, raw):
        self.core.userdata.unsubscribe(conn, as_int(p, "subscriptionId"))
        return {}

    def session_subscriptions(self, conn, p, acc, now, raw):
        return [{"subscriptionId": s.id} for s in self.core.userdata.conn_subscriptions(conn)]

    # ------------------------------------------------------------ table
    def _build(self) -> None:
        a = self.add
        fut = (USDM, COINM)
        a("ping", self.ping)
        a("time", self.time)
        a("exchangeInfo", self.exchange_info, markets=(SPOT,))
        a("depth", self.depth)
        a("trades.recent", self.trades_recent, markets=(SPOT,))
        a("trades.historical", self.trades_recent, markets=(SPOT,))
        a("trades.aggregate", self.trades_aggregate, markets=(SPOT,))
        a("klines", self.klines, markets=(SPOT,))
        a("uiKlines", self.klines, markets=(SPOT,))
        a("avgPrice", self.avg_price, markets=(SPOT,))
        a("ticker.24hr", self.ticker_24hr, markets=(SPOT,))
        a("ticker.price", self.ticker_price)
        a("ticker.book", self.ticker_book)
        a("session.logon", self.session_logon, SIGNED)
        a("session.status", self.session_status)
        a("session.logout", self.session_logout)
        a("order.place", self.order_place, SIGNED)
        a("order.test", self.order_test, SIGNED, markets=(SPOT,))
        a("sor.order.test", self.order_test, SIGNED, markets=(SPOT,))
        a("algoOrder.place", self.unsupported, SIGNED, markets=(USDM,))
        a("algoOrder.cancel", self.unsupported, SIGNED, markets=(USDM,))
        a("order.status", self.order_status, SIGNED)
        a("order.cancel", self.order_cancel, SIGNED)
        a("order.modify", self.order_modify, SIGNED, markets=fut)
        a("order.cancelReplace", self.cancel_replace, SIGNED, markets=(SPOT,))
        a("openOrders.status", self.open_orders, SIGNED)
        a("openOrders.cancelAll", self.cancel_all, SIGNED, markets=(SPOT,))
        a("allOrders", self.all_orders, SIGNED, markets=(SPOT,))
        a("myTrades", self.my_trades, SIGNED, markets=(SPOT,))
        a("account.status", self.account_status, SIGNED)
        a("v2/account.status", self.account_status, SIGNED, markets=fut)
        a("account.balance", self.account_balance, SIGNED, markets=fut)
        a("v2/account.balance", self.account_balance, SIGNED, markets=fut)
        a("account.position", self.account_position, SIGNED, markets=fut)
        a("v2/account.position", self.account_position, SIGNED, markets=fut)
        a("account.commission", self.commission, SIGNED, markets=(SPOT,))
        a("userDataStream.start", self.uds_start, USER_STREAM)
        a("userDataStream.ping", self.uds_ping, USER_STREAM)
        a("userDataStream.stop", self.uds_stop, USER_STREAM)
        a("userDataStream.subscribe", self.uds_subscribe, markets=(SPOT,))
        a("userDataStream.subscribe.signature", self.uds_subscribe_signature, SIGNED, markets=(SPOT,))
        a("userDataStream.subscribe.listenToken", self.uds_subscribe_token, markets=(SPOT,))
        a("userDataStream.unsubscribe", self.uds_unsubscribe, markets=(SPOT,))
        a("session.subscriptions", self.session_subscriptions, markets=(SPOT,))


def _normalize(params: dict) -> dict:
    """Scalars become the strings the signature covers; ``symbols`` stays a list of strings.

    Binance rejects structured values where a scalar is expected; so do we (-1100).
    """
    out = {}
    for k, v in params.items():
        if v is None:
            continue
        if k == "symbols":
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise BinanceError(-1100, None, k, "array of symbols")
            out[k] = v
        elif isinstance(v, (dict, list)):
            raise BinanceError(-1100, None, k, "a scalar value")
        elif isinstance(v, float) and v != v:
            raise BinanceError(-1100, None, k, "a number")
        else:
            out[k] = v if isinstance(v, str) else ws_value(v)
    return out
