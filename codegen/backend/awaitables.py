"""Which methods' calls yield an awaitable, the JS way.

JS may ``return`` a promise from a plain method; the caller awaits it all the
same. In Python that caller gets a coroutine, so such methods count as async.
"""

from __future__ import annotations

from .. import ir


def awaitable_names(bodies: dict[str, ir.Method], is_async: dict[str, bool], extra: set[str]) -> set[str]:
    """``async`` methods, plus plain methods that ``return`` a call of one.

    JS may return a promise without ``await`` (promises flatten); in Python the
    caller of such a method gets a coroutine and must await it.
    """
    out = {n for n, a in is_async.items() if a} | set(extra)
    changed = True
    while changed:
        changed = False
        for name, m in bodies.items():
            if name in out:
                continue
            for node in ir.walk(m):
                if (isinstance(node, ir.Return) and isinstance(node.value, ir.Call)
                        and isinstance(node.value.func, ir.Member) and isinstance(node.value.func.obj, ir.This)
                        and node.value.func.prop in out):
                    out.add(name)
                    changed = True
                    break
    return out
