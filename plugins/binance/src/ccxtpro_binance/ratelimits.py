"""Binance's request-weight limits, as the core's weight budgets (:mod:`ccxtpro.ratebudget`) take them.

Binance allows REQUEST_WEIGHT 6000 per minute on spot (``api.binance.com``) and 2400
on USD-M (``fapi``) and COIN-M (``dapi``), per IP (``exchangeInfo`` ``rateLimits``),
and reports the weight used in the current minute in every response's
``X-MBX-USED-WEIGHT-1m`` header. CCXT's generated ``calculate_rate_limiter_cost``
states spot costs in fifths of Binance's weight (its leaky bucket at ``rateLimit`` 50 ms
per unit gives 1200 units = 6000 weight a minute: depth ``limit`` ≤ 100 costs 1 = weight 5),
and futures costs in weight (fapi depth ``limit`` ≤ 50 costs 2 = weight 2), hence
``costToWeight``. ``sapi``/``eapi``/``papi`` and ``futures/data`` have their own per-endpoint limits and keep
CCXT's leaky bucket.
"""

from __future__ import annotations

USED_WEIGHT_HEADER = "x-mbx-used-weight-1m"

RATE_BUDGETS: tuple[dict, ...] = (
    {"name": "api", "apis": ("public", "private", "v1"), "limit": 6000, "window": 60,
     "header": USED_WEIGHT_HEADER, "costToWeight": 5},
    {"name": "fapi", "apis": ("fapiPublic", "fapiPublicV2", "fapiPublicV3", "fapiPrivate", "fapiPrivateV2",
                              "fapiPrivateV3"),
     "limit": 2400, "window": 60, "header": USED_WEIGHT_HEADER, "costToWeight": 1},
    {"name": "dapi", "apis": ("dapiPublic", "dapiPrivate", "dapiPrivateV2"),
     "limit": 2400, "window": 60, "header": USED_WEIGHT_HEADER, "costToWeight": 1},
)
