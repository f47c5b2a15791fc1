"""POST /api/v1/entities/{slug}/merge/ and GET /api/v1/entities/duplicates/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from articles.models import AuditEntry, Entity, Mention
from tests.support.factories import EntityAliasFactory, EntityFactory, MentionFactory, QuoteFactory
from tests.support.users import user_with_perms

pytestmark = pytest.mark.django_db


def client_with(*perms):
    client = APIClient()
    client.force_authenticate(user_with_perms(*perms, username="editor"))
    return client


@pytest.fixture
def merger():
    return client_with("merge_entity", "view_entity")


@pytest.fixture
def centcom():
    entity = EntityFactory(
        name="القيادة المركزية الأميركية", name_en="CENTCOM", slug="centcom", kind=Entity.Kind.ORGANISATION
    )
    EntityAliasFactory(entity=entity, name="سنتكوم")
    return entity


@pytest.fixture
def centcom_duplicate():
    return EntityFactory(name="سنتكوم", name_en="", slug="centcom-2", kind=Entity.Kind.ORGANISATION)


def test_merge_answers_200_with_the_survivor_and_moves_everything(merger, centcom, centcom_duplicate):
    MentionFactory(entity=centcom_duplicate, count=4)
    QuoteFactory(speaker=centcom_duplicate)

    response = merger.post("/api/v1/entities/centcom-2/merge/", {"into": "centcom"}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "centcom"
    assert body["aliases"] == [{"name": "سنتكوم", "language": "ar"}]
    assert not Entity.objects.filter(slug="centcom-2").exists()
    assert Mention.objects.get().entity == centcom
    assert centcom.quotes.count() == 1
    entry = AuditEntry.objects.get(action="entity.merge")
    assert (entry.action, entry.actor_name, entry.target_id, entry.ip_address) == (
        "entity.merge",
        "editor",
        str(centcom.pk),
        "127.0.0.1",
    )
    assert entry.details["merged"]["slug"] == "centcom-2"


def test_merge_needs_the_merge_permission(api_client, centcom, centcom_duplicate):
    may_edit = client_with("add_entity", "change_entity", "delete_entity")

    anonymous = api_client.post("/api/v1/entities/centcom-2/merge/", {"into": "centcom"}, format="json")
    editor = may_edit.post("/api/v1/entities/centcom-2/merge/", {"into": "centcom"}, format="json")

    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")
    assert (editor.status_code, editor.json()["code"]) == (403, "permission_denied")
    assert Entity.objects.count() == 2


def test_merge_into_itself_is_400(merger, centcom):
    response = merger.post("/api/v1/entities/centcom/merge/", {"into": "centcom"}, format="json")

    assert (response.status_code, response.json()["code"]) == (400, "merge_into_self")


def test_merge_across_kinds_is_409_and_changes_nothing(merger, centcom):
    EntityFactory(slug="person", kind=Entity.Kind.PERSON)

    response = merger.post("/api/v1/entities/person/merge/", {"into": "centcom"}, format="json")

    assert (response.status_code, response.json()["code"]) == (409, "kind_mismatch")
    assert Entity.objects.count() == 2
    assert AuditEntry.objects.filter(action="entity.merge").count() == 0


def test_merge_of_an_unknown_entity_is_404_and_into_an_unknown_one_400(merger, centcom):
    unknown_source = merger.post("/api/v1/entities/nope/merge/", {"into": "centcom"}, format="json")
    unknown_target = merger.post("/api/v1/entities/centcom/merge/", {"into": "nope"}, format="json")
    missing_into = merger.post("/api/v1/entities/centcom/merge/", {}, format="json")
    extra_field = merger.post("/api/v1/entities/centcom/merge/", {"into": "centcom", "force": True}, format="json")

    assert unknown_source.status_code == 404
    assert (unknown_target.status_code, list(unknown_target.json()["errors"])) == (400, ["into"])
    assert (missing_into.status_code, list(missing_into.json()["errors"])) == (400, ["into"])
    assert (extra_field.status_code, list(extra_field.json()["errors"])) == (400, ["force"])


def test_duplicates_lists_pairs_with_reasons_and_a_suggested_survivor(merger, centcom, centcom_duplicate):
    MentionFactory(entity=centcom)

    response = merger.get("/api/v1/entities/duplicates/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "entities": [
                {
                    "slug": "centcom",
                    "name": "القيادة المركزية الأميركية",
                    "name_en": "CENTCOM",
                    "kind": "organisation",
                    "wikidata_id": "",
                    "mention_count": 1,
                },
                {
                    "slug": "centcom-2",
                    "name": "سنتكوم",
                    "name_en": "",
                    "kind": "organisation",
                    "wikidata_id": "",
                    "mention_count": 0,
                },
            ],
            "reasons": ["name_is_alias"],
            "key": "سنتكوم",
            "suggested_survivor": "centcom",
        }
    ]


def test_duplicates_filters_by_kind_and_refuses_an_unknown_kind(merger, centcom, centcom_duplicate):
    assert merger.get("/api/v1/entities/duplicates/?kind=person").json()["count"] == 0
    assert merger.get("/api/v1/entities/duplicates/?kind=organisation").json()["count"] == 1
    response = merger.get("/api/v1/entities/duplicates/?kind=planet")
    assert (response.status_code, list(response.json()["errors"])) == (400, ["kind"])


def test_duplicates_are_for_staff_only(api_client, centcom, centcom_duplicate):
    assert api_client.get("/api/v1/entities/duplicates/").status_code == 401
    assert client_with("add_entity").get("/api/v1/entities/duplicates/").status_code == 403
    assert client_with("view_entity").get("/api/v1/entities/duplicates/").status_code == 200


def test_duplicates_read_one_pair_and_thirty_with_the_same_queries(merger):
    def pair(number):
        EntityFactory(name=f"اسم {number}", slug=f"a-{number}", kind=Entity.Kind.PERSON, name_en="")
        MentionFactory(entity=EntityFactory(name=f"إسم {number}", slug=f"b-{number}", kind=Entity.Kind.PERSON))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = merger.get("/api/v1/entities/duplicates/?page_size=50")
        return response.json()["count"], len(captured)

    pair(0)
    merger.get("/api/v1/entities/duplicates/")
    one = queries()
    for number in range(1, 30):
        pair(number)
    thirty = queries()

    assert (one[0], thirty[0]) == (1, 30)
    # the entities, their aliases, then the mentions of the paired entities only
    assert one[1] == thirty[1] == 3
