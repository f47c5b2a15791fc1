"""Commit order on PostgreSQL, with two real concurrent transactions.

A sequence hands out ids when rows are inserted, not when they commit: without the feed's lock, a
transaction that recorded id 11 could commit while the one holding id 10 is still open, and a
reader would take its cursor past 10 before 10 appears. The trigger of migration 0015 makes the
second writer wait for the first to end before it draws its id.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from articles import services
from articles.history import changes
from articles.models import Article, ChangeEvent
from articles.policies import SYSTEM
from tests.support.content import published_article

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def waiting_for_the_feed_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s AND NOT granted",
            [changes.FEED_LOCK],
        )
        return cursor.fetchone()[0]


def in_thread(target):
    def run():
        try:
            target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_a_second_writer_draws_its_id_only_after_the_first_commits():
    first_article, second_article = published_article("الأول"), published_article("الثاني")
    start = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first()
    recorded, release, second_done = threading.Event(), threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            article = Article.objects.get(pk=first_article.pk)
            services.article_update(actor=SYSTEM, article=article, data={"summary": "1"})
            recorded.set()
            assert release.wait(20)

    def second():
        with transaction.atomic():
            services.article_update(
                actor=SYSTEM, article=Article.objects.get(pk=second_article.pk), data={"summary": "2"}
            )
        second_done.set()

    one = in_thread(first)
    assert recorded.wait(20)
    two = in_thread(second)

    # The second transaction has done its work and waits on the feed's lock, not on a row.
    assert not second_done.wait(1.0)
    assert waiting_for_the_feed_lock() == 1
    # A reader meanwhile sees neither event (the first has not committed).
    assert changes.events_after(user=None, after=start, limit=10) == []

    release.set()
    one.join(20)
    two.join(20)

    events = changes.events_after(user=None, after=start, limit=10)
    assert [(event.object_key, event.data["status"]) for event in events] == [
        (str(first_article.uuid), "published"),
        (str(second_article.uuid), "published"),
    ]
    assert events[0].id < events[1].id


def test_a_rolled_back_writer_leaves_a_gap_and_nothing_else():
    article = published_article("خبر")
    start = ChangeEvent.objects.order_by("-id").values_list("id", flat=True).first()

    def doomed():
        try:
            with transaction.atomic():
                services.article_update(actor=SYSTEM, article=Article.objects.get(pk=article.pk), data={"summary": "x"})
                raise RuntimeError("roll back")
        except RuntimeError:
            pass

    in_thread(doomed).join(20)
    services.article_update(actor=SYSTEM, article=Article.objects.get(pk=article.pk), data={"summary": "y"})

    events = changes.events_after(user=None, after=start, limit=10)
    assert [(event.type, event.version) for event in events] == [("article.updated", 3)]
    assert events[0].id == start + 2  # the rolled-back id is never reused
