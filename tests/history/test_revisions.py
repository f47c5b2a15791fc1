"""Revisions: every service write records one revision (who, when, what); diff; revert."""

from datetime import UTC, datetime

import pytest
from django.utils import translation
from reversion.models import Revision

from articles import errors, services
from articles.api.errors import status_of
from articles.history import diffs, revisions
from articles.models import Article, ArticleRevision, Attribution, AuditEntry, Caption, Mention, Quote
from articles.policies import SYSTEM
from articles.services.articles import article_bump
from tests.support.factories import EntityFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = 'الفقرة الأولى من الخبر.\n\nوقال المتحدث إن "الوضع مستقر".'


def make_article(user=SYSTEM, **data):
    return services.article_create(data={"headline": "عنوان أول", "body": BODY, **data}, actor=user)


def history(article):
    """(version, username, English comment) of every revision, oldest first."""
    rows = ArticleRevision.objects.filter(article=article).select_related("revision__user").order_by("version")
    with translation.override("en"):
        return [
            (
                meta.version,
                meta.revision.user.get_username() if meta.revision.user else None,
                diffs.revision_comment(meta),
            )
            for meta in rows
        ]


def snapshot(article, version):
    meta = ArticleRevision.objects.get(article=article, version=version)
    return revisions.snapshot_of_revision(meta.revision)


# --------------------------------------------------------------------------- one revision per write


def test_creating_an_article_records_its_first_revision():
    sara = UserFactory(username="sara", is_superuser=True)

    article = make_article(user=sara)

    assert article.version == 1
    assert history(article) == [(1, "sara", "Added.")]
    assert snapshot(article, 1).article["headline"] == "عنوان أول"


def test_updating_an_article_records_which_fields_changed():
    sara = UserFactory(username="sara", is_superuser=True)
    article = make_article(user=sara)

    services.article_update(
        article=article,
        data={"headline": "عنوان ثان", "body": BODY + "\n\nفقرة ثالثة."},
        actor=sara,
        expected_version=1,
    )

    assert article.version == 2
    assert history(article)[-1] == (2, "sara", "Changed headline and body.")


@pytest.mark.parametrize(
    ("make_part", "label"),
    [
        (lambda article: Caption(article=article, text="صورة من الحدث", order=2), "Added caption “2”."),
        (
            lambda article: Mention(article=article, entity=EntityFactory(name="إيران")),
            "Added mention “إيران”.",
        ),
        (
            lambda article: Quote(article=article, text="الوضع مستقر", speaker=EntityFactory(), paragraph=2),
            "Added quote “الوضع مستقر”.",
        ),
    ],
)
def test_adding_a_part_records_a_revision_naming_it(make_part, label):
    ali = UserFactory(username="ali", is_superuser=True)
    article = make_article()

    services.article_part_save(part=make_part(article), actor=ali)

    assert history(article)[-1] == (2, "ali", label)


def test_adding_an_attribution_records_its_source_and_paragraph():
    article = make_article()
    source = SourceFactory(name="واشنطن بوست")

    services.article_part_save(part=Attribution(article=article, source=source, paragraph=1), actor=SYSTEM)

    assert history(article)[-1] == (2, None, "Added attribution “واشنطن بوست (1)”.")


def test_changing_a_part_records_the_fields_changed():
    article = make_article()
    caption = services.article_part_save(actor=SYSTEM, part=Caption(article=article, text="صورة", order=1))

    services.article_part_save(actor=SYSTEM, part=caption, data={"text": "صورة أخرى", "is_archival": True})

    assert history(article)[-1] == (3, None, "Changed caption and archive photo for caption “1”.")


def test_deleting_a_part_records_a_revision_without_it():
    article = make_article()
    caption = services.article_part_save(actor=SYSTEM, part=Caption(article=article, text="صورة", order=1))
    caption_id = caption.pk

    services.article_part_delete(actor=SYSTEM, part=caption)

    assert history(article)[-1] == (3, None, "Deleted caption “1”.")
    assert list(snapshot(article, 2).parts["captions"]) == [caption_id]
    assert snapshot(article, 3).parts["captions"] == {}


def test_a_revision_holds_the_article_and_every_part():
    article = make_article()
    services.article_part_save(actor=SYSTEM, part=Caption(article=article, text="صورة", order=1))
    services.article_part_save(actor=SYSTEM, part=Mention(article=article, entity=EntityFactory()))

    stored = snapshot(article, 3)

    assert stored.article["version"] == 3
    assert [len(stored.parts[kind]) for kind in ("captions", "attributions", "mentions", "quotes")] == [1, 0, 1, 0]


