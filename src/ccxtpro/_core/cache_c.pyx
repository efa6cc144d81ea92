# cython: language_level=3
"""Bounded caches in Cython: the compiled twin of ``cache_py``.

Rows live in a C ring of object references (``ArrayCache``,
``ArrayCacheByTimestamp``) or in a slot array with tombstones (the keyed
caches, where a known key moves its row to the end in O(1)); the list protocol
reads through them. The ``getLimit`` bookkeeping is CCXT Pro's, kept in C
counters per symbol.
"""

cimport cython
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF, Py_DECREF, Py_XDECREF
from cpython.mem cimport PyMem_Malloc, PyMem_Realloc, PyMem_Free

from .cache_py import check_max_size


cdef extern from "Python.h":
    bint PyDict_CheckExact(object)
    PyObject* PyDict_GetItem(object, object)
    PyObject* PyDict_GetItemWithError(object, object) except? NULL
    int PyDict_SetItem(object, object, object) except -1
    int PyDict_DelItem(object, object) except -1
    Py_ssize_t PyDict_Size(object)
    int PySet_Add(object, object) except -1
    int PySet_Discard(object, object) except -1
    int PySet_Contains(object, object) except -1
    Py_ssize_t PySet_GET_SIZE(object)


cdef object _SYMBOL = "symbol"
cdef object _ID = "id"
cdef object _SIDE = "side"


cdef inline object row_get(object item, object name):
    """``item.get(name)`` with a C fast path for plain dicts."""
    cdef PyObject* found
    if PyDict_CheckExact(item):
        found = PyDict_GetItemWithError(item, name)
        return None if found == NULL else <object>found
    return item.get(name)


cdef inline object row_key(object item, object name):
    """``item[name]``, with a C fast path for plain dicts."""
    cdef PyObject* found
    if PyDict_CheckExact(item):
        found = PyDict_GetItemWithError(item, name)
        if found == NULL:
            raise KeyError(name)
        return <object>found
    return item[name]


cdef class BaseCache(list):
    """Rows in arrival order, oldest first, in a ring of at most ``max_size`` slots."""

    cdef PyObject** ring
    cdef Py_ssize_t cap
    cdef Py_ssize_t head
    cdef Py_ssize_t size
    cdef Py_ssize_t bound  # 0 = unbounded
    cdef public object max_size
    #: rows appended or updated over the cache's life (never reset): what a
    #: stream that snapshots the cache after each update counts its new rows by
    cdef readonly Py_ssize_t appends

    def __cinit__(self, *args, **kwargs):
        self.ring = NULL
        self.cap = 0
        self.head = 0
        self.size = 0
        self.bound = 0
        self.appends = 0

    def __init__(self, max_size=None):
        bound = check_max_size(max_size)
        self.max_size = max_size
        self.bound = 0 if bound is None else bound
        self.reserve(self.bound if self.bound else 16)

    def __dealloc__(self):
        self.drop_all()
        PyMem_Free(self.ring)

    cdef int reserve(self, Py_ssize_t cap) except -1:
        """Grow the ring to ``cap`` slots, unrolling it so the oldest row is at slot 0."""
        cdef PyObject** ring = <PyObject**>PyMem_Malloc(cap * sizeof(PyObject*))
        cdef Py_ssize_t k
        if ring == NULL:
            raise MemoryError()
        for k in range(self.size):
            ring[k] = self.ring[(self.head + k) % self.cap]
        PyMem_Free(self.ring)
        self.ring = ring
        self.cap = cap
        self.head = 0
        return 0

    cdef void drop_all(self) noexcept:
        cdef Py_ssize_t k
        for k in range(self.size):
            Py_XDECREF(self.ring[(self.head + k) % self.cap])
        self.size = 0
        self.head = 0

    cdef object push(self, object item):
        """Append ``item``; return the row it evicted (owned) or None."""
        cdef object evicted = None
        cdef PyObject* old
        if self.size == self.cap:
            if self.bound:
                old = self.ring[self.head]
                evicted = <object>old
                Py_DECREF(evicted)  # the ring's reference; ``evicted`` holds its own
                self.head += 1
                if self.head == self.cap:
                    self.head = 0
                self.size -= 1
            else:
                self.reserve(self.cap * 2)
        Py_INCREF(item)
        self.ring[(self.head + self.size) % self.cap] = <PyObject*>item
        self.size += 1
        return evicted

    cdef inline object at(self, Py_ssize_t k):
        return <object>self.ring[(self.head + k) % self.cap]

    cdef list rows(self):
        cdef list out = []
        cdef Py_ssize_t k
        for k in range(self.size):
            out.append(self.at(k))
        return out

    # reading, through the list protocol
    def __len__(self):
        return self.size

    def __iter__(self):
        return iter(self.rows())

    def __reversed__(self):
        return reversed(self.rows())

    def __contains__(self, item):
        return item in self.rows()

    def __getitem__(self, index):
        cdef Py_ssize_t k, n = self.size
        if isinstance(index, slice):
            start, stop, step = index.indices(n)
            return [self.at(k) for k in range(start, stop, step)]
        k = index
        if k < 0:
            k += n
        if k < 0 or k >= n:
            raise IndexError("cache index out of range")
        return self.at(k)

    def __eq__(self, other):
        return self.rows() == other

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = None

    def __repr__(self):
        return repr(self.rows())

    def __add__(self, other):
        return self.rows() + other

    def __reduce__(self):
        return (_rebuild, (type(self), self.max_size, self.rows()))

    def clear(self):
        self.drop_all()

    def getLimit(self, symbol, limit):
        raise NotImplementedError

    def get_limit(self, symbol, limit):
        return self.getLimit(symbol, limit)


