"""The response cache: anonymous API reads kept in Redis, keyed by the content version.

Turned on by RESPONSE_CACHE (default: on when REDIS_URL is set), in the Redis at
RESPONSE_CACHE_URL (default REDIS_URL).

* What is kept: the 200 answers to anonymous GETs under /api/ (no Authorization header, no
  logged-in session), for RESPONSE_CACHE_SECONDS at most, unless the view said `private`,
  `no-store` or set a cookie. The key is the content version, the full path with its query, the
  Accept header and the active language (LocaleMiddleware runs before), so the variants the
  response Varies on are kept apart. Drafts never reach an anonymous answer, so never the cache.
* Invalidation without scanning: every write service ends with `record_change`, which calls
  `articles.history.content_version.bump()` once its transaction commits, which increments the
  version (`INCR nr:cv`). Every key holds the version it was made at, so after a write no old entry is
  looked up again; they expire on their own. A Redis that cannot be reached is skipped (reads are
  answered by the database) and noted in /readyz.
* With read replicas: for DATABASE_REPLICA_MAX_LAG seconds after a write, what the cache stores is
  read from the primary, so that a replica that has not replayed the write yet cannot put the old
  answer under the new version.
* Stampede protection: on a miss, one request takes a lock on the key (`SET NX`, RESPONSE_CACHE_LOCK
  seconds) and computes the answer; others asking for the same key meanwhile wait for it (up to
  RESPONSE_CACHE_WAIT seconds, then compute it themselves without storing it).
* Hit ratio: the lookup script counts hits and misses in Redis (`HINCRBY nr:cs`); `stats()` reads
  them, /readyz shows them with the ratio. Each request says what the cache did in the header
  `X-Cache` (hit, miss, wait, bypass) and in its log line.

One lookup is one round trip to Redis (a Lua script reads the version and the entry and counts).
The middleware is the innermost one, inside articles.api.caching.HttpCachingMiddleware, which adds the
validators and answers conditional requests for hits and misses alike.
"""

import json
import logging
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re

from articles.api.caching import is_private
from articles.history.content_version import CHANGED_AT_KEY, VERSION_KEY, client, enabled
from newsroom.db_router import read_from_primary

log = logging.getLogger(__name__)

STATS_KEY = "nr:cs"

#: KEYS: version, stats, changed-at; ARGV: entry key prefix, entry key suffix.
#: Returns {version, entry or nil, changed-at or nil}.
LOOKUP = """
local version = redis.call('GET', KEYS[1]) or '0'
local entry = redis.call('GET', ARGV[1] .. version .. ARGV[2])
redis.call('HINCRBY', KEYS[2], entry and 'hits' or 'misses', 1)
return {version, entry or false, redis.call('GET', KEYS[3]) or false}
"""
_scripts: dict = {}  # the lookup script, registered once per Redis client


def stats() -> dict:
    """Hits, misses, hit ratio and the content version (raises redis.RedisError when unreachable)."""
    with client().pipeline() as pipe:
        counts, version = pipe.hgetall(STATS_KEY).get(VERSION_KEY).execute()
    hits, misses = int(counts.get(b"hits", 0)), int(counts.get(b"misses", 0))
    total = hits + misses
    return {
        "hits": hits,
        "misses": misses,
        "hit_ratio": round(hits / total, 4) if total else None,
        "content_version": int(version or 0),
    }


def key_parts(request) -> tuple[str, str]:
    """The entry key around the version: ("nr:r:", ":<language>:<accept>:<path?query>")."""
    accept = request.META.get("HTTP_ACCEPT", "")
    return "nr:r:", f":{translation.get_language()}:{accept}:{request.get_full_path()}"


def cacheable_request(request) -> bool:
    return request.method == "GET" and request.path.startswith("/api/") and not is_private(request)


def cacheable_response(response) -> bool:
    if response.status_code != 200 or getattr(response, "streaming", False) or response.cookies:
        return False
    control = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return not control & {"private", "no-store", "no-cache"}


def dump(response) -> bytes:
    headers = [[name, value] for name, value in response.items() if name.lower() not in ("vary", "x-request-id")]
    return json.dumps({"s": response.status_code, "h": headers}).encode() + b"\n" + response.content


def load(entry: bytes) -> HttpResponse:
    head, _, body = entry.partition(b"\n")
    meta = json.loads(head)
    response = HttpResponse(body, status=meta["s"])
    for name, value in meta["h"]:
        response[name] = value
    return response


def fetch_or_compute(prefix: str, suffix: str, compute, *, fresh_reads=None):
    """(entry bytes or None, what happened, computed response or None) for the key
    prefix + content version + suffix.

    `compute()` returns (response, entry bytes or None when it must not be stored). Only one caller
    at a time computes a missing key; the others wait for its entry. `fresh_reads`: a context
    manager to compute under when the content changed within DATABASE_REPLICA_MAX_LAG seconds.
    Raises redis.RedisError only before computing.
    """
    redis_client = client()
    lookup = _scripts.get(id(redis_client)) or _scripts.setdefault(
        id(redis_client), redis_client.register_script(LOOKUP)
    )
    version, entry, changed_at = lookup(
        keys=[VERSION_KEY, STATS_KEY, CHANGED_AT_KEY], args=[prefix, suffix], client=redis_client
    )
    if entry is not None:
        return entry, "hit", None
    key = f"{prefix}{version.decode()}{suffix}"
    lock = f"{key}:lock"
    if not redis_client.set(lock, b"1", nx=True, ex=settings.RESPONSE_CACHE_LOCK):
        deadline = time.monotonic() + settings.RESPONSE_CACHE_WAIT
        while time.monotonic() < deadline:
            time.sleep(0.02)
            entry = redis_client.get(key)
            if entry is not None:
                return entry, "wait", None
        response, _ = compute()
        return None, "miss", response
    recent = changed_at is not None and time.time() - float(changed_at) < settings.DATABASE_REPLICA_MAX_LAG
    try:
        if recent and fresh_reads is not None:
            with fresh_reads():
                response, entry = compute()
        else:
            response, entry = compute()
    except BaseException:
        _quietly(redis_client.delete, lock)
        raise
    with redis_client.pipeline() as pipe:
        if entry is not None:
            pipe.set(key, entry, ex=settings.RESPONSE_CACHE_SECONDS)
        _quietly(pipe.delete(lock).execute)
    return None, "miss", response


def _quietly(operation, *args) -> None:
    """Run a Redis operation after the answer was computed: a failure only costs the cache."""
    import redis

    try:
        operation(*args)
    except redis.RedisError:
        log.warning("response cache: Redis failed after computing an answer", exc_info=True)


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        import redis  # when first used (see articles/history/content_version.py)

        if not cacheable_request(request):
            request.response_cache = "bypass"
            return self.get_response(request)

        def compute():
            response = self.get_response(request)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response, dump(response) if cacheable_response(response) else None

        prefix, suffix = key_parts(request)
        try:
            entry, what, response = fetch_or_compute(prefix, suffix, compute, fresh_reads=read_from_primary)
        except redis.RedisError:
            log.warning("response cache: Redis unreachable, answering from the database", exc_info=True)
            request.response_cache = "bypass"
            return self.get_response(request)
        request.response_cache = what
        if response is None:
            response = load(entry)
        response["X-Cache"] = what
        return response
