"""Binance error codes and the shapes they travel in.

REST errors are ``{"code": -1121, "msg": "Invalid symbol."}`` with an HTTP
status; websocket-API errors are ``{"id":…, "status": 400, "error": {"code":…, "msg":…}}``.
Handlers raise :class:`BinanceError`; the transports render it, so a bad request
always gets Binance's answer and never a crash.
"""

from __future__ import annotations

import logging

log = logging.getLogger("ccxtpro_binance.simulator")

# code -> (http status, default message)
CODES: dict[int, tuple[int, str]] = {
    -1000: (500, "An unknown error occurred while processing the request."),
    -1002: (401, "You are not authorized to execute this request."),
    -1003: (429, "Too many requests; current limit is %s requests per minute. Please use the websocket for live updates to avoid polling the API."),
    -1008: (503, "Server is currently overloaded with other requests. Please try again in a few minutes."),
    -1013: (400, "Filter failure: %s"),
    -1014: (400, "Unsupported order combination."),
    -1020: (400, "This operation is not supported."),
    -1021: (400, "Timestamp for this request is outside of the recvWindow."),
    -1022: (400, "Signature for this request is not valid."),
    -1099: (401, "Not found, unauthenticated, or unauthorized."),
    -1100: (400, "Illegal characters found in parameter '%s'; legal range is '%s'."),
    -1101: (400, "Too many parameters; expected '%s' and received '%s'."),
    -1102: (400, "Mandatory parameter '%s' was not sent, was empty/null, or malformed."),
    -1104: (400, "Not all sent parameters were read; read '%s' parameter(s) but was sent '%s'."),
    -1105: (400, "Parameter '%s' was empty."),
    -1106: (400, "Parameter '%s' sent when not required."),
    -1111: (400, "Parameter '%s' has too much precision."),
    -1115: (400, "Invalid timeInForce."),
    -1116: (400, "Invalid orderType."),
    -1117: (400, "Invalid side."),
    -1120: (400, "Invalid interval."),
    -1121: (400, "Invalid symbol."),
    -1125: (400, "This listenKey does not exist."),
    -1130: (400, "Invalid data sent for a parameter."),
    -1131: (400, "recvWindow must be less than 60000"),
    -2010: (400, "Account has insufficient balance for requested action."),
    -2011: (400, "Unknown order sent."),
    -2013: (400, "Order does not exist."),
    -2014: (401, "API-key format invalid."),
    -2015: (401, "Invalid API-key, IP, or permissions for action."),
    -2019: (400, "Margin is insufficient."),
    -4003: (400, "Quantity less than or equal to zero."),
    -5022: (400, "Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history"),
}


class BinanceError(Exception):
    """Raised by a handler to answer with Binance's error ``code`` and ``msg``."""

    def __init__(self, code: int, msg: str | None = None, *args, status: int | None = None,
                 headers: dict | None = None) -> None:
        default_status, template = CODES.get(code, (400, "Unknown error."))
        if msg is None:
            msg = template % args if args else template
        super().__init__(code, msg)
        self.code = code
        self.msg = msg
        self.status = status or default_status
        self.headers = headers or {}

    def body(self) -> dict:
        return {"code": self.code, "msg": self.msg}

    def __str__(self) -> str:
        return f"{self.code}: {self.msg}"


def missing(name: str) -> BinanceError:
    return BinanceError(-1102, None, name)


def as_int(params: dict, name: str, default: int | None = None) -> int | None:
    """Integer param or ``default`` when absent; -1100 when it is not an integer."""
    v = params.get(name)
    if v is None or v == "":
        return default
    try:
        return int(str(v))
    except ValueError:
        raise BinanceError(-1100, None, name, "^[0-9]{1,20}$")
