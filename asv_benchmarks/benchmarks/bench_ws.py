"""asv: the websocket runtime's dispatch overhead and loopback throughput.

Same workloads as ``python -m asv_benchmarks.vs_ccxt_ws`` (see its docstring);
here for history, one figure per method.
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    from asv_benchmarks import ws_workloads as w
except ImportError:  # asv runs from its own checkout: put the repo root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from asv_benchmarks import ws_workloads as w


class DispatchSuite:
    """Per call: every frame of ``ws_workloads.FRAMES`` once, no-op handlers."""

    def setup(self) -> None:
        self.frames = w.FRAMES
        self.client = w.StubClient()
        self.ours_c = w.ours_dispatcher("c").dispatch
        self.ours_py = w.ours_dispatcher("py").dispatch
        self.ccxt = w.ccxt_binance_noop().handle_message

    def _run(self, fn) -> None:
        client = self.client
        for frame in self.frames:
            fn(client, frame)

    def time_dispatch_compiled(self) -> None:
        self._run(self.ours_c)

    def time_dispatch_pure_python(self) -> None:
        self._run(self.ours_py)

    def time_dispatch_ccxt_binance_handle_message(self) -> None:
        self._run(self.ccxt)


class LoopbackSuite:
    """20k ticker frames from the toy server (own process) to the client."""

    frames = 20_000
    timeout = 120
    number = 1
    repeat = 3

    def setup(self) -> None:
        self.server = w.ToyServerProcess()
        w.run(w.bare_loop(self.server.ws_url, self.frames))  # the server frames and caches the blast

    def teardown(self) -> None:
        self.server.close()

    def time_bare_websockets_orjson(self) -> None:
        w.run(w.bare_loop(self.server.ws_url, self.frames))

    def time_ccxtpro_watch_loop(self) -> None:
        async def go() -> None:
            exchange = w.toy_exchange(self.server.base_url)
            try:
                await exchange.load_markets()
                await w.ccxtpro_loop(exchange, self.frames)
            finally:
                await exchange.close()

        w.run(go())
