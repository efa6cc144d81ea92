"""The one redaction policy: what counts as a secret, and how it is masked at
every exit (log records, telemetry events, exception messages, reprs).

Two complementary rules, because neither is enough alone:

* by name: a field, header or query parameter whose name is sensitive
  (``signature``, ``apiKey``, ``secret``, ``X-MBX-APIKEY``-like headers ending
  in ``apikey``…, plus the names an exchange plugin marks sensitive through
  the ``ccxtpro_sensitive_fields`` hook) has its value replaced, in URLs, form
  bodies, JSON text, Python reprs and dicts;
* by value: every credential the exchange holds, every value it learns at run
  time (a listen key or token from a response: a field whose name the policy
  or the plugin marks as one to learn), and their URL-encoded and base64
  forms, are replaced wherever they appear.

Cheap when nothing is sensitive: :meth:`Redactor.text` first checks, with
plain substring searches, whether any known value or sensitive name can be in
the text, and only then runs the regular expressions; telemetry and logs are
redacted only when someone is listening.
"""

from __future__ import annotations

import base64
import logging
import re
import sys
import traceback
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

import orjson

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

#: lower-cased response fields whose values become secrets for the rest of the
#: session (plugins add their own, e.g. a listen key)
LEARNED_NAMES = frozenset({"listenkey", "listentoken", "token", "accesstoken", "sessiontoken", "refreshtoken"})

#: shortest value worth masking: masking every "1" would wreck the log
MIN_SECRET_LENGTH = 6

_URL_CACHE_SIZE = 256


def is_sensitive(name: str, extra: Iterable[str] = ()) -> bool:
    lowered = name.lower()
    return any(lowered == s or lowered.endswith(s) for s in (*SENSITIVE_NAMES, *extra))


