"""Python names for JS identifiers: CCXT's snake_case for methods, safe locals."""

from __future__ import annotations


def snake(name: str) -> str:
    """camelCase → snake_case the way CCXT's Python names its methods.

    ``fetchOHLCVWs`` → ``fetch_ohlcv_ws``, ``safeString2`` → ``safe_string_2``,
    ``iso8601`` stays. Boundaries: lower/digit → upper, the last capital of an
    acronym run before a lowercase letter, and a single trailing digit after a
    letter (CCXT's ``_2`` variants).
    """
    out: list[str] = []
    n = len(name)
    for i, ch in enumerate(name):
        prev = name[i - 1] if i else ""
        nxt = name[i + 1] if i + 1 < n else ""
        if i and ch.isupper() and prev != "_":
            if prev.islower() or prev.isdigit() or (prev.isupper() and nxt.islower()):
                out.append("_")
        elif i == n - 1 and ch.isdigit() and prev.isalpha():
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


# Python's keywords and the soft keywords of 3.10/3.11, written out: ``keyword.kwlist``
# and ``softkwlist`` grow between minor versions (3.12 made ``type`` soft), and a
# name must not be renamed on one interpreter and kept on another. A JS local
# named ``type`` is valid Python on every version, so it stays ``type``.
KEYWORDS = frozenset({
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
})
SOFT_KEYWORDS = frozenset({"_", "case", "match"})

# Names the generated code itself uses: a JS local with one of these names is
# renamed so it cannot shadow them.
_RESERVED = KEYWORDS | SOFT_KEYWORDS | {
    "self", "len", "str", "int", "float", "list", "dict", "isinstance", "range", "max", "min",
    "abs", "math", "json", "asyncio", "get", "truthy", "NaN", "super", "callable", "round", "bool", "tuple", "print",
    "Exception", "object", "pow", "sum", "any", "all", "iter", "next", "jsrt", "Precise",
}


def local(name: str) -> str:
    return name + "_" if name in _RESERVED else name
