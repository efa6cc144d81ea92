# cython: language_level=3
"""Order-book sides in Cython: the compiled twin of ``orderbook_py``.

Same semantics and names as the pure-Python module; a different inside.

Each level is a record in a level table: its sort key, its size as a double
and, on counted sides, a reference to its count. Nothing Python-level exists
for a level until somebody reads it; only then is its ``[price, size]`` list
made, and from then on updates write through to that list.

Order comes from C blocks of at most ``BLOCK`` (key, level) entries under an
array of block maxima: finding a position is two binary searches and an insert
shifts one block only, O(log n) plus a bounded shift. On plain and counted
sides a hash of the price finds a known level in O(1): an update writes its
size, a delete marks it dead (a tombstone that keeps its place in the order),
and a price that comes back revives its record with no search at all. Books
churn around a moving mid on a tick grid, so nearly every delta is one of
these. Dead records are swept out (order, table and hash rebuilt in one pass)
once they outnumber twice the live ones, so memory stays within a constant
factor of the book. Indexed sides (one level per order, several per price)
use the ordered blocks alone.

The side is also a ``list``; its list storage is refreshed lazily, on the
first read through the list protocol after a change and on every ``limit()``.
"""

from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF, Py_DECREF, Py_XINCREF, Py_XDECREF
from cpython.mem cimport PyMem_Malloc, PyMem_Realloc, PyMem_Free
from cpython.float cimport PyFloat_AS_DOUBLE
from libc.string cimport memmove, memcpy, memset
from libc.stdint cimport uint64_t

import sys

from .book import OrderBookBase, check_depth
from .orderbook_py import as_number, as_row, as_size


cdef extern from "Python.h":
    bint PyFloat_CheckExact(object)
    bint PyLong_CheckExact(object)
    bint PyList_CheckExact(object)
    double PyLong_AsDouble(object) except? -1.0
    Py_ssize_t PyList_GET_SIZE(object)
    PyObject* list_get "PyList_GET_ITEM" (object, Py_ssize_t)
    void list_set "PyList_SET_ITEM" (object, Py_ssize_t, PyObject*)
    int PyList_SetSlice(object, Py_ssize_t, Py_ssize_t, object) except -1
    int list_delete_slice "PyList_SetSlice" (object, Py_ssize_t, Py_ssize_t, PyObject*) except -1
    int PyObject_IsTrue(object) except -1


cdef enum:
    BLOCK = 64
    HALF = 32
    SWEEP_SLACK = 256  # dead records tolerated beyond twice the live ones


ctypedef struct Level:
    double key  # sort key: price for asks, -price for bids
    double size  # the size, while the level has no list
    PyObject* obj  # owned: NULL, a counted level's count, or (listed) the level list
    int listed  # obj is the level list, which holds size and count from then on
    int alive  # 0: a tombstone, still in the order and the hash


ctypedef struct Block:
    double keys[BLOCK]  # ascending
    Py_ssize_t lv[BLOCK]  # level table indices


cdef inline double number_key(object value) except? -1.0:
    """The float of an exact int or float (NaN rejected); -1.0 with an error set otherwise."""
    cdef double x = 0.0
    if PyFloat_CheckExact(value):
        x = PyFloat_AS_DOUBLE(value)
        if x != x:
            raise ValueError("price must not be NaN")
        return x
    return PyLong_AsDouble(value)


cdef extern from "Python.h":
    const char* PyUnicode_AsUTF8AndSize(object, Py_ssize_t*) except NULL
    const char* PyUnicode_AsUTF8AndSize_noerr "PyUnicode_AsUTF8AndSize" (object, Py_ssize_t*)
    double PyOS_string_to_double(const char*, char**, PyObject*) except? -1.0
    bint PyUnicode_CheckExact(object)
    bint PyUnicode_IS_ASCII(object)
    object PyFloat_FromDouble(double)
    bint PyBytes_CheckExact(object)
    const char* PyBytes_AS_STRING(object)
    Py_ssize_t PyBytes_GET_SIZE(object)


cdef double[23] POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                         1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]


cdef inline bint fast_decimal(object value, double* out) noexcept:
    """Parse a plain decimal string (``-12.3400``) exactly as ``float()`` would, or say no.

    A mantissa below 2**53 and at most 22 decimals are both exact doubles, so
    one division gives the correctly rounded result: the same double
    ``float()`` returns. Anything else (exponents, long mantissas, signs,
    spaces, underscores) is left to the general parser.
    """
    cdef Py_ssize_t length = 0, k = 0, decimals = 0
    cdef const char* text
    cdef unsigned long long mantissa = 0
    cdef bint negative = False, dot = False, digits = False
    cdef char c
    if not (PyUnicode_CheckExact(value) and PyUnicode_IS_ASCII(value)):
        return False
    text = PyUnicode_AsUTF8AndSize_noerr(value, &length)
    if text == NULL or length == 0 or length > 40:
        return False
    if text[0] == 45:  # '-'
        negative = True
        k = 1
    while k < length:
        c = text[k]
        if 48 <= c <= 57:
            mantissa = mantissa * 10 + <unsigned long long>(c - 48)
            if mantissa > 9007199254740992ULL:
                return False
            digits = True
            if dot:
                decimals += 1
        elif c == 46 and not dot:  # '.'
            dot = True
        else:
            return False
        k += 1
    if not digits or decimals > 22:
        return False
    out[0] = <double>mantissa / POW10[decimals]
    if negative:
        out[0] = -out[0]
    return True


