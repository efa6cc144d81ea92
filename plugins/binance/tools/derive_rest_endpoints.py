"""The REST endpoints CCXT's Binance Pro methods can reach, as (HTTP method, path).

The generator (``python -m codegen``) follows calls from every Pro method of
the pinned CCXT JavaScript source and records the implicit REST methods it
reaches in ``pro_manifest.json``. This maps each name to its HTTP method and
path through the generated class's ``describe()['api']`` and ``urls``: the
simulator's endpoint list derives from CCXT's source, never from its Python.

    python plugins/binance/tools/derive_rest_endpoints.py > plugins/binance/docs/rest-endpoints.md
"""

from __future__ import annotations

import json
from importlib import resources
from urllib.parse import urlparse


def derive() -> list[dict]:
    from ccxtpro.implicit import build_endpoints
    from ccxtpro_binance.generated import BinanceRest

    manifest = json.loads(resources.files("ccxtpro_binance").joinpath("pro_manifest.json").read_text())
    exchange = BinanceRest()
    endpoints = build_endpoints(exchange.describe()["api"])
    bases = exchange.urls["api"]
    rows = []
    for entry in manifest["closure"]["implicitEndpoints"]:
        if not entry["reachedFromPro"]:  # the REST class's own endpoints (every REST method is generated)
            continue
        endpoint = endpoints[entry["name"]]
        api = endpoint.api if isinstance(endpoint.api, str) else "".join(
            part if k == 0 else part[:1].upper() + part[1:] for k, part in enumerate(endpoint.api))
        prefix = urlparse(bases[api]).path.rstrip("/")
        rows.append({"method": endpoint.method, "path": f"{prefix}/{endpoint.path}", "name": entry["name"]})
    return sorted(rows, key=lambda r: (r["path"], r["method"]))


def markdown(rows: list[dict]) -> str:
    lines = [
        f"CCXT 4.5.84: {len(rows)} REST endpoints reachable from the Binance Pro methods",
        "",
        "Derived by `tools/derive_rest_endpoints.py` from the generator's manifest (the call-graph",
        "closure over CCXT's JavaScript source) and the generated `describe()['api']`.",
        "",
        "| HTTP | path | CCXT implicit method |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {r['method']} | `{r['path']}` | `{r['name']}` |" for r in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(derive()), end="")
