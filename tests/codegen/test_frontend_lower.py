"""Front end (MethodModel) and lowering (IR), including hard errors and the TS path."""

from __future__ import annotations

import pytest

from codegen import __main__ as cli
from codegen import ir
from codegen.frontend import parse_source
from codegen.lower import LowerError, lower_method

JS = b"""
import { BadRequest } from './base/errors.js';
export default class binance extends binanceRest {
    describe() { return {}; }
    async watchThing(symbol, limit = undefined, params = {}) {
        await this.loadMarkets();
        return symbol;
    }
    helper(...args) { return args; }
}
"""


def test_method_models():
    pf = parse_source(JS, "js/src/pro/binance.js")
    cls = pf.main_class()
    assert cls.name == "binance" and cls.superclass == "binanceRest"
    assert list(cls.methods) == ["describe", "watchThing", "helper"]
    m = cls.methods["watchThing"]
    assert m.is_async and (m.start_line, m.end_line) == (5, 8) and m.path == "js/src/pro/binance.js"
    assert [p.name for p in m.params] == ["symbol", "limit", "params"]
    assert m.params[0].default is None and m.params[1].default.type == "undefined"
    assert m.params[2].default.type == "object"
    assert cls.methods["helper"].params[0].kind == "rest"


def _lower(body: str, path: str = "x.js") -> ir.Method:
    pf = parse_source(f"class X {{\n  f(a, b) {{\n{body}\n  }}\n}}".encode(), path)
    return lower_method(pf.main_class().methods["f"], "pro")


def _kinds(m: ir.Method) -> set[str]:
    return {n.kind for n in ir.walk(m)}


def test_ir_nodes_for_the_constructs_ccxt_writes():
    m = _lower("""
        const [x, y] = a;
        const { k } = b;
        const c = { ...a, 'z': [...b] };
        const s = `t${x}`;
        const o = a?.b;
        if (a instanceof Array || typeof b === 'string') { return; }
        try { throw new BadRequest('x'); } catch (e) { } finally { }
        for (const v of a) { } for (const key in b) { }
        const r = await Promise.all([a, b]);
        const p = Precise.stringAdd(a, b);
    """)
    kinds = _kinds(m)
    for k in ("ArrayPattern", "ObjectPattern", "Spread", "ObjectLit", "Template", "Member", "InstanceOf",
              "TypeOf", "Try", "Throw", "New", "ForOf", "ForIn", "PromiseAll", "PreciseCall", "Await"):
        assert k in kinds, k
    assert any(isinstance(n, ir.Member) and n.optional for n in ir.walk(m))
    assert ir.summary(m)["count"] == sum(ir.summary(m)["kinds"].values())


@pytest.mark.parametrize("body,construct", [
    ("const r = /ab+c/;", "regular expression literal"),
    ("outer: for (;;) { break outer; }", "statement labeled_statement"),
    ("a = (1, 2);", "comma expression"),
    ("class Y {}", "statement class_declaration"),
    ("void a;", "void operator"),
])
def test_unsupported_construct_is_a_hard_error_with_position(body, construct):
    with pytest.raises(LowerError) as info:
        _lower(body, "js/src/pro/binance.js")
    err = info.value
    assert err.path == "js/src/pro/binance.js" and err.line == 3 and err.col >= 1
    assert construct in err.construct
    assert f"js/src/pro/binance.js:3:{err.col}: unsupported construct" in str(err)


def test_every_method_of_the_pinned_source_lowers(program, generated):
    for layer, names in generated.closure.methods.items():
        for name in names:
            assert program.method_ir(layer, name).body is not None


