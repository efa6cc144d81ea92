"""The printer (``codegen.printer``): its conventions, and the same text on every CPython.

``check`` compares bytes, so the generated text must not depend on the Python
that runs the generator. The cross-interpreter tests hand the IR of every
generated method (and of a sample of JS constructs the pinned source does not
use: f-strings, lambdas, ``:=``…) to each other CPython found, render it there
with the back end and the printer, and require the text this interpreter makes.
"""

from __future__ import annotations

import ast
import json
import keyword
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from codegen import backend, emit
from codegen.frontend import parse_source
from codegen.lower import lower_method
from codegen.naming import KEYWORDS, snake
from codegen.printer import PrintError, to_source
from codegen.program import LAYERS
from printer_job import render_all

REPO = Path(__file__).resolve().parents[2]
JOB = Path(__file__).resolve().parent / "printer_job.py"

# Other CPythons to compare against; more (a venv's bin/python, say) can be named
# in CODEGEN_EXTRA_PYTHONS, separated by os.pathsep.
EXTRA_PYTHONS = ("/root/.pyenv/versions/3.12.1/bin/python", "/root/.pyenv/versions/3.13.0/bin/python")
FRONTEND_PACKAGES = ("tree_sitter", "tree_sitter_javascript", "tree_sitter_typescript")


