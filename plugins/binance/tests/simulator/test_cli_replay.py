"""The CLI prints one JSON line and serves; replay streams pre-generated depth frames."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import aiohttp
import websockets

import ccxtpro

from ccxtpro_binance.simulator import Simulator
from ccxtpro_binance.simulator.replay import Replay


async def test_cli_prints_urls_and_serves():
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ccxtpro_binance.simulator", "--seed", "1", "--host", "127.0.0.1", "--port", "0",
        stdout=subprocess.PIPE)
    try:
        line = await asyncio.wait_for(proc.stdout.readline(), 30)
        info = json.loads(line)
        assert set(info["api_keys"]) == {"hmac", "rsa", "ed25519"}
        assert info["ccxt_urls"]["api"]["ws"]["ws-api"]["spot"].startswith("ws://127.0.0.1:")
        async with aiohttp.ClientSession() as http:
            async with http.get(info["urls"]["rest"]["spot"] + "/ping") as r:
                assert r.status == 200 and await r.json() == {}
        async with ccxtpro.load("binance", info["ccxtpro_config"]) as ex:  # the printed config, as is
            assert (await ex.watch_ticker("BTC/USDT"))["symbol"] == "BTC/USDT"
            assert "USDT" in (await ex.fetch_balance())["total"]  # signed with the printed key
    finally:
        proc.terminate()
        await proc.wait()


async def test_replay_serves_every_frame_in_order():
    replay = Replay.generate(300, seed=2)
    async with Simulator(seed=2, replay=replay) as sim:
        seen = []
        async with websockets.connect(sim.base_ws + "/replay?loops=2", max_size=None) as ws:
            async for raw in ws:
                seen.append(json.loads(raw))
        assert len(seen) == 600
        for a, b in zip(seen[:299], seen[1:300]):
            assert b["U"] == a["u"] + 1
        assert seen[300] == seen[0]
