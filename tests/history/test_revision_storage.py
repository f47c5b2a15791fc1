"""Revisions store what changed, and retention drops old intermediate edits without losing what the
audit, a correction or a revert needs."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Revision

from articles import services
from articles.history import retention, revisions
from articles.models import Article, ArticleRevision, Caption, Mention
from articles.policies import SYSTEM
from tests.support.factories import EntityFactory

pytestmark = pytest.mark.django_db

BODY = "الفقرة الأولى من الخبر.\n\nوقال المتحدث إن الوضع مستقر."


def snapshots(article) -> dict[int, tuple]:
    """{version: (article fields but updated_at, parts)} as the stored revisions give them."""
    result = {}
    for meta in ArticleRevision.objects.filter(article=article).select_related("revision"):
        snapshot = revisions.snapshot_of_revision(meta.revision)
        fields = {k: v for k, v in snapshot.article.items() if k != "updated_at"}
        result[meta.version] = (fields, snapshot.parts)
    return result


def edit(article, number):
    return services.article_update(
        actor=SYSTEM, article=article, data={"headline": f"عنوان {number}"}, expected_version=article.version
    )


def age_revisions(article, days):
    then = timezone.now() - datetime.timedelta(days=days)
    Revision.objects.filter(article_revision__article=article).update(date_created=then)


def story():
    """v1 created, v2 caption, v3 mention, v4–v6 edits, v7 published, v8–v9 edits, v10 corrected,
    v11 edit, v12 reverted to v8, v13–v14 edits."""
    article = services.article_create(actor=SYSTEM, data={"headline": "عنوان", "body": BODY})
    services.article_part_save(actor=SYSTEM, part=Caption(article=article, text="صورة", order=1))
    services.article_part_save(actor=SYSTEM, part=Mention(article=Article.objects.get(), entity=EntityFactory()))
    article = Article.objects.get()
    for number in range(4, 7):
        article = edit(article, number)
    article = services.article_transition(actor=SYSTEM, article=article, name="publish")
    for number in range(8, 10):
        article = edit(article, number)
    article = services.article_transition(actor=SYSTEM, article=article, name="correct", note="صُحّح الاسم.")
    article = edit(article, 11)
    v8 = ArticleRevision.objects.get(article=article, version=8)
    article = services.article_revert(actor=SYSTEM, article=article, revision=v8, expected_version=11)
    for number in range(13, 15):
        article = edit(article, number)
    return Article.objects.get()


def test_a_one_field_edit_stores_only_that_field_and_the_version():
    article = services.article_create(actor=SYSTEM, data={"headline": "عنوان", "body": BODY})

    edit(article, 2)

    changes = ArticleRevision.objects.get(article=article, version=2).changes
    assert (changes["full"], sorted(changes["article"]), changes["parts"]) == (
        False,
        ["headline", "updated_at", "version"],
        {},
    )


def test_a_part_edit_stores_only_that_part():
    article = services.article_create(actor=SYSTEM, data={"headline": "عنوان", "body": BODY})
    caption = services.article_part_save(actor=SYSTEM, part=Caption(article=article, text="صورة", order=1))
    services.article_part_save(actor=SYSTEM, part=Caption(article=Article.objects.get(), text="ثانية", order=2))

    caption_id = caption.pk

    services.article_part_delete(actor=SYSTEM, part=caption)

    changes = ArticleRevision.objects.get(article=article, version=4).changes
    assert changes["parts"] == {"captions": {"set": {}, "deleted": [caption_id]}}


def test_retention_keeps_the_first_the_last_and_every_audited_revision():
    article = story()
    age_revisions(article, days=200)

    run = retention.prune_revisions(keep_days=90, keep_last=2)

    kept = sorted(ArticleRevision.objects.filter(article=article).values_list("version", flat=True))
    # 1 first; 6 and 7: the publication and the text it published; 9 and 10: the correction and
    # what it corrected; 8, 11 and 12: the revert (from 11, to 8); 13 and 14: the last two.
    assert kept == [1, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    assert (run.articles, run.dropped) == (1, 4)


def test_every_kept_revision_shows_the_article_exactly_as_before_retention():
    article = story()
    before = snapshots(article)
    age_revisions(article, days=200)

    retention.prune_revisions(keep_days=90, keep_last=2)

    after = snapshots(article)
    assert after == {version: before[version] for version in after}
    assert (len(after[6][1]["captions"]), after[6][0]["headline"]) == (1, "عنوان 6")


def test_reverting_to_a_kept_revision_after_retention_restores_its_text():
    article = story()
    age_revisions(article, days=200)
    retention.prune_revisions(keep_days=90, keep_last=2)
    v6 = ArticleRevision.objects.get(article=article, version=6)

    services.article_revert(actor=SYSTEM, article=article, revision=v6, expected_version=14)

    assert Article.objects.get().headline == "عنوان 6"


def test_young_revisions_are_all_kept_and_a_second_run_drops_nothing():
    article = story()

    first = retention.prune_revisions(keep_days=90, keep_last=2)
    age_revisions(article, days=200)
    retention.prune_revisions(keep_days=90, keep_last=2)
    second = retention.prune_revisions(keep_days=90, keep_last=2)

    assert (first.dropped, second.dropped) == (0, 0)


def test_the_command_reports_what_it_dropped():
    article = story()
    age_revisions(article, days=200)
    out = StringIO()

    call_command("revisions_prune", "--keep-days", "90", "--keep-last", "2", stdout=out)

    assert out.getvalue() == "Revisions: 4 dropped from 1 article(s).\n"


def test_the_daily_task_applies_the_configured_retention(settings):
    from articles import tasks

    settings.REVISIONS_KEEP_DAYS, settings.REVISIONS_KEEP_LAST = 90, 2
    article = story()
    age_revisions(article, days=200)

    assert tasks.prune_revisions() == {"articles": 1, "dropped": 4}
