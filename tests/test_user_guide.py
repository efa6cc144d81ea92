"""The user guide's code runs: every ```python block of docs/user-guide.md that starts
with the line ``# runnable`` is run as a script in its own process (each one starts the
Binance simulator it needs), and must exit with status 0 within the timeout.

Also checked: no ```python block escapes this (every one is marked ``# runnable``), and
the guide's method tables name every public ``watch_*``, ``un_watch_*`` and ``*_ws``
method the generated Binance class defines, so a regeneration that adds one shows up.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "user-guide.md"
MARKER = "# runnable"
TIMEOUT = 90  # seconds per sample

_FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)


def _python_blocks() -> list[tuple[int, str]]:
    """(line of the opening fence, code) for every ```python block of the guide."""
    text = GUIDE.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in _FENCE.finditer(text)]


BLOCKS = _python_blocks()
RUNNABLE = [(line, code) for line, code in BLOCKS if code.startswith(MARKER + "\n")]


def test_the_guide_has_runnable_samples():
    assert RUNNABLE, f"no ```python block of {GUIDE.name} starts with {MARKER!r}"


def test_every_python_block_is_a_runnable_sample():
    unmarked = [line for line, code in BLOCKS if not code.startswith(MARKER + "\n")]
    assert not unmarked, f"python blocks not marked {MARKER!r} (lines {unmarked}): mark and make them run"


@pytest.mark.parametrize("line,code", RUNNABLE, ids=[f"line{line}" for line, _ in RUNNABLE])
def test_sample_runs(line: int, code: str, tmp_path: Path) -> None:
    script = tmp_path / f"user_guide_line{line}.py"
    script.write_text(code, encoding="utf-8")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    try:
        done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"the sample at {GUIDE.name}:{line} did not finish within {TIMEOUT}s\n"
                    f"--- stdout\n{e.stdout or ''}\n--- stderr\n{e.stderr or ''}")
    assert done.returncode == 0, (f"the sample at {GUIDE.name}:{line} exited with {done.returncode}\n"
                                  f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}")


def _streaming_methods() -> set[str]:
    from ccxtpro_binance.generated import Binance

    names = set()
    for cls in Binance.__mro__:
        if cls.__module__.startswith("ccxtpro_binance.generated"):
            for name, value in vars(cls).items():
                if not callable(value) or name.startswith(("_", "handle_")):
                    continue
                if name.startswith(("watch_", "un_watch_")) or name.endswith("_ws"):
                    names.add(name)
    return names


def test_the_method_tables_name_every_streaming_method_of_binance():
    text = GUIDE.read_text(encoding="utf-8")
    missing = sorted(name for name in _streaming_methods() if f"`{name}" not in text)
    assert not missing, f"{GUIDE.name} does not mention: {', '.join(missing)}"
