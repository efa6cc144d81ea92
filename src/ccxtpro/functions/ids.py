"""Random identifiers: UUIDs and the short hex ids exchanges accept as client order ids."""

from __future__ import annotations

import random
import secrets
import uuid as _uuid

__all__ = ["rand_number", "random_bytes", "uuid", "uuid16", "uuid22", "uuid5"]


def uuid() -> str:
    """A random (version 4) UUID, canonical text."""
    return str(_uuid.uuid4())


def uuid16(length: int = 16) -> str:
    """``length`` random lower-case hex digits."""
    return format(random.getrandbits(length * 4), f"0{length}x")


def uuid22(length: int = 22) -> str:
    """``length`` random lower-case hex digits."""
    return format(random.getrandbits(length * 4), f"0{length}x")


def uuid5(namespace: str, name: str) -> str:
    """The name-based (version 5) UUID of ``name`` in ``namespace``."""
    return str(_uuid.uuid5(_uuid.UUID(namespace), name))


def random_bytes(length: int) -> str:
    """Hex of ``length`` cryptographically random bytes."""
    return secrets.token_hex(length)


def rand_number(size: int) -> int:
    """An integer written with ``size`` random decimal digits (leading zeros drop)."""
    return int("".join(str(random.randrange(10)) for _ in range(size)) or "0")
