"""Render pickled IR methods to Python text: run in-process and under other interpreters.

``python printer_job.py PAYLOAD`` (with the repository on ``PYTHONPATH``) prints
JSON ``{key: [text, imports]}``. It imports only the back end and the printer —
no tree-sitter, no runtime — so any CPython 3.10+ can run it.
"""

from __future__ import annotations

import json
import pickle
import sys


def render_all(payload: dict) -> dict:
    from codegen import backend
    from codegen.printer import data_literal

    out: dict = {}
    for key, (method, resolver, name) in payload["methods"].items():
        imports = backend.Imports()
        text = backend.render_method(method, resolver, imports, name)
        names = sorted(f"{group}.{n}" for group in ("errors", "caches", "functions", "jsrt", "stdlib")
                       for n in getattr(imports, group))
        out[key] = [text, names]
    for key, value in payload["data"].items():
        out[key] = [data_literal(value), []]
    return out


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        json.dump(render_all(pickle.load(f)), sys.stdout)
