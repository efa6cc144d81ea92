"""Fixtures for the generator tests: the pinned CCXT source (cached), and a JS-snippet runner."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# ``codegen`` is a top-level directory of the repository, not an installed package.
_REPO = str(Path(__file__).resolve().parents[2])
if _REPO not in sys.path:
    sys.path.insert(0, _REPO)

from codegen import emit  # noqa: E402
from codegen.testing import npm_source, program  # noqa: E402,F401  (shared fixtures)


@pytest.fixture(scope="session")
def generated(program):
    return emit.generate(program)
