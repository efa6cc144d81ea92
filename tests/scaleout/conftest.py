"""A real ``redis-server`` per test (127.0.0.1, a free port, no persistence), and the toy
exchange on loopback: the scale-out core is tested with no exchange named."""

from __future__ import annotations

import shutil

import pytest

from ccxtpro.scaleout.testing import RedisServer

if shutil.which("redis-server") is None:  # scripts/setup.sh installs it; say so rather than skip silently
    pytest.fail("redis-server is not installed: run scripts/setup.sh (apt-get install redis-server)",
                pytrace=False)


@pytest.fixture
def redis_server():
    with RedisServer() as server:
        yield server


@pytest.fixture
async def redis_client(redis_server):
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(redis_server.url)
    yield client
    await client.aclose()


@pytest.fixture
async def toy_server():
    """The toy plugin's exchange server (tickers over a real websocket) on loopback."""
    from ccxtpro import plugins

    if "toy" not in plugins.exchanges():
        pytest.fail("the toy plugin is not installed: run scripts/setup.sh", pytrace=False)
    from ccxtpro_toy.server import ToyServer

    server = await ToyServer(interval=0.005).start()
    yield server
    await server.stop()

