"""Health endpoints for load balancers and orchestrators.

* `GET /healthz` — the process answers: 200 `{"status": "ok"}`, touching nothing else. Use it for
  liveness (restart the process when it fails).
* `GET /readyz` — the process can serve: 200 when every check is "ok" (or "off"), 503 otherwise;
  the body has each check with its status and figures. Use it for readiness (send traffic only
  to an instance that answers 200).

  - `database`: `SELECT 1` on the primary, with its time in ms.
  - `replicas`: each replica's lag in seconds; "lagging" beyond DATABASE_REPLICA_MAX_LAG and
    "down" when it does not answer. These never make /readyz fail: reads then go to the primary
    (newsroom/db_router.py), which is what the status says.
  - `cache`: the response cache's Redis (PING), with hits, misses, hit ratio and the content
    version; "off" when the response cache is off.
  - `broker`: the task queue's broker (CELERY_BROKER_URL) accepts a connection; "off" when tasks
    run eagerly (CELERY_TASK_ALWAYS_EAGER).
"""

import time

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

from articles.history import content_version
from newsroom import db_router, response_cache


def _timed(check) -> dict:
    start = time.perf_counter()
    try:
        result = {"status": "ok", **(check() or {})}
    except Exception as error:
        result = {"status": "error", "error": f"{type(error).__name__}: {error}"[:300]}
    result["ms"] = round((time.perf_counter() - start) * 1000, 2)
    return result


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_replicas() -> dict:
    found = {}
    for alias in db_router.replica_aliases():
        lag = db_router.measure_lag(alias)
        if lag is None:
            found[alias] = {"status": "down", "lag_seconds": None}
        else:
            ok = lag <= settings.DATABASE_REPLICA_MAX_LAG
            found[alias] = {"status": "ok" if ok else "lagging", "lag_seconds": round(lag, 3)}
    return found


def check_cache() -> dict:
    if not content_version.enabled():
        return {"status": "off"}
    content_version.client().ping()
    return response_cache.stats()


def check_broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "off"}
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as connection:
        connection.ensure_connection(max_retries=1, timeout=2)
    return {}


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks = {
        "database": _timed(check_database),
        "cache": _timed(check_cache),
        "broker": _timed(check_broker),
    }
    if db_router.replica_aliases():
        checks["replicas"] = check_replicas()
    ready = all(check["status"] in ("ok", "off") for name, check in checks.items() if name != "replicas")
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
