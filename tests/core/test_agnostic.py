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
