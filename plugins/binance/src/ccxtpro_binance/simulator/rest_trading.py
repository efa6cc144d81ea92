"""Signed trading and account REST endpoints: what CCXT's unified private methods call.

Registered from :meth:`RestApi._build` (``TradingRoutes(api)``), after the core routes,
so a route here replaces a core one with the same method and path (``allOrders``,
``myTrades``/``userTrades``, ``asset/tradeFee``, ``positionSide/dual``, COIN-M
``account`` and ``leverage``: the same shapes, with Binance's filters and fields).

Served, spot / USD-M / COIN-M where Binance has them:

- orders: spot ``order/cancelReplace``; futures ``openOrder``, ``batchOrders``
  (POST/PUT/DELETE) and the algo (conditional) service — ``algoOrder``
  (POST/GET/DELETE), ``openAlgoOrders``, ``allAlgoOrders``, ``algoOpenOrders``, whose
  orders trigger on the last (or mark) price, checked every tick (:meth:`TradingRoutes.check_algos`);
- history: ``allOrders`` and ``myTrades``/``userTrades`` with ``orderId``,
  ``fromId``, ``startTime``/``endTime`` and ``limit``; futures ``income``
  (commission, realized PnL, transfers and funding fees from :meth:`settle_funding`),
  ``positionMargin/history``, ``forceOrders`` and margin ``forceLiquidationRec`` (always
  empty: nobody is liquidated);
- futures settings: ``marginType``, ``positionSide/dual``, ``positionMargin``,
  ``symbolConfig``, ``accountConfig``, ``commissionRate``, ``adlQuantile``;
- wallet (``/sapi``): deposit and withdrawal history, ``withdraw/apply``, deposit
  addresses, ``asset/transfer`` between the spot, margin, USD-M and COIN-M wallets.

Every route answers with Binance's error codes (-2011, -2013, -4046, -4059, -4049…)
and is charged Binance's documented request weight (:data:`WEIGHTS`).
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import orjson

from .errors import BinanceError, as_int, missing
from .instruments import COINM, MARGIN, SPOT, USDM
from .matching import D0, Account, Position, _truthy, d8, stop_reached
from .ratelimit import PATH_WEIGHTS

# ------------------------------------------------------------------ weights
def _by_symbol(with_symbol: int, without: int):
    return lambda p: with_symbol if p.get("symbol") else without


#: Binance's documented IP weights (``x-mbx-used-weight-1m``) of the routes here and of the
#: core order routes whose weight is not the core default
WEIGHTS: dict = {
    ("GET", "/api/v3/order"): 4,
    ("POST", "/api/v3/order/cancelReplace"): 1,
    ("GET", "/api/v3/myTrades"): lambda p: 5 if p.get("orderId") else 20,
    ("GET", "/sapi/v1/asset/tradeFee"): 1,
    ("GET", "/sapi/v1/capital/deposit/hisrec"): 1,
    ("GET", "/sapi/v1/capital/withdraw/history"): 1,
    ("POST", "/sapi/v1/capital/withdraw/apply"): 1,
    ("GET", "/sapi/v1/capital/deposit/address"): 10,
    ("GET", "/sapi/v1/asset/transfer"): 1,
    ("GET", "/sapi/v1/margin/forceLiquidationRec"): 1,
    ("POST", "/sapi/v1/asset/transfer"): 1,
}
for _pre, _m in (("/fapi/v1/", USDM), ("/dapi/v1/", COINM)):
    _usdm = _m == USDM
    WEIGHTS.update({
        ("GET", _pre + "order"): 1, ("POST", _pre + "order"): 0 if _usdm else 1, ("PUT", _pre + "order"): 1,
        ("DELETE", _pre + "order"): 1, ("GET", _pre + "openOrder"): 1,
        ("GET", _pre + "openOrders"): _by_symbol(1, 40), ("DELETE", _pre + "allOpenOrders"): 1,
        ("GET", _pre + "allOrders"): 5 if _usdm else 20, ("GET", _pre + "userTrades"): 5 if _usdm else 20,
        ("POST", _pre + "batchOrders"): 5, ("PUT", _pre + "batchOrders"): 5, ("DELETE", _pre + "batchOrders"): 1,
        ("POST", _pre + "leverage"): 1, ("POST", _pre + "marginType"): 1,
        ("GET", _pre + "positionSide/dual"): 30, ("POST", _pre + "positionSide/dual"): 1,
        ("POST", _pre + "positionMargin"): 1, ("GET", _pre + "positionMargin/history"): 1,
        ("GET", _pre + "income"): 30 if _usdm else 20, ("GET", _pre + "commissionRate"): 20,
        ("GET", _pre + "adlQuantile"): 5, ("GET", _pre + "forceOrders"): _by_symbol(20, 50),
        ("POST", _pre + "algoOrder"): 0, ("GET", _pre + "algoOrder"): 1, ("DELETE", _pre + "algoOrder"): 1,
        ("GET", _pre + "openAlgoOrders"): _by_symbol(1, 40), ("GET", _pre + "allAlgoOrders"): 5,
        ("DELETE", _pre + "algoOpenOrders"): 1,
    })
for _v in ("/fapi/v2/", "/fapi/v3/"):
    WEIGHTS.update({("GET", _v + "account"): 5, ("GET", _v + "balance"): 5, ("GET", _v + "positionRisk"): 5})
WEIGHTS.update({("GET", "/fapi/v1/symbolConfig"): 5, ("GET", "/fapi/v1/accountConfig"): 5,
                ("GET", "/dapi/v1/account"): 5, ("GET", "/dapi/v1/balance"): 1, ("GET", "/dapi/v1/positionRisk"): 1})

#: asset/transfer wallet names -> (kind, key) of the simulator's wallets
WALLETS = {"MAIN": ("spot", SPOT), "MARGIN": ("spot", MARGIN), "UMFUTURE": ("futures", USDM),
           "CMFUTURE": ("futures", COINM)}
FUTURES_MARGIN_ASSETS = {"USDT", "USDC", "FDUSD", "BNB", "BTC", "ETH"}  # USD-M wallet assets
WITHDRAW_FEE = Decimal("0.0001")  # as capital/config/getall says
WITHDRAW_MIN = Decimal("0.001")
SEVEN_DAYS = 7 * 24 * 3600 * 1000
NINETY_DAYS = 90 * 24 * 3600 * 1000
ALGO_TYPES = {"STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET"}


@dataclass(eq=False)
class AlgoOrder:
    """A futures conditional order in Binance's algo service: NEW until its trigger price is
    reached (last or mark price, by ``workingType``), then TRIGGERED with a LIMIT (STOP,
    TAKE_PROFIT) or MARKET order in the book, FINISHED once that order is done."""

    algo_id: int
    client_id: str
    inst: object
    side: str
    type: str
    tif: str
    qty: int | None  # steps
    price: int | None  # ticks
    trigger: int | None  # ticks
    working_type: str
    reduce_only: bool
    close_position: bool
    price_protect: bool
    activate: int | None
    callback: str
    time: int
    update_time: int
    account: object = None
    market: str = ""
    status: str = "NEW"  # NEW, CANCELED, TRIGGERED (FINISHED when its order is done), REJECTED
    order: object = None  # the order placed when triggered
    trigger_time: int = 0
    extreme: int | None = None  # trailing stop: best price since activation

    @property
    def open(self) -> bool:
        return self.status == "NEW"

    @property
    def state(self) -> str:
        if self.status == "TRIGGERED" and self.order is not None and not self.order.open:
            return "FINISHED"
        return self.status


@dataclass
class Extras:
    """Per-account records of the routes here (the matching engine keeps orders and trades)."""

    income: list = field(default_factory=list)  # {market, symbol, type, income, asset, time, id}
    transfers: list = field(default_factory=list)
    withdrawals: list = field(default_factory=list)
    margin_history: list = field(default_factory=list)
    algo: dict = field(default_factory=dict)  # (market, algoId) -> AlgoOrder


def _json_param(ctx, *names):
    for n in names:
        for k, v in ctx.params.items():
            if k.lower() == n.lower() and v not in (None, ""):
                try:
                    return orjson.loads(v)
                except orjson.JSONDecodeError:
                    raise BinanceError(-1100, None, n, "JSON array")
    return None


def _decimal(params: dict, name: str, required: bool = True) -> Decimal | None:
    raw = params.get(name)
    if raw in (None, ""):
        if required:
            raise missing(name)
        return None
    try:
        v = Decimal(str(raw))
    except InvalidOperation:
        raise BinanceError(-1100, None, name, "^([0-9]{1,20})(\\.[0-9]{1,20})?$")
    if not v.is_finite():
        raise BinanceError(-1100, None, name, "^([0-9]{1,20})(\\.[0-9]{1,20})?$")
    return v


def _window(ctx, default_span: int | None = None) -> tuple[int | None, int | None]:
    start, end = as_int(ctx.params, "startTime"), as_int(ctx.params, "endTime")
    if start is not None and end is not None and start > end:
        raise BinanceError(-1130, "startTime must be less than endTime.")
    if default_span is not None and start is None and end is None:
        start = ctx.now - default_span
    return start, end


def _in(t: int, start: int | None, end: int | None) -> bool:
    return (start is None or t >= start) and (end is None or t <= end)


class TradingRoutes:
    """The routes, registered on a :class:`~.rest.RestApi`; ``settle_funding`` books funding."""

    def __init__(self, api) -> None:
        self.api = api
        self.core = api.core
        self.extras: dict[str, Extras] = {}
        self._algo_ids = {USDM: itertools.count(3_000_000), COINM: itertools.count(4_000_000)}
        self._tran_ids = itertools.count(9_600_000_000)
        self._register()
        PATH_WEIGHTS.update(WEIGHTS)
        self.core.engine.trigger_hooks.append(self.check_algos)

    # ------------------------------------------------------------ helpers
    def _x(self, acc: Account) -> Extras:
        x = self.extras.get(acc.name)
        if x is None:
            x = self.extras[acc.name] = Extras()
        return x

    @property
    def engine(self):
        return self.core.engine

    def _inst(self, ctx, required: bool = True):
        return self.api._inst(ctx, required)

    def _limit(self, ctx, default: int, maximum: int) -> int:
        return self.api._limit(ctx, default, maximum)

    def _orders(self, acc: Account, inst):
        return [o for o in acc.orders.values() if o.inst is inst and o.wallet == SPOT]

    # ------------------------------------------------------------ order history (spot and futures)
    def all_orders(self, ctx):
        inst = self._inst(ctx)
        start, end = _window(ctx)
        from_id = as_int(ctx.params, "orderId")
        limit = self._limit(ctx, 500, 1000)
        rows = sorted(self._orders(ctx.account, inst), key=lambda o: o.order_id)
        rows = [o for o in rows if (from_id is None or o.order_id >= from_id) and _in(o.time, start, end)]
        if from_id is None and start is None and end is None:
            rows = rows[-limit:]
        return [self.engine.order_status(o) for o in rows[:limit]]

    def my_trades(self, ctx):
        inst = self._inst(ctx)
        start, end = _window(ctx)
        from_id = as_int(ctx.params, "fromId")
        order_id = as_int(ctx.params, "orderId")
        if from_id is not None and (start is not None or end is not None):
            raise BinanceError(-1128, "Combination of optional parameters invalid.")
        limit = self._limit(ctx, 500, 1000)
        rows = [t for t in ctx.account.trades if t["inst"] is inst and t["order"].wallet == SPOT]
        rows.sort(key=lambda t: (t["id"], t["time"]))
        rows = [t for t in rows if (order_id is None or t["order"].order_id == order_id)
                and (from_id is None or t["id"] >= from_id) and _in(t["time"], start, end)]
        if from_id is None and start is None and end is None and order_id is None:
            rows = rows[-limit:]
        return [self.engine.my_trade(t) for t in rows[:limit]]

    def cancel_all(self, ctx, wallet: str = SPOT):
        """Spot ``DELETE openOrders`` (and margin's): the open orders of that wallet only."""
        inst = self._inst(ctx)
        out = []
        for o in sorted(ctx.account.orders.values(), key=lambda o: o.order_id):
            if o.inst is inst and o.open and o.wallet == wallet:
                out.append(self.engine.cancel(ctx.account, SPOT, {"symbol": inst.symbol, "orderId": o.order_id},
                                              ctx.now))
        if not out:
            raise BinanceError(-2011)  # Binance: "Unknown order sent." when there is nothing to cancel
        return out

    def margin_cancel_all(self, ctx):
        self.api._margin(ctx)
        return self.cancel_all(ctx, MARGIN)

    # ------------------------------------------------------------ spot cancel-replace
    def cancel_replace(self, ctx):
        p = dict(ctx.params)
        mode = str(p.get("cancelReplaceMode") or "")
        if not mode:
            raise missing("cancelReplaceMode")
        if mode not in ("STOP_ON_FAILURE", "ALLOW_FAILURE"):
            raise BinanceError(-1100, None, "cancelReplaceMode", "STOP_ON_FAILURE|ALLOW_FAILURE")
        cancel = {"symbol": p.get("symbol"), "orderId": p.get("cancelOrderId"),
                  "origClientOrderId": p.get("cancelOrigClientOrderId"),
                  "newClientOrderId": p.get("cancelNewClientOrderId")}
        new = {k: v for k, v in p.items() if not k.startswith("cancel") and k not in ("signature", "timestamp",
                                                                                        "recvWindow")}
        eng = self.engine
        self._inst(ctx)
        try:
            canceled = eng.cancel(ctx.account, SPOT, cancel, ctx.now)
            cancel_result, cancel_body = "SUCCESS", canceled
        except BinanceError as e:
            cancel_result, cancel_body = "FAILURE", e.body()
        if cancel_result == "FAILURE" and mode == "STOP_ON_FAILURE":
            raise _cancel_replace_error(-2022, "Order cancel-replace failed.", cancel_result, "NOT_ATTEMPTED",
                                        cancel_body, None)
        try:
            placed = eng.place(ctx.account, SPOT, new, ctx.now)
        except BinanceError as e:
            code, msg = (-2021, "Order cancel-replace partially failed.") if cancel_result == "SUCCESS" else \
                (-2022, "Order cancel-replace failed.")
            raise _cancel_replace_error(code, msg, cancel_result, "FAILURE", cancel_body, e.body())
        if cancel_result == "FAILURE":
            raise _cancel_replace_error(-2021, "Order cancel-replace partially failed.", cancel_result, "SUCCESS",
                                        cancel_body, placed)
        return {"cancelResult": "SUCCESS", "newOrderResult": "SUCCESS", "cancelResponse": cancel_body,
                "newOrderResponse": placed}

    # ------------------------------------------------------------ futures orders
    def open_order(self, ctx):
        order = self.engine.find(ctx.account, ctx.market, ctx.params)
        if not order.open:
            raise BinanceError(-2013)
        return self.engine.order_status(order)

    def _batch(self, ctx, action):
        """``batchOrders`` (a JSON list of at most 5 order objects): one answer per item, the
        order or its error, in the items' order."""
        items = _json_param(ctx, "batchOrders")
        if items is None:
            raise missing("batchOrders")
        if not isinstance(items, list) or not 1 <= len(items) <= 5:
            raise BinanceError(-1130, "Data sent for parameter 'batchOrders' is not valid.")
        out = []
        for item in items:
            try:
                if not isinstance(item, dict):
                    raise BinanceError(-1130, "Data sent for parameter 'batchOrders' is not valid.")
                out.append(action(ctx.account, ctx.market, {k: v if isinstance(v, str) else str(v)
                                                            for k, v in item.items()}, ctx.now))
            except BinanceError as e:
                out.append(e.body())
        return out

    def batch_new(self, ctx):
        return self._batch(ctx, self.engine.place)

    def batch_modify(self, ctx):
        return self._batch(ctx, self.engine.modify)

    def batch_cancel(self, ctx):
        inst = self._inst(ctx)
        ids = _json_param(ctx, "orderIdList")
        cids = _json_param(ctx, "origClientOrderIdList")
        if ids is None and cids is None:
            raise BinanceError(-1102, "Param 'orderIdList' or 'origClientOrderIdList' must be sent, but both "
                                      "were empty/null!")
        if not isinstance(ids or [], list) or not isinstance(cids or [], list):
            raise BinanceError(-1130, "Data sent for parameter 'orderIdList' is not valid.")
        keys = [("orderId", i) for i in (ids or [])] + [("origClientOrderId", c) for c in (cids or [])]
        if len(keys) > 10:
            raise BinanceError(-1130, "Data sent for parameter 'orderIdList' is not valid.")
        out = []
        for k, v in keys:
            try:
                out.append(self.engine.cancel(ctx.account, ctx.market, {"symbol": inst.symbol, k: str(v)}, ctx.now))
            except BinanceError as e:
                out.append(e.body())
        return out

    # ------------------------------------------------------------ futures algo (conditional) orders
    def _algo_find(self, ctx, cancel: bool = False) -> AlgoOrder:
        x = self._x(ctx.account)
        aid, cid = ctx.params.get("algoId"), ctx.params.get("clientAlgoId")
        if aid in (None, "") and cid in (None, ""):
            raise BinanceError(-1102, "Param 'algoId' or 'clientAlgoId' must be sent, but both were empty/null!")
        found = None
        if aid not in (None, ""):
            try:
                found = x.algo.get((ctx.market, int(aid)))
            except ValueError:
                raise BinanceError(-1100, None, "algoId", "^[0-9]{1,20}$")
        else:
            found = next((a for (m, _), a in x.algo.items() if m == ctx.market and a.client_id == cid), None)
        if found is None or (cancel and not found.open):
            raise BinanceError(-2011 if cancel else -2013)
        return found

    def algo_new(self, ctx):
        p = ctx.params
        acc = ctx.account
        algo_type = p.get("algoType")
        if algo_type in (None, ""):
            raise missing("algoType")
        if algo_type != "CONDITIONAL":
            raise BinanceError(-1100, None, "algoType", "CONDITIONAL")
        inst = self.engine._inst(ctx.market, p.get("symbol"))
        side = str(p.get("side") or "").upper()
        if not side:
            raise missing("side")
        if side not in ("BUY", "SELL"):
            raise BinanceError(-1117)
        otype = str(p.get("type") or "").upper()
        if not otype:
            raise missing("type")
        if otype not in ALGO_TYPES:
            raise BinanceError(-1116)
        self.engine._check_position_side(acc, ctx.market, p)
        close = _truthy(p.get("closePosition"))
        qty = None
        if p.get("quantity") not in (None, ""):
            if close:
                raise BinanceError(-1106, None, "quantity")
            qty = inst.parse_qty(p["quantity"])
            if qty is None:
                raise BinanceError(-1111, None, "quantity")
            if qty <= 0:
                raise BinanceError(-4003)
        elif not close:
            raise missing("quantity")
        price = None
        if otype in ("STOP", "TAKE_PROFIT"):
            if p.get("price") in (None, ""):
                raise missing("price")
            price = inst.parse_px(p["price"])
            if price is None or price <= 0:
                raise BinanceError(-4014, "Price not increased by tick size.")
        trigger = activate = None
        callback = ""
        model = self.core.models[inst.market][inst.symbol]
        working = str(p.get("workingType") or "CONTRACT_PRICE").upper()
        ref = model.mark_price() if working == "MARK_PRICE" else model.last_price
        if otype == "TRAILING_STOP_MARKET":
            callback = str(p.get("callbackRate") or "")
            if not callback:
                raise missing("callbackRate")
            try:
                rate = Decimal(callback)
            except InvalidOperation:
                raise BinanceError(-1100, None, "callbackRate", "^([0-9]{1,20})(\\.[0-9]{1,20})?$")
            if not Decimal("0.1") <= rate <= Decimal("10"):
                raise BinanceError(-2007, "Invalid callBack rate.")
            if p.get("activatePrice") not in (None, ""):
                activate = inst.parse_px(p["activatePrice"])
                if activate is None or activate <= 0:
                    raise BinanceError(-4014, "Price not increased by tick size.")
        else:
            raw = p.get("triggerPrice") or p.get("stopPrice")
            if raw in (None, ""):
                raise missing("triggerPrice")
            trigger = inst.parse_px(raw)
            if trigger is None or trigger <= 0:
                raise BinanceError(-4014, "Price not increased by tick size.")
            if stop_reached(otype, side, trigger, ref):
                raise BinanceError(-2021, "Order would immediately trigger.")
        if acc.wallet[ctx.market].get(inst.settle_asset, D0) <= 0 and not _truthy(p.get("reduceOnly")):
            raise BinanceError(-2019)
        x = self._x(acc)
        cid = str(p.get("clientAlgoId") or f"sim{next(self.engine._cids):020d}")
        if any(a.client_id == cid and a.open for (m, _), a in x.algo.items() if m == ctx.market):
            raise BinanceError(-4116, "ClientOrderId is duplicated.")
        tif = str(p.get("timeInForce") or "GTC").upper()
        if tif not in ("GTC", "IOC", "FOK", "GTX", "GTD"):
            raise BinanceError(-1115)
        algo = AlgoOrder(next(self._algo_ids[ctx.market]), cid, inst, side, otype, tif, qty, price, trigger, working,
                         _truthy(p.get("reduceOnly")), close, _truthy(p.get("priceProtect")), activate, callback,
                         ctx.now, ctx.now, acc, ctx.market)
        x.algo[(ctx.market, algo.algo_id)] = algo
        return self._algo_row(algo)

    def _algo_row(self, a: AlgoOrder, query: bool = False) -> dict:
        inst = a.inst
        d = {"algoId": a.algo_id, "clientAlgoId": a.client_id, "algoType": "CONDITIONAL", "orderType": a.type,
             "symbol": inst.symbol, "side": a.side, "positionSide": "BOTH", "timeInForce": a.tif,
             "quantity": inst.qty(a.qty) if a.qty is not None else inst.qty(0), "algoStatus": a.state,
             "triggerPrice": inst.px(a.trigger) if a.trigger is not None else inst.px(0),
             "price": inst.px(a.price) if a.price is not None else inst.px(0), "icebergQuantity": None,
             "selfTradePreventionMode": "EXPIRE_MAKER", "workingType": a.working_type, "priceMatch": "NONE",
             "closePosition": a.close_position, "priceProtect": a.price_protect, "reduceOnly": a.reduce_only,
             "activatePrice": inst.px(a.activate) if a.activate is not None else "", "callbackRate": a.callback,
             "createTime": a.time, "updateTime": a.update_time, "triggerTime": a.trigger_time, "goodTillDate": 0}
        if query:
            o = a.order
            filled = o.executed if o is not None else 0
            avg = (self.engine.order_response(o)["avgPrice"] if o is not None and filled else inst.px(0))
            d.update({"actualOrderId": str(o.order_id) if o is not None else "", "actualPrice": avg,
                      "executedQty": inst.qty(filled)})
        return d

    # the algo service: triggers, called every tick through Engine.check_triggers
    def check_algos(self, now: int) -> None:
        due = [a for x in self.extras.values() for a in x.algo.values() if a.open and self._due(a)]
        for a in due:  # all decided on the same prices, then placed in creation order
            self._fire(a, now)

    def _due(self, a: AlgoOrder) -> bool:
        model = self.core.models[a.inst.market][a.inst.symbol]
        ref = model.mark_price() if a.working_type == "MARK_PRICE" else model.last_price
        if a.type == "TRAILING_STOP_MARKET":
            if a.extreme is None:
                if a.activate is not None and (ref < a.activate if a.side == "SELL" else ref > a.activate):
                    return False  # not active: a sell trails once the price rose to activatePrice, a buy once it fell
                a.extreme = ref
            rate = Decimal(a.callback) / 100
            if a.side == "SELL":
                a.extreme = max(a.extreme, ref)
                return ref <= int(a.extreme * (1 - rate))
            a.extreme = min(a.extreme, ref)
            return ref >= int(a.extreme * (1 + rate))
        return stop_reached(a.type, a.side, a.trigger, ref)

    def _fire(self, a: AlgoOrder, now: int) -> None:
        inst, acc = a.inst, a.account
        qty = a.qty
        if a.close_position:
            qty = int(abs(acc.position(a.market, inst.symbol).amount) / Decimal(inst.qty(1)))
        params = {"symbol": inst.symbol, "side": a.side, "quantity": inst.qty(qty or 0),
                  "newClientOrderId": a.client_id, "reduceOnly": "true" if a.reduce_only or a.close_position
                  else "false"}
        if a.price is not None:
            params.update(type="LIMIT", price=inst.px(a.price), timeInForce=a.tif if a.tif != "GTD" else "GTC")
        else:
            params["type"] = "MARKET"
        a.trigger_time = a.update_time = now
        try:
            resp = self.engine.place(acc, a.market, params, now)
        except BinanceError:
            a.status = "REJECTED"
            return
        a.status = "TRIGGERED"
        a.order = acc.orders.get((a.market, resp["orderId"]))

    def algo_get(self, ctx):
        return self._algo_row(self._algo_find(ctx), query=True)

    def algo_cancel(self, ctx):
        a = self._algo_find(ctx, cancel=True)
        a.status, a.update_time = "CANCELED", ctx.now
        return {"algoId": a.algo_id, "clientAlgoId": a.client_id, "code": "200", "msg": "success"}

    def _algos(self, ctx, only_open: bool):
        inst = self._inst(ctx, required=False)
        return sorted((a for (m, _), a in self._x(ctx.account).algo.items()
                       if m == ctx.market and (inst is None or a.inst is inst) and (a.open or not only_open)),
                      key=lambda a: a.algo_id)

    def algo_open(self, ctx):
        return [self._algo_row(a) for a in self._algos(ctx, True)]

    def algo_all(self, ctx):
        self._inst(ctx)
        start, end = _window(ctx)
        from_id = as_int(ctx.params, "algoId")
        limit = self._limit(ctx, 500, 1000)
        rows = [a for a in self._algos(ctx, False) if (from_id is None or a.algo_id >= from_id)
                and _in(a.time, start, end)]
        return [self._algo_row(a, query=True) for a in rows[-limit:]]

    def algo_cancel_all(self, ctx):
        self._inst(ctx)
        for a in self._algos(ctx, True):
            a.status, a.update_time = "CANCELED", ctx.now
        return {"code": 200, "msg": "The operation of cancel all open order is done."}

    # ------------------------------------------------------------ futures settings
    def _open_orders_of(self, acc: Account, market: str, inst=None) -> bool:
        return any(o.open and o.inst.market == market and (inst is None or o.inst is inst)
                   for o in acc.orders.values())

    def _has_position(self, acc: Account, market: str, inst=None) -> bool:
        return any(p.amount != 0 for (m, s), p in acc.positions.items()
                   if m == market and (inst is None or s == inst.symbol))

    def margin_type(self, ctx):
        inst = self._inst(ctx)
        raw = str(ctx.params.get("marginType") or "").upper()
        if not raw:
            raise missing("marginType")
        if raw not in ("ISOLATED", "CROSSED"):
            raise BinanceError(-1100, None, "marginType", "ISOLATED|CROSSED")
        want = "isolated" if raw == "ISOLATED" else "cross"
        acc = ctx.account
        key = (ctx.market, inst.symbol)
        if acc.margin_type.get(key, "cross") == want:
            raise BinanceError(-4046, "No need to change margin type.")
        if self._open_orders_of(acc, ctx.market, inst):
            raise BinanceError(-4047, "Margin type cannot be changed if there exists open orders.")
        if self._has_position(acc, ctx.market, inst):
            raise BinanceError(-4048, "Margin type cannot be changed if there exists position.")
        acc.margin_type[key] = want
        acc.isolated_wallet.pop(key, None)
        return {"code": 200, "msg": "success"}

    def position_side_get(self, ctx):
        return {"dualSidePosition": ctx.account.dual_side.get(ctx.market, False)}

    def position_side_set(self, ctx):
        raw = str(ctx.params.get("dualSidePosition") or "").lower()
        if not raw:
            raise missing("dualSidePosition")
        if raw not in ("true", "false"):
            raise BinanceError(-1100, None, "dualSidePosition", "true|false")
        acc = ctx.account
        want = raw == "true"
        if acc.dual_side.get(ctx.market, False) == want:
            raise BinanceError(-4059, "No need to change position side.")
        if self._open_orders_of(acc, ctx.market):
            raise BinanceError(-4067, "Position side cannot be changed if there exists open orders.")
        if self._has_position(acc, ctx.market):
            raise BinanceError(-4068, "Position side cannot be changed if there exists position.")
        acc.dual_side[ctx.market] = want
        return {"code": 200, "msg": "success"}

    def position_margin(self, ctx):
        inst = self._inst(ctx)
        amount = _decimal(ctx.params, "amount")
        kind = as_int(ctx.params, "type")
        if kind is None:
            raise missing("type")
        if kind not in (1, 2):
            raise BinanceError(-1100, None, "type", "1|2")
        ps = str(ctx.params.get("positionSide") or "BOTH").upper()
        if ps not in ("BOTH", "LONG", "SHORT"):
            raise BinanceError(-4060, "Invalid position side.")
        acc = ctx.account
        key = (ctx.market, inst.symbol)
        if amount <= 0:
            raise BinanceError(-4055, "Amount must be positive.")
        if acc.margin_type.get(key, "cross") != "isolated":
            raise BinanceError(-4049, "Add margin only support for isolated position.")
        if acc.positions.get(key, Position()).amount == 0:
            raise BinanceError(-4054, "Cannot add position margin: position is 0.")
        asset = inst.settle_asset
        iso = acc.isolated_wallet.get(key, D0)
        if kind == 1:
            cross = Decimal(next(r["availableBalance"] for r in self.engine.futures_balances(acc, ctx.market, ctx.now)
                                 if r["asset"] == asset))
            if amount > cross:
                raise BinanceError(-4050, "Cross balance insufficient.")
            acc.isolated_wallet[key] = iso + amount
        else:
            if amount > iso:
                raise BinanceError(-4051, "Isolated balance insufficient.")
            acc.isolated_wallet[key] = iso - amount
        self._x(acc).margin_history.append({"market": ctx.market, "symbol": inst.symbol, "type": kind,
                                            "amount": amount, "asset": asset, "time": ctx.now,
                                            "positionSide": ps})
        return {"amount": float(amount), "code": 200, "msg": "Successfully modify position margin.", "type": kind}

    def position_margin_history(self, ctx):
        inst = self._inst(ctx)
        kind = as_int(ctx.params, "type")
        start, end = _window(ctx)
        limit = self._limit(ctx, 500, 500)
        rows = [r for r in self._x(ctx.account).margin_history
                if r["market"] == ctx.market and r["symbol"] == inst.symbol and (kind is None or r["type"] == kind)
                and _in(r["time"], start, end)]
        return [{"symbol": r["symbol"], "type": r["type"], "deltaType": "USER_ADJUST", "amount": d8(r["amount"]),
                 "asset": r["asset"], "time": r["time"], "positionSide": r["positionSide"]} for r in rows[-limit:]]

    def symbol_config(self, ctx):
        inst = self._inst(ctx, required=False)
        acc = ctx.account
        rows = [inst] if inst else list(self.core.instruments[ctx.market].values())
        return [{"symbol": i.symbol,
                 "marginType": "ISOLATED" if acc.margin_type.get((ctx.market, i.symbol)) == "isolated" else "CROSSED",
                 "isAutoAddMargin": "false", "leverage": acc.leverage.get((ctx.market, i.symbol), 20),
                 "maxNotionalValue": "1000000"} for i in rows]

    def account_config(self, ctx):
        return {"feeTier": 0, "canTrade": True, "canDeposit": True, "canWithdraw": True,
                "dualSidePosition": ctx.account.dual_side.get(ctx.market, False), "updateTime": 0,
                "multiAssetsMargin": False, "tradeGroupId": -1}

    def coinm_account(self, ctx):
        """COIN-M account: assets, and every symbol's position slot with its leverage and margin type."""
        out = self.api.futures_account(ctx)
        acc = ctx.account
        rows = {r["symbol"]: r for r in self.engine.position_rows(acc, COINM, None, ctx.now)}
        positions = []
        for sym, inst in self.core.instruments[COINM].items():
            r = rows.get(sym)
            key = (COINM, sym)
            positions.append({
                "symbol": sym, "positionAmt": r["positionAmt"] if r else "0",
                "initialMargin": r["initialMargin"] if r else "0", "maintMargin": r["maintMargin"] if r else "0",
                "unrealizedProfit": r["unRealizedProfit"] if r else "0.00000000",
                "positionInitialMargin": r["positionInitialMargin"] if r else "0", "openOrderInitialMargin": "0",
                "leverage": str(acc.leverage.get(key, 20)), "isolated": acc.margin_type.get(key) == "isolated",
                "positionSide": "BOTH", "entryPrice": r["entryPrice"] if r else "0.0",
                "breakEvenPrice": r["breakEvenPrice"] if r else "0.0", "maxQty": "1000",
                "updateTime": ctx.now if r else 0})
        out["positions"] = positions
        for k in ("multiAssetsMargin", "tradeGroupId"):
            out.pop(k, None)
        return out

    def leverage(self, ctx):
        out = self.api.leverage(ctx)
        if ctx.market == COINM:
            out = {"leverage": out["leverage"], "maxQty": "1000", "symbol": out["symbol"]}
        return out

    def commission_rate(self, ctx):
        inst = self._inst(ctx)
        d = {"symbol": inst.symbol, "makerCommissionRate": "0.0002", "takerCommissionRate": "0.0005"}
        if ctx.market == USDM:
            d["rpiCommissionRate"] = "0.0000"
        return d

    def adl_quantile(self, ctx):
        inst = self._inst(ctx, required=False)
        acc = ctx.account
        out = []
        for r in self.engine.position_rows(acc, ctx.market, inst.symbol if inst else None, ctx.now):
            amount = Decimal(r["positionAmt"])
            if amount == 0:
                continue
            q = 2 if Decimal(r["unRealizedProfit"]) > 0 else 1
            out.append({"symbol": r["symbol"], "adlQuantile": {"LONG": q if amount > 0 else 0,
                                                                "SHORT": q if amount < 0 else 0, "BOTH": q}})
        return out

    def force_orders(self, ctx):
        self._inst(ctx, required=False)
        _window(ctx)
        self._limit(ctx, 50, 100)
        return []

    def margin_force_liquidations(self, ctx):
        """Cross margin liquidations (``margin/forceLiquidationRec``): none, nobody borrows."""
        _window(ctx)
        return {"rows": [], "total": 0}

    # ------------------------------------------------------------ income and funding
    def settle_funding(self, market: str | None = None, now: int | None = None) -> int:
        """Pay one funding interval on every open perpetual position (at the mark price and the
        model's funding rate): wallets move, ``FUNDING_FEE`` income is booked and the account
        stream hears ``ACCOUNT_UPDATE`` (reason FUNDING_FEE). Returns the number of payments."""
        now = self.core.now() if now is None else now
        paid = 0
        for acc in self.engine.accounts.values():
            for (m, sym), pos in list(acc.positions.items()):
                if pos.amount == 0 or (market is not None and m != market):
                    continue
                inst = self.core.instruments[m][sym]
                if inst.contract_type != "PERPETUAL":
                    continue
                model = self.core.models[m][sym]
                mark = Decimal(inst.px(model.mark_price()))
                rate = Decimal(str(model.funding_rate))
                notional = pos.amount * mark if m == USDM else pos.amount * inst.contract_size / mark
                fee = (-notional * rate).quantize(Decimal("0.00000001"))
                acc.wallet[m][inst.settle_asset] = acc.wallet[m].get(inst.settle_asset, D0) + fee
                self._book_income(acc, m, sym, "FUNDING_FEE", fee, inst.settle_asset, now)
                self.engine._futures_account_event(acc, inst, now, reason="FUNDING_FEE")
                paid += 1
        return paid

    def _book_income(self, acc: Account, market: str, symbol: str, kind: str, amount: Decimal, asset: str,
                     now: int) -> None:
        self._x(acc).income.append({"market": market, "symbol": symbol, "type": kind, "income": amount,
                                    "asset": asset, "time": now, "id": next(self._tran_ids)})

    def income(self, ctx):
        inst = self._inst(ctx, required=False)
        kind = ctx.params.get("incomeType") or None
        start, end = _window(ctx, default_span=SEVEN_DAYS)
        limit = self._limit(ctx, 100, 1000)
        page = max(1, as_int(ctx.params, "page", 1) or 1)
        rows = []
        for t in ctx.account.trades:
            i = t["inst"]
            if i.market != ctx.market:
                continue
            trade_id = str(t["id"])
            rows.append((t["time"], t["id"] * 10 + 1, i.symbol, "COMMISSION", -t["fee"], t["fee_asset"], trade_id))
            if t.get("realized", D0) != 0:
                rows.append((t["time"], t["id"] * 10 + 2, i.symbol, "REALIZED_PNL", t["realized"], i.settle_asset,
                             trade_id))
        for r in self._x(ctx.account).income:
            if r["market"] == ctx.market:
                rows.append((r["time"], r["id"], r["symbol"], r["type"], r["income"], r["asset"], ""))
        rows.sort(key=lambda r: (r[0], r[1]))
        rows = [r for r in rows if (inst is None or r[2] == inst.symbol) and (kind is None or r[3] == kind)
                and _in(r[0], start, end)]
        rows = rows[(page - 1) * limit: page * limit]
        return [{"symbol": sym, "incomeType": typ, "income": d8(amount), "asset": asset, "info": typ,
                 "time": t, "tranId": tid, "tradeId": trade_id} for t, tid, sym, typ, amount, asset, trade_id in rows]

    # ------------------------------------------------------------ spot fees
    def trade_fee(self, ctx):
        syms = self.core.instruments[SPOT]
        one = ctx.params.get("symbol")
        if one and one not in syms:
            raise BinanceError(-1121)
        return [{"symbol": s, "makerCommission": "0.001", "takerCommission": "0.001"}
                for s in ([one] if one else syms)]

    # ------------------------------------------------------------ wallet: deposits, withdrawals, transfers
    @staticmethod
    def _network(coin: str) -> str:
        return coin if coin not in ("USDT", "FDUSD") else "ETH"

    @staticmethod
    def _address(acc: Account, coin: str, network: str) -> tuple[str, str]:
        h = hashlib.sha256(f"{acc.name}/{coin}/{network}".encode()).hexdigest()
        if network in ("ETH", "BNB", "BSC"):
            addr = "0x" + h[:40]
            return addr, f"https://etherscan.io/address/{addr}"
        if network == "BTC":
            addr = "bc1q" + h[:38]
            return addr, f"https://mempool.space/address/{addr}"
        addr = network[:1].upper() + h[:33]
        return addr, ""

    def _coin(self, ctx, required: bool = True) -> str | None:
        coin = ctx.params.get("coin")
        if not coin:
            if required:
                raise missing("coin")
            return None
        known = {a for m in self.core.instruments.values() for i in m.values() for a in (i.base, i.quote)} - {"USD"}
        if coin not in known:
            raise BinanceError(-1100, None, "coin", "a listed asset")
        return coin

    def deposit_address(self, ctx):
        coin = self._coin(ctx)
        network = ctx.params.get("network") or self._network(coin)
        if network != self._network(coin):
            raise BinanceError(-4099, "The network is not supported for this coin.")  # not a deposit network here
        addr, url = self._address(ctx.account, coin, network)
        return {"address": addr, "coin": coin, "tag": "", "url": url}

    def deposit_history(self, ctx):
        coin = self._coin(ctx, required=False)
        status = as_int(ctx.params, "status")
        start, end = _window(ctx, default_span=NINETY_DAYS)
        offset = as_int(ctx.params, "offset", 0) or 0
        limit = self._limit(ctx, 1000, 1000)
        acc = ctx.account
        out = []
        for n, d in enumerate(acc.deposits):
            if (coin and d["asset"] != coin) or (status is not None and status != 1) or not _in(d["time"], start, end):
                continue
            net = self._network(d["asset"])
            addr, _ = self._address(acc, d["asset"], net)
            tx = hashlib.sha256(f"{acc.name}/deposit/{n}".encode()).hexdigest()
            out.append({"id": str(770_000_000_000_000_000 + n), "amount": f"{d['amount'].normalize():f}",
                        "coin": d["asset"], "network": net, "status": 1, "address": addr, "addressTag": "",
                        "txId": ("0x" + tx) if net == "ETH" else tx, "insertTime": d["time"],
                        "completeTime": d["time"], "transferType": 0, "confirmTimes": "1/1", "unlockConfirm": 0,
                        "walletType": 0})
        out.sort(key=lambda r: r["insertTime"], reverse=True)
        return out[offset: offset + limit]

    def withdraw_apply(self, ctx):
        coin = self._coin(ctx)
        address = ctx.params.get("address")
        if not address:
            raise missing("address")
        amount = _decimal(ctx.params, "amount")
        network = ctx.params.get("network") or self._network(coin)
        if network != self._network(coin):
            raise BinanceError(-4099, "The network is not supported for this coin.")
        if amount < WITHDRAW_MIN:
            raise BinanceError(-4006, "Withdraw amount must be greater than the minimum withdrawal amount.")
        acc = ctx.account
        total = amount + WITHDRAW_FEE
        if acc.bal(coin)[0] < total:
            raise BinanceError(-4026, "User has insufficient balance")
        self.engine.credit(acc, coin, -total, ctx.now)
        x = self._x(acc)
        wid = hashlib.sha256(f"{acc.name}/withdraw/{len(x.withdrawals)}".encode()).hexdigest()[:32]
        x.withdrawals.append({"id": wid, "coin": coin, "amount": amount, "address": address, "network": network,
                              "tag": ctx.params.get("addressTag") or "", "time": ctx.now,
                              "order_id": ctx.params.get("withdrawOrderId")})
        return {"id": wid}

    def withdraw_history(self, ctx):
        coin = self._coin(ctx, required=False)
        status = as_int(ctx.params, "status")
        start, end = _window(ctx, default_span=NINETY_DAYS)
        offset = as_int(ctx.params, "offset", 0) or 0
        limit = self._limit(ctx, 1000, 1000)
        wanted = ctx.params.get("withdrawOrderId")
        out = []
        for n, w in enumerate(self._x(ctx.account).withdrawals):
            if (coin and w["coin"] != coin) or (status is not None and status != 6) \
                    or (wanted and w["order_id"] != wanted) or not _in(w["time"], start, end):
                continue
            tx = hashlib.sha256(f"{ctx.account.name}/withdraw-tx/{n}".encode()).hexdigest()
            applied = _utc(w["time"])
            row = {"id": w["id"], "amount": f"{w['amount'].normalize():f}", "transactionFee": f"{WITHDRAW_FEE:f}",
                   "coin": w["coin"], "status": 6, "address": w["address"],
                   "txId": ("0x" + tx) if w["network"] == "ETH" else tx, "applyTime": applied,
                   "network": w["network"], "transferType": 0, "info": "", "confirmNo": 1, "walletType": 0,
                   "txKey": "", "completeTime": applied}
            if w["tag"]:
                row["addressTag"] = w["tag"]
            if w["order_id"]:
                row["withdrawOrderId"] = w["order_id"]
            out.append(row)
        out.sort(key=lambda r: r["applyTime"], reverse=True)
        return out[offset: offset + limit]

    def _wallet_move(self, acc: Account, name: str, asset: str, amount: Decimal, now: int, reason: str) -> None:
        kind, key = WALLETS[name]
        if kind == "spot":
            self.engine.credit(acc, asset, amount, now, key)
            return
        w = acc.wallet[key]
        w[asset] = w.get(asset, D0) + amount
        self._book_income(acc, key, "", "TRANSFER", amount, asset, now)
        ev = {"e": "ACCOUNT_UPDATE", "E": now, "T": now,
              "a": {"m": reason, "B": [{"a": asset, "wb": d8(w[asset]), "cw": d8(w[asset]), "bc": d8(amount)}],
                    "P": []}}
        self.engine.emit(acc, key, ev)

    def _available(self, acc: Account, name: str, asset: str, now: int) -> Decimal:
        kind, key = WALLETS[name]
        if kind == "spot":
            return acc.wallets[key].get(asset, [D0, D0])[0]
        rows = [r for r in self.engine.futures_balances(acc, key, now) if r["asset"] == asset]
        return Decimal(rows[0]["maxWithdrawAmount"]) if rows else D0

    def transfer(self, ctx):
        typ = ctx.params.get("type")
        if not typ:
            raise missing("type")
        asset = ctx.params.get("asset")
        if not asset:
            raise missing("asset")
        amount = _decimal(ctx.params, "amount")
        src, _, dst = typ.partition("_")
        if src not in WALLETS or dst not in WALLETS or src == dst:
            raise BinanceError(-1020, f"Transfer type {typ} is not supported by the simulator.")
        if (dst == "CMFUTURE" and asset not in {i.settle_asset for i in self.core.instruments[COINM].values()}) \
                or (dst == "UMFUTURE" and asset not in FUTURES_MARGIN_ASSETS):
            raise BinanceError(-1020, f"{asset} cannot be transferred to {dst} in the simulator.")
        if amount <= 0:
            raise BinanceError(-1100, None, "amount", "a positive number")
        acc = ctx.account
        if self._available(acc, src, asset, ctx.now) < amount:
            raise BinanceError(-5002, "You have insufficient balance.")
        self._wallet_move(acc, src, asset, -amount, ctx.now, "WITHDRAW")
        self._wallet_move(acc, dst, asset, amount, ctx.now, "DEPOSIT")
        tran = next(self._tran_ids)
        self._x(acc).transfers.append({"asset": asset, "amount": amount, "type": typ, "time": ctx.now, "id": tran})
        return {"tranId": tran}

    def transfer_history(self, ctx):
        typ = ctx.params.get("type")
        if not typ:
            raise missing("type")
        start, end = _window(ctx)
        current = max(1, as_int(ctx.params, "current", 1) or 1)
        size = min(max(1, as_int(ctx.params, "size", 10) or 10), 100)
        rows = [t for t in self._x(ctx.account).transfers if t["type"] == typ and _in(t["time"], start, end)]
        rows.sort(key=lambda t: t["time"], reverse=True)
        page = rows[(current - 1) * size: current * size]
        out = {"total": len(rows)}
        if page:
            out["rows"] = [{"asset": t["asset"], "amount": f"{t['amount'].normalize():f}", "type": t["type"],
                            "status": "CONFIRMED", "tranId": t["id"], "timestamp": t["time"]} for t in page]
        return out

    # ------------------------------------------------------------ table
    def _register(self) -> None:
        from .rest import SIGNED
        a = self.api.add
        a("GET", "/api/v3/allOrders", self.all_orders, SIGNED)
        a("GET", "/api/v3/myTrades", self.my_trades, SIGNED)
        a("POST", "/api/v3/order/cancelReplace", self.cancel_replace, SIGNED)
        a("DELETE", "/api/v3/openOrders", self.cancel_all, SIGNED)
        a("DELETE", "/sapi/v1/margin/openOrders", self.margin_cancel_all, SIGNED)
        for pre in ("/fapi/v1/", "/dapi/v1/"):
            a("GET", pre + "allOrders", self.all_orders, SIGNED)
            a("GET", pre + "userTrades", self.my_trades, SIGNED)
            a("GET", pre + "openOrder", self.open_order, SIGNED)
            a("POST", pre + "batchOrders", self.batch_new, SIGNED)
            a("PUT", pre + "batchOrders", self.batch_modify, SIGNED)
            a("DELETE", pre + "batchOrders", self.batch_cancel, SIGNED)
            a("POST", pre + "algoOrder", self.algo_new, SIGNED)
            a("GET", pre + "algoOrder", self.algo_get, SIGNED)
            a("DELETE", pre + "algoOrder", self.algo_cancel, SIGNED)
            a("GET", pre + "openAlgoOrders", self.algo_open, SIGNED)
            a("GET", pre + "allAlgoOrders", self.algo_all, SIGNED)
            a("DELETE", pre + "algoOpenOrders", self.algo_cancel_all, SIGNED)
            a("POST", pre + "marginType", self.margin_type, SIGNED)
            a("GET", pre + "positionSide/dual", self.position_side_get, SIGNED)
            a("POST", pre + "positionSide/dual", self.position_side_set, SIGNED)
            a("POST", pre + "positionMargin", self.position_margin, SIGNED)
            a("GET", pre + "positionMargin/history", self.position_margin_history, SIGNED)
            a("GET", pre + "commissionRate", self.commission_rate, SIGNED)
            a("GET", pre + "income", self.income, SIGNED)
            a("GET", pre + "adlQuantile", self.adl_quantile, SIGNED)
            a("GET", pre + "forceOrders", self.force_orders, SIGNED)
            a("POST", pre + "leverage", self.leverage, SIGNED)
        a("GET", "/fapi/v1/symbolConfig", self.symbol_config, SIGNED)
        a("GET", "/fapi/v1/accountConfig", self.account_config, SIGNED)
        a("GET", "/dapi/v1/account", self.coinm_account, SIGNED)
        a("GET", "/sapi/v1/asset/tradeFee", self.trade_fee, SIGNED)
        a("GET", "/sapi/v1/margin/forceLiquidationRec", self.margin_force_liquidations, SIGNED)
        a("GET", "/sapi/v1/capital/deposit/hisrec", self.deposit_history, SIGNED)
        a("GET", "/sapi/v1/capital/deposit/address", self.deposit_address, SIGNED)
        a("GET", "/sapi/v1/capital/withdraw/history", self.withdraw_history, SIGNED)
        a("POST", "/sapi/v1/capital/withdraw/apply", self.withdraw_apply, SIGNED)
        a("GET", "/sapi/v1/asset/transfer", self.transfer_history, SIGNED)
        a("POST", "/sapi/v1/asset/transfer", self.transfer, SIGNED)


def _cancel_replace_error(code: int, msg: str, cancel_result: str, new_result: str, cancel_body, new_body):
    err = BinanceError(code, msg)
    data = {"cancelResult": cancel_result, "newOrderResult": new_result, "cancelResponse": cancel_body,
            "newOrderResponse": new_body}
    err.body = lambda: {"code": code, "msg": msg, "data": data}
    return err


def _utc(ms: int) -> str:
    import datetime
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
