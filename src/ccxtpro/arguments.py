"""Call-site argument checks for the unified methods.

CCXT's Python classes let bad arguments through to wherever they first break:
a missing argument is Python's bare ``TypeError``, ``limit="10"`` fails in a
comparison deep inside a method (``TypeError``), ``amount="abc"`` in a
``Decimal`` (``InvalidOperation``), ``symbol=123`` in a string concatenation,
``limit=-1`` is sent to the exchange or silently slices a cache from the end,
and a websocket watch of an unknown timeframe waits forever.

Here every method users call on an exchange (each public ``async`` method of
its classes — ``fetch_*``, ``watch_*``, ``create_order``, ``transfer``… — and the
plain ``watch_*``/``un_watch_*``/``fetch_*`` methods that return an awaitable)
checks its arguments by their unified names before its body runs, and fails
with CCXT's typed exceptions and a message that names the argument:

* a missing required argument: :exc:`ArgumentsRequired`
  (``<id> fetchTicker() requires a symbol argument``); an unexpected one:
  :exc:`BadRequest`;
* ``symbol`` that is not a string, ``symbols`` that is neither a list of strings
  nor a string: :exc:`BadSymbol` (an unknown symbol is still the ``market()``
  lookup's :exc:`BadSymbol`, and a single string in ``symbols`` the method's own
  answer, as in CCXT);
* ``limit`` that is not a non-negative integer, ``since`` that is not a
  number, ``amount``/``price``/``cost``/``leverage`` that is not a finite number
  (or numeric string), ``side`` that is not a string, a ``timeframe``
  the exchange does not list in ``timeframes``: :exc:`BadRequest`.

``None`` always passes (an omitted optional argument; whether a method needs it
is the method's own decision, e.g. a limit order's price). The checks are
exchange-agnostic: they read only the unified argument names and the
instance's ``id`` and ``timeframes``.
"""

from __future__ import annotations

import functools
import inspect
import math
import operator
import re
from decimal import Decimal
from typing import Any, Callable

from .aliases import camelize
from .errors import ArgumentsRequired, BadRequest, BadSymbol

#: public methods that are runtime plumbing or internal helpers, not calls users make
_NOT_UNIFIED = re.compile(r"paginated|_helper$|^handle_|^(request|fetch2|fetch_web_endpoint|describe)$"
                          r"|^watch_(multiple|stream|request)$")
#: plain (non-async) methods are checked only under these names: the ones that return
#: an awaitable (``watch_order_book`` returning ``watch_order_book_for_symbols(...)``);
#: the other plain methods with unified-looking names are helpers (request builders,
#: cache setters, frame handlers) the generated code calls itself, some per frame
_SYNC_UNIFIED = re.compile(r"^(watch|un_watch|fetch)_")


def _where(exchange: Any, method: str) -> str:
    return f"{getattr(exchange, 'id', None) or ''} {camelize(method)}()".lstrip()


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        operator.index(value)
    except TypeError:
        return False
    return True


