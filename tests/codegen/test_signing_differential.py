"""Differential tests of generated signing (websocket-API ``sign_params``, REST ``sign``) against CCXT.

HMAC, RSA (PKCS#1 v1.5) and Ed25519 signatures are deterministic, so the signed
payloads must be byte-identical for the same key, nonce and parameters.
"""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from test_handlers_differential import pair  # noqa: F401  (fixture)

import ccxt.pro  # noqa: F401,E402  (the oracle, a test dependency)

NONCE = 1700000000123


def _pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


SECRETS = {
    "hmac": "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
    "ed25519": _pem(ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))),
    "rsa": _pem(rsa.generate_private_key(public_exponent=65537, key_size=1024)),
}


def _configure(pair, secret):  # noqa: F811
    for ex in pair:
        ex.apiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
        ex.secret = secret
        ex.nonce = lambda: NONCE
        ex.uuid22 = lambda *args: "0123456789abcdef012345"  # broker client-order ids are random
        ex.options["recvWindow"] = 5000


@pytest.mark.parametrize("scheme", sorted(SECRETS))
def test_sign_params(pair, scheme):  # noqa: F811
    _configure(pair, SECRETS[scheme])
    ours, theirs = pair
    params = {"symbol": "ETHBTC", "side": "BUY", "type": "LIMIT", "quantity": "1", "price": "0.1"}
    assert ours.sign_params(dict(params)) == theirs.sign_params(dict(params))


@pytest.mark.parametrize("scheme", sorted(SECRETS))
def test_rest_sign(pair, scheme):  # noqa: F811
    _configure(pair, SECRETS[scheme])
    ours, theirs = pair
    for path, api, method, params in (
        ("order", "private", "POST", {"symbol": "ETHBTC", "side": "BUY", "type": "LIMIT", "quantity": "1"}),
        ("account", "private", "GET", {}),
        ("depth", "public", "GET", {"symbol": "ETHBTC", "limit": 5}),
        ("listenKey", "fapiPrivate", "POST", {}),
    ):
        a = ours.sign(path, api, method, dict(params), None, None)
        b = theirs.sign(path, api, method, dict(params), None, None)
        assert a == b, (path, api, method)
