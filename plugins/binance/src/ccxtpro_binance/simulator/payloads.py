"""Binance JSON shapes built from the market model (streams and REST alike).

One function per payload kind so the stream and REST layers agree on field
names; spot and futures differences (``pu``, ``T``, no ``b``/``a`` on futures
tickers, bookTicker without ``e`` on spot) are decided here.
"""

from __future__ import annotations

from .book import ASK, BID, Diff
from .instruments import COINM, SPOT, Instrument
from .market import AggTrade, Candle, Liquidation, MarketModel, Trade


def _levels(inst: Instrument, rows) -> list:
    px, qty = inst.px, inst.qty
    return [[px(p), qty(q)] for p, q in rows]


def depth_update(inst: Instrument, d: Diff, E: int) -> dict:
    if inst.market == SPOT:
        return {"e": "depthUpdate", "E": E, "s": inst.symbol, "U": d.first_id, "u": d.last_id,
                "b": _levels(inst, d.bids), "a": _levels(inst, d.asks)}
    return {"e": "depthUpdate", "E": E, "T": E, "s": inst.symbol, "U": d.first_id, "u": d.last_id,
            "pu": d.prev_id, "b": _levels(inst, d.bids), "a": _levels(inst, d.asks)}


def merge_diffs(diffs: list[Diff]) -> Diff | None:
    """One diff covering several consecutive ones (for the slower depth speeds)."""
    if not diffs:
        return None
    if len(diffs) == 1:
        return diffs[0]
    bids: dict[int, int] = {}
    asks: dict[int, int] = {}
    for d in diffs:
        bids.update(d.bids)
        asks.update(d.asks)
    return Diff(diffs[0].first_id, diffs[-1].last_id, diffs[0].prev_id, list(bids.items()), list(asks.items()))


def partial_depth(model: MarketModel, levels: int, E: int, last_diff: Diff | None) -> dict:
    inst = model.inst
    uid, bids, asks = model.book.snapshot(levels)
    if inst.market == SPOT:
        return {"lastUpdateId": uid, "bids": _levels(inst, bids), "asks": _levels(inst, asks)}
    first = last_diff.first_id if last_diff else uid
    prev = last_diff.prev_id if last_diff else uid
    return {"e": "depthUpdate", "E": E, "T": E, "s": inst.symbol, "U": first, "u": uid, "pu": prev,
            "b": _levels(inst, bids), "a": _levels(inst, asks)}


def depth_snapshot(model: MarketModel, limit: int, now: int) -> dict:
    inst = model.inst
    uid, bids, asks = model.book.snapshot(limit)
    if inst.market == SPOT:
        return {"lastUpdateId": uid, "bids": _levels(inst, bids), "asks": _levels(inst, asks)}
    out = {"lastUpdateId": uid, "E": now, "T": now}
    if inst.market == COINM:
        out.update({"symbol": inst.symbol, "pair": inst.pair})
    out.update({"bids": _levels(inst, bids), "asks": _levels(inst, asks)})
    return out


def trade_event(inst: Instrument, t: Trade, E: int) -> dict:
    if inst.market == SPOT:
        return {"e": "trade", "E": E, "s": inst.symbol, "t": t.id, "p": inst.px(t.price),
                "q": inst.qty(t.qty), "T": t.time, "m": t.buyer_maker, "M": True}
    return {"e": "trade", "E": E, "T": t.time, "s": inst.symbol, "t": t.id, "p": inst.px(t.price),
            "q": inst.qty(t.qty), "X": "MARKET", "m": t.buyer_maker}


def agg_trade_event(inst: Instrument, a: AggTrade, E: int) -> dict:
    d = {"e": "aggTrade", "E": E, "s": inst.symbol, "a": a.id, "p": inst.px(a.price),
         "q": inst.qty(a.qty), "f": a.first_id, "l": a.last_id, "T": a.time, "m": a.buyer_maker}
    if inst.market == SPOT:
        d["M"] = True
    return d


def trade_rest(inst: Instrument, t: Trade) -> dict:
    qv = inst.qty_float(t.qty) * inst.px_float(t.price)
    d = {"id": t.id, "price": inst.px(t.price), "qty": inst.qty(t.qty)}
    if inst.market == COINM:
        d["baseQty"] = f"{inst.qty_float(t.qty) * inst.contract_size / inst.px_float(t.price):.8f}"
    else:
        d["quoteQty"] = f"{qv:.8f}"
    d.update({"time": t.time, "isBuyerMaker": t.buyer_maker})
    if inst.market == SPOT:
        d["isBestMatch"] = True
    return d


def agg_trade_rest(inst: Instrument, a: AggTrade) -> dict:
    d = {"a": a.id, "p": inst.px(a.price), "q": inst.qty(a.qty), "f": a.first_id, "l": a.last_id,
         "T": a.time, "m": a.buyer_maker}
    if inst.market == SPOT:
        d["M"] = True
    return d