cdef object parse_number(object value, str what):
    """A numeric string as a float, parsed in C; everything else goes to ``as_number``."""
    cdef Py_ssize_t length = 0
    cdef const char* text
    cdef char* end
    cdef double x = 0.0
    if fast_decimal(value, &x):
        return PyFloat_FromDouble(x)
    if PyUnicode_CheckExact(value) and PyUnicode_IS_ASCII(value):
        text = PyUnicode_AsUTF8AndSize(value, &length)
        if length and length < 64 and (48 <= text[0] <= 57 or text[0] == 45 or text[0] == 46):
            end = NULL
            try:
                x = PyOS_string_to_double(text, &end, NULL)
            except ValueError:
                return as_number(value, what)
            if end == text + length and x == x:
                return PyFloat_FromDouble(x)
    return as_number(value, what)


cdef inline Py_ssize_t skip_space(const char* text, Py_ssize_t k, Py_ssize_t end) noexcept:
    """The first index at or after ``k`` that is not JSON whitespace."""
    cdef char c
    while k < end:
        c = text[k]
        if c != 32 and c != 10 and c != 13 and c != 9:
            break
        k += 1
    return k


cdef inline Py_ssize_t json_decimal(const char* text, Py_ssize_t k, Py_ssize_t end, double* out) noexcept:
    """A JSON string at ``text[k]`` holding a plain decimal, parsed as ``fast_decimal`` parses it
    (same acceptance, same double); the index after its closing quote, or -1 for anything else."""
    cdef Py_ssize_t start, decimals = 0
    cdef unsigned long long mantissa = 0
    cdef bint negative = False, dot = False, digits = False
    cdef char c
    if k >= end or text[k] != 34:  # '"'
        return -1
    k += 1
    start = k
    if k < end and text[k] == 45:  # '-'
        negative = True
        k += 1
    while k < end:
        c = text[k]
        if 48 <= c <= 57:
            mantissa = mantissa * 10 + <unsigned long long>(c - 48)
            if mantissa > 9007199254740992ULL:
                return -1
            digits = True
            if dot:
                decimals += 1
        elif c == 46 and not dot:  # '.'
            dot = True
        elif c == 34:  # the closing quote
            break
        else:
            return -1
        k += 1
    if k >= end or not digits or decimals > 22 or k - start > 40:
        return -1
    out[0] = <double>mantissa / POW10[decimals]
    if negative:
        out[0] = -out[0]
    return k + 1


cdef inline bint is_number(object value):
    return PyFloat_CheckExact(value) or PyLong_CheckExact(value)


cdef inline bint size_truth(object size) except -1:
    if PyFloat_CheckExact(size):
        return PyFloat_AS_DOUBLE(size) != 0.0
    if size is None:
        return False
    return PyObject_IsTrue(size)



cdef inline list delta_row(object delta, Py_ssize_t width, str needs):
    """An exact list long enough passes as is; anything else gets the twin's checks and errors."""
    if PyList_CheckExact(delta) and PyList_GET_SIZE(delta) >= width:
        return <list>delta
    return as_row(delta, width, needs)


cdef inline double as_double(object size) except? -1.0:
    """A stored size: exact floats directly, ints (and int-like numbers) through C."""
    if PyFloat_CheckExact(size):
        return PyFloat_AS_DOUBLE(size)
    return PyLong_AsDouble(size)


cdef inline Py_ssize_t lower_bound(const double* keys, Py_ssize_t n, double key) noexcept:
    """First index whose key is >= ``key``.

    Bisected without branches: random prices would mispredict every branch.
    """
    cdef Py_ssize_t base = 0, half
    if n == 0:
        return 0
    while n > 1:
        half = n >> 1
        base = base + half if keys[base + half - 1] < key else base
        n -= half
    return base + (keys[base] < key)


cdef inline uint64_t hash_key(double key) noexcept:
    """A well-mixed 64-bit hash of a key's bits (-0.0 and 0.0 hash alike)."""
    cdef double normal = key + 0.0
    cdef uint64_t x = 0
    memcpy(&x, &normal, sizeof(double))
    x ^= x >> 33
    x *= 0xff51afd7ed558ccdULL
    x ^= x >> 33
    x *= 0xc4ceb9fe1a85ec53ULL
    x ^= x >> 33
    return x


cdef void* grow(void* ptr, size_t size) except NULL:
    cdef void* out = PyMem_Realloc(ptr, size)
    if out == NULL:
        raise MemoryError()
    return out


