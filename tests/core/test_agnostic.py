"""The core names no exchange: Binance facts live in the plugin, its generated code and manifest."""

from __future__ import annotations

from pathlib import Path

import ccxtpro

CORE = Path(ccxtpro.__file__).parent


def test_nothing_under_the_core_names_binance():
    offenders = [
        str(path.relative_to(CORE))
        for path in sorted(CORE.rglob("*"))
        if path.suffix in {".py", ".pyx", ".pxd", ".json", ".md", ".txt"}
        and "binance" in path.read_text(encoding="utf-8", errors="replace").lower()
    ]
    assert offenders == []


def test_the_cores_tests_never_import_an_exchange_plugin():
    """The core's tests run on toy exchanges; Binance's tests live in its plugin."""
    import ast

    tests = Path(__file__).resolve().parents[1]
    offenders = []
    for folder in ("core", "runtime", "functions", "scaleout"):
        for path in sorted((tests / folder).rglob("*.py")) + [tests / "test_errors.py"]:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                offenders += [f"{path.relative_to(tests)}: {n}" for n in names if n.split(".")[0] == "ccxtpro_binance"]
    assert sorted(set(offenders)) == []
