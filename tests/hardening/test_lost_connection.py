"""A write that committed must not answer 500 (issue 17, class 4). The fault is real: PostgreSQL ends
the request's connection (pg_terminate_backend, from another connection) right after a real COMMIT,
or right before it, and the next use of the connection fails as it would in production."""

import time

import psycopg
import pytest
from django.db import connection

from articles.models import Article
from tests.support.api import API, client_for
from tests.support.content import write_article
from tests.support.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]


def terminate_backend(pid: int) -> None:
    """Ends the server process of a connection, from another connection, and waits until it is gone:
    what a database restart or a proxy dropping the connection does."""
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
        password=settings["PASSWORD"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(200):
            if not other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                return
            time.sleep(0.01)


@pytest.fixture
def lose_connection(monkeypatch):
    """`lose_connection("after")`: the server ends the connection right after the next COMMIT
    succeeded; `"before"`: right before it (so that COMMIT itself fails)."""

    def arm(when: str):
        real_commit = connection.commit

        def commit():
            monkeypatch.setattr(connection, "commit", real_commit)  # once
            pid = connection.connection.info.backend_pid
            if when == "before":
                terminate_backend(pid)
            real_commit()
            if when == "after":
                terminate_backend(pid)

        monkeypatch.setattr(connection, "commit", commit)

    yield arm
    connection.close()  # the next test reconnects


def chief_client():
    return client_for(UserFactory(is_staff=True, is_superuser=True))


def submit(client, article):
    return client.post(
        f"{API}/articles/{article.uuid}/transitions/",
        {"transition": "submit"},
        format="json",
        HTTP_IF_MATCH=f'"{article.version}"',
    )


def test_a_transition_that_committed_answers_200_though_the_connection_is_lost_after_commit(lose_connection):
    article, client = write_article(headline="خبر", body="نص."), chief_client()
    lose_connection("after")

    response = submit(client, article)

    connection.close()
    assert response.status_code == 200, response.content[:300]
    assert (response.json()["status"], response.json()["version"]) == ("in_review", article.version + 1)
    assert Article.objects.get(pk=article.pk).status == "in_review"


def test_a_write_whose_commit_fails_is_a_503_saying_the_outcome_is_unknown(lose_connection):
    article, client = write_article(headline="خبر", body="نص."), chief_client()
    lose_connection("before")

    response = submit(client, article)

    connection.close()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "outcome_unknown"
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_a_create_that_committed_answers_201_though_the_connection_is_lost_after_commit(lose_connection):
    client = chief_client()
    lose_connection("after")

    response = client.post(f"{API}/articles/", {"headline": "خبر", "body": "نص."}, format="json")

    connection.close()
    assert response.status_code == 201, response.content[:300]
    assert Article.objects.get().uuid.hex == response.json()["uuid"].replace("-", "")


def test_two_writes_racing_for_one_slug_are_a_201_and_a_409_not_a_500():
    """Both pass validation before either has written; the database refuses the second (a real
    race: two requests in two threads, each with its own connection, meeting at a barrier)."""
    import threading

    from articles.models import Source

    users = [UserFactory(is_staff=True, is_superuser=True) for _ in range(2)]
    barrier, answers = threading.Barrier(2), []
    real_validate_unique = Source.validate_unique

    def validate_unique_then_wait(self, *args, **kwargs):  # the services validate with models.validation
        real_validate_unique(self, *args, **kwargs)
        barrier.wait(timeout=10)  # both have found the slug free; now both insert

    def create(user):
        try:
            response = client_for(user).post(
                f"{API}/sources/", {"name": "أكسيوس", "kind": "website", "slug": "axios"}, format="json"
            )
            answers.append(response.status_code)
        finally:
            connection.close()

    Source.validate_unique = validate_unique_then_wait
    try:
        threads = [threading.Thread(target=create, args=(user,)) for user in users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        Source.validate_unique = real_validate_unique

    assert sorted(answers) == [201, 409]
    assert Source.objects.filter(slug="axios").count() == 1
