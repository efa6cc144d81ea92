"""Fixtures of the tests of the generated Binance code: the parsed pinned CCXT source
(as the generator's tests load it), and a fresh (generated, CCXT) exchange pair."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# ``codegen`` is a top-level directory of the repository, not an installed package.
_REPO = str(Path(__file__).resolve().parents[4])
if _REPO not in sys.path:
    sys.path.insert(0, _REPO)

from codegen import source  # noqa: E402
from codegen.program import load_program  # noqa: E402
from differential_support import make_pair  # noqa: E402


@pytest.fixture(scope="session")
def npm_source():
    """The pinned, integrity-checked npm package; fetched once into the cache."""
    try:
        return source.ensure_npm_source()
    except source.SourceError as exc:  # pragma: no cover - offline without a cache
        pytest.fail(f"pinned CCXT source unavailable (scripts/setup.sh fetches it): {exc}")


@pytest.fixture(scope="session")
def program(npm_source):
    return load_program(npm_source)


@pytest.fixture()
def pair():
    """(generated, oracle) exchanges holding the same two markets; fresh per test
    (test_parsers_differential.py overrides it with a module-scoped pair)."""
    return make_pair()
