"""Hashing and signing against CCXT 4.5.84, with keys generated on the fly."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from ccxtpro.functions import crypto, encoding

E = pytest.importorskip("ccxt").Exchange
S = settings(max_examples=60, deadline=None)

PLAIN = serialization.NoEncryption()


@pytest.fixture(scope="module")
def rsa_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, PLAIN).decode()


@pytest.fixture(scope="module")
def ed_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@S
@given(data=st.binary(max_size=300), algorithm=st.sampled_from(["md5", "sha1", "sha256", "sha384", "sha512", "keccak", "sha3_256"]),
       digest=st.sampled_from(["hex", "base64", "binary"]))
def test_hash(data: bytes, algorithm: str, digest: str) -> None:
    assert crypto.hash(data, algorithm, digest) == E.hash(data, algorithm, digest)


@S
@given(data=st.binary(max_size=100), secret=st.binary(max_size=80),
       algorithm=st.sampled_from([hashlib.sha256, hashlib.sha384, hashlib.sha512, hashlib.md5, hashlib.sha1]),
       digest=st.sampled_from(["hex", "base64", "binary"]))
def test_hmac(data: bytes, secret: bytes, algorithm: Any, digest: str) -> None:
    assert crypto.hmac(data, secret, algorithm, digest) == E.hmac(data, secret, algorithm, digest)


def test_hmac_accepts_algorithm_names() -> None:
    assert crypto.hmac(b"q", b"s", "sha512") == E.hmac(b"q", b"s", hashlib.sha512)


@pytest.mark.parametrize("alg", ["sha256", "sha384", "sha512"])
def test_rsa_pkcs1_is_deterministic_and_matches(rsa_pem: str, alg: str) -> None:
    query = "symbol=BTCUSDT&side=BUY&timestamp=1700000000000"
    assert crypto.rsa(query, rsa_pem, alg) == E.rsa(query, rsa_pem, alg)


def test_rsa_pss_verifies(rsa_pem: str) -> None:
    signature = encoding.base64_to_binary(crypto.rsa("payload", rsa_pem, "sha256", "pss"))
    key = serialization.load_pem_private_key(rsa_pem.encode(), None)
    assert isinstance(key, rsa.RSAPrivateKey)
    from cryptography.hazmat.primitives import hashes

    key.public_key().verify(
        signature, b"payload", padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH), hashes.SHA256()
    )


@pytest.mark.parametrize("url_encode", [False, True])
def test_eddsa_pem_and_raw(ed_key: ed25519.Ed25519PrivateKey, url_encode: bool) -> None:
    pem = ed_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, PLAIN).decode()
    raw = ed_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, PLAIN)
    message = b"apiKey=x&timestamp=1"
    assert crypto.eddsa(message, pem, "ed25519", url_encode) == E.eddsa(message, pem, "ed25519", url_encode)
    assert crypto.eddsa(message, raw, "ed25519", url_encode) == E.eddsa(message, raw, "ed25519", url_encode)


def test_wrong_key_type_is_a_clear_error(ed_key: ed25519.Ed25519PrivateKey, rsa_pem: str) -> None:
    pem = ed_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, PLAIN).decode()
    with pytest.raises(TypeError):
        crypto.rsa("x", pem)
    with pytest.raises(TypeError):
        crypto.eddsa(b"x", rsa_pem)


def test_jwt(rsa_pem: str, ed_key: ed25519.Ed25519PrivateKey) -> None:
    body = {"uri": "/api", "nonce": 1, "sub": "k"}
    for alg in ("sha256", "sha384", "sha512"):
        assert crypto.jwt(body, b"secret", alg) == E.jwt(body, b"secret", alg)
    assert crypto.jwt(body, b"s", "sha256", False, {"kid": "k1", "nonce": "n"}) == E.jwt(body, b"s", "sha256", False, {"kid": "k1", "nonce": "n"})
    assert crypto.jwt(body, rsa_pem.encode(), "sha256", True) == E.jwt(body, rsa_pem.encode(), "sha256", True)
    pem = ed_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, PLAIN)
    assert crypto.jwt(body, pem, "sha256", False, {"alg": "EdDSA"}) == E.jwt(body, pem, "sha256", False, {"alg": "EdDSA"})


@S
@given(s=st.text(max_size=20), signed=st.booleans())
def test_crc32(s: str, signed: bool) -> None:
    assert crypto.crc32(s, signed) == E.crc32(s, signed)


def test_totp_matches_rfc6238_and_ccxt(monkeypatch: pytest.MonkeyPatch) -> None:
    import base64
    import time

    # RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits) -> last six
    b32 = base64.b32encode(b"12345678901234567890").decode()
    assert crypto.totp(b32, now=59) == "287082"
    monkeypatch.setattr(time, "time", lambda: 1700000000.0)
    assert crypto.totp("JBSW Y3DP EHPK 3PXP") == E.totp("JBSW Y3DP EHPK 3PXP")


def test_keccak_vector() -> None:
    assert crypto.keccak(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


CURVES = {"p192": "SECP192R1", "p224": "SECP224R1", "p256": "SECP256R1", "p384": "SECP384R1", "p521": "SECP521R1", "secp256k1": "SECP256K1"}


@pytest.mark.parametrize("curve", sorted(CURVES))
def test_ecdsa_matches(curve: str) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(getattr(ec, CURVES[curve])())
    scalar_hex = format(key.private_numbers().private_value, "x")
    scalar_hex = scalar_hex.rjust(len(scalar_hex) + len(scalar_hex) % 2, "0")
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, PLAIN).decode()
    for message in ("hello", "timestamp=1700000000000&symbol=BTCUSDT"):
        for hash_name in ("sha256", "sha384", "sha512", "sha1"):
            assert crypto.ecdsa(message, scalar_hex, curve, hash_name) == E.ecdsa(message, scalar_hex, curve, hash_name)
            if curve != "secp256k1":  # CCXT hands secp256k1 PEM to coincurve, which expects another framing
                assert crypto.ecdsa(message, pem, curve, hash_name) == E.ecdsa(message, pem, curve, hash_name)
    digest_hex = hashlib.sha256(b"x").hexdigest()
    assert crypto.ecdsa(digest_hex, scalar_hex, curve) == E.ecdsa(digest_hex, scalar_hex, curve)


def test_ecdsa_rejects_unknown_curve_and_digest() -> None:
    from ccxtpro.errors import ArgumentsRequired

    with pytest.raises(ArgumentsRequired):
        crypto.ecdsa("x", "01", "p999", "sha256")
    with pytest.raises(ArgumentsRequired):
        crypto.ecdsa("abcd", "01", "p256")


def test_jwt_es256() -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, PLAIN)
    body = {"sub": "k", "iat": 1}
    assert crypto.jwt(body, pem, "sha256", False, {"alg": "ES256"}) == E.jwt(body, pem, "sha256", False, {"alg": "ES256"})
