"""Matching engine: client orders against the simulated book, balances and positions.

Client orders join the same books the market model trades on, so a resting
order fills when the model's order flow reaches it (price-time priority behind
the model's liquidity at that level). Every state change is reported through
``emit(account, market, event)`` as Binance's user-data events.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from .book import ASK, BID, Fill
from .errors import BinanceError, missing
from .instruments import COINM, MARGIN, SPOT, USDM, Instrument
from .market import MarketModel, Trade

D0 = Decimal(0)
FEES = {SPOT: (Decimal("0.001"), Decimal("0.001")), USDM: (Decimal("0.0002"), Decimal("0.0005")),
        COINM: (Decimal("0.0002"), Decimal("0.0005"))}
SPOT_TYPES = {"LIMIT", "MARKET", "LIMIT_MAKER"}
#: spot conditional types: they wait outside the book (funds locked) for the last price to reach
#: their ``stopPrice`` (``Engine.check_triggers``, every tick)
SPOT_STOP_TYPES = {"STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"}
FUT_TYPES = {"LIMIT", "MARKET"}
TIFS = {"GTC", "IOC", "FOK"}
FUT_TIFS = {"GTC", "IOC", "FOK", "GTX"}

START_SPOT = {"USDT": "100000", "BTC": "5", "ETH": "50", "BNB": "200", "SOL": "500", "XRP": "50000",
              "ADA": "50000", "DOGE": "200000", "LTC": "500", "LINK": "2000", "FDUSD": "100000"}
START_MARGIN = {"USDT": "10000", "BTC": "0.5", "ETH": "5", "BNB": "20"}
START_USDM = {"USDT": "100000", "USDC": "0", "BNB": "0"}
START_COINM = {"BTC": "10", "ETH": "100", "BNB": "200", "SOL": "500", "XRP": "50000", "ADA": "50000",
               "DOGE": "200000", "LTC": "500", "LINK": "2000", "DOT": "5000"}


def d8(x: Decimal) -> str:
    return f"{x:.8f}"


@dataclass(eq=False)
class Order:
    account: "Account"
    inst: Instrument
    order_id: int
    client_id: str
    side: str
    type: str
    tif: str
    price: int | None  # ticks
    qty: int  # steps
    time: int
    remaining: int = 0
    executed: int = 0
    cum_quote: Decimal = D0
    status: str = "NEW"
    update_time: int = 0
    reduce_only: bool = False
    post_only: bool = False
    locked: Decimal = D0  # spot: funds still reserved
    fills: list = field(default_factory=list)
    wallet: str = SPOT  # spot or margin: whose balances move and which stream hears about it
    stop_price: int | None = None  # ticks; spot conditional orders (not in the book until triggered)
    trigger_time: int = 0  # when a conditional order's stop was reached (0: not yet)

    @property
    def side_i(self) -> int:
        return BID if self.side == "BUY" else ASK

    @property
    def open(self) -> bool:
        return self.status in ("NEW", "PARTIALLY_FILLED")

    @property
    def working(self) -> bool:
        """In the book (or done with it): not a conditional order waiting for its stop."""
        return self.stop_price is None or self.trigger_time > 0


@dataclass
class Position:
    amount: Decimal = D0  # contracts (usdm: base qty), signed
    entry: Decimal = D0
    realized: Decimal = D0


class Account:
    def __init__(self, name: str) -> None:
        self.name = name
        self.wallets: dict[str, dict[str, list[Decimal]]] = {
            SPOT: {a: [Decimal(v), D0] for a, v in START_SPOT.items()},
            MARGIN: {a: [Decimal(v), D0] for a, v in START_MARGIN.items()},
        }
        self.spot = self.wallets[SPOT]
        self.wallet: dict[str, dict[str, Decimal]] = {
            USDM: {a: Decimal(v) for a, v in START_USDM.items()},
            COINM: {a: Decimal(v) for a, v in START_COINM.items()},
        }
        self.positions: dict[tuple[str, str], Position] = {}
        self.orders: dict[tuple[str, int], Order] = {}
        self.by_client: dict[tuple[str, str, str], Order] = {}
        self.trades: list[dict] = []
        self.leverage: dict[tuple[str, str], int] = {}
        self.margin_type: dict[tuple[str, str], str] = {}  # (market, symbol) -> "isolated"; cross otherwise
        self.isolated_wallet: dict[tuple[str, str], Decimal] = {}  # margin added to isolated positions
        self.dual_side: dict[str, bool] = {}  # market -> hedge mode
        self.deposits: list[dict] = []  # deposit history (sapi capital/deposit/hisrec)
        self.update_time = 0

    def bal(self, asset: str, wallet: str = SPOT) -> list[Decimal]:
        """``[free, locked]`` of ``asset`` in the spot or margin wallet."""
        return self.wallets[wallet].setdefault(asset, [D0, D0])

    def position(self, market: str, symbol: str) -> Position:
        return self.positions.setdefault((market, symbol), Position())


class Engine:
    """Order entry, cancel, amend and query for all accounts and market types."""

    def __init__(self, core, emit) -> None:
        self.core = core
        self.emit = emit
        self.accounts: dict[str, Account] = {}
        self._ids = {m: itertools.count(7_000_000 + i * 1_000_000) for i, m in enumerate((SPOT, USDM, COINM))}
        self._cids = itertools.count(1)
        self.stops: list[Order] = []  # conditional orders waiting for their stop price
        self.trigger_hooks: list = []  # more per-tick checks (the REST algo service's)

    def account(self, name: str = "default") -> Account:
        acc = self.accounts.get(name)
        if acc is None:
            acc = self.accounts[name] = Account(name)
        return acc

    # ------------------------------------------------------------ helpers
    def _inst(self, market: str, symbol) -> Instrument:
        if symbol is None or symbol == "":
            raise missing("symbol")
        inst = self.core.instruments[market].get(str(symbol))
        if inst is None:
            raise BinanceError(-1121)
        return inst

    def _model(self, inst: Instrument) -> MarketModel:
        return self.core.models[inst.market][inst.symbol]

    @staticmethod
    def _notional(inst: Instrument, price: int, qty: int) -> Decimal:
        """Quote value (spot/usdm) or coin value (coinm) of ``qty`` at ``price``."""
        p = Decimal(inst.px(price))
        q = Decimal(inst.qty(qty))
        if inst.market == COINM:
            return q * inst.contract_size / p
        return p * q

    def _new_client_id(self) -> str:
        return f"sim{next(self._cids):012d}"

    # ------------------------------------------------------------ placing
    def place(self, acc: Account, market: str, params: dict, now: int, test: bool = False,
              wallet: str = SPOT) -> dict:
        """Validate and execute a new order; returns the Binance response body.

        ``wallet="margin"`` trades a spot book with the margin wallet's balances.
        """
        inst = self._inst(market, params.get("symbol"))
        side = str(params.get("side", "")).upper()
        if not side:
            raise missing("side")
        if side not in ("BUY", "SELL"):
            raise BinanceError(-1117)
        otype = str(params.get("type", "")).upper()
        if not otype:
            raise missing("type")
        types = SPOT_TYPES | SPOT_STOP_TYPES if market == SPOT else FUT_TYPES
        if otype not in types:
            if otype in ("STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET"):
                raise BinanceError(-4120, "Order type not supported for this endpoint. Please use the Algo Order "
                                          "API endpoints instead.")
            raise BinanceError(-1116)
        tif = params.get("timeInForce")
        tif = str(tif).upper() if tif not in (None, "") else None
        stop = None
        if otype in SPOT_STOP_TYPES:
            raw = params.get("stopPrice")
            if raw in (None, ""):
                if params.get("trailingDelta") not in (None, ""):
                    raise BinanceError(-1020, "Trailing stop orders are not supported by the simulator.")
                raise missing("stopPrice")
            stop = inst.parse_px(raw) if _is_number(raw) else None
            if stop is None or stop <= 0:
                raise BinanceError(-1013, None, "PRICE_FILTER")
        if market != SPOT:
            self._check_position_side(acc, market, params)
        if otype in ("LIMIT", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"):
            if tif is None:
                if market == SPOT:
                    raise missing("timeInForce")
                tif = "GTC"
            if tif not in (TIFS if market == SPOT else FUT_TIFS):
                raise BinanceError(-1115)
        elif otype == "LIMIT_MAKER":
            tif = "GTC"
        else:
            if tif is not None and otype == "MARKET":
                raise BinanceError(-1106, None, "timeInForce")
            tif = "GTC"
        price = None
        if otype in ("LIMIT", "LIMIT_MAKER", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"):
            raw = params.get("price")
            if raw in (None, ""):
                raise missing("price")
            if not _is_number(raw):
                raise BinanceError(-1100, None, "price", "^([0-9]{1,20})(\\.[0-9]{1,20})?$")
            price = inst.parse_px(raw)
            if price is None or price <= 0:  # off the tick grid, zero or negative
                if market == SPOT:
                    raise BinanceError(-1013, None, "PRICE_FILTER")
                raise BinanceError(-4014, "Price not increased by tick size.")
        elif params.get("price") not in (None, ""):
            raise BinanceError(-1106, None, "price")
        model = self._model(inst)
        raw_qty = params.get("quantity")
        qty = None
        if raw_qty in (None, ""):
            qoq = params.get("quoteOrderQty")
            if market == SPOT and otype == "MARKET" and qoq not in (None, ""):
                best = model.book.best(ASK if side == "BUY" else BID)
                if best is None or not _is_number(qoq) or Decimal(str(qoq)) <= 0:
                    raise BinanceError(-1013, None, "NOTIONAL")
                qty = int(Decimal(str(qoq)) / Decimal(inst.px(best)) / Decimal(inst.qty(1)))
            else:
                raise missing("quantity")
        else:
            qty = inst.parse_qty(raw_qty)
            if qty is None:
                if not _is_number(raw_qty):
                    raise BinanceError(-1100, None, "quantity", "^([0-9]{1,20})(\\.[0-9]{1,20})?$")
                raise BinanceError(-1013, None, "LOT_SIZE") if market == SPOT else BinanceError(-1111, None, "quantity")
        if qty <= 0:
            raise BinanceError(-1013, None, "LOT_SIZE") if market == SPOT else BinanceError(-4003)
        ref_price = price if price is not None else (model.book.best(ASK if side == "BUY" else BID) or model.last_price)
        if market == SPOT:
            min_notional = Decimal("0.0001") if inst.quote == "BTC" else Decimal("5")
            if self._notional(inst, ref_price, qty) < min_notional:
                raise BinanceError(-1013, None, "NOTIONAL")
        elif market == USDM and self._notional(inst, ref_price, qty) < 5 and not _truthy(params.get("reduceOnly")):
            raise BinanceError(-4164, "Order's notional must be no smaller than 5 (unless you choose reduce only).")
        post_only = otype == "LIMIT_MAKER" or tif == "GTX"
        taker_side = BID if side == "BUY" else ASK
        opp = model.book.best(ASK if side == "BUY" else BID)
        if stop is not None:
            # Binance refuses a stop that would trigger at once (-2010) and books it otherwise
            last = model.last_price
            if stop_reached(otype, side, stop, last):
                raise BinanceError(-2010, "Stop price would trigger immediately.")
        if post_only and opp is not None and ((side == "BUY" and price >= opp) or (side == "SELL" and price <= opp)):
            if market == SPOT:
                raise BinanceError(-2010, "Order would immediately match and take.")
            raise BinanceError(-5022)
        cid = params.get("newClientOrderId") or self._new_client_id()
        cid = str(cid)
        if (market, inst.symbol, cid) in acc.by_client and acc.by_client[(market, inst.symbol, cid)].open:
            raise BinanceError(-2010, "Duplicate order sent.") if market == SPOT else BinanceError(-4116, "ClientOrderId is duplicated.")
        # funds
        lock = D0
        if market == SPOT:
            if side == "BUY":
                need_price = price if price is not None else (stop if stop is not None else ref_price)
                lock = self._notional(inst, need_price, qty)
                if otype == "MARKET":
                    lock = lock * Decimal("1.05")
                if acc.bal(inst.quote, wallet)[0] < lock:
                    raise BinanceError(-2010)
            else:
                lock = Decimal(inst.qty(qty))
                if acc.bal(inst.base, wallet)[0] < lock:
                    raise BinanceError(-2010)
        else:
            margin_asset = inst.settle_asset
            if acc.wallet[market].get(margin_asset, D0) <= 0 and not _truthy(params.get("reduceOnly")):
                raise BinanceError(-2019)
        if market != SPOT and _truthy(params.get("reduceOnly")):
            pos = acc.position(market, inst.symbol).amount
            if pos == 0 or (pos > 0) == (side == "BUY") or Decimal(inst.qty(qty)) > abs(pos):
                raise BinanceError(-2022, "ReduceOnly Order is rejected.")
        if test:
            return {}
        order = Order(acc, inst, next(self._ids[market]), cid, side, otype, tif, price, qty, now,
                      remaining=qty, update_time=now, reduce_only=_truthy(params.get("reduceOnly")),
                      post_only=post_only, wallet=wallet if market == SPOT else SPOT, stop_price=stop)
        acc.orders[(market, order.order_id)] = order
        acc.by_client[(market, inst.symbol, cid)] = order
        if market == SPOT and otype != "MARKET":
            order.locked = lock
            b = acc.bal(inst.quote if side == "BUY" else inst.base, wallet)
            b[0] -= lock
            b[1] += lock
        self._report(order, "NEW", now)
        if market == SPOT and otype != "MARKET":
            self._spot_balance_event(acc, [inst.quote if side == "BUY" else inst.base], now, wallet)
        if stop is not None:  # conditional: waits outside the book for the last price to reach its stop
            self.stops.append(order)
            return self._place_response(order, params, now)
        # match
        fok_short = tif == "FOK" and model.book.available(taker_side, price) < qty
        if not fok_short:
            limit = price if otype != "MARKET" else None
            fills = model.execute(taker_side, qty, limit, now, taker=order)
            # execute() has reduced only maker orders; account the taker side here
            for f in fills:
                self._fill(order, f, now, maker=False, trade_id=f.trade_id)
        if order.remaining > 0:
            if otype == "MARKET" or tif in ("IOC", "FOK"):
                self._finish(order, "EXPIRED", now)
            else:
                model.book.add_order(order.side_i, order.price, order)
        return self._place_response(order, params, now)

    def _place_response(self, order: Order, params: dict, now: int) -> dict:
        market = order.inst.market
        resp = str(params.get("newOrderRespType") or "").upper()
        if market == SPOT and resp == "ACK":
            return {"symbol": order.inst.symbol, "orderId": order.order_id, "orderListId": -1,
                    "clientOrderId": order.client_id, "transactTime": now}
        if market == SPOT and resp == "RESULT":
            return self.order_response(order)
        return self.order_response(order, full=market == SPOT)

    @staticmethod
    def _check_position_side(acc: Account, market: str, params: dict) -> None:
        """One-way mode takes ``positionSide`` BOTH (or none); hedge mode needs LONG/SHORT,
        which the simulator does not book (one position per symbol)."""
        ps = str(params.get("positionSide") or "").upper()
        if ps not in ("", "BOTH", "LONG", "SHORT"):
            raise BinanceError(-4060, "Invalid position side.")
        if acc.dual_side.get(market, False):
            if ps in ("", "BOTH"):
                raise BinanceError(-4061, "Order's position side does not match user's setting.")
            raise BinanceError(-1020, "Hedge-mode orders are not supported by the simulator.")
        if ps in ("LONG", "SHORT"):
            raise BinanceError(-4061, "Order's position side does not match user's setting.")

    # ------------------------------------------------------------ conditional orders
    def check_triggers(self, now: int) -> None:
        """Start the conditional orders whose stop the last price has reached (called every tick)."""
        if self.stops:
            self.stops = [o for o in self.stops if o.open]
            # every stop the price has reached starts, in placement order, before any of them trades
            due = [o for o in self.stops
                   if stop_reached(o.type, o.side, o.stop_price, self._model(o.inst).last_price)]
            for o in due:
                self.stops.remove(o)
                self._trigger(o, now)
        for hook in self.trigger_hooks:
            hook(now)

    def _trigger(self, o: Order, now: int) -> None:
        """A spot STOP_LOSS/TAKE_PROFIT becomes a market order, a *_LIMIT one a limit order."""
        o.trigger_time = o.update_time = now
        model = self._model(o.inst)
        if o.price is None and o.locked > 0:  # market: funds are taken as it fills
            b = o.account.bal(o.inst.quote if o.side == "BUY" else o.inst.base, o.wallet)
            b[1] -= o.locked
            b[0] += o.locked
            o.locked = D0
        fok_short = o.tif == "FOK" and model.book.available(o.side_i, o.price) < o.remaining
        if not fok_short:
            for f in model.execute(o.side_i, o.remaining, o.price, now, taker=o):
                self._fill(o, f, now, maker=False, trade_id=f.trade_id)
        if o.remaining > 0:
            if o.price is None or o.tif in ("IOC", "FOK"):
                self._finish(o, "EXPIRED", now)
            else:
                model.book.add_order(o.side_i, o.price, o)

    # ------------------------------------------------------------ fills
    def on_maker_fill(self, order: Order, f: Fill, trade: Trade) -> None:
        """Called by the market model when its flow hits a resting client order."""
        order.remaining += f.qty  # book.take already reduced it; _fill reduces again
        self._fill(order, f, trade.time, maker=True, trade_id=trade.id)

    def _fill(self, order: Order, f: Fill, now: int, maker: bool, trade_id: int) -> None:
        inst = order.inst
        acc = order.account
        market = inst.market
        qty = f.qty
        order.remaining -= qty
        order.executed += qty
        notional = self._notional(inst, f.price, qty)
        order.cum_quote += notional
        fee_rate = FEES[market][0 if maker else 1]
        changed = []
        if market == SPOT:
            if order.side == "BUY":
                if order.price is not None:
                    release = self._notional(inst, order.price, qty)
                    order.locked -= release
                    q = acc.bal(inst.quote, order.wallet)
                    q[1] -= release
                    q[0] += release - notional
                else:
                    acc.bal(inst.quote, order.wallet)[0] -= notional
                fee = Decimal(inst.qty(qty)) * fee_rate
                acc.bal(inst.base, order.wallet)[0] += Decimal(inst.qty(qty)) - fee
                fee_asset = inst.base
            else:
                if order.price is not None:
                    release = Decimal(inst.qty(qty))
                    order.locked -= release
                    acc.bal(inst.base, order.wallet)[1] -= release
                else:
                    acc.bal(inst.base, order.wallet)[0] -= Decimal(inst.qty(qty))
                fee = notional * fee_rate
                acc.bal(inst.quote, order.wallet)[0] += notional - fee
                fee_asset = inst.quote
            changed = [inst.base, inst.quote]
        else:
            fee = notional * fee_rate
            fee_asset = inst.settle_asset
            pos = acc.position(market, inst.symbol)
            signed = Decimal(inst.qty(qty)) * (1 if order.side == "BUY" else -1)
            price = Decimal(inst.px(f.price))
            realized = D0
            if pos.amount == 0 or (pos.amount > 0) == (signed > 0):
                total = pos.amount + signed
                pos.entry = (pos.entry * abs(pos.amount) + price * abs(signed)) / abs(total)
                pos.amount = total
            else:
                closing = min(abs(signed), abs(pos.amount))
                direction = 1 if pos.amount > 0 else -1
                if market == USDM:
                    realized = closing * (price - pos.entry) * direction
                else:
                    realized = closing * inst.contract_size * (1 / pos.entry - 1 / price) * direction
                rest = pos.amount + signed
                if rest != 0 and (rest > 0) != (pos.amount > 0):
                    pos.entry = price
                elif rest == 0:
                    pos.entry = D0
                pos.amount = rest
            pos.realized += realized
            w = acc.wallet[market]
            w[fee_asset] = w.get(fee_asset, D0) + realized - fee
            order.realized = realized
        order.status = "FILLED" if order.remaining == 0 else "PARTIALLY_FILLED"
        order.update_time = now
        trade = {"inst": inst, "order": order, "id": trade_id, "price": f.price, "qty": qty,
                 "quote": notional, "fee": fee, "fee_asset": fee_asset, "time": now, "maker": maker,
                 "realized": D0 if market == SPOT else realized}
        order.fills.append(trade)
        acc.trades.append(trade)
        self._report(order, "TRADE", now, trade)
        if market == SPOT:
            self._spot_balance_event(acc, changed, now, order.wallet)
        else:
            self._futures_account_event(acc, inst, now)

    def _finish(self, order: Order, status: str, now: int) -> None:
        order.status = status
        order.update_time = now
        inst = order.inst
        if inst.market == SPOT and order.locked > 0:
            acc = order.account
            b = acc.bal(inst.quote if order.side == "BUY" else inst.base, order.wallet)
            b[1] -= order.locked
            b[0] += order.locked
            order.locked = D0
            self._report(order, "CANCELED" if status == "CANCELED" else "EXPIRED", now)
            self._spot_balance_event(acc, [inst.quote if order.side == "BUY" else inst.base], now, order.wallet)
        else:
            self._report(order, "CANCELED" if status == "CANCELED" else "EXPIRED", now)

    # ------------------------------------------------------------ cancel / amend
    def find(self, acc: Account, market: str, params: dict) -> Order:
        inst = self._inst(market, params.get("symbol"))
        oid = params.get("orderId")
        cid = params.get("origClientOrderId")
        if oid in (None, "") and cid in (None, ""):
            raise BinanceError(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!")
        order = None
        if oid not in (None, ""):
            try:
                order = acc.orders.get((market, int(oid)))
            except ValueError:
                raise BinanceError(-1100, None, "orderId", "^[0-9]{1,20}$")
        elif cid not in (None, ""):
            order = acc.by_client.get((market, inst.symbol, str(cid)))
        if order is None or order.inst.symbol != inst.symbol:
            raise BinanceError(-2013)
        return order

    def cancel(self, acc: Account, market: str, params: dict, now: int) -> dict:
        try:
            order = self.find(acc, market, params)
        except BinanceError as e:
            if e.code == -2013:
                raise BinanceError(-2011)
            raise
        if not order.open:
            raise BinanceError(-2011)
        self._model(order.inst).book.remove_order(order.side_i, order.price, order)
        self._finish(order, "CANCELED", now)
        body = self.order_response(order)
        if market == SPOT:
            body = {"symbol": order.inst.symbol, "origClientOrderId": order.client_id,
                    "orderId": order.order_id, "orderListId": -1,
                    "clientOrderId": str(params.get("newClientOrderId") or self._new_client_id()),
                    "transactTime": now, **{k: v for k, v in body.items()
                                            if k not in ("symbol", "orderId", "orderListId", "clientOrderId",
                                                         "transactTime", "fills", "workingTime")}}
        return body

    def cancel_all(self, acc: Account, market: str, params: dict, now: int) -> list[dict]:
        inst = self._inst(market, params.get("symbol"))
        out = []
        for o in list(acc.orders.values()):
            if o.inst is inst and o.open:
                out.append(self.cancel(acc, market, {"symbol": inst.symbol, "orderId": o.order_id}, now))
        return out

    def modify(self, acc: Account, market: str, params: dict, now: int) -> dict:
        """Futures ``order.modify``: new price/quantity, same id, back of the queue."""
        order = self.find(acc, market, params)
        if not order.open or order.type != "LIMIT":
            raise BinanceError(-2013) if not order.open else BinanceError(-1020)
        inst = order.inst
        price = inst.parse_px(params.get("price")) if params.get("price") not in (None, "") else order.price
        qty = inst.parse_qty(params.get("quantity")) if params.get("quantity") not in (None, "") else order.qty
        if price is None or price <= 0:
            raise BinanceError(-4014, "Price not increased by tick size.")
        if qty is None or qty <= order.executed:
            raise BinanceError(-4003)
        model = self._model(inst)
        model.book.remove_order(order.side_i, order.price, order)
        order.price, order.qty = price, qty
        order.remaining = qty - order.executed
        order.update_time = now
        self._report(order, "AMENDMENT", now)
        fills = model.execute(order.side_i, order.remaining, price, now, taker=order)
        for f in fills:
            self._fill(order, f, now, maker=False, trade_id=f.trade_id)
        if order.remaining > 0:
            model.book.add_order(order.side_i, order.price, order)
        return self.order_response(order)

    # ------------------------------------------------------------ renderings
    def order_response(self, o: Order, full: bool = False) -> dict:
        inst = o.inst
        px = inst.px(o.price) if o.price is not None else inst.px(0)
        if inst.market == SPOT:
            d = {"symbol": inst.symbol, "orderId": o.order_id, "orderListId": -1, "clientOrderId": o.client_id,
                 "transactTime": o.update_time, "price": px, "origQty": inst.qty(o.qty),
                 "executedQty": inst.qty(o.executed), "origQuoteOrderQty": "0.00000000",
                 "cummulativeQuoteQty": d8(o.cum_quote), "status": o.status, "timeInForce": o.tif,
                 "type": o.type, "side": o.side,
                 "workingTime": (o.trigger_time or -1) if o.stop_price is not None else
                 (-1 if o.type == "MARKET" and not o.executed else o.time),
                 "selfTradePreventionMode": "EXPIRE_MAKER"}
            if o.stop_price is not None:
                d["stopPrice"] = inst.px(o.stop_price)
            if full:
                d["fills"] = [{"price": inst.px(t["price"]), "qty": inst.qty(t["qty"]),
                               "commission": d8(t["fee"]), "commissionAsset": t["fee_asset"],
                               "tradeId": t["id"]} for t in o.fills if not t["maker"]]
            return d
        avg = (o.cum_quote / Decimal(inst.qty(o.executed))) if o.executed and inst.market == USDM else D0
        if inst.market == COINM and o.executed:
            avg = Decimal(inst.qty(o.executed)) * inst.contract_size / o.cum_quote
        d = {"orderId": o.order_id, "symbol": inst.symbol}
        if inst.market == COINM:
            d["pair"] = inst.pair
        d.update({"status": o.status, "clientOrderId": o.client_id, "price": px,
                  "avgPrice": f"{avg:.{max(inst.price_scale, 2)}f}" if o.executed else "0.00",
                  "origQty": inst.qty(o.qty), "executedQty": inst.qty(o.executed), "cumQty": inst.qty(o.executed)})
        d["cumBase" if inst.market == COINM else "cumQuote"] = d8(o.cum_quote)
        d.update({"timeInForce": o.tif, "type": o.type, "reduceOnly": o.reduce_only, "closePosition": False,
                  "side": o.side, "positionSide": "BOTH", "stopPrice": "0", "workingType": "CONTRACT_PRICE",
                  "priceProtect": False, "origType": o.type, "priceMatch": "NONE",
                  "selfTradePreventionMode": "EXPIRE_MAKER", "goodTillDate": 0, "updateTime": o.update_time})
        return d

    def order_status(self, o: Order) -> dict:
        """The shape of order queries (``order.status``, openOrders, allOrders)."""
        if o.inst.market != SPOT:
            d = self.order_response(o)
            d["time"] = o.time
            return d
        inst = o.inst
        return {"symbol": inst.symbol, "orderId": o.order_id, "orderListId": -1, "clientOrderId": o.client_id,
                "price": inst.px(o.price or 0), "origQty": inst.qty(o.qty), "executedQty": inst.qty(o.executed),
                "cummulativeQuoteQty": d8(o.cum_quote), "status": o.status, "timeInForce": o.tif,
                "type": o.type, "side": o.side,
                "stopPrice": inst.px(o.stop_price) if o.stop_price is not None else "0.00000000",
                "icebergQty": "0.00000000", "time": o.time, "updateTime": o.update_time,
                "isWorking": o.open and o.working,
                "workingTime": (o.trigger_time or -1) if o.stop_price is not None else o.time,
                "origQuoteOrderQty": "0.00000000", "selfTradePreventionMode": "EXPIRE_MAKER"}

    def my_trade(self, t: dict) -> dict:
        inst: Instrument = t["inst"]
        o: Order = t["order"]
        if inst.market == SPOT:
            return {"symbol": inst.symbol, "id": t["id"], "orderId": o.order_id, "orderListId": -1,
                    "price": inst.px(t["price"]), "qty": inst.qty(t["qty"]), "quoteQty": d8(t["quote"]),
                    "commission": d8(t["fee"]), "commissionAsset": t["fee_asset"], "time": t["time"],
                    "isBuyer": o.side == "BUY", "isMaker": t["maker"], "isBestMatch": True}
        d = {"symbol": inst.symbol, "id": t["id"], "orderId": o.order_id, "side": o.side,
             "price": inst.px(t["price"]), "qty": inst.qty(t["qty"]),
             "realizedPnl": d8(t.get("realized", D0)),
             "marginAsset": inst.settle_asset,
             "commission": d8(t["fee"]), "commissionAsset": t["fee_asset"], "time": t["time"],
             "positionSide": "BOTH", "buyer": o.side == "BUY", "maker": t["maker"]}
        d["baseQty" if inst.market == COINM else "quoteQty"] = d8(t["quote"])
        if inst.market == COINM:
            d["pair"] = inst.pair
        return d

    # ------------------------------------------------------------ balances views
    def spot_balances(self, acc: Account, wallet: str = SPOT) -> list[dict]:
        return [{"asset": a, "free": d8(v[0]), "locked": d8(v[1])} for a, v in sorted(acc.wallets[wallet].items())]

    def futures_balances(self, acc: Account, market: str, now: int) -> list[dict]:
        out = []
        for a, w in sorted(acc.wallet[market].items()):
            upnl = self._unrealized(acc, market, a)
            iso = sum((v for (m, s), v in acc.isolated_wallet.items()
                       if m == market and self.core.instruments[m][s].settle_asset == a), D0)
            row = {"accountAlias": "SgsR", "asset": a, "balance": d8(w), "crossWalletBalance": d8(w - iso),
                   "crossUnPnl": d8(upnl), "availableBalance": d8(w - iso + upnl), "maxWithdrawAmount": d8(w - iso),
                   "marginAvailable": True, "updateTime": now}
            if market == COINM:
                row["withdrawAvailable"] = d8(w)
            out.append(row)
        return out

    def _unrealized(self, acc: Account, market: str, asset: str) -> Decimal:
        total = D0
        for (m, sym), pos in acc.positions.items():
            if m != market or pos.amount == 0:
                continue
            inst = self.core.instruments[m][sym]
            if inst.settle_asset != asset:
                continue
            mark = Decimal(inst.px(self._model(inst).mark_price()))
            if m == USDM:
                total += pos.amount * (mark - pos.entry)
            else:
                total += pos.amount * inst.contract_size * (1 / pos.entry - 1 / mark)
        return total

    def position_rows(self, acc: Account, market: str, symbol: str | None, now: int) -> list[dict]:
        out = []
        for sym, inst in self.core.instruments[market].items():
            if symbol and sym != symbol:
                continue
            pos = acc.positions.get((market, sym), Position())
            if symbol is None and pos.amount == 0:
                continue
            mark = Decimal(inst.px(self._model(inst).mark_price()))
            if pos.amount == 0:
                upnl = D0
            elif market == USDM:
                upnl = pos.amount * (mark - pos.entry)
            else:
                upnl = pos.amount * inst.contract_size * (1 / pos.entry - 1 / mark)
            notional = pos.amount * mark if market == USDM else (
                pos.amount * inst.contract_size / mark if mark else D0)
            lev = acc.leverage.get((market, sym), 20)
            mtype = acc.margin_type.get((market, sym), "cross")
            iso_wallet = acc.isolated_wallet.get((market, sym), D0) if mtype == "isolated" else D0
            row = {"symbol": sym, "positionSide": "BOTH", "positionAmt": f"{pos.amount:f}",
                   "entryPrice": f"{pos.entry:f}", "breakEvenPrice": f"{pos.entry:f}",
                   "markPrice": f"{mark:f}", "unRealizedProfit": d8(upnl),
                   "liquidationPrice": "0",
                   "isolatedMargin": d8(iso_wallet + upnl) if mtype == "isolated" else "0",
                   "notional": d8(notional), "marginAsset": inst.settle_asset,
                   "isolatedWallet": d8(iso_wallet) if mtype == "isolated" else "0",
                   "initialMargin": d8(abs(notional) / lev), "maintMargin": d8(abs(notional) * Decimal("0.004")),
                   "positionInitialMargin": d8(abs(notional) / lev), "openOrderInitialMargin": "0",
                   "adl": 0, "bidNotional": "0", "askNotional": "0", "updateTime": now,
                   "leverage": str(lev), "marginType": mtype, "isAutoAddMargin": "false",
                   "maxNotionalValue": "10000000" if market == USDM else "0"}
            if market == COINM:
                row["maxQty"] = "1000"
            out.append(row)
        return out

    # ------------------------------------------------------------ events
    def _report(self, o: Order, exec_type: str, now: int, trade: dict | None = None) -> None:
        inst = o.inst
        px = inst.px(o.price) if o.price is not None else inst.px(0)
        last_qty = inst.qty(trade["qty"]) if trade else inst.qty(0)
        last_px = inst.px(trade["price"]) if trade else inst.px(0)
        if inst.market == SPOT:
            ev = {"e": "executionReport", "E": now, "s": inst.symbol, "c": o.client_id, "S": o.side,
                  "o": o.type, "f": o.tif, "q": inst.qty(o.qty), "p": px,
                  "P": inst.px(o.stop_price) if o.stop_price is not None else "0.00000000",
                  "F": "0.00000000", "g": -1, "C": o.client_id if exec_type == "CANCELED" else "",
                  "x": exec_type, "X": o.status, "r": "NONE", "i": o.order_id, "l": last_qty,
                  "z": inst.qty(o.executed), "L": last_px,
                  "n": d8(trade["fee"]) if trade else "0", "N": trade["fee_asset"] if trade else None,
                  "T": now, "t": trade["id"] if trade else -1, "I": 0, "w": o.open and o.type != "MARKET",
                  "m": bool(trade and trade["maker"]), "M": False, "O": o.time, "Z": d8(o.cum_quote),
                  "Y": d8(trade["quote"]) if trade else "0.00000000", "Q": "0.00000000",
                  "W": o.time, "V": "EXPIRE_MAKER"}
            self.emit(o.account, o.wallet, ev)
            return
        avg = "0"
        if o.executed:
            if inst.market == USDM:
                a = o.cum_quote / Decimal(inst.qty(o.executed))
            else:
                a = Decimal(inst.qty(o.executed)) * inst.contract_size / o.cum_quote
            avg = f"{a:.{inst.price_scale + 3}f}"
        od = {"s": inst.symbol, "c": o.client_id, "S": o.side, "o": o.type, "f": o.tif, "q": inst.qty(o.qty),
              "p": px, "ap": avg, "sp": "0", "x": exec_type, "X": o.status, "i": o.order_id,
              "l": last_qty, "z": inst.qty(o.executed), "L": last_px,
              "N": trade["fee_asset"] if trade else inst.settle_asset,
              "n": d8(trade["fee"]) if trade else "0", "T": now, "t": trade["id"] if trade else 0,
              "b": "0", "a": "0", "m": bool(trade and trade["maker"]), "R": o.reduce_only,
              "wt": "CONTRACT_PRICE", "ot": o.type, "ps": "BOTH", "cp": False,
              "rp": d8(getattr(o, "realized", D0)) if trade else "0", "pP": False, "si": 0, "ss": 0,
              "V": "EXPIRE_MAKER", "pm": "NONE", "gtd": 0}
        if inst.market == COINM:
            od["ma"] = inst.settle_asset
        self.emit(o.account, inst.market, {"e": "ORDER_TRADE_UPDATE", "E": now, "T": now, "o": od})

    def _spot_balance_event(self, acc: Account, assets, now: int, wallet: str = SPOT) -> None:
        acc.update_time = now
        rows = [{"a": a, "f": d8(acc.bal(a, wallet)[0]), "l": d8(acc.bal(a, wallet)[1])} for a in dict.fromkeys(assets)]
        self.emit(acc, wallet, {"e": "outboundAccountPosition", "E": now, "u": now, "B": rows})

    def _futures_account_event(self, acc: Account, inst: Instrument, now: int, reason: str = "ORDER") -> None:
        market = inst.market
        a = inst.settle_asset
        w = acc.wallet[market].get(a, D0)
        pos = acc.position(market, inst.symbol)
        mark = Decimal(inst.px(self._model(inst).mark_price()))
        if pos.amount == 0:
            upnl = D0
        elif market == USDM:
            upnl = pos.amount * (mark - pos.entry)
        else:
            upnl = pos.amount * inst.contract_size * (1 / pos.entry - 1 / mark)
        prow = {"s": inst.symbol, "pa": f"{pos.amount:f}", "ep": f"{pos.entry:f}", "bep": f"{pos.entry:f}",
                "cr": d8(pos.realized), "up": d8(upnl), "mt": "cross", "iw": "0", "ps": "BOTH"}
        if market == COINM:
            prow["ma"] = a
        ev = {"e": "ACCOUNT_UPDATE", "E": now, "T": now,
              "a": {"m": reason, "B": [{"a": a, "wb": d8(w), "cw": d8(w), "bc": "0"}], "P": [prow]}}
        if market == COINM:
            ev["i"] = "SfsR"
        self.emit(acc, market, ev)

    def deposit(self, acc: Account, asset: str, amount: Decimal, now: int, wallet: str = SPOT) -> None:
        """Credit a spot (or margin) balance and send ``balanceUpdate`` + ``outboundAccountPosition``;
        a spot deposit joins the account's deposit history."""
        if wallet == SPOT and amount > 0:
            acc.deposits.append({"asset": asset, "amount": amount, "time": now})
        self.credit(acc, asset, amount, now, wallet)

    def credit(self, acc: Account, asset: str, amount: Decimal, now: int, wallet: str = SPOT) -> None:
        """Move a spot (or margin) balance by ``amount`` (negative: debit) with its user-data events."""
        acc.bal(asset, wallet)[0] += amount
        self.emit(acc, wallet, {"e": "balanceUpdate", "E": now, "a": asset, "d": d8(amount), "T": now})
        self._spot_balance_event(acc, [asset], now, wallet)


def stop_reached(otype: str, side: str, stop: int, price: int) -> bool:
    """Whether ``price`` has reached a conditional order's stop: stop-loss buys and take-profit
    sells wait for the price to rise to it, the others for it to fall."""
    rising = otype.startswith("STOP") == (side == "BUY")
    return price >= stop if rising else price <= stop


def _is_number(v) -> bool:
    try:
        return Decimal(str(v)).is_finite()
    except Exception:
        return False


def _truthy(v) -> bool:
    return v is True or str(v).lower() == "true"
