"""Differential tests of generated signing (websocket-API ``sign_params``, REST ``sign``) against CCXT.

HMAC, RSA (PKCS#1 v1.5) and Ed25519 signatures are deterministic, so the signed
payloads must be byte-identical for the same key, nonce and parameters.
"""

from __future__ import annotations

import pytest

from differential_support import SECRETS, _configure


@pytest.mark.parametrize("scheme", sorted(SECRETS))
def test_sign_params(pair, scheme):
    _configure(pair, SECRETS[scheme])
    ours, theirs = pair
    params = {"symbol": "ETHBTC", "side": "BUY", "type": "LIMIT", "quantity": "1", "price": "0.1"}
    assert ours.sign_params(dict(params)) == theirs.sign_params(dict(params))


@pytest.mark.parametrize("scheme", sorted(SECRETS))
def test_rest_sign(pair, scheme):
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
