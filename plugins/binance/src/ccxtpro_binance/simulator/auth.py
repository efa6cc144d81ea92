"""API keys and request signatures, verified as Binance defines them.

Three key kinds are generated at start: HMAC-SHA256 (hex signature), RSA
PKCS#1 v1.5 SHA-256 and Ed25519 (both base64). REST signs the raw query string
followed by the raw body, signature excluded; the websocket API signs its
params sorted by name as ``key=value`` joined with ``&``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import string
import time
import urllib.parse
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

from .errors import BinanceError

HMAC = "hmac"
RSA = "rsa"
ED25519 = "ed25519"

_ALNUM = string.ascii_letters + string.digits


@dataclass
class ApiKey:
    """One credential: ``secret`` is what a client signs with (HMAC secret or private PEM)."""

    kind: str
    api_key: str
    secret: str
    account: str = "default"
    public_key: object = None

    def as_config(self) -> dict:
        return {"apiKey": self.api_key, "secret": self.secret}


def _token(n: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(n))


def generate_key(kind: str, account: str = "default") -> ApiKey:
    """A fresh credential of ``kind``; private keys are unencrypted PKCS#8 PEM."""
    if kind == HMAC:
        return ApiKey(HMAC, _token(64), _token(64), account)
    if kind == RSA:
        priv = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    elif kind == ED25519:
        priv = ed25519.Ed25519PrivateKey.generate()
    else:
        raise ValueError(kind)
    pem = priv.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()
    return ApiKey(kind, _token(64), pem, account, priv.public_key())


def _b64(sig: str) -> bytes | None:
    try:
        return base64.b64decode(sig + "=" * (-len(sig) % 4), altchars=b"-_" if ("-" in sig or "_" in sig) else None)
    except (binascii.Error, ValueError):
        return None


def check_signature(key: ApiKey, payloads: list[str], signature: str) -> bool:
    """True when ``signature`` signs any of the candidate payload encodings."""
    if not isinstance(signature, str) or not signature:
        return False
    for payload in payloads:
        data = payload.encode()
        if key.kind == HMAC:
            want = hmac.new(key.secret.encode(), data, hashlib.sha256).hexdigest()
            if hmac.compare_digest(want, signature.lower()):
                return True
            continue
        raw = _b64(signature)
        if raw is None:
            return False
        try:
            if key.kind == RSA:
                key.public_key.verify(raw, data, padding.PKCS1v15(), hashes.SHA256())
            else:
                key.public_key.verify(raw, data)
            return True
        except InvalidSignature:
            continue
        except Exception:
            return False
    return False


def ws_value(v) -> str:
    """How a websocket-API param value appears in the signed payload."""
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float):
        r = repr(v)
        return r[:-2] if r.endswith(".0") else r
    return str(v)


def ws_payloads(params: dict) -> list[str]:
    """Signed-payload candidates for websocket-API params: raw and percent-encoded values."""
    items = sorted((k, ws_value(v)) for k, v in params.items() if k != "signature")
    raw = "&".join(f"{k}={v}" for k, v in items)
    enc = "&".join(f"{k}={urllib.parse.quote(v, safe='')}" for k, v in items)
    return [raw] if raw == enc else [raw, enc]


def rest_payload(query: str, body: str) -> str:
    """REST payload: query string then body, each with the ``signature`` pair removed."""
    def strip(s: str) -> str:
        return "&".join(p for p in s.split("&") if p and not p.startswith("signature="))
    return strip(query) + strip(body)


def now_ms() -> int:
    return int(time.time() * 1000)


def check_timestamp(params: dict, server_ms: int) -> None:
    """Binance's rule: ``timestamp < serverTime + 1000`` and ``serverTime - timestamp <= recvWindow``."""
    ts = params.get("timestamp")
    if ts is None or str(ts) == "":
        raise BinanceError(-1102, None, "timestamp")
    try:
        ts = int(str(ts).split(".")[0])
        rw = params.get("recvWindow")
        rw = 5000 if rw in (None, "") else int(float(str(rw)))
    except (ValueError, OverflowError):
        raise BinanceError(-1100, None, "timestamp", "^[0-9]{1,20}$")
    if ts > 10**14:  # microseconds
        ts //= 1000
    if rw > 60000:
        raise BinanceError(-1131)
    if ts >= server_ms + 1000:
        raise BinanceError(-1021, "Timestamp for this request was 1000ms ahead of the server's time.")
    if server_ms - ts > rw:
        raise BinanceError(-1021)


class KeyStore:
    """API keys by key string."""

    def __init__(self) -> None:
        self.keys: dict[str, ApiKey] = {}

    def add(self, key: ApiKey) -> ApiKey:
        self.keys[key.api_key] = key
        return key

    def get(self, api_key: str | None) -> ApiKey:
        if not api_key or not isinstance(api_key, str):
            raise BinanceError(-2014)
        key = self.keys.get(api_key)
        if key is None:
            raise BinanceError(-2015) if len(api_key) == 64 else BinanceError(-2014)
        return key