cdef class OrderBookSide(list):
    """Price levels of one side, best first (lowest ask, highest bid)."""

    side = None  # True for bids, False for asks

    # order: blocks of (key, level) entries under an array of block maxima
    cdef Block** blocks
    cdef Py_ssize_t* sizes
    cdef double* maxes
    cdef Py_ssize_t nblocks
    cdef Py_ssize_t capacity
    # the level table, with a stack of free records
    cdef Level* table
    cdef Py_ssize_t used
    cdef Py_ssize_t table_cap
    cdef Py_ssize_t* free
    cdef Py_ssize_t nfree
    cdef Py_ssize_t free_cap
    # price -> level (plain and counted sides): open addressing, -1 = empty
    cdef Py_ssize_t* slots
    cdef Py_ssize_t slot_mask
    cdef Py_ssize_t hashed
    cdef Py_ssize_t live
    cdef Py_ssize_t dead
    cdef public Py_ssize_t _depth
    cdef bint bids
    cdef bint dirty
    cdef bint indexed
    cdef bint plain  # levels are [price, size]: store_deltas may take its fast loop
    # rows parsed by store_json before any is applied: (price, size) pairs
    cdef double* scratch
    cdef Py_ssize_t scratch_cap

    def __cinit__(self, *args, **kwargs):
        self.blocks = NULL
        self.sizes = NULL
        self.maxes = NULL
        self.nblocks = 0
        self.capacity = 0
        self.table = NULL
        self.used = 0
        self.table_cap = 0
        self.free = NULL
        self.nfree = 0
        self.free_cap = 0
        self.slots = NULL
        self.slot_mask = -1
        self.hashed = 0
        self.live = 0
        self.dead = 0
        self._depth = sys.maxsize
        self.bids = type(self).side is True
        self.dirty = False
        self.indexed = False
        self.plain = True
        self.scratch = NULL
        self.scratch_cap = 0

    def __init__(self, deltas=(), depth=None):
        self._depth = check_depth(depth)
        for delta in deltas:
            self.store_array(list(delta))

    def __dealloc__(self):
        self.release()
        PyMem_Free(self.blocks)
        PyMem_Free(self.sizes)
        PyMem_Free(self.maxes)
        PyMem_Free(self.table)
        PyMem_Free(self.free)
        PyMem_Free(self.slots)
        PyMem_Free(self.scratch)

    cdef void release(self) noexcept:
        """Drop every level and entry (the arrays stay allocated)."""
        cdef Py_ssize_t k
        for k in range(self.used):
            Py_XDECREF(self.table[k].obj)
            self.table[k].obj = NULL
        for k in range(self.nblocks):
            PyMem_Free(self.blocks[k])
        self.nblocks = 0
        self.used = 0
        self.nfree = 0
        self.live = 0
        self.dead = 0
        self.hashed = 0
        if self.slots != NULL:
            memset(self.slots, 0xff, (self.slot_mask + 1) * sizeof(Py_ssize_t))

    cdef inline double key_of(self, double price) noexcept:
        return -price if self.bids else price

    # ---- the level table ------------------------------------------------------

    cdef Py_ssize_t new_level(self, double key, double size, PyObject* obj, int listed) except -1:
        """A fresh live record; it takes a new reference to ``obj`` (which may be NULL)."""
        cdef Py_ssize_t idx
        cdef Level* level
        if self.nfree:
            self.nfree -= 1
            idx = self.free[self.nfree]
        else:
            if self.used == self.table_cap:
                self.table_cap = self.table_cap * 2 if self.table_cap else 64
                self.table = <Level*>grow(self.table, self.table_cap * sizeof(Level))
            idx = self.used
            self.used += 1
        level = &self.table[idx]
        Py_XINCREF(obj)
        level.key = key
        level.size = size
        level.obj = obj
        level.listed = listed
        level.alive = 1
        self.live += 1
        return idx

    cdef int free_level(self, Py_ssize_t idx) except -1:
        """Give a record back; whatever it held is released."""
        cdef PyObject* obj = self.table[idx].obj
        self.table[idx].obj = NULL
        self.table[idx].alive = 0
        if self.nfree == self.free_cap:
            self.free_cap = self.free_cap * 2 if self.free_cap else 64
            self.free = <Py_ssize_t*>grow(self.free, self.free_cap * sizeof(Py_ssize_t))
        self.free[self.nfree] = idx
        self.nfree += 1
        Py_XDECREF(obj)
        return 0

    cdef PyObject* materialize(self, Py_ssize_t idx) except NULL:
        """The level list of record ``idx``, made now if nobody has read it before (borrowed)."""
        cdef Level* level = &self.table[idx]
        cdef double key = level.key
        cdef list made
        if level.listed:
            return level.obj
        if level.obj != NULL:
            made = [-key if self.bids else key, level.size, <object>level.obj]
            Py_DECREF(<object>level.obj)
        else:
            made = [-key if self.bids else key, level.size]
        Py_INCREF(made)
        level.obj = <PyObject*>made
        level.listed = 1
        return level.obj

    cdef int set_level(self, Py_ssize_t idx, double size, PyObject* count) except -1:
        """New size (and count, if not NULL) of a live record, written through to its list."""
        cdef Level* level = &self.table[idx]
        cdef PyObject* old
        cdef object value
        if not level.listed:
            level.size = size
            if count != NULL:
                old = level.obj
                Py_INCREF(<object>count)
                level.obj = count
                Py_XDECREF(old)
            return 0
        if PyList_GET_SIZE(<object>level.obj) < (3 if count != NULL else 2):
            raise ValueError("a stored level was truncated from outside")
        value = PyFloat_FromDouble(size)  # sizes read back as floats
        old = list_get(<object>level.obj, 1)
        Py_INCREF(value)
        list_set(<object>level.obj, 1, <PyObject*>value)
        Py_DECREF(<object>old)
        if count != NULL:
            old = list_get(<object>level.obj, 2)
            Py_INCREF(<object>count)
            list_set(<object>level.obj, 2, count)
            Py_DECREF(<object>old)
        return 0

    cdef int kill(self, Py_ssize_t idx) except -1:
        """Plain and counted sides: a delete leaves a tombstone where the level was."""
        cdef Level* level = &self.table[idx]
        cdef PyObject* obj = level.obj
        level.obj = NULL
        level.listed = 0
        level.alive = 0
        self.live -= 1
        self.dead += 1
        self.dirty = True
        Py_XDECREF(obj)
        return 0

    # ---- the price hash -------------------------------------------------------

    cdef inline Py_ssize_t find(self, double key) noexcept:
        """The record holding ``key`` (live or dead), or -1."""
        cdef Py_ssize_t mask = self.slot_mask, at, idx
        if mask < 0:
            return -1
        at = <Py_ssize_t>(hash_key(key) & <uint64_t>mask)
        while True:
            idx = self.slots[at]
            if idx < 0:
                return -1
            if self.table[idx].key == key:
                return idx
            at = (at + 1) & mask

    cdef int remember(self, double key, Py_ssize_t idx) except -1:
        cdef Py_ssize_t mask, at
        if (self.hashed + 1) * 2 > self.slot_mask + 1:
            self.rehash((self.slot_mask + 1) * 2 if self.slot_mask >= 0 else 256)
        mask = self.slot_mask
        at = <Py_ssize_t>(hash_key(key) & <uint64_t>mask)
        while self.slots[at] >= 0:
            at = (at + 1) & mask
        self.slots[at] = idx
        self.hashed += 1
        return 0

    cdef int rehash(self, Py_ssize_t cap) except -1:
        """Rebuild the hash at ``cap`` slots from the entries in order."""
        cdef Py_ssize_t b, i, idx, at
        self.slots = <Py_ssize_t*>grow(self.slots, cap * sizeof(Py_ssize_t))
        memset(self.slots, 0xff, cap * sizeof(Py_ssize_t))
        self.slot_mask = cap - 1
        self.hashed = 0
        for b in range(self.nblocks):
            for i in range(self.sizes[b]):
                idx = self.blocks[b].lv[i]
                at = <Py_ssize_t>(hash_key(self.table[idx].key) & <uint64_t>self.slot_mask)
                while self.slots[at] >= 0:
                    at = (at + 1) & self.slot_mask
                self.slots[at] = idx
                self.hashed += 1
        return 0

    cdef int sweep(self) except -1:
        """Drop the tombstones from the order, the table and the hash, in one pass.

        The live entries are copied into fresh blocks filled to three quarters,
        so the next inserts do not split at once.
        """
        cdef Py_ssize_t per = (BLOCK * 3) // 4
        cdef Py_ssize_t need = self.live // per + 1, b, i, idx, out_b = 0, out_i = 0
        cdef Block** fresh = <Block**>PyMem_Malloc(need * sizeof(Block*))
        cdef Py_ssize_t* sizes = <Py_ssize_t*>PyMem_Malloc(need * sizeof(Py_ssize_t))
        cdef double* maxes = <double*>PyMem_Malloc(need * sizeof(double))
        cdef Block* block
        if fresh == NULL or sizes == NULL or maxes == NULL:
            PyMem_Free(fresh)
            PyMem_Free(sizes)
            PyMem_Free(maxes)
            raise MemoryError()
        for b in range(need):
            fresh[b] = NULL
        try:
            for b in range(self.nblocks):
                block = self.blocks[b]
                for i in range(self.sizes[b]):
                    idx = block.lv[i]
                    if not self.table[idx].alive:
                        continue
                    if fresh[out_b] == NULL:
                        fresh[out_b] = <Block*>PyMem_Malloc(sizeof(Block))
                        if fresh[out_b] == NULL:
                            raise MemoryError()
                    fresh[out_b].keys[out_i] = block.keys[i]
                    fresh[out_b].lv[out_i] = idx
                    out_i += 1
                    if out_i == per:
                        sizes[out_b] = per
                        maxes[out_b] = fresh[out_b].keys[per - 1]
                        out_b += 1
                        out_i = 0
        except MemoryError:
            for b in range(need):
                PyMem_Free(fresh[b])
            PyMem_Free(fresh)
            PyMem_Free(sizes)
            PyMem_Free(maxes)
            raise
        if out_i:
            sizes[out_b] = out_i
            maxes[out_b] = fresh[out_b].keys[out_i - 1]
            out_b += 1
        for b in range(self.nblocks):
            block = self.blocks[b]
            for i in range(self.sizes[b]):
                idx = block.lv[i]
                if not self.table[idx].alive:
                    self.free_level(idx)
            PyMem_Free(block)
        PyMem_Free(self.blocks)
        PyMem_Free(self.sizes)
        PyMem_Free(self.maxes)
        self.blocks = fresh
        self.sizes = sizes
        self.maxes = maxes
        self.capacity = need
        self.nblocks = out_b
        self.dead = 0
        self.rehash(self.slot_mask + 1 if self.slot_mask >= 0 else 256)
        return 0

    cdef inline int maybe_sweep(self) except -1:
        if self.dead > 2 * self.live + SWEEP_SLACK:
            self.sweep()
        return 0

    # ---- the order ------------------------------------------------------------

    cdef inline void locate(self, double key, Py_ssize_t* b_out, Py_ssize_t* i_out) noexcept:
        """Block and offset of the first entry whose key is >= ``key`` (or the end)."""
        cdef Py_ssize_t n = self.nblocks, b
        if n == 0:
            b_out[0] = 0
            i_out[0] = 0
            return
        b = lower_bound(self.maxes, n, key)
        if b == n:
            b_out[0] = n - 1
            i_out[0] = self.sizes[n - 1]
            return
        b_out[0] = b
        i_out[0] = lower_bound(self.blocks[b].keys, self.sizes[b], key)

    cdef inline bint has(self, Py_ssize_t b, Py_ssize_t i) noexcept:
        return b < self.nblocks and i < self.sizes[b]

    cdef int add_block(self, Py_ssize_t at) except -1:
        """Open an empty block at position ``at`` of the block index."""
        cdef Py_ssize_t cap
        cdef Block* block
        if self.nblocks == self.capacity:
            cap = self.capacity * 2 if self.capacity else 8
            self.blocks = <Block**>grow(self.blocks, cap * sizeof(Block*))
            self.sizes = <Py_ssize_t*>grow(self.sizes, cap * sizeof(Py_ssize_t))
            self.maxes = <double*>grow(self.maxes, cap * sizeof(double))
            self.capacity = cap
        block = <Block*>PyMem_Malloc(sizeof(Block))
        if block == NULL:
            raise MemoryError()
        memmove(&self.blocks[at + 1], &self.blocks[at], (self.nblocks - at) * sizeof(Block*))
        memmove(&self.sizes[at + 1], &self.sizes[at], (self.nblocks - at) * sizeof(Py_ssize_t))
        memmove(&self.maxes[at + 1], &self.maxes[at], (self.nblocks - at) * sizeof(double))
        self.blocks[at] = block
        self.sizes[at] = 0
        self.nblocks += 1
        return 0

    cdef int insert(self, Py_ssize_t b, Py_ssize_t i, double key, Py_ssize_t idx) except -1:
        """Put record ``idx`` at position (b, i) of the order."""
        cdef Block* block
        cdef Block* upper
        cdef Py_ssize_t fill
        if self.nblocks == 0:
            self.add_block(0)
            b = 0
            i = 0
        elif self.sizes[b] == BLOCK:
            self.add_block(b + 1)
            block = self.blocks[b]
            upper = self.blocks[b + 1]
            memcpy(upper.keys, &block.keys[HALF], HALF * sizeof(double))
            memcpy(upper.lv, &block.lv[HALF], HALF * sizeof(Py_ssize_t))
            self.sizes[b] = HALF
            self.sizes[b + 1] = HALF
            self.maxes[b] = block.keys[HALF - 1]
            self.maxes[b + 1] = upper.keys[HALF - 1]
            if i > HALF:
                b += 1
                i -= HALF
        block = self.blocks[b]
        fill = self.sizes[b]
        memmove(&block.keys[i + 1], &block.keys[i], (fill - i) * sizeof(double))
        memmove(&block.lv[i + 1], &block.lv[i], (fill - i) * sizeof(Py_ssize_t))
        block.keys[i] = key
        block.lv[i] = idx
        self.sizes[b] = fill + 1
        self.maxes[b] = block.keys[fill]
        self.dirty = True
        return 0

    cdef Py_ssize_t remove(self, Py_ssize_t b, Py_ssize_t i) noexcept:
        """Take the entry at (b, i) out of the order; its record is the caller's."""
        cdef Block* block = self.blocks[b]
        cdef Py_ssize_t fill = self.sizes[b] - 1
        cdef Py_ssize_t idx = block.lv[i]
        memmove(&block.keys[i], &block.keys[i + 1], (fill - i) * sizeof(double))
        memmove(&block.lv[i], &block.lv[i + 1], (fill - i) * sizeof(Py_ssize_t))
        self.dirty = True
        if fill:
            self.sizes[b] = fill
            self.maxes[b] = block.keys[fill - 1]
        else:
            PyMem_Free(block)
            self.nblocks -= 1
            memmove(&self.blocks[b], &self.blocks[b + 1], (self.nblocks - b) * sizeof(Block*))
            memmove(&self.sizes[b], &self.sizes[b + 1], (self.nblocks - b) * sizeof(Py_ssize_t))
            memmove(&self.maxes[b], &self.maxes[b + 1], (self.nblocks - b) * sizeof(double))
        return idx

    cdef int sync(self) except -1:
        """Make the list storage show the live levels, reusing slots that did not move."""
        cdef Py_ssize_t n = self.live, current = PyList_GET_SIZE(self), pos = 0, b, i, idx
        cdef PyObject* level
        cdef PyObject* old
        if current > n:
            list_delete_slice(self, n, current, NULL)
        elif current < n:
            PyList_SetSlice(self, current, current, [None] * (n - current))
        for b in range(self.nblocks):
            for i in range(self.sizes[b]):
                idx = self.blocks[b].lv[i]
                if not self.table[idx].alive:
                    continue
                level = self.materialize(idx)
                old = list_get(self, pos)
                if old != level:
                    Py_INCREF(<object>level)
                    list_set(self, pos, level)
                    Py_DECREF(<object>old)
                pos += 1
        self.dirty = False
        return 0

    # ---- CCXT's writing API ---------------------------------------------------

    cdef int apply(self, double key, double size, bint keep, PyObject* count) except -1:
        """Plain and counted sides: set a level (``keep``) or delete it, by price."""
        cdef Py_ssize_t idx = self.find(key), b = 0, i = 0
        if idx >= 0:
            if keep:
                if not self.table[idx].alive:
                    self.table[idx].alive = 1
                    self.live += 1
                    self.dead -= 1
                self.set_level(idx, size, count)
                self.dirty = True
            elif self.table[idx].alive:
                self.kill(idx)
                self.maybe_sweep()
        elif keep:
            idx = self.new_level(key, size, count, 0)
            self.remember(key, idx)
            self.locate(key, &b, &i)
            self.insert(b, i, key, idx)
        return 0

    cdef int put(self, object price, object size) except -1:
        """Store one level; a falsy size deletes it."""
        if not is_number(price):
            price = parse_number(price, "price")
        if not (PyFloat_CheckExact(size) or size is None or PyLong_CheckExact(size)):
            size = None if size is None else parse_number(size, "size")
        key = self.key_of(number_key(price))
        if size_truth(size):
            return self.apply(key, as_double(size), True, NULL)
        return self.apply(key, 0.0, False, NULL)

    cdef int put_delta(self, object delta) except -1:
        cdef list row = delta_row(delta, 2, "a price and a size")
        return self.put(<object>list_get(row, 0), <object>list_get(row, 1))

    def store_array(self, delta):
        """Apply one ``[price, size]`` delta; a falsy size deletes the level."""
        self.put_delta(delta)

    def storeArray(self, delta):
        self.put_delta(delta)

    def store(self, price, size):
        self.put(price, size)

    def store_deltas(self, deltas):
        """Apply a whole list of deltas in one call, in order.

        ``[float, float]`` and plain decimal-string rows on a plain side take a
        loop with no Python-level calls and no Python objects; anything else
        goes through ``store_array``'s checks and conversions.
        """
        cdef Py_ssize_t k, n
        cdef PyObject* row
        cdef PyObject* p
        cdef PyObject* s
        cdef double price = 0.0, size = 0.0
        cdef bint fast
        if PyList_CheckExact(deltas):
            n = PyList_GET_SIZE(deltas)
            for k in range(n):
                row = list_get(deltas, k)
                if self.plain and PyList_CheckExact(<object>row) and PyList_GET_SIZE(<object>row) >= 2:
                    p = list_get(<object>row, 0)
                    s = list_get(<object>row, 1)
                    if PyFloat_CheckExact(<object>p) and PyFloat_CheckExact(<object>s):
                        price = PyFloat_AS_DOUBLE(<object>p)
                        size = PyFloat_AS_DOUBLE(<object>s)
                        fast = True
                    else:
                        fast = fast_decimal(<object>p, &price) and fast_decimal(<object>s, &size)
                    if fast and price == price:
                        self.store_plain(price, size)
                        continue
                self.put_delta(<object>row)
        else:
            for delta in deltas:
                self.put_delta(delta)

    def storeDeltas(self, deltas):
        self.store_deltas(deltas)

    cdef inline int store_plain(self, double price, double size) except -1:
        """A plain side's ``[price, size]`` delta, price not NaN; a zero size deletes."""
        cdef double key = -price if self.bids else price
        cdef Py_ssize_t idx = self.find(key)
        cdef Level* level
        if idx >= 0 and size != 0.0:
            level = &self.table[idx]
            if level.alive and not level.listed:
                level.size = size  # the common case: no Python at all
                self.dirty = True
                return 0
        return self.apply(key, size, size != 0.0, NULL)

    cdef Py_ssize_t parse_rows(self, const char* text, Py_ssize_t k, Py_ssize_t end) except -2:
        """``text[k:end]``, a JSON array of ``[price, size]`` plain-decimal string pairs, into
        ``scratch``; the number of rows, or -1 (scratch undefined) for any other text."""
        cdef Py_ssize_t n = 0
        cdef double price = 0.0, size = 0.0
        k = skip_space(text, k, end)
        if k >= end or text[k] != 91:  # '['
            return -1
        k = skip_space(text, k + 1, end)
        if k < end and text[k] == 93:  # ']': no rows
            k += 1
        else:
            while True:
                if k >= end or text[k] != 91:
                    return -1
                k = json_decimal(text, skip_space(text, k + 1, end), end, &price)
                if k < 0:
                    return -1
                k = skip_space(text, k, end)
                if k >= end or text[k] != 44:  # ','
                    return -1
                k = json_decimal(text, skip_space(text, k + 1, end), end, &size)
                if k < 0:
                    return -1
                k = skip_space(text, k, end)
                if k >= end or text[k] != 93:
                    return -1
                if n == self.scratch_cap:
                    self.scratch_cap = self.scratch_cap * 2 if self.scratch_cap else 32
                    self.scratch = <double*>grow(self.scratch, self.scratch_cap * 2 * sizeof(double))
                self.scratch[2 * n] = price
                self.scratch[2 * n + 1] = size
                n += 1
                k = skip_space(text, k + 1, end)
                if k < end and text[k] == 44:
                    k = skip_space(text, k + 1, end)
                    continue
                if k < end and text[k] == 93:
                    k += 1
                    break
                return -1
        return n if skip_space(text, k, end) == end else -1

    def store_json(self, data, Py_ssize_t start, Py_ssize_t end, other=None, Py_ssize_t other_start=0,
                   Py_ssize_t other_end=0):
        """Apply the JSON text ``data[start:end]`` (bytes), an array of ``[price, size]`` rows, in
        order, as ``store_deltas`` would apply it decoded; with ``other`` (a side of the same
        book), also apply ``data[other_start:other_end]`` to it, all or nothing.

        True when every row was a pair of plain decimal strings (``"123.45"``; as JSON:
        no escapes, no exponents) and the sides keep ``[price, size]`` levels: the rows were
        applied. False when anything else was found: nothing was changed, and the caller
        decodes the text and stores it the ordinary way. This lets a frame's deltas go from
        the bytes received into the book with no Python object per level.
        """
        cdef OrderBookSide peer = None
        cdef Py_ssize_t length, n, m = 0, k
        cdef const char* text
        if not PyBytes_CheckExact(data):
            raise TypeError(f"store_json takes bytes, not {type(data).__name__}")
        length = PyBytes_GET_SIZE(data)
        if not (0 <= start <= end <= length):
            raise ValueError(f"rows {start}:{end} out of range for {length} bytes")
        if other is not None:
            if not isinstance(other, OrderBookSide) or other is self:
                raise TypeError("other must be the other side of the book")
            peer = <OrderBookSide>other
            if not (0 <= other_start <= other_end <= length):
                raise ValueError(f"rows {other_start}:{other_end} out of range for {length} bytes")
            if not peer.plain:
                return False
        if not self.plain:
            return False
        text = PyBytes_AS_STRING(data)
        n = self.parse_rows(text, start, end)
        if n < 0:
            return False
        if peer is not None:
            m = peer.parse_rows(text, other_start, other_end)
            if m < 0:
                return False
        for k in range(n):
            self.store_plain(self.scratch[2 * k], self.scratch[2 * k + 1])
        for k in range(m):
            peer.store_plain(peer.scratch[2 * k], peer.scratch[2 * k + 1])
        return True

    def limit(self):
        """Drop the levels beyond the depth, worst first, and refresh the list view."""
        cdef Py_ssize_t b, i, idx
        cdef object level
        if self.indexed:
            while self.live > self._depth:
                b = self.nblocks - 1
                idx = self.remove(b, self.sizes[b] - 1)
                level = <object>self.materialize(idx)
                self.free_level(idx)
                self.live -= 1
                self.remove_index(level)
        elif self.live > self._depth:
            b = self.nblocks - 1
            while self.live > self._depth and b >= 0:
                i = self.sizes[b] - 1
                while self.live > self._depth and i >= 0:
                    idx = self.blocks[b].lv[i]
                    if self.table[idx].alive:
                        self.kill(idx)
                    i -= 1
                b -= 1
            self.maybe_sweep()
        if self.dirty:
            self.sync()

    def remove_index(self, level):
        """Hook for sides that index levels by something other than price."""

    def clear(self):
        self.release()
        list.clear(self)
        self.dirty = False

    def copy(self):
        return type(self)([(<list>level)[:] for level in self.levels()], self._depth)

    @property
    def depth(self):
        return None if self._depth == sys.maxsize else self._depth

    cdef list levels(self):
        cdef list out = []
        cdef Py_ssize_t b, i, idx
        for b in range(self.nblocks):
            for i in range(self.sizes[b]):
                idx = self.blocks[b].lv[i]
                if self.table[idx].alive:
                    out.append(<object>self.materialize(idx))
        return out

    # ---- reading, through the list protocol -----------------------------------

    def __len__(self):
        return self.live

    def __getitem__(self, index):
        if self.dirty:
            self.sync()
        return list.__getitem__(self, index)

    def __iter__(self):
        if self.dirty:
            self.sync()
        return list.__iter__(self)

    def __reversed__(self):
        if self.dirty:
            self.sync()
        return list.__reversed__(self)

    def __contains__(self, item):
        if self.dirty:
            self.sync()
        return list.__contains__(self, item)

    def __eq__(self, other):
        if self.dirty:
            self.sync()
        if isinstance(other, list):
            if isinstance(other, OrderBookSide) and (<OrderBookSide>other).dirty:
                (<OrderBookSide>other).sync()
            return list.__eq__(self, other)
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None

    def __repr__(self):
        if self.dirty:
            self.sync()
        return list.__repr__(self)

    def index(self, *args):
        if self.dirty:
            self.sync()
        return list.index(self, *args)

    def count(self, item):
        if self.dirty:
            self.sync()
        return list.count(self, item)

    def __reduce__(self):
        return (type(self), ([(<list>level)[:] for level in self.levels()], self.depth))


