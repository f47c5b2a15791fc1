"""The workflow in the admin: transition buttons, their view, bulk actions and the editing rule."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from articles.models import Article, AuditEntry, Correction
from tests.support.factories import ArticleFactory, UserFactory
from tests.support.workflow_table import ILLEGAL_CASE_IDS, ILLEGAL_CASES, ROLE_CASE_IDS, ROLE_CASES, TABLE, article_in

S = Article.Status

pytestmark = pytest.mark.django_db

INLINE_PREFIXES = ("captions", "attributions", "mentions", "quotes", "corrections")


def logged_in(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"  # the admin's language is the user's choice, not the browser's
    client.force_login(user)
    return client


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def transition_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/transition/"


def form_for(name, version=1) -> dict:
    data = {"transition": name, "version": version}
    if name in ("correct", "retract"):
        data["note"] = "صُحّح التاريخ في الفقرة الأولى."
    if name == "schedule":
        data["published_at"] = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    return data


def messages_of(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def buttons_on(html: str) -> list[str]:
    return re.findall(r'data-transition="([a-z_]+)"', html)


def article_form(article, **changes) -> dict:
    """The change form's fields as the admin would post them (no inline rows)."""
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "byline": article.byline,
        "language": article.language,
        "editor_note": article.editor_note,
        "expected_version": str(article.version),
        "_save": "Save",
    }
    for prefix in INLINE_PREFIXES:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


@pytest.mark.parametrize(("name", "role", "allowed"), ROLE_CASES, ids=ROLE_CASE_IDS)
def test_transition_button_view_allows_exactly_the_roles_of_the_table(role_users, name, role, allowed):
    start, end, _roles = TABLE[name]
    article = article_in(start, created_by=role_users["reporter"])

    response = logged_in(role_users[role]).post(transition_url(article), form_for(name))

    stored = Article.objects.get(pk=article.pk)
    if allowed:
        assert response.status_code == 302
        assert response["Location"] == change_url(article)
        [(level, text)] = messages_of(response)
        assert level == "success"
        assert text.endswith("(version 2).")
        assert (stored.status, stored.version) == (end, 2)
        assert AuditEntry.objects.filter(action=f"article.{name}", actor=role_users[role]).count() == 1
    else:
        # The page offers no such button; a request made anyway is refused like any write the role may not make.
        assert response.status_code == 403
        assert (stored.status, stored.version) == (start, 1)
        assert not AuditEntry.objects.filter(action=f"article.{name}").exists()


@pytest.mark.parametrize(("name", "status"), ILLEGAL_CASES, ids=ILLEGAL_CASE_IDS)
def test_illegal_transition_in_the_admin_is_an_error_message(role_users, name, status):
    article = article_in(status, created_by=role_users["reporter"])

    response = logged_in(role_users["chief"]).post(transition_url(article), form_for(name))

    [(level, text)] = messages_of(response)
    assert level == "error"
    assert "is allowed only from" in text
    assert Article.objects.get(pk=article.pk).status == status


def test_transition_from_a_page_opened_before_another_change_is_refused(role_users):
    article = article_in(S.IN_REVIEW)
    Article.objects.filter(pk=article.pk).update(version=2)

    response = logged_in(role_users["editor"]).post(transition_url(article), form_for("publish", version=1))

    [(level, text)] = messages_of(response)
    assert level == "error"
    assert "changed by someone else" in text
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_correction_without_a_note_in_the_admin_is_an_error_message(role_users):
    article = article_in(S.PUBLISHED)

    response = logged_in(role_users["editor"]).post(transition_url(article), {"transition": "correct", "version": 1})

    [(level, text)] = messages_of(response)
    assert (level, text) == ("error", "“Publish a correction” needs a public note for readers.")


def test_unknown_transition_in_the_admin_is_an_error_message(role_users):
    article = article_in(S.DRAFT)

    response = logged_in(role_users["chief"]).post(transition_url(article), {"transition": "approve", "version": 1})

    [(level, text)] = messages_of(response)
    assert level == "error"
    assert text.startswith("transition: ")
    assert Article.objects.get(pk=article.pk).status == S.DRAFT


def test_transition_view_accepts_only_post(role_users):
    article = article_in(S.DRAFT)

    response = logged_in(role_users["chief"]).get(transition_url(article))

    assert response.status_code == 405


