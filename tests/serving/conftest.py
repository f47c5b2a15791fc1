import os

import pytest
import redis

#: The Redis database the serving tests own (flushed before and after each test that uses it): 13,
#: 14 or 15, one per pytest-xdist worker.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
TEST_REDIS_URL = f"redis://127.0.0.1:6379/{13 + _WORKER % 3}"


@pytest.fixture
def response_cache(settings):
    """The response cache on, in its own Redis database, empty."""
    settings.RESPONSE_CACHE = True
    settings.RESPONSE_CACHE_URL = TEST_REDIS_URL
    server = redis.Redis.from_url(TEST_REDIS_URL)
    server.flushdb()
    yield server
    server.flushdb()
    server.close()
