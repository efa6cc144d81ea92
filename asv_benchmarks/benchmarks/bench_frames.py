"""asv: frame bytes -> unified structure per Binance frame kind (ccxtpro only; the side-by-side
figures with CCXT are ``python -m asv_benchmarks.vs_ccxt_frames``)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

try:
    from asv_benchmarks import frame_workloads as fw
except ImportError:  # asv runs from its own checkout: put the repo root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from asv_benchmarks import frame_workloads as fw


class FrameSuite:
    """Per call: 500 frames of one kind through the real entry (decode, dispatch, handler)."""

    # every kind the side-by-side script measures (fw.build_kinds), so a regression on any shows
    params = [k.name for k in fw.build_kinds(1)]
    param_names = ["kind"]
    timeout = 120

    def setup(self, kind: str) -> None:
        self.loop = asyncio.new_event_loop()  # clients are created on a loop, as in production
        asyncio.set_event_loop(self.loop)
        self.ex, _ = self.loop.run_until_complete(fw.load_pair())
        self.kind = next(k for k in fw.build_kinds(500) if k.name == kind)

    def time_frames(self, kind: str) -> None:
        fw.reset_state(self.ex)
        self.ex.clients = {}
        client, feed = fw.ours_entry(self.ex, self.kind.url)
        self.kind.prepare(self.ex, client)
        for frame in self.kind.frames:
            feed(frame)

    def teardown(self, kind: str) -> None:
        asyncio.set_event_loop(None)
        self.loop.close()
