"""Binance payloads shared by the differential tests of the generated code.

Documented payloads (Binance API docs) and markets fed to both the generated exchange
and CCXT's, the CCXT instance fields the runtime may lack, the exception classes that
mean "CCXT's Python crashed" (not a behaviour to match), and the hypothesis strategy
for replacement field values. A plain module: test modules import from here, never
from each other.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Base-class instance fields CCXT defines on Exchange; filled from CCXT's own
# defaults only where the runtime does not (yet) define them.
_BASE_FIELDS = ("isSandboxModeEnabled", "paddingMode", "reduceFees", "substituteCommonCurrencyCodes")

SPOT_MARKET = {
    "symbol": "ETHBTC", "status": "TRADING", "baseAsset": "ETH", "baseAssetPrecision": 8, "quoteAsset": "BTC",
    "quotePrecision": 8, "quoteAssetPrecision": 8, "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET"],
    "icebergAllowed": True, "ocoAllowed": True, "isSpotTradingAllowed": True, "isMarginTradingAllowed": True,
    "filters": [
        {"filterType": "PRICE_FILTER", "minPrice": "0.00000100", "maxPrice": "922327.00000000",
         "tickSize": "0.00000100"},
        {"filterType": "LOT_SIZE", "minQty": "0.00010000", "maxQty": "100000.00000000", "stepSize": "0.00010000"},
        {"filterType": "NOTIONAL", "minNotional": "0.00010000", "applyMinToMarket": True,
         "maxNotional": "9000000.00000000", "avgPriceMins": 5},
    ],
    "permissions": [], "permissionSets": [["SPOT", "MARGIN"]],
}
USDM_MARKET = {
    "symbol": "BTCUSDT", "pair": "BTCUSDT", "contractType": "PERPETUAL", "deliveryDate": 4133404800000,
    "onboardDate": 1569398400000, "status": "TRADING", "maintMarginPercent": "2.5000",
    "requiredMarginPercent": "5.0000", "baseAsset": "BTC", "quoteAsset": "USDT", "marginAsset": "USDT",
    "pricePrecision": 2, "quantityPrecision": 3, "baseAssetPrecision": 8, "quotePrecision": 8,
    "underlyingType": "COIN", "underlyingSubType": [], "settlePlan": 0, "triggerProtect": "0.0500",
    "filters": [
        {"filterType": "PRICE_FILTER", "maxPrice": "300", "minPrice": "0.0001", "tickSize": "0.0001"},
        {"filterType": "LOT_SIZE", "maxQty": "10000000", "minQty": "1", "stepSize": "1"},
        {"filterType": "MIN_NOTIONAL", "notional": "5.0"},
    ],
    "OrderType": ["LIMIT", "MARKET"], "timeInForce": ["GTC", "IOC", "FOK", "GTX"],
    "liquidationFee": "0.010000", "marketTakeBound": "0.30",
}

# Documented payloads (Binance API docs), keyed by the method that parses them.
REST_TRADE = {"id": 28457, "price": "4.00000100", "qty": "12.00000000", "quoteQty": "48.000012",
              "time": 1499865549590, "isBuyerMaker": True, "isBestMatch": True}
AGG_TRADE = {"a": 26129, "p": "0.01633102", "q": "4.70443515", "f": 27781, "l": 27781, "T": 1498793709153,
             "m": True, "M": True}
MY_TRADE = {"symbol": "ETHBTC", "id": 28457, "orderId": 100234, "orderListId": -1, "price": "4.00000100",
            "qty": "12.00000000", "quoteQty": "48.000012", "commission": "10.10000000", "commissionAsset": "BNB",
            "time": 1499865549590, "isBuyer": True, "isMaker": False, "isBestMatch": True}
WS_TRADE = {"e": "trade", "E": 1672515782136, "s": "ETHBTC", "t": 12345, "p": "0.001", "q": "100",
            "T": 1672515782136, "m": True, "M": True}
WS_AGG_TRADE = {"e": "aggTrade", "E": 1672515782136, "s": "BTCUSDT", "a": 5933014, "p": "0.001", "q": "100",
                "f": 100, "l": 105, "T": 1672515782136, "m": True}
EXECUTION_REPORT = {
    "e": "executionReport", "E": 1499405658658, "s": "ETHBTC", "c": "mUvoqJxFIILMdfAW5iGSOW", "S": "BUY",
    "o": "LIMIT", "f": "GTC", "q": "1.00000000", "p": "0.10264410", "P": "0.00000000", "F": "0.00000000",
    "g": -1, "C": "", "x": "TRADE", "X": "PARTIALLY_FILLED", "r": "NONE", "i": 4293153, "l": "0.50000000",
    "z": "0.50000000", "L": "0.10264410", "n": "0.0001", "N": "BNB", "T": 1499405658657, "t": 77, "v": 3,
    "I": 8641984, "w": True, "m": False, "M": False, "O": 1499405658657, "Z": "0.05", "Y": "0.05",
    "Q": "0.00000000", "W": 1499405658657, "V": "NONE",
}
ORDER_TRADE_UPDATE = {
    "s": "BTCUSDT", "c": "TEST", "S": "SELL", "o": "TRAILING_STOP_MARKET", "f": "GTC", "q": "0.001",
    "p": "0", "ap": "0", "sp": "7103.04", "x": "NEW", "X": "NEW", "i": 8886774, "l": "0", "z": "0", "L": "0",
    "N": "USDT", "n": "0", "T": 1568879465650, "t": 0, "b": "0", "a": "9.91", "m": False, "R": False,
    "wt": "CONTRACT_PRICE", "ot": "TRAILING_STOP_MARKET", "ps": "LONG", "cp": False, "AP": "7476.89",
    "cr": "5.0", "pP": False, "si": 0, "ss": 0, "rp": "0", "V": "EXPIRE_TAKER", "pm": "OPPONENT",
    "gtd": 0,
}
REST_ORDER = {
    "symbol": "ETHBTC", "orderId": 1, "orderListId": -1, "clientOrderId": "myOrder1", "price": "0.1",
    "origQty": "1.0", "executedQty": "0.0", "cummulativeQuoteQty": "0.0", "status": "NEW",
    "timeInForce": "GTC", "type": "LIMIT", "side": "BUY", "stopPrice": "0.0", "icebergQty": "0.0",
    "time": 1499827319559, "updateTime": 1499827319559, "isWorking": True, "workingTime": 1499827319559,
    "origQuoteOrderQty": "0.000000", "selfTradePreventionMode": "NONE",
}
KLINE = [1499040000000, "0.01634790", "0.80000000", "0.01575800", "0.01577100", "148976.11427815",
         1499644799999, "2434.19055334", 308, "1756.87402397", "28.46694368", "0"]
WS_TICKER = {"e": "24hrTicker", "E": 1672515782136, "s": "ETHBTC", "p": "0.0015", "P": "250.00", "w": "0.0018",
             "x": "0.0009", "c": "0.0025", "Q": "10", "b": "0.0024", "B": "10", "a": "0.0026", "A": "100",
             "o": "0.0010", "h": "0.0025", "l": "0.0010", "v": "10000", "q": "18", "O": 0, "C": 86400000,
             "F": 0, "L": 18150, "n": 18151}
BOOK_TICKER = {"u": 400900217, "s": "ETHBTC", "b": "25.35190000", "B": "31.21000000", "a": "25.36520000",
               "A": "40.66000000"}
MARK_PRICE = {"e": "markPriceUpdate", "E": 1562305380000, "s": "BTCUSDT", "p": "11794.15000000",
              "i": "11784.62659091", "P": "11784.25641265", "r": "0.00038167", "T": 1562306400000}
WS_POSITION = {"s": "BTCUSDT", "pa": "0.5", "ep": "60000.0", "bep": "60010", "cr": "200", "up": "3.2",
               "mt": "isolated", "iw": "100.0", "ps": "BOTH"}
POSITION_RISK = {"entryPrice": "60000.0", "breakEvenPrice": "0.0", "marginType": "isolated",
                 "isAutoAddMargin": "false", "isolatedMargin": "100.00000000", "leverage": "10",
                 "liquidationPrice": "0", "markPrice": "6679.50671178", "maxNotionalValue": "20000000",
                 "positionAmt": "0.010", "notional": "66.79", "isolatedWallet": "100", "symbol": "BTCUSDT",
                 "unRealizedProfit": "0.00000000", "positionSide": "BOTH", "updateTime": 0}
FORCE_ORDER = {"s": "BTCUSDT", "S": "SELL", "o": "LIMIT", "f": "IOC", "q": "0.014", "p": "9910", "ap": "9910",
               "X": "FILLED", "l": "0.014", "z": "0.014", "T": 1568014460893}
SPOT_ACCOUNT = {"makerCommission": 15, "takerCommission": 15, "buyerCommission": 0, "sellerCommission": 0,
                "canTrade": True, "canWithdraw": True, "canDeposit": True, "brokered": False,
                "requireSelfTradePrevention": False, "preventSor": False, "updateTime": 123456789,
                "accountType": "SPOT",
                "balances": [{"asset": "BTC", "free": "4723846.89208129", "locked": "0.00000000"},
                             {"asset": "LTC", "free": "4763368.68006011", "locked": "1.00000000"}],
                "permissions": ["SPOT"], "uid": 354937868}


# Exceptions meaning CCXT's own Python crashed on a varied payload: such examples are
# discarded (``assume``), not compared.
_PYTHON_CRASHES = {"ValueError", "TypeError", "KeyError", "IndexError", "AttributeError", "ZeroDivisionError",
                   "InvalidOperation", "ConversionSyntax", "OverflowError"}


# Hypothesis: what a varied payload's fields are replaced with.
_numeric_text = st.one_of(
    st.integers(min_value=-10**9, max_value=10**12).map(str),
    st.decimals(min_value=-10**6, max_value=10**6, places=8, allow_nan=False, allow_infinity=False).map(str),
)
_replacement = st.one_of(
    st.none(),
    _numeric_text,
    st.integers(min_value=0, max_value=10**13),
    st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "0", "BUY", "SELL", "NEW", "FILLED", "BNB", "ETHBTC", "BTCUSDT", True, False]),
)
