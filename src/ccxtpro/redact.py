"""Redaction of credentials, signatures and listen keys from logged text.

Two complementary rules, because neither is enough alone:

* by name: a field, header or query parameter whose name is sensitive
  (``signature``, ``listenKey``, ``apiKey``, ``X-MBX-APIKEY``-like headers
  ending in ``apikey``…) has its value replaced, in URLs, form bodies, JSON
  text and dicts;
* by value: every credential the exchange holds (and every value added at
  run time with :meth:`Redactor.add`, e.g. a listen key from a response) is
  replaced wherever it appears.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "***"

#: lower-cased names whose values are always redacted (suffix match for
#: headers such as ``x-xxx-apikey``)
SENSITIVE_NAMES = (
    "apikey",
    "api_key",
    "api-key",
    "secret",
    "password",
    "passphrase",
    "signature",
    "sign",
    "listenkey",
    "listentoken",
    "privatekey",
    "token",
    "authorization",
    "cookie",
    "twofa",
)


#: response fields whose values become secrets for the rest of the session
LEARNED_NAMES = frozenset({"listenkey", "listentoken", "token", "accesstoken", "sessiontoken"})


def is_sensitive(name: str) -> bool:
    lowered = name.lower()
    return any(lowered == s or lowered.endswith(s) for s in SENSITIVE_NAMES)


_NAME = r"[A-Za-z0-9_\-]*(?:" + "|".join(re.escape(s) for s in SENSITIVE_NAMES) + r")"
# name=value in query strings and form bodies
_QUERY = re.compile(r"(?i)(?<![A-Za-z0-9_\-])(" + _NAME + r")=([^&\s\"'#]*)")
# "name": "value" / "name": value in JSON text
_JSON = re.compile(r"(?i)(\"" + _NAME + r"\"\s*:\s*)(\"(?:[^\"\\]|\\.)*\"|[^,}\]\s]+)")
# 'name': 'value' in Python reprs of dicts
_REPR = re.compile(r"(?i)('" + _NAME + r"'\s*:\s*)('(?:[^'\\]|\\.)*'|[^,}\]\s]+)")


class Redactor:
    """Masks sensitive values in text and shallow copies of dicts."""

    __slots__ = ("_values",)

    def __init__(self, values: Iterable[Any] = ()) -> None:
        self._values: set[str] = set()
        for value in values:
            self.add(value)

    def add(self, value: Any) -> None:
        """Redact ``value`` from now on (ignored if empty or too short to be
        a secret: masking every "1" would wreck the log)."""
        if isinstance(value, bytes):
            value = value.decode(errors="replace")
        if isinstance(value, str) and len(value) >= 6:
            self._values.add(value)
            # PEM keys appear in logs line by line as often as whole
            for line in value.splitlines():
                if len(line) >= 16 and not line.startswith("-----"):
                    self._values.add(line)

    def learn(self, data: Any, depth: int = 2) -> None:
        """Remember the values of sensitive fields in a response (a listen key,
        a listen token), so they are masked wherever they turn up later, such
        as inside a websocket URL."""
        if isinstance(data, Mapping):
            for key, value in data.items():
                if isinstance(value, str):
                    if str(key).lower() in LEARNED_NAMES:
                        self.add(value)
                elif depth > 1 and isinstance(value, (Mapping, list)):
                    self.learn(value, depth - 1)
        elif isinstance(data, list) and depth > 1:
            for item in data[:16]:
                self.learn(item, depth - 1)

    def text(self, text: Any) -> str:
        """Redacted ``str(text)``."""
        s = text if isinstance(text, str) else str(text)
        for value in sorted(self._values, key=len, reverse=True):
            if value in s:
                s = s.replace(value, MASK)
        s = _QUERY.sub(lambda m: m.group(1) + "=" + MASK, s)
        s = _JSON.sub(lambda m: m.group(1) + '"' + MASK + '"', s)
        s = _REPR.sub(lambda m: m.group(1) + "'" + MASK + "'", s)
        return s

    def mapping(self, data: Mapping[str, Any] | None) -> dict[str, Any] | None:
        """Copy of ``data`` (headers, params) with sensitive entries masked."""
        if data is None:
            return None
        out: dict[str, Any] = {}
        for key, value in data.items():
            if is_sensitive(str(key)):
                out[key] = MASK
            elif isinstance(value, str):
                out[key] = self.text(value)
            else:
                out[key] = value
        return out
