"""The replication suite runs against a real streaming replica of the test database's server
(`.ci/replica.sh`, then DATABASE_REPLICA_URLS=postgres://…:5433/<name>, as `.ci/run` does); it is
skipped when no replica is configured.

Django's test setup treats each replica as a mirror of `default` (settings: TEST MIRROR), so it
neither creates nor flushes a database there; `replica_connections` then points each replica
alias at the standby server itself, where the test database arrives by streaming replication."""

import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connections

from newsroom import db_router


def pytest_collection_modifyitems(config, items):
    if settings.DATABASE_REPLICA_URLS:
        return
    skip = pytest.mark.skip(reason="needs a streaming replica: .ci/replica.sh and DATABASE_REPLICA_URLS (see .ci/run)")
    for item in items:
        if "tests/replication/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def replica_connections(django_db_setup, django_db_blocker):
    primary = connections["default"].settings_dict
    for alias in db_router.replica_aliases():
        own = connections.settings[alias]
        connections[alias].close()
        connections[alias].settings_dict = {**primary, "HOST": own["HOST"], "PORT": own["PORT"], "TEST": own["TEST"]}
    yield db_router.replica_aliases()
    for alias in db_router.replica_aliases():
        connections[alias].close()


@pytest.fixture
def replica(replica_connections, settings):
    """The first replica's alias, caught up with the primary; its lag checked at every read (for tests
    marked django_db(transaction=True, databases="__all__"): data must commit to reach the replica)."""
    settings.DATABASE_REPLICA_CHECK_SECONDS = 0
    settings.DATABASE_REPLICA_MAX_LAG = 3600
    settings.CELERY_TASK_ALWAYS_EAGER = True
    db_router.replicas.forget()
    alias = replica_connections[0]
    caught_up(alias)
    yield alias
    resume(alias)
    db_router.replicas.forget()


def replica_sql(alias: str, sql: str, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def caught_up(alias: str, timeout: float = 30) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        lsn = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while not replica_sql(alias, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]):
        assert time.monotonic() < deadline, f"the replica did not replay up to {lsn} in {timeout} s"
        time.sleep(0.05)


def resume(alias: str) -> None:
    replica_sql(alias, "SELECT pg_wal_replay_resume()::text")


@contextmanager
def replay_paused(alias: str):
    """The replica keeps receiving the primary's WAL but replays none of it (it lags) inside."""
    replica_sql(alias, "SELECT pg_wal_replay_pause()::text")
    deadline = time.monotonic() + 10
    while replica_sql(alias, "SELECT pg_get_wal_replay_pause_state()") != "paused":
        assert time.monotonic() < deadline, "replay did not pause"
        time.sleep(0.05)
    try:
        yield
    finally:
        resume(alias)
