"""The ``ccxtpro`` command (also ``python -m ccxtpro``).

    ccxtpro exchanges                      the installed exchanges
    ccxtpro watch EXCHANGE CHANNEL[,…] SYMBOL…  a live view, or --json lines
    ccxtpro simulate [EXCHANGE]            serve a loopback simulator, print a ready config
    ccxtpro bench [SUITE] [ARGS…]          the side-by-side benchmarks against CCXT Pro
    ccxtpro collect EXCHANGE --symbols … --sink redis://…   publish to Redis Streams (scale-out)
    ccxtpro consume EXCHANGE CHANNEL SYMBOL --source redis://…   read them back

Mistakes print one line and exit 2, exchange or network failures exit 1,
Ctrl-C exits 130; no traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from .problems import INTERRUPTED, USAGE, CliError, UsageError, explain

ENVS = ("prod", "testnet", "demo")


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def parser() -> Parser:
    from .bench import describe
    from .watch import CHANNELS

    top = Parser(prog="ccxtpro", description="CCXT Pro's unified API on ccxtpro: watch, simulate, benchmark.")
    top.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = top.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="COMMAND")

    ex = commands.add_parser("exchanges", help="list the installed exchanges")
    ex.add_argument("--json", action="store_true", help="one JSON object")

    w = commands.add_parser("watch", help="stream channels of symbols: a live view, or JSON lines",
                            description="Channels: " + ", ".join(CHANNELS) + ". Private channels read "
                            "<EXCHANGE>_API_KEY and <EXCHANGE>_SECRET from the environment.")
    w.add_argument("exchange")
    w.add_argument("channels", metavar="CHANNEL[,CHANNEL…]", help=" | ".join(CHANNELS))
    w.add_argument("symbols", nargs="*", metavar="SYMBOL", help="unified symbols, e.g. BTC/USDT ETH/USDT:USDT")
    where = w.add_mutually_exclusive_group()
    where.add_argument("--simulate", action="store_true", help="run the exchange's loopback simulator in-process")
    where.add_argument("--url", help="one http://host:port for every REST and websocket URL (e.g. `ccxtpro simulate`)")
    w.add_argument("--env", choices=ENVS, help="the exchange's environment (default prod)")
    w.add_argument("--seed", type=int, default=1, help="the simulator's seed")
    w.add_argument("--json", action="store_true", help="one JSON object per update on stdout")
    w.add_argument("--depth", type=int, default=5, help="order-book levels shown or printed per side")
    w.add_argument("--timeframe", default="1m", help="the ohlcv channel's timeframe")
    w.add_argument("--transport", help="websocket transport: websockets, aiohttp or picows (default: fastest)")
    w.add_argument("--seconds", type=float, help="stop after this many seconds")
    w.add_argument("--count", type=int, help="stop after this many updates in all")
    w.add_argument("--interval", type=float, default=1.0, help="seconds between tables off a terminal")

    s = commands.add_parser("simulate", help="serve an exchange's loopback simulator; print a ready config")
    s.add_argument("exchange", nargs="?", default=None, help="default: the only installed exchange with one")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=0, help="0: a free port")
    s.add_argument("--seconds", type=float, help="stop after this many seconds (default: until Ctrl-C)")
    s.add_argument("--json", action="store_true", help="print the config as one JSON object")

    b = commands.add_parser("bench", help="the side-by-side benchmarks against CCXT Pro",
                            description="Suites:\n" + describe(), formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("suite", nargs="?", default="frames")
    b.add_argument("args", nargs=argparse.REMAINDER, help="passed to the suite (e.g. --repeat 3)")

    from .collect import add_parsers

    add_parsers(commands)
    return top


def _exchanges(as_json: bool) -> int:
    import orjson

    from .. import plugins

    rows = [{"id": name, "class": cls.__name__, "module": cls.__module__,
             "simulator": plugins.simulator(name) is not None}
            for name, cls in sorted(plugins.exchange_classes().items())]
    if as_json:
        print(orjson.dumps({"exchanges": rows}).decode())
    else:
        for row in rows:
            print(f"{row['id']:<12} {row['module']}.{row['class']}" + ("  (simulator)" if row["simulator"] else ""))
    return 0


def _default_simulated() -> str:
    from .. import plugins

    names = [name for name in plugins.exchanges() if plugins.simulator(name) is not None]
    if len(names) != 1:
        raise UsageError("name the exchange to simulate: " + (", ".join(names) or "none has a simulator"))
    return names[0]


def _keys_from_env(exchange_id: str) -> dict[str, str]:
    """``<ID>_API_KEY``/``<ID>_SECRET``/``<ID>_PASSWORD`` → config credentials (never from argv,
    which other users of the machine can read)."""
    prefix = exchange_id.upper()
    found = {key: os.environ.get(f"{prefix}_{suffix}") for key, suffix in
             (("apiKey", "API_KEY"), ("secret", "SECRET"), ("password", "PASSWORD"))}
    return {k: v for k, v in found.items() if v}


async def _watch(args: argparse.Namespace) -> int:
    from .. import plugins
    from ..ws import transport
    from . import simulate, view
    from .watch import Session, Stream, check_symbols, plan

    pairs = plan([c for c in args.channels.split(",") if c], args.symbols)
    plugins.exchange_class(args.exchange)
    if args.env and (args.simulate or args.url):
        raise UsageError("--env chooses among the exchange's own URL sets; it does not combine with "
                         "--simulate or --url")
    if args.depth < 1:
        raise UsageError("--depth must be at least 1")
    async with contextlib.AsyncExitStack() as stack:
        config: dict[str, Any] = {}
        if args.simulate:
            sim = await stack.enter_async_context(simulate.factory(args.exchange)(seed=args.seed))
            config = {**sim.exchange_config(key=None), **simulate.credentials(sim)}
        elif args.url:
            config["baseUrl"] = args.url
        if args.env:
            config["env"] = args.env
        if args.transport:
            config.setdefault("options", {})["ws"] = {"transport": args.transport}
        config.update(_keys_from_env(args.exchange))
        private = sorted({c.name for c, _ in pairs if c.private})
        if private and not config.get("apiKey"):
            prefix = args.exchange.upper()
            raise UsageError(f"{', '.join(private)} need credentials: set {prefix}_API_KEY and {prefix}_SECRET")
        exchange = await stack.enter_async_context(plugins.load(args.exchange, config))
        try:
            session = Session(args.exchange, [Stream(c, s) for c, s in pairs],
                              transport=transport.choose((exchange.options.get("ws") or {}).get("transport")))
            exchange.on_event(session.on_event, ("connect", "disconnect", "reconnect"))
            await exchange.load_markets()
            check_symbols(exchange, sorted({s for _, s in pairs if s}))
            await _show(exchange, session, args, view)
        except Exception as error:
            raise explain(error, exchange.redactor) from None
    return 0


async def _show(exchange: Any, session: Any, args: argparse.Namespace, view: Any) -> None:
    from .watch import run_streams

    def connections() -> None:
        session.connections = len(exchange.connections())

    limits = {"seconds": args.seconds, "count": args.count}
    if args.json:
        await run_streams(exchange, session, args.timeframe, view.JsonLines(exchange.id, args.depth), **limits)
        return
    console, rates = view.console(), view.Rates()

    def frame() -> Any:
        connections()
        return view.render(session, rates, args.depth)

    async def refresh(draw: Any, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            draw()

    if console.is_terminal:
        from rich.live import Live

        with Live(frame(), console=console, refresh_per_second=4, transient=False) as live:
            painter = asyncio.create_task(refresh(lambda: live.update(frame()), 0.25))
            try:
                await run_streams(exchange, session, args.timeframe, lambda s, d: None, **limits)
            finally:
                painter.cancel()
                live.update(frame())
        return
    painter = asyncio.create_task(refresh(lambda: console.print(frame()), args.interval))
    try:
        await run_streams(exchange, session, args.timeframe, lambda s, d: None, **limits)
    finally:
        painter.cancel()
        console.print(frame())


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "exchanges":
        return _exchanges(args.json)
    if args.command == "watch":
        return asyncio.run(_watch(args))
    if args.command == "simulate":
        from .simulate import serve

        name = args.exchange or _default_simulated()
        asyncio.run(serve(name, seed=args.seed, host=args.host, port=args.port, seconds=args.seconds,
                          as_json=args.json))
        return 0
    if args.command == "bench":
        from .bench import run

        return run(args.suite, [a for a in args.args if a != "--"])
    if args.command in ("collect", "consume"):
        from . import collect

        return asyncio.run(getattr(collect, args.command)(args))
    raise UsageError(f"unknown command {args.command!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the process's exit code."""
    args = parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return INTERRUPTED
    except Exception as error:
        if args.debug:
            raise
        problem: CliError = explain(error)
        sys.stderr.write(f"ccxtpro: {problem}\n")
        return problem.code
