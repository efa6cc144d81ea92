"""``ccxtpro collect`` and ``ccxtpro consume``: the scale-out collector and a reader.

    ccxtpro collect EXCHANGE --symbols S… --channels order_book,trades,ticker --sink redis://HOST:PORT
                    [--simulate | --url http://host:port | --env …] [--lease-ms MS] [--maxlen N] …
    ccxtpro consume EXCHANGE CHANNEL SYMBOL --source redis://… [--group G --consumer C] [--count N]

``collect`` runs one collector (:mod:`ccxtpro.scaleout.collector`) until Ctrl-C or
``--seconds``, printing its counters every ``--interval`` seconds (one JSON object per
line with ``--json``); ``consume`` prints one JSON object per update, like
``watch --json``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time
from typing import Any

import orjson

from .problems import CliError, UsageError, explain


def add_parsers(commands: Any) -> None:
    from ..scaleout.collector import CHANNELS

    c = commands.add_parser("collect", help="publish channels of symbols to Redis Streams, sharing them with "
                            "other collectors through leases", description="Channels: " + ", ".join(CHANNELS))
    c.add_argument("exchange")
    c.add_argument("--symbols", nargs="+", required=True, metavar="SYMBOL")
    c.add_argument("--channels", default="order_book,trades,ticker", metavar="CHANNEL[,CHANNEL…]")
    c.add_argument("--sink", required=True, help="redis://host:port[/db]")
    where = c.add_mutually_exclusive_group()
    where.add_argument("--simulate", action="store_true", help="run the exchange's loopback simulator in-process")
    where.add_argument("--url", help="one http://host:port for every REST and websocket URL")
    c.add_argument("--env", choices=("prod", "testnet", "demo"), help="the exchange's environment (default prod)")
    c.add_argument("--seed", type=int, default=1, help="the simulator's seed")
    c.add_argument("--lease-ms", type=int, default=5000, help="lease time to live: a dead collector's streams "
                   "move within this (default 5000)")
    c.add_argument("--maxlen", type=int, default=10_000, help="entries kept per stream, XADD MAXLEN ~ (default 10000)")
    c.add_argument("--buffer", type=int, default=50_000, help="updates queued while Redis is unreachable")
    c.add_argument("--snapshot-every", type=int, default=100, help="order-book deltas between snapshots")
    c.add_argument("--acquire-per-round", type=int, help="new subscriptions per lease round (default: no cap)")
    c.add_argument("--option", action="append", default=[], metavar="KEY=JSON",
                   help="an exchange option, deep-merged into the config's options (repeatable), "
                   "e.g. a connection limit of the exchange's websocket code")
    c.add_argument("--id", help="this collector's id (default host-pid)")
    c.add_argument("--prefix", default="ccxtpro", help="key prefix")
    c.add_argument("--timeframe", default="1m", help="the ohlcv channel's timeframe")
    c.add_argument("--seconds", type=float, help="stop after this many seconds")
    c.add_argument("--interval", type=float, default=5.0, help="seconds between status lines")
    c.add_argument("--json", action="store_true", help="status lines as JSON objects")

    r = commands.add_parser("consume", help="print what collectors publish, one JSON object per update")
    r.add_argument("exchange")
    r.add_argument("channel")
    r.add_argument("symbols", nargs="+", metavar="SYMBOL")
    r.add_argument("--source", required=True, help="redis://host:port[/db]")
    r.add_argument("--start", choices=("latest", "earliest"), default="latest")
    r.add_argument("--group", help="read through this consumer group (work sharing)")
    r.add_argument("--consumer", help="this consumer's name in the group")
    r.add_argument("--prefix", default="ccxtpro")
    r.add_argument("--depth", type=int, default=5, help="order-book levels printed per side")
    r.add_argument("--count", type=int, help="stop after this many updates")
    r.add_argument("--seconds", type=float, help="stop after this many seconds")


def _status(stats: dict[str, Any]) -> str:
    return (f"{stats['id']}: owns {len(stats['owned'])} of {len(stats['streams'])} streams, "
            f"{len(stats['members'])} collector(s); published {stats['published']}, dropped {stats['dropped']}, "
            f"buffered {stats['buffered']}, redis {'up' if stats['redis_up'] else 'DOWN'}, "
            f"reconnects {stats['redis_reconnects']}")


def _options(pairs: list[str]) -> dict[str, Any]:
    """``KEY=JSON`` pairs (a bare word that is not JSON is a string)."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--option takes KEY=JSON, got {pair!r}")
        try:
            out[key] = orjson.loads(value)
        except orjson.JSONDecodeError:
            out[key] = value
    return out


