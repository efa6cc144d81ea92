"""Redaction of credentials, signatures and listen keys from logged text."""

from __future__ import annotations

from ccxtpro.redact import MASK, Redactor, is_sensitive


def test_values_are_masked_wherever_they_appear():
    r = Redactor(["myApiKey123456", "", None, "short"])
    assert r.text("header X=myApiKey123456; again myApiKey123456") == f"header X={MASK}; again {MASK}"
    assert "short" in r.text("short")  # too short to be a credential: left alone


def test_names_are_masked_in_queries_json_and_reprs():
    r = Redactor()
    q = r.text("https://h/x?symbol=BTCUSDT&timestamp=1&signature=abcdef0123")
    assert q == f"https://h/x?symbol=BTCUSDT&timestamp=1&signature={MASK}"
    j = r.text('{"listenKey":"lk-123456789","orderId":5,"apiKey": "k"}')
    assert "lk-123456789" not in j and '"orderId":5' in j and '"k"' not in j
    p = r.text("{'X-MBX-APIKEY': 'abcdef', 'Content-Type': 'json'}")
    assert "abcdef" not in p and "'Content-Type': 'json'" in p


def test_mapping_masks_sensitive_keys_and_values():
    r = Redactor(["secretvalue99"])
    out = r.mapping({"X-TOY-APIKEY": "k", "Authorization": "Bearer t", "User-Agent": "ua secretvalue99"})
    assert out == {"X-TOY-APIKEY": MASK, "Authorization": MASK, "User-Agent": f"ua {MASK}"}
    assert r.mapping(None) is None


def test_values_added_later_are_masked_too():
    r = Redactor()
    r.add("runtime-listen-key-abcdef")
    assert "runtime-listen-key-abcdef" not in r.text("url /stream/runtime-listen-key-abcdef")


def test_pem_lines_are_masked_one_by_one():
    secret = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAbCdEfGhIjKlMnOpQrStUvWxYz\n-----END PRIVATE KEY-----"
    r = Redactor([secret])
    assert "MC4CAQAwBQYDK2VwBCIEIAbCdEfGhIjKlMnOpQrStUvWxYz" not in r.text("line: MC4CAQAwBQYDK2VwBCIEIAbCdEfGhIjKlMnOpQrStUvWxYz")


def test_sensitive_names():
    assert is_sensitive("X-MBX-APIKEY") and is_sensitive("signature") and is_sensitive("listenKey")
    assert not is_sensitive("symbol") and not is_sensitive("timestamp")
