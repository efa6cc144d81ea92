"""Back end, manifest and the ``check`` gate on the real pinned source."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from codegen import __main__ as cli
from codegen import emit, manifest
from codegen.frontend import parse_file
from codegen.program import load_program
from codegen.target import DEFAULT

REPO = Path(__file__).resolve().parents[2]


def _count_method_definitions(path) -> int:
    """Independent count: every ``method_definition`` with a body in the exported class."""
    pf = parse_file(path)
    cls = pf.main_class()
    return len(cls.methods)


def test_pro_method_count_comes_from_parsing(program, npm_source):
    n = _count_method_definitions(npm_source.pro)
    assert n == len(program.classes["pro"].methods)
    assert n > 100  # 118 at 4.5.84; asserted against the parse, not hard-coded


def test_generated_files_compile(generated):
    for path, text in generated.files.items():
        if path.endswith(".py"):
            tree = ast.parse(text, path)
            assert tree.body, path


def test_generation_is_deterministic(npm_source, generated):
    again = emit.generate(load_program(npm_source))
    assert again.files == generated.files


def test_every_generated_method_has_trace_comment_and_alias(generated, program):
    text = generated.files[DEFAULT.modules["pro"]]
    for name, model in program.classes["pro"].methods.items():
        assert f"# source: {model.path}:{model.start_line}-{model.end_line} (binance.{name})" in text
    tree = ast.parse(text)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    defs = {n.name for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    aliases = {t.id for n in cls.body if isinstance(n, ast.Assign) for t in n.targets}
    assert "watch_order_book" in defs and "watchOrderBook" in aliases
    assert "fetch_ohlcv_ws" in defs and "fetchOHLCVWs" in aliases


def test_header_names_source_integrity_and_licence(generated, npm_source):
    for path, text in generated.files.items():
        if path.endswith(".py"):
            head = text[:3000]
            assert f"ccxt@{npm_source.version}" in head
            assert npm_source.integrity in head
            assert "MIT License" in head


def test_manifest_totals_and_rows(generated, program):
    man = manifest.build(program, generated)
    n = len(program.classes["pro"].methods)
    t = man["totals"]
    assert t["proMethods"] == t["covered"] == n == len(man["methods"])
    assert t["generated"] + t["runtimeOwned"] == n
    assert t["unsupported"] == 0 and man["unsupportedMethods"] == []
    for row in man["methods"]:
        assert row["status"] in ("generated", "runtime-owned")
        assert row["irSummary"]["count"] > 0 and row["irSummary"]["kinds"]
        assert ("renderPlan" in row) == (row["status"] == "generated")
        assert row["coverage"]["riskClass"] in ("public-read", "subscribe", "private-read", "order-mutation")
        assert row["coverage"]["unitEvidence"]
        assert row["span"]["startLine"] <= row["span"]["endLine"]
    assert t["closure"]["rest"] == len(man["closure"]["rest"]) > 20
    assert t["closure"]["base"] == len(man["closure"]["base"]) > 40
    for row in man["closure"]["runtimeOwned"]:
        assert row["implementedBy"] and row["contract"]


def test_manifest_evidence_points_at_real_tests(generated, program):
    """Codegen evidence must exist exactly; runtime evidence lives in other suites (checked by directory)."""
    man = manifest.build(program, generated)
    ids = {e for row in man["methods"] for e in row["coverage"]["unitEvidence"]}
    ids |= {t for f in man["runtimeSemanticCoverage"] for t in f["tests"] if t.startswith("tests/codegen/")}
    for f in man["runtimeSemanticCoverage"]:
        for t in f["tests"]:
            assert (REPO / t).parent.is_dir(), t
    for test_id in ids:
        file, _, func = test_id.partition("::")
        path = REPO / file
        assert path.is_file(), test_id
        if func:
            assert f"def {func.split('[')[0]}(" in path.read_text(), test_id


def test_check_passes_on_the_committed_output(capsys):
    assert (REPO / DEFAULT.manifest_path).exists(), "generated output missing: run `python -m codegen generate`"
    assert cli.main(["check"]) == 0


def test_check_detects_drift(tmp_path, generated, program):
    files = dict(generated.files)
    files[DEFAULT.manifest_path] = manifest.dumps(manifest.build(program, generated))
    cli.write(files, tmp_path)
    assert cli.drift(files, tmp_path) == []
    victim = tmp_path / DEFAULT.modules["pro"]
    victim.write_text(victim.read_text() + "# hand edit\n")
    (tmp_path / DEFAULT.generated_dir / "stray.py").write_text("")
    bad = cli.drift(files, tmp_path)
    assert DEFAULT.modules["pro"] in bad
    assert any("stray.py" in b for b in bad)


def test_inspect_summary(generated, program):
    lines = manifest.inspect_lines(manifest.build(program, generated))
    n = len(program.classes["pro"].methods)
    assert f"{n}/{n} covered" in lines[1] and "0 unsupported" in lines[1]


def test_manifest_file_is_json_with_source_identity():
    path = REPO / DEFAULT.manifest_path
    man = json.loads(path.read_text())
    assert man["source"]["package"] == "ccxt" and man["source"]["integrity"].startswith("sha512-")


def test_manifest_counts_are_computed_not_written(generated, program):
    """``unsupported`` is counted from the classes: a method neither generated, runtime-owned
    nor host-only shows up (the generator itself fails before writing such a manifest)."""
    import dataclasses

    man = manifest.build(program, generated)
    t = man["totals"]
    assert t["unsupported"] == len(man["unsupportedMethods"]) == 0
    assert t["restMethods"] == t["restGenerated"] == len(program.classes["rest"].methods)
    c = t["closure"]
    assert c["base"] + c["runtimeOwned"] + c["hostOnly"] == t["baseMethods"] == len(program.classes["base"].methods)
    assert all(row["reason"] for row in man["closure"]["hostOnly"])
    facts = dict(generated.methods)
    del facts[("rest", "fetchTicker")], facts[("pro", "watchTicker")]
    partial = manifest.build(program, dataclasses.replace(generated, methods=facts))
    assert partial["totals"]["unsupported"] == 2
    assert {(m["layer"], m["name"]) for m in partial["unsupportedMethods"]} == {("rest", "fetchTicker"),
                                                                              ("pro", "watchTicker")}
    assert partial["totals"]["restGenerated"] == t["restMethods"] - 1
    assert partial["totals"]["covered"] == t["proMethods"] - 1


def test_inspect_reports_the_rest_totals(generated, program):
    lines = manifest.inspect_lines(manifest.build(program, generated))
    n_rest = len(program.classes["rest"].methods)
    assert f"REST: {n_rest}/{n_rest} methods generated (js/src/binance.js)" in lines
    assert any(line.startswith(f"base: {len(program.classes['base'].methods)} methods") for line in lines)
