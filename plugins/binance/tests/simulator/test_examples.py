"""The README's main job (examples/live_stream.py) runs and streams."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[4] / "examples" / "live_stream.py"


def test_live_stream_example_prints_books_and_trades():
    out = subprocess.run([sys.executable, str(EXAMPLE), "--seconds", "1.5"],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    assert " book   BTC/USDT " in out and " trade  BTC/USDT " in out
    assert out.strip().splitlines()[-1].startswith("1.5s: ")
