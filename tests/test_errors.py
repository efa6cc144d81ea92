"""The exception tree matches CCXT 4.5.84's, name for name and parent for parent."""

from __future__ import annotations

import pytest

import ccxtpro
from ccxtpro import errors


def test_tree_equals_ccxt() -> None:
    ccxt_errors = pytest.importorskip("ccxt.base.errors")
    assert errors.error_hierarchy == ccxt_errors.error_hierarchy


def test_every_ccxt_error_exists_with_the_same_parent() -> None:
    ccxt_errors = pytest.importorskip("ccxt.base.errors")
    names = [n for n in ccxt_errors.__all__ if n != "error_hierarchy"]
    assert sorted(names) == sorted(n for n in errors.__all__ if n not in ("ERROR_HIERARCHY", "error_hierarchy"))
    for name in names:
        mine, theirs = getattr(errors, name), getattr(ccxt_errors, name)
        assert [c.__name__ for c in mine.__mro__[:-2]] == [c.__name__ for c in theirs.__mro__[:-2]], name


def test_importable_from_package() -> None:
    from ccxtpro import ChecksumError, ExchangeError, NetworkError

    assert issubclass(ChecksumError, NetworkError)
    assert ccxtpro.BaseError is errors.BaseError
    assert not issubclass(NetworkError, ExchangeError)


def test_docstrings_say_when_raised() -> None:
    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type):
            assert obj.__doc__ and obj.__doc__.startswith("Raised when"), name
            assert f":exc:`{name}`" in (errors.__doc__ or ""), name
