"""``iso8601`` in pure Python: the twin of ``timefmt_c``.

CCXT's semantics: milliseconds since the epoch to ``YYYY-MM-DDTHH:MM:SS.mmmZ``;
ints, finite floats (floored) and plain digit strings are accepted, anything
else, negative or beyond year 9999 gives ``None``.
"""

from __future__ import annotations

import math
import time as _time

_MAX_MS = 8640000000000000  # JavaScript's Date range
_YEAR_10000_S = 253402300800  # datetime's range ends here; CCXT returns None beyond it
_MILLIS = ["%03dZ" % ms for ms in range(1000)]
_last_second = -1
_last_prefix = ""


def iso8601(timestamp: object = None) -> str | None:
    """``1700000000123`` -> ``'2023-11-14T22:13:20.123Z'``; ``None`` for anything unusable.

    Accepts ints, finite floats (floored) and plain digit strings, as CCXT does.
    Every parsed trade and ticker calls this, so the date-time part of the last
    second formatted is remembered (consecutive frames mostly share it) and the
    millisecond suffixes are made once.
    """
    global _last_second, _last_prefix
    if type(timestamp) is not int:
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
        elif not isinstance(timestamp, int):
            return None
    if timestamp < 0 or timestamp > _MAX_MS:
        return None
    second = timestamp // 1000
    if second != _last_second:
        if second >= _YEAR_10000_S:
            return None
        t = _time.gmtime(second)
        _last_prefix = "%04d-%02d-%02dT%02d:%02d:%02d." % (
            t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
        _last_second = second
    return _last_prefix + _MILLIS[timestamp - second * 1000]
