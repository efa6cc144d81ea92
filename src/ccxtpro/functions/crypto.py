"""Hashing and signing with CCXT's signatures: hash, hmac, RSA, Ed25519, JWT, CRC32, TOTP.

Keys arrive as text in the exchange config; a parsed PEM key is cached by its
text, because parsing an RSA key costs far more than signing with it.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac as _hmac
import struct
import time
from typing import Any, Callable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa as _rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed, decode_dss_signature
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from ..errors import ArgumentsRequired
from .encoding import (
    base16_to_binary,
    base64_to_binary,
    binary_to_base16,
    binary_to_base64,
    binary_to_urlencoded_base64,
    encode,
    json,
    urlencode_base64,
)

__all__ = ["crc32", "ecdsa", "eddsa", "eddsa_sign", "hash", "hmac", "jwt", "keccak", "rsa", "rsa_sign", "totp"]


# ----------------------------------------------------------------- keccak-256 (Ethereum's, not SHA3-256)

_MASK = (1 << 64) - 1
_ROUND_CONSTANTS = (
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
)  # fmt: skip
# rotation of lane (x, y), indexed [x][y]
_ROTATIONS = ((0, 36, 3, 41, 18), (1, 44, 10, 45, 2), (62, 6, 43, 15, 61), (28, 55, 25, 21, 56), (27, 20, 39, 8, 14))
_RATE = 136  # bytes absorbed per permutation for a 256-bit output


def _rotl(lane: int, n: int) -> int:
    return ((lane << n) | (lane >> (64 - n))) & _MASK if n else lane


def _keccak_f(a: list[int]) -> None:
    """The Keccak-f[1600] permutation on 25 lanes, ``a[x + 5 * y]``, in place."""
    for rc in _ROUND_CONSTANTS:
        c = [a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] for x in range(5)]
        for x in range(5):
            d = c[(x - 1) % 5] ^ _rotl(c[(x + 1) % 5], 1)
            for y in range(0, 25, 5):
                a[x + y] ^= d
        b = [0] * 25
        for x in range(5):
            for y in range(5):
                b[y + 5 * ((2 * x + 3 * y) % 5)] = _rotl(a[x + 5 * y], _ROTATIONS[x][y])
        for y in range(0, 25, 5):
            row = b[y : y + 5]
            for x in range(5):
                a[x + y] = row[x] ^ (~row[(x + 1) % 5] & row[(x + 2) % 5] & _MASK)
        a[0] ^= rc


def keccak(data: bytes) -> bytes:
    """Keccak-256 digest (original padding, as Ethereum uses)."""
    padded = bytearray(data)
    padded.append(0x01)
    padded.extend(b"\x00" * (-len(padded) % _RATE))
    padded[-1] |= 0x80
    state = [0] * 25
    for offset in range(0, len(padded), _RATE):
        lanes = struct.unpack_from("<17Q", padded, offset)
        for i in range(17):
            state[i] ^= lanes[i]
        _keccak_f(state)
    return struct.pack("<4Q", *state[:4])


# ----------------------------------------------------------------- digests


def _digest(binary: bytes, digest: str) -> Any:
    if digest == "hex":
        return binary_to_base16(binary)
    if digest == "base64":
        return binary_to_base64(binary)
    return binary


def hash(request: bytes, algorithm: str = "md5", digest: str = "hex") -> Any:  # noqa: A001 - CCXT's name
    """Digest of ``request``; ``digest`` is 'hex', 'base64' or anything else for bytes."""
    if algorithm == "keccak":
        return _digest(keccak(request), digest)
    return _digest(hashlib.new(algorithm, request).digest(), digest)


def _hash_constructor(algorithm: Any) -> Any:
    """CCXT passes ``hashlib.sha256``; a name such as 'sha256' works too."""
    return getattr(hashlib, algorithm) if isinstance(algorithm, str) else algorithm


def hmac(request: bytes, secret: bytes, algorithm: Any = hashlib.sha256, digest: str = "hex") -> Any:
    """HMAC of ``request`` under ``secret`` (both bytes), hex by default."""
    return _digest(_hmac.new(secret, request, _hash_constructor(algorithm)).digest(), digest)


# ----------------------------------------------------------------- asymmetric keys

_RSA_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


@functools.lru_cache(maxsize=32)
def _load_pem(pem: bytes) -> Any:
    return load_pem_private_key(pem, None)


def _as_bytes(data: str | bytes) -> bytes:
    return data if isinstance(data, (bytes, bytearray)) else encode(data)


def rsa_sign(key: Any, request: str | bytes, alg: str = "sha256", padding_mode: str = "pkcs1") -> str:
    """Base64 RSA signature of ``request`` with a loaded private key (PKCS#1 v1.5 or 'pss')."""
    if not isinstance(key, _rsa.RSAPrivateKey):
        raise TypeError("rsa() needs an RSA private key")
    algorithm = _RSA_HASHES[alg]()
    if padding_mode == "pss":
        pad: padding.AsymmetricPadding = padding.PSS(mgf=padding.MGF1(algorithm), salt_length=padding.PSS.DIGEST_LENGTH)
    else:
        pad = padding.PKCS1v15()
    return binary_to_base64(key.sign(_as_bytes(request), pad, algorithm))


def rsa(request: str, secret: str, alg: str = "sha256", padding_mode: str = "pkcs1") -> str:
    """Base64 RSA signature of ``request`` with the PEM key ``secret`` (PKCS#1 v1.5 or 'pss')."""
    return rsa_sign(_load_pem(encode(secret)), request, alg, padding_mode)


def eddsa_sign(key: Any, request: str | bytes, url_encode: bool = False) -> str:
    """Base64 Ed25519 signature of ``request`` with a loaded private key."""
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise TypeError("eddsa() needs an Ed25519 private key")
    signature = key.sign(_as_bytes(request))
    return binary_to_urlencoded_base64(signature) if url_encode else binary_to_base64(signature)


def eddsa(request: bytes, secret: str | bytes, curve: str = "ed25519", url_encode: bool = False) -> str:
    """Base64 Ed25519 signature; ``secret`` is a PEM key or the 32 raw private-key bytes."""
    raw = encode(secret) if isinstance(secret, str) else secret
    key: Any = ed25519.Ed25519PrivateKey.from_private_bytes(raw) if len(raw) == 32 else _load_pem(raw)
    return eddsa_sign(key, request, url_encode)


# curve name -> (curve, group order n); the orders are the curves' published parameters
_EC_CURVES: dict[str, tuple[Any, int]] = {
    "p192": (ec.SECP192R1, 0xFFFFFFFFFFFFFFFFFFFFFFFF99DEF836146BC9B1B4D22831),
    "p224": (ec.SECP224R1, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFF16A2E0B8F03E13DD29455C5C2A3D),
    "p256": (ec.SECP256R1, 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551),
    "p384": (
        ec.SECP384R1,
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973,
    ),
    "p521": (
        ec.SECP521R1,
        int(
            "01FF" + "FFFFFFFF" * 7 + "FFFFFFFA" + "51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409",
            16,
        ),
    ),
    "secp256k1": (ec.SECP256K1, 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141),
}
# digest length -> the hash it is taken to be when signing a prehashed digest
_PREHASHED: dict[int, Callable[[], hashes.HashAlgorithm]] = {
    20: hashes.SHA1,
    28: hashes.SHA224,
    32: hashes.SHA256,
    48: hashes.SHA384,
    64: hashes.SHA512,
}
_hash = hash


def ecdsa(request: str, secret: str | bytes, algorithm: str = "p256", hash: Any = None, fixed_length: bool = False) -> dict[str, Any]:  # noqa: A002
    """Deterministic (RFC 6979) low-s ECDSA: ``{'r': hex, 's': hex, 'v': recovery id}``.

    ``request`` is hashed with ``hash``, or is itself a hex digest when ``hash``
    is None; ``secret`` is a PEM key or the private scalar in hex.
    """
    if algorithm not in _EC_CURVES:
        raise ArgumentsRequired(algorithm + " is not a supported algorithm")
    curve, order = _EC_CURVES[algorithm]
    message = encode(request)
    digest = _hash(message, hash, "binary") if hash is not None else base64.b16decode(message, casefold=True)
    raw = encode(secret) if isinstance(secret, str) else secret
    if b"-----BEGIN" in raw:
        key = _load_pem(raw)
    else:
        key = ec.derive_private_key(int.from_bytes(base64.b16decode(raw, casefold=True), "big"), curve())
    prehashed = _PREHASHED.get(len(digest))
    if prehashed is None:
        raise ArgumentsRequired("unsupported digest length: " + str(len(digest)))
    r, s = decode_dss_signature(key.sign(digest, ec.ECDSA(Prehashed(prehashed()), deterministic_signing=True)))
    # the recovery id needs the nonce point R: k = s^-1 (e + r d) mod n, R = k G
    e = int.from_bytes(digest, "big") >> max(0, len(digest) * 8 - order.bit_length())
    k = pow(s, -1, order) * (e + r * key.private_numbers().private_value) % order
    point = ec.derive_private_key(k, curve()).public_key().public_numbers()
    v = (point.y & 1) | (2 if point.x >= order else 0)
    if s > order // 2:  # low-s form flips the parity of R
        s = order - s
        v ^= 1
    width = 2 * ((1 + len(format(order, "x"))) // 2)
    return {"r": format(r, f"0{width}x"), "s": format(s, f"0{width}x"), "v": v}


# ----------------------------------------------------------------- tokens and checksums

_JWT_HASHES = {"sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}


def jwt(request: Any, secret: Any, algorithm: str = "sha256", is_rsa: bool = False, opts: Any = None) -> str:
    """A signed JSON Web Token: HS*, RS*, ES* (P-256) or EdDSA, per ``opts['alg']`` / ``is_rsa``."""
    opts = opts or {}
    alg = opts.get("alg")
    if alg is None:
        alg = ("RS" if is_rsa else "HS") + algorithm[3:]
    header: dict[str, Any] = {"alg": alg, "typ": "JWT"}
    for extra in ("kid", "nonce"):
        if opts.get(extra) is not None:
            header[extra] = opts[extra]
    token = urlencode_base64(encode(json(header))) + "." + urlencode_base64(encode(json(request)))
    kind = alg[:2]
    if is_rsa or kind == "RS":
        secret_text = secret.decode("utf-8") if isinstance(secret, bytes) else secret
        signature = base64_to_binary(rsa(token, secret_text, algorithm))
    elif kind == "Ed":
        return token + "." + eddsa(encode(token), secret, "ed25519", True)
    elif kind == "ES":
        signed = ecdsa(token, secret, "p256", algorithm)
        signature = base16_to_binary(signed["r"].rjust(64, "0") + signed["s"].rjust(64, "0"))
    else:
        signature = hmac(encode(token), secret, _JWT_HASHES[algorithm], "binary")
    return token + "." + urlencode_base64(signature)


def crc32(string: str, signed: bool = False) -> int:
    """CRC-32 of a string's UTF-8 bytes, optionally as a signed 32-bit int."""
    value = binascii.crc32(string.encode("utf-8"))
    return value - 0x100000000 if signed and value >= 0x80000000 else value


def totp(key: str, now: float | None = None) -> str:
    """The current 6-digit TOTP (RFC 6238, SHA-1, 30 s) for a base32 key."""
    secret = key.replace(" ", "").upper()
    secret += "=" * (-len(secret) % 8)
    counter = int(time.time() if now is None else now) // 30
    mac = _hmac.new(base64.b32decode(secret), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(code)[-6:]
