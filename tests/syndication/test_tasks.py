"""The Celery tasks, run in-process (eager): scheduled publishing, re-indexing, retention, webhooks.
(The real queue and worker are exercised by test_webhooks_worker.py.)"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import tasks
from articles.models import Article, ChangeEvent
from articles.search import search_articles
from newsroom.celery import app
from tests.support.content import write_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_the_beat_schedule_runs_the_sweep_publishing_and_retention():
    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}

    assert schedule == {
        "articles.sweep_webhooks",
        "articles.publish_scheduled",
        "articles.prune_changes",
        "articles.prune_revisions",
    }
    assert set(schedule) <= set(app.tasks)


def test_publish_scheduled_task_releases_due_articles(eager):
    article = write_article(headline="مجدول", body="نص.", status="scheduled")
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(minutes=1))

    released = tasks.publish_scheduled.delay().get()

    assert released == [str(article.uuid)]
    assert Article.objects.get(pk=article.pk).status == "published"
    assert ChangeEvent.objects.last().type == "article.published"


def test_reindex_task_rebuilds_search_documents(eager):
    article = write_article(headline="تعدين البيتكوين", body="نص.")
    Article.objects.filter(pk=article.pk).update(headline="الطاقة الشمسية")

    assert tasks.reindex_articles.delay([article.pk]).get() == 1
    assert [hit.pk for hit in search_articles(Article.objects.all(), "الشمسية")] == [article.pk]


def test_the_reindex_command_can_queue_the_work(eager, capsys):
    write_article(headline="خبر", body="نص.")

    call_command("reindex", "--queue")

    assert "Queued the re-indexing of every article" in capsys.readouterr().out