def _is_real(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _check_limit(exchange: Any, method: str, name: str, value: Any) -> None:
    if not _is_int(value):
        raise BadRequest(f"{_where(exchange, method)} {name} must be an integer, got {value!r}")
    if value < 0:
        raise BadRequest(f"{_where(exchange, method)} {name} must not be negative, got {value!r}")


def _check_since(exchange: Any, method: str, name: str, value: Any) -> None:
    if not _is_real(value) or not math.isfinite(value):
        raise BadRequest(f"{_where(exchange, method)} {name} must be a timestamp in milliseconds, got {value!r}")


def _check_number(exchange: Any, method: str, name: str, value: Any) -> None:
    number = value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    if not _is_real(number) or not math.isfinite(number):
        raise BadRequest(f"{_where(exchange, method)} {name} must be a number, got {value!r}")


def _check_string(exchange: Any, method: str, name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise BadRequest(f"{_where(exchange, method)} {name} must be a string, got {value!r}")


def _check_symbol(exchange: Any, method: str, name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise BadSymbol(f"{_where(exchange, method)} {name} must be a market symbol string, got {value!r}")


def _check_symbols(exchange: Any, method: str, name: str, value: Any) -> None:
    # a single string is left to the method, as in CCXT: some refuse it with ArgumentsRequired
    # ("requires an array argument for symbols"), the others look up each character (BadSymbol)
    if isinstance(value, str):
        return
    if not isinstance(value, (list, tuple)) or not all(isinstance(s, str) for s in value):
        raise BadSymbol(f"{_where(exchange, method)} {name} must be a list of market symbol strings, got {value!r}")


def _check_timeframe(exchange: Any, method: str, name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise BadRequest(f"{_where(exchange, method)} {name} must be a string, got {value!r}")
    timeframes = getattr(exchange, "timeframes", None)
    if isinstance(timeframes, dict) and timeframes and value not in timeframes:
        raise BadRequest(f"{_where(exchange, method)} {name} {value!r} is not supported, "
                         f"use one of {', '.join(timeframes)}")


def _check_symbols_and_timeframes(exchange: Any, method: str, name: str, value: Any) -> None:
    pairs_ok = isinstance(value, (list, tuple)) and len(value) > 0 and all(
        isinstance(p, (list, tuple)) and len(p) == 2 and isinstance(p[0], str) for p in value)
    if not pairs_ok:
        raise BadRequest(f"{_where(exchange, method)} {name} must be a non-empty list of [symbol, timeframe] "
                         f"pairs, got {value!r}")
    for pair in value:
        _check_timeframe(exchange, method, name + " timeframe", pair[1])


Check = Callable[[Any, str, str, Any], None]

#: unified argument name -> its check (applied when the value is not None)
CHECKS: dict[str, Check] = {
    "symbol": _check_symbol,
    "symbols": _check_symbols,
    "symbolsAndTimeframes": _check_symbols_and_timeframes,
    "timeframe": _check_timeframe,
    "since": _check_since,
    "limit": _check_limit,
    "amount": _check_number,
    "price": _check_number,
    "cost": _check_number,
    "leverage": _check_number,
    "side": _check_string,
    # not "type": an order type in create_order, but an integer transfer type elsewhere
}


def _binding_error(exchange: Any, method: str, sig: inspect.Signature, args: tuple, kwargs: dict,
                   error: TypeError) -> Exception:
    """The typed error for arguments Python refused to bind (``error`` is Python's)."""
    given = set(kwargs)
    positional = [p for p in sig.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    given.update(p.name for p in positional[: len(args) + 1])  # + self
    missing = [p.name for p in sig.parameters.values()
               if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
               and p.name not in given]
    where = _where(exchange, method)
    if missing:
        return ArgumentsRequired(f"{where} requires {'a ' if len(missing) == 1 else ''}{', '.join(missing)} "
                                 f"argument{'s' if len(missing) > 1 else ''}")
    detail = str(error)
    detail = detail.split("() ", 1)[1] if "() " in detail else detail  # drop Python's qualified name
    return BadRequest(f"{where} {detail}")


def _plan(fn: Callable) -> tuple[inspect.Signature, tuple[tuple[str, int, Check], ...]]:
    sig = inspect.signature(fn)
    checks = []
    for index, p in enumerate(list(sig.parameters.values())[1:]):
        check = CHECKS.get(p.name)
        if check is None:
            continue
        position = index if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) else -1
        checks.append((p.name, position, check))
    return sig, tuple(checks)


def _binder(sig: inspect.Signature) -> Callable[[tuple, dict], bool]:
    """A fast "do these arguments bind?" for plain methods (``Signature.bind`` costs
    microseconds; this is the common case of positional-or-keyword parameters). ``False``
    means "ask ``Signature.bind``", which has the final word."""
    params = list(sig.parameters.values())[1:]  # without self
    if any(p.kind is not p.POSITIONAL_OR_KEYWORD for p in params):
        return lambda args, kwargs: False
    names = {p.name: i for i, p in enumerate(params)}
    required = [(i, p.name) for i, p in enumerate(params) if p.default is p.empty]
    count = len(params)

    def binds(args: tuple, kwargs: dict) -> bool:
        n = len(args)
        if n > count:
            return False
        for key in kwargs:
            index = names.get(key)
            if index is None or index < n:
                return False
        for index, key in required:
            if index >= n and key not in kwargs:
                return False
        return True
    return binds


async def _raising(error: BaseException) -> Any:
    raise error


def checked(fn: Callable, name: str | None = None) -> Callable:
    """``fn`` (a unified method) with its arguments checked at the call site."""
    if getattr(fn, "__ccxtpro_checked__", False):
        return fn
    method = name or fn.__name__
    sig, checks = _plan(fn)
    binds = _binder(sig)

    def run_checks(self: Any, args: tuple, kwargs: dict) -> None:
        for arg, position, check in checks:
            if 0 <= position < len(args):
                value = args[position]
            else:
                value = kwargs.get(arg)
            if value is not None:
                check(self, method, arg, value)

    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                call = fn(self, *args, **kwargs)  # binds the arguments; the body has not started
            except TypeError as error:
                raise _binding_error(self, method, sig, args, kwargs, error) from None
            if checks:
                try:
                    run_checks(self, args, kwargs)
                except BaseException:
                    call.close()
                    raise
            return await call
    else:
        @functools.wraps(fn)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            # these return an awaitable: a refused call returns one that raises, so the
            # error surfaces where the caller awaits, as with the async methods
            if not binds(args, kwargs):
                try:
                    sig.bind(self, *args, **kwargs)
                except TypeError as error:
                    return _raising(_binding_error(self, method, sig, args, kwargs, error))
            if checks:
                try:
                    run_checks(self, args, kwargs)
                except BadRequest as error:
                    return _raising(error)
            return fn(self, *args, **kwargs)

    wrapper.__ccxtpro_checked__ = True  # type: ignore[attr-defined]
    return wrapper


def is_checked(name: str, value: Any) -> bool:
    """Whether ``name`` (bound to ``value`` on an exchange class) is a method users call: every
    public ``async`` method of the exchange's API (the unified ones, and exchange-specific
    ones such as a gift-code call), and the plain ``watch_*``/``un_watch_*``/``fetch_*`` methods that
    return an awaitable (``watch_order_book``)."""
    if not inspect.isfunction(value) or name[0] == "_" or not name.islower() or _NOT_UNIFIED.search(name):
        return False
    if inspect.iscoroutinefunction(value):
        return True
    return bool(_SYNC_UNIFIED.search(name))


def check_unified_arguments(cls: type) -> type:
    """Wrap every method users call that ``cls`` defines (see :func:`is_checked`), and every
    other name of ``cls`` bound to the same function (a camelCase alias), with :func:`checked`."""
    own = vars(cls)
    replaced: dict[int, Callable] = {}
    for name, value in list(own.items()):
        if not is_checked(name, value):
            continue
        wrapped = checked(value, name)
        if wrapped is not value:
            replaced[id(value)] = wrapped
            setattr(cls, name, wrapped)
    if replaced:
        for name, value in list(own.items()):
            if id(value) in replaced:
                setattr(cls, name, replaced[id(value)])
    return cls