def test_publishing_records_one_revision_for_the_nested_update():
    article = make_article()

    when = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
    services.article_transition(
        article=article, name="publish", published_at=when, actor=UserFactory(username="chief", is_superuser=True)
    )

    # the comment says what happened, with the time in the reader's zone
    assert history(article)[-1] == (2, "chief", "Published (publication time 1 March 2026, 07:00 UTC).")
    assert ArticleRevision.objects.filter(article=article).count() == 2


def test_several_writes_in_one_recording_make_one_version_and_one_revision():
    """As the admin does when it saves an article with its inlines in one request."""
    article = make_article()

    with revisions.recording(article, user=UserFactory(username="sara", is_superuser=True)):
        services.article_update(actor=SYSTEM, article=article, data={"headline": "عنوان جديد"}, expected_version=1)
        services.article_part_save(actor=SYSTEM, part=Caption(article=article, text="صورة", order=1))
        services.article_part_save(actor=SYSTEM, part=Caption(article=article, text="صورة ثانية", order=2))

    article.refresh_from_db()
    assert article.version == 2
    assert history(article)[-1] == (2, "sara", "Changed headline. Added caption “1”. Added caption “2”.")


def test_a_refused_write_records_nothing():
    article = make_article()

    with pytest.raises(errors.StaleVersionError):
        services.article_update(actor=SYSTEM, article=article, data={"headline": "متأخر"}, expected_version=7)

    article.refresh_from_db()
    assert (article.version, article.headline) == (1, "عنوان أول")
    assert ArticleRevision.objects.filter(article=article).count() == 1


def test_a_recording_that_writes_nothing_records_nothing():
    article = make_article()

    with revisions.recording(article):
        pass

    assert ArticleRevision.objects.filter(article=article).count() == 1


def test_bumping_a_version_outside_a_recording_is_a_programming_error():
    article = make_article()

    with pytest.raises(RuntimeError, match="inside articles.history.revisions.recording"):
        article_bump(article)


def test_moving_a_part_to_another_article_is_refused():
    first, second = make_article(), make_article(headline="خبر آخر")
    caption = services.article_part_save(actor=SYSTEM, part=Caption(article=first, text="صورة", order=1))

    with pytest.raises(errors.ServiceError) as refused:
        services.article_part_save(actor=SYSTEM, part=caption, data={"article": second})

    assert refused.value.code == "part_move_refused"
    assert Caption.objects.get(pk=caption.pk).article_id == first.pk


def test_comments_are_shown_in_the_readers_language():
    article = make_article()
    services.article_update(actor=SYSTEM, article=article, data={"headline": "عنوان ثان"}, expected_version=1)
    meta = ArticleRevision.objects.select_related("revision").get(article=article, version=2)

    with translation.override("ar"):
        arabic = diffs.revision_comment(meta)

    assert arabic == "تم تغيير العنوان."


# --------------------------------------------------------------------------- diff


def test_diff_shows_changed_fields_paragraphs_and_parts_exactly():
    old = revisions.Snapshot(
        article={"headline": "قديم", "body": "أ\n\nب ج\n\nد", "status": "draft", "summary": ""},
        parts={
            "captions": {
                1: {
                    "article": 9,
                    "order": 1,
                    "text": "صورة",
                    "alt_text": "",
                    "credit": "",
                    "is_archival": False,
                    "is_illustrative": False,
                    "image_url": "",
                }
            },
            "attributions": {},
            "mentions": {4: {"article": 9, "entity": 7, "count": 1, "role": "mentions", "origin": "confirmed"}},
            "quotes": {},
        },
    )
    new = revisions.Snapshot(
        article={"headline": "جديد", "body": "أ\n\nب هـ\n\nد\n\nو", "status": "draft", "summary": ""},
        parts={
            "captions": {},
            "attributions": {},
            "mentions": {4: {"article": 9, "entity": 7, "count": 3, "role": "about", "origin": "confirmed"}},
            "quotes": {},
        },
    )
    references = {("entity", 7): {"id": 7, "slug": "iran", "name": "إيران"}}

    diff = diffs.diff_snapshots(old, new, references)

    assert diff["fields"] == [
        {"field": "headline", "old": "قديم", "new": "جديد"},
        {
            "field": "body",
            "old": "أ\n\nب ج\n\nد",
            "new": "أ\n\nب هـ\n\nد\n\nو",
            "paragraphs": [
                {
                    "op": "replace",
                    "old_start": 2,
                    "old": ["ب ج"],
                    "new_start": 2,
                    "new": ["ب هـ"],
                    "words": [
                        [{"op": "equal", "text": "ب "}, {"op": "delete", "text": "ج"}, {"op": "insert", "text": "هـ"}]
                    ],
                },
                {"op": "insert", "old_start": 4, "old": [], "new_start": 4, "new": ["و"]},
            ],
        },
    ]
    assert diff["parts"]["captions"] == {
        "added": [],
        "removed": [
            {
                "id": 1,
                "label": "1",
                "values": {
                    "order": 1,
                    "text": "صورة",
                    "alt_text": "",
                    "credit": "",
                    "is_archival": False,
                    "is_illustrative": False,
                    "image_url": "",
                },
            }
        ],
        "changed": [],
    }
    assert diff["parts"]["mentions"] == {
        "added": [],
        "removed": [],
        "changed": [
            {
                "id": 4,
                "label": "إيران",
                "changes": [
                    {"field": "count", "old": 1, "new": 3},
                    {"field": "role", "old": "mentions", "new": "about"},
                ],
            }
        ],
    }
    assert diff["parts"]["attributions"] == diff["parts"]["quotes"] == {"added": [], "removed": [], "changed": []}


