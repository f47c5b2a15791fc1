"""The workflow state machine in the service layer (articles/services.py)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from articles import errors, policies, selectors, services
from articles.api.errors import status_of
from articles.errors import ServiceError, StaleVersionError
from articles.models import Article, AuditEntry, Correction
from articles.policies import SYSTEM
from tests.support.factories import ArticleFactory, CaptionFactory, QuoteFactory, UserFactory
from tests.support.workflow_table import (
    ILLEGAL_CASE_IDS,
    ILLEGAL_CASES,
    ROLE_CASE_IDS,
    ROLE_CASES,
    TABLE,
    article_in,
    transition_input,
)

S = Article.Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The refusals' wording is asserted in English here (the default language is Arabic)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("name", "role", "allowed"), ROLE_CASES, ids=ROLE_CASE_IDS)
def test_transition_is_allowed_exactly_for_its_roles(role_users, name, role, allowed):
    # given an article the reporter wrote, in the state the transition starts from
    start, end, _roles = TABLE[name]
    article = article_in(start, created_by=role_users["reporter"])
    user = role_users[role]

    # when the role asks for the transition
    if allowed:
        result = services.article_transition(article=article, name=name, actor=user, **transition_input(name))
    else:
        with pytest.raises(errors.NotPermittedError) as refused:
            services.article_transition(article=article, name=name, actor=user, **transition_input(name))

    # then it happened (new status, one version more, one audit entry) or nothing changed at all
    stored = Article.objects.get(pk=article.pk)
    entries = AuditEntry.objects.filter(action=f"article.{name}", target_id=str(article.uuid))
    if allowed:
        assert (result.status, stored.status, stored.version) == (end, end, 2)
        assert entries.count() == 1
        entry = entries.get()
        assert (entry.actor, entry.details["from"], entry.details["to"], entry.details["version"]) == (
            user,
            start,
            end,
            2,
        )
    else:
        assert status_of(refused.value) == 403
        assert (stored.status, stored.version, entries.count()) == (start, 1, 0)


@pytest.mark.parametrize(("name", "status"), ILLEGAL_CASES, ids=ILLEGAL_CASE_IDS)
def test_transition_from_a_state_it_does_not_start_from_is_a_conflict(role_users, name, status):
    article = article_in(status, created_by=role_users["reporter"])

    with pytest.raises(errors.IllegalTransitionError) as refused:
        services.article_transition(article=article, name=name, actor=role_users["chief"], **transition_input(name))

    assert status_of(refused.value) == 409
    assert refused.value.extra == {
        "status": status,
        "transition": name,
        "allowed_from": list(services.TRANSITIONS[name].from_states),
    }
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.version) == (status, 1)
    assert not AuditEntry.objects.filter(action=f"article.{name}").exists()


def test_unknown_transition_is_refused_with_the_names_that_exist(role_users):
    article = ArticleFactory()

    with pytest.raises(errors.UnknownTransitionError) as refused:
        services.article_transition(article=article, name="approve", actor=role_users["chief"])

    assert status_of(refused.value) == 400
    assert "submit, return_to_draft, publish, schedule, unschedule, correct, retract, restore" in refused.value.message


@pytest.mark.parametrize("name", ["submit", "return_to_draft"])
def test_reporter_cannot_move_another_reporters_article(role_users, name):
    other = UserFactory(username="other-reporter")
    article = article_in(TABLE[name][0], created_by=other)

    with pytest.raises(errors.NotPermittedError, match="only on articles you created"):
        services.article_transition(article=article, name=name, actor=role_users["reporter"])

    assert Article.objects.get(pk=article.pk).status == TABLE[name][0]


def test_editor_can_submit_another_users_draft(role_users):
    article = ArticleFactory(created_by=role_users["reporter"])

    services.article_transition(article=article, name="submit", actor=role_users["editor"])

    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_release_cannot_be_asked_for_by_a_user(role_users):
    article = article_in(S.SCHEDULED, published_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(errors.NotPermittedError, match="done by the system"):
        services.article_transition(article=article, name="release", actor=role_users["chief"])


@pytest.mark.parametrize("name", ["correct", "retract"])
def test_correct_and_retract_need_a_public_note(role_users, name):
    article = article_in(S.PUBLISHED)

    with pytest.raises(ServiceError) as refused:
        services.article_transition(article=article, name=name, actor=role_users["editor"], note="   ")

    assert (status_of(refused.value), refused.value.code) == (400, "note_required")
    assert Article.objects.get(pk=article.pk).status == S.PUBLISHED
    assert Correction.objects.count() == 0


def test_publish_takes_now_when_no_time_is_given(role_users):
    article = article_in(S.IN_REVIEW)
    before = timezone.now()

    services.article_transition(article=article, name="publish", actor=role_users["editor"])

    stored = Article.objects.get(pk=article.pk)
    assert stored.status == S.PUBLISHED
    assert before <= stored.published_at <= timezone.now()


def test_publish_keeps_a_given_past_time(role_users):
    article = article_in(S.IN_REVIEW)
    when = timezone.now().replace(microsecond=0) - timedelta(days=3)

    services.article_transition(article=article, name="publish", actor=role_users["editor"], published_at=when)

    assert Article.objects.get(pk=article.pk).published_at == when


def test_publish_with_a_future_time_is_refused_in_favour_of_schedule(role_users):
    article = article_in(S.IN_REVIEW)

    with pytest.raises(ServiceError, match="use the “schedule” transition") as refused:
        services.article_transition(
            article=article,
            name="publish",
            actor=role_users["editor"],
            published_at=timezone.now() + timedelta(hours=1),
        )

    assert refused.value.code == "invalid_published_at"
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


@pytest.mark.parametrize("offset", [None, timedelta(minutes=-1)], ids=["no-time", "past-time"])
def test_schedule_needs_a_future_time(role_users, offset):
    article = article_in(S.DRAFT)
    when = None if offset is None else timezone.now() + offset

    with pytest.raises(ServiceError, match="in the future"):
        services.article_transition(article=article, name="schedule", actor=role_users["editor"], published_at=when)

    assert Article.objects.get(pk=article.pk).status == S.DRAFT


def test_transition_without_a_time_refuses_one(role_users):
    article = article_in(S.DRAFT, created_by=role_users["reporter"])

    with pytest.raises(ServiceError, match="does not take a publication time"):
        services.article_transition(
            article=article, name="submit", actor=role_users["reporter"], published_at=timezone.now()
        )


def test_unschedule_clears_the_publication_time(role_users):
    article = article_in(S.SCHEDULED)

    services.article_transition(article=article, name="unschedule", actor=role_users["editor"])

    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.published_at) == (S.DRAFT, None)


def test_publishing_a_scheduled_article_now_lifts_the_embargo(role_users):
    article = article_in(S.SCHEDULED)

    services.article_transition(article=article, name="publish", actor=role_users["editor"])

    stored = Article.objects.get(pk=article.pk)
    assert stored.status == S.PUBLISHED
    assert stored.published_at <= timezone.now()


def test_stale_expected_version_is_refused_before_anything_changes(role_users):
    article = article_in(S.IN_REVIEW)

    with pytest.raises(StaleVersionError) as refused:
        services.article_transition(article=article, name="publish", actor=role_users["editor"], expected_version=7)

    assert (status_of(refused.value), refused.value.extra) == (412, {"current_version": 1})
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_transition_uses_the_stored_row_not_the_callers_stale_copy(role_users):
    # given a copy of the article read before someone else changed its headline
    article = article_in(S.IN_REVIEW, headline="العنوان الأول")
    stale_copy = Article.objects.get(pk=article.pk)
    Article.objects.filter(pk=article.pk).update(headline="العنوان المعدل", version=2)

    # when a transition is run with the stale copy
    services.article_transition(article=stale_copy, name="publish", actor=role_users["editor"])

    # then the other writer's headline survives
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.status, stored.version) == ("العنوان المعدل", S.PUBLISHED, 3)


def test_corrections_are_kept_in_order_with_their_authors(role_users):
    article = article_in(S.PUBLISHED)
    editor = role_users["editor"]

    services.article_transition(article=article, name="correct", actor=editor, note="التصحيح الأول")
    services.article_transition(article=article, name="correct", actor=role_users["chief"], note="التصحيح الثاني")

    stored = Article.objects.get(pk=article.pk)
    rows = list(stored.corrections.order_by("created_at", "id").values_list("kind", "note", "created_by", "public"))
    assert stored.status == S.CORRECTED
    assert rows == [
        ("correction", "التصحيح الأول", editor.pk, True),
        ("correction", "التصحيح الثاني", role_users["chief"].pk, True),
    ]


def test_retraction_writes_a_public_retraction_note(role_users):
    article = article_in(S.CORRECTED)

    services.article_transition(article=article, name="retract", actor=role_users["editor"], note="  الخبر غير دقيق.  ")

    correction = Correction.objects.get(article=article)
    assert (correction.kind, correction.note, correction.public) == ("retraction", "الخبر غير دقيق.", True)
    assert AuditEntry.objects.get(action="article.retract").details["note"] == "الخبر غير دقيق."


def test_restored_article_goes_back_to_the_newsroom_as_a_draft(role_users):
    # given an article that was published, then retracted
    article = article_in(S.PUBLISHED, created_by=role_users["reporter"])
    services.article_transition(article=article, name="retract", actor=role_users["editor"], note="سحب مؤقت")

    # when the chief editor restores it
    services.article_transition(article=article, name="restore", actor=role_users["chief"], note="سُحب خطأً")

    # then it is a draft readers cannot see, its retraction stays on record, and it can be published again
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == S.DRAFT
    assert not selectors.article_list(user=None).filter(pk=article.pk).exists()
    assert list(stored.corrections.values_list("kind", flat=True)) == ["retraction"]
    assert AuditEntry.objects.get(action="article.restore").details["note"] == "سُحب خطأً"
    services.article_transition(article=stored, name="publish", actor=role_users["editor"])
    assert Article.objects.get(pk=article.pk).status == S.PUBLISHED


def test_system_may_take_any_user_transition():
    article = article_in(S.DRAFT)

    services.article_transition(article=article, name="submit", actor=SYSTEM)

    entry = AuditEntry.objects.get(action="article.submit")
    assert (Article.objects.get(pk=article.pk).status, entry.actor, entry.actor_name) == (S.IN_REVIEW, None, "")


# --------------------------------------------------------------------------- available transitions


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        ("reporter", S.DRAFT, ["submit"]),
        ("reporter", S.IN_REVIEW, ["return_to_draft"]),
        ("reporter", S.PUBLISHED, []),
        ("editor", S.DRAFT, ["submit", "publish", "schedule"]),
        ("editor", S.IN_REVIEW, ["return_to_draft", "publish", "schedule"]),
        ("editor", S.SCHEDULED, ["publish", "schedule", "unschedule"]),
        ("editor", S.PUBLISHED, ["correct", "retract"]),
        ("editor", S.CORRECTED, ["correct", "retract"]),
        ("editor", S.RETRACTED, []),
        ("chief", S.RETRACTED, ["restore"]),
    ],
)
def test_available_transitions_are_those_permitted_from_the_current_state(role_users, role, status, expected):
    article = article_in(status, created_by=role_users["reporter"])

    names = [t.name for t in services.available_transitions(actor=role_users[role], article=article)]

    assert names == expected


def test_reporter_has_no_transition_on_someone_elses_draft(role_users):
    article = ArticleFactory(created_by=role_users["editor"])

    assert services.available_transitions(actor=role_users["reporter"], article=article) == []


# --------------------------------------------------------------------------- editing rule


@pytest.mark.parametrize(
    ("role", "own", "status", "expected"),
    [
        ("reporter", True, S.DRAFT, True),
        ("reporter", True, S.IN_REVIEW, True),
        ("reporter", True, S.SCHEDULED, False),
        ("reporter", True, S.PUBLISHED, False),
        ("reporter", False, S.DRAFT, False),
        ("editor", False, S.DRAFT, True),
        ("editor", False, S.PUBLISHED, True),
        ("chief", False, S.RETRACTED, True),
    ],
)
def test_reporters_edit_only_their_own_drafts(role_users, role, own, status, expected):
    author = role_users["reporter"] if own else UserFactory(username="someone-else")
    article = article_in(status, created_by=author)

    editable = policies.editable_articles(role_users[role], Article.objects.all())
    assert policies.can_edit(role_users[role], article) is expected
    assert editable.filter(pk=article.pk).exists() is expected


# --------------------------------------------------------------------------- scheduling and embargo


def test_scheduled_article_and_its_parts_stay_hidden_from_readers_until_their_time(role_users):
    # given an article scheduled for tomorrow, with a caption and a quote
    article = article_in(S.DRAFT)
    CaptionFactory(article=article)
    QuoteFactory(article=article)
    services.article_transition(
        article=article,
        name="schedule",
        actor=role_users["editor"],
        published_at=timezone.now() + timedelta(days=1),
    )

    # then readers see none of it, while staff do
    assert not selectors.article_list(user=None).filter(pk=article.pk).exists()
    assert selectors.article_part_list(CaptionFactory._meta.model, user=None).count() == 0
    assert selectors.article_part_list(QuoteFactory._meta.model, user=None).count() == 0
    assert selectors.article_list(user=role_users["editor"]).filter(pk=article.pk).exists()

    # when its time has come (no job has run)
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))

    # then readers see it and its parts
    assert selectors.article_list(user=None).filter(pk=article.pk).exists()
    assert selectors.article_part_list(CaptionFactory._meta.model, user=None).count() == 1
    assert selectors.article_part_list(QuoteFactory._meta.model, user=None).count() == 1


def test_release_due_publishes_only_scheduled_articles_whose_time_has_come():
    due = article_in(S.SCHEDULED, published_at=timezone.now() - timedelta(minutes=5))
    later = article_in(S.SCHEDULED, published_at=timezone.now() + timedelta(hours=1))

    released = services.article_release_due()

    assert [article.pk for article in released] == [due.pk]
    assert Article.objects.get(pk=due.pk).status == S.PUBLISHED
    assert Article.objects.get(pk=due.pk).published_at == due.published_at
    assert Article.objects.get(pk=later.pk).status == S.SCHEDULED
    assert AuditEntry.objects.filter(action="article.release").count() == 1


def test_release_of_an_article_whose_time_has_not_come_is_a_conflict():
    article = article_in(S.SCHEDULED)

    with pytest.raises(errors.IllegalTransitionError, match="has not come yet"):
        services.article_transition(article=article, name="release", actor=SYSTEM)


def test_publish_scheduled_command_reports_and_is_idempotent():
    due = article_in(S.SCHEDULED, headline="خبر مجدول", published_at=timezone.now() - timedelta(minutes=1))

    first, second = StringIO(), StringIO()
    call_command("publish_scheduled", stdout=first)
    call_command("publish_scheduled", stdout=second)

    assert f"Published {due.uuid} «خبر مجدول»" in first.getvalue()
    assert "1 scheduled article(s) published." in first.getvalue()
    assert second.getvalue() == "No scheduled article is due.\n"
    stored = Article.objects.get(pk=due.pk)
    assert (stored.status, stored.version) == (S.PUBLISHED, 2)


def test_paragraphs_split_on_blank_lines_with_crlf_line_breaks():
    # browsers submit the admin's textareas with CRLF line breaks
    body = "الفقرة الأولى.\r\n\r\nالفقرة الثانية\r\nفي سطرين.\r\n"

    assert Article(body=body).paragraphs == ["الفقرة الأولى.", "الفقرة الثانية\r\nفي سطرين."]