def _volumes(inst: Instrument, steps: int, quote: float) -> tuple[str, str]:
    return inst.qty(steps), f"{quote:.8f}"


def kline_event(inst: Instrument, c: Candle, E: int) -> dict:
    v, q = _volumes(inst, c.v, c.qv)
    tbv, tbq = _volumes(inst, c.tbv, c.tbqv)
    k = {"t": c.open_time, "T": c.close_time, "s": inst.symbol, "i": c.interval, "f": c.first_id,
         "L": c.last_id, "o": inst.px(c.o), "c": inst.px(c.c), "h": inst.px(c.h), "l": inst.px(c.l),
         "v": v, "n": c.n, "x": c.closed, "q": q, "V": tbv, "Q": tbq, "B": "0"}
    d = {"e": "kline", "E": E, "s": inst.symbol, "k": k}
    if inst.market == COINM:
        d = {"e": "kline", "E": E, "s": inst.symbol, "ps": inst.pair, "k": k}
    return d


def price_kline_event(m: MarketModel, c: Candle, kind: str, E: int) -> dict:
    """COIN-M ``markPrice_kline`` / ``indexPrice_kline``: the trade kline's window priced by mark or index."""
    inst = m.inst
    px = m.mark_price() if kind == "markPrice_kline" else m.index_price()
    k = {"t": c.open_time, "T": c.close_time, "s": inst.symbol if kind == "markPrice_kline" else "0",
         "i": c.interval, "f": c.first_id, "L": c.last_id, "o": inst.px(c.o), "c": inst.px(px),
         "h": inst.px(max(c.h, px)), "l": inst.px(min(c.l, px)), "v": "0", "n": c.n, "x": c.closed,
         "q": "0", "V": "0", "Q": "0", "B": "0"}
    return {"e": kind, "E": E, "ps": inst.pair, "k": k}


def kline_rest(inst: Instrument, c: Candle) -> list:
    v, q = _volumes(inst, c.v, c.qv)
    tbv, tbq = _volumes(inst, c.tbv, c.tbqv)
    return [c.open_time, inst.px(c.o), inst.px(c.h), inst.px(c.l), inst.px(c.c), v, c.close_time,
            q, c.n, tbv, tbq, "0"]


def _ticker_numbers(m: MarketModel) -> dict:
    inst = m.inst
    change = m.last_price - m.open_24h
    pct = change / m.open_24h * 100 if m.open_24h else 0.0
    vol = inst.qty_float(m.vol_24h)
    wavg = m.qvol_24h / vol if vol else inst.px_float(m.last_price)
    return {
        "p": inst.px(change) if change >= 0 else "-" + inst.px(-change),
        "P": f"{pct:.3f}",
        "w": f"{wavg:.{inst.out_decimals[0]}f}",
        "c": inst.px(m.last_price),
        "Q": inst.qty(m.last_qty),
        "o": inst.px(m.open_24h),
        "h": inst.px(m.high_24h),
        "l": inst.px(m.low_24h),
        "v": inst.qty(m.vol_24h),
        "q": f"{m.qvol_24h:.8f}",
    }


def ticker_event(m: MarketModel, E: int) -> dict:
    inst = m.inst
    n = _ticker_numbers(m)
    d = {"e": "24hrTicker", "E": E, "s": inst.symbol, "p": n["p"], "P": n["P"], "w": n["w"]}
    if inst.market == SPOT:
        bb, ba = m.book.best(BID), m.book.best(ASK)
        d.update({"x": n["o"], "c": n["c"], "Q": n["Q"],
                  "b": inst.px(bb or 0), "B": inst.qty(m.book.total(BID, bb) if bb else 0),
                  "a": inst.px(ba or 0), "A": inst.qty(m.book.total(ASK, ba) if ba else 0)})
    else:
        d.update({"c": n["c"], "Q": n["Q"]})
        if inst.market == COINM:
            d["ps"] = inst.pair
    d.update({"o": n["o"], "h": n["h"], "l": n["l"], "v": n["v"], "q": n["q"],
              "O": E - 86_400_000, "C": E, "F": m.first_trade_24h, "L": m.trade_id,
              "n": m.trade_id - m.first_trade_24h + 1})
    return d


def window_ticker_event(m: MarketModel, window: str, E: int) -> dict:
    """Spot rolling-window ticker (``1hTicker``/``4hTicker``/``1dTicker``); stats of the 24h model."""
    n = _ticker_numbers(m)
    return {"e": window + "Ticker", "E": E, "s": m.inst.symbol, "p": n["p"], "P": n["P"], "o": n["o"],
            "h": n["h"], "l": n["l"], "c": n["c"], "w": n["w"], "v": n["v"], "q": n["q"],
            "O": E - {"1h": 3_600_000, "4h": 14_400_000, "1d": 86_400_000}[window], "C": E,
            "F": m.first_trade_24h, "L": m.trade_id, "n": m.trade_id - m.first_trade_24h + 1}


