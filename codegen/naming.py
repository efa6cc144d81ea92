"""Python names for JS identifiers: CCXT's snake_case for methods, safe locals."""

from __future__ import annotations


def snake(name: str) -> str:
    """camelCase → snake_case exactly as CCXT's Python names its methods.

    CCXT's transpiler names a method with its ``unCamelCase``: a name with no
    capital letter is kept (``fetch2``, ``uuid5``, ``iso8601``); otherwise three
    left-to-right passes, each over the previous one's output:

    1. ``_`` between a lowercase letter or digit and the capital after it
       (``parseOHLCVs`` → ``parse_OHLCVs``);
    2. ``_`` after the first of two capitals/digits followed by a lowercase
       letter and one more character (``OHLCVObject`` → ``OHLCV_Object``; a
       trailing ``CVs`` has no fourth character, so ``parse_ohlcvs`` stays whole);
    3. ``_`` before a digit that ends the name after a lowercase letter
       (``safeString2`` → ``safe_string_2``),

    then lowercase; ``fetchOHLCVWs`` is CCXT's one named exception
    (``fetch_ohlcv_ws``). Matches are non-overlapping, as a global replace's are.
    """
    if name in _EXCEPTIONS:
        return _EXCEPTIONS[name]
    if not any("A" <= ch <= "Z" for ch in name):
        return name
    text = _pass(name, 2, lambda w: _lower_or_digit(w[0]) and _upper(w[1]), 1)
    text = _pass(text, 4, lambda w: _upper_or_digit(w[0]) and _upper_or_digit(w[1]) and _lower(w[2]) and w[3] != "$", 1)
    if len(text) >= 2 and _lower(text[-2]) and _digit(text[-1]):
        text = text[:-1] + "_" + text[-1]
    return text.lower()


# CCXT's ``unCamelCase`` exceptions (``ws`` is a word there, not a suffix).
_EXCEPTIONS = {"fetchOHLCVWs": "fetch_ohlcv_ws"}


def _lower(ch: str) -> bool:
    return "a" <= ch <= "z"


def _upper(ch: str) -> bool:
    return "A" <= ch <= "Z"


def _digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _lower_or_digit(ch: str) -> bool:
    return _lower(ch) or _digit(ch)


def _upper_or_digit(ch: str) -> bool:
    return _upper(ch) or _digit(ch)


def _pass(text: str, width: int, match, at: int) -> str:
    """Insert ``_`` at offset ``at`` of every non-overlapping ``width``-character window
    ``match`` accepts, scanning left to right (a JS global ``replace``)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        window = text[i:i + width]
        if len(window) == width and match(window):
            out.append(window[:at] + "_" + window[at:])
            i += width
        else:
            out.append(text[i])
            i += 1
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
    "Exception", "object", "pow", "sum", "any", "all", "iter", "next", "jsrt", "Precise", "getattr",
}


def local(name: str) -> str:
    return name + "_" if name in _RESERVED else name