def _other_interpreters() -> list[tuple[str, str]]:
    """(path, version) of each candidate that runs and is not this interpreter's minor version."""
    ours = "%d.%d" % sys.version_info[:2]
    extra = [p for p in os.environ.get("CODEGEN_EXTRA_PYTHONS", "").split(os.pathsep) if p]
    found: list[tuple[str, str]] = []
    for path in (*EXTRA_PYTHONS, *extra):
        if not os.access(path, os.X_OK):
            continue
        proc = subprocess.run([path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                              capture_output=True, text=True, timeout=60)
        version = proc.stdout.strip()
        if proc.returncode == 0 and version != ours and (path, version) not in found:
            found.append((path, version))
    return found


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    env.pop("PYTHONHOME", None)
    return env


SAMPLE = r"""
class Sample {
    templates(a, b, o) {
        return [`${a}-${b}!`, `it's ${o['k']} "q"`, `line\n${a}\tend`, `{${a}}`, `${a}`, `x${this.f(a)}'`];
    }
    strings() {
        return ['plain', "it's", 'say "hi"', 'both \' and "', 'back\\slash', 'nl\nx', 'tab\tx', 'é €', '\u0001', ''];
    }
    numbers(a) {
        return [1, -1, 0.1, 1e-8, 123456789012, 2 ** 10, (-a) ** 2, (a + 1) * 2, a - (1 - a), a / 3 % 2, ~a,
                a << 2, a >> 1, a & 3, a | 4, a ^ 5, -(a + 1)];
    }
    logic(a, b, c) {
        const x = a ?? this.f(b);
        const y = this.f(a) ?? b;
        const z = (a && b) || c;
        const w = a || (b && !c);
        if (!(a && b) || c) {
            return x;
        }
        return [x, y, z, w, a ? b : c, a?.b, a?.['k'], a in b, a === true, a !== undefined, b[a] === undefined];
    }
    arrows(xs) {
        const f = (v) => v + 1;
        const g = () => 'k';
        return f(xs.length) + g();
    }
    loops(xs, o) {
        let s = 0;
        for (let i = 0; i < xs.length; i++) { s += xs[i]; }
        for (let i = xs.length - 1; i >= 0; i -= 2) { s -= xs[i]; }
        for (let j = 0; j < 10; j++) { if (j % 3 === 0) { continue; } xs.push(j); }
        for (const [k, v] of Object.entries(o)) { s += v; }
        for (const k in o) { delete o[k]; }
        let n = 0;
        do { n++; } while (n < 3);
        while (n > 0) { n--; if (n === 1) { break; } }
        return s;
    }
    control(a) {
        switch (a) {
            case 'x':
            case 'y':
                return 1;
            case 'z': {
                return 2;
            }
            default:
                return 3;
        }
    }
    errors(a) {
        try {
            throw new BadRequest('x' + a);
        } catch (e) {
            if (e instanceof ExchangeError) {
                return typeof e;
            }
        } finally {
            a = undefined;
        }
        return a === undefined;
    }
    literals(a) {
        const small = { 'a': 1, 'b': [1, 2] };
        const big = { 'alpha': 'aaaaaaaaaaaaaaaa', 'beta': ['bbbbbbbbbbbbbbbbbbbb', 'cccccccccccccccccccc', 'dddddd'],
                      'gamma': { 'delta': 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeee', 'epsilon': 'ffffffffffffffffffffffffffffffff' },
                      ...a };
        const [p, , q, ...rest] = a;
        const { x, y } = a;
        let m;
        let n;
        m = n = 3;
        return [small, big, p, q, rest, x, y, m, n, ...a];
    }
    builtins(s, xs) {
        return [Math.floor(s / 2), Math.max(1, 2), Math.pow(2, 3), JSON.parse(s), parseInt(s), parseFloat(s),
                s.split(','), s.slice(1, -1), s.replace('a', 'b'), s.indexOf('x'), xs.join('/'), Object.keys(xs),
                Array.isArray(xs), s.toUpperCase().trim(), String(s), Number(s), isNaN(s), s.startsWith('p')];
    }
    async waits(xs) {
        const r = await Promise.all(xs);
        return this.waits(r);
    }
    params(a, b = 1, c = {}, ...rest) {
        return [a, b, c, rest];
    }
    f(x) {
        return x;
    }
}
"""
SAMPLE_ERRORS = {"BadRequest", "ExchangeError"}


def _sample_payload() -> dict:
    cls = parse_source(SAMPLE.encode(), "sample.js").main_class()
    lowered = {n: lower_method(m, "pro") for n, m in cls.methods.items()}
    asyncs = backend.awaitable_names(lowered, {n: m.is_async for n, m in cls.methods.items()}, set())
    resolver = backend.Resolver({n: "pro" for n in cls.methods}, asyncs, set(), set(), SAMPLE_ERRORS)
    return {f"sample.{n}": (m, resolver, snake(n)) for n, m in lowered.items()}


@pytest.fixture(scope="module")
def payload(program, generated) -> dict:
    """Every generated method's IR (idioms applied) with the resolver ``emit`` uses, plus the sample."""
    res = emit.resolver(program, generated.closure)
    methods = {f"{layer}.{name}": (program.method_ir(layer, name), res, generated.methods[(layer, name)]["python"])
               for layer in LAYERS for name in generated.closure.methods[layer]}
    methods.update(_sample_payload())
    return {"methods": methods, "data": {"routes": generated.routes}}


# ---------------------------------------------------------------- in-process


def _src(text: str) -> str:
    return to_source(ast.parse(text))


@pytest.mark.parametrize("text", [
    "x = a and (not b)",
    "x = (a or b) or c",
    "x = a or (b and c)",
    "x = not a == b",
    "x = (-a) ** 2",
    "x = a ** b ** c",
    "x = a - (b - c)",
    "x = -(a + b)",
    "x = f((t := (a + b)))",
    "x = (t := g(a))",
    "x = y = 1",
    "x = a if b else c if d else e",
    "x = (a if b else c) if d else e",
    "x = lambda a, b: a + b",
    "x = [[k, v] for k, v in o.items()]",
    "x = a in ('x', 'y')",
    "x = s[1:-1]",
    "x = await f(a)",
    "x = f(*a, *b)",
    "x = {**a, 'k': 1}",
    "x = 1 .real",
    "x = 1e-08",
    "a, b = f()",
    "a, = f()",
    "for k, v in f():\n    pass",
    "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass",
    "try:\n    pass\nexcept Exception as e:\n    raise\nfinally:\n    x = None",
    "def f(self, a, b=None, *rest):\n    return a",
    "async def f(self):\n    return await g()",
    "x = f'a{b}c'",
    "x = f\"a{b['k']}c\"",
    "x = f'''{b['k']}\"'''",
    "x = f'{a}\\n'",
    "x = f'{ {1: 2}[a]}'",
    "x = 'it\\'s \"q\"'",
    "x = \"it's\"",
    "x = 'a\\\\b\\n\\t\\x00'",
])
def test_printer_round_trips_its_own_text(text):
    """Text already in the printer's layout is printed back unchanged."""
    assert _src(text) == text


def test_non_ascii_is_escaped():
    assert _src("x = 'é €😀'") == "x = '\\xe9 \\u20ac\\U0001f600'"


def test_long_literals_one_item_per_line_at_the_statement_indent():
    text = _src("def f(self):\n    x = {'alpha': 'a' * 1, 'b': ['cccccccccccccccccccccccccccccccccccccccc', "
                "'dddddddddddddddddddddddddddddddd', 'eeeeee'], 'f': {'g': 1}}")
    assert text == (
        "def f(self):\n"
        "    x = {\n"
        "        'alpha': 'a' * 1,\n"
        "        'b': [\n"
        "            'cccccccccccccccccccccccccccccccccccccccc',\n"
        "            'dddddddddddddddddddddddddddddddd',\n"
        "            'eeeeee',\n"
        "        ],\n"
        "        'f': {'g': 1},\n"
        "    }"
    )


@pytest.mark.parametrize("text", ["with a:\n    pass", "def f():\n    '''doc'''", "x = {1, 2}",
                                  "x: int = 1", "x = (yield)", "@d\ndef f():\n    pass", "x = f'{a:>10}'"])
def test_printer_refuses_what_it_does_not_cover(text):
    with pytest.raises(PrintError):
        _src(text)


def test_keywords_cover_this_interpreter():
    """A hard keyword added by a new Python must be added to ``naming.KEYWORDS`` (else a local could be one)."""
    assert set(keyword.kwlist) <= KEYWORDS


def test_sample_renders_and_compiles():
    for key, (method, resolver, name) in _sample_payload().items():
        text = backend.render_method(method, resolver, backend.Imports(), name)
        compile(text, key, "exec")


# ---------------------------------------------------------------- other interpreters


def test_same_text_on_other_interpreters(payload, tmp_path):
    """Every generated method, the routes literal and the sample: identical text on each other CPython."""
    others = _other_interpreters()
    if not others:
        pytest.skip(f"no other CPython found (looked at {', '.join(EXTRA_PYTHONS)} and $CODEGEN_EXTRA_PYTHONS)")
    expected = render_all(payload)
    path = tmp_path / "payload.pickle"
    path.write_bytes(pickle.dumps(payload))
    for python, version in others:
        proc = subprocess.run([python, str(JOB), str(path)], capture_output=True, text=True, cwd=REPO,
                              env=_env(), timeout=300)
        assert proc.returncode == 0, f"Python {version} ({python}):\n{proc.stderr}"
        got = json.loads(proc.stdout)
        differ = sorted(k for k in expected if got.get(k) != expected[k])
        assert not differ, f"Python {version} ({python}) renders differently: {differ[:10]}"


def test_check_passes_on_other_interpreters():
    """The whole gate (front end included) under each other CPython that has the front end's packages."""
    probe = "import " + ", ".join(FRONTEND_PACKAGES)
    ready = [(p, v) for p, v in _other_interpreters()
             if subprocess.run([p, "-c", probe], capture_output=True, timeout=60).returncode == 0]
    if not ready:
        pytest.skip("no other CPython with the front end's packages (" + ", ".join(FRONTEND_PACKAGES) + "); "
                    "name one in CODEGEN_EXTRA_PYTHONS, e.g. a venv's bin/python")
    for python, version in ready:
        proc = subprocess.run([python, "-m", "codegen", "check"], capture_output=True, text=True, cwd=REPO,
                              env=_env(), timeout=300)
        assert proc.returncode == 0 and "up to date" in proc.stdout, \
            f"Python {version} ({python}):\n{proc.stdout}{proc.stderr}"
