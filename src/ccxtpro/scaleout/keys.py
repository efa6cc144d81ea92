"""Redis key names: one stream per (exchange, channel, symbol), with its lease and metadata.

``<prefix>:{<exchange>:<symbol>}:<channel>``           the stream (XADD … MAXLEN ~ n)
``<prefix>:{<exchange>:<symbol>}:<channel>:lease``     who publishes it (SET NX PX)
``<prefix>:{<exchange>:<symbol>}:<channel>:meta``      hash: ``q`` last sequence number published,
                                                       ``snap`` id of the latest snapshot entry
``<prefix>:{<exchange>}:fleet:<digest>``               live collectors with the same subscriptions

The braces are a Redis Cluster hash tag: every key of one symbol hashes to the same
slot, so a publish (a script touching the lease, the stream and the metadata) runs on
one shard, and a symbol's channels stay together.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import BadRequest

DEFAULT_PREFIX = "ccxtpro"


def _check(name: str, value: str) -> str:
    if not isinstance(value, str) or not value or any(c in value for c in "{}\r\n\x00"):
        raise BadRequest(f"{name} must be a non-empty string without braces or line breaks, got {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class StreamKey:
    """The keys of one (exchange, channel, symbol)."""

    exchange: str
    channel: str
    symbol: str
    prefix: str = DEFAULT_PREFIX

    def __post_init__(self) -> None:
        for name in ("exchange", "channel", "symbol", "prefix"):
            _check(name, getattr(self, name))

    @property
    def stream(self) -> str:
        return f"{self.prefix}:{{{self.exchange}:{self.symbol}}}:{self.channel}"

    @property
    def lease(self) -> str:
        return self.stream + ":lease"

    @property
    def meta(self) -> str:
        return self.stream + ":meta"

    @property
    def label(self) -> str:
        return f"{self.channel} {self.symbol}"


def fleet_key(prefix: str, exchange: str, digest: str) -> str:
    return f"{_check('prefix', prefix)}:{{{_check('exchange', exchange)}}}:fleet:{digest}"
