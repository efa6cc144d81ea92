"""CCXT's exception tree, with CCXT's names and parentage (CCXT 4.5.84).

Code that catches ``ccxt`` errors by name catches the same names here.

* :exc:`BaseError`

  * :exc:`ExchangeError`

    * :exc:`AuthenticationError`

      * :exc:`PermissionDenied`

        * :exc:`AccountNotEnabled`

      * :exc:`AccountSuspended`

    * :exc:`ArgumentsRequired`
    * :exc:`BadRequest`

      * :exc:`BadSymbol`

    * :exc:`OperationRejected`

      * :exc:`NoChange`

        * :exc:`MarginModeAlreadySet`

      * :exc:`MarketClosed`
      * :exc:`ManualInteractionNeeded`
      * :exc:`RestrictedLocation`

    * :exc:`InsufficientFunds`
    * :exc:`InvalidAddress`

      * :exc:`AddressPending`

    * :exc:`InvalidOrder`

      * :exc:`OrderNotFound`
      * :exc:`OrderNotCached`
      * :exc:`OrderImmediatelyFillable`
      * :exc:`OrderNotFillable`
      * :exc:`DuplicateOrderId`
      * :exc:`ContractUnavailable`

    * :exc:`NotSupported`
    * :exc:`InvalidProxySettings`
    * :exc:`ExchangeClosedByUser`

  * :exc:`OperationFailed`

    * :exc:`NetworkError`

      * :exc:`DDoSProtection`
      * :exc:`RateLimitExceeded`
      * :exc:`ExchangeNotAvailable`

        * :exc:`OnMaintenance`

      * :exc:`InvalidNonce`

        * :exc:`ChecksumError`

      * :exc:`RequestTimeout`

    * :exc:`BadResponse`

      * :exc:`NullResponse`

    * :exc:`CancelPending`

  * :exc:`UnsubscribeError`

``ERROR_HIERARCHY`` (alias ``error_hierarchy``, CCXT's name) is the same tree as
nested dicts of names, for code that maps exchange error codes by name.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ERROR_HIERARCHY",
    "error_hierarchy",
    "BaseError",
    "ExchangeError",
    "AuthenticationError",
    "PermissionDenied",
    "AccountNotEnabled",
    "AccountSuspended",
    "ArgumentsRequired",
    "BadRequest",
    "BadSymbol",
    "OperationRejected",
    "NoChange",
    "MarginModeAlreadySet",
    "MarketClosed",
    "ManualInteractionNeeded",
    "RestrictedLocation",
    "InsufficientFunds",
    "InvalidAddress",
    "AddressPending",
    "InvalidOrder",
    "OrderNotFound",
    "OrderNotCached",
    "OrderImmediatelyFillable",
    "OrderNotFillable",
    "DuplicateOrderId",
    "ContractUnavailable",
    "NotSupported",
    "InvalidProxySettings",
    "ExchangeClosedByUser",
    "OperationFailed",
    "NetworkError",
    "DDoSProtection",
    "RateLimitExceeded",
    "ExchangeNotAvailable",
    "OnMaintenance",
    "InvalidNonce",
    "ChecksumError",
    "RequestTimeout",
    "BadResponse",
    "NullResponse",
    "CancelPending",
    "UnsubscribeError",
]


class BaseError(Exception):
    """Raised when anything ccxtpro-specific goes wrong; the root of the tree."""


# --------------------------------------------------------------------------- exchange said no


class ExchangeError(BaseError):
    """Raised when the exchange rejects a request or replies with an error."""


class AuthenticationError(ExchangeError):
    """Raised when credentials are missing, malformed or refused."""


class PermissionDenied(AuthenticationError):
    """Raised when the credentials are valid but lack the right for this call."""


class AccountNotEnabled(PermissionDenied):
    """Raised when the account (or a sub-account feature) is not enabled."""


class AccountSuspended(AuthenticationError):
    """Raised when the account is suspended or frozen."""


class ArgumentsRequired(ExchangeError):
    """Raised when a unified method is called without an argument it needs."""


class BadRequest(ExchangeError):
    """Raised when the request is malformed or its parameters are invalid."""


class BadSymbol(BadRequest):
    """Raised when a symbol or market id is unknown."""


class OperationRejected(ExchangeError):
    """Raised when a well-formed request is refused by the exchange's rules."""