def test_diff_of_identical_snapshots_is_empty():
    article = make_article()
    stored = snapshot(article, 1)

    assert diffs.diff_is_empty(diffs.diff_snapshots(stored, stored))


def test_diff_between_stored_revisions_matches_the_edit():
    article = make_article()
    services.article_update(actor=SYSTEM, article=article, data={"summary": "ملخص"}, expected_version=1)

    diff = diffs.diff_snapshots(snapshot(article, 1), snapshot(article, 2))

    assert diff["fields"] == [{"field": "summary", "old": "", "new": "ملخص"}]


# --------------------------------------------------------------------------- revert


def test_revert_restores_headline_body_and_parts_as_a_new_version():
    editor = UserFactory(username="editor", is_superuser=True)
    article = make_article(user=editor)
    caption = services.article_part_save(part=Caption(article=article, text="صورة الأصل", order=1), actor=editor)
    caption_id = caption.pk
    version_with_caption = ArticleRevision.objects.get(article=article, version=2)
    services.article_part_delete(part=caption, actor=editor)
    services.article_update(
        article=article, data={"headline": "عنوان معدل", "body": "نص آخر تماما."}, actor=editor, expected_version=3
    )
    services.article_part_save(part=Caption(article=article, text="صورة جديدة", order=1), actor=editor)

    services.article_revert(article=article, revision=version_with_caption, actor=editor, expected_version=5)

    article.refresh_from_db()
    assert (article.version, article.headline, article.body) == (6, "عنوان أول", BODY)
    assert list(article.captions.values_list("pk", "text")) == [(caption_id, "صورة الأصل")]
    assert history(article)[-1] == (
        6,
        "editor",
        "Reverted to version 2. Changed headline and body. Added caption “1”. Deleted caption “1”.",
    )
    meta = ArticleRevision.objects.get(article=article, version=6)
    assert meta.reverted_to == 2
    assert diffs.diff_is_empty(
        diffs.diff_snapshots(_without_bookkeeping(snapshot(article, 2)), _without_bookkeeping(snapshot(article, 6)))
    )


def _without_bookkeeping(stored):
    stored.article = {k: v for k, v in stored.article.items() if k not in ("version", "updated_at")}
    return stored


def test_revert_keeps_the_workflow_status():
    article = make_article()
    first = ArticleRevision.objects.get(article=article, version=1)
    article = services.article_transition(actor=SYSTEM, article=article, name="publish")
    services.article_update(actor=SYSTEM, article=article, data={"headline": "عنوان بعد النشر"}, expected_version=2)

    services.article_revert(actor=SYSTEM, article=article, revision=first, expected_version=3)

    article.refresh_from_db()
    assert (article.status, article.version) == (Article.Status.PUBLISHED, 4)
    assert article.headline == revisions.snapshot_of_revision(first.revision).article["headline"]


def test_revert_with_a_stale_version_is_refused_and_changes_nothing():
    article = make_article()
    first = ArticleRevision.objects.get(article=article, version=1)
    services.article_update(actor=SYSTEM, article=article, data={"headline": "ثان"}, expected_version=1)

    with pytest.raises(errors.StaleVersionError):
        services.article_revert(actor=SYSTEM, article=article, revision=first, expected_version=1)

    article.refresh_from_db()
    assert (article.version, article.headline) == (2, "ثان")
    assert AuditEntry.objects.filter(action="article.revert").count() == 0


