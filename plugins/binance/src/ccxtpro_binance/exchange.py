"""Binance as ``ccxtpro.load("binance")`` gives it: the generated class, plus what the
runtime asks of an exchange that CCXT 4.5.84 does not do.

* **Warm-up** (:meth:`Binance.warm_up_ws`, run by the core's ``warm_up()`` and, with
  ``options["ws"]["warmUp"]``, by ``async with exchange``): the websocket-API
  connection of each account type is opened before the first order; with an Ed25519
  key it is also logged on (``session.logon``), which checks the credentials, so bad
  keys fail here with ``AuthenticationError`` rather than on the first order. With
  ``userData`` the spot user-data subscription (``userDataStream.subscribe.signature``)
  is made too, and a futures listen key fetched.
* **Order outcome unknown** (``create_order_ws``, ``edit_order_ws``,
  ``cancel_order_ws``, ``cancel_all_orders_ws``): every create carries a client order id (the caller's, or
  CCXT's broker prefix and a random suffix, as CCXT's ``createOrderRequest`` makes
  it), and a request whose connection drops before its reply, or whose reply does
  not come within ``timeout``, raises :class:`ccxtpro.outcome.OrderOutcomeUnknown`
  (a ``RequestTimeout``, so a ``NetworkError``) carrying that id and the symbol:
  ``fetch_order(None, symbol, {"clientOrderId": e.client_order_id})`` finds the
  order if Binance took it. Without this, the caller got the bare ``NetworkError``
  of the disconnect and no id to look the order up by (CCXT makes the id inside
  the request), or, when no reply came on a live connection, waited forever. Spot user
  data rides that same connection: once it is subscribed again, the order is fetched and
  handed to ``watch_orders`` (its ``executionReport`` went down with the connection).
"""

from __future__ import annotations

import asyncio
from typing import Any

from ccxtpro import ArrayCacheBySymbolById
from ccxtpro.errors import AuthenticationError, BadRequest, NetworkError, RequestTimeout
from ccxtpro.ws.telemetry import logger
from ccxtpro.outcome import OrderOutcomeUnknown

from .generated.binance import Binance as GeneratedBinance
from .userdata import AUTH_ROUTES

#: account types with a websocket API (CCXT's ``urls['api']['ws']['ws-api']`` keys), by the names users pass
_WS_API_TYPES = {"spot": "spot", "future": "future", "swap": "future", "linear": "future",
                 "delivery": "delivery", "inverse": "delivery"}

#: Binance's answers to a refused ``session.logon``: bad signature, bad or unknown key
_LOGON_REFUSED = ("-1022", "-2014", "-2015")


