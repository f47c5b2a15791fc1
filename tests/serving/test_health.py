"""/healthz and /readyz: what a load balancer asks."""

import pytest

from tests.serving.conftest import TEST_REDIS_URL

UNREACHABLE = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


def test_healthz_answers_without_asking_anything_else(client):
    # No database access is allowed in this test (no django_db mark): a query would raise.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_each_dependency_and_is_ready_when_all_answer(client, response_cache, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = TEST_REDIS_URL

    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
    }
    assert body["checks"]["cache"]["content_version"] == 0
    assert body["checks"]["database"]["ms"] >= 0


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_broker_that_does_not_answer(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = UNREACHABLE

    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_readyz_answers_503_when_the_cache_does_not_answer(client, settings):
    settings.RESPONSE_CACHE = True
    settings.RESPONSE_CACHE_URL = UNREACHABLE
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 503
    assert body["checks"]["cache"]["status"] == "error"
    assert "ConnectionError" in body["checks"]["cache"]["error"]
    assert body["checks"]["broker"] == {"status": "off", "ms": body["checks"]["broker"]["ms"]}


@pytest.mark.django_db
def test_readyz_calls_an_unconfigured_cache_and_an_eager_queue_off(client, settings):
    settings.RESPONSE_CACHE = False
    settings.CELERY_TASK_ALWAYS_EAGER = True

    body = client.get("/readyz").json()

    assert body["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "off"
    assert body["checks"]["broker"]["status"] == "off"
