"""Time helpers with CCXT's semantics: clocks, ISO 8601 in and out, timeframes (ms, UTC)."""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
import math
import re as _re
import time as _time
from email.utils import parsedate as _parsedate
from typing import Any

from .._core.timefmt import iso8601  # compiled, with a pure-Python twin (``_core.timefmt_py``)
from ..errors import NotSupported

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_MAX_MS = 8640000000000000  # JavaScript's Date range


# --------------------------------------------------------------------------- clocks

def seconds() -> int:
    """Whole seconds since the epoch."""
    return int(_time.time())


def milliseconds() -> int:
    """Whole milliseconds since the epoch (CCXT's timestamps)."""
    return _time.time_ns() // 1_000_000


def microseconds() -> int:
    """Whole microseconds since the epoch."""
    return _time.time_ns() // 1_000


# --------------------------------------------------------------------------- parsing

# date, optional separator, time, optional fraction, optional zone; found anywhere in the text
_ISO8601 = _re.compile(
    r"""
    ([0-9]{4}) -? ([0-9]{2}) -? ([0-9]{2})          # date, dashes optional
    (?: T | \s )?                                   # separator (any Unicode space)
    ([0-9]{2}) :? ([0-9]{2}) :? ([0-9]{2})          # time, colons optional
    (\.[0-9]+)?                                     # fraction of a second
    (?: ([+-]) ([0-9]{2}) :? ([0-9]{2}) | Z )?      # zone
    """,
    _re.IGNORECASE | _re.VERBOSE,
)


def parse8601(timestamp: Any = None) -> int | None:
    """``'2023-11-14T22:13:20.123Z'`` -> ``1700000000123``; None when there is no valid date-time."""
    if not isinstance(timestamp, str):
        return None
    found = _ISO8601.search(timestamp)
    if found is None:
        return None
    year, month, day, hour, minute, second, fraction, sign, zone_h, zone_m = found.groups()
    millis = int((fraction[1:] + "00")[:3]) if fraction else 0
    try:
        local = _dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
        if sign:
            shift = _dt.timedelta(hours=int(zone_h), minutes=int(zone_m))
            local = local - shift if sign == "+" else local + shift
        return _calendar.timegm(local.utctimetuple()) * 1000 + millis
    except (OverflowError, ValueError):
        return None


def parse_date(timestamp: Any = None) -> int | None:
    """ISO 8601 or RFC 2822 ('... GMT') text to milliseconds; None when unparseable."""
    if not isinstance(timestamp, str):
        return None
    if "GMT" in timestamp:
        try:
            parsed = _parsedate(timestamp)
        except (TypeError, ValueError, IndexError):
            return None
        if parsed is None:
            return None
        try:
            return _calendar.timegm(parsed[:6]) * 1000
        except (TypeError, OverflowError, OSError, ValueError):
            return None
    return parse8601(timestamp)


# --------------------------------------------------------------------------- formatting


def _utc_second(timestamp: Any) -> _dt.datetime:
    """The UTC date-time of a millisecond timestamp, rounded to the second as CCXT does."""
    return _dt.datetime.fromtimestamp(int(round(timestamp / 1000)), _dt.timezone.utc)


def ymd(timestamp: Any, infix: str = "-", fullYear: bool = True) -> str:  # noqa: N803 - CCXT's name
    """``'2023-11-14'`` (``'23-11-14'`` without ``fullYear``)."""
    year = "%Y" if fullYear else "%y"
    return _utc_second(timestamp).strftime(year + infix + "%m" + infix + "%d")


def yymmdd(timestamp: Any, infix: str = "") -> str:
    """``'231114'``."""
    return ymd(timestamp, infix, False)


def yyyymmdd(timestamp: Any, infix: str = "-") -> str:
    """``'2023-11-14'``."""
    return ymd(timestamp, infix, True)


def ymdhms(timestamp: Any, infix: str = " ") -> str:
    """``'2023-11-14 22:13:20'``."""
    return _utc_second(timestamp).strftime("%Y-%m-%d" + infix + "%H:%M:%S")


# --------------------------------------------------------------------------- timeframes

_TIMEFRAME_SECONDS = {"y": 31536000, "M": 2592000, "w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
ROUND_UP = 2
ROUND_DOWN = 3


def parse_timeframe(timeframe: str) -> int:
    """``'15m'`` -> 900 seconds (months are 30 days, years 365)."""
    amount = int(timeframe[0:-1])
    unit = timeframe[-1]
    scale = _TIMEFRAME_SECONDS.get(unit)
    if scale is None:
        raise NotSupported(f"timeframe unit {unit} is not supported")
    return amount * scale


def round_timeframe(timeframe: str, timestamp: int, direction: int = ROUND_DOWN) -> int:
    """Start (or, with ROUND_UP, end) of the candle holding ``timestamp``; calendar-aligned for w/M/y."""
    try:
        amount: float = float(timeframe[:-1])
    except ValueError:
        amount = 0
    unit = timeframe[-1] if timeframe else ""
    if unit in ("w", "M", "y") and amount >= 1 and amount == int(amount):
        n = int(amount)
        when = _dt.datetime.fromtimestamp(timestamp / 1000, _dt.timezone.utc)
        if unit == "w":
            epoch_monday = _dt.datetime(1970, 1, 5, tzinfo=_dt.timezone.utc)
            monday = _dt.datetime(when.year, when.month, when.day, tzinfo=_dt.timezone.utc) - _dt.timedelta(
                days=when.weekday()
            )
            weeks = (monday - epoch_monday).days // 7
            start = epoch_monday + _dt.timedelta(weeks=(weeks // n) * n)
            if direction == ROUND_UP:
                start += _dt.timedelta(weeks=n)
        elif unit == "M":
            months = ((when.year * 12 + when.month - 1) // n) * n
            if direction == ROUND_UP:
                months += n
            start = _dt.datetime(months // 12, months % 12 + 1, 1, tzinfo=_dt.timezone.utc)
        else:
            year = (when.year // n) * n + (n if direction == ROUND_UP else 0)
            start = _dt.datetime(year, 1, 1, tzinfo=_dt.timezone.utc)
        return int(start.timestamp() * 1000)
    ms = parse_timeframe(timeframe) * 1000
    return timestamp - timestamp % ms + (ms if direction == ROUND_UP else 0)


__all__ = [
    "iso8601",
    "microseconds",
    "milliseconds",
    "now",
    "parse8601",
    "parse_date",
    "parse_timeframe",
    "round_timeframe",
    "seconds",
    "ymd",
    "ymdhms",
    "yymmdd",
    "yyyymmdd",
]


def now() -> int:
    """Milliseconds since the epoch (CCXT's ``now``, the same clock as :func:`milliseconds`)."""
    return milliseconds()
