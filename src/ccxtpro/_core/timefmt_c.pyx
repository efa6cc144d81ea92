# cython: language_level=3
"""``iso8601`` in Cython: the compiled twin of ``timefmt_py``.

Every parsed trade, ticker and order calls it. An int timestamp is formatted
in C into a 24-byte buffer; the date-time of the last second formatted is
kept, so consecutive frames (which mostly share a second) only write the
milliseconds. Anything that is not an exact int goes to the twin.
"""

from libc.string cimport memcpy

from .timefmt_py import iso8601 as iso8601_py


cdef extern from "Python.h":
    bint PyLong_CheckExact(object)
    long long PyLong_AsLongLongAndOverflow(object, int*) except? -1
    object PyUnicode_FromStringAndSize(const char*, Py_ssize_t)


cdef extern from "time.h":
    ctypedef long time_t
    struct tm:
        int tm_sec
        int tm_min
        int tm_hour
        int tm_mday
        int tm_mon
        int tm_year
    tm* gmtime_r(const time_t*, tm*) nogil


cdef long long MAX_MS = 8640000000000000LL  # JavaScript's Date range
cdef long long YEAR_10000_S = 253402300800LL  # CCXT gives None from year 10000 on
cdef long long cached_second = -1
cdef char text[24]  # "YYYY-MM-DDTHH:MM:SS.mmmZ"


cdef inline void two(char* out, int value) noexcept:
    out[0] = <char>(48 + value // 10)
    out[1] = <char>(48 + value % 10)


cdef bint format_second(long long second) noexcept:
    """Write the date-time part of ``second`` into ``text``; False if C cannot."""
    global cached_second
    cdef time_t when = <time_t>second
    cdef tm parts
    cdef int year
    if gmtime_r(&when, &parts) == NULL:
        return False
    year = parts.tm_year + 1900
    if year < 0 or year > 9999:
        return False
    two(&text[0], year // 100)
    two(&text[2], year % 100)
    text[4] = 45  # '-'
    two(&text[5], parts.tm_mon + 1)
    text[7] = 45
    two(&text[8], parts.tm_mday)
    text[10] = 84  # 'T'
    two(&text[11], parts.tm_hour)
    text[13] = 58  # ':'
    two(&text[14], parts.tm_min)
    text[16] = 58
    two(&text[17], parts.tm_sec)
    text[19] = 46  # '.'
    text[23] = 90  # 'Z'
    cached_second = second
    return True


def iso8601(timestamp=None):
    """``1700000000123`` -> ``'2023-11-14T22:13:20.123Z'``; ``None`` for anything unusable.

    Accepts ints, finite floats (floored) and plain digit strings, as CCXT does.
    """
    cdef int overflow = 0
    cdef long long ms, second
    cdef int millis
    if not PyLong_CheckExact(timestamp):
        return iso8601_py(timestamp)
    ms = PyLong_AsLongLongAndOverflow(timestamp, &overflow)
    if overflow or ms < 0 or ms > MAX_MS:
        return None
    second = ms // 1000
    if second != cached_second:
        if second >= YEAR_10000_S or not format_second(second):
            return iso8601_py(timestamp)
    millis = <int>(ms - second * 1000)
    text[20] = <char>(48 + millis // 100)
    text[21] = <char>(48 + (millis // 10) % 10)
    text[22] = <char>(48 + millis % 10)
    return PyUnicode_FromStringAndSize(text, 24)
