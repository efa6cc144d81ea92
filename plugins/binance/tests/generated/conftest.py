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

from codegen.testing import npm_source, program  # noqa: E402,F401  (shared fixtures)
from differential_support import make_pair  # noqa: E402


@pytest.fixture()
def pair():
    """(generated, oracle) exchanges holding the same two markets; fresh per test
    (test_parsers_differential.py overrides it with a module-scoped pair)."""
    return make_pair()
