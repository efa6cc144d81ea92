# cython: language_level=3
"""Order-book sides in Cython: the compiled twin of ``orderbook_py``.

Same semantics and names as the pure-Python module. A side keeps its levels in
C blocks of at most ``BLOCK`` entries under an array of block maxima: finding a
price is two binary searches, an insert or delete shifts at most one block, so
an update is O(log n) with a bounded constant instead of an O(n) list insert.

A level lives in C (its sort key, its size as a double and, on counted sides,
a reference to its count) until somebody reads it; only then is its
``[price, size]`` list made, and from then on updates write through to that
list. Writing a book between reads therefore allocates nothing and touches no
Python object per level. The side is also a
``list``; its list storage is refreshed lazily, on the first read through the
list protocol after a change and on every ``limit()``.
"""

from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF, Py_DECREF, Py_XINCREF, Py_XDECREF
from cpython.mem cimport PyMem_Malloc, PyMem_Realloc, PyMem_Free
from cpython.float cimport PyFloat_AS_DOUBLE
from libc.string cimport memmove, memcpy

import sys

from .book import OrderBookBase, check_depth
from .orderbook_py import as_number, as_size


cdef extern from "Python.h":
    bint PyFloat_CheckExact(object)
    bint PyLong_CheckExact(object)
    bint PyList_CheckExact(object)
    bint PyTuple_CheckExact(object)
    double PyLong_AsDouble(object) except? -1.0
    Py_ssize_t PyList_GET_SIZE(object)
    PyObject* list_get "PyList_GET_ITEM" (object, Py_ssize_t)
    void list_set "PyList_SET_ITEM" (object, Py_ssize_t, PyObject*)
    int PyList_SetSlice(object, Py_ssize_t, Py_ssize_t, object) except -1
    int list_delete_slice "PyList_SetSlice" (object, Py_ssize_t, Py_ssize_t, PyObject*) except -1
    object PyList_New(Py_ssize_t)
    int PyObject_IsTrue(object) except -1


cdef enum:
    BLOCK = 64
    HALF = 32


ctypedef struct Slot:
    double size  # the level's size, while it has no list
    PyObject* obj  # owned: NULL, a counted level's count, or (listed) the level list
    int listed  # obj is the level list, which holds the size from then on


ctypedef struct Block:
    double keys[BLOCK]  # sort keys, ascending (price for asks, -price for bids)
    Slot slots[BLOCK]


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


cdef inline bint is_number(object value):
    return PyFloat_CheckExact(value) or PyLong_CheckExact(value)


cdef inline bint size_truth(object size) except -1:
    if PyFloat_CheckExact(size):
        return PyFloat_AS_DOUBLE(size) != 0.0
    if size is None:
        return False
    return PyObject_IsTrue(size)


