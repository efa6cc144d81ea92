"""What the command line says when something goes wrong: one line, an exit code.

A user's mistake (unknown exchange, channel or symbol, a bad URL) exits 2, a
failure of the exchange or the network exits 1, Ctrl-C exits 130. Messages
pass through the exchange's redactor when one exists, so a credential never
reaches the terminal.
"""

from __future__ import annotations

from typing import Any

from ..errors import (
    AuthenticationError,
    BadRequest,
    BadSymbol,
    BaseError,
    ExchangeNotAvailable,
    NetworkError,
    NotSupported,
    PermissionDenied,
)

USAGE = 2
FAILURE = 1
INTERRUPTED = 130


class UsageError(Exception):
    """A mistake in what the user asked for; exits 2 with the message."""


class CliError(Exception):
    """A failure already worded for the user, with its exit code."""

    def __init__(self, message: str, code: int = FAILURE) -> None:
        super().__init__(message)
        self.code = code


def explain(error: BaseException, redactor: Any = None) -> CliError:
    """One line for ``error``: what happened, in the user's terms."""
    if isinstance(error, CliError):
        return error
    text = " ".join(str(error).split()) or type(error).__name__
    if redactor is not None:
        text = redactor.text(text)
    if isinstance(error, UsageError):
        return CliError(text, USAGE)
    if isinstance(error, (BadSymbol, NotSupported, BadRequest)):
        return CliError(f"{type(error).__name__}: {text}", USAGE)
    if isinstance(error, (AuthenticationError, PermissionDenied)):
        return CliError(f"authentication failed ({type(error).__name__}): {text}", FAILURE)
    if isinstance(error, (ExchangeNotAvailable, NetworkError)):
        return CliError(f"cannot reach the exchange ({type(error).__name__}): {text}", FAILURE)
    if isinstance(error, BaseError):
        return CliError(f"{type(error).__name__}: {text}", FAILURE)
    return CliError(f"internal error ({type(error).__name__}): {text}; rerun with --debug for a traceback",
                    FAILURE)