cdef class CountedOrderBookSide(OrderBookSide):
    """Levels ``[price, size, count]``; a zero size or a zero count deletes the level."""

    def __cinit__(self, *args, **kwargs):
        self.plain = False

    cdef int put3(self, object price, object size, object count) except -1:
        if not is_number(price):
            price = parse_number(price, "price")
        if not (PyFloat_CheckExact(size) or size is None or PyLong_CheckExact(size)):
            size = None if size is None else parse_number(size, "size")
        if not (PyFloat_CheckExact(count) or count is None or PyLong_CheckExact(count)):
            count = None if count is None else parse_number(count, "count")
        key = self.key_of(number_key(price))
        if size_truth(size) and size_truth(count):
            return self.apply(key, as_double(size), True, <PyObject*>count)
        return self.apply(key, 0.0, False, NULL)

    cdef int put_delta(self, object delta) except -1:
        cdef list row = delta_row(delta, 3, "a price, a size and a count")
        return self.put3(<object>list_get(row, 0), <object>list_get(row, 1),
                         <object>list_get(row, 2))

    def store(self, price, size, count):
        self.put3(price, size, count)


cdef class IndexedOrderBookSide(OrderBookSide):
    """Levels ``[price, size, order_id]``, one per order, ordered by price then id."""

    cdef public dict _hashmap  # order id -> sort key

    def __cinit__(self, *args, **kwargs):
        self._hashmap = {}
        self.indexed = True
        self.plain = False

    cdef inline object order_at(self, Py_ssize_t b, Py_ssize_t i):
        return (<list>self.table[self.blocks[b].lv[i]].obj)[2]

    cdef int find_order(self, double key, object order_id, Py_ssize_t* b_out, Py_ssize_t* i_out) except -1:
        cdef Py_ssize_t b = 0, i = 0
        self.locate(key, &b, &i)
        while True:
            if not self.has(b, i):
                if b + 1 < self.nblocks:
                    b += 1
                    i = 0
                    continue
                raise RuntimeError(f"order {order_id!r} is indexed but not stored")
            if self.order_at(b, i) == order_id:
                b_out[0] = b
                i_out[0] = i
                return 0
            i += 1

    cdef int drop_order(self, double key, object order_id) except -1:
        cdef Py_ssize_t b = 0, i = 0
        self.find_order(key, order_id, &b, &i)
        self.free_level(self.remove(b, i))
        self.live -= 1
        return 0

    cdef int put_order(self, list delta) except -1:
        cdef object raw_price = delta[0]
        cdef object size, order_id, old_key, key_obj
        cdef double key = 0.0
        cdef bint has_key = raw_price is not None
        cdef Py_ssize_t b = 0, i = 0, idx
        cdef PyObject* old
        cdef dict hashmap = self._hashmap
        if has_key:
            price = as_number(raw_price, "price")
            if price is not raw_price:
                delta = [price] + delta[1:]
            key = self.key_of(number_key(price))
        size = as_size(delta[1])
        if size is not delta[1]:
            delta = [delta[0], size] + delta[2:]
        order_id = delta[2]
        if size_truth(size):
            if order_id in hashmap:
                old_key = hashmap[order_id]
                if not has_key or key == 0.0:
                    key = <double>old_key
                    has_key = True
                key_obj = key
                delta[0] = abs(key_obj)
                if key == <double>old_key:
                    self.find_order(key, order_id, &b, &i)
                    idx = self.blocks[b].lv[i]
                    old = self.table[idx].obj
                    Py_INCREF(delta)
                    self.table[idx].obj = <PyObject*>delta
                    Py_DECREF(<object>old)
                    self.dirty = True
                    return 0
                self.drop_order(<double>old_key, order_id)
            elif not has_key:
                raise ValueError(f"order {order_id!r} is unknown and has no price")
            hashmap[order_id] = key
            self.locate(key, &b, &i)
            while True:
                if not self.has(b, i):
                    if b + 1 < self.nblocks and i == self.sizes[b]:
                        b += 1
                        i = 0
                        continue
                    break
                if self.blocks[b].keys[i] != key or not (self.order_at(b, i) < order_id):
                    break
                i += 1
            idx = self.new_level(key, 0.0, <PyObject*>delta, 1)
            self.insert(b, i, key, idx)
        elif order_id in hashmap:
            self.drop_order(<double>hashmap.pop(order_id), order_id)
        return 0

    cdef int put_delta(self, object delta) except -1:
        return self.put_order(delta_row(delta, 3, "a price, a size and an order id"))

    def store(self, price, size, order_id):
        self.put_order([price, size, order_id])

    def remove_index(self, level):
        self._hashmap.pop(level[2], None)

    def clear(self):
        OrderBookSide.clear(self)
        self._hashmap.clear()


cdef class Asks(OrderBookSide):
    side = False


cdef class Bids(OrderBookSide):
    side = True


cdef class CountedAsks(CountedOrderBookSide):
    side = False


cdef class CountedBids(CountedOrderBookSide):
    side = True


cdef class IndexedAsks(IndexedOrderBookSide):
    side = False


cdef class IndexedBids(IndexedOrderBookSide):
    side = True


class OrderBook(OrderBookBase):
    _asks_type = Asks
    _bids_type = Bids


class CountedOrderBook(OrderBook):
    _asks_type = CountedAsks
    _bids_type = CountedBids


class IndexedOrderBook(OrderBook):
    _asks_type = IndexedAsks
    _bids_type = IndexedBids


__all__ = [
    "OrderBookSide", "CountedOrderBookSide", "IndexedOrderBookSide",
    "Asks", "Bids", "CountedAsks", "CountedBids", "IndexedAsks", "IndexedBids",
    "OrderBook", "CountedOrderBook", "IndexedOrderBook",
]
