"""``ccxtpro bench``: the side-by-side benchmarks against CCXT Pro, from a source checkout.

The benchmarks live in the repository's ``asv_benchmarks/`` (they need CCXT
itself, ``pip install 'ccxtpro[bench]'``, and the exchange's frame fixtures),
so this command finds the checkout (the working directory or one of its
parents, else the one an editable install points at) and runs one suite there
in a child process, passing the remaining arguments on.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from .problems import CliError, UsageError

#: suite name -> (module in asv_benchmarks, what it compares)
SUITES = {
    "frames": ("vs_ccxt_frames", "frame bytes -> unified structure, per frame kind"),
    "loopback": ("vs_ccxt_loopback", "frames per CPU-second from a loopback simulator, per transport"),
    "structures": ("vs_ccxt", "order books and caches on the same operation streams"),
    "websocket": ("vs_ccxt_ws", "the websocket runtime's dispatch and resolve paths"),
    "primitives": ("vs_ccxt_primitives", "safe_* accessors, Precise and number helpers"),
    "transport": ("transport_floor", "each websocket transport against a raw client"),
}


def checkout(start: Path | None = None) -> Path | None:
    """The source checkout holding ``asv_benchmarks/``, if there is one."""
    here = (start or Path.cwd()).resolve()
    candidates = [here, *here.parents, Path(__file__).resolve().parents[3]]
    for path in candidates:
        if (path / "asv_benchmarks" / "__init__.py").is_file():
            return path
    return None


def describe() -> str:
    width = max(map(len, SUITES))
    return "\n".join(f"  {name:<{width}}  {what}" for name, (_, what) in SUITES.items())


def run(suite: str, args: list[str]) -> int:
    """Run ``suite`` with ``args``; its exit code."""
    if suite not in SUITES:
        raise UsageError(f"unknown benchmark suite {suite!r}; suites: {', '.join(SUITES)}")
    root = checkout()
    if root is None:
        raise UsageError("the side-by-side benchmarks ship with ccxtpro's source checkout (asv_benchmarks/); "
                         "run `ccxtpro bench` inside it")
    if importlib.util.find_spec("ccxt") is None:
        raise CliError("the benchmarks compare against CCXT itself: pip install 'ccxtpro[bench]'")
    module = f"asv_benchmarks.{SUITES[suite][0]}"
    return subprocess.call([sys.executable, "-m", module, *args], cwd=root)
