"""CLI: ``python -m ccxtpro_binance.simulator --seed 1 --host 127.0.0.1 --port 0``.

Prints one JSON line (URLs, CCXT url override, generated API keys, a ready ccxtpro
config) and serves
until interrupted. ``--fault NAME[=ARG]@SECONDS`` repeats a fault on a timer.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

import orjson

from .faults import NAMES
from .server import Simulator


def _fault_spec(text: str) -> tuple[str, float]:
    what, _, every = text.rpartition("@")
    if not what:
        what, every = text, "10"
    if what.partition("=")[0] not in NAMES:
        raise argparse.ArgumentTypeError(f"unknown fault {what!r}; one of {', '.join(NAMES)}")
    return what, float(every)


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m ccxtpro_binance.simulator", description=__doc__)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--tick", type=float, default=0.1, help="market model step in seconds")
    ap.add_argument("--fault", action="append", default=[], metavar="NAME[=ARG]@SECONDS", type=_fault_spec,
                    help="repeat a fault every SECONDS: drop, expire, malformed, gap, error=CODE, 429=N, "
                         "expire-listen-key, terminate, pong-delay=SECONDS")
    ap.add_argument("--pong-delay", type=float, default=0.0, help="delay every pong by SECONDS")
    ap.add_argument("--rate-limit", type=int, default=0, help="answer the first N REST requests with 429")
    ap.add_argument("--replay", type=int, default=0, metavar="FRAMES",
                    help="also serve /replay with FRAMES pre-generated depth frames")
    ap.add_argument("--burst", type=int, default=0, metavar="FRAMES",
                    help="answer every trade/aggTrade/bookTicker/ticker/miniTicker/kline/markPrice subscription on "
                         "the ordinary stream URLs with FRAMES frames at once, as fast as the client reads")
    ap.add_argument("--extra-symbols", type=int, default=0, metavar="N",
                    help="add N synthetic spot symbols SYN001USDT... (deterministic from --seed)")
    ap.add_argument("--lifetime", type=float, default=24 * 3600.0,
                    help="close connections after SECONDS (Binance: 24 hours)")
    ap.add_argument("-v", "--verbose", action="store_true")
    return ap.parse_args(argv)


async def run(args: argparse.Namespace) -> None:
    replay = None
    if args.replay:
        from .replay import Replay
        replay = Replay.generate(args.replay, seed=args.seed)
    sim = Simulator(seed=args.seed, host=args.host, port=args.port, tick_interval=args.tick, replay=replay,
                    connection_lifetime=args.lifetime, burst=args.burst, extra_symbols=args.extra_symbols)
    await sim.start()
    sim.faults.pong_delay = args.pong_delay
    if args.rate_limit:
        sim.faults.rate_limit(args.rate_limit)
    tasks = []
    for what, every in args.fault:
        tasks.append(asyncio.create_task(sim.faults.run_schedule(what, every)))
    info = {"urls": sim.urls, "ccxt_urls": sim.ccxt_urls(), "api_keys": sim.api_keys, "seed": args.seed,
            # ready for ccxtpro.load("binance", ...) or `ccxtpro watch binance ... --url <baseUrl>`
            "ccxtpro_config": {"baseUrl": sim.base_http, **sim.api_keys["hmac"]}}
    sys.stdout.write(orjson.dumps(info).decode() + "\n")
    sys.stdout.flush()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except NotImplementedError:
            pass
    await stop.wait()
    for t in tasks:
        t.cancel()
    await sim.stop()


def main(argv=None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr)
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
