"""Fixtures for the primitives: both implementations of the hot accessors, and the oracle."""

from __future__ import annotations

import contextlib
import math
from typing import Any

import pytest

from ccxtpro._core import safe_py

IMPLS: list[Any] = [safe_py]
with contextlib.suppress(ImportError):
    from ccxtpro._core import safe_c

    IMPLS.append(safe_c)


@pytest.fixture(scope="module", params=IMPLS, ids=[("c" if m.__name__.endswith("_c") else "py") for m in IMPLS])
def safe_impl(request: pytest.FixtureRequest) -> Any:
    """The compiled module and its pure-Python twin, in turn."""
    return request.param


@pytest.fixture(scope="session")
def oracle() -> Any:
    """A CCXT 4.5.84 base exchange: the reference for every primitive."""
    ccxt = pytest.importorskip("ccxt")
    return ccxt.Exchange()


def same(a: Any, b: Any) -> bool:
    """Equal values of the same type; NaN equals NaN and -0.0 differs from 0.0."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        if math.isnan(a):
            return math.isnan(b)
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def outcome(fn: Any, *args: Any) -> tuple[str, Any]:
    """``('ok', result)`` or ``('raise', exception type)``, for side-by-side comparison."""
    try:
        return ("ok", fn(*args))
    except Exception as exc:  # noqa: BLE001 - the type is what gets compared
        return ("raise", type(exc))


def assert_same_outcome(mine: tuple[str, Any], theirs: tuple[str, Any]) -> None:
    assert mine[0] == theirs[0], (mine, theirs)
    if mine[0] == "raise":
        if theirs[1].__module__.startswith("ccxt."):  # CCXT's own error classes: ours carry the same names
            assert mine[1].__name__ == theirs[1].__name__, (mine, theirs)
        else:
            assert mine[1] is theirs[1], (mine, theirs)
    else:
        assert same(mine[1], theirs[1]), (mine, theirs)
