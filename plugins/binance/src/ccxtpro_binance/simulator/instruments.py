"""Instrument catalogue and the ``exchangeInfo`` payloads built from it.

Prices and quantities inside the simulator are integers counted in ticks and
lot steps, so the matching engine never rounds; this module owns the
conversions between those integers and Binance's decimal strings.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal

SPOT = "spot"
USDM = "usdm"
COINM = "coinm"
MARKETS = (SPOT, USDM, COINM)
MARGIN = "margin"  # cross-margin wallet: spot books, its own balances and user-data stream

# what Binance calls a "perpetual" delivery date
PERPETUAL_DELIVERY = 4133404800000


def decimals_of(step: str) -> int:
    """Number of decimals of a step such as ``"0.001"`` (``"1"`` -> 0)."""
    exp = Decimal(step).normalize().as_tuple().exponent
    return max(0, -int(exp))


def fmt(value: int, scale: int, out: int | None = None) -> str:
    """Render an integer counted in ``10**-scale`` units with ``out`` decimals."""
    out = scale if out is None else out
    neg = value < 0
    s = str(-value if neg else value)
    if scale:
        s = s.rjust(scale + 1, "0")
        whole, frac = s[:-scale], s[-scale:]
    else:
        whole, frac = s, ""
    if out > scale:
        frac = frac + "0" * (out - scale)
    elif out < scale:
        frac = frac[:out]
    text = whole + ("." + frac if out else "")
    return "-" + text if neg else text


def parse_units(text: str, scale: int) -> int | None:
    """Parse a decimal string into ``10**-scale`` units; None when not exact."""
    try:
        d = Decimal(str(text))
    except Exception:
        return None
    if not d.is_finite():
        return None
    scaled = d.scaleb(scale)
    if scaled != scaled.to_integral_value():
        return None
    return int(scaled)


@dataclass
class Instrument:
    """One tradable symbol of one market type."""

    market: str
    symbol: str
    base: str
    quote: str
    tick: str
    step: str
    price: str  # start price
    margin_asset: str | None = None
    contract_type: str | None = None  # PERPETUAL / CURRENT_QUARTER / NEXT_QUARTER
    delivery: int = PERPETUAL_DELIVERY
    contract_size: int = 1
    onboard: int = 1569398400000
    pair: str = ""
    price_scale: int = field(init=False)
    qty_scale: int = field(init=False)
    tick_units: int = field(init=False)
    step_units: int = field(init=False)
    start_ticks: int = field(init=False)

    def __post_init__(self) -> None:
        self.price_scale = decimals_of(self.tick)
        self.qty_scale = decimals_of(self.step)
        self.tick_units = parse_units(self.tick, self.price_scale) or 1
        self.step_units = parse_units(self.step, self.qty_scale) or 1
        self.start_ticks = parse_units(self.price, self.price_scale) // self.tick_units
        if not self.pair:
            self.pair = self.base + self.quote

    @property
    def lower(self) -> str:
        return self.symbol.lower()

    @property
    def out_decimals(self) -> tuple[int, int]:
        """Decimals used on the wire: spot pads to 8, futures use the instrument precision."""
        if self.market == SPOT:
            return 8, 8
        return self.price_scale, self.qty_scale

    def px(self, ticks: int) -> str:
        """Wire string of a price given in ticks."""
        return fmt(ticks * self.tick_units, self.price_scale, self.out_decimals[0])

    def qty(self, steps: int) -> str:
        """Wire string of a quantity given in lot steps."""
        return fmt(steps * self.step_units, self.qty_scale, self.out_decimals[1])

    def parse_px(self, text) -> int | None:
        """Ticks of a client price string, None when off the tick grid."""
        units = parse_units(text, self.price_scale)
        if units is None or units % self.tick_units:
            return None
        return units // self.tick_units

    def parse_qty(self, text) -> int | None:
        """Lot steps of a client quantity string, None when off the step grid."""
        units = parse_units(text, self.qty_scale)
        if units is None or units % self.step_units:
            return None
        return units // self.step_units

    def px_float(self, ticks: int) -> float:
        return ticks * self.tick_units / 10 ** self.price_scale

    def qty_float(self, steps: int) -> float:
        return steps * self.step_units / 10 ** self.qty_scale

    @property
    def settle_asset(self) -> str:
        return self.margin_asset or self.quote


def quarter_expiry(now_ms: int, ahead: int = 0) -> int:
    """Delivery time (08:00 UTC, last Friday of Mar/Jun/Sep/Dec) ``ahead`` quarters after now."""
    now = _dt.datetime.fromtimestamp(now_ms / 1000, tz=_dt.timezone.utc)
    year, month = now.year, now.month
    found = []
    while len(found) <= ahead:
        qm = ((month - 1) // 3 + 1) * 3
        last_day = calendar.monthrange(year, qm)[1]
        d = _dt.datetime(year, qm, last_day, 8, tzinfo=_dt.timezone.utc)
        while d.weekday() != 4:
            d -= _dt.timedelta(days=1)
        if d > now and (not found or d > found[-1]):
            found.append(d)
        month = qm + 1
        if month > 12:
            month, year = 1, year + 1
    return int(found[ahead].timestamp() * 1000)


_SPOT = [
    # symbol, base, quote, tick, step, price
    ("BTCUSDT", "BTC", "USDT", "0.01", "0.00001", "60000.00"),
    ("ETHUSDT", "ETH", "USDT", "0.01", "0.0001", "3000.00"),
    ("BNBUSDT", "BNB", "USDT", "0.01", "0.001", "600.00"),
    ("SOLUSDT", "SOL", "USDT", "0.01", "0.001", "150.00"),
    ("XRPUSDT", "XRP", "USDT", "0.0001", "0.1", "0.6000"),
    ("ADAUSDT", "ADA", "USDT", "0.0001", "0.1", "0.4500"),
    ("DOGEUSDT", "DOGE", "USDT", "0.00001", "1", "0.15000"),
    ("LTCUSDT", "LTC", "USDT", "0.01", "0.001", "80.00"),
    ("LINKUSDT", "LINK", "USDT", "0.01", "0.01", "15.00"),
    ("ETHBTC", "ETH", "BTC", "0.00001", "0.0001", "0.05000"),
    ("BNBBTC", "BNB", "BTC", "0.000001", "0.001", "0.010000"),
    ("BTCFDUSD", "BTC", "FDUSD", "0.01", "0.00001", "60000.00"),
]

_USDM = [
    ("BTCUSDT", "BTC", "0.10", "0.001", "60000.0"),
    ("ETHUSDT", "ETH", "0.01", "0.001", "3000.00"),
    ("BNBUSDT", "BNB", "0.010", "0.01", "600.000"),
    ("SOLUSDT", "SOL", "0.0100", "1", "150.0000"),
    ("XRPUSDT", "XRP", "0.0001", "0.1", "0.6000"),
    ("ADAUSDT", "ADA", "0.00010", "1", "0.45000"),
    ("DOGEUSDT", "DOGE", "0.000010", "1", "0.150000"),
    ("LTCUSDT", "LTC", "0.01", "0.001", "80.00"),
    ("LINKUSDT", "LINK", "0.001", "0.01", "15.000"),
    ("AVAXUSDT", "AVAX", "0.0010", "1", "30.0000"),
]

_COINM = [
    ("BTC", "0.1", "60000.0", 100),
    ("ETH", "0.01", "3000.00", 10),
    ("BNB", "0.010", "600.000", 10),
    ("SOL", "0.010", "150.000", 10),
    ("XRP", "0.0001", "0.6000", 10),
    ("ADA", "0.00010", "0.45000", 10),
    ("DOGE", "0.000010", "0.150000", 10),
    ("LTC", "0.01", "80.00", 10),
    ("LINK", "0.001", "15.000", 10),
    ("DOT", "0.001", "6.000", 10),
]


#: (tick, step, lowest price, highest price) of the synthetic spot symbols' price tiers
_SYNTHETIC_TIERS = (
    ("0.01", "0.001", 10.0, 2000.0),
    ("0.0001", "0.1", 0.1, 10.0),
    ("0.00001", "1", 0.01, 0.1),
)


def synthetic_spot(count: int, seed: int = 1) -> list[Instrument]:
    """``count`` made-up spot symbols ``SYN001USDT``…: tick, lot step and start price
    drawn from ``seed``, so the same seed gives the same catalogue."""
    import random

    out = []
    width = max(3, len(str(count)))
    for k in range(1, count + 1):
        rng = random.Random(f"{seed}:synthetic:{k}")
        tick, step, lo, hi = _SYNTHETIC_TIERS[rng.randrange(len(_SYNTHETIC_TIERS))]
        scale = decimals_of(tick)
        price = f"{lo * (hi / lo) ** rng.random():.{scale}f}"
        base = f"SYN{k:0{width}d}"
        out.append(Instrument(SPOT, base + "USDT", base, "USDT", tick, step, price))
    return out


def build_instruments(now_ms: int, extra_symbols: int = 0, seed: int = 1) -> dict[str, dict[str, Instrument]]:
    """The catalogue: market type -> exchange symbol -> instrument (plus ``extra_symbols``
    synthetic spot symbols, :func:`synthetic_spot`)."""
    out: dict[str, dict[str, Instrument]] = {SPOT: {}, USDM: {}, COINM: {}}
    for sym, base, quote, tick, step, price in _SPOT:
        out[SPOT][sym] = Instrument(SPOT, sym, base, quote, tick, step, price)
    for inst in synthetic_spot(extra_symbols, seed):
        out[SPOT][inst.symbol] = inst
    for sym, base, tick, step, price in _USDM:
        out[USDM][sym] = Instrument(USDM, sym, base, "USDT", tick, step, price,
                                    margin_asset="USDT", contract_type="PERPETUAL")
    q1 = quarter_expiry(now_ms, 0)
    q2 = quarter_expiry(now_ms, 1)
    for expiry, ctype in ((q1, "CURRENT_QUARTER"),):
        tag = _dt.datetime.fromtimestamp(expiry / 1000, tz=_dt.timezone.utc).strftime("%y%m%d")
        sym = "BTCUSDT_" + tag
        out[USDM][sym] = Instrument(USDM, sym, "BTC", "USDT", "0.1", "0.001", "60500.0",
                                    margin_asset="USDT", contract_type=ctype, delivery=expiry,
                                    pair="BTCUSDT")
    for base, tick, price, csize in _COINM:
        sym = base + "USD_PERP"
        out[COINM][sym] = Instrument(COINM, sym, base, "USD", tick, "1", price,
                                     margin_asset=base, contract_type="PERPETUAL",
                                     contract_size=csize, pair=base + "USD")
    for base, expiry, ctype in (("BTC", q1, "CURRENT_QUARTER"), ("BTC", q2, "NEXT_QUARTER"),
                                ("ETH", q1, "CURRENT_QUARTER")):
        tag = _dt.datetime.fromtimestamp(expiry / 1000, tz=_dt.timezone.utc).strftime("%y%m%d")
        sym = f"{base}USD_{tag}"
        row = next(r for r in _COINM if r[0] == base)
        out[COINM][sym] = Instrument(COINM, sym, base, "USD", row[1], "1", row[2],
                                     margin_asset=base, contract_type=ctype, delivery=expiry,
                                     contract_size=row[3], pair=base + "USD")
    return out


# ---------------------------------------------------------------- exchangeInfo

_SPOT_RATE_LIMITS = [
    {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 6000},
    {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 100},
    {"rateLimitType": "ORDERS", "interval": "DAY", "intervalNum": 1, "limit": 200000},
    {"rateLimitType": "RAW_REQUESTS", "interval": "MINUTE", "intervalNum": 5, "limit": 61000},
]
_FUT_RATE_LIMITS = [
    {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 2400},
    {"rateLimitType": "ORDERS", "interval": "MINUTE", "intervalNum": 1, "limit": 1200},
    {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 300},
]


def _spot_symbol(i: Instrument) -> dict:
    return {
        "symbol": i.symbol,
        "status": "TRADING",
        "baseAsset": i.base,
        "baseAssetPrecision": 8,
        "quoteAsset": i.quote,
        "quotePrecision": 8,
        "quoteAssetPrecision": 8,
        "baseCommissionPrecision": 8,
        "quoteCommissionPrecision": 8,
        "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT",
                       "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"],
        "icebergAllowed": True,
        "ocoAllowed": True,
        "otoAllowed": True,
        "quoteOrderQtyMarketAllowed": True,
        "allowTrailingStop": True,
        "cancelReplaceAllowed": True,
        "amendAllowed": True,
        "isSpotTradingAllowed": True,
        "isMarginTradingAllowed": i.quote == "USDT",
        "filters": [
            {"filterType": "PRICE_FILTER", "minPrice": fmt(i.tick_units, i.price_scale, 8),
             "maxPrice": "1000000.00000000", "tickSize": fmt(i.tick_units, i.price_scale, 8)},
            {"filterType": "LOT_SIZE", "minQty": fmt(i.step_units, i.qty_scale, 8),
             "maxQty": "9000.00000000", "stepSize": fmt(i.step_units, i.qty_scale, 8)},
            {"filterType": "ICEBERG_PARTS", "limit": 10},
            {"filterType": "MARKET_LOT_SIZE", "minQty": "0.00000000", "maxQty": "100.00000000",
             "stepSize": "0.00000000"},
            {"filterType": "TRAILING_DELTA", "minTrailingAboveDelta": 10, "maxTrailingAboveDelta": 2000,
             "minTrailingBelowDelta": 10, "maxTrailingBelowDelta": 2000},
            {"filterType": "PERCENT_PRICE_BY_SIDE", "bidMultiplierUp": "5", "bidMultiplierDown": "0.2",
             "askMultiplierUp": "5", "askMultiplierDown": "0.2", "avgPriceMins": 5},
            {"filterType": "NOTIONAL", "minNotional": "5.00000000" if i.quote != "BTC" else "0.00010000",
             "applyMinToMarket": True, "maxNotional": "9000000.00000000", "applyMaxToMarket": False,
             "avgPriceMins": 5},
            {"filterType": "MAX_NUM_ORDERS", "maxNumOrders": 200},
            {"filterType": "MAX_NUM_ALGO_ORDERS", "maxNumAlgoOrders": 5},
        ],
        "permissions": [],
        "permissionSets": [["SPOT", "MARGIN"]],
        "defaultSelfTradePreventionMode": "EXPIRE_MAKER",
        "allowedSelfTradePreventionModes": ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH", "DECREMENT"],
    }


def _futures_symbol(i: Instrument) -> dict:
    d = {
        "symbol": i.symbol,
        "pair": i.pair,
        "contractType": i.contract_type,
        "deliveryDate": i.delivery,
        "onboardDate": i.onboard,
        "baseAsset": i.base,
        "quoteAsset": i.quote,
        "marginAsset": i.settle_asset,
        "pricePrecision": i.price_scale,
        "quantityPrecision": i.qty_scale,
        "baseAssetPrecision": 8,
        "quotePrecision": 8,
        "underlyingType": "COIN",
        "underlyingSubType": [],
        "triggerProtect": "0.0500",
        "liquidationFee": "0.012500",
        "marketTakeBound": "0.05",
        "maxMoveOrderLimit": 10000,
        "orderTypes": ["LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT",
                       "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET"],
        "timeInForce": ["GTC", "IOC", "FOK", "GTX", "GTD"],
        "filters": [
            {"filterType": "PRICE_FILTER", "minPrice": i.tick, "maxPrice": "4529764",
             "tickSize": i.tick},
            {"filterType": "LOT_SIZE", "minQty": i.step, "maxQty": "1000000", "stepSize": i.step},
            {"filterType": "MARKET_LOT_SIZE", "minQty": i.step, "maxQty": "1000000", "stepSize": i.step},
            {"filterType": "MAX_NUM_ORDERS", "limit": 200},
            {"filterType": "MAX_NUM_ALGO_ORDERS", "limit": 10},
            {"filterType": "PERCENT_PRICE", "multiplierUp": "1.0500", "multiplierDown": "0.9500",
             "multiplierDecimal": "4"},
        ],
    }
    if i.market == USDM:
        d["status"] = "TRADING"
        d["requiredMarginPercent"] = "5.0000"
        d["maintMarginPercent"] = "2.5000"
        d["settlePlan"] = 0
        d["filters"].append({"filterType": "MIN_NOTIONAL", "notional": "5"})
    else:
        d["contractStatus"] = "TRADING"
        d["contractSize"] = i.contract_size
        d["equalQtyPrecision"] = 4
        d["maintMarginPercent"] = "2.5000"
        d["requiredMarginPercent"] = "5.0000"
    return d


def exchange_info(market: str, instruments: dict[str, Instrument], now_ms: int,
                  symbols: list[str] | None = None) -> dict:
    """The ``exchangeInfo`` body of one market type (optionally filtered to symbols)."""
    rows = [i for s, i in instruments.items() if symbols is None or s in symbols]
    if market == SPOT:
        return {
            "timezone": "UTC",
            "serverTime": now_ms,
            "rateLimits": _SPOT_RATE_LIMITS,
            "exchangeFilters": [],
            "symbols": [_spot_symbol(i) for i in rows],
        }
    assets = sorted({i.settle_asset for i in rows} | ({"USDT", "USDC", "BNB"} if market == USDM else set()))
    return {
        "timezone": "UTC",
        "serverTime": now_ms,
        "futuresType": "U_MARGINED" if market == USDM else "COIN_MARGINED",
        "rateLimits": _FUT_RATE_LIMITS,
        "exchangeFilters": [],
        "assets": [{"asset": a, "marginAvailable": True, "autoAssetExchange": "-10000"} for a in assets],
        "symbols": [_futures_symbol(i) for i in rows],
    }
