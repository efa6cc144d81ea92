"""Run JS/TS snippets through the whole pipeline and execute the Python they become."""

from __future__ import annotations

import asyncio
import types

from codegen import backend
from codegen.frontend import parse_source
from codegen.lower import lower_method
from codegen.naming import snake
from ccxtpro import jsrt

ERRORS = {"ExchangeError", "BadRequest", "ArgumentsRequired", "NotSupported"}


class _Errors:
    class ExchangeError(Exception):
        pass

    class BadRequest(ExchangeError):
        pass

    class ArgumentsRequired(ExchangeError):
        pass

    class NotSupported(ExchangeError):
        pass


def compile_class(js: str, path: str = "snippet.js", base: type = object) -> type:
    """``class X { ... }`` → a Python class whose methods are the generated ones."""
    pf = parse_source(js.encode(), path)
    cls = pf.main_class()
    names = set(cls.methods)
    lowered = {n: lower_method(m, "pro") for n, m in cls.methods.items()}
    asyncs = backend.awaitable_names(lowered, {n: m.is_async for n, m in cls.methods.items()}, set())
    resolver = backend.Resolver({n: "pro" for n in names}, asyncs, set(), set(), ERRORS)
    ns: dict = {name: getattr(_Errors, name) for name in ERRORS}
    ns.update({n: getattr(jsrt, n) for n in dir(jsrt) if not n.startswith("__")})
    import asyncio as _asyncio
    import json as _json
    import math as _math
    ns.update(asyncio=_asyncio, json=_json, math=_math)
    attrs: dict = {}
    for name, m in lowered.items():
        imports = backend.Imports()
        src = backend.render_method(m, resolver, imports, snake(name))
        exec(compile(src, f"<{path}:{name}>", "exec"), ns, attrs)
        attrs[name] = attrs[snake(name)]
    return type("Snippet", (base,), attrs)


def run(js_body: str, *args, params: str = "", is_async: bool = False, self_attrs: dict | None = None):
    """Wrap a method body, generate, execute with ``args``; returns the result."""
    kw = "async " if is_async else ""
    cls = compile_class(f"class X {{ {kw}f({params}) {{ {js_body} }} }}")
    obj = cls()
    for k, v in (self_attrs or {}).items():
        setattr(obj, k, v)
    result = obj.f(*args)
    if is_async:
        result = asyncio.run(result)
    return result


def python_of(js_body: str, params: str = "") -> str:
    pf = parse_source(f"class X {{ f({params}) {{ {js_body} }} }}".encode(), "snippet.js")
    m = lower_method(pf.main_class().methods["f"], "pro")
    resolver = backend.Resolver({"f": "pro"}, set(), set(), set(), ERRORS)
    return backend.render_method(m, resolver, backend.Imports(), "f")


Errors = types.SimpleNamespace(**{n: getattr(_Errors, n) for n in ERRORS})
