"""/api/v1/articles/{uuid}/revisions/…: list, snapshot, diff, revert."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from articles import services
from articles.models import ArticleRevision, AuditEntry, Caption, Mention
from tests.support.factories import EntityFactory, UserFactory
from tests.support.users import user_with_perms

pytestmark = pytest.mark.django_db

BODY = "الفقرة الأولى.\n\nالفقرة الثانية."


def client_for(user=None):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def editor():
    return user_with_perms(
        "add_article",
        "view_article",
        "change_article",
        "add_caption",
        "delete_caption",
        "add_mention",
        username="editor",
    )


@pytest.fixture
def article(editor):
    """Version 1 created, 2 headline changed, 3 caption added, 4 caption deleted."""
    article = services.article_create(data={"headline": "العنوان الأول", "body": BODY}, actor=editor)
    services.article_update(article=article, data={"headline": "العنوان الثاني"}, actor=editor, expected_version=1)
    caption = services.article_part_save(part=Caption(article=article, text="صورة", order=1), actor=editor)
    services.article_part_delete(part=caption, actor=editor)
    return article


def revision(article, version):
    return ArticleRevision.objects.get(article=article, version=version)


def url(article, *rest):
    return "/".join([f"/api/v1/articles/{article.uuid}/revisions", *map(str, rest)]) + "/"


# --------------------------------------------------------------------------- permissions


def test_anonymous_clients_cannot_read_history(article):
    response = client_for().get(url(article))

    assert response.status_code == 401


def test_users_without_view_permission_cannot_read_history(article):
    response = client_for(UserFactory()).get(url(article))

    assert response.status_code == 403


def test_history_of_an_unknown_article_is_404_for_editors(editor):
    response = client_for(editor).get("/api/v1/articles/00000000-0000-0000-0000-000000000000/revisions/")

    assert response.status_code == 404


def test_history_with_a_malformed_uuid_is_400(editor):
    response = client_for(editor).get("/api/v1/articles/not-a-uuid/revisions/")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


# --------------------------------------------------------------------------- list and detail


def test_editors_list_revisions_newest_first(article):
    response = client_for(user_with_perms("view_article")).get(url(article))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert [(row["version"], row["user"], row["comment"], row["reverted_to"]) for row in body["results"]] == [
        (4, "editor", "Deleted caption “1”.", None),
        (3, "editor", "Added caption “1”.", None),
        (2, "editor", "Changed headline.", None),
        (1, "editor", "Added.", None),
    ]
    first = body["results"][0]
    assert set(first) == {"id", "url", "version", "created_at", "user", "comment", "reverted_to"}
    assert first["id"] == revision(article, 4).pk
    assert first["url"] == f"http://testserver{url(article, first['id'])}"


def test_revision_list_is_paginated(article):
    response = client_for(user_with_perms("view_article")).get(url(article), {"page_size": 3})

    body = response.json()
    assert (body["count"], len(body["results"]), body["next"] is not None) == (4, 3, True)


def test_revision_list_query_count_does_not_grow_with_rows(editor):
    one = services.article_create(data={"headline": "واحد", "body": BODY}, actor=editor)
    many = services.article_create(data={"headline": "كثير", "body": BODY}, actor=editor)
    for version in range(1, 30):
        services.article_update(
            article=many, data={"summary": f"ملخص {version}"}, actor=editor, expected_version=version
        )
    client = client_for(editor)
    client.get(url(one))  # warm the user's permission cache, so that both requests start alike

    with CaptureQueriesContext(connection) as single:
        assert len(client.get(url(one), {"page_size": 30}).json()["results"]) == 1
    with CaptureQueriesContext(connection) as thirty:
        assert len(client.get(url(many), {"page_size": 30}).json()["results"]) == 30

    assert len(single) == len(thirty)


def test_a_revision_shows_its_stored_snapshot(article, editor):
    entity = EntityFactory(name="إيران", slug="iran")
    services.article_part_save(part=Mention(article=article, entity=entity, count=2), actor=editor)
    caption_revision = revision(article, 3)

    response = client_for(editor).get(url(article, caption_revision.pk))
    later = client_for(editor).get(url(article, revision(article, 5).pk))

    assert response.status_code == 200
    snapshot = response.json()["snapshot"]
    assert snapshot["article"]["headline"] == "العنوان الثاني"
    assert snapshot["article"]["version"] == 3
    assert snapshot["article"]["paragraphs"] == ["الفقرة الأولى.", "الفقرة الثانية."]
    assert [caption["text"] for caption in snapshot["captions"]] == ["صورة"]
    assert snapshot["mentions"] == []
    assert later.json()["snapshot"]["mentions"] == [
        {
            "id": later.json()["snapshot"]["mentions"][0]["id"],
            "entity": {"id": entity.pk, "slug": "iran", "name": "إيران"},
            "count": 2,
            "role": "mentions",
            "origin": "confirmed",
        }
    ]
    assert later.json()["snapshot"]["captions"] == []


def test_a_revision_of_another_article_is_404(article, editor):
    other = services.article_create(data={"headline": "آخر", "body": BODY}, actor=editor)

    response = client_for(editor).get(url(article, revision(other, 1).pk))

    assert response.status_code == 404


# --------------------------------------------------------------------------- diff


def test_diff_defaults_to_the_previous_revision(article, editor):
    response = client_for(editor).get(url(article, revision(article, 2).pk, "diff"))

    assert response.status_code == 200
    body = response.json()
    assert body["article"] == str(article.uuid)
    assert body["from_revision"] == {"id": revision(article, 1).pk, "version": 1}
    assert body["to_revision"] == {"id": revision(article, 2).pk, "version": 2}
    assert body["fields"] == [{"field": "headline", "old": "العنوان الأول", "new": "العنوان الثاني"}]
    assert all(changes == {"added": [], "removed": [], "changed": []} for changes in body["parts"].values())


def test_diff_against_any_revision(article, editor):
    response = client_for(editor).get(
        url(article, revision(article, 3).pk, "diff"), {"against": revision(article, 1).pk}
    )

    body = response.json()
    assert body["from_revision"]["version"] == 1
    assert [change["field"] for change in body["fields"]] == ["headline"]
    assert [(entry["label"], entry["values"]["text"]) for entry in body["parts"]["captions"]["added"]] == [
        ("1", "صورة")
    ]


def test_diff_of_a_deletion_shows_the_part_removed(article, editor):
    response = client_for(editor).get(url(article, revision(article, 4).pk, "diff"))

    captions = response.json()["parts"]["captions"]
    assert ([entry["label"] for entry in captions["removed"]], captions["added"]) == (["1"], [])


def test_diff_of_the_first_revision_compares_with_nothing(article, editor):
    response = client_for(editor).get(url(article, revision(article, 1).pk, "diff"))

    body = response.json()
    assert body["from_revision"] is None
    assert {"field": "headline", "old": None, "new": "العنوان الأول"} in body["fields"]


@pytest.mark.parametrize("against", ["abc", "999999"])
def test_diff_against_a_revision_this_article_does_not_have_is_400(article, editor, against):
    response = client_for(editor).get(url(article, revision(article, 2).pk, "diff"), {"against": against})

    assert response.status_code == 400
    assert "against" in response.json()["errors"]


# --------------------------------------------------------------------------- revert


def test_revert_without_if_match_is_428(article, editor):
    response = client_for(editor).post(url(article, revision(article, 3).pk, "revert"))

    assert response.status_code == 428
    assert response.json()["current_version"] == 4


def test_revert_with_a_stale_if_match_is_412_and_changes_nothing(article, editor):
    response = client_for(editor).post(url(article, revision(article, 3).pk, "revert"), HTTP_IF_MATCH='"3"')

    assert response.status_code == 412
    assert response.json()["current_version"] == 4
    article.refresh_from_db()
    assert article.version == 4


def test_revert_restores_the_revision_as_a_new_version(article, editor):
    response = client_for(editor).post(url(article, revision(article, 3).pk, "revert"), HTTP_IF_MATCH='"4"')

    assert response.status_code == 200
    assert response["ETag"] == '"5"'
    body = response.json()
    assert (body["version"], body["headline"]) == (5, "العنوان الثاني")
    assert [caption["text"] for caption in body["captions"]] == ["صورة"]
    listing = client_for(editor).get(url(article)).json()["results"][0]
    assert (listing["version"], listing["comment"], listing["reverted_to"]) == (
        5,
        "Reverted to version 3. Added caption “1”.",
        3,
    )
    entry = AuditEntry.objects.get(action="article.revert")
    assert (entry.actor_name, entry.details["reverted_to"], entry.ip_address) == ("editor", 3, "127.0.0.1")


def test_revert_needs_the_change_permission(article):
    viewer = user_with_perms("view_article")

    response = client_for(viewer).post(url(article, revision(article, 1).pk, "revert"), HTTP_IF_MATCH='"4"')

    assert response.status_code == 403


def test_revert_is_refused_to_anonymous_clients(article):
    response = client_for().post(url(article, revision(article, 1).pk, "revert"), HTTP_IF_MATCH='"4"')

    assert response.status_code == 401


def test_revert_to_the_current_version_is_409(article, editor):
    response = client_for(editor).post(url(article, revision(article, 4).pk, "revert"), HTTP_IF_MATCH='"4"')

    assert response.status_code == 409
    assert response.json()["code"] == "no_change"


def test_api_writes_record_revisions_with_the_api_user(editor):
    client = client_for(user_with_perms("view_article", "add_article", "change_article", username="api"))
    created = client.post("/api/v1/articles/", {"headline": "من الواجهة", "body": BODY}, format="json").json()

    client.patch(f"/api/v1/articles/{created['uuid']}/", {"summary": "ملخص"}, format="json", HTTP_IF_MATCH='"1"')

    listing = client.get(f"/api/v1/articles/{created['uuid']}/revisions/").json()["results"]
    assert [(row["version"], row["user"], row["comment"]) for row in listing] == [
        (2, "api", "Changed summary."),
        (1, "api", "Added."),
    ]


def test_moving_a_caption_to_another_article_through_the_api_is_400(superuser_api_client, article, editor):
    other = services.article_create(data={"headline": "آخر", "body": BODY}, actor=editor)
    caption = services.article_part_save(part=Caption(article=article, text="صورة", order=5), actor=editor)

    response = superuser_api_client.patch(
        f"/api/v1/captions/{caption.pk}/", {"article": str(other.uuid)}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "part_move_refused"
    assert ArticleRevision.objects.filter(article=other).count() == 1
