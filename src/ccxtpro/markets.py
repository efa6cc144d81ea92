"""Markets and currencies: loading, caching and lookups the base class owns.

``load_markets()`` fetches once and caches; concurrent callers share one
in-flight load, a failed load is retried by the next call, and
``reload=True`` refetches (joining a reload already in flight). Lookups
follow CCXT: ``market(symbol)`` accepts a unified symbol or an exchange id,
``safe_market(id)`` never raises for an unknown id (it builds a stub), and
ids shared by several markets resolve by market type.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from .errors import ArgumentsRequired, BadSymbol, ExchangeError

#: CCXT's precision modes (values as in CCXT)
DECIMAL_PLACES = 2
SIGNIFICANT_DIGITS = 3
TICK_SIZE = 4


def market_structure(market: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """CCXT's unified market with every key present (``None`` if unknown)."""
    clean: dict[str, Any] = dict.fromkeys(
        (
            "id lowercaseId symbol base quote settle baseId quoteId settleId type spot margin "
            "swap future option index active contract linear inverse subType taker maker "
            "contractSize expiry expiryDatetime strike optionType"
        ).split()
    )
    clean["precision"] = dict.fromkeys(("amount", "price", "cost", "base", "quote"))
    clean["limits"] = {k: {"min": None, "max": None} for k in ("leverage", "amount", "price", "cost")}
    clean["marginModes"] = {"cross": None, "isolated": None}
    clean["created"] = None
    clean["info"] = None
    if market is None:
        return clean
    clean.update(market)
    if clean["spot"] is True:
        for key in ("contract", "swap", "future", "option", "index"):
            if clean[key] is None:
                clean[key] = False
    return clean


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Deep merge of plain dicts (CCXT's deep_extend for two arguments)."""
    out = dict(base)
    for key, value in over.items():
        prior = out.get(key)
        if isinstance(value, Mapping) and isinstance(prior, Mapping):
            out[key] = _merge(dict(prior), value)
        else:
            out[key] = value
    return out


class MarketsMixin:
    """Market state and lookups of :class:`ccxtpro.Exchange`."""

    id: str
    options: dict[str, Any]
    has: dict[str, Any]
    fees: dict[str, Any]
    precision: dict[str, Any]
    limits: dict[str, Any]
    precisionMode: int
    commonCurrencies: dict[str, str]

    markets: dict[str, Any] | None = None
    markets_by_id: dict[str, list[dict[str, Any]]] | None = None
    symbols: list[str] | None = None
    ids: list[str] | None = None
    currencies: dict[str, Any] | None = None
    currencies_by_id: dict[str, Any] | None = None
    codes: list[str] | None = None
    baseCurrencies: dict[str, Any] | None = None
    quoteCurrencies: dict[str, Any] | None = None
    markets_loading: asyncio.Future[Any] | None = None
    reloading_markets: bool = False

    # CCXT exposes the snake_case state under camelCase too
    @property
    def marketsById(self) -> dict[str, list[dict[str, Any]]] | None:
        return self.markets_by_id

    @property
    def currenciesById(self) -> dict[str, Any] | None:
        return self.currencies_by_id

    # ---------------------------------------------------------------- loading

    async def fetch_markets(self, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Exchanges override this; the base returns markets given in config."""
        return list((self.markets or {}).values())

    async def fetch_currencies(self, params: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
        """Exchanges that can list currencies override this."""
        return None

    async def fetch_markets_ws(self, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """The loaded markets as a list (CCXT's emulated ``fetchMarketsWs``)."""
        return list((self.markets or {}).values())

    async def fetch_currencies_ws(self, params: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
        """The loaded currencies (CCXT's emulated ``fetchCurrenciesWs``)."""
        return self.currencies

    async def load_markets_helper(self, reload: bool = False, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The fetch side of :meth:`load_markets` (CCXT's ``loadMarketsHelper``): currencies if the
        exchange lists them, markets, then :meth:`set_markets`."""
        if not reload and self.markets:
            if not self.markets_by_id:
                return self.set_markets(self.markets)
            return self.markets
        currencies = None
        if self.has.get("fetchCurrencies") is True:
            currencies = await self.fetch_currencies()
            self.options["cachedCurrencies"] = currencies
        try:
            markets = await self.fetch_markets({} if params is None else params)
        finally:
            self.options.pop("cachedCurrencies", None)
        return self.set_markets(markets, currencies)

    async def load_markets(self, reload: bool = False, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Markets by symbol, fetched once; ``reload=True`` fetches again.

        Concurrent callers share one load; cancelling one caller does not
        cancel the load for the others; a failed load is not cached.
        """
        if (reload and not self.reloading_markets) or self.markets_loading is None:
            self.reloading_markets = reload
            self.markets_loading = asyncio.ensure_future(self.load_markets_helper(reload, params))
        loading = self.markets_loading
        try:
            return await asyncio.shield(loading)
        except BaseException:
            failed = loading.done() and (loading.cancelled() or loading.exception() is not None)
            if failed and self.markets_loading is loading:
                self.markets_loading = None
            raise
        finally:
            if loading.done() and self.markets_loading is loading:
                self.reloading_markets = False

    def set_markets(self, markets: Any, currencies: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Index ``markets`` (a list or a dict of unified markets) and derive
        currencies from them unless ``currencies`` is given."""
        values = list(markets.values()) if isinstance(markets, Mapping) else list(markets)
        # spot first: an id shared with a derivative resolves to spot by default
        values.sort(key=lambda m: m.get("spot") is not True)
        trading_fees = (self.fees or {}).get("trading", {})
        by_id: dict[str, list[dict[str, Any]]] = {}
        indexed: list[dict[str, Any]] = []
        for value in values:
            defined = {k: v for k, v in value.items() if v is not None}
            market = _merge(market_structure(), {"precision": self.precision, "limits": self.limits})
            market = _merge(_merge(market, trading_fees), defined)
            if market["linear"] is True:
                market["subType"] = "linear"
            elif market["inverse"] is True:
                market["subType"] = "inverse"
            else:
                market["subType"] = None
            by_id.setdefault(market["id"], []).append(market)
            indexed.append(market)
        self.markets_by_id = by_id
        self.markets = {m["symbol"]: m for m in indexed}
        self.symbols = sorted(self.markets)
        self.ids = sorted(by_id)
        if currencies:
            self.currencies = _merge(dict(self.currencies or {}), currencies)
        else:
            self.currencies = _merge(dict(self.currencies or {}), self._currencies_from_markets(indexed))
        self.currencies_by_id = {
            c["id"]: c for c in self.currencies.values() if isinstance(c, Mapping) and c.get("id") is not None
        }
        self.codes = sorted(self.currencies)
        return self.markets

    def _currencies_from_markets(self, markets: list[dict[str, Any]]) -> dict[str, Any]:
        """One currency per code, keeping the finest precision seen."""
        default_precision: Any = 8 if self.precisionMode == DECIMAL_PLACES else 1e-8
        finest = min if self.precisionMode == TICK_SIZE else max
        found: dict[str, dict[str, Any]] = {}
        for market in markets:
            precision = market.get("precision") or {}
            for side, id_key, prec_keys in (("base", "baseId", ("base", "amount")), ("quote", "quoteId", ("quote", "price"))):
                code = market.get(side)
                if code is None:
                    continue
                p = next((precision[k] for k in prec_keys if precision.get(k) is not None), default_precision)
                prior = found.get(code)
                if prior is not None and prior["precision"] is not None and p is not None:
                    p = finest(prior["precision"], p)
                found[code] = {
                    "id": market.get(id_key) or code,
                    "code": code,
                    "precision": p,
                    "numericId": None,
                }
        return {code: found[code] for code in sorted(found)}

    # ---------------------------------------------------------------- lookups

    def market(self, symbol: str | None) -> dict[str, Any]:
        """The market for a unified symbol or an exchange market id."""
        if symbol is None:
            raise ArgumentsRequired(f"{self.id} market() requires a symbol argument")
        if self.markets is None:
            raise ExchangeError(f"{self.id} markets not loaded")
        market = self.markets.get(symbol)
        if market is not None:
            return market
        same_id = (self.markets_by_id or {}).get(symbol)
        if same_id:
            default_type = self.options.get("defaultType") or self.options.get("defaultSubType") or "spot"
            for candidate in same_id:
                if candidate.get(default_type) is True:
                    return candidate
            return same_id[0]
        raise BadSymbol(f"{self.id} does not have market symbol {symbol}")

    def market_or_null(self, symbol: str | None) -> dict[str, Any] | None:
        return None if symbol is None else self.market(symbol)

    def market_id(self, symbol: str) -> str:
        market = self.market(symbol)
        return market["id"] if market is not None else symbol

    def market_ids(self, symbols: list[str] | None = None) -> list[str] | None:
        if symbols is None:
            return None
        return [self.market_id(s) for s in symbols]

    def symbol(self, symbol: str) -> str:
        if symbol is None:
            raise ArgumentsRequired(f"{self.id} symbol() requires a symbol argument")
        return self.market(symbol).get("symbol") or symbol

    def safe_market(
        self,
        market_id: str | None = None,
        market: dict[str, Any] | None = None,
        delimiter: str | None = None,
        market_type: str | None = None,
    ) -> dict[str, Any]:
        """The market an exchange id denotes; a stub market if it is unknown.

        An id shared by several markets needs ``market_type`` (or ``market``
        to take the type from).
        """
        if market_id is not None:
            same_id = (self.markets_by_id or {}).get(market_id)
            if same_id:
                if len(same_id) == 1:
                    return same_id[0]
                if market_type is None:
                    if market is None:
                        raise ArgumentsRequired(
                            f"{self.id} safeMarket() requires a fourth argument for {market_id} "
                            "to disambiguate between different markets with the same market id"
                        )
                    market_type = market["type"]
                for candidate in same_id:
                    if candidate.get(market_type) is True:
                        return candidate
            elif delimiter:
                parts = market_id.split(delimiter)
                result = market_structure({"symbol": market_id, "marketId": market_id})
                if len(parts) == 2:
                    base_id, quote_id = parts
                    base, quote = self.safe_currency_code(base_id), self.safe_currency_code(quote_id)
                    result.update(baseId=base_id, quoteId=quote_id, base=base, quote=quote)
                    result["symbol"] = f"{base}/{quote}"
                return result
        if market is not None:
            return market
        return market_structure({"symbol": market_id, "marketId": market_id})

    def safe_symbol(
        self,
        market_id: str | None,
        market: dict[str, Any] | None = None,
        delimiter: str | None = None,
        market_type: str | None = None,
    ) -> str | None:
        return self.safe_market(market_id, market, delimiter, market_type)["symbol"]

    # ------------------------------------------------------------- currencies

    def common_currency_code(self, code: str) -> str:
        """CCXT's renaming of legacy codes (``XBT`` -> ``BTC``…)."""
        return (self.commonCurrencies or {}).get(code, code)

    def currency(self, code: str) -> dict[str, Any]:
        if self.currencies is None:
            raise ExchangeError(f"{self.id} currencies not loaded")
        found = self.currencies.get(code) or (self.currencies_by_id or {}).get(code)
        if found is None:
            raise BadSymbol(f"{self.id} does not have currency code {code}")
        return found

    def safe_currency(self, currency_id: str | None, currency: dict[str, Any] | None = None) -> dict[str, Any]:
        if currency_id is None and currency is not None:
            return currency
        known = (self.currencies_by_id or {}).get(currency_id) if currency_id is not None else None
        if known is not None:
            return known
        code = self.common_currency_code(currency_id.upper()) if currency_id is not None else None
        return {"id": currency_id, "code": code, "precision": None}

    def safe_currency_code(self, currency_id: str | None, currency: dict[str, Any] | None = None) -> str | None:
        return self.safe_currency(currency_id, currency)["code"]