def _patterns(names: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    alternation = "|".join(re.escape(s) for s in sorted(names, key=len, reverse=True))
    name = r"[A-Za-z0-9_\-]*(?:" + alternation + r")"
    return (
        # name=value in query strings and form bodies
        re.compile(r"(?i)(?<![A-Za-z0-9_\-])(" + name + r")=([^&\s\"'#]*)"),
        # "name": "value" / "name": value in JSON text
        re.compile(r"(?i)(\"" + name + r"\"\s*:\s*)(\"(?:[^\"\\]|\\.)*\"|[^,}\]\s]+)"),
        # 'name': 'value' in Python reprs of dicts
        re.compile(r"(?i)('" + name + r"'\s*:\s*)('(?:[^'\\]|\\.)*'|[^,}\]\s]+)"),
    )


_DEFAULT_PATTERNS = _patterns(SENSITIVE_NAMES)


def _forms(value: str) -> set[str]:
    """``value`` as it may appear in text: as is, URL-encoded, base64."""
    forms = {value, quote(value, safe=""), quote_plus(value), quote(value)}
    raw = value.encode()
    forms.add(base64.b64encode(raw).decode())
    forms.add(base64.urlsafe_b64encode(raw).decode())
    return {f for f in forms if len(f) >= MIN_SECRET_LENGTH}


class Redactor:
    """Masks the secrets of one exchange instance; see the module docstring."""

    __slots__ = ("_values", "_ordered", "_names", "_learned", "_patterns", "_urls")

    def __init__(self, values: Iterable[Any] = (), *, fields: Iterable[str] = ()) -> None:
        """``values``: the credentials; ``fields``: names an exchange marks
        sensitive, masked by name and learned from responses."""
        marked = {n.lower() for n in fields if n}
        extra = tuple(sorted(marked - set(SENSITIVE_NAMES)))
        self._names = SENSITIVE_NAMES + extra
        self._learned = LEARNED_NAMES | marked
        self._patterns = _patterns(self._names) if extra else _DEFAULT_PATTERNS
        self._values: set[str] = set()
        self._ordered: tuple[str, ...] = ()
        self._urls: dict[str, str] = {}
        for value in values:
            self.add(value)

    def __repr__(self) -> str:
        return f"<Redactor {len(self._values)} values, {len(self._names)} names>"

    # -- what is secret ---------------------------------------------------------

    def add(self, value: Any) -> None:
        """Redact ``value`` (and its encoded forms) from now on; values too
        short to be a secret are ignored."""
        if isinstance(value, (bytes, bytearray)):
            value = bytes(value).decode(errors="replace")
        if not isinstance(value, str) or len(value) < MIN_SECRET_LENGTH or value in self._values:
            return
        new = _forms(value)
        # PEM keys appear in logs line by line as often as whole; a line is
        # base64 already, so only its URL-encoded form is worth a search
        for line in value.splitlines():
            line = line.strip()
            if len(line) >= 16 and not line.startswith("-----"):
                new |= {line, quote(line, safe="")}
        self._values |= new
        self._ordered = tuple(sorted(self._values, key=len, reverse=True))
        self._urls.clear()

    def is_sensitive(self, name: str) -> bool:
        lowered = name.lower()
        return any(lowered == s or lowered.endswith(s) for s in self._names)

    def learn(self, data: Any, depth: int = 3) -> None:
        """Remember the values of fields marked to learn in a response (a listen
        key, a token), so they are masked wherever they turn up later, such as
        inside a websocket URL."""
        if isinstance(data, Mapping):
            for key, value in data.items():
                if isinstance(value, str):
                    if str(key).lower() in self._learned:
                        self.add(value)
                elif depth > 1 and isinstance(value, (Mapping, list)):
                    self.learn(value, depth - 1)
        elif isinstance(data, list) and depth > 1:
            for item in data[:16]:
                self.learn(item, depth - 1)

    def learn_all(self, obj: Any) -> None:
        """Learn every value under any sensitive name in ``obj`` (a decoded
        frame about to be logged), learned names and masked names alike."""
        if isinstance(obj, Mapping):
            for k, v in obj.items():
                if isinstance(v, (Mapping, list)):
                    self.learn_all(v)
                elif isinstance(k, str) and isinstance(v, str) and (
                        k.lower() in self._learned or self.is_sensitive(k)):
                    self.add(v)
        elif isinstance(obj, list):
            for v in obj:
                self.learn_all(v)

    # -- text -------------------------------------------------------------------

    def might_leak(self, text: str) -> bool:
        """True when ``text`` holds a known secret value or a sensitive name
        (substring searches only: the check that keeps redaction cheap)."""
        for value in self._ordered:
            if value in text:
                return True
        lowered = text.lower()
        for name in self._names:
            if name in lowered:
                return True
        return False

    def text(self, text: Any) -> str:
        """Redacted ``str(text)``."""
        s = text if isinstance(text, str) else str(text)
        if not self.might_leak(s):
            return s
        for value in self._ordered:
            if value in s:
                s = s.replace(value, MASK)
        query, json_, repr_ = self._patterns
        s = query.sub(lambda m: m.group(1) + "=" + MASK, s)
        s = json_.sub(lambda m: m.group(1) + '"' + MASK + '"', s)
        s = repr_.sub(lambda m: m.group(1) + "'" + MASK + "'", s)
        return s

    def url(self, url: str) -> str:
        """Redacted URL, cached: the few URLs of a session are redacted once
        (the cache empties when a new secret is learned)."""
        out = self._urls.get(url)
        if out is None:
            if len(self._urls) >= _URL_CACHE_SIZE:
                self._urls.clear()
            out = self._urls[url] = self.text(url)
        return out

    def loggable(self, obj: Any) -> str:
        """``obj`` (a frame as text, bytes or decoded, a URL…) as text fit for a log."""
        if isinstance(obj, (bytes, bytearray, memoryview)):
            obj = bytes(obj).decode("utf-8", "replace")
        if isinstance(obj, (dict, list)):
            self.learn_all(obj)
            try:
                obj = orjson.dumps(obj, default=str).decode()
            except TypeError:
                obj = repr(obj)
        return self.text(obj)

    # -- structures ---------------------------------------------------------------

    def mapping(self, data: Mapping[str, Any] | None) -> dict[str, Any] | None:
        """Copy of ``data`` (headers, params) with sensitive entries masked."""
        if data is None:
            return None
        out: dict[str, Any] = {}
        for key, value in data.items():
            if self.is_sensitive(str(key)):
                out[key] = MASK
            elif isinstance(value, str):
                out[key] = self.text(value)
            else:
                out[key] = value
        return out

    def scrub(self, obj: Any, _depth: int = 0) -> Any:
        """``obj`` with every secret masked, for handing to code we do not
        control (telemetry handlers). Structures are copied only where
        something was masked; exceptions are redacted in place
        (:meth:`exception`); other objects pass unchanged."""
        if isinstance(obj, str):
            return self.text(obj)
        if isinstance(obj, (bytes, bytearray, memoryview)):
            raw = bytes(obj)
            decoded = raw.decode("utf-8", "replace")
            return raw if not self.might_leak(decoded) else self.text(decoded).encode()
        if _depth > 32:
            return MASK
        if isinstance(obj, Mapping):
            out: dict[Any, Any] | None = None
            for key, value in obj.items():
                if isinstance(key, str) and isinstance(value, str) and key.lower() in self._learned:
                    self.add(value)
                if isinstance(key, str) and self.is_sensitive(key) and value is not None \
                        and not isinstance(value, (Mapping, list, tuple)):
                    new = MASK
                else:
                    new = self.scrub(value, _depth + 1)
                if new is not value:
                    if out is None:
                        out = dict(obj)
                    out[key] = new
            return obj if out is None else out
        if isinstance(obj, (list, tuple)):
            items = [self.scrub(v, _depth + 1) for v in obj]
            if all(a is b for a, b in zip(items, obj)):
                return obj
            return type(obj)(items) if isinstance(obj, tuple) else items
        if isinstance(obj, BaseException):
            return self.exception(obj)
        return obj

    def exception(self, exc: BaseException) -> BaseException:
        """Redact ``exc`` in place before it leaves the runtime: its ``args``,
        notes, and the exceptions chained to it. A chained exception whose
        text still holds a secret after that (its ``str`` is not its
        ``args``, e.g. a library's exception built from a URL) is cut off the
        chain rather than left to print in a traceback."""
        seen: set[int] = set()
        self._exception(exc, seen, 0)
        return exc

    def _exception(self, exc: BaseException, seen: set[int], depth: int) -> None:
        if id(exc) in seen or depth > 8:
            return
        seen.add(id(exc))
        try:
            rendered = str(exc)
        except Exception:
            rendered = ""
        if self.might_leak(rendered) or self.might_leak(repr(exc.args)):
            try:
                exc.args = tuple(self.scrub(a) for a in exc.args)
            except Exception:  # an exception class with a read-only args
                pass
        notes = getattr(exc, "__notes__", None)
        if isinstance(notes, list):
            notes[:] = [self.text(n) for n in notes]
        for attr in ("__cause__", "__context__"):
            linked = getattr(exc, attr)
            if linked is None:
                continue
            self._exception(linked, seen, depth + 1)
            try:
                leaks = self.might_leak(str(linked)) and self.text(str(linked)) != str(linked)
            except Exception:
                leaks = True
            if leaks:
                exc.__cause__ = None
                exc.__context__ = None
                exc.__suppress_context__ = True
                exc.add_note(f"(a chained {type(linked).__name__} was dropped: its text held a secret)")
                break


class RedactingLogger(logging.LoggerAdapter[logging.Logger]):
    """A logger for libraries that accept one (``websockets``): every record
    is formatted, redacted, and passed on as plain text, tracebacks included."""

    def __init__(self, logger: logging.Logger, redactor: Redactor) -> None:
        super().__init__(logger, {})
        self.redactor = redactor

    def log(self, level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
        if not self.isEnabledFor(level):
            return
        try:
            text = str(msg) % args if args else str(msg)
        except Exception:
            text = f"{msg} {args!r}"
        exc_info = kwargs.pop("exc_info", None)
        if exc_info:
            if isinstance(exc_info, BaseException):
                exc = exc_info
            elif isinstance(exc_info, tuple):
                exc = exc_info[1]
            else:
                exc = sys.exc_info()[1]
            if exc is not None:
                text += "\n" + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip()
        kwargs.pop("stack_info", None)
        self.logger.log(level, "%s", self.redactor.text(text), **kwargs)