class Binance(GeneratedBinance):
    """The generated Binance class with the runtime's warm-up and order-outcome hooks."""

    # -- warm-up ---------------------------------------------------------------------

    def _is_ed25519(self) -> bool:
        secret = self.secret or ""
        return "PRIVATE KEY" in secret and len(secret) <= 120  # as CCXT's signParams tells the schemes apart

    async def warm_up_ws(self, params: dict[str, Any]) -> None:
        """Open each account type's websocket-API connection; log on with an Ed25519
        key; with ``userData``, establish the user-data stream. ``types`` (default:
        ``[options["defaultType"]]``) names the account types."""
        types = params.get("types") or [params.get("type") or self.options.get("defaultType") or "spot"]
        if isinstance(types, str):
            types = [types]
        wanted = []
        for name in types:
            account_type = _WS_API_TYPES.get(name)
            if account_type is None:
                raise BadRequest(f"{self.id} warm_up() knows no websocket API for type {name!r}; "
                                 f"one of {sorted(_WS_API_TYPES)}")
            if account_type not in wanted:
                wanted.append(account_type)
        await asyncio.gather(*(self._warm_up_type(t, bool(params.get("userData"))) for t in wanted))

    async def _warm_up_type(self, account_type: str, user_data: bool) -> None:
        url = self.urls["api"]["ws"]["ws-api"][account_type]
        await self.open_connection(url)
        if self.apiKey and self.secret and self._is_ed25519():
            await self._session_logon(url)
        if user_data:
            route = AUTH_ROUTES.get(account_type)
            if route is not None:
                await route.authenticate(self, {})

    async def _session_logon(self, url: str) -> None:
        request_id = str(self.request_id(url))
        message = {"id": request_id, "method": "session.logon", "params": self.sign_params({})}
        try:
            await self.watch_request(url, request_id, message)
        except AuthenticationError:
            raise
        except (BadRequest, NetworkError) as e:
            code = str(getattr(e, "args", [""])[0])
            if any(c in code for c in _LOGON_REFUSED) and not isinstance(e, RequestTimeout):
                raise AuthenticationError(f"{self.id} session.logon refused: {e}") from None
            raise

    # -- order requests whose reply may never come -----------------------------------------

    def _broker_client_order_id(self, market: dict) -> str:
        """A client order id as CCXT's ``createOrderRequest`` makes one: the broker
        prefix of the market's kind, then 22 random characters."""
        broker = self.safe_dict(self.options, "broker", {}) or {}
        if market.get("contract"):
            kind = "swap" if market.get("swap") and market.get("linear") else "inverse"
            default = "x-xcKtGhcu"
        else:
            kind, default = "spot", "x-TKT5PX2F"
        return str(self.safe_string(broker, kind, default)) + self.uuid22()

    async def _order_outcome(self, method: str, symbol: str | None, client_order_id: str | None,
                             order_id: Any, request: Any) -> Any:
        """Await an order request; a drop before the reply, or no reply within
        ``timeout``, becomes :class:`OrderOutcomeUnknown`."""
        task = asyncio.ensure_future(request)
        timeout = self.timeout / 1000 if self.timeout else None
        try:
            return await asyncio.wait_for(task, timeout)
        except (asyncio.TimeoutError, TimeoutError):
            why = f"no reply within {self.timeout} ms"
        except NetworkError as e:
            if type(e) not in (NetworkError, RequestTimeout):  # an answer (rate limit, bad nonce…): known outcome
                raise
            why = f"the connection ended before the reply ({e})"
            if client_order_id or order_id:
                self._reconcile_soon(symbol, client_order_id, order_id)
        if client_order_id:
            ref, how = f" (clientOrderId {client_order_id})", "look the order up by its clientOrderId"
        elif order_id is not None:
            ref, how = f" (order id {order_id})", "look the order up by its id"
        else:
            ref, how = "", "fetch the open orders"
        raise OrderOutcomeUnknown(f"{self.id} {method} {symbol}{ref}: outcome unknown, {why}; {how} before "
                                  "sending it again", method=method, symbol=symbol, client_order_id=client_order_id,
                                  order_id=order_id) from None

    def _reconcile_soon(self, symbol: str | None, client_order_id: str | None, order_id: Any) -> None:
        """Spot user data rides the websocket-API connection that just dropped, so the
        order's ``executionReport`` went down with it. Once the runtime has subscribed the
        user-data stream again, the order is fetched and handed to ``watch_orders`` as that
        report would have been. (USD-M and COIN-M user data rides its own listen-key
        connection, which the drop did not touch.)"""
        attempt = self.__dict__.get("_ws_reauth", {}).get("spot")
        if attempt is None or symbol is None or not self.market(symbol).get("spot"):
            return  # no spot user-data stream was established: nobody watches the orders
        tasks: set = self.__dict__.setdefault("_reconcile_tasks", set())
        task = asyncio.ensure_future(self._reconcile(attempt, symbol, client_order_id, order_id))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    async def _reconcile(self, attempt: Any, symbol: str, client_order_id: str | None, order_id: Any) -> None:
        try:
            await asyncio.wait_for(asyncio.shield(attempt), self.timeout / 1000 if self.timeout else None)
            params = {"clientOrderId": client_order_id} if client_order_id else {}
            order = await self.fetch_order(None if client_order_id else order_id, symbol, params)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # nothing to hand over: the caller still has the error to recover with
            logger.debug("%s: reconciling order %s after a drop failed: %s: %s", self.id,
                         client_order_id or order_id, type(e).__name__, self.redactor.text(str(e)))
            return
        url = self.urls["api"]["ws"]["ws-api"]["spot"]
        if self.orders is None:
            self.orders = ArrayCacheBySymbolById(self.safe_integer(self.options, "ordersLimit", 1000))
        known = (self.orders.hashmap.get(order["symbol"]) or {}).get(order["id"])
        if known is not None and (known.get("lastUpdateTimestamp") or 0) >= (order.get("lastUpdateTimestamp") or 0):
            return  # the stream reported this state (or a later one) already
        self.orders.append(order)
        client = self.clients.get(url)
        if client is not None:
            client.resolve(self.orders, "orders")
            client.resolve(self.orders, "orders:" + order["symbol"])

    async def close_ws(self) -> None:
        for task in self.__dict__.pop("_reconcile_tasks", set()):
            task.cancel()
        await super().close_ws()

    async def create_order_ws(self, symbol, type, side, amount, price=None, params=None):
        params = dict(params or {})
        if self.markets is None:
            await self.load_markets()
        market = self.market(symbol)
        client_order_id = self.safe_string_n(params, ["clientAlgoId", "newClientOrderId", "clientOrderId"])
        if client_order_id is None:
            client_order_id = params["clientOrderId"] = self._broker_client_order_id(market)
        return await self._order_outcome("create_order_ws", market["symbol"], client_order_id, None,
                                         super().create_order_ws(symbol, type, side, amount, price, params))

    async def edit_order_ws(self, id, symbol, type, side, amount=None, price=None, params=None):
        params = dict(params or {})
        if self.markets is None:
            await self.load_markets()
        market = self.market(symbol)
        client_order_id = self.safe_string_n(params, ["newClientOrderId", "clientOrderId", "origClientOrderId"])
        if client_order_id is None and market.get("spot"):  # a spot edit places a new order: name it
            client_order_id = params["newClientOrderId"] = self._broker_client_order_id(market)
        return await self._order_outcome("edit_order_ws", market["symbol"], client_order_id, id,
                                         super().edit_order_ws(id, symbol, type, side, amount, price, params))

    async def cancel_order_ws(self, id, symbol=None, params=None):
        params = dict(params or {})
        client_order_id = self.safe_string_n(params, ["clientAlgoId", "origClientOrderId", "clientOrderId"])
        return await self._order_outcome("cancel_order_ws", symbol, client_order_id, id,
                                         super().cancel_order_ws(id, symbol, params))

    async def cancel_all_orders_ws(self, symbol=None, params=None):
        return await self._order_outcome("cancel_all_orders_ws", symbol, None, None,
                                         super().cancel_all_orders_ws(symbol, params))

    createOrderWs = create_order_ws
    editOrderWs = edit_order_ws
    cancelOrderWs = cancel_order_ws
    cancelAllOrdersWs = cancel_all_orders_ws
