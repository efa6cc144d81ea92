# cython: binding = False
"""Compiled ``safe_*`` accessors: CCXT's semantics, with numeric parsing in C.

Twin of ``safe_py``: same names, same results on every input. CCXT's Python
``safe_integer`` / ``safe_number`` spend most of their time in Python-level
``int(float(...))`` and method lookups; here a frame field is looked up with
one dict probe and an ASCII decimal string becomes a double without leaving C
(Clinger's exact fast path), falling back to CPython's own ``float()`` parser
for anything unusual so that results never differ.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.float cimport PyFloat_FromString, PyFloat_FromDouble
from cpython.long cimport PyLong_FromDouble, PyLong_FromLongLong, PyLong_AsLongLongAndOverflow
from cpython.number cimport PyNumber_Float
from cpython.ref cimport PyObject
from cpython.unicode cimport PyUnicode_GET_LENGTH
from libc.math cimport isfinite

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object o)
    const unsigned char* PyUnicode_1BYTE_DATA(object o)
    Py_ssize_t PyList_GET_SIZE(object o)
    PyObject* PyList_GET_ITEM(object o, Py_ssize_t i)
    double PyFloat_AS_DOUBLE(object o)

__all__ = [
    "parse_number",
    "safe_bool",
    "safe_dict",
    "safe_float",
    "safe_float_2",
    "safe_integer",
    "safe_integer_2",
    "safe_integer_product",
    "safe_list",
    "safe_number",
    "safe_number_2",
    "safe_string",
    "safe_string_2",
    "safe_string_lower",
    "safe_string_upper",
    "safe_timestamp",
    "safe_value",
    "safe_value_2",
]

cdef object _MISSING = object()

# exactly representable powers of ten: m * 10**e is correctly rounded for m < 2**53
cdef double[23] _POW10 = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]
cdef long long _EXACT = 9007199254740992  # 2**53


# ------------------------------------------------------------------ lookup

cdef inline object _get(object container, object key):
    """``container[key]``, or ``_MISSING`` where CCXT's ``try`` would catch."""
    cdef PyObject* p
    cdef Py_ssize_t n, i
    cdef int overflow = 0
    if type(container) is dict:
        p = PyDict_GetItem(container, key)  # swallows unhashable-key errors, as CCXT's except does
        if p is NULL:
            return _MISSING
        return <object>p
    if type(container) is list and type(key) is int:
        i = <Py_ssize_t>PyLong_AsLongLongAndOverflow(key, &overflow)
        if overflow:
            return _MISSING
        n = PyList_GET_SIZE(container)
        if i < 0:
            i += n
        if i < 0 or i >= n:
            return _MISSING
        return <object>PyList_GET_ITEM(container, i)
    try:
        return container[key]
    except Exception:
        return _MISSING


# ------------------------------------------------------------------ numbers

