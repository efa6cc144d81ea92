"""CCXT Pro's websocket API on an exchange: ``watch``, clients, dispatch,
introspection, telemetry and ``stream_*`` iterators.

:class:`WsMixin` is inherited by :class:`ccxtpro.Exchange`; it keeps all its
state in one lazily created :class:`~ccxtpro.ws.manager.ConnectionManager`,
so it needs nothing from the exchange's ``__init__``. It reads what CCXT
exchanges declare: ``id``, ``options`` (``options["ws"]``), ``streaming``
(``keepAlive``, ``maxPingPongMisses``, ``connectionTimeout``), ``verbose``,
``timeout``, ``redactor`` and an optional ``ping(client)`` for text pings.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from typing import Any

from .._core.dispatch import RouteError, RouteTable
from .._core import CountedOrderBook, IndexedOrderBook, OrderBook
from ..errors import (
    ArgumentsRequired,
    BadRequest,
    ExchangeClosedByUser,
    NotSupported,
    RequestTimeout,
    UnsubscribeError,
)
from ..wiring import EMPTY
from .backlog import streaming
from .client import WsClient
from .future import Future
from .manager import ConnectionManager
from .rotation import RotationPolicy, is_request
from .streams import StreamMethod, WatchStream, bind_stream, stream_method, stream_names
from .telemetry import Handler, logger

_MANAGER = "_ws_manager"

#: the default ``options["ws"]["maxConnectionAge"]``: 23.5 h, half an hour under the 24 h limit
DEFAULT_MAX_CONNECTION_AGE_MS = 23.5 * 3600 * 1000


#: CCXT's per-instance websocket state: dicts keyed by symbol (or account)…
_WS_DICTS = ("balance", "orderbooks", "fundingRates", "tickers", "bidsasks", "trades", "transactions", "ohlcvs")
#: …and caches created by the first update.
_WS_LAZY = ("liquidations", "myLiquidations", "orders", "triggerOrders", "myTrades", "positions")


class WsMixin:
    """Websocket runtime of an exchange; see the module docstring."""

    newUpdates = True
    balance: Any = None
    orderbooks: Any = None
    fundingRates: Any = None
    tickers: Any = None
    bidsasks: Any = None
    trades: Any = None
    transactions: Any = None
    ohlcvs: Any = None
    liquidations: Any = None
    myLiquidations: Any = None
    orders: Any = None
    triggerOrders: Any = None
    myTrades: Any = None
    positions: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in _WS_DICTS:
            if getattr(self, name, None) is None:
                setattr(self, name, {})

    def clean_ws_data(self) -> None:
        """Forget every cached stream result (CCXT's ``clean_ws_data``)."""
        for name in _WS_DICTS:
            setattr(self, name, {})
        for name in _WS_LAZY:
            setattr(self, name, None)

    # -- state -------------------------------------------------------------------

    @property
    def ws_manager(self) -> ConnectionManager:
        """The connection manager of this instance (created on first use)."""
        manager = self.__dict__.get(_MANAGER)
        if manager is None:
            manager = self._ws_create_manager()
            self.__dict__[_MANAGER] = manager
        return manager

    def _ws_option(self, key: str, default: Any = None) -> Any:
        options = getattr(self, "options", None) or {}
        ws = options.get("ws") if isinstance(options, dict) else None
        if isinstance(ws, dict) and key in ws:
            return ws[key]
        return default

    def _ws_create_manager(self) -> ConnectionManager:
        dispatcher = self.ws_dispatcher
        on_message: Callable[[Any, Any], Any]
        on_raw = None
        if dispatcher.table.routes or type(self).handle_message is WsMixin.handle_message:
            # frames go straight into the route table; an exchange that also
            # overrides handle_message reaches it through a fallback route
            on_message = dispatcher.dispatch
            on_raw = dispatcher.raw  # a plugin's taker of undecoded frames (``raw_frame``), if any
        else:
            on_message = self.handle_message
        on_text = dispatcher.dispatch_text
        reconnect = self._ws_option("reconnect", {}) or {}
        redactor = getattr(self, "redactor", None)
        return ConnectionManager(
            on_message=on_message,
            on_text=on_text,
            on_raw=on_raw,
            client_options=self._ws_client_options,
            reconnect_options={_RECONNECT_KEYS[k]: v for k, v in reconnect.items() if k in _RECONNECT_KEYS},
            redactor=redactor,
            on_connected=self.on_connected,
            on_closed=self._ws_connection_lost,
        )

    def _ws_client_options(self, url: str) -> dict[str, Any]:
        streaming = getattr(self, "streaming", None) or {}
        ping = getattr(self, "ping", None)
        return {
            "keepalive_ms": streaming.get("keepAlive", 30_000),
            "max_pong_misses": streaming.get("maxPingPongMisses", 2.0),
            "connect_timeout_ms": streaming.get("connectionTimeout", 10_000),
            "ping": ping if callable(ping) else None,
            "options": self._ws_option("options", {}) or {},
            "rate_limit_ms": getattr(self, "rateLimit", 0) if getattr(self, "enableRateLimit", False) else 0,
            "rate_capacity": (getattr(self, "tokenBucket", None) or {}).get("capacity", 1.0),
            "send_cost": self._ws_option("cost", 1),
            "stale_floor_ms": self._ws_option("staleAfter", 10_000) or 0,
            "stale_factor": self._ws_option("staleFactor", 20.0),
            "transport": self._ws_option("transport"),
            "rotation": self._ws_rotation_policy(),
        }

    def _ws_rotation_policy(self) -> RotationPolicy | None:
        """Planned reconnects (:mod:`ccxtpro.ws.rotation`): ``options["ws"]["maxConnectionAge"]``
        ms (default 23.5 h, under the usual 24 h limit; 0 disables) and
        ``rotationOverlap`` ms (1000), the time both connections run before the switch."""
        max_age = self._ws_option("maxConnectionAge", DEFAULT_MAX_CONNECTION_AGE_MS) or 0
        if max_age <= 0:
            return None
        overlap = self._ws_option("rotationOverlap", 1000)
        return RotationPolicy(max_age_ms=max_age, overlap_ms=overlap, reply_paths=self._ws_reply_paths(),
                              retry_ms=min(60_000.0, max(max_age / 10, 100.0)))

    def _ws_reply_paths(self) -> tuple[str, ...]:
        """Where frames carry a request id: the paths of the exchange's ``request_id`` routes."""
        paths = self.__dict__.get("_ws_reply_path_cache")
        if paths is None:
            paths = self.__dict__["_ws_reply_path_cache"] = tuple(
                r["path"] for r in self.ws_routes()
                if isinstance(r, dict) and r.get("request_id") and isinstance(r.get("path"), str))
        return paths

    @property
    def clients(self) -> dict[str, WsClient]:
        """URL -> live client (CCXT's ``exchange.clients``)."""
        return self.ws_manager.clients

    @clients.setter
    def clients(self, value: dict[str, WsClient]) -> None:
        # CCXT code resets it with ``self.clients = {}``; keep the one registry
        registry = self.ws_manager.clients
        if value is not registry:
            registry.clear()
            registry.update(value or {})

    # -- dispatch ----------------------------------------------------------------

    def ws_routes(self) -> list[Any]:
        """The frame routes of this exchange (its wiring: hook ``ccxtpro_channels``)."""
        return list(getattr(self, "wiring", EMPTY).routes)

    def ws_handlers(self) -> dict[str, Any]:
        """Frame handlers of this exchange (its wiring: hook ``ccxtpro_parsers``):
        name -> callable ``(exchange, client, frame)`` standing in for the
        method of that name wherever a route names it."""
        return dict(getattr(self, "wiring", EMPTY).handlers)

    @property
    def ws_dispatcher(self) -> Any:
        """The route table bound to this instance (built once, on first use)."""
        dispatcher = self.__dict__.get("_ws_dispatcher")
        if dispatcher is None:
            routes = list(self.ws_routes())
            for route in routes:
                if isinstance(route, dict) and route.get("fallback") == "handle_message" \
                        and type(self).handle_message is WsMixin.handle_message:
                    raise RouteError(f"{type(self).__name__}: a fallback to handle_message needs an "
                                     "exchange that overrides it (it would route to itself)")
            dispatcher = RouteTable(routes).bind(self, self.ws_handlers())
            self.__dict__["_ws_dispatcher"] = dispatcher
        return dispatcher

    def handle_message(self, client: Any, message: Any) -> Any:
        """Route a decoded frame to its handler through the route table.

        Exchanges may override this; with routes present the table still comes
        first and reaches the override only through a ``fallback`` route."""
        return self.ws_dispatcher.dispatch(client, message)

    def handle_text_message(self, client: Any, text: str) -> bool:
        """Route a text frame that is not JSON; False rejects the connection's
        waiters with ``BadResponse``."""
        return self.ws_dispatcher.dispatch_text(client, text)

    def on_connected(self, client: Any, message: Any = None) -> None:
        """Called when a connection opens (override for per-connection setup)."""

    # -- re-authentication (routes from the wiring: hook ccxtpro_auth_routers) --------

    async def reauthenticate(self, account_type: str, params: Any = None) -> None:
        """Establish ``account_type``'s user-data stream afresh through its auth
        route. Concurrent calls for one type share one attempt."""
        await asyncio.shield(self._ws_reauth_attempt(account_type, dict(params or {})))

    def reauthenticate_soon(self, account_type: str, because: str) -> None:
        """Start re-authenticating ``account_type`` now, in the background. Its
        cached credential is forgotten at once, so a watch made meanwhile cannot
        reuse it. A failure is logged, not raised: the next watch authenticates
        again anyway. Pending attempts end with ``close()``."""
        try:
            task = self._ws_reauth_attempt(account_type, {})
        except NotSupported as e:
            logger.warning("cannot re-authenticate %s (%s): %s", account_type, because, e)
            return

        def report(done: asyncio.Future) -> None:
            if not done.cancelled() and done.exception() is not None:
                error = done.exception()
                logger.warning("re-authenticating %s (%s) failed: %s: %s", account_type, because,
                               type(error).__name__, self.ws_manager.redactor.text(str(error)))

        task.add_done_callback(report)

    def _ws_reauth_attempt(self, account_type: str, params: dict[str, Any]) -> asyncio.Future:
        route = getattr(self, "wiring", EMPTY).auth_routers.get(account_type)
        if route is None:
            raise NotSupported(f"{getattr(self, 'id', '')} has no auth route for {account_type!r} "
                               "(hook ccxtpro_auth_routers)")
        attempts = self.__dict__.setdefault("_ws_reauth", {})
        task = attempts.get(account_type)
        if task is None or task.done():
            route.forget(self)
            task = attempts[account_type] = asyncio.ensure_future(route.authenticate(self, params))
        return task

    def authenticated_types(self, client: Any) -> list[str]:
        """The account types whose user-data streams are lost with ``client``'s connection."""
        out = []
        for account_type, route in getattr(self, "wiring", EMPTY).auth_routers.items():
            try:
                if route.lost_with(self, client):
                    out.append(account_type)
            except Exception:  # a route that cannot tell does not claim the connection
                continue
        return out

    def _ws_connection_lost(self, client: Any, error: BaseException) -> None:
        """A connection ended, not by the user: the user-data streams lost with it
        are established again in the background (the dial waits the URL's
        backoff), so their events keep arriving and the next watch finds them live."""
        for account_type in self.authenticated_types(client):
            self.reauthenticate_soon(account_type, f"lost {client.safe_url}")

    # -- warm-up -----------------------------------------------------------------

    async def warm_up(self, params: Any = None) -> list[str]:
        """Open (and, where the exchange has a way, authenticate) the websocket
        connections the first private requests will use, so the first
        ``create_order_ws`` pays no handshake: markets are loaded, then the
        exchange's :meth:`warm_up_ws` runs. ``params`` (merged over
        ``options["ws"]["warmUp"]`` when that is a dict) are the exchange's:
        e.g. ``{"types": ["spot", "future"], "userData": True}``. Returns the
        live connection URLs, once the send pacing of each has recovered from
        the warm-up's own requests. Bad credentials raise their typed error
        (``AuthenticationError``); a dial that fails raises ``NetworkError``."""
        if getattr(self, "closed_by_user", False):
            raise ExchangeClosedByUser(f"{getattr(self, 'id', '')} instance was closed by the user")
        option = self._ws_option("warmUp")
        settings = dict(option) if isinstance(option, dict) else {}
        settings.update(params or {})
        if getattr(self, "markets", None) is None and callable(getattr(self, "load_markets", None)):
            await self.load_markets()
        await self.warm_up_ws(settings)
        for client in list(self.ws_manager.clients.values()):
            if client.throttle is not None:  # the warm-up's own requests are paid for now, not by the first order
                await client.throttle(0)
        return self.connections()

    async def warm_up_ws(self, params: dict[str, Any]) -> None:
        """The exchange's part of :meth:`warm_up` (plugins override it): open the
        request/response connection(s), authenticate them where the exchange
        supports a session logon, optionally establish user-data streams. The
        base opens nothing."""

    async def open_connection(self, url: str) -> WsClient:
        """Dial ``url`` now (or wait for the dial in progress) and return its open
        client; a failed dial raises its ``NetworkError``."""
        client = self.client(url)
        await asyncio.shield(self.ws_manager.connect(client))
        return client

    # -- CCXT Pro API ------------------------------------------------------------

    def client(self, url: str) -> WsClient:
        if getattr(self, "closed_by_user", False):  # as REST does: reopen with ``async with`` / ``open()``
            raise ExchangeClosedByUser(f"{getattr(self, 'id', '')} instance was closed by the user")
        manager = self.ws_manager
        manager.verbose = bool(getattr(self, "verbose", False))
        return manager.client(url)

    def watch(self, url: str, message_hash: Any, message: Any = None, subscribe_hash: Any = None,
              subscription: Any = None) -> Future:
        """The future for ``message_hash`` on ``url``; connects if needed and
        sends ``message`` once per new ``subscribe_hash``."""
        _check_limit(self, subscription)
        client = self.client(url)
        # a one-shot request (its message carries the subscribe hash as its request id) waits for
        # its reply: never a stream's update, never repeated by a planned reconnect
        request = is_request(message, subscribe_hash, self._ws_reply_paths())
        backlog = streaming.get()
        if backlog is not None and not request:  # a stream_* iterator's call: its own queue of updates
            future = backlog.bind(client, (message_hash,))
        else:
            if subscribe_hash is None:
                pending = client.futures.get(message_hash)
                if pending is not None and not pending.done():
                    return pending
            future = client.future(message_hash)
        new = client.state.subscribe(subscribe_hash, subscription)
        self.ws_manager.connect(client)
        if new and message:
            client.send_soon(message)
        if new and not request:  # a subscription (in the URL when no message): a planned reconnect repeats it
            client.replay[subscribe_hash] = message
        return future

    def watch_multiple(self, url: str, message_hashes: list[Any], message: Any = None,
                       subscribe_hashes: list[Any] | None = None, subscription: Any = None) -> Future:
        """A future settled by the first of ``message_hashes`` to arrive."""
        _check_limit(self, subscription)
        client = self.client(url)
        backlog = streaming.get()
        if backlog is not None:  # a stream_* iterator's call: its own queue, fair across the hashes
            future = backlog.bind(client, message_hashes)
        else:
            future = Future.race([client.future(h) for h in message_hashes])
        missing = False
        if subscribe_hashes is not None:
            for h in subscribe_hashes:
                if client.state.subscribe(h, subscription):
                    missing = True
                    client.replay[h] = message  # for a planned reconnect (ws/rotation.py)
        self.ws_manager.connect(client)
        if missing and message:
            client.send_soon(message)
        return future

    async def watch_request(self, url: str, request_id: Any, message: Any, subscription: Any = None,
                            timeout: float | None = None) -> Any:
        """Send a request/response message and wait for the frame carrying
        ``request_id`` (routed by a ``request_id`` route). ``timeout`` is in
        ms (default: the exchange's ``timeout``); on expiry ``RequestTimeout``
        is raised and the request forgotten."""
        key = str(request_id)
        token = streaming.set(None)  # a request's reply is never a stream's update
        try:
            future = self.watch(url, key, message, key, subscription if subscription is not None else {"id": key})
        finally:
            streaming.reset(token)
        requested = self.clients.get(url)
        if requested is not None:
            requested.replay.pop(key, None)  # a request is never re-sent by a planned reconnect
        ms = timeout if timeout is not None else getattr(self, "timeout", 10_000)
        if not ms:
            return await future
        try:
            return await asyncio.wait_for(asyncio.shield(future), ms / 1000)
        except (asyncio.TimeoutError, TimeoutError):
            client = self.clients.get(url)
            if client is not None:
                client.futures.pop(key, None)
                client.subscriptions.pop(key, None)
            future.cancel()
            raise RequestTimeout(f"{getattr(self, 'id', '')} request {key} on {url} got no reply "
                                 f"within {ms} ms") from None

    def spawn(self, method: Callable[..., Any], *args: Any) -> Future:
        """Run ``method(*args)`` as a task; returns a future of its result."""
        future = Future()

        def done(task: asyncio.Task) -> None:
            if task.cancelled():
                future.cancel()
            elif task.exception() is not None:
                future.reject(task.exception())
            else:
                future.resolve(task.result())

        # a task spawned inside a stream's call (a snapshot fetch) is not part of the stream
        context = contextvars.copy_context()
        context.run(streaming.set, None)
        asyncio.get_running_loop().create_task(method(*args), context=context).add_done_callback(done)
        return future

    def delay(self, timeout: float, method: Callable[..., Any], *args: Any) -> asyncio.TimerHandle:
        """Call ``spawn(method, *args)`` after ``timeout`` ms (a listen-key
        keepalive, a token renewal); ``close()`` cancels timers not yet fired."""
        timers: set[asyncio.TimerHandle] = self.__dict__.setdefault("_ws_timers", set())

        def fire() -> None:
            timers.discard(handle)
            self.spawn(method, *args).add_done_callback(self._ws_delayed_done)

        handle = asyncio.get_running_loop().call_later(timeout / 1000, fire)
        timers.add(handle)
        return handle

    def _ws_delayed_done(self, future: Any) -> None:
        # a timer's call has no caller to raise to: its failure is logged, not left unretrieved
        if not future.cancelled() and future.exception() is not None:
            error = future.exception()
            logger.warning("a delayed call failed: %s: %s", type(error).__name__,
                           self.ws_manager.redactor.text(str(error)))

    def find_message_hashes(self, client: Any, element: str) -> list[Any]:
        """Pending message hashes on ``client`` that contain ``element``."""
        return [h for h in list(client.futures) if isinstance(h, str) and element in h]

    def clean_unsubscription(self, client: Any, sub_hash: Any, unsub_hash: Any,
                             sub_hash_is_prefix: bool = False) -> None:
        """After an unsubscribe is acknowledged: forget the subscription (every
        one starting with ``sub_hash`` when it is a prefix), fail its waiters
        with ``UnsubscribeError``, and resolve the unsubscribe's own waiter."""
        subscriptions, futures = client.subscriptions, client.futures
        if unsub_hash is not None:
            subscriptions.pop(unsub_hash, None)
        if sub_hash is not None:
            if sub_hash_is_prefix:
                matches = lambda key: isinstance(key, str) and key.startswith(sub_hash)  # noqa: E731
            else:
                matches = lambda key: key == sub_hash  # noqa: E731
            for key in [k for k in subscriptions if matches(k)]:
                del subscriptions[key]
            for key in [k for k in futures if matches(k)]:
                client.reject(UnsubscribeError(f"{getattr(self, 'id', '')} {key}"), key)
        client.resolve(True, unsub_hash)

    def clean_cache(self, subscription: Any) -> None:
        """After an unsubscribe: forget the cached results of the topic's symbols
        (or of the whole topic when it names none), as CCXT's ``cleanCache`` does."""
        topic = self.safe_string(subscription, "topic")
        symbols = self.safe_list(subscription, "symbols", []) or []
        if topic == "ohlcv":
            for pair in self.safe_list(subscription, "symbolsAndTimeframes", []) or []:
                symbol, timeframe = self.safe_string(pair, 0), self.safe_string(pair, 1)
                if symbol is None:
                    raise ArgumentsRequired(f"{self.id} cleanCache() requires a symbol argument")
                if timeframe is None:
                    raise ArgumentsRequired(f"{self.id} cleanCache() requires a timeframe argument")
                if self.ohlcvs is not None and timeframe in self.ohlcvs.get(symbol, {}):
                    del self.ohlcvs[symbol][timeframe]
        elif symbols:
            stores = {"trades": self.trades, "orderbook": self.orderbooks,
                      "ticker": self.tickers, "bidsasks": self.bidsasks}
            store = stores.get(topic)
            for symbol in symbols:
                if store is not None:
                    store.pop(symbol, None)
        elif topic == "myTrades":
            self.myTrades = None
        elif topic == "orders":
            self.orders = None
        elif topic == "positions":
            self.positions = None
            for client in list(self.clients.values()):
                if client.futures is not None:
                    client.futures.pop("fetchPositionsSnapshot", None)
        elif topic in ("ticker", "markPrice") and self.tickers is not None:
            self.tickers.clear()

    def order_book(self, snapshot: Any = None, depth: Any = None) -> Any:
        return OrderBook(snapshot if snapshot is not None else {}, depth)

    def indexed_order_book(self, snapshot: Any = None, depth: Any = None) -> Any:
        return IndexedOrderBook(snapshot if snapshot is not None else {}, depth)

    def counted_order_book(self, snapshot: Any = None, depth: Any = None) -> Any:
        return CountedOrderBook(snapshot if snapshot is not None else {}, depth)

    # -- introspection -----------------------------------------------------------

    def connections(self) -> list[str]:
        """URLs with a live (connecting or open) client."""
        return self.ws_manager.connections()

    def connection_info(self, url: str) -> dict[str, Any] | None:
        """State, counters, pending hashes and subscriptions of ``url``'s
        client, or how the last one ended; ``None`` if never connected."""
        return self.ws_manager.connection_info(url)

    async def close_connection(self, url: str) -> bool:
        """Close ``url``'s client (its waiters fail with ExchangeClosedByUser);
        False if there was none."""
        return await self.ws_manager.close_connection(url)

    async def close_ws(self) -> None:
        """Close every websocket client (called by ``Exchange.close()``)."""
        for task in self.__dict__.get("_ws_reauth", {}).values():
            task.cancel()
        for timer in self.__dict__.pop("_ws_timers", ()):
            timer.cancel()
        manager = self.__dict__.get(_MANAGER)
        if manager is not None:
            await manager.close_all()

    def on_event(self, handler: Handler, types: Any = None) -> Handler:
        """Attach a telemetry handler, called with each :class:`WsEvent` (of
        ``types`` only, if given)."""
        return self.ws_manager.telemetry.add(handler, types)

    def off_event(self, handler: Handler) -> None:
        self.ws_manager.telemetry.remove(handler)

    # -- streams -----------------------------------------------------------------

    def watch_stream(self, method: str, *args: Any, max_retries: int | None = None, queue_size: int | None = None,
                     overflow: str | None = None, **kwargs: Any) -> WatchStream:
        """An async iterator repeating ``method`` (a watch method's name, e.g.
        ``"watch_ticker"``) across reconnects; see :mod:`ccxtpro.ws.streams`.
        Defaults: ``options["ws"]`` ``streamMaxRetries`` (25), ``streamQueueSize``
        (100 000 updates) and ``streamOverflow`` (``"raise"``)."""
        if max_retries is None:
            max_retries = self._ws_option("streamMaxRetries", 25)
        if queue_size is None:
            queue_size = self._ws_option("streamQueueSize", 100_000)
        if overflow is None:
            overflow = self._ws_option("streamOverflow", "raise")
        return WatchStream(self, method, args, kwargs, max_retries, queue_size, overflow)

    def __getattr__(self, name: str) -> Any:
        # stream_<x>(...) is watch_stream("watch_<x>", ...) for every watch method;
        # CCXT's unified ones are declared below, the others are made here, alike
        if name.startswith("stream_"):
            return bind_stream(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __dir__(self) -> list[str]:
        # every stream_<x> of this exchange, and no declared one it lacks the watch method of
        names = set(super().__dir__()) - _DECLARED_STREAMS
        names.update(stream_names(type(self)))
        return sorted(names)

    # CCXT's unified watch methods, as stream_* iterators. Each yields the
    # watch method's result after every update; the parameters are the watch
    # method's (an exchange that lacks ``watch_<x>`` has no ``stream_<x>``),
    # plus ``max_retries``, ``queue_size`` and ``overflow`` (see ``watch_stream``). The bodies never run.

    @stream_method
    def stream_ticker(self, symbol: str, params: dict[str, Any] | None = None, *,
                      max_retries: int | None = None, queue_size: int | None = None,
                      overflow: str | None = None) -> WatchStream:
        """``watch_ticker`` repeated: the symbol's ticker after each update."""
        raise NotImplementedError

    @stream_method
    def stream_tickers(self, symbols: list[str] | None = None, params: dict[str, Any] | None = None, *,
                       max_retries: int | None = None, queue_size: int | None = None,
                       overflow: str | None = None) -> WatchStream:
        """``watch_tickers`` repeated: tickers by symbol after each update."""
        raise NotImplementedError

    @stream_method
    def stream_bids_asks(self, symbols: list[str] | None = None, params: dict[str, Any] | None = None, *,
                         max_retries: int | None = None, queue_size: int | None = None,
                         overflow: str | None = None) -> WatchStream:
        """``watch_bids_asks`` repeated: best bid and ask by symbol after each update."""
        raise NotImplementedError

    @stream_method
    def stream_mark_price(self, symbol: str, params: dict[str, Any] | None = None, *,
                          max_retries: int | None = None, queue_size: int | None = None,
                          overflow: str | None = None) -> WatchStream:
        """``watch_mark_price`` repeated: the symbol's mark-price ticker after each update."""
        raise NotImplementedError

    @stream_method
    def stream_mark_prices(self, symbols: list[str] | None = None, params: dict[str, Any] | None = None, *,
                           max_retries: int | None = None, queue_size: int | None = None,
                           overflow: str | None = None) -> WatchStream:
        """``watch_mark_prices`` repeated: mark-price tickers by symbol after each update."""
        raise NotImplementedError

    @stream_method
    def stream_order_book(self, symbol: str, limit: int | None = None, params: dict[str, Any] | None = None, *,
                          max_retries: int | None = None, queue_size: int | None = None,
                          overflow: str | None = None) -> WatchStream:
        """``watch_order_book`` repeated: the symbol's order book after each update
        (re-synced from a new snapshot after a gap or a reconnect)."""
        raise NotImplementedError

    @stream_method
    def stream_order_book_for_symbols(self, symbols: list[str], limit: int | None = None,
                                      params: dict[str, Any] | None = None, *,
                                      max_retries: int | None = None, queue_size: int | None = None,
                                      overflow: str | None = None) -> WatchStream:
        """``watch_order_book_for_symbols`` repeated: the order book that changed, after each update."""
        raise NotImplementedError

    @stream_method
    def stream_trades(self, symbol: str, since: int | None = None, limit: int | None = None,
                      params: dict[str, Any] | None = None, *, max_retries: int | None = None, queue_size: int | None = None,
                                                               overflow: str | None = None) -> WatchStream:
        """``watch_trades`` repeated: the symbol's new trades after each update."""
        raise NotImplementedError

    @stream_method
    def stream_trades_for_symbols(self, symbols: list[str], since: int | None = None, limit: int | None = None,
                                  params: dict[str, Any] | None = None, *,
                                  max_retries: int | None = None, queue_size: int | None = None,
                                  overflow: str | None = None) -> WatchStream:
        """``watch_trades_for_symbols`` repeated: new trades of any of the symbols."""
        raise NotImplementedError

    @stream_method
    def stream_ohlcv(self, symbol: str, timeframe: str | None = None, since: int | None = None,
                     limit: int | None = None, params: dict[str, Any] | None = None, *,
                     max_retries: int | None = None, queue_size: int | None = None,
                     overflow: str | None = None) -> WatchStream:
        """``watch_ohlcv`` repeated: the symbol's candles after each update."""
        raise NotImplementedError

    @stream_method
    def stream_ohlcv_for_symbols(self, symbolsAndTimeframes: list[list[str]], since: int | None = None,
                                 limit: int | None = None, params: dict[str, Any] | None = None, *,
                                 max_retries: int | None = None, queue_size: int | None = None,
                                 overflow: str | None = None) -> WatchStream:
        """``watch_ohlcv_for_symbols`` repeated: candles by symbol and timeframe."""
        raise NotImplementedError

    @stream_method
    def stream_orders(self, symbol: str | None = None, since: int | None = None, limit: int | None = None,
                      params: dict[str, Any] | None = None, *, max_retries: int | None = None, queue_size: int | None = None,
                                                               overflow: str | None = None) -> WatchStream:
        """``watch_orders`` repeated: the account's orders after each update."""
        raise NotImplementedError

    @stream_method
    def stream_my_trades(self, symbol: str | None = None, since: int | None = None, limit: int | None = None,
                         params: dict[str, Any] | None = None, *, max_retries: int | None = None, queue_size: int | None = None,
                                                                  overflow: str | None = None) -> WatchStream:
        """``watch_my_trades`` repeated: the account's trades after each fill."""
        raise NotImplementedError

    @stream_method
    def stream_balance(self, params: dict[str, Any] | None = None, *,
                       max_retries: int | None = None, queue_size: int | None = None,
                       overflow: str | None = None) -> WatchStream:
        """``watch_balance`` repeated: the account's balance after each update."""
        raise NotImplementedError

    @stream_method
    def stream_positions(self, symbols: list[str] | None = None, since: int | None = None,
                         limit: int | None = None, params: dict[str, Any] | None = None, *,
                         max_retries: int | None = None, queue_size: int | None = None,
                         overflow: str | None = None) -> WatchStream:
        """``watch_positions`` repeated: the account's positions after each update."""
        raise NotImplementedError

    @stream_method
    def stream_liquidations(self, symbol: str, since: int | None = None, limit: int | None = None,
                            params: dict[str, Any] | None = None, *,
                            max_retries: int | None = None, queue_size: int | None = None,
                            overflow: str | None = None) -> WatchStream:
        """``watch_liquidations`` repeated: the symbol's liquidations after each update."""
        raise NotImplementedError

    @stream_method
    def stream_liquidations_for_symbols(self, symbols: list[str], since: int | None = None,
                                        limit: int | None = None, params: dict[str, Any] | None = None, *,
                                        max_retries: int | None = None, queue_size: int | None = None,
                                        overflow: str | None = None) -> WatchStream:
        """``watch_liquidations_for_symbols`` repeated: liquidations of any of the symbols."""
        raise NotImplementedError

    @stream_method
    def stream_my_liquidations(self, symbol: str | None = None, since: int | None = None,
                               limit: int | None = None, params: dict[str, Any] | None = None, *,
                               max_retries: int | None = None, queue_size: int | None = None,
                               overflow: str | None = None) -> WatchStream:
        """``watch_my_liquidations`` repeated: the account's liquidations after each update."""
        raise NotImplementedError

    @stream_method
    def stream_my_liquidations_for_symbols(self, symbols: list[str], since: int | None = None,
                                           limit: int | None = None, params: dict[str, Any] | None = None, *,
                                           max_retries: int | None = None, queue_size: int | None = None,
                                           overflow: str | None = None) -> WatchStream:
        """``watch_my_liquidations_for_symbols`` repeated: the account's liquidations in any of the symbols."""
        raise NotImplementedError


#: the stream_* names WsMixin declares
_DECLARED_STREAMS = frozenset(name for name, value in vars(WsMixin).items() if isinstance(value, StreamMethod))


_RECONNECT_KEYS = {
    "initialDelay": "initial",
    "factor": "factor",
    "maxDelay": "max_delay",
    "jitter": "jitter",
    "stableAfter": "stable_after_ms",
    "productiveAfter": "productive_after_ms",
}


def _check_limit(exchange: Any, subscription: Any) -> None:
    """A negative ``limit`` (an order book's depth) is refused here, at the call
    site, before anything is subscribed: inside a frame handler it would fail
    every later frame of the stream, and every later watch of the symbol."""
    if isinstance(subscription, dict):
        limit = subscription.get("limit")
        if isinstance(limit, (int, float)) and not isinstance(limit, bool) and limit < 0:
            raise BadRequest(f"{getattr(exchange, 'id', '')} limit must not be negative, got {limit!r}")
