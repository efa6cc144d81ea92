"""Core signing schemes and how a secret's form selects one."""

from __future__ import annotations

import base64
import hashlib
import hmac
import traceback

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

from ccxtpro import signers
from ccxtpro.errors import AuthenticationError, NotSupported

PAYLOAD = "symbol=BTCUSDT&side=BUY&timestamp=1700000000000"


def pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ed_key():
    return ed25519.Ed25519PrivateKey.generate()


def test_plain_secret_is_hmac_sha256_hex():
    key = signers.signing_key("mysecret")
    assert key.scheme == "HMAC-SHA256"
    assert key.sign(PAYLOAD) == hmac.new(b"mysecret", PAYLOAD.encode(), hashlib.sha256).hexdigest()
    assert key.sign(PAYLOAD.encode()) == key.sign(PAYLOAD)


@pytest.mark.parametrize("name,digest", [("HMAC-SHA384", hashlib.sha384), ("HMAC-SHA512", hashlib.sha512)])
def test_other_hmac_digests_by_preference(name, digest):
    key = signers.signing_key("mysecret", prefer=name)
    assert key.scheme == name
    assert key.sign(PAYLOAD) == hmac.new(b"mysecret", PAYLOAD.encode(), digest).hexdigest()


def test_rsa_pem_selects_rsa_sha256(rsa_key):
    key = signers.signing_key(pem(rsa_key))
    assert key.scheme == "RSA-SHA256"
    signature = base64.b64decode(key.sign(PAYLOAD))
    rsa_key.public_key().verify(signature, PAYLOAD.encode(), padding.PKCS1v15(), hashes.SHA256())


def test_traditional_rsa_pem_is_accepted(rsa_key):
    traditional = rsa_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    ).decode()
    assert "BEGIN RSA PRIVATE KEY" in traditional
    assert signers.signing_key(traditional).scheme == "RSA-SHA256"


def test_ed25519_pem_selects_ed25519(ed_key):
    key = signers.signing_key(pem(ed_key))
    assert key.scheme == "Ed25519"
    ed_key.public_key().verify(base64.b64decode(key.sign(PAYLOAD)), PAYLOAD.encode())


def test_preference_never_overrides_the_key_form(ed_key):
    assert signers.signing_key(pem(ed_key), prefer="HMAC-SHA512").scheme == "Ed25519"


def test_malformed_pem_raises_without_echoing_the_key():
    secret = "-----BEGIN PRIVATE KEY-----\nTOPSECRETMATERIAL0123456789\n-----END PRIVATE KEY-----\n"
    with pytest.raises(AuthenticationError) as info:
        signers.inspect_secret(secret)
    text = "".join(traceback.format_exception(info.value))
    assert "TOPSECRETMATERIAL" not in text
    assert "PEM" in str(info.value)


def test_unsupported_key_type_is_named():
    key = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(AuthenticationError, match="unsupported type"):
        signers.inspect_secret(pem(key))


def test_no_scheme_for_the_key_kind(rsa_key):
    only_hmac = {s.name: s for s in signers.CORE_SCHEMES if s.key_kind == signers.HMAC}
    with pytest.raises(NotSupported):
        signers.signing_key(pem(rsa_key), only_hmac)


def test_combine_keeps_first_by_name():
    custom = signers.SigningScheme("HMAC-SHA256", signers.HMAC, lambda secret: lambda payload: "custom")
    merged = signers.combine_schemes([[custom], None, signers.CORE_SCHEMES])
    assert merged["HMAC-SHA256"] is custom
    assert set(merged) == {s.name for s in signers.CORE_SCHEMES}


def test_reprs_hold_no_key_material(rsa_key):
    form = signers.inspect_secret("plainsecretvalue")
    key = signers.signing_key("plainsecretvalue")
    assert "plainsecretvalue" not in repr(form) + repr(key)