cdef inline bint _parse_ascii(object s, double* out):
    """Exact fast path for plain ASCII decimals; False means 'ask CPython'."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s), i = 0
    cdef const unsigned char* c
    cdef unsigned char ch
    cdef long long mant = 0
    cdef int digits = 0, frac = 0, exp = 0, esign = 1, edigits = 0
    cdef bint neg = False, seen_dot = False
    cdef double d = 0.0
    if n == 0 or n > 40 or not PyUnicode_IS_ASCII(s):
        return False
    c = PyUnicode_1BYTE_DATA(s)
    if c[0] == 45:  # '-'
        neg = True
        i = 1
    elif c[0] == 43:  # '+'
        i = 1
    while i < n:
        ch = c[i]
        if 48 <= ch <= 57:
            digits += 1
            if digits > 15:
                return False
            mant = mant * 10 + (ch - 48)
            if seen_dot:
                frac += 1
        elif ch == 46 and not seen_dot:  # '.'
            seen_dot = True
        else:
            break
        i += 1
    if digits == 0:
        return False
    if i < n:
        if c[i] != 101 and c[i] != 69:  # 'e' / 'E'
            return False
        i += 1
        if i < n and (c[i] == 45 or c[i] == 43):
            if c[i] == 45:
                esign = -1
            i += 1
        while i < n:
            ch = c[i]
            if not (48 <= ch <= 57) or edigits >= 4:
                return False
            exp = exp * 10 + (ch - 48)
            edigits += 1
            i += 1
        if edigits == 0:
            return False
    exp = esign * exp - frac
    d = <double>mant
    if mant == 0:
        pass
    elif 0 <= exp <= 22:
        d = d * _POW10[exp]
    elif -22 <= exp < 0:
        d = d / _POW10[-exp]
    else:
        return False
    out[0] = -d if neg else d
    return True


cdef inline bint _to_double(object v, double* out):
    """``float(v)`` into ``out``; False wherever ``float(v)`` would raise."""
    cdef long long ll
    cdef int overflow = 0
    if type(v) is float:
        out[0] = PyFloat_AS_DOUBLE(v)
        return True
    if type(v) is str:
        if _parse_ascii(v, out):
            return True
        try:
            out[0] = PyFloat_AS_DOUBLE(PyFloat_FromString(v))
        except Exception:
            return False
        return True
    if type(v) is int:
        ll = PyLong_AsLongLongAndOverflow(v, &overflow)
        if not overflow and -_EXACT <= ll <= _EXACT:
            out[0] = <double>ll
            return True
    try:
        out[0] = PyFloat_AS_DOUBLE(PyNumber_Float(v))  # float(v), never Cython's own parser
    except Exception:
        return False
    return True


cdef inline object _trunc(double d):
    """``int(d)``; None where ``int()`` would raise (NaN, infinities)."""
    if not isfinite(d):
        return None
    if -9.2e18 < d < 9.2e18:
        return PyLong_FromLongLong(<long long>d)
    return PyLong_FromDouble(d)


cdef inline object _integer(object v):
    """``int(float(v))``, or None where that raises."""
    cdef double d = 0.0
    cdef long long ll
    cdef int overflow = 0
    if type(v) is int:
        ll = PyLong_AsLongLongAndOverflow(v, &overflow)
        if not overflow and -_EXACT <= ll <= _EXACT:
            return v
    if not _to_double(v, &d):
        return None
    return _trunc(d)


cdef inline object _product(object v, object factor):
    """``int(float(v) * factor)``, or None where that raises."""
    cdef double d = 0.0
    cdef long long ll
    cdef int overflow = 0
    if not _to_double(v, &d):
        return None
    if type(factor) is int:
        ll = PyLong_AsLongLongAndOverflow(factor, &overflow)
        if not overflow and -_EXACT <= ll <= _EXACT:
            return _trunc(d * <double>ll)
    if type(factor) is float:
        return _trunc(d * PyFloat_AS_DOUBLE(factor))
    try:
        return int(PyFloat_FromDouble(d) * factor)
    except Exception:
        return None


cdef inline object _string(object v):
    """CCXT's string view of a value: non-empty str, or str() of an int/float."""
    if v is None:
        return None
    if type(v) is str:
        if PyUnicode_GET_LENGTH(v) == 0:
            return None
        return v
    if type(v) is float or type(v) is int:
        try:
            return str(v)
        except Exception:  # ints past the str() digit limit
            return None
    return None


cdef inline object _number(object v):
    """``float(safe_string_view(v))`` as CCXT's ``parse_number``; None if unusable."""
    cdef double d = 0.0
    cdef long long ll
    cdef int overflow = 0
    if v is None:
        return None
    if type(v) is float:
        return v
    if type(v) is str:
        if PyUnicode_GET_LENGTH(v) == 0:
            return None
        if _parse_ascii(v, &d):
            return PyFloat_FromDouble(d)
        try:
            return PyFloat_FromString(v)
        except Exception:
            return None
    if type(v) is int:
        ll = PyLong_AsLongLongAndOverflow(v, &overflow)
        if not overflow and -_EXACT <= ll <= _EXACT:
            return PyFloat_FromDouble(<double>ll)
        try:
            return PyFloat_FromString(str(v))
        except Exception:
            return None
    return None


cdef inline bint _present(object v):
    """CCXT's ``value is not None and value != ''``, any error meaning 'absent'."""
    if v is None or v is _MISSING:
        return False
    if type(v) is str:
        return PyUnicode_GET_LENGTH(v) != 0
    if type(v) is int or type(v) is float or type(v) is dict or type(v) is list or type(v) is bool:
        return True
    try:
        return bool(v != '')
    except Exception:
        return False


# ------------------------------------------------------------------ public API

cpdef object parse_number(object value, object default=None):
    """``float(value)``, or ``default`` when ``value`` is None or not a number."""
    cdef double d = 0.0
    if value is None or not _to_double(value, &d):
        return default
    if type(value) is float:
        return value
    return PyFloat_FromDouble(d)


cpdef object safe_value(object dictionary, object key, object default=None):
    """``dictionary[key]`` unless missing, None or ''."""
    cdef object v = _get(dictionary, key)
    if _present(v):
        return v
    return default


cpdef object safe_value_2(object dictionary, object key1, object key2, object default=None):
    """``safe_value`` on ``key1``, then on ``key2``."""
    cdef object v = _get(dictionary, key1)
    if _present(v):
        return v
    v = _get(dictionary, key2)
    if _present(v):
        return v
    return default


