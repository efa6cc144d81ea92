"""User-data delivery: listen keys, listen tokens and websocket-API subscriptions.

The matching engine calls ``emit(account, market, event)``; this hub forwards
the event to every listen-key connection of that account and market (raw, or
wrapped as ``{"stream": listenKey, "data": …}`` on combined connections) and to
every websocket-API subscription (``{"subscriptionId": n, "event": …}``).
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field

import orjson

from .errors import BinanceError, log
from .instruments import COINM, MARGIN, SPOT, USDM
LISTEN_KEY_TTL = 60 * 60 * 1000
LISTEN_TOKEN_TTL = 24 * 60 * 60 * 1000


def _key(n: int = 60) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(n))


@dataclass(eq=False)
class ListenKey:
    key: str
    account: object
    kind: str  # spot / margin / usdm / coinm
    expires: int
    conns: set = field(default_factory=set)


@dataclass(eq=False)
class Subscription:
    id: int
    conn: object
    account: object
    kind: str
    expires: int | None = None


class UserDataHub:
    def __init__(self, core) -> None:
        self.core = core
        self.keys: dict[str, ListenKey] = {}
        self.tokens: dict[str, tuple[object, str, int]] = {}
        self.subs: list[Subscription] = []

    # ------------------------------------------------------------ listen keys
    def create_key(self, account, kind: str, now: int) -> str:
        """Binance returns the account's live key (extended) when one exists."""
        for lk in self.keys.values():
            if lk.account is account and lk.kind == kind:
                lk.expires = now + LISTEN_KEY_TTL
                return lk.key
        k = _key()
        self.keys[k] = ListenKey(k, account, kind, now + LISTEN_KEY_TTL)
        return k

    def keepalive(self, account, kind: str, key: str | None, now: int) -> str:
        lk = self._find(account, kind, key)
        lk.expires = now + LISTEN_KEY_TTL
        return lk.key

    def delete(self, account, kind: str, key: str | None) -> None:
        lk = self._find(account, kind, key)
        self.keys.pop(lk.key, None)
        for c in list(lk.conns):
            c.user_keys.discard(lk.key)

    def _find(self, account, kind: str, key: str | None) -> ListenKey:
        if key:
            lk = self.keys.get(key)
            if lk is None or lk.account is not account or lk.kind != kind:
                raise BinanceError(-1125)
            return lk
        for lk in self.keys.values():  # futures keepalive/delete carry no key
            if lk.account is account and lk.kind == kind:
                return lk
        raise BinanceError(-1125)

    def attach_market_conn(self, conn, key: str) -> bool:
        """Bind a market-stream connection to a listen key; False when ``key`` is not one."""
        lk = self.keys.get(key)
        if lk is None:
            return False
        wanted = {SPOT: (SPOT, MARGIN), USDM: (USDM,), COINM: (COINM,)}[conn.market]
        if lk.kind not in wanted:
            return False
        lk.conns.add(conn)
        conn.user_keys.add(key)
        return True

    def detach(self, conn) -> None:
        for k in list(getattr(conn, "user_keys", ())):
            lk = self.keys.get(k)
            if lk is not None:
                lk.conns.discard(conn)
        self.subs = [s for s in self.subs if s.conn is not conn]

    # ------------------------------------------------------------ listen tokens (margin)
    def create_token(self, account, kind: str, now: int, validity: int | None) -> tuple[str, int]:
        ttl = min(validity or LISTEN_TOKEN_TTL, LISTEN_TOKEN_TTL)
        tok = "tok_" + _key(48)
        self.tokens[tok] = (account, kind, now + ttl)
        return tok, now + ttl

    # ------------------------------------------------------------ ws-api subscriptions
    def subscribe(self, conn, account, kind: str, expires: int | None = None) -> int:
        used = {s.id for s in self.subs if s.conn is conn}
        sid = 0
        while sid in used:
            sid += 1
        self.subs.append(Subscription(sid, conn, account, kind, expires))
        return sid

    def subscribe_token(self, conn, token: str, now: int) -> int:
        entry = self.tokens.get(token)
        if entry is None or entry[2] < now:
            raise BinanceError(-1209, "Invalid listenToken.") if entry is None else BinanceError(-1210, "listenToken expired.")
        account, kind, exp = entry
        return self.subscribe(conn, account, kind, exp)

    def unsubscribe(self, conn, sid: int | None) -> list[int]:
        mine = [s for s in self.subs if s.conn is conn and (sid is None or s.id == sid)]
        if sid is not None and not mine:
            raise BinanceError(-2, "User Data Stream subscription not active.")
        for s in mine:
            self.subs.remove(s)
        return [s.id for s in mine]

    def conn_subscriptions(self, conn) -> list[Subscription]:
        return [s for s in self.subs if s.conn is conn]

    # ------------------------------------------------------------ delivery
    def emit(self, account, market: str, event: dict) -> None:
        payload = None
        for lk in self.keys.values():
            if lk.account is account and lk.kind == market and lk.conns:
                payload = payload or orjson.dumps(event).decode()
                for c in lk.conns:
                    c.push_stream(lk.key, payload) if c.combined else c.push(payload)
        for s in self.subs:
            if s.account is account and s.kind == market:
                payload = payload or orjson.dumps(event).decode()
                s.conn.push('{"subscriptionId":' + str(s.id) + ',"event":' + payload + "}")

    def expire(self, key: str | None = None, now: int | None = None) -> int:
        """Expire ``key`` (every key when None): send ``listenKeyExpired`` and forget it."""
        now = now if now is not None else self.core.now()
        n = 0
        for lk in list(self.keys.values()):
            if key is not None and lk.key != key:
                continue
            ev = {"e": "listenKeyExpired", "E": now, "listenKey": lk.key}
            payload = orjson.dumps(ev).decode()
            for c in lk.conns:
                c.push_stream(lk.key, payload) if c.combined else c.push(payload)
                c.user_keys.discard(lk.key)
            del self.keys[lk.key]
            n += 1
        log.info("expired %d listen key(s)", n)
        return n

    def terminate_subscriptions(self, now: int | None = None) -> int:
        """End every websocket-API subscription with ``eventStreamTerminated``."""
        now = now if now is not None else self.core.now()
        subs, self.subs = self.subs, []
        for s in subs:
            s.conn.push('{"subscriptionId":' + str(s.id) + ',"event":'
                        + orjson.dumps({"e": "eventStreamTerminated", "E": now}).decode() + "}")
        return len(subs)

    def sweep(self, now: int) -> None:
        """Expire listen keys past their validity and token subscriptions past theirs."""
        for lk in list(self.keys.values()):
            if lk.expires < now:
                self.expire(lk.key, now)
        for s in list(self.subs):
            if s.expires is not None and s.expires < now:
                self.subs.remove(s)
                s.conn.push('{"subscriptionId":' + str(s.id) + ',"event":'
                            + orjson.dumps({"e": "eventStreamTerminated", "E": now}).decode() + "}")
