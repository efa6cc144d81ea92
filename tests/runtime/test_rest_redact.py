"""The redaction policy: credentials, signatures, listen keys and marked fields masked in
text, structures, exceptions and library log records."""

from __future__ import annotations

import logging
import traceback

from ccxtpro.redact import MASK, RedactingLogger, Redactor, is_sensitive


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


def test_encoded_forms_of_a_secret_are_masked():
    import base64
    from urllib.parse import quote

    secret = "ab+cd/ef==gh ij&kl"
    r = Redactor([secret])
    for form in (quote(secret, safe=""), base64.b64encode(secret.encode()).decode()):
        assert form not in r.text(f"x={form}!"), form


def test_text_without_anything_sensitive_is_returned_as_is():
    r = Redactor(["a-credential-value"])
    frame = '{"e":"trade","s":"BTCUSDT","p":"60000.00","q":"0.001"}'
    assert r.text(frame) is frame  # no regular expression ran, nothing was copied


def test_fields_an_exchange_marks_are_masked_and_learned():
    r = Redactor(fields=["sessionCode"])
    assert r.text('{"sessionCode":"sc-123456789"}') == '{"sessionCode":"***"}'
    r.learn({"result": {"sessionCode": "sc-abcdefghij"}})
    assert r.text("wss://h/stream/sc-abcdefghij") == "wss://h/stream/***"
    assert not Redactor().is_sensitive("sessionCode")


def test_scrub_copies_only_what_it_masks():
    r = Redactor(["learned-listen-key-1"])
    clean = {"e": "trade", "p": "1", "nested": [{"q": "2"}]}
    assert r.scrub(clean) is clean
    dirty = {"id": 1, "params": {"apiKey": "k-12345678", "symbol": "BTCUSDT"},
             "url": "wss://h/ws/learned-listen-key-1", "list": [1, "learned-listen-key-1"]}
    out = r.scrub(dirty)
    assert out == {"id": 1, "params": {"apiKey": MASK, "symbol": "BTCUSDT"}, "url": f"wss://h/ws/{MASK}",
                   "list": [1, MASK]}
    assert dirty["params"]["apiKey"] == "k-12345678"  # the caller's dict is untouched
    assert r.scrub(b'{"listenKey":"lk-0987654321"}') == b'{"listenKey":"***"}'
    r.scrub({"listenToken": "tok-learned-from-a-frame"})
    assert "tok-learned-from-a-frame" not in r.text("?t=tok-learned-from-a-frame")


def test_url_cache_forgets_when_a_secret_is_learned():
    r = Redactor()
    url = "wss://h/private/ws/fresh-listen-key-42"
    assert r.url(url) == url
    r.add("fresh-listen-key-42")
    assert r.url(url) == f"wss://h/private/ws/{MASK}"


class _StrFromAttribute(Exception):
    """A library error whose text comes from an attribute, not its args."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def __str__(self) -> str:
        return f"cannot open {self.url}"


def _raised_from(cause: BaseException, message: str) -> BaseException:
    """A NetworkError raised from ``cause``, tracebacks and chain as in real code."""
    from ccxtpro.errors import NetworkError

    try:
        try:
            raise cause
        except type(cause) as e:
            raise NetworkError(message) from e
    except NetworkError as e:
        return e


def test_exceptions_are_redacted_in_place_chain_included():
    r = Redactor(["the-api-key-value"])
    cause = ValueError("header X-KEY: the-api-key-value")
    error = _raised_from(cause, "request with signature=0123456789abcdef failed")
    assert r.exception(error) is error
    assert "0123456789abcdef" not in str(error) and "signature=***" in str(error)
    assert error.__cause__ is cause and "the-api-key-value" not in str(cause)

    listen_key = "-".join(["lk", "secret", "in", "an", "attribute"])  # not in this source: tracebacks show it
    error = _raised_from(_StrFromAttribute("wss://h/ws?listenKey=" + listen_key), "connection failed")
    r.exception(error)
    assert error.__cause__ is None and error.__context__ is None  # cut: it could not be cleaned
    text = "".join(traceback.format_exception(error))
    assert listen_key not in text and "dropped" in text


def test_redacting_logger_cleans_library_records_and_tracebacks(caplog):
    r = Redactor(["lk-in-a-library-log"])
    log = RedactingLogger(logging.getLogger("somelib.client"), r)
    caplog.set_level(logging.DEBUG, logger="somelib")
    log.debug("> GET %s HTTP/1.1", "/ws?listenKey=lk-in-a-library-log")
    try:
        raise OSError("while reading /ws/lk-in-a-library-log")
    except OSError:
        log.debug("! failure", exc_info=True)
    assert caplog.records and "lk-in-a-library-log" not in caplog.text
    assert "> GET /ws?listenKey=*** HTTP/1.1" in caplog.text and "OSError" in caplog.text
    assert log.isEnabledFor(logging.DEBUG)