cpdef object safe_string(object dictionary, object key, object default=None):
    """The value as a string: non-empty str as is, int/float via ``str``; else ``default``."""
    cdef object s = _get(dictionary, key)
    if s is _MISSING:
        return default
    s = _string(s)
    return default if s is None else s


cpdef object safe_string_2(object dictionary, object key1, object key2, object default=None):
    """``safe_string`` on ``key1``, then on ``key2``."""
    cdef object s = _get(dictionary, key1)
    if s is not _MISSING:
        s = _string(s)
        if s is not None:
            return s
    s = _get(dictionary, key2)
    if s is not _MISSING:
        s = _string(s)
        if s is not None:
            return s
    return default


cpdef object safe_string_lower(object dictionary, object key, object default=None):
    """``safe_string`` lowered."""
    cdef object s = _get(dictionary, key)
    if s is _MISSING:
        return default
    s = _string(s)
    return default if s is None else s.lower()


cpdef object safe_string_upper(object dictionary, object key, object default=None):
    """``safe_string`` uppered."""
    cdef object s = _get(dictionary, key)
    if s is _MISSING:
        return default
    s = _string(s)
    return default if s is None else s.upper()


cpdef object safe_integer(object dictionary, object key, object default=None):
    """``int(float(dictionary[key]))``, or ``default`` where that would raise."""
    cdef object v = _get(dictionary, key)
    if v is _MISSING:
        return default
    v = _integer(v)
    return default if v is None else v


cpdef object safe_integer_2(object dictionary, object key1, object key2, object default=None):
    """``safe_integer`` on ``key1``, then on ``key2``."""
    cdef object v = _get(dictionary, key1)
    if v is not _MISSING:
        v = _integer(v)
        if v is not None:
            return v
    v = _get(dictionary, key2)
    if v is not _MISSING:
        v = _integer(v)
        if v is not None:
            return v
    return default


cpdef object safe_integer_product(object dictionary, object key, object factor, object default=None):
    """``int(float(dictionary[key]) * factor)``, or ``default`` where that would raise."""
    cdef object v = _get(dictionary, key)
    if v is _MISSING:
        return default
    v = _product(v, factor)
    return default if v is None else v


cpdef object safe_timestamp(object dictionary, object key, object default=None):
    """Seconds at ``key`` as integer milliseconds."""
    return safe_integer_product(dictionary, key, 1000, default)


cpdef object safe_float(object dictionary, object key, object default=None):
    """``float(dictionary[key])``, or ``default`` where that would raise."""
    cdef double d = 0.0
    cdef object v = _get(dictionary, key)
    if v is _MISSING or not _to_double(v, &d):
        return default
    if type(v) is float:
        return v
    return PyFloat_FromDouble(d)


cpdef object safe_float_2(object dictionary, object key1, object key2, object default=None):
    """``safe_float`` on ``key1``, then on ``key2``."""
    cdef double d = 0.0
    cdef object v = _get(dictionary, key1)
    if v is not _MISSING and _to_double(v, &d):
        return v if type(v) is float else PyFloat_FromDouble(d)
    v = _get(dictionary, key2)
    if v is not _MISSING and _to_double(v, &d):
        return v if type(v) is float else PyFloat_FromDouble(d)
    return default


cpdef object safe_number(object dictionary, object key, object default=None):
    """``safe_string`` parsed as a float (CCXT's ``number = float``), else ``default``."""
    cdef object v = _get(dictionary, key)
    if v is _MISSING:
        return default
    v = _number(v)
    return default if v is None else v


cpdef object safe_number_2(object dictionary, object key1, object key2, object default=None):
    """``safe_number`` of ``safe_string_2``: the first key with a string view wins."""
    cdef object s = _get(dictionary, key1)
    if s is _MISSING or _string(s) is None:
        s = _get(dictionary, key2)
        if s is _MISSING:
            return default
    s = _number(s)
    return default if s is None else s


cpdef object safe_bool(object dictionary, object key, object default=None):
    """The value if it is a bool, else ``default``."""
    cdef object v = _get(dictionary, key)
    if not _present(v):
        v = default
    return v if isinstance(v, bool) else default


cpdef object safe_dict(object dictionary, object key, object default=None):
    """The value if it is a dict, else ``default``."""
    cdef object v = _get(dictionary, key)
    if not _present(v):
        v = default
    return v if isinstance(v, dict) else default


cpdef object safe_list(object dictionary, object key, object default=None):
    """The value if it is a list, else ``default``."""
    cdef object v = _get(dictionary, key)
    if not _present(v):
        v = default
    return v if isinstance(v, list) else default