class NoChange(OperationRejected):
    """Raised when the request would not change anything (already in that state)."""


class MarginModeAlreadySet(NoChange):
    """Raised when setting a margin mode that is already set."""


class MarketClosed(OperationRejected):
    """Raised when the market is closed or not trading."""


class ManualInteractionNeeded(OperationRejected):
    """Raised when the exchange wants a manual step first (e.g. a quiz or KYC)."""


class RestrictedLocation(OperationRejected):
    """Raised when the exchange refuses the caller's location."""


class InsufficientFunds(ExchangeError):
    """Raised when the balance is too low for the order or withdrawal."""


class InvalidAddress(ExchangeError):
    """Raised when a deposit or withdrawal address is invalid."""


class AddressPending(InvalidAddress):
    """Raised when a deposit address is still being generated."""


class InvalidOrder(ExchangeError):
    """Raised when an order is invalid (price, amount, type or state)."""


class OrderNotFound(InvalidOrder):
    """Raised when the order is unknown to the exchange."""


class OrderNotCached(InvalidOrder):
    """Raised when the order is not in the local cache."""


class OrderImmediatelyFillable(InvalidOrder):
    """Raised when a post-only order would fill immediately."""


class OrderNotFillable(InvalidOrder):
    """Raised when an order (e.g. fill-or-kill) cannot be filled."""


class DuplicateOrderId(InvalidOrder):
    """Raised when a client order id is already in use."""


class ContractUnavailable(InvalidOrder):
    """Raised when the contract cannot be traded at the moment."""


class NotSupported(ExchangeError):
    """Raised when the exchange or ccxtpro does not support the call."""


class InvalidProxySettings(ExchangeError):
    """Raised when the proxy settings are inconsistent."""


class ExchangeClosedByUser(ExchangeError):
    """Raised when a waiter is pending while the user closes the exchange."""


# --------------------------------------------------------------------------- transport failed


class OperationFailed(BaseError):
    """Raised when a request failed for a reason that retrying may fix."""


class NetworkError(OperationFailed):
    """Raised when the connection fails, drops or cannot be established."""


class DDoSProtection(NetworkError):
    """Raised when the exchange's DDoS protection (e.g. Cloudflare) blocks the caller."""


class RateLimitExceeded(NetworkError):
    """Raised when the exchange reports the rate limit was exceeded."""


class ExchangeNotAvailable(NetworkError):
    """Raised when the exchange is down or unreachable."""


class OnMaintenance(ExchangeNotAvailable):
    """Raised when the exchange is down for maintenance."""


class InvalidNonce(NetworkError):
    """Raised when the nonce is out of sequence or the clock is off."""


class ChecksumError(InvalidNonce):
    """Raised when an order book's checksum or sequence does not match."""


class RequestTimeout(NetworkError):
    """Raised when a request gets no reply in time."""


class BadResponse(OperationFailed):
    """Raised when the exchange's reply cannot be parsed."""


class NullResponse(BadResponse):
    """Raised when the exchange's reply is empty."""


class CancelPending(OperationFailed):
    """Raised when a cancel request is already pending."""


class UnsubscribeError(BaseError):
    """Raised when a subscription ends because the user unsubscribed."""


def _tree(cls: type[BaseError]) -> dict[str, Any]:
    """The subtree under ``cls`` in declaration order, as CCXT's nested dicts."""
    return {sub.__name__: _tree(sub) for sub in cls.__subclasses__() if sub.__module__ == __name__}


ERROR_HIERARCHY: dict[str, Any] = {"BaseError": _tree(BaseError)}
error_hierarchy = ERROR_HIERARCHY
