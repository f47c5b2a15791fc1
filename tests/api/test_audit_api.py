"""GET /api/v1/audit/: staff only, filters, ordering, no query per row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from articles.history.audit import audit_record
from articles.models import AuditEntry
from tests.support.factories import ArticleFactory, EntityFactory, UserFactory
from tests.support.users import user_with_perms

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor():
    client = APIClient()
    client.force_authenticate(user_with_perms("view_auditentry", username="auditor"))
    # Granting the auditor's permission is itself audited; these tests start from an empty log.
    AuditEntry.objects.filter(action__startswith="permissions.").delete()
    return client


def record(action, *, user=None, target=None, at=None, details=None):
    entry = audit_record(action=action, actor=user, target=target, details=details)
    if at is not None:
        AuditEntry.objects.filter(pk=entry.pk).update(at=at)
    return entry


def when(day, hour=12):
    return datetime.datetime(2026, 3, day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def log():
    editor, chief = UserFactory(username="editor"), UserFactory(username="chief")
    article, entity = ArticleFactory(headline="خبر"), EntityFactory(name="سنتكوم")
    return {
        "publish": record("article.transition", user=editor, target=article, at=when(1), details={"to": "published"}),
        "revert": record("article.revert", user=chief, target=article, at=when(2)),
        "merge": record("entity.merge", user=editor, target=entity, at=when(3)),
        "grant": record("user.permissions", user=chief, at=when(4)),
        "article": article,
        "entity": entity,
    }


def actions(response):
    assert response.status_code == 200, response.content
    return [row["action"] for row in response.json()["results"]]


def test_anonymous_and_users_without_the_permission_are_refused(api_client, log):
    someone = APIClient()
    someone.force_authenticate(user_with_perms("view_article", "change_article"))

    anonymous = api_client.get("/api/v1/audit/")
    unprivileged = someone.get("/api/v1/audit/")

    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")
    assert (unprivileged.status_code, unprivileged.json()["code"]) == (403, "permission_denied")
    assert api_client.get(f"/api/v1/audit/{log['merge'].pk}/").status_code == 401


def test_the_log_is_newest_first_with_every_field(auditor, log):
    response = auditor.get("/api/v1/audit/")

    assert actions(response) == ["user.permissions", "entity.merge", "article.revert", "article.transition"]
    assert response.json()["results"][3] == {
        "id": log["publish"].pk,
        "at": "2026-03-01T12:00:00Z",
        "actor": "editor",
        "action": "article.transition",
        "target_type": "articles.article",
        "target_id": str(log["article"].uuid),
        "target_repr": "خبر",
        "details": {"to": "published"},
        "ip_address": None,
        "user_agent": "",
    }


def test_the_log_is_read_only(auditor, log):
    assert auditor.post("/api/v1/audit/", {"action": "x"}, format="json").status_code == 405
    assert auditor.delete(f"/api/v1/audit/{log['merge'].pk}/").status_code == 405
    assert AuditEntry.objects.count() == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=entity.merge", ["entity.merge"]),
        ("action=entity.merge,article.revert", ["entity.merge", "article.revert"]),
        ("action=article.*", ["article.revert", "article.transition"]),
        ("actor=chief", ["user.permissions", "article.revert"]),
        ("target_type=articles.entity", ["entity.merge"]),
        ("from=2026-03-02T00:00:00Z&to=2026-03-03T23:59:59Z", ["entity.merge", "article.revert"]),
        ("ordering=at", ["article.transition", "article.revert", "entity.merge", "user.permissions"]),
        ("ordering=action", ["article.revert", "article.transition", "entity.merge", "user.permissions"]),
    ],
)
def test_filters_and_ordering(auditor, log, query, expected):
    assert actions(auditor.get(f"/api/v1/audit/?{query}")) == expected


def test_filter_by_target_id(auditor, log):
    assert actions(auditor.get(f"/api/v1/audit/?target_id={log['article'].uuid}")) == [
        "article.revert",
        "article.transition",
    ]


def test_actor_filter_still_finds_entries_of_a_deleted_user(auditor, log):
    UserFactory(username="chief").delete()

    assert actions(auditor.get("/api/v1/audit/?actor=chief")) == ["user.permissions", "article.revert"]


@pytest.mark.parametrize("query", ["from=yesterday", "ordering=ip_address", "page=0", "page_size=x"])
def test_bad_parameters_are_400(auditor, log, query):
    response = auditor.get(f"/api/v1/audit/?{query}")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_the_list_reads_one_entry_and_thirty_with_the_same_queries(auditor):
    editor = UserFactory()
    record("entity.merge", user=editor)
    auditor.get("/api/v1/audit/")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = auditor.get("/api/v1/audit/?page_size=50")
        return len(response.json()["results"]), len(captured)

    one = queries()
    for _ in range(29):
        record("entity.merge", user=editor)
    thirty = queries()

    assert (one[0], thirty[0]) == (1, 30)
    assert one[1] == thirty[1] == 2
