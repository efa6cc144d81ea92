"""REST transport on aiohttp, as the exchange methods CCXT code calls.

``request(path, api, method, params)`` -> ``fetch2`` (rate limiter with the
endpoint's cost, then the exchange's ``sign()``) -> ``fetch`` (HTTP). Errors
come out typed: a timeout is :class:`RequestTimeout`, a refused or dropped
connection :class:`ExchangeNotAvailable` (a :class:`NetworkError`), and a
response first goes through the exchange's ``handle_errors`` hook (which
maps bodies through its ``exceptions`` table with
``throw_exactly_matched_exception`` / ``throw_broadly_matched_exception``),
then through ``httpExceptions`` by status code.

Requests of an API group the exchange's plugin gives a weight budget
(``ccxtpro_rate_budgets``) are scheduled by it (:mod:`ccxtpro.ratebudget`: the
exchange's weight per rolling window, kept in step with the used weight its
response headers report) instead of CCXT's leaky bucket; ``options["restLimiter"]
= "leakyBucket"`` keeps CCXT's limiter for every request.

A response that says to wait (429 or 418 with ``Retry-After``) pauses every
request of the instance until then: the next calls wait (or, when the pause
is longer than ``timeout``, fail at once with :class:`RateLimitExceeded`),
and nothing is sent while the exchange asked for quiet. Exchanges ban
clients that keep going (a 418 answer means the IP is banned).

``verbose`` logs requests and responses through logger ``ccxtpro.rest`` at
INFO (DEBUG when not verbose), with credentials, signatures and listen keys
redacted (:mod:`ccxtpro.redact`).
"""

from __future__ import annotations

import asyncio
import contextvars
import email.utils
import json
import logging
import time
from collections.abc import Mapping
from typing import Any

import aiohttp
import orjson
import yarl

from ..errors import (
    ExchangeClosedByUser,
    ExchangeError,
    ExchangeNotAvailable,
    NotSupported,
    RateLimitExceeded,
    RequestTimeout,
)
from ..ratebudget import RateBudgets, WeightBudget
from ..redact import Redactor
from ..throttle import Throttler

logger = logging.getLogger("ccxtpro.rest")



class _BudgetTicket:
    """The weight budget of the request this task is making, and when it was let through."""

    __slots__ = ("budget", "sent_at")

    def __init__(self, budget: WeightBudget) -> None:
        self.budget = budget
        self.sent_at: float | None = None


#: set by ``fetch2`` for ``throttle()`` (which books the weight) and ``_fetch`` (which reads the headers)
_BUDGET_TICKET: contextvars.ContextVar[_BudgetTicket | None] = contextvars.ContextVar(
    "ccxtpro_rest_budget_ticket", default=None)


def decode_json(text: str) -> Any:
    """Parsed JSON, or None when the body is not a JSON object or array."""
    stripped = text.lstrip()
    if not stripped or stripped[0] not in "{[":
        return None
    try:
        return orjson.loads(stripped)
    except orjson.JSONDecodeError:
        try:  # orjson refuses integers beyond 64 bits, the json module does not
            return json.loads(stripped)
        except ValueError:
            return None


