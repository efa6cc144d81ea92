"""JS-semantics helpers, checked against Node itself when it is installed."""

from __future__ import annotations

import json
import math
import shutil
import subprocess

import pytest

from ccxtpro import jsrt

TO_STRING = [0, 1, -1, 1.5, 2.0, 1e21, 1.5e21, 1e-7, 1.23e-7, 0.00001, 123456789012345680000.0, 0.1 + 0.2,
             -0.0, 1e300, 5e-324, 100.0, 3.14159]
PARSE = ["12", "12.7", " 42px", "-7.5e3x", ".5", "abc", "", "0x1f", "1e3", "+3", "Infinity", "-0.0", "7."]


def _node(expr_js: str):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    out = subprocess.run([node, "-e", f"process.stdout.write(JSON.stringify({expr_js}))"],
                         capture_output=True, text=True, timeout=30, check=True)
    return json.loads(out.stdout)


def test_to_string_matches_node():
    expected = _node(f"{json.dumps(TO_STRING)}.map(String)")
    # JSON turns -0.0 into 0 on the way to Node, as JS prints it anyway
    assert [jsrt.js_str(v) for v in TO_STRING] == expected
    assert jsrt.js_str(None) == "undefined" and jsrt.js_str(True) == "true"
    assert jsrt.js_str([1, None, "a"]) == "1,,a"


def test_parse_int_and_parse_float_match_node():
    ints = _node(f"{json.dumps(PARSE)}.map(s => {{ const v = parseInt(s); return Number.isNaN(v) ? 'NaN' : v; }})")
    floats = _node(f"{json.dumps(PARSE)}.map(s => {{ const v = parseFloat(s); "
                   "return Number.isNaN(v) ? 'NaN' : (Number.isFinite(v) ? v : String(v)); })")

    def norm(v):
        if isinstance(v, float) and math.isnan(v):
            return "NaN"
        if isinstance(v, float) and math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v

    assert [norm(jsrt.parse_int(s)) for s in PARSE] == ints
    assert [norm(jsrt.parse_float(s)) for s in PARSE] == floats


def test_truthy():
    assert [jsrt.truthy(v) for v in ([], {}, "", 0, 0.0, None, False, "0", float("nan"), 1)] == \
        [True, True, False, False, False, False, False, True, False, True]


def test_mod_index_of_get_and_add():
    assert jsrt.js_mod(-7, 3) == -1 and jsrt.js_mod(7, -3) == 1 and jsrt.js_mod(-7.5, 2) == -1.5
    assert jsrt.index_of("abc", "c") == 2 and jsrt.index_of([1, True], 1) == 0 and jsrt.index_of([True], 1) == -1
    assert jsrt.get({"a": 1}, "b") is None and jsrt.get([1], 5) is None and jsrt.get([1], 0) == 1
    assert jsrt.js_add("a", 1) == "a1" and jsrt.js_add(1, 2) == 3 and jsrt.js_add(None, "x") == "undefinedx"
    assert jsrt.js_typeof(1) == "number" and jsrt.js_typeof(True) == "boolean" and jsrt.js_typeof([]) == "object"
    assert jsrt.js_number("12") == 12 and jsrt.js_number("") == 0 and math.isnan(jsrt.js_number("x"))
