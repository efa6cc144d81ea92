"""Signing schemes: the one way a request is signed with the exchange's secret.

A secret's form selects its scheme: a PEM RSA private key signs with
RSA-SHA256, a PEM Ed25519 private key with Ed25519, anything else is an HMAC
secret. Keys are parsed once (:func:`inspect_secret`) and the resulting
:class:`SigningKey` is reused, because loading a PEM costs far more than a
signature.

The schemes reach exchanges through the ``ccxtpro_signers`` hook like any
plugin's would (the core offers these to every exchange: :mod:`ccxtpro.core_plugin`);
the signatures themselves are the primitives of :mod:`ccxtpro.functions.crypto`,
which generated code calls as CCXT's ``hmac``/``rsa``/``eddsa`` and
:class:`ccxtpro.Exchange` routes back here for the exchange's own secret.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import AuthenticationError, NotSupported
from .functions import crypto

#: kinds of key material a secret can be
HMAC = "hmac"
RSA = "rsa"
ED25519 = "ed25519"

_PEM_MARK = "-----BEGIN"


@dataclass(frozen=True)
class KeyForm:
    """What a secret is: its kind and, for PEM keys, the loaded key object.

    Holds key material: never log it; its repr shows the kind only.
    """

    kind: str
    material: Any = field(repr=False)


def is_pem(secret: str) -> bool:
    """True when the secret is written as a PEM block (whatever its type)."""
    return _PEM_MARK in secret


def inspect_secret(secret: str | bytes) -> KeyForm:
    """Classify a secret and load it if it is a PEM private key.

    Raises :class:`AuthenticationError` when the secret looks like PEM but is
    not a usable private key; the message never contains the secret.
    """
    text = secret.decode() if isinstance(secret, bytes) else secret
    if not is_pem(text):
        return KeyForm(HMAC, text.encode())
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(text.strip().encode(), password=None)
    except TypeError:
        raise AuthenticationError(
            "secret is an encrypted PEM private key; pass it decrypted"
        ) from None
    except (ValueError, UnsupportedAlgorithm) as e:
        raise AuthenticationError(
            f"secret looks like a PEM private key but cannot be loaded ({type(e).__name__})"
        ) from None
    if isinstance(key, rsa.RSAPrivateKey):
        return KeyForm(RSA, key)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return KeyForm(ED25519, key)
    raise AuthenticationError(
        f"secret is a PEM private key of an unsupported type ({type(key).__name__}); "
        "expected RSA or Ed25519"
    )


Payload = str | bytes


def _as_bytes(payload: Payload) -> bytes:
    return payload.encode() if isinstance(payload, str) else payload


@dataclass(frozen=True)
class SigningKey:
    """A loaded key bound to its scheme: ``key.sign(payload) -> str``."""

    scheme: str
    sign: Callable[[Payload], str] = field(repr=False)


@dataclass(frozen=True)
class SigningScheme:
    """A named way to sign a payload with one kind of key.

    ``key_kind`` says which secrets it accepts (see :func:`inspect_secret`);
    ``make`` turns the loaded material into a signing function.
    """

    name: str
    key_kind: str
    make: Callable[[Any], Callable[[Payload], str]] = field(repr=False)

    def accepts(self, form: KeyForm) -> bool:
        return form.kind == self.key_kind

    def load(self, form: KeyForm) -> SigningKey:
        if not self.accepts(form):
            raise NotSupported(f"{self.name} cannot sign with a {form.kind} key")
        return SigningKey(self.name, self.make(form.material))


def _hmac(digest: str) -> Callable[[Any], Callable[[Payload], str]]:
    digestmod = getattr(hashlib, digest)

    def make(secret: bytes) -> Callable[[Payload], str]:
        def sign(payload: Payload) -> str:
            return crypto.hmac(_as_bytes(payload), secret, digestmod, "hex")

        return sign

    return make


def _rsa_sha256(key: Any) -> Callable[[Payload], str]:
    def sign(payload: Payload) -> str:
        return crypto.rsa_sign(key, payload, "sha256", "pkcs1")

    return sign


def _ed25519(key: Any) -> Callable[[Payload], str]:
    def sign(payload: Payload) -> str:
        return crypto.eddsa_sign(key, payload)

    return sign


#: the core's schemes, in preference order within each key kind
CORE_SCHEMES: tuple[SigningScheme, ...] = (
    SigningScheme("HMAC-SHA256", HMAC, _hmac("sha256")),
    SigningScheme("HMAC-SHA384", HMAC, _hmac("sha384")),
    SigningScheme("HMAC-SHA512", HMAC, _hmac("sha512")),
    SigningScheme("RSA-SHA256", RSA, _rsa_sha256),
    SigningScheme("Ed25519", ED25519, _ed25519),
)


def combine_schemes(results: Iterable[Iterable[SigningScheme] | None]) -> dict[str, SigningScheme]:
    """Merge hook results by name; the first occurrence of a name wins."""
    out: dict[str, SigningScheme] = {}
    for result in results:
        for scheme in result or ():
            out.setdefault(scheme.name, scheme)
    return out


def select_scheme(
    form: KeyForm, schemes: Mapping[str, SigningScheme], prefer: str | None = None
) -> SigningScheme:
    """Pick the scheme for a key: ``prefer`` if it accepts the key, else the
    first scheme (in ``schemes`` order) that does."""
    if prefer is not None:
        chosen = schemes.get(prefer)
        if chosen is not None and chosen.accepts(form):
            return chosen
    for scheme in schemes.values():
        if scheme.accepts(form):
            return scheme
    raise NotSupported(f"no signing scheme accepts a {form.kind} key")


def signing_key(
    secret: str | bytes,
    schemes: Mapping[str, SigningScheme] | None = None,
    prefer: str | None = None,
) -> SigningKey:
    """Load ``secret`` and bind it to the scheme its form selects."""
    form = inspect_secret(secret)
    table = schemes if schemes is not None else {s.name: s for s in CORE_SCHEMES}
    return select_scheme(form, table, prefer).load(form)
