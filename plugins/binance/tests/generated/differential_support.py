"""Helpers of the differential tests of the generated code: a (generated, CCXT) exchange
pair holding the same two markets, and the credentials and fixed nonce that make signing
deterministic. A plain module: test modules import from here, never from each other."""

from __future__ import annotations

import copy

import ccxt.pro as ccxt_pro
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from binance_payloads import SPOT_MARKET, USDM_MARKET, _BASE_FIELDS


def make_pair():
    from ccxtpro_binance.generated.binance import Binance
    ours, theirs = Binance(), ccxt_pro.binance()
    for name in _BASE_FIELDS:
        if not hasattr(ours, name):
            setattr(ours, name, getattr(theirs, name))
    for ex in (ours, theirs):
        # fetchMarkets fills these before parseMarket reads them.
        ex.options["crossMarginPairsData"] = []
        ex.options["isolatedMarginPairsData"] = []
        ex.set_markets([ex.parse_market(copy.deepcopy(SPOT_MARKET)), ex.parse_market(copy.deepcopy(USDM_MARKET))])
    return ours, theirs


# --------------------------------------------------------------- signing

NONCE = 1700000000123


def _pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


SECRETS = {
    "hmac": "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
    "ed25519": _pem(ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))),
    "rsa": _pem(rsa.generate_private_key(public_exponent=65537, key_size=1024)),
}


def _configure(pair, secret):
    for ex in pair:
        ex.apiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
        ex.secret = secret
        ex.nonce = lambda: NONCE
        ex.uuid22 = lambda *args: "0123456789abcdef012345"  # broker client-order ids are random
        ex.options["recvWindow"] = 5000
