"""The content version: one counter in Redis that every committed write increments.

`record_change` (every write service calls it last) asks for `bump()` once its transaction
commits. The response cache (newsroom/response_cache.py) puts the version into every key, so a
write makes every cached answer unreachable at once, without looking for them: they expire on
their own. Also kept: the time of the last bump (reads just after a write are taken from the
primary database before they are cached, see the response cache).

Off unless RESPONSE_CACHE is on and RESPONSE_CACHE_URL names a Redis. A Redis that cannot be
reached is logged and skipped: the write has committed; old entries then live until their
expiry (RESPONSE_CACHE_SECONDS).
"""

import logging
import threading
import time

from django.conf import settings

log = logging.getLogger(__name__)

VERSION_KEY = "nr:cv"
CHANGED_AT_KEY = "nr:cv:at"

# redis is imported when first used: the deploy check (newsroom.E002) reports a missing client
# instead of the project failing to start.
_clients: dict = {}
_clients_lock = threading.Lock()


def enabled() -> bool:
    return bool(settings.RESPONSE_CACHE and settings.RESPONSE_CACHE_URL)


def client():
    """The process's Redis client (one connection pool) for RESPONSE_CACHE_URL."""
    import redis

    url = settings.RESPONSE_CACHE_URL
    found = _clients.get(url)
    if found is None:
        with _clients_lock:
            found = _clients.setdefault(
                url, redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5, health_check_interval=30)
            )
    return found


def bump() -> None:
    """A write committed: a new content version, and the time of it."""
    if not enabled():
        return
    import redis

    try:
        with client().pipeline() as pipe:
            pipe.incr(VERSION_KEY).set(CHANGED_AT_KEY, f"{time.time():.3f}").execute()
    except redis.RedisError:
        log.warning("content version: Redis unreachable, cached answers live until they expire", exc_info=True)
