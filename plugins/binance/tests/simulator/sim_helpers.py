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
