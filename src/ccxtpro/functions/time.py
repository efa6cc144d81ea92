"""Time helpers with CCXT's semantics (milliseconds since the epoch, UTC)."""

from __future__ import annotations

import datetime as _dt
import math

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_MAX_MS = 8640000000000000  # JavaScript's Date range


def iso8601(timestamp: object = None) -> str | None:
    """``1700000000123`` -> ``'2023-11-14T22:13:20.123Z'``; ``None`` for anything unusable.

    Accepts ints, finite floats (floored) and plain digit strings, as CCXT does.
    """
    if isinstance(timestamp, str):
        if not timestamp.isascii() or not timestamp.isdigit():
            return None
        timestamp = int(timestamp)
    elif isinstance(timestamp, bool):
        return None
    elif isinstance(timestamp, float):
        if not math.isfinite(timestamp):
            return None
        timestamp = math.floor(timestamp)
    if not isinstance(timestamp, int) or timestamp < 0 or timestamp > _MAX_MS:
        return None
    seconds, millis = divmod(timestamp, 1000)
    try:
        utc = _EPOCH + _dt.timedelta(seconds=seconds)
    except OverflowError:
        return None
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{millis:03d}Z"
    )