def test_schedule_from_the_admin_stores_the_given_time(role_users):
    article = article_in(S.IN_REVIEW)
    when = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)

    logged_in(role_users["editor"]).post(
        transition_url(article),
        {"transition": "schedule", "version": 1, "published_at": when.strftime("%Y-%m-%dT%H:%M")},
    )

    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.published_at) == (S.SCHEDULED, when)


# --------------------------------------------------------------------------- the change page


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        ("reporter", S.DRAFT, ["submit"]),
        ("reporter", S.IN_REVIEW, ["return_to_draft"]),
        ("reporter", S.PUBLISHED, []),
        ("editor", S.IN_REVIEW, ["return_to_draft", "publish", "schedule"]),
        ("editor", S.PUBLISHED, ["correct", "retract"]),
        ("editor", S.RETRACTED, []),
        ("chief", S.RETRACTED, ["restore"]),
    ],
)
def test_change_page_shows_only_the_buttons_the_user_may_use(role_users, role, status, expected):
    article = article_in(status, created_by=role_users["reporter"])

    response = logged_in(role_users[role]).get(change_url(article))

    assert response.status_code == 200
    assert buttons_on(response.content.decode()) == expected


def test_change_page_asks_for_a_note_and_a_time_where_the_transition_needs_them(role_users):
    article = article_in(S.PUBLISHED)

    html = logged_in(role_users["editor"]).get(change_url(article)).content.decode()

    # The buttons belong to the change form (they save what was typed first), each with its own note.
    assert '<textarea form="article_form" name="workflow-correct-note" id="id_correct_note"' in html
    assert '<textarea form="article_form" name="workflow-retract-note" id="id_retract_note"' in html
    assert 'name="version" value="1"' in html


def test_status_is_read_only_on_the_change_form(role_users):
    article = article_in(S.DRAFT, created_by=role_users["reporter"])
    client = logged_in(role_users["editor"])

    html = client.get(change_url(article)).content.decode()
    response = client.post(change_url(article), article_form(article, status="published", headline="عنوان معدل"))

    assert 'name="status"' not in html
    assert 'name="published_at"' not in html.split('id="workflow-transitions"')[1].split("</div>", 1)[1]
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.status, stored.published_at) == ("عنوان معدل", S.DRAFT, None)


def test_change_page_lists_the_corrections_read_only(role_users):
    article = article_in(S.CORRECTED)
    Correction.objects.create(article=article, note="تصحيح منشور في الصفحة")

    html = logged_in(role_users["editor"]).get(change_url(article)).content.decode()

    assert "تصحيح منشور في الصفحة" in html
    assert 'name="corrections-0-note"' not in html


# --------------------------------------------------------------------------- editing rule


def test_reporter_can_edit_own_draft_in_the_admin(role_users):
    article = article_in(S.DRAFT, created_by=role_users["reporter"])

    response = logged_in(role_users["reporter"]).post(change_url(article), article_form(article, headline="تعديلي"))

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "تعديلي"


def test_reporter_cannot_edit_a_colleagues_draft_in_the_admin(role_users):
    article = article_in(S.DRAFT, created_by=UserFactory(username="colleague"))
    client = logged_in(role_users["reporter"])

    page = client.get(change_url(article))
    response = client.post(change_url(article), article_form(article, headline="تعديل غير مسموح"))

    assert page.status_code == 200
    assert 'name="headline"' not in page.content.decode()
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).headline == article.headline


def test_reporter_cannot_edit_own_article_once_submitted_and_published(role_users):
    article = article_in(S.PUBLISHED, created_by=role_users["reporter"])

    response = logged_in(role_users["reporter"]).post(change_url(article), article_form(article, headline="x"))

    assert response.status_code == 403


def test_article_added_by_a_reporter_is_their_draft(role_users):
    client = logged_in(role_users["reporter"])
    data = article_form(ArticleFactory.build(headline="خبر جديد", slug="khabar-jadid"))

    response = client.post("/admin/articles/article/add/", data)

    assert response.status_code == 302
    article = Article.objects.get(slug="khabar-jadid")
    assert (article.status, article.created_by) == (S.DRAFT, role_users["reporter"])


