"""Leases: one publisher per (exchange, channel, symbol), taken over when its holder dies.

A lease is a Redis string, ``<stream>:lease`` = the holder's token, with a time to live
of ``lease_ms``: taken with ``SET NX PX`` (only when nobody holds it), renewed by a
compare-and-renew script every ``lease_ms / 3`` (only while the value is still the
holder's token), released by compare-and-delete. A holder that crashes stops renewing,
its lease expires after at most ``lease_ms``, and another collector takes it on its next
round. Every publish also checks the lease inside Redis (``PUBLISH`` below), so a
collector that lost its lease while paused cannot write into a stream another one owns.

A lease that vanished while its holder was still renewing (Redis restarted empty, no
persistence) is taken back by the renewal: nobody else held it.

Which collector should hold a key: rendezvous hashing over the live members of the
fleet (collectors with the same subscription list register in one sorted set, scored
by the expiry of their heartbeat); each key goes to the member with the highest
``blake2b(member, key)``, so adding or removing a collector moves only its share.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from typing import Any

#: renew KEYS[1] to ARGV[2] ms if it still holds ARGV[1], or take it if nobody holds it
RENEW = """
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if cur == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]); return 1 end
return 0
"""

#: delete KEYS[1] if it holds ARGV[1]
RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

#: publish one entry if the caller holds the lease (KEYS: lease, stream, meta;
#: ARGV: token, lease ms, maxlen, then the entry's fields v k q p t d); an entry whose
#: sequence number is not above the last published one was already written (a retried
#: batch) and is skipped: returns the entry id, or 0 for a repeat; NOTOWNER otherwise
PUBLISH = """
local cur = redis.call('GET', KEYS[1])
if cur == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
elseif cur ~= ARGV[1] then return redis.error_reply('NOTOWNER ' .. KEYS[1]) end
local q = tonumber(ARGV[6])
local last = tonumber(redis.call('HGET', KEYS[3], 'q') or '-1')
if q <= last and redis.call('HGET', KEYS[3], 'p') == ARGV[7] then return 0 end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'v', ARGV[4], 'k', ARGV[5], 'q', ARGV[6],
                      'p', ARGV[7], 't', ARGV[8], 'd', ARGV[9])
if ARGV[5] == 's' then redis.call('HSET', KEYS[3], 'q', ARGV[6], 'p', ARGV[7], 'snap', id)
else redis.call('HSET', KEYS[3], 'q', ARGV[6], 'p', ARGV[7]) end
return id
"""


def token(collector_id: str) -> str:
    """A lease value unique to this run of a collector (ids may be reused across restarts)."""
    return f"{collector_id}:{time.time_ns():x}"


def score(member: str, key: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"{member}\x00{key}".encode(), digest_size=8).digest(), "big")


def preferred(key: str, members: Sequence[str]) -> str | None:
    """The member that should hold ``key`` (rendezvous hashing); None without members."""
    return max(members, key=lambda m: score(m, key)) if members else None


def digest(keys: Iterable[str]) -> str:
    """A short name for a subscription list (collectors with equal lists form one fleet)."""
    return hashlib.blake2b("\n".join(sorted(keys)).encode(), digest_size=6).hexdigest()


class Leases:
    """The lease operations of one collector on one Redis connection pool."""

    def __init__(self, redis: Any, owner: str, lease_ms: int) -> None:
        self.redis = redis
        self.owner = owner  # the lease value: token(collector id)
        self.lease_ms = int(lease_ms)
        self._renew = redis.register_script(RENEW)
        self._release = redis.register_script(RELEASE)
        self.publish_script = redis.register_script(PUBLISH)

    async def acquire(self, lease_key: str) -> bool:
        """Take the lease if nobody holds it."""
        return bool(await self.redis.set(lease_key, self.owner, nx=True, px=self.lease_ms))

    async def renew(self, lease_keys: Sequence[str]) -> dict[str, bool]:
        """Renew each lease still ours; False for those another collector holds now."""
        if not lease_keys:
            return {}
        pipe = self.redis.pipeline(transaction=False)
        for key in lease_keys:
            await self._renew(keys=[key], args=[self.owner, self.lease_ms], client=pipe)
        results = await pipe.execute()
        return {key: bool(r) for key, r in zip(lease_keys, results)}

    async def release(self, lease_key: str) -> bool:
        return bool(await self._release(keys=[lease_key], args=[self.owner]))

    async def holder(self, lease_key: str) -> str | None:
        value = await self.redis.get(lease_key)
        return value.decode() if isinstance(value, bytes) else value

    async def heartbeat(self, fleet: str, member: str, ttl_ms: int) -> list[str]:
        """Register ``member`` in ``fleet`` for ``ttl_ms``; the live members, sorted."""
        now = int(time.time() * 1000)
        pipe = self.redis.pipeline(transaction=False)
        pipe.zadd(fleet, {member: now + ttl_ms})
        pipe.zremrangebyscore(fleet, "-inf", now)
        pipe.pexpire(fleet, ttl_ms * 4)
        pipe.zrange(fleet, 0, -1)
        *_, members = await pipe.execute()
        return sorted(m.decode() if isinstance(m, bytes) else m for m in members)

    async def leave(self, fleet: str, member: str) -> None:
        await self.redis.zrem(fleet, member)
