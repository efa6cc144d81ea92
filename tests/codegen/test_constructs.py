"""Per-construct tests: a JS snippet goes through the whole pipeline, the Python runs.

Each asserts behaviour (JS semantics), not text: what Node would compute.
"""

from __future__ import annotations

import pytest

from jsrun import Errors, compile_class, python_of, run


def test_undefined_and_null_are_none_and_compared_with_is():
    assert run("return a === undefined;", None, params="a") is True
    assert run("return a !== null;", 0, params="a") is True
    assert "is None" in python_of("return a === undefined;", "a")


def test_strict_equality():
    assert run("return a === '1';", 1, params="a") is False
    assert run("return a === 1;", 1, params="a") is True
    assert run("return a !== 'x';", "x", params="a") is False
    assert run("return a === true;", 1, params="a") is False
    assert run("return a === true;", True, params="a") is True
    assert run("return a !== false;", 0, params="a") is True


@pytest.mark.parametrize("value,expected", [([], "yes"), ({}, "yes"), ("", "no"), (0, "no"), (None, "no"),
                                            ("0", "yes"), (float("nan"), "no"), ([0], "yes")])
def test_truthiness_follows_js(value, expected):
    assert run("if (a) { return 'yes'; } return 'no';", value, params="a") == expected
    assert run("return a ? 'yes' : 'no';", value, params="a") == expected
    assert run("return !a ? 'no' : 'yes';", value, params="a") == expected


def test_logical_operators_return_operands_with_js_truthiness():
    assert run("return a || 'default';", [], params="a") == []
    assert run("return a || 'default';", "", params="a") == "default"
    assert run("return a && 'second';", {}, params="a") == "second"
    assert run("return a && 'second';", 0, params="a") == 0
    assert run("return a ?? 'd';", 0, params="a") == 0
    assert run("return a ?? 'd';", None, params="a") == "d"


def test_string_concatenation_converts_numbers_and_undefined_like_js():
    assert run("return 'n:' + a;", 5, params="a") == "n:5"
    assert run("return 'n:' + a;", 1.5, params="a") == "n:1.5"
    assert run("return 'n:' + a;", 2.0, params="a") == "n:2"
    assert run("return 'n:' + a;", None, params="a") == "n:undefined"
    assert run("return 'b:' + a;", True, params="a") == "b:true"
    assert run("return a + b;", 2, 3, params="a, b") == 5
    assert run("let s = 'x'; s += a; return s;", 7, params="a") == "x7"


def test_template_strings():
    assert run("return `${a}-${b}!`;", "p", 3, params="a, b") == "p-3!"


def test_arithmetic_division_and_modulo():
    assert run("return a / b;", 7, 2, params="a, b") == 3.5
    assert run("return Math.floor(a / b);", 7, 2, params="a, b") == 3
    assert run("return a % b;", -7, 3, params="a, b") == -1
    assert run("return Math.max(a, b);", 7, 2, params="a, b") == 7
    assert run("return parseInt(a);", "12.7px", params="a") == 12
    assert run("return parseFloat(a);", "1.5e3x", params="a") == 1500.0


def test_in_operator_and_delete():
    assert run("return 'k' in o;", {"k": None}, params="o") is True
    assert run("return !('k' in o);", {}, params="o") is True
    assert run("delete o['k']; delete o['missing']; return o;", {"k": 1, "j": 2}, params="o") == {"j": 2}


def test_array_and_string_builtins():
    assert run("const r = []; r.push(a); r.push(a); return r.length;", 1, params="a") == 2
    assert run("return s.split(',');", "a,b", params="s") == ["a", "b"]
    assert run("return s.indexOf('b');", "abc", params="s") == 1
    assert run("return xs.indexOf(3);", [1, 2], params="xs") == -1
    assert run("return xs.slice(1);", [1, 2, 3], params="xs") == [2, 3]
    assert run("return xs.slice(-2, -1);", [1, 2, 3], params="xs") == [2]
    assert run("return xs.join('/');", ["a", "b"], params="xs") == "a/b"
    assert run("return s.toUpperCase() + s.toLowerCase();", "aB", params="s") == "ABab"
    assert run("return s.replace('a', 'x');", "aaa", params="s") == "xaa"  # first only, as in JS
    assert run("return s.startsWith('a') && s.endsWith('c');", "abc", params="s") is True
    assert run("return Object.keys(o);", {"a": 1, "b": 2}, params="o") == ["a", "b"]
    assert run("return Object.values(o);", {"a": 1, "b": 2}, params="o") == [1, 2]
    assert run("return Array.isArray(o);", [], params="o") is True
    assert run("return Array.isArray(o);", {}, params="o") is False
    assert run("return JSON.parse(s);", '{"a": [1]}', params="s") == {"a": [1]}
    assert run("return (5).toString() + a.toString();", 1.0, params="a") == "51"


def test_spread_in_arrays_objects_and_calls():
    assert run("return [...a, ...b, 3];", [1], [2], params="a, b") == [1, 2, 3]
    assert run("return { ...a, 'k': 2 };", {"k": 1, "j": 0}, params="a") == {"k": 2, "j": 0}
    cls = compile_class("class X { g(a, b) { return a + b; } f(xs) { return this.g(...xs); } }")
    assert cls().f([1, 2]) == 3


