"""Request-weight accounting per market type, as Binance reports and enforces it.

Weights are counted in one-minute windows (``x-mbx-used-weight-1m`` on REST,
``rateLimits[].count`` on the websocket API). Going over the limit answers 429
(-1003) with ``Retry-After``; asking again before it passed earns a 418 ban.
"""

from __future__ import annotations

import time

from .errors import BinanceError

LIMITS = {"spot": 6000, "usdm": 2400, "coinm": 2400}

#: (method, full path) -> weight, or a function of the params giving it; filled by route
#: modules (``rest_trading.WEIGHTS``) and consulted first
PATH_WEIGHTS: dict = {}


def rest_weight(path: str, params: dict, method: str = "GET") -> int:
    """Binance's documented weight for the common endpoints (1 otherwise)."""
    w = PATH_WEIGHTS.get((method, path))
    if w is not None:
        return w(params) if callable(w) else w
    name = path.rsplit("/", 1)[-1]
    if name == "exchangeInfo":
        return 20 if path.startswith("/api") else 1
    if name in ("depth", "rpiDepth"):
        try:
            limit = int(params.get("limit") or 100)
        except ValueError:
            return 1
        return 5 if limit <= 100 else 25 if limit <= 500 else 50 if limit <= 1000 else 250
    if path.endswith("ticker/24hr"):
        return 2 if params.get("symbol") else 80 if path.startswith("/api") else 40
    if name in ("klines", "uiKlines"):
        return 2
    if name in ("account", "allOrders"):
        return 20 if path.startswith("/api") else 5
    if name in ("trades", "historicalTrades", "aggTrades", "myTrades", "userTrades"):
        return 5 if path.startswith("/api") else 5
    if name == "openOrders":
        return 6 if params.get("symbol") else 80
    return 1


class WeightCounter:
    def __init__(self, enforce: bool = True) -> None:
        self.enforce = enforce
        self.window: dict[str, tuple[int, int]] = {}  # market -> (minute, used)
        self.banned_until: dict[str, float] = {}
        self.limited_until: dict[str, float] = {}

    def used(self, market: str) -> int:
        minute, used = self.window.get(market, (0, 0))
        return used if minute == int(time.time() // 60) else 0

    def charge(self, market: str, weight: int) -> int:
        """Add ``weight``; raises -1003 (429, then 418) when the minute's limit is exceeded."""
        now = time.time()
        if self.enforce and now < self.banned_until.get(market, 0):
            raise self._banned(market, now)
        minute = int(now // 60)
        cur_minute, used = self.window.get(market, (minute, 0))
        if cur_minute != minute:
            used = 0
        used += weight
        self.window[market] = (minute, used)
        limit = LIMITS.get(market, 6000)
        if self.enforce and used > limit:
            retry = 60 - int(now % 60)
            if now < self.limited_until.get(market, 0):
                self.banned_until[market] = now + 120
                raise self._banned(market, now)
            self.limited_until[market] = now + retry
            raise BinanceError(-1003, None, str(limit), status=429, headers={"Retry-After": str(retry)})
        return used

    def _banned(self, market: str, now: float) -> BinanceError:
        until = self.banned_until[market]
        return BinanceError(-1003, f"Way too many requests; IP banned until {int(until * 1000)}. "
                            "Please use the websocket for live updates to avoid bans.",
                            status=418, headers={"Retry-After": str(int(until - now) + 1)})