def mini_ticker_event(m: MarketModel, E: int) -> dict:
    n = _ticker_numbers(m)
    d = {"e": "24hrMiniTicker", "E": E, "s": m.inst.symbol, "c": n["c"], "o": n["o"], "h": n["h"],
         "l": n["l"], "v": n["v"], "q": n["q"]}
    if m.inst.market == COINM:
        d["ps"] = m.inst.pair
    return d


def ticker_rest(m: MarketModel, now: int) -> dict:
    inst = m.inst
    n = _ticker_numbers(m)
    d = {"symbol": inst.symbol}
    if inst.market == COINM:
        d["pair"] = inst.pair
    d.update({"priceChange": n["p"], "priceChangePercent": n["P"], "weightedAvgPrice": n["w"]})
    if inst.market == SPOT:
        bb, ba = m.book.best(BID), m.book.best(ASK)
        d.update({"prevClosePrice": n["o"], "lastPrice": n["c"], "lastQty": n["Q"],
                  "bidPrice": inst.px(bb or 0), "bidQty": inst.qty(m.book.total(BID, bb) if bb else 0),
                  "askPrice": inst.px(ba or 0), "askQty": inst.qty(m.book.total(ASK, ba) if ba else 0)})
    else:
        d.update({"lastPrice": n["c"], "lastQty": n["Q"]})
    d.update({"openPrice": n["o"], "highPrice": n["h"], "lowPrice": n["l"], "volume": n["v"]})
    d["baseVolume" if inst.market == COINM else "quoteVolume"] = n["q"]
    d.update({"openTime": now - 86_400_000, "closeTime": now, "firstId": m.first_trade_24h,
              "lastId": m.trade_id, "count": m.trade_id - m.first_trade_24h + 1})
    return d


def book_ticker_event(m: MarketModel, E: int, update_id: int | None = None) -> dict:
    inst = m.inst
    bb, ba = m.book.best(BID), m.book.best(ASK)
    core = {"u": update_id if update_id is not None else m.book.update_id, "s": inst.symbol,
            "b": inst.px(bb or 0), "B": inst.qty(m.book.total(BID, bb) if bb else 0),
            "a": inst.px(ba or 0), "A": inst.qty(m.book.total(ASK, ba) if ba else 0)}
    if inst.market == SPOT:
        return core
    d = {"e": "bookTicker", "u": core["u"], "s": inst.symbol}
    if inst.market == COINM:
        d["ps"] = inst.pair
    d.update({"b": core["b"], "B": core["B"], "a": core["a"], "A": core["A"], "T": E, "E": E})
    return d


def book_ticker_rest(m: MarketModel, now: int) -> dict:
    inst = m.inst
    bb, ba = m.book.best(BID), m.book.best(ASK)
    d = {"symbol": inst.symbol}
    if inst.market == COINM:
        d["pair"] = inst.pair
    d.update({"bidPrice": inst.px(bb or 0), "bidQty": inst.qty(m.book.total(BID, bb) if bb else 0),
              "askPrice": inst.px(ba or 0), "askQty": inst.qty(m.book.total(ASK, ba) if ba else 0)})
    if inst.market != SPOT:
        d.update({"time": now, "lastUpdateId": m.book.update_id})
    return d


def next_funding(now: int) -> int:
    eight = 8 * 3_600_000
    return now - now % eight + eight


def mark_price_event(m: MarketModel, E: int) -> dict:
    """USD-M carries the index price ``i``; both carry ``P`` (estimated settle price)."""
    inst = m.inst
    perpetual = inst.contract_type == "PERPETUAL"
    mark = inst.px(m.mark_price())
    d = {"e": "markPriceUpdate", "E": E, "s": inst.symbol, "p": mark}
    if inst.market != COINM:
        d["i"] = inst.px(m.index_price())
    d.update({"P": mark, "r": m.funding_rate if perpetual else "", "T": next_funding(E) if perpetual else 0})
    return d


def premium_index_rest(m: MarketModel, now: int) -> dict:
    inst = m.inst
    d = {"symbol": inst.symbol}
    if inst.market == COINM:
        d["pair"] = inst.pair
    d.update({"markPrice": inst.px(m.mark_price()), "indexPrice": inst.px(m.index_price()),
              "estimatedSettlePrice": inst.px(m.mark_price()),
              "lastFundingRate": m.funding_rate if inst.contract_type == "PERPETUAL" else "",
              "interestRate": "0.00010000",
              "nextFundingTime": next_funding(now) if inst.contract_type == "PERPETUAL" else 0,
              "time": now})
    return d


def force_order_event(inst: Instrument, liq: Liquidation, E: int) -> dict:
    q = inst.qty(liq.qty)
    o = {"s": inst.symbol, "S": liq.side, "o": "LIMIT", "f": "IOC", "q": q, "p": inst.px(liq.price),
         "ap": inst.px(liq.price), "X": "FILLED", "l": q, "z": q, "T": liq.time}
    if inst.market == COINM:
        o["ps"] = inst.pair
    return {"e": "forceOrder", "E": E, "o": o}