async def collect(args: argparse.Namespace) -> int:
    from .. import plugins
    from ..scaleout import Collector
    from ..scaleout.collector import connect, redis_errors, shown
    from . import simulate
    from .watch import check_symbols

    channels = [c for c in args.channels.split(",") if c]
    plugins.exchange_class(args.exchange)
    if args.env and (args.simulate or args.url):
        raise UsageError("--env does not combine with --simulate or --url")
    redis = connect(args.sink)
    try:
        await asyncio.wait_for(redis.ping(), 5)
    except (*redis_errors(), TimeoutError) as error:
        await redis.aclose()
        raise CliError(f"cannot reach Redis at {shown(args.sink)}: {error}") from None
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(redis.aclose)
        config: dict[str, Any] = {}
        if args.simulate:
            sim = await stack.enter_async_context(simulate.factory(args.exchange)(seed=args.seed))
            config = sim.exchange_config(key=None)
        elif args.url:
            config["baseUrl"] = args.url
        if args.env:
            config["env"] = args.env
        if args.option:
            config.setdefault("options", {}).update(_options(args.option))
        exchange = await stack.enter_async_context(plugins.load(args.exchange, config))
        try:
            collector = Collector(exchange, redis, channels, args.symbols, lease_ms=args.lease_ms,
                                  maxlen=args.maxlen, buffer=args.buffer, snapshot_every=args.snapshot_every,
                                  prefix=args.prefix, collector_id=args.id, timeframe=args.timeframe,
                                  acquire_per_round=args.acquire_per_round)
            await exchange.load_markets()
            check_symbols(exchange, list(dict.fromkeys(args.symbols)))
            run = asyncio.create_task(collector.run(args.seconds))
            try:
                while not run.done():
                    await asyncio.wait([run], timeout=args.interval)
                    stats = collector.stats()
                    print(orjson.dumps(stats).decode() if args.json else _status(stats), flush=True)
                run.result()
            finally:
                run.cancel()
                await asyncio.gather(run, return_exceptions=True)
        except Exception as error:
            raise explain(error, exchange.redactor) from None
    return 0


async def consume(args: argparse.Namespace) -> int:
    from ..scaleout import StreamGap, subscribe

    options: dict[str, Any] = {"start": args.start, "prefix": args.prefix}
    if args.group:
        options.update(group=args.group, consumer=args.consumer)
    symbol: Any = args.symbols if args.group else args.symbols[0]
    if not args.group and len(args.symbols) > 1:
        raise UsageError("one symbol without --group (a consumer group reads several)")
    sub = subscribe(args.source, args.exchange, args.channel, symbol, **options)
    deadline = None if args.seconds is None else time.monotonic() + args.seconds
    printed = 0
    try:
        while args.count is None or printed < args.count:
            timeout = None if deadline is None else deadline - time.monotonic()
            if timeout is not None and timeout <= 0:
                break
            try:
                data = await asyncio.wait_for(sub.__anext__(), timeout)
            except TimeoutError:
                break
            except StopAsyncIteration:
                break
            except StreamGap as gap:
                sys.stderr.write(f"ccxtpro: {gap}\n")
                continue
            if sub.book:
                data = {**data, "bids": [list(x) for x in data["bids"][:args.depth]],
                        "asks": [list(x) for x in data["asks"][:args.depth]]}
            name = data.get("symbol") if isinstance(data, dict) else None
            line = {"exchange": args.exchange, "channel": args.channel, "symbol": name or symbol, "data": data}
            sys.stdout.write(orjson.dumps(line, default=str).decode() + "\n")
            sys.stdout.flush()
            printed += 1
    finally:
        await sub.close()
    return 0
