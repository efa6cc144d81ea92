"""Helpers for the simulator tests: reading frames, and client-side signing written from
Binance's rules (not from the simulator's code)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
import urllib.parse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding


def sign_payload(secret: str, payload: str) -> str:
    if "PRIVATE KEY" not in secret:
        return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()
    key = serialization.load_pem_private_key(secret.encode(), None)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return base64.b64encode(key.sign(payload.encode())).decode()
    return base64.b64encode(key.sign(payload.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def ws_signed(creds: dict, params: dict, ts: int | None = None) -> dict:
    """Websocket-API params with apiKey, timestamp and signature (sorted ``k=v&…``)."""
    p = dict(params, apiKey=creds["apiKey"], timestamp=ts if ts is not None else int(time.time() * 1000))
    payload = "&".join(f"{k}={_v(v)}" for k, v in sorted(p.items()))
    p["signature"] = sign_payload(creds["secret"], payload)
    return p


def rest_signed_query(creds: dict, params: dict) -> str:
    p = dict(params, timestamp=int(time.time() * 1000))
    q = urllib.parse.urlencode(p)
    return q + "&signature=" + urllib.parse.quote(sign_payload(creds["secret"], q), safe="")


def _v(v) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    return str(v)


async def recv_json(ws, timeout: float = 5.0):
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def recv_until(ws, pred, timeout: float = 5.0, limit: int = 10_000):
    """Read frames until ``pred(msg)`` holds; returns that message."""
    async def loop():
        for _ in range(limit):
            msg = json.loads(await ws.recv())
            if pred(msg):
                return msg
        raise AssertionError("predicate never matched")
    return await asyncio.wait_for(loop(), timeout)


def field_mismatches(theirs, ours, path: str = "", types: bool = True) -> list[str]:
    """CCXT's result against ours, field by field: each difference as ``path: …``. With
    ``types`` a value's type is part of it (``1`` vs ``1.0``, ``"1"`` vs ``1`` differ)."""
    if isinstance(theirs, dict) and isinstance(ours, dict):
        out = []
        for k in sorted(set(theirs) | set(ours), key=str):
            if k not in ours:
                out.append(f"{path}.{k}: missing here (CCXT {theirs[k]!r})")
            elif k not in theirs:
                out.append(f"{path}.{k}: extra here ({ours[k]!r})")
            else:
                out += field_mismatches(theirs[k], ours[k], f"{path}.{k}", types)
        return out
    if isinstance(theirs, (list, tuple)) and isinstance(ours, (list, tuple)):
        if len(theirs) != len(ours):
            return [f"{path}: CCXT has {len(theirs)} items, ours {len(ours)}"]
        out = []
        for i, (a, b) in enumerate(zip(theirs, ours)):
            out += field_mismatches(a, b, f"{path}[{i}]", types)
        return out
    if theirs != ours or (types and type(theirs) is not type(ours)):
        return [f"{path}: CCXT {theirs!r} ({type(theirs).__name__}) ours {ours!r} ({type(ours).__name__})"]
    return []