cdef class OrderBookSide(list):
    """Price levels of one side, best first (lowest ask, highest bid)."""

    side = None  # True for bids, False for asks

    cdef Block** blocks
    cdef Py_ssize_t* sizes
    cdef double* maxes
    cdef Py_ssize_t nblocks
    cdef Py_ssize_t capacity
    cdef Py_ssize_t nlevels
    cdef public Py_ssize_t _depth
    cdef bint bids
    cdef bint dirty
    cdef bint indexed
    cdef bint plain  # levels are [price, size]: store_deltas may take its fast loop

    def __cinit__(self, *args, **kwargs):
        self.blocks = NULL
        self.sizes = NULL
        self.maxes = NULL
        self.nblocks = 0
        self.capacity = 0
        self.nlevels = 0
        self._depth = sys.maxsize
        self.bids = type(self).side is True
        self.dirty = False
        self.indexed = False
        self.plain = True

    def __init__(self, deltas=(), depth=None):
        self._depth = check_depth(depth)
        for delta in deltas:
            self.store_array(list(delta))

    def __dealloc__(self):
        self.release()
        PyMem_Free(self.blocks)
        PyMem_Free(self.sizes)
        PyMem_Free(self.maxes)

    # ---- the sorted structure -------------------------------------------------

    cdef void release(self) noexcept:
        """Drop every level reference and free the blocks (the index arrays stay)."""
        cdef Py_ssize_t b = 0, i = 0
        cdef Block* block
        for b in range(self.nblocks):
            block = self.blocks[b]
            for i in range(self.sizes[b]):
                release_slot(block.slots[i])
            PyMem_Free(block)
        self.nblocks = 0
        self.nlevels = 0

    cdef inline double key_of(self, double price) noexcept:
        return -price if self.bids else price

    cdef inline void locate(self, double key, Py_ssize_t* b_out, Py_ssize_t* i_out) noexcept:
        """Block and offset of the first entry whose key is >= ``key`` (or the end)."""
        locate(self.blocks, self.sizes, self.maxes, self.nblocks, key, b_out, i_out)

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

    cdef int insert(self, Py_ssize_t b, Py_ssize_t i, double key, double size,
                    PyObject* obj, int listed) except -1:
        """Open an entry at (b, i); it takes a new reference to ``obj`` (which may be NULL)."""
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
            memcpy(upper.slots, &block.slots[HALF], HALF * sizeof(Slot))
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
        memmove(&block.slots[i + 1], &block.slots[i], (fill - i) * sizeof(Slot))
        Py_XINCREF(obj)
        block.keys[i] = key
        block.slots[i].size = size
        block.slots[i].obj = obj
        block.slots[i].listed = listed
        self.sizes[b] = fill + 1
        self.maxes[b] = block.keys[fill]
        self.nlevels += 1
        self.dirty = True
        return 0

    cdef void drop(self, Py_ssize_t b, Py_ssize_t i) noexcept:
        """Remove the entry at (b, i), releasing what it holds."""
        cdef Block* block = self.blocks[b]
        cdef Py_ssize_t size = self.sizes[b] - 1
        cdef Slot slot = block.slots[i]
        memmove(&block.keys[i], &block.keys[i + 1], (size - i) * sizeof(double))
        memmove(&block.slots[i], &block.slots[i + 1], (size - i) * sizeof(Slot))
        self.nlevels -= 1
        self.dirty = True
        if size:
            self.sizes[b] = size
            self.maxes[b] = block.keys[size - 1]
        else:
            PyMem_Free(block)
            self.nblocks -= 1
            memmove(&self.blocks[b], &self.blocks[b + 1], (self.nblocks - b) * sizeof(Block*))
            memmove(&self.sizes[b], &self.sizes[b + 1], (self.nblocks - b) * sizeof(Py_ssize_t))
            memmove(&self.maxes[b], &self.maxes[b + 1], (self.nblocks - b) * sizeof(double))
        release_slot(slot)  # last: a level's destructor may run arbitrary code

    cdef PyObject* materialize(self, Py_ssize_t b, Py_ssize_t i) except NULL:
        """The level list of entry (b, i), made now if nobody has read it before (borrowed)."""
        cdef Slot* slot = &self.blocks[b].slots[i]
        cdef double key
        cdef list level
        if slot.listed:
            return slot.obj
        key = self.blocks[b].keys[i]
        if slot.obj != NULL:
            level = [-key if self.bids else key, slot.size, <object>slot.obj]
            Py_DECREF(<object>slot.obj)
        else:
            level = [-key if self.bids else key, slot.size]
        Py_INCREF(level)
        slot.obj = <PyObject*>level
        slot.listed = 1
        return slot.obj

    cdef object pop_level(self, Py_ssize_t b, Py_ssize_t i):
        """Remove the entry at (b, i) and hand its level list to the caller."""
        cdef object level = <object>self.materialize(b, i)
        self.drop(b, i)
        return level

    cdef int set_size(self, Py_ssize_t b, Py_ssize_t i, PyObject* size, Py_ssize_t slot) except -1:
        """Replace item ``slot`` (1 = size, 2 = count) of entry (b, i), in its list if it has one."""
        cdef Slot* entry = &self.blocks[b].slots[i]
        cdef PyObject* level
        cdef PyObject* old
        cdef object value
        if entry.listed:
            level = entry.obj
            if PyList_GET_SIZE(<object>level) <= slot:
                raise ValueError("a stored level was truncated from outside")
            value = <object>size
            if slot == 1 and not PyFloat_CheckExact(value):
                value = PyFloat_FromDouble(as_double(value))  # sizes read back as floats
            old = list_get(<object>level, slot)
            Py_INCREF(value)
            list_set(<object>level, slot, <PyObject*>value)
            Py_DECREF(<object>old)
        elif slot == 1:
            entry.size = as_double(<object>size)
        else:
            old = entry.obj
            Py_INCREF(<object>size)
            entry.obj = size
            Py_XDECREF(old)
        return 0

    cdef int sync(self) except -1:
        """Make the list storage show the levels, reusing slots that did not move."""
        cdef Py_ssize_t n = self.nlevels, current = PyList_GET_SIZE(self), pos = 0, b, i
        cdef PyObject* level
        cdef PyObject* old
        if current > n:
            list_delete_slice(self, n, current, NULL)
        elif current < n:
            PyList_SetSlice(self, current, current, [None] * (n - current))
        for b in range(self.nblocks):
            for i in range(self.sizes[b]):
                level = self.materialize(b, i)
                old = list_get(self, pos)
                if old != level:
                    Py_INCREF(<object>level)
                    list_set(self, pos, level)
                    Py_DECREF(<object>old)
                pos += 1
        self.dirty = False
        return 0

    cdef object level_at(self, Py_ssize_t b, Py_ssize_t i):
        return <object>self.materialize(b, i)

    # ---- CCXT's writing API ---------------------------------------------------

    cdef int put(self, object price, object size) except -1:
        """Store one level; a falsy size deletes it."""
        cdef double key
        cdef Py_ssize_t b = 0, i = 0
        cdef bint found
        if not is_number(price):
            price = parse_number(price, "price")
        if not (PyFloat_CheckExact(size) or size is None or PyLong_CheckExact(size)):
            size = None if size is None else parse_number(size, "size")
        key = self.key_of(number_key(price))
        self.locate(key, &b, &i)
        found = self.has(b, i) and self.blocks[b].keys[i] == key
        if size_truth(size):
            if found:
                self.set_size(b, i, <PyObject*>size, 1)
            else:
                self.insert(b, i, key, as_double(size), NULL, 0)
        elif found:
            self.drop(b, i)
        return 0

    cdef int put_delta(self, object delta) except -1:
        cdef list row
        if PyList_CheckExact(delta):
            row = <list>delta
        elif PyTuple_CheckExact(delta) or isinstance(delta, list):
            row = list(delta)
        else:
            raise TypeError(f"a delta must be a list or tuple, not {type(delta).__name__}")
        if PyList_GET_SIZE(row) < 2:
            raise ValueError(f"a delta needs a price and a size, got {row!r}")
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

        ``[float, float]`` rows on a plain side take a loop with no Python-level
        calls; anything else goes through ``store_array``'s checks and conversions.
        """
        cdef Py_ssize_t k, n, b = 0, i = 0
        cdef PyObject* row
        cdef PyObject* p
        cdef PyObject* s
        cdef Block* block
        cdef double price = 0.0, size = 0.0, key
        cdef bint fast
        cdef object value
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
                    if fast:
                        if price == price:
                            key = -price if self.bids else price
                            locate(self.blocks, self.sizes, self.maxes, self.nblocks, key, &b, &i)
                            if b < self.nblocks and i < self.sizes[b] and self.blocks[b].keys[i] == key:
                                if size != 0.0:
                                    block = self.blocks[b]
                                    if block.slots[i].listed:
                                        value = PyFloat_FromDouble(size)
                                        self.set_size(b, i, <PyObject*>value, 1)
                                    else:
                                        block.slots[i].size = size
                                else:
                                    self.drop(b, i)
                            elif size != 0.0:
                                self.insert(b, i, key, size, NULL, 0)
                            continue
                self.put_delta(<object>row)
        else:
            for delta in deltas:
                self.put_delta(delta)

    def storeDeltas(self, deltas):
        self.store_deltas(deltas)

    def limit(self):
        """Drop the levels beyond the depth, worst first, and refresh the list view."""
        cdef object level
        while self.nlevels > self._depth:
            if self.indexed:
                level = self.pop_level(self.nblocks - 1, self.sizes[self.nblocks - 1] - 1)
                self.remove_index(level)
            else:
                self.drop(self.nblocks - 1, self.sizes[self.nblocks - 1] - 1)
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
        cdef Py_ssize_t b = 0, i = 0
        for b in range(self.nblocks):
            for i in range(self.sizes[b]):
                out.append(<object>self.materialize(b, i))
        return out

    # ---- reading, through the list protocol -----------------------------------

    def __len__(self):
        return self.nlevels

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


cdef inline void release_slot(Slot slot) noexcept:
    Py_XDECREF(slot.obj)


cdef inline double as_double(object size) except? -1.0:
    """A stored size: exact floats directly, ints (and int-like numbers) through C."""
    if PyFloat_CheckExact(size):
        return PyFloat_AS_DOUBLE(size)
    return PyLong_AsDouble(size)


cdef inline void locate(Block** blocks, Py_ssize_t* sizes, double* maxes, Py_ssize_t n,
                        double key, Py_ssize_t* b_out, Py_ssize_t* i_out) noexcept:
    """Block and offset of the first entry whose key is >= ``key`` (or the end)."""
    cdef Py_ssize_t b
    if n == 0:
        b_out[0] = 0
        i_out[0] = 0
        return
    b = lower_bound(maxes, n, key)
    if b == n:
        b_out[0] = n - 1
        i_out[0] = sizes[n - 1]
        return
    b_out[0] = b
    i_out[0] = lower_bound(blocks[b].keys, sizes[b], key)


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


cdef void* grow(void* ptr, size_t size) except NULL:
    cdef void* out = PyMem_Realloc(ptr, size)
    if out == NULL:
        raise MemoryError()
    return out


cdef class CountedOrderBookSide(OrderBookSide):
    """Levels ``[price, size, count]``; a zero size or a zero count deletes the level."""

    def __cinit__(self, *args, **kwargs):
        self.plain = False

    cdef int put3(self, object price, object size, object count) except -1:
        cdef double key
        cdef Py_ssize_t b = 0, i = 0
        cdef bint found
        if not is_number(price):
            price = parse_number(price, "price")
        if not (PyFloat_CheckExact(size) or size is None or PyLong_CheckExact(size)):
            size = None if size is None else parse_number(size, "size")
        if not (PyFloat_CheckExact(count) or count is None or PyLong_CheckExact(count)):
            count = None if count is None else parse_number(count, "count")
        key = self.key_of(number_key(price))
        self.locate(key, &b, &i)
        found = self.has(b, i) and self.blocks[b].keys[i] == key
        if size_truth(size) and size_truth(count):
            if found:
                self.set_size(b, i, <PyObject*>size, 1)
                self.set_size(b, i, <PyObject*>count, 2)
            else:
                self.insert(b, i, key, as_double(size), <PyObject*>count, 0)
        elif found:
            self.drop(b, i)
        return 0

    cdef int put_delta(self, object delta) except -1:
        cdef list row
        if PyList_CheckExact(delta):
            row = <list>delta
        elif PyTuple_CheckExact(delta) or isinstance(delta, list):
            row = list(delta)
        else:
            raise TypeError(f"a delta must be a list or tuple, not {type(delta).__name__}")
        if PyList_GET_SIZE(row) < 3:
            raise ValueError(f"a counted delta needs a price, a size and a count, got {row!r}")
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
            if (<list>self.blocks[b].slots[i].obj)[2] == order_id:
                b_out[0] = b
                i_out[0] = i
                return 0
            i += 1

    cdef int put_order(self, list delta) except -1:
        cdef object raw_price = delta[0]
        cdef object size, order_id, old_key, key_obj
        cdef double key = 0.0
        cdef bint has_key = raw_price is not None
        cdef Py_ssize_t b = 0, i = 0
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
                    Py_INCREF(delta)
                    Py_DECREF(<object>self.blocks[b].slots[i].obj)
                    self.blocks[b].slots[i].obj = <PyObject*>delta
                    self.dirty = True
                    return 0
                self.find_order(<double>old_key, order_id, &b, &i)
                self.drop(b, i)
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
                if self.blocks[b].keys[i] != key or not ((<list>self.blocks[b].slots[i].obj)[2] < order_id):
                    break
                i += 1
            self.insert(b, i, key, 0.0, <PyObject*>delta, 1)
        elif order_id in hashmap:
            old_key = hashmap.pop(order_id)
            self.find_order(<double>old_key, order_id, &b, &i)
            self.drop(b, i)
        return 0

    cdef int put_delta(self, object delta) except -1:
        cdef list row
        if PyList_CheckExact(delta):
            row = <list>delta
        elif PyTuple_CheckExact(delta) or isinstance(delta, list):
            row = list(delta)
        else:
            raise TypeError(f"a delta must be a list or tuple, not {type(delta).__name__}")
        if PyList_GET_SIZE(row) < 3:
            raise ValueError(f"an indexed delta needs a price, a size and an order id, got {row!r}")
        return self.put_order(row)

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