def _rebuild(cls, max_size, rows):
    cache = cls(max_size)
    for row in rows:
        cache.append(row)
    return cache


cdef class Counter:
    """Rows (or distinct keys) seen for one symbol since its last poll."""

    cdef Py_ssize_t new  # -1: polled but never seen, so a poll answers with the caller's limit
    cdef bint clear
    cdef Py_ssize_t gen  # keyed caches: bumped by the symbol's poll; entries counted in it carry it

    def __cinit__(self):
        self.new = 0
        self.clear = False
        self.gen = 0


cdef class ArrayCache(BaseCache):
    """Trades, liquidations and the like: append-only, evicting the oldest row."""

    cdef public dict hashmap
    cdef dict counters  # symbol -> Counter
    cdef object last_symbol
    cdef Counter last_counter
    cdef Py_ssize_t new_all
    cdef bint clear_all

    def __cinit__(self, *args, **kwargs):
        self.hashmap = {}
        self.counters = {}
        self.last_symbol = self  # never a symbol
        self.last_counter = None
        self.new_all = 0
        self.clear_all = False

    cdef Counter counter(self, object symbol):
        cdef PyObject* found
        cdef Counter counter
        if symbol is self.last_symbol:
            return self.last_counter
        found = PyDict_GetItemWithError(self.counters, symbol)
        if found == NULL:
            counter = Counter()
            PyDict_SetItem(self.counters, symbol, counter)
        else:
            counter = <Counter>found
        self.last_symbol = symbol
        self.last_counter = counter
        return counter

    def getLimit(self, symbol, limit):
        cdef PyObject* found
        cdef Py_ssize_t new
        cdef Counter counter
        if symbol is None:
            new = self.new_all
            self.clear_all = True
        else:
            found = PyDict_GetItemWithError(self.counters, symbol)
            if found == NULL:
                # CCXT remembers the poll even for a symbol it has not seen
                counter = self.counter(symbol)
                counter.clear = True
                counter.new = -1
                return limit
            new = (<Counter>found).new
            (<Counter>found).clear = True
            if new < 0:
                return limit
        if limit is not None:
            return min(new, limit)
        return new

    def get_limit(self, symbol, limit):
        return self.getLimit(symbol, limit)

    def append(self, item):
        cdef Counter counter
        self.push(item)
        self.appends += 1
        if self.clear_all:
            self.clear_all = False
            self.new_all = 0
        counter = self.counter(row_get(item, _SYMBOL))
        if counter.clear or counter.new < 0:
            counter.clear = False
            counter.new = 0
        counter.new += 1
        self.new_all += 1

    def clear(self):
        BaseCache.clear(self)
        self.hashmap.clear()
        self.counters.clear()
        self.last_symbol = self
        self.last_counter = None
        self.new_all = 0
        self.clear_all = False


