"""Read replicas: public reads go to a streaming replica, everything else to the primary.

`DATABASE_REPLICA_URLS` (comma-separated) adds the databases `replica_0`, `replica_1`, … and this
router. What goes where:

* `ReplicaRoutingMiddleware` marks a request as one that may read from a replica when it is a
  GET/HEAD/OPTIONS and the client has not written recently. Only such requests read from a replica;
  every other read — a write request's own reads, management commands, Celery tasks, tests — and
  every write goes to the primary (`default`).
* Inside a transaction on the primary, reads stay on the primary (they must see its writes).
* Read-your-writes: a request that may write (POST, PUT, PATCH, DELETE) sets the cookie
  `nr_primary` to the time of that write; for DATABASE_REPLICA_STICKY_SECONDS afterwards that
  client's reads go to the primary, so an editor sees their own change at once even when the
  replicas lag. The server checks the time in the cookie (a client that keeps cookies longer than
  their max-age changes nothing). API clients that do not keep cookies can send any request to the
  primary with the header `X-Read-Primary: 1`.
* Lag: each process asks every replica how far behind it is at most every
  DATABASE_REPLICA_CHECK_SECONDS; a replica that is further behind than DATABASE_REPLICA_MAX_LAG
  seconds, or that does not answer, gets no reads until it catches up (they go to the primary).
  `/readyz` shows each replica's lag.
"""

import contextvars
import random
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

#: Whether the current request may read from a replica (set by ReplicaRoutingMiddleware).
_may_use_replica = contextvars.ContextVar("newsroom_may_use_replica", default=False)

STICKY_COOKIE = "nr_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

#: Seconds since the replica last replayed a transaction, when it has received WAL it has not
#: replayed yet; 0 when it has replayed all it received; NULL on a server that is not a standby.
LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN NULL
  WHEN pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


class ReplicaState:
    """What this process last learnt about each replica: {alias: (checked_at, lag or None if down)}."""

    def __init__(self):
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[float, float | None]] = {}

    def forget(self) -> None:
        with self._lock:
            self._seen.clear()

    def lag(self, alias: str) -> float | None:
        """The replica's lag in seconds (None: it did not answer or is not a standby), at most
        DATABASE_REPLICA_CHECK_SECONDS old."""
        now = time.monotonic()
        seen = self._seen.get(alias)
        if seen is not None and now - seen[0] < settings.DATABASE_REPLICA_CHECK_SECONDS:
            return seen[1]
        with self._lock:
            seen = self._seen.get(alias)
            if seen is not None and now - seen[0] < settings.DATABASE_REPLICA_CHECK_SECONDS:
                return seen[1]
            lag = measure_lag(alias)
            self._seen[alias] = (time.monotonic(), lag)
            return lag

    def usable(self) -> list[str]:
        limit = settings.DATABASE_REPLICA_MAX_LAG
        return [alias for alias in replica_aliases() if (lag := self.lag(alias)) is not None and lag <= limit]


def measure_lag(alias: str) -> float | None:
    """Ask the replica now; None if it cannot answer or is not a standby."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            value = cursor.fetchone()[0]
    except DatabaseError:  # an unreachable replica is only skipped
        connections[alias].close()
        return None
    return None if value is None else float(value)


replicas = ReplicaState()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _may_use_replica.get() or connections["default"].in_atomic_block:
            return "default"
        usable = replicas.usable()
        return random.choice(usable) if usable else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def wrote_recently(request) -> bool:
    if request.META.get("HTTP_X_READ_PRIMARY") == "1":
        return True
    try:
        wrote_at = float(request.COOKIES.get(STICKY_COOKIE, ""))
    except ValueError:
        return False
    return 0 <= time.time() - wrote_at < settings.DATABASE_REPLICA_STICKY_SECONDS


class ReplicaRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in SAFE_METHODS
        token = _may_use_replica.set(safe and not wrote_recently(request))
        try:
            response = self.get_response(request)
        finally:
            _may_use_replica.reset(token)
        if not safe:
            response.set_cookie(
                STICKY_COOKIE,
                f"{time.time():.3f}",
                max_age=settings.DATABASE_REPLICA_STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def read_from_primary():
    """Context manager: the reads inside go to the primary even in a replica-eligible request
    (the response cache uses it for what it stores just after a write)."""
    return _PrimaryReads()


class _PrimaryReads:
    def __enter__(self):
        self._token = _may_use_replica.set(False)

    def __exit__(self, *exc):
        _may_use_replica.reset(self._token)
