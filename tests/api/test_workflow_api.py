"""The workflow in the REST API: /api/v1/articles/{uuid}/transitions/, corrections, 410 for retractions."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Article, AuditEntry, Correction
from tests.support.factories import ArticleFactory, CaptionFactory, QuoteFactory, UserFactory
from tests.support.workflow_table import ILLEGAL_CASE_IDS, ILLEGAL_CASES, ROLE_CASE_IDS, ROLE_CASES, TABLE, article_in

S = Article.Status

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    # Messages are asserted in English here (the default language is Arabic).
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def transitions_url(article) -> str:
    return f"/api/v1/articles/{article.uuid}/transitions/"


def body_for(name) -> dict:
    body = {"transition": name}
    if name in ("correct", "retract"):
        body["note"] = "صُحّح اسم المتحدث."
    if name == "schedule":
        body["published_at"] = (timezone.now() + timedelta(days=2)).isoformat()
    return body


def post_transition(client, article, body, *, version=1, **headers):
    if version is not None:
        headers["HTTP_IF_MATCH"] = f'"{version}"'
    return client.post(transitions_url(article), body, format="json", **headers)


@pytest.mark.parametrize(("name", "role", "allowed"), ROLE_CASES, ids=ROLE_CASE_IDS)
def test_transition_endpoint_allows_exactly_the_roles_of_the_table(role_users, name, role, allowed):
    start, end, _roles = TABLE[name]
    article = article_in(start, created_by=role_users["reporter"])

    response = post_transition(client_for(role_users[role]), article, body_for(name))

    stored = Article.objects.get(pk=article.pk)
    if allowed:
        assert response.status_code == 200, response.json()
        assert (response.json()["status"], response.json()["version"], response["ETag"]) == (end, 2, '"2"')
        assert (stored.status, stored.version) == (end, 2)
        assert AuditEntry.objects.filter(action=f"article.{name}", actor=role_users[role]).count() == 1
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
        assert (stored.status, stored.version) == (start, 1)
        assert not AuditEntry.objects.filter(action=f"article.{name}").exists()


@pytest.mark.parametrize("name", list(TABLE))
def test_anonymous_clients_cannot_take_any_transition(name):
    start = TABLE[name][0]
    article = article_in(start)

    response = post_transition(client_for(None), article, body_for(name))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert Article.objects.get(pk=article.pk).status == start


@pytest.mark.parametrize(("name", "status"), ILLEGAL_CASES, ids=ILLEGAL_CASE_IDS)
def test_transition_from_the_wrong_state_is_409(role_users, name, status):
    article = article_in(status, created_by=role_users["reporter"])

    response = post_transition(client_for(role_users["chief"]), article, body_for(name))

    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["status"], body["transition"]) == ("illegal_transition", status, name)
    assert "is allowed only from" in body["detail"]
    assert Article.objects.get(pk=article.pk).status == status


def test_unknown_transition_is_400(role_users):
    article = article_in(S.DRAFT)

    response = post_transition(
        client_for(role_users["chief"]), article, {"transition": "approve"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"transition": ['"approve" is not a valid choice.']}
    assert Article.objects.get(pk=article.pk).status == S.DRAFT


def test_system_transition_cannot_be_asked_for_through_the_api(role_users):
    article = article_in(S.SCHEDULED, published_at=timezone.now() - timedelta(minutes=1))

    response = post_transition(client_for(role_users["chief"]), article, {"transition": "release"})

    assert response.status_code == 400
    assert Article.objects.get(pk=article.pk).status == S.SCHEDULED


def test_unknown_field_in_a_transition_request_is_400(role_users):
    article = article_in(S.DRAFT, created_by=role_users["reporter"])

    response = post_transition(client_for(role_users["reporter"]), article, {"transition": "submit", "status": "x"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"status": ["Unknown or read-only field."]}


def test_correction_without_a_note_is_400(role_users):
    article = article_in(S.PUBLISHED)

    response = post_transition(client_for(role_users["editor"]), article, {"transition": "correct", "note": ""})

    assert response.status_code == 400
    assert response.json()["code"] == "note_required"


def test_publish_with_a_malformed_time_is_400(role_users):
    article = article_in(S.IN_REVIEW)

    response = post_transition(
        client_for(role_users["editor"]), article, {"transition": "publish", "published_at": "tomorrow"}
    )

    assert response.status_code == 400
    assert "published_at" in response.json()["errors"]


def test_transition_without_if_match_is_428(role_users):
    article = article_in(S.IN_REVIEW)

    response = post_transition(client_for(role_users["editor"]), article, {"transition": "publish"}, version=None)

    assert response.status_code == 428
    assert (response.json()["code"], response.json()["current_version"]) == ("precondition_required", 1)
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_transition_with_a_stale_if_match_is_412(role_users):
    article = article_in(S.IN_REVIEW)
    Article.objects.filter(pk=article.pk).update(version=3)

    response = post_transition(client_for(role_users["editor"]), article, {"transition": "publish"}, version=2)

    assert response.status_code == 412
    assert (response.json()["code"], response.json()["current_version"]) == ("stale_version", 3)
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_missing_role_is_403_before_the_if_match_check(role_users):
    article = article_in(S.IN_REVIEW, created_by=role_users["reporter"])

    response = post_transition(client_for(role_users["reporter"]), article, {"transition": "publish"}, version=None)

    assert response.status_code == 403


def test_reporter_cannot_submit_someone_elses_draft_through_the_api(role_users):
    article = article_in(S.DRAFT, created_by=UserFactory(username="colleague"))

    response = post_transition(client_for(role_users["reporter"]), article, {"transition": "submit"})

    assert response.status_code == 403
    assert response.json()["detail"] == "Your role allows “Submit for review” only on articles you created."


def test_transition_audit_entry_records_where_it_came_from(role_users):
    article = article_in(S.IN_REVIEW)

    post_transition(
        client_for(role_users["editor"]), article, {"transition": "publish"}, HTTP_USER_AGENT="newsroom-app/2.0"
    )

    entry = AuditEntry.objects.get(action="article.publish")
    assert (entry.actor_name, entry.ip_address, entry.user_agent) == ("editor-user", "127.0.0.1", "newsroom-app/2.0")
    assert (entry.target_type, entry.target_id) == ("articles.article", str(article.uuid))


# --------------------------------------------------------------------------- listing transitions


def test_get_lists_the_transitions_the_user_may_take_now(role_users):
    article = article_in(S.IN_REVIEW, created_by=role_users["reporter"])

    response = client_for(role_users["editor"]).get(transitions_url(article))

    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json() == {
        "uuid": str(article.uuid),
        "status": "in_review",
        "version": 1,
        "transitions": [
            {
                "name": "return_to_draft",
                "label": "Return to draft",
                "target_status": "draft",
                "needs_note": False,
                "published_at": "none",
            },
            {
                "name": "publish",
                "label": "Publish",
                "target_status": "published",
                "needs_note": False,
                "published_at": "optional",
            },
            {
                "name": "schedule",
                "label": "Schedule",
                "target_status": "scheduled",
                "needs_note": False,
                "published_at": "required",
            },
        ],
    }


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        ("reporter", S.DRAFT, ["submit"]),
        ("reporter", S.PUBLISHED, []),
        ("editor", S.PUBLISHED, ["correct", "retract"]),
        ("editor", S.RETRACTED, []),
        ("chief", S.RETRACTED, ["restore"]),
    ],
)
def test_listed_transitions_depend_on_role_and_state(role_users, role, status, expected):
    article = article_in(status, created_by=role_users["reporter"])

    response = client_for(role_users[role]).get(transitions_url(article))

    assert [t["name"] for t in response.json()["transitions"]] == expected
    assert all(t["needs_note"] == (t["name"] in ("correct", "retract")) for t in response.json()["transitions"])


def test_anonymous_clients_see_no_transition_on_a_published_article():
    article = article_in(S.PUBLISHED)

    response = client_for(None).get(transitions_url(article))

    assert response.status_code == 200
    assert response.json()["transitions"] == []


def test_anonymous_clients_cannot_list_transitions_of_a_draft():
    article = article_in(S.DRAFT)

    response = client_for(None).get(transitions_url(article))

    assert response.status_code == 404


def test_openapi_schema_documents_the_transitions_endpoint():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    operations = schema["paths"]["/api/v1/articles/{uuid}/transitions/"]
    post = operations["post"]
    assert set(operations) >= {"get", "post"}
    assert {(p["name"], p["in"], p["required"]) for p in post["parameters"]} >= {("If-Match", "header", True)}
    assert set(post["responses"]) == {"200", "400", "403", "409", "412", "428"}
    request_schema = post["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][request_schema]["properties"]) == {"transition", "published_at", "note"}


# --------------------------------------------------------------------------- editing rule in the API


def test_reporter_can_edit_own_draft_but_not_a_colleagues(role_users):
    reporter = role_users["reporter"]
    own = article_in(S.DRAFT, created_by=reporter)
    colleagues = article_in(S.DRAFT, created_by=UserFactory(username="colleague"))
    client = client_for(reporter)

    mine = client.patch(f"/api/v1/articles/{own.uuid}/", {"headline": "عنوان جديد"}, format="json", HTTP_IF_MATCH='"1"')
    theirs = client.patch(
        f"/api/v1/articles/{colleagues.uuid}/", {"headline": "عنوان جديد"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert mine.status_code == 200
    assert theirs.status_code == 403
    assert theirs.json()["code"] == "permission_denied"
    assert Article.objects.get(pk=colleagues.pk).headline == colleagues.headline


def test_reporter_cannot_edit_own_article_once_published(role_users):
    article = article_in(S.PUBLISHED, created_by=role_users["reporter"])

    response = client_for(role_users["reporter"]).patch(
        f"/api/v1/articles/{article.uuid}/", {"headline": "تعديل"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 403


def test_reporter_cannot_add_a_caption_to_a_colleagues_draft(role_users):
    article = article_in(S.DRAFT, created_by=UserFactory(username="colleague"))

    response = client_for(role_users["reporter"]).post(
        "/api/v1/captions/", {"article": str(article.uuid), "text": "صورة", "order": 1}, format="json"
    )

    assert response.status_code == 403
    assert article.captions.count() == 0


def test_reporter_can_add_a_caption_to_own_draft(role_users):
    article = article_in(S.DRAFT, created_by=role_users["reporter"])

    response = client_for(role_users["reporter"]).post(
        "/api/v1/captions/", {"article": str(article.uuid), "text": "صورة", "order": 1}, format="json"
    )

    assert response.status_code == 201


def test_editor_can_edit_anyones_published_article(role_users):
    article = article_in(S.PUBLISHED, created_by=role_users["reporter"])

    response = client_for(role_users["editor"]).patch(
        f"/api/v1/articles/{article.uuid}/", {"headline": "تعديل المحرر"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 200
    assert response.json()["status"] == "published"


def test_status_cannot_be_written_through_the_article_endpoint(role_users):
    article = article_in(S.DRAFT, created_by=role_users["reporter"])

    response = client_for(role_users["editor"]).patch(
        f"/api/v1/articles/{article.uuid}/", {"status": "published"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 400
    assert Article.objects.get(pk=article.pk).status == S.DRAFT


# --------------------------------------------------------------------------- scheduling and embargo


@pytest.fixture
def embargoed(role_users):
    """An article with a caption and a quote, scheduled for tomorrow through the API."""
    article = article_in(S.IN_REVIEW, headline="خبر تحت الحظر")
    CaptionFactory(article=article, text="تعليق صورة محظورة")
    QuoteFactory(article=article)
    response = post_transition(
        client_for(role_users["editor"]),
        article,
        {"transition": "schedule", "published_at": (timezone.now() + timedelta(days=1)).isoformat()},
        version=Article.objects.get(pk=article.pk).version,
    )
    assert response.json()["status"] == "scheduled"
    return article


def test_embargoed_article_is_invisible_to_anonymous_readers(embargoed):
    anonymous = client_for(None)

    assert anonymous.get("/api/v1/articles/").json()["count"] == 0
    assert anonymous.get(f"/api/v1/articles/{embargoed.uuid}/").status_code == 404
    assert anonymous.get("/api/v1/captions/").json()["count"] == 0
    assert anonymous.get("/api/v1/quotes/").json()["count"] == 0
    assert anonymous.get(f"/api/v1/captions/?article={embargoed.uuid}").json()["count"] == 0


def test_embargoed_article_is_visible_to_staff(embargoed, role_users):
    response = client_for(role_users["reporter"]).get(f"/api/v1/articles/{embargoed.uuid}/")

    assert response.status_code == 200
    assert response.json()["status"] == "scheduled"


def test_embargoed_article_appears_at_its_time_without_any_job(embargoed):
    Article.objects.filter(pk=embargoed.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    anonymous = client_for(None)

    listed = anonymous.get("/api/v1/articles/").json()

    assert [row["headline"] for row in listed["results"]] == ["خبر تحت الحظر"]
    assert [c["text"] for c in listed["results"][0]["captions"]] == ["تعليق صورة محظورة"]
    assert anonymous.get("/api/v1/quotes/").json()["count"] == 1


def test_publish_scheduled_records_the_state_change_once(embargoed):
    Article.objects.filter(pk=embargoed.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    first, second = StringIO(), StringIO()

    call_command("publish_scheduled", stdout=first)
    call_command("publish_scheduled", stdout=second)

    response = client_for(None).get(f"/api/v1/articles/{embargoed.uuid}/")
    assert response.json()["status"] == "published"
    assert "1 scheduled article(s) published." in first.getvalue()
    assert "No scheduled article is due." in second.getvalue()


# --------------------------------------------------------------------------- corrections and retraction


def test_corrections_are_listed_in_order_with_their_times(role_users):
    article = article_in(S.PUBLISHED)
    client = client_for(role_users["editor"])
    post_transition(client, article, {"transition": "correct", "note": "التصحيح الأول"}, version=1)
    post_transition(client, article, {"transition": "correct", "note": "التصحيح الثاني"}, version=2)

    body = client_for(None).get(f"/api/v1/articles/{article.uuid}/").json()

    assert body["status"] == "corrected"
    assert [(c["kind"], c["note"]) for c in body["corrections"]] == [
        ("correction", "التصحيح الأول"),
        ("correction", "التصحيح الثاني"),
    ]
    times = [c["created_at"] for c in body["corrections"]]
    stored = list(Correction.objects.order_by("id").values_list("created_at", flat=True))
    assert times == [t.isoformat().replace("+00:00", "Z") for t in stored]


def test_non_public_corrections_are_not_shown():
    article = article_in(S.CORRECTED)
    Correction.objects.create(article=article, note="ملاحظة داخلية", public=False)
    Correction.objects.create(article=article, note="تصحيح منشور")

    body = client_for(None).get(f"/api/v1/articles/{article.uuid}/").json()

    assert [c["note"] for c in body["corrections"]] == ["تصحيح منشور"]


def article_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/articles/?page_size=50")
    assert response.status_code == 200
    return len(queries)


def test_corrections_cost_no_query_per_article():
    first = article_in(S.CORRECTED)
    Correction.objects.create(article=first, note="تصحيح")
    one = article_list_queries(client_for(None))
    for _ in range(29):
        article = article_in(S.CORRECTED)
        Correction.objects.create(article=article, note="تصحيح أول")
        Correction.objects.create(article=article, note="تصحيح ثان")

    thirty = article_list_queries(client_for(None))

    assert Article.objects.count() == 30
    assert one == thirty


@pytest.fixture
def retracted(role_users):
    article = article_in(S.PUBLISHED, headline="خبر مسحوب")
    response = post_transition(
        client_for(role_users["editor"]), article, {"transition": "retract", "note": "تبيّن أن المصدر غير موثوق."}
    )
    assert response.status_code == 200
    return article


def test_retracted_article_answers_410_gone_with_the_note(retracted):
    response = client_for(None).get(f"/api/v1/articles/{retracted.uuid}/")

    retraction = Correction.objects.get(article=retracted, kind="retraction")
    assert response.status_code == 410
    assert response.json() == {
        "detail": "This article has been retracted.",
        "code": "retracted",
        "uuid": str(retracted.uuid),
        "retraction": {"note": "تبيّن أن المصدر غير موثوق.", "retracted_at": retraction.created_at.isoformat()},
    }


def test_retracted_article_leaves_the_anonymous_list(retracted):
    published = article_in(S.PUBLISHED, headline="خبر قائم")

    body = client_for(None).get("/api/v1/articles/").json()

    assert [row["uuid"] for row in body["results"]] == [str(published.uuid)]


def test_staff_still_get_the_retracted_article(retracted, role_users):
    response = client_for(role_users["reporter"]).get(f"/api/v1/articles/{retracted.uuid}/")

    assert response.status_code == 200
    assert response.json()["status"] == "retracted"
    assert [c["kind"] for c in response.json()["corrections"]] == ["retraction"]


def test_unknown_article_is_still_404_not_410():
    response = client_for(None).get(f"/api/v1/articles/{ArticleFactory.build().uuid}/")

    assert response.status_code == 404


def test_browsable_api_page_of_the_transitions_renders(role_users):
    article = article_in(S.IN_REVIEW)

    response = client_for(role_users["editor"]).get(transitions_url(article), HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert "&quot;transition&quot;" in response.content.decode()  # the raw JSON form offers the fields
