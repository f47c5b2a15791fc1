"""Read replicas against a real streaming replica: public reads from the replica, writes and a
writer's own reads from the primary, a lagging replica skipped, /readyz showing the lag, and the
response cache never storing a replica's stale answer under a new content version."""

import json
import logging
import time

import pytest
import redis
from django.db import transaction

from articles import services
from articles.models import Article
from articles.policies import SYSTEM
from newsroom import db_router
from newsroom.request_log import JsonFormatter
from tests.replication.conftest import caught_up, replay_paused, replica_sql
from tests.serving.conftest import TEST_REDIS_URL
from tests.support.api import client_for, editor
from tests.support.content import published_article

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True, databases="__all__")]


@pytest.fixture
def read_from(caplog):
    """The databases each request read from, from the request log, in order."""
    logger = logging.getLogger("newsroom.requests")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="newsroom.requests")
    formatter = JsonFormatter()
    yield lambda: [json.loads(formatter.format(r))["db"] for r in caplog.records if r.name == logger.name]
    logger.removeHandler(caplog.handler)


def headline(client, article) -> str:
    response = client.get(f"/api/v1/articles/{article.uuid}/", {"fields": "headline"})
    assert response.status_code == 200
    return response.json()["headline"]


def test_the_replica_is_a_streaming_standby_of_the_primary(replica):
    assert replica_sql(replica, "SELECT pg_is_in_recovery()") is True
    assert replica_sql(replica, "SELECT status FROM pg_stat_wal_receiver") == "streaming"
    assert replica_sql(replica, "SELECT current_database()") == replica_sql("default", "SELECT current_database()")


def test_anonymous_reads_come_from_the_replica_and_see_what_it_has_replayed(replica, client, read_from):
    article = published_article("قبل التعديل")
    caught_up(replica)

    with replay_paused(replica):
        services.article_update(actor=SYSTEM, article=article, data={"headline": "بعد التعديل"})
        during = headline(client, article)
    caught_up(replica)
    after = headline(client, article)

    assert Article.objects.get(pk=article.pk).headline == "بعد التعديل"
    assert (during, after) == ("قبل التعديل", "بعد التعديل")
    assert read_from() == [replica, replica]


def test_a_writer_reads_their_own_write_from_the_primary_during_the_sticky_window(replica, settings, read_from):
    settings.DATABASE_REPLICA_STICKY_SECONDS = 2
    article = published_article("العنوان القديم")
    writer, reader = client_for(editor()), client_for(None)
    caught_up(replica)

    with replay_paused(replica):
        patched = writer.patch(
            f"/api/v1/articles/{article.uuid}/",
            {"headline": "العنوان الجديد"},
            format="json",
            HTTP_IF_MATCH=f'"{article.version}"',
        )
        own, others = headline(writer, article), headline(reader, article)
        time.sleep(2.1)
        after_the_window = headline(writer, article)

    assert patched.status_code == 200
    assert float(patched.cookies[db_router.STICKY_COOKIE].value) == pytest.approx(time.time(), abs=10)
    assert patched.cookies[db_router.STICKY_COOKIE]["max-age"] == 2
    assert (own, others, after_the_window) == ("العنوان الجديد", "العنوان القديم", "العنوان القديم")
    assert read_from() == ["default", "default", replica, replica]


def test_a_client_without_cookies_can_ask_for_the_primary(replica, client):
    article = published_article("قديم")
    caught_up(replica)

    with replay_paused(replica):
        services.article_update(actor=SYSTEM, article=article, data={"headline": "جديد"})
        response = client.get(f"/api/v1/articles/{article.uuid}/", {"fields": "headline"}, HTTP_X_READ_PRIMARY="1")

    assert response.json()["headline"] == "جديد"


def test_a_replica_further_behind_than_the_maximum_gets_no_reads_and_readyz_shows_its_lag(replica, client, settings):
    settings.DATABASE_REPLICA_MAX_LAG = 1
    article = published_article("الأول")
    caught_up(replica)

    with replay_paused(replica):
        services.article_update(actor=SYSTEM, article=article, data={"headline": "الثاني"})
        deadline = time.monotonic() + 15
        while (lagging := client.get("/readyz").json())["checks"]["replicas"][replica]["status"] != "lagging":
            assert time.monotonic() < deadline, lagging
            time.sleep(0.2)
        read_while_lagging = headline(client, article)
        ready_while_lagging = client.get("/readyz")
    caught_up(replica)
    ready_after = client.get("/readyz").json()["checks"]["replicas"][replica]

    assert read_while_lagging == "الثاني"
    assert ready_while_lagging.status_code == 200
    assert ready_while_lagging.json()["checks"]["replicas"][replica]["lag_seconds"] > 1
    assert ready_after["status"] == "ok"
    assert ready_after["lag_seconds"] <= 1


def test_reads_inside_a_transaction_and_outside_a_request_go_to_the_primary(replica):
    router = db_router.ReplicaRouter()
    token = db_router._may_use_replica.set(True)
    try:
        in_request = router.db_for_read(Article)
        with transaction.atomic():
            in_transaction = router.db_for_read(Article)
    finally:
        db_router._may_use_replica.reset(token)

    assert (in_request, in_transaction, router.db_for_read(Article)) == (replica, "default", "default")
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate(replica, "articles") is False


def test_the_cache_stores_only_the_primary_s_answer_just_after_a_write(replica, client, settings, read_from):
    settings.RESPONSE_CACHE, settings.RESPONSE_CACHE_URL = True, TEST_REDIS_URL
    server = redis.Redis.from_url(TEST_REDIS_URL)
    server.flushdb()
    article = published_article("نسخة قديمة")
    caught_up(replica)
    try:
        with replay_paused(replica):
            services.article_update(actor=SYSTEM, article=article, data={"headline": "نسخة جديدة"})
            first, second = headline(client, article), headline(client, article)
    finally:
        server.flushdb()

    assert (first, second) == ("نسخة جديدة", "نسخة جديدة")
    assert read_from() == ["default", None]