def test_revert_writes_an_audit_entry():
    chief = UserFactory(username="chief", is_superuser=True)
    article = make_article()
    first = ArticleRevision.objects.get(article=article, version=1)
    services.article_update(actor=SYSTEM, article=article, data={"headline": "ثان"}, expected_version=1)

    services.article_revert(article=article, revision=first, actor=chief, expected_version=2)

    entry = AuditEntry.objects.get(action="article.revert")
    assert (entry.actor_name, entry.target_id) == ("chief", str(article.uuid))
    assert entry.details == {"revision": first.pk, "reverted_to": 1, "from_version": 2, "version": 3}


def test_revert_to_the_current_version_is_refused():
    article = make_article()
    current = ArticleRevision.objects.get(article=article, version=1)

    with pytest.raises(errors.RevertConflictError):
        services.article_revert(actor=SYSTEM, article=article, revision=current, expected_version=1)


def test_revert_naming_a_deleted_entity_is_refused_with_a_conflict():
    article = make_article()
    entity = EntityFactory(name="كيان مؤقت")
    mention = services.article_part_save(actor=SYSTEM, part=Mention(article=article, entity=entity))
    with_mention = ArticleRevision.objects.get(article=article, version=2)
    services.article_part_delete(actor=SYSTEM, part=mention)
    entity_id = entity.pk
    services.named_delete(actor=SYSTEM, instance=entity)

    with translation.override("en"), pytest.raises(errors.RevertConflictError) as refused:
        services.article_revert(actor=SYSTEM, article=article, revision=with_mention, expected_version=3)

    assert status_of(refused.value) == 409
    assert refused.value.message == (
        "Version 2 cannot be restored: one of its mentions is no longer valid "
        f"(entity: entity instance with id {entity_id} is not a valid choice.)."
    )
    article.refresh_from_db()
    assert article.version == 3


# --------------------------------------------------------------------------- history of rows written elsewhere


def test_history_sync_records_articles_loaded_without_the_services_once():
    article = Article.objects.create(headline="من التثبيت", slug="fixture", body="نص.")

    assert services.article_history_sync(actor=SYSTEM, article=article) is True
    assert services.article_history_sync(actor=SYSTEM, article=article) is False
    assert history(article) == [(1, None, "Added.")]


def test_history_sync_after_a_fixture_reload_moves_the_version_forward():
    article = make_article()
    services.article_update(actor=SYSTEM, article=article, data={"headline": "ثان"}, expected_version=1)
    Article.objects.filter(pk=article.pk).update(headline="عنوان أول", version=1)  # as loaddata would

    assert services.article_history_sync(actor=SYSTEM, article=article) is True

    article.refresh_from_db()
    assert article.version == 3
    assert history(article)[-1] == (3, None, "Changed headline.")


def test_deleting_an_article_deletes_its_history_and_audits_it():
    article = make_article()
    services.article_update(actor=SYSTEM, article=article, data={"headline": "ثان"}, expected_version=1)
    revision_ids = list(ArticleRevision.objects.filter(article=article).values_list("pk", flat=True))

    services.article_delete(article=article, actor=UserFactory(username="chief", is_superuser=True))

    assert Revision.objects.filter(pk__in=revision_ids).count() == 0
    assert AuditEntry.objects.get(action="article.delete").details == {"version": 2, "headline": "ثان"}


def test_moving_a_part_already_assigned_to_another_article_is_refused():
    """As a form does: the instance already points at the other article when it is saved."""
    first, second = make_article(), make_article(headline="خبر آخر")
    caption = services.article_part_save(actor=SYSTEM, part=Caption(article=first, text="صورة", order=1))
    caption.article = second

    with pytest.raises(errors.ServiceError) as refused:
        services.article_part_save(actor=SYSTEM, part=caption)

    assert refused.value.code == "part_move_refused"
    assert Caption.objects.get(pk=caption.pk).article_id == first.pk


def test_a_transitions_revision_comment_says_what_happened_in_the_readers_language():
    article = make_article()
    user = UserFactory(username="omar", is_superuser=True)
    services.article_transition(article=article, name="publish", actor=user)
    services.article_transition(article=article, name="retract", note="نُشر خطأً.", actor=user)

    latest = ArticleRevision.objects.filter(article=article).select_related("revision").order_by("version").last()
    with translation.override("ar"):
        comment = diffs.revision_comment(latest)

    assert comment == "سُحبت: «نُشر خطأً.»"
    assert history(article)[-1][2] == "Retracted: “نُشر خطأً.”"
