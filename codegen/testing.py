"""Pytest fixtures shared by every test suite that needs the pinned CCXT source: the
generator's own (``tests/codegen``) and the tests of generated code in a plugin. A
conftest imports them by name."""

from __future__ import annotations

import pytest

from . import source
from .program import load_program


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