cdef class ArrayCacheByTimestamp(BaseCache):
    """OHLCV rows keyed by their timestamp (row[0]); an update replaces the row in place."""

    cdef public dict hashmap
    cdef set seen
    cdef Py_ssize_t new
    cdef bint clearing

    def __cinit__(self, *args, **kwargs):
        self.hashmap = {}
        self.seen = set()
        self.new = 0
        self.clearing = False

    def getLimit(self, symbol, limit):
        self.clearing = True
        if limit is None:
            return self.new
        return min(self.new, limit)

    def get_limit(self, symbol, limit):
        return self.getLimit(symbol, limit)

    def append(self, item):
        timestamp = item[0]
        cdef PyObject* found = PyDict_GetItemWithError(self.hashmap, timestamp)
        cdef object known
        if found != NULL:
            known = <object>found
            if known is not item:
                known[:] = item
        else:
            PyDict_SetItem(self.hashmap, timestamp, item)
            if self.bound and self.size == self.bound:
                PyDict_DelItem(self.hashmap, self.at(0)[0])
            self.push(item)
        self.appends += 1
        if self.clearing:
            self.clearing = False
            self.seen.clear()
        self.seen.add(timestamp)
        self.new = len(self.seen)

    def clear(self):
        BaseCache.clear(self)
        self.hashmap.clear()
        self.seen.clear()
        self.new = 0
        self.clearing = False


@cython.freelist(256)
cdef class Entry:
    """One row of a keyed cache and the slot it occupies."""

    cdef object row
    cdef object symbol
    cdef object key
    cdef Py_ssize_t slot
    cdef Py_ssize_t gen_symbol  # the symbol's poll generation this key was last counted in
    cdef Py_ssize_t gen_all  # the same for the all-symbols poll

    def __cinit__(self):
        self.gen_symbol = -1
        self.gen_all = -1


cdef class Bucket:
    """What a keyed cache holds for one symbol: key -> row, key -> entry, its counter."""

    cdef dict rows
    cdef dict entries
    cdef Counter counter  # outlives the bucket: CCXT keeps a symbol's count after eviction

    def __cinit__(self):
        self.rows = {}
        self.entries = {}