def test_destructuring():
    cls = compile_class("class X { pair() { return [1, 2]; } f() { const [a, b] = this.pair(); let c; [c] = [a + b]; "
                        "const { x, y } = { 'x': 5 }; return [a, b, c, x, y]; } }")
    assert cls().f() == [1, 2, 3, 5, None]


def test_optional_chaining():
    assert run("return a?.b;", None, params="a") is None
    assert run("return a?.['k'];", None, params="a") is None
    assert run("return a?.['k'];", {"k": 4}, params="a") == 4


def test_typeof_and_instanceof():
    assert run("return typeof a;", "s", params="a") == "string"
    assert run("return typeof a === 'number';", 1.5, params="a") is True
    assert run("return typeof a;", None, params="a") == "undefined"
    assert run("return typeof a;", {}, params="a") == "object"
    body = "try { throw new BadRequest('x'); } catch (e) { return e instanceof ExchangeError; }"
    assert run(body) is True


def test_try_catch_finally():
    body = ("const log = []; try { log.push('try'); throw new NotSupported('boom'); } "
            "catch (e) { log.push('catch'); } finally { log.push('finally'); } return log;")
    assert run(body) == ["try", "catch", "finally"]
    with pytest.raises(Errors.ArgumentsRequired):
        run("throw new ArgumentsRequired('need symbol');")


def test_loops_for_of_for_in_and_c_style_with_continue():
    assert run("let s = 0; for (const x of xs) { s += x; } return s;", [1, 2, 3], params="xs") == 6
    assert run("const ks = []; for (const k in o) { ks.push(k); } return ks;", {"a": 1, "b": 2}, params="o") == ["a", "b"]
    body = "let s = 0; for (let i = 0; i < 10; i++) { if (i % 2 === 0) { continue; } s += i; } return s;"
    assert run(body) == 25
    body = "let s = 0; for (let i = 0; i < xs.length; i += 2) { s += xs[i]; } return s;"
    assert run(body, [1, 2, 3, 4, 5], params="xs") == 9
    body = "const out = []; for (let i = xs.length - 1; i >= 0; i--) { out.push(xs[i]); } return out;"
    assert run(body, [1, 2, 3], params="xs") == [3, 2, 1]
    # the body changes the bound: must stay a while loop, re-evaluating the test
    body = "let n = 0; for (let i = 0; i < xs.length; i++) { if (xs.length < 5) { xs.push(0); } n++; } return n;"
    assert run(body, [1], params="xs") == 5
    body = "let i = 0; while (i < 3) { i++; } return i;"
    assert run(body) == 3


def test_switch_without_fallthrough():
    body = "switch (a) { case 'x': case 'y': return 1; case 'z': { return 2; } default: return 3; }"
    assert [run(body, v, params="a") for v in ("x", "y", "z", "w")] == [1, 1, 2, 3]


def test_default_parameters_apply_for_undefined_like_js():
    cls = compile_class("class X { f(a, params = {}, n = 5) { params['seen'] = n; return params; } }")
    assert cls().f(1) == {"seen": 5}
    assert cls().f(1, None, None) == {"seen": 5}
    first = cls().f(1)
    first["mutated"] = True
    assert cls().f(1) == {"seen": 5}  # no shared mutable default


def test_await_and_promise_all():
    js = ("class X { async one(x) { return x * 2; } "
          "async f(xs) { const ps = []; for (const x of xs) { ps.push(this.one(x)); } "
          "const r = await Promise.all(ps); return r; } "
          "async g() { return this.one(4); } "
          "plain(x) { return this.one(x); } "
          "async h() { return this.plain(5); } }")
    import asyncio
    cls = compile_class(js)
    assert asyncio.run(cls().f([1, 2])) == [2, 4]
    assert asyncio.run(cls().g()) == 8  # a returned promise is flattened (awaited)
    assert asyncio.run(cls().h()) == 10  # also through a plain method that returns one


def test_this_methods_are_snake_case_with_aliases():
    cls = compile_class("class X { parseOHLCVThing(a) { return a; } f() { return this.parseOHLCVThing(3); } }")
    assert cls().f() == 3
    assert cls.parse_ohlcv_thing is cls.parseOHLCVThing


def test_method_reference_call_binds_this():
    js = "class X { h(a) { return a + 1; } f() { const m = this.h; return m.call(this, 1); } }"
    assert compile_class(js)().f() == 2


def test_typescript_annotations_are_ignored(tmp_path):
    js = ("class X { f(a: number, b: string = 'q'): string { const c = a as any; const d = c!; "
          "return b + d; } }")
    cls = compile_class(js, path="snippet.ts")
    assert cls().f(1) == "q1"


def test_a_member_of_this_chosen_at_run_time():
    """``this[name](...)`` (CCXT's pagination helpers) calls the method the name denotes,
    camelCase names included; ``this[name] === undefined`` reads without raising."""
    js = ("class X { async fetchThing(a) { return a + 1; } "
          "async f(method, a) { return await this[method](a); } "
          "g(name) { return this[name] === undefined; } }")
    import asyncio
    cls = compile_class(js)
    assert asyncio.run(cls().f("fetchThing", 1)) == 2
    assert cls().g("nothing") is True and cls().g("fetchThing") is False


def test_array_length_assignment_truncates():
    assert run("const a = [1, 2, 3]; a.length = 0; return a;") == []
    assert run("const a = [1, 2, 3]; a.length = 2; return a;") == [1, 2]
