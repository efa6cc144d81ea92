"""The exchange is data (``codegen.target``), not literals spread over the generator."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from codegen import emit, manifest
from codegen.passes.contracts import contract_for
from codegen.program import load_program
from codegen.target import DEFAULT

CODEGEN = Path(__file__).resolve().parents[2] / "codegen"

# Files (relative to codegen/) that may name the exchange, each with its reason.
# Keep this tiny: a new entry means a module stopped taking the target.
ALLOWED: dict[str, str] = {
    "target.py": "the one place the exchange is described (BINANCE = Target(...))",
}


def test_no_exchange_literal_outside_target():
    offenders = []
    for path in sorted(CODEGEN.rglob("*.py")):
        rel = path.relative_to(CODEGEN).as_posix()
        if rel in ALLOWED:
            continue
        for lineno, line in enumerate(path.read_text().splitlines(), 1):
            if re.search("binance", line, re.IGNORECASE):
                offenders.append(f"codegen/{rel}:{lineno}: {line.strip()}")
    assert not offenders, "exchange named outside codegen/target.py:\n" + "\n".join(offenders)


def test_allow_list_entries_exist():
    for rel in ALLOWED:
        assert (CODEGEN / rel).is_file(), rel


def test_generated_names_and_paths_come_from_the_target(npm_source):
    """Another target over the same CCXT files: every generated name and path follows it."""
    other = dataclasses.replace(DEFAULT, name="Other", rest_class="OtherRest", pro_class="Other",
                                plugin_src="plugins/other/src", plugin_package="ccxtpro_other")
    program = load_program(dataclasses.replace(npm_source, target=other))
    gen = emit.generate(program)
    assert set(gen.files) == {
        "src/ccxtpro/generated/__init__.py", "src/ccxtpro/generated/exchange.py",
        "plugins/other/src/ccxtpro_other/generated/__init__.py",
        "plugins/other/src/ccxtpro_other/generated/routes.py",
        f"plugins/other/src/ccxtpro_other/generated/{DEFAULT.id}_rest.py",
        f"plugins/other/src/ccxtpro_other/generated/{DEFAULT.id}.py",
    }
    pro = gen.files[other.modules["pro"]]
    assert "class Other(OtherRest):" in pro and "CCXT Pro Other," in pro
    assert "from ccxtpro_other.generated.binance_rest import OtherRest" in pro
    index = gen.files[f"{other.generated_dir}/__init__.py"]
    assert "__all__ = ['ROUTES', 'Other', 'OtherRest']" in index
    for path, text in gen.files.items():
        # Translated CCXT code still says 'Binance' (``describe()``'s name, URLs); ours must not.
        for name in ("BinanceRest", "class Binance", "ccxtpro_binance", "Binance REST", "Pro Binance"):
            assert name not in text, (path, name)
    man = manifest.build(program, gen)
    assert {row["renderPlan"]["class"] for row in man["methods"] if "renderPlan" in row} == {"Other"}
    assert all("Binance" not in row["coverage"]["skipReason"] for row in man["methods"])
    assert "Other answers websocket pings" in contract_for("base", "ping", other)["contract"]