class RestMixin:
    """REST methods of :class:`ccxtpro.Exchange` (see the module docstring).

    Expects from the exchange: ``id``, ``timeout`` (ms), ``rateLimit`` (ms
    per unit of cost), ``enableRateLimit``, ``headers``, ``userAgent``,
    ``httpExceptions``, ``verbose`` and a ``redactor``.
    """

    id: str
    timeout: float
    rateLimit: float
    enableRateLimit: bool
    headers: dict[str, Any]
    userAgent: str | dict[str, str] | None
    httpExceptions: dict[str, type[Exception]]
    verbose: bool
    redactor: Redactor

    session: aiohttp.ClientSession | None = None
    own_session: bool = True
    closed_by_user: bool = False
    throttler: Throttler | None = None
    tokenBucket: dict[str, Any] | None = None
    last_request_headers: Any = None
    last_request_body: Any = None
    last_request_url: Any = None
    last_http_response: Any = None
    last_json_response: Any = None
    last_response_headers: Any = None
    #: ``time.monotonic()`` before which the exchange asked for no requests (``Retry-After``)
    rest_paused_until: float = 0.0
    #: weight budgets per API group (:mod:`ccxtpro.ratebudget`); None: not built yet
    rate_budgets: RateBudgets | None = None

    # --------------------------------------------------------------- session

    def init_rest_rate_limiter(self) -> None:
        """(Re)build the limiter from ``rateLimit`` and ``tokenBucket``; the weight budgets are
        rebuilt (from ``options["restLimiter"]``) at the next request."""
        bucket = dict(self.tokenBucket or {})
        self.rate_budgets = None
        self.throttler = Throttler(self.rateLimit, capacity=bucket.get("capacity", 1.0))

    def init_throttler(self) -> None:
        """CCXT's name for building the limiter (see :meth:`init_rest_rate_limiter`)."""
        self.init_rest_rate_limiter()

    def open(self) -> None:
        """Allow requests again after :meth:`close_rest` (``async with`` does this)."""
        self.closed_by_user = False

    def rest_session(self) -> aiohttp.ClientSession:
        """The aiohttp session, created on first use inside the running loop."""
        if self.session is None:
            if self.closed_by_user:
                raise ExchangeClosedByUser(f"{self.id} instance was closed by the user")
            self.session = aiohttp.ClientSession()
            self.own_session = True
        return self.session

    async def close_rest(self) -> None:
        """Close the session this exchange opened (a session passed in by the
        user is the user's to close)."""
        self.closed_by_user = True
        session, self.session = self.session, None
        if session is not None and self.own_session:
            await session.close()

    # ----------------------------------------------------------- rate limits

    async def throttle(self, cost: float | None = None) -> None:
        """Wait until a request of ``cost`` (CCXT's units) may go: by its API group's weight
        budget inside a budgeted request, else by CCXT's leaky bucket."""
        ticket = _BUDGET_TICKET.get()
        if ticket is not None:
            await self.respect_retry_after()  # book the weight when it really goes
            weight = (1.0 if cost is None else cost) * ticket.budget.spec.cost_to_weight
            ticket.sent_at = await ticket.budget.acquire(weight)
            return
        if self.throttler is None:
            self.init_rest_rate_limiter()
        assert self.throttler is not None
        await self.throttler(1.0 if cost is None else cost)

    def rest_budget(self, api: Any) -> WeightBudget | None:
        """The weight budget of ``api``'s group, or None when CCXT's leaky bucket paces it
        (``options["restLimiter"]``: ``"budget"``, the default when the exchange's plugin supplies
        budgets, or ``"leakyBucket"``)."""
        if self.rate_budgets is None:
            options = getattr(self, "options", None) or {}
            wiring = getattr(self, "wiring", None)
            specs = getattr(wiring, "rate_budgets", ()) or ()
            if options.get("restLimiter", "budget") != "budget":
                specs = ()
            self.rate_budgets = RateBudgets(specs)
        return self.rate_budgets.for_api(api)

    def calculate_rate_limiter_cost(
        self, api: Any, method: str, path: str, params: Mapping[str, Any], config: Mapping[str, Any] | None = None
    ) -> float:
        """The endpoint's declared cost (1 if none); exchanges override this
        when cost depends on params."""
        return (config or {}).get("cost", 1)

    async def respect_retry_after(self) -> None:
        """Wait out a pause the exchange asked for; fail at once if it outlasts ``timeout``."""
        while True:
            wait = self.rest_paused_until - time.monotonic()
            if wait <= 0:
                return
            if wait * 1000 > self.timeout:
                raise RateLimitExceeded(f"{self.id} was asked to send no requests for another {wait:.0f} s "
                                        "(Retry-After); nothing was sent")
            await asyncio.sleep(wait)

    def pause_requests(self, status: int, headers: Mapping[str, str]) -> None:
        """Note the pause a 429/418 response asks for (``Retry-After``: seconds or an HTTP date)."""
        value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
        seconds = 1.0 if status == 429 else 60.0  # when the header is missing
        if value is not None:
            try:
                seconds = float(value)
            except ValueError:
                try:
                    seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
                except (TypeError, ValueError):
                    pass  # unreadable: keep the default
        self.rest_paused_until = max(self.rest_paused_until, time.monotonic() + max(seconds, 0.0))

    # -------------------------------------------------------------- requests

    def sign(
        self,
        path: str,
        api: Any = "public",
        method: str = "GET",
        params: Mapping[str, Any] | None = None,
        headers: Any = None,
        body: Any = None,
    ) -> dict[str, Any]:
        """Build ``{'url', 'method', 'body', 'headers'}``: every exchange
        defines this."""
        raise NotSupported(f"{self.id} sign() must be defined by the exchange")

    async def request(
        self,
        path: str,
        api: Any = "public",
        method: str = "GET",
        params: Mapping[str, Any] | None = None,
        headers: Any = None,
        body: Any = None,
        config: Mapping[str, Any] | None = None,
    ) -> Any:
        return await self.fetch2(path, api, method, params, headers, body, config)

    async def fetch2(
        self,
        path: str,
        api: Any = "public",
        method: str = "GET",
        params: Mapping[str, Any] | None = None,
        headers: Any = None,
        body: Any = None,
        config: Mapping[str, Any] | None = None,
    ) -> Any:
        params = {} if params is None else params
        budget = self.rest_budget(api) if self.enableRateLimit else None
        token = _BUDGET_TICKET.set(_BudgetTicket(budget) if budget is not None else None)
        try:
            if self.enableRateLimit:
                await self.throttle(self.calculate_rate_limiter_cost(api, method, path, params, config))
            await self.respect_retry_after()
            request = self.sign(path, api, method, params, headers, body)
            return await self.fetch(request["url"], request["method"], request["headers"], request["body"])
        finally:
            _BUDGET_TICKET.reset(token)

    def prepare_request_headers(self, headers: Mapping[str, Any] | None = None) -> dict[str, Any]:
        out = dict(self.headers or {})
        ua = self.userAgent
        if isinstance(ua, str) and ua:
            out["User-Agent"] = ua
        elif isinstance(ua, Mapping):
            out.update(ua)
        if headers:
            out.update(headers)
        return out

    def on_rest_response(
        self, code: int, reason: str, url: str, method: str, response_headers: Any, response_body: str, request_headers: Any, request_body: Any
    ) -> str:
        """Hook to rewrite a body before it is parsed; strips whitespace."""
        return response_body.strip()

    async def fetch(
        self, url: str, method: str = "GET", headers: Mapping[str, Any] | None = None, body: Any = None
    ) -> Any:
        """One HTTP request; returns decoded JSON, or the text if not JSON.

        Any error leaves redacted (message, args and chained causes), since a
        failing request's URL carries its signature and maybe a listen key."""
        try:
            return await self._fetch(url, method, headers, body)
        except Exception as e:
            self.redactor.exception(e)
            raise

    async def _fetch(self, url: str, method: str, headers: Mapping[str, Any] | None, body: Any) -> Any:
        request_headers = self.prepare_request_headers(headers)
        self.last_request_headers, self.last_request_body, self.last_request_url = request_headers, body, url
        session = self.rest_session()
        level = logging.INFO if self.verbose else logging.DEBUG
        log = logger.isEnabledFor(level)
        if log:
            logger.log(
                level,
                "%s request %s %s headers=%s body=%s",
                self.id,
                method,
                self.redactor.text(url),
                self.redactor.mapping(request_headers),
                self.redactor.text(body) if body is not None else None,
            )
        data = body.encode() if isinstance(body, str) else body
        timeout = aiohttp.ClientTimeout(total=self.timeout / 1000.0)
        try:
            async with session.request(
                method, yarl.URL(url, encoded=True), data=data, headers=request_headers, timeout=timeout
            ) as response:
                text = await response.text(errors="replace")
                status, reason = response.status, response.reason or ""
                response_headers: dict[str, str] = {}
                for key, value in response.headers.items():
                    prior = response_headers.get(key)
                    response_headers[key] = value if prior is None else prior + ", " + value
        except TimeoutError as e:  # before OSError: TimeoutError is one
            raise RequestTimeout(f"{self.id} {method} {self.redactor.text(url)} timed out after {self.timeout} ms") from e
        except (aiohttp.ClientConnectionError, OSError) as e:
            raise ExchangeNotAvailable(f"{self.id} {method} {self.redactor.text(url)} {type(e).__name__}: {self.redactor.text(e)}") from e
        except aiohttp.ClientError as e:
            raise ExchangeError(f"{self.id} {method} {self.redactor.text(url)} {type(e).__name__}") from e
        ticket = _BUDGET_TICKET.get()
        if ticket is not None and ticket.sent_at is not None and self.rate_budgets is not None:
            self.rate_budgets.observe(ticket.budget, ticket.sent_at, response_headers)
        if status in (418, 429):
            self.pause_requests(status, response_headers)
        text = self.on_rest_response(status, reason, url, method, response_headers, text, request_headers, body)
        parsed = decode_json(text)
        self.redactor.learn(parsed)  # listen keys and tokens must never reach a log, even in a URL
        self.last_http_response, self.last_json_response = text, parsed
        self.last_response_headers = response_headers
        if log:
            logger.log(
                level,
                "%s response %s %s %s headers=%s body=%s",
                self.id,
                method,
                self.redactor.text(url),
                status,
                self.redactor.mapping(response_headers),
                self.redactor.text(text),
            )
        self.handle_errors(status, reason, url, method, response_headers, text, parsed, request_headers, body)
        self.handle_http_status_code(status, reason, url, method, text)
        return parsed if parsed is not None else text

    # ---------------------------------------------------------------- errors

    def handle_errors(
        self,
        code: int,
        reason: str,
        url: str,
        method: str,
        headers: Mapping[str, str],
        body: str,
        response: Any,
        request_headers: Any,
        request_body: Any,
    ) -> Any:
        """Exchange hook: raise the typed error a response body means.

        Runs before the status-code table, so an exchange can map its own
        error codes (through ``self.exceptions``) even on HTTP 4xx/5xx.
        Returning normally lets the response through.
        """
        return None

    def handle_http_status_code(self, code: int, reason: str, url: str, method: str, body: str) -> None:
        """Raise the ``httpExceptions`` class for ``code``, if it has one."""
        error = self.httpExceptions.get(str(code))
        if error is not None:
            message = f"{self.id} {method} {self.redactor.text(url)} {code} {reason} {self.redactor.text(body)}"
            raise error(message)

    def throw_exactly_matched_exception(self, exact: Mapping[str, type[Exception]], string: Any, message: str) -> None:
        """Raise ``exact[string]`` if ``string`` is a key of the table."""
        if string is None:
            return
        error = exact.get(string) if isinstance(string, str) else exact.get(str(string))
        if error is not None:
            raise error(message)

    def throw_broadly_matched_exception(self, broad: Mapping[str, type[Exception]], string: Any, message: str) -> None:
        """Raise the class of the first ``broad`` key found inside ``string``."""
        key = self.find_broadly_matched_key(broad, string)
        if key is not None:
            raise broad[key](message)

    def find_broadly_matched_key(self, broad: Mapping[str, Any], string: Any) -> str | None:
        if string is None:
            return None
        for key in broad:
            if key in string:
                return key
        return None