def test_reporter_cannot_add_a_caption_to_a_colleagues_article_from_the_caption_admin(role_users):
    article = article_in(S.DRAFT, created_by=UserFactory(username="colleague"))

    response = logged_in(role_users["reporter"]).post(
        "/admin/articles/caption/add/", {"article": article.pk, "text": "صورة", "order": 1}
    )

    assert response.status_code == 200  # the form comes back with an error
    assert "article" in response.context["adminform"].form.errors
    assert article.captions.count() == 0


# --------------------------------------------------------------------------- bulk actions


def test_bulk_actions_are_offered_only_to_roles_that_may_use_them(role_users):
    ArticleFactory()

    reporter_page = logged_in(role_users["reporter"]).get("/admin/articles/article/").content.decode()
    editor_page = logged_in(role_users["editor"]).get("/admin/articles/article/").content.decode()

    assert 'value="publish_selected"' not in reporter_page
    assert 'value="retract_selected"' not in reporter_page
    assert 'value="publish_selected"' in editor_page
    assert 'value="retract_selected"' in editor_page


def test_bulk_publish_goes_through_the_state_machine(role_users):
    ready = [article_in(S.IN_REVIEW, headline=f"جاهز {n}") for n in range(2)]
    retracted = article_in(S.RETRACTED, headline="مسحوب")

    response = logged_in(role_users["editor"]).post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [a.pk for a in [*ready, retracted]]},
    )

    assert response.status_code == 302
    assert sorted(Article.objects.filter(status=S.PUBLISHED).values_list("headline", flat=True)) == ["جاهز 0", "جاهز 1"]
    assert Article.objects.get(pk=retracted.pk).status == S.RETRACTED
    assert AuditEntry.objects.filter(action="article.publish").count() == 2
    levels = messages_of(response)
    assert ("success", "2 articles published.") in levels
    errors = [text for level, text in levels if level == "error"]
    assert len(errors) == 1
    assert errors[0].startswith("مسحوب: ")


def test_bulk_retract_asks_for_the_note_first(role_users):
    articles = [article_in(S.PUBLISHED) for _ in range(2)]
    client = logged_in(role_users["editor"])
    selection = {"action": "retract_selected", "_selected_action": [a.pk for a in articles]}

    page = client.post("/admin/articles/article/", selection)
    empty = client.post("/admin/articles/article/", {**selection, "apply": "1", "note": ""})
    done = client.post("/admin/articles/article/", {**selection, "apply": "1", "note": "خبران غير دقيقين."})

    assert page.status_code == 200
    assert 'name="note"' in page.content.decode()
    assert empty.status_code == 200  # the page again, with the error
    assert done.status_code == 302
    assert Article.objects.filter(status=S.RETRACTED).count() == 2
    assert set(Correction.objects.values_list("kind", "note")) == {("retraction", "خبران غير دقيقين.")}
    assert ("success", "2 articles retracted.") in messages_of(done)


def test_reporter_cannot_run_the_bulk_publish_action(role_users):
    article = article_in(S.IN_REVIEW, created_by=role_users["reporter"])

    logged_in(role_users["reporter"]).post(
        "/admin/articles/article/", {"action": "publish_selected", "_selected_action": [article.pk]}
    )

    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


# --------------------------------------------------------------------------- buttons of the change form


def test_a_change_form_transition_the_role_may_not_take_is_403_and_saves_nothing(role_users):
    article = article_in(S.IN_REVIEW, created_by=role_users["reporter"])

    response = logged_in(role_users["reporter"]).post(
        change_url(article), article_form(article, summary="ملخص لم يُحفظ.", _transition="publish")
    )

    assert response.status_code == 403
    stored = Article.objects.get(pk=article.pk)
    assert (stored.summary, stored.status, stored.version) == (article.summary, S.IN_REVIEW, article.version)


def test_a_change_form_transition_saves_the_form_and_takes_it_in_one_request(role_users):
    article = article_in(S.IN_REVIEW, created_by=role_users["reporter"])

    response = logged_in(role_users["editor"]).post(
        change_url(article), article_form(article, summary="ملخص جديد.", _transition="publish")
    )

    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.summary, stored.status, stored.version) == ("ملخص جديد.", S.PUBLISHED, article.version + 2)
    assert AuditEntry.objects.filter(action="article.publish").count() == 1