cdef class _Keyed(ArrayCache):
    """Rows keyed by (symbol, second key); a known key updates its row and moves it last.

    Slots are appended at the end; a moved or evicted row leaves a tombstone,
    and the slot array is compacted when it fills, so every append is O(1)
    amortised. Counts are of distinct keys since the last poll, per symbol and
    for all symbols, and an evicted key stops counting. Instead of CCXT's sets
    of seen keys, each entry remembers the poll generation it was last counted
    in: a poll bumps the generation, so "seen since the poll" is one compare.
    """

    cdef PyObject** slots
    cdef Py_ssize_t slot_cap
    cdef Py_ssize_t first  # first slot that may be live
    cdef Py_ssize_t end  # one past the last used slot
    cdef Py_ssize_t live
    cdef Py_ssize_t limit_rows  # 0 = unbounded
    cdef dict buckets  # symbol -> Bucket
    cdef Py_ssize_t gen_all
    cdef object second
    cdef list view
    cdef bint stale

    def __cinit__(self, *args, **kwargs):
        self.slots = NULL
        self.slot_cap = 0
        self.first = 0
        self.end = 0
        self.live = 0
        self.limit_rows = 0
        self.buckets = {}
        self.gen_all = 0
        self.second = _ID
        self.view = []
        self.stale = False

    def __init__(self, max_size=None):
        bound = check_max_size(max_size)
        self.max_size = max_size
        self.limit_rows = 0 if bound is None else bound
        self.grow_slots(2 * self.limit_rows if self.limit_rows else 32)

    def __dealloc__(self):
        self.drop_slots()
        PyMem_Free(self.slots)

    cdef void drop_slots(self) noexcept:
        cdef Py_ssize_t k
        for k in range(self.first, self.end):
            Py_XDECREF(self.slots[k])
            self.slots[k] = NULL
        self.first = 0
        self.end = 0
        self.live = 0

    cdef int grow_slots(self, Py_ssize_t cap) except -1:
        cdef PyObject** slots = <PyObject**>PyMem_Realloc(self.slots, cap * sizeof(PyObject*))
        cdef Py_ssize_t k
        if slots == NULL:
            raise MemoryError()
        for k in range(self.slot_cap, cap):
            slots[k] = NULL
        self.slots = slots
        self.slot_cap = cap
        return 0

    cdef int compact(self) except -1:
        """Close the tombstone gaps, renumbering the entries' slots."""
        cdef Py_ssize_t k, to = 0
        cdef PyObject* entry
        for k in range(self.first, self.end):
            entry = self.slots[k]
            if entry != NULL:
                self.slots[k] = NULL
                self.slots[to] = entry
                (<Entry>entry).slot = to
                to += 1
        self.first = 0
        self.end = to
        if to * 2 > self.slot_cap:
            self.grow_slots(self.slot_cap * 2)
        return 0

    cdef int put_last(self, Entry entry) except -1:
        if self.end == self.slot_cap:
            self.compact()
        Py_INCREF(entry)
        self.slots[self.end] = <PyObject*>entry
        entry.slot = self.end
        self.end += 1
        self.live += 1
        self.stale = True
        return 0

    cdef Entry take(self, Py_ssize_t slot):
        """Empty ``slot`` and hand its entry to the caller."""
        cdef Entry entry = <Entry>self.slots[slot]
        Py_DECREF(entry)
        self.slots[slot] = NULL
        self.live -= 1
        self.stale = True
        while self.first < self.end and self.slots[self.first] == NULL:
            self.first += 1
        return entry

    cdef list rows(self):
        cdef Py_ssize_t k
        cdef PyObject* entry
        if self.stale:
            self.view = []
            for k in range(self.first, self.end):
                entry = self.slots[k]
                if entry != NULL:
                    self.view.append((<Entry>entry).row)
            self.stale = False
        return self.view

    def __len__(self):
        return self.live

    def __getitem__(self, index):
        return self.rows()[index]

    cdef inline void forget(self, Counter counter, Entry entry) noexcept:
        """An evicted row stops counting as new, in both scopes."""
        if entry.gen_symbol == counter.gen:
            counter.new -= 1
        if entry.gen_all == self.gen_all:
            self.new_all -= 1

    cdef int evict_oldest(self) except -1:
        cdef Entry old = self.take(self.first)
        cdef Bucket bucket = <Bucket>self.buckets[old.symbol]
        PyDict_DelItem(bucket.rows, old.key)
        PyDict_DelItem(bucket.entries, old.key)
        if not PyDict_Size(bucket.rows):
            del self.buckets[old.symbol]
            del self.hashmap[old.symbol]
        self.forget(bucket.counter, old)
        return 0

    def append(self, item):
        cdef object symbol = row_key(item, _SYMBOL)
        cdef object key = row_key(item, self.second)
        cdef PyObject* found = PyDict_GetItemWithError(self.buckets, symbol)
        cdef Bucket bucket
        cdef Entry entry
        cdef Counter counter
        if found == NULL:
            bucket = Bucket()
            bucket.counter = self.counter(symbol)
            PyDict_SetItem(self.buckets, symbol, bucket)
            PyDict_SetItem(self.hashmap, symbol, bucket.rows)
        else:
            bucket = <Bucket>found
        found = PyDict_GetItemWithError(bucket.entries, key)
        if found != NULL:
            entry = <Entry>found
            if entry.row is not item:
                entry.row.update(item)
            item = entry.row
            self.take(entry.slot)
            self.put_last(entry)
        else:
            entry = Entry()
            entry.row = item
            entry.symbol = symbol
            entry.key = key
            PyDict_SetItem(bucket.rows, key, item)
            PyDict_SetItem(bucket.entries, key, entry)
            if self.limit_rows and self.live == self.limit_rows:
                self.evict_oldest()
            self.put_last(entry)
        self.appends += 1
        if self.clear_all:
            self.clear_all = False
            self.new_all = 0
            self.gen_all += 1
        counter = bucket.counter
        if counter.clear or counter.new < 0:
            counter.clear = False
            counter.new = 0
            counter.gen += 1
        if entry.gen_symbol != counter.gen:
            entry.gen_symbol = counter.gen
            counter.new += 1
        if entry.gen_all != self.gen_all:
            entry.gen_all = self.gen_all
            self.new_all += 1

    def clear(self):
        ArrayCache.clear(self)
        self.drop_slots()
        self.buckets.clear()
        self.view = []
        self.stale = False


cdef class ArrayCacheBySymbolById(_Keyed):
    """Orders and my-trades: one row per (symbol, id), the latest version of it."""


cdef class ArrayCacheBySymbolBySide(_Keyed):
    """Positions: one row per (symbol, side); unbounded, as the account bounds it."""

    def __cinit__(self, *args, **kwargs):
        self.second = _SIDE

    def __init__(self, max_size=None):
        check_max_size(max_size)
        _Keyed.__init__(self, None)


__all__ = [
    "BaseCache", "ArrayCache", "ArrayCacheByTimestamp",
    "ArrayCacheBySymbolById", "ArrayCacheBySymbolBySide",
]
