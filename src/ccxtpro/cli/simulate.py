"""``ccxtpro simulate`` and ``watch --simulate``: an exchange's loopback simulator.

The simulator comes from the exchange's plugin (hook ``ccxtpro_simulator``);
``simulate`` serves it and prints what a client needs to use it: a ready
ccxtpro config (``baseUrl`` and a generated key), the matching ``ccxtpro
watch`` command line, and CCXT's ``urls`` override for the same server.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import IO, Any

import orjson

from .. import plugins
from .problems import UsageError


def factory(exchange_id: str) -> Any:
    """The simulator factory of ``exchange_id``; a usage error if it has none."""
    plugins.exchange_class(exchange_id)  # unknown exchange: NotSupported naming the installed ones
    make = plugins.simulator(exchange_id)
    if make is None:
        raise UsageError(f"no simulator is installed for {exchange_id!r}")
    return make


def credentials(sim: Any) -> dict[str, str]:
    """The simulator's first generated credential (config entries, e.g. apiKey and secret)."""
    keys = getattr(sim, "api_keys", None) or {}
    return dict(next(iter(keys.values()), {}))


def ready_config(sim: Any) -> dict[str, Any]:
    """A config for ``ccxtpro.load`` that talks to ``sim`` from any process on this machine."""
    return {"baseUrl": sim.base_http, **credentials(sim)}


def announce(exchange_id: str, sim: Any, seed: int, as_json: bool, out: IO[str]) -> None:
    config = ready_config(sim)
    if as_json:
        info = {"exchange": exchange_id, "seed": seed, "url": sim.base_http, "ccxtpro": config,
                "ccxt": {"urls": sim.ccxt_urls(), **credentials(sim)}}
        out.write(orjson.dumps(info).decode() + "\n")
    else:
        out.write(f"{exchange_id} simulator on {sim.base_http} (seed {seed}); Ctrl-C stops it\n"
                  f"ccxtpro config:  {orjson.dumps(config).decode()}\n"
                  f"ccxtpro CLI:     ccxtpro watch {exchange_id} order_book,trades BTC/USDT --url {sim.base_http}\n"
                  f"CCXT urls:       {orjson.dumps(sim.ccxt_urls()).decode()}\n"
                  "(the key above is the simulator's own: it works nowhere else)\n")
    out.flush()


async def serve(exchange_id: str, *, seed: int, host: str, port: int, seconds: float | None,
                as_json: bool, out: IO[str] | None = None) -> None:
    """Serve the simulator until ``seconds`` pass or SIGTERM/Ctrl-C."""
    make = factory(exchange_id)
    async with make(seed=seed, host=host, port=port) as sim:
        announce(exchange_id, sim, seed, as_json, out or sys.stdout)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        try:
            loop.add_signal_handler(signal.SIGTERM, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread, or no signals here
            pass
        try:
            await asyncio.wait_for(stop.wait(), seconds)
        except TimeoutError:
            pass
        finally:
            try:
                loop.remove_signal_handler(signal.SIGTERM)
            except (NotImplementedError, RuntimeError):
                pass