TS_PRO = """
import binanceRest from '../binance.js';
import { ArrayCache } from '../base/ws/Cache.js';
import { BadRequest } from '../base/errors.js';
import type { Int, Str, Trade } from '../base/types.js';
export default class binance extends binanceRest {
    describe (): any {
        return this.deepExtend (super.describe (), { 'has': { 'ws': true } });
    }
    async watchTrades (symbol: string, since: Int = undefined, limit: Int = undefined, params = {}): Promise<Trade[]> {
        await this.loadMarkets ();
        const market = this.market (symbol);
        const url = this.urls['api']['ws'] as string;
        const messageHash = 'trade::' + market['symbol'];
        const trades = await this.watch (url, messageHash, this.extend ({ 'method': 'SUBSCRIBE' }, params), messageHash);
        return this.filterBySinceLimit (trades, since, limit, 'timestamp', true);
    }
    handleTrade (client: Client, message) {
        const trade = this.parseTrade (message);
        let cached = this.trades[trade['symbol']];
        if (cached === undefined) {
            cached = new ArrayCache (this.safeInteger (this.options, 'tradesLimit', 1000));
            this.trades[trade['symbol']] = cached;
        }
        cached.append (trade);
        client.resolve (cached, 'trade::' + trade['symbol']);
    }
    handleMessage (client: Client, message: any) {
        const methods: Dict = { 'trade': this.handleTrade };
        const event = this.safeString (message, 'e');
        const method = this.safeValue (methods, event);
        if (method !== undefined) {
            method.call (this, client, message);
        }
    }
}
"""
TS_REST = """
import Exchange from './abstract/binance.js';
export default class binance extends Exchange {
    describe (): any {
        return this.deepExtend (super.describe (), { 'id': 'binance', 'api': { 'public': { 'get': { 'trades': 1 } } } });
    }
    market (symbol: string): MarketInterface {
        return this.markets[symbol];
    }
    parseTrade (trade: Dict, market: Market = undefined): Trade {
        const price = this.safeString (trade, 'p');
        return this.safeTrade ({ 'price': price, 'symbol': this.safeString (trade, 's'), 'info': trade }, market);
    }
}
"""
TS_BASE = """
const { safeString, safeInteger, extend, deepExtend } = functions;
export default class Exchange {
    options: Dict = {};
    describe () { return {}; }
    safeTrade (trade: Dict, market: Market = undefined): Trade { return this.extend (trade, { 'fee': undefined }); }
    filterBySinceLimit (array: object[], since: Int = undefined, limit: Int = undefined, key: IndexType = 'timestamp', tail = false): any {
        return array;
    }
    safeValue (o, k, d = undefined) { return d; }
    async loadMarkets (reload = false, params = {}) { return this.markets; }
    async watch (url: string, messageHash: string, message = undefined, subscribeHash = undefined, subscription = undefined) { return []; }
}
"""


def test_typescript_checkout_generates(tmp_path, capsys):
    src = tmp_path / "ccxt" / "ts" / "src"
    (src / "pro").mkdir(parents=True)
    (src / "base").mkdir()
    (src / "pro" / "binance.ts").write_text(TS_PRO)
    (src / "binance.ts").write_text(TS_REST)
    (src / "base" / "Exchange.ts").write_text(TS_BASE)
    out = tmp_path / "out"
    assert cli.main(["generate", "--source", str(src / "pro" / "binance.ts"), "--out", str(out)]) == 0
    text = (out / "plugins/binance/src/ccxtpro_binance/generated/binance.py").read_text()
    assert "async def watch_trades(self, symbol, since=None, limit=None, params=None):" in text
    assert "# source: ts/src/pro/binance.ts:10-17 (binance.watchTrades)" in text
    assert "handleTrade = handle_trade" in text
    assert cli.main(["check", "--source", str(src / "pro" / "binance.ts"), "--out", str(out)]) == 0
    assert "4/4 covered" in capsys.readouterr().out


def test_cli_reports_unsupported_construct_and_fails(tmp_path, capsys):
    src = tmp_path / "ts" / "src"
    (src / "pro").mkdir(parents=True)
    (src / "base").mkdir()
    (src / "pro" / "binance.ts").write_text(TS_PRO.replace("const market = this.market (symbol);",
                                                            "const market = /re/;"))
    (src / "binance.ts").write_text(TS_REST)
    (src / "base" / "Exchange.ts").write_text(TS_BASE)
    assert cli.main(["inspect", "--source", str(src / "pro" / "binance.ts")]) == 2
    err = capsys.readouterr().err
    assert "ts/src/pro/binance.ts:12:" in err and "regular expression literal" in err


@pytest.mark.parametrize("js,py", [("fetchOHLCVWs", "fetch_ohlcv_ws"), ("safeString2", "safe_string_2"),
                                   ("iso8601", "iso8601"), ("parseWsOHLCV", "parse_ws_ohlcv"),
                                   ("handleAcountUpdate", "handle_acount_update"), ("markets_by_id", "markets_by_id"),
                                   ("safeStringN", "safe_string_n"), ("uuid22", "uuid22"),
                                   ("describe", "describe"), ("watchOHLCVForSymbols", "watch_ohlcv_for_symbols"),
                                   ("parseOHLCVs", "parse_ohlcvs"), ("fetch2", "fetch2"), ("uuid5", "uuid5"),
                                   ("createOHLCVObject", "create_ohlcv_object"), ("remove0xPrefix", "remove0x_prefix"),
                                   ("handleOptionAndParams2", "handle_option_and_params_2"),
                                   ("parseWsOHLCVs", "parse_ws_ohlcvs"), ("binaryToBase16", "binary_to_base16")])
def test_snake_case_names(js, py):
    from codegen.naming import snake
    assert snake(js) == py
