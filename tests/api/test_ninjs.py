"""The ninjs export: valid against IPTC's ninjs 3.1 schema, with the mapping articles/api/ninjs.py describes."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.support.factories import ArticleFactory, CaptionFactory

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "ninjs-schema-3.1.json").read_text("utf-8"))
BITCOIN = "a2fcd04a-6b5e-48f7-8179-eb924a77879f"
BAHRAIN = "741cf438-ab81-41ab-b072-1fc17a649d48"


def schema_errors(document) -> list[str]:
    return [error.message for error in Draft202012Validator(SCHEMA).iter_errors(document)]


def test_ninjs_of_a_draft_is_withheld_and_hidden_from_anonymous_clients(api_client, superuser):
    draft = ArticleFactory(headline="مسودة", summary="ملخص قصير")
    CaptionFactory(article=draft, text="تعليق", alt_text="", credit="وكالة")

    assert api_client.get(f"/api/v1/articles/{draft.uuid}/ninjs/").status_code == 404
    api_client.force_authenticate(superuser)
    document = api_client.get(f"/api/v1/articles/{draft.uuid}/ninjs/").json()
    assert document["pubStatus"] == "withheld"
    assert document["descriptions"] == [{"role": "summary", "contentType": "text/plain", "value": "ملخص قصير"}]
    assert document["associations"][0]["by"] == "وكالة"
    assert [d["role"] for d in document["associations"][0]["descriptions"]] == ["caption"]
    assert schema_errors(document) == []


def test_ninjs_validation_catches_a_broken_document():
    assert schema_errors({"uri": "x", "headlines": [{"role": "main"}]}) == ["'value' is a required property"]


@pytest.mark.usefixtures("seeded")
class TestOnTheSeed:
    """Tests that read the seed articles, loaded once for the class (tests/conftest.py: seeded)."""

    @pytest.mark.parametrize("uuid", [BITCOIN, BAHRAIN])
    def test_seed_articles_export_as_valid_ninjs(self, api_client, seeded, uuid):
        response = api_client.get(f"/api/v1/articles/{uuid}/ninjs/")

        assert response.status_code == 200
        assert schema_errors(response.json()) == []

    def test_ninjs_maps_captions_to_picture_associations_with_flags(self, api_client, seeded):
        document = api_client.get(f"/api/v1/articles/{BAHRAIN}/ninjs/").json()

        assert document["type"] == "composite"
        assert document["pubStatus"] == "usable"
        assert document["associations"] == [
            {
                "uri": f"http://testserver/api/v1/articles/{BAHRAIN}/#caption-1",
                "name": "picture1",
                "rel": "picture",
                "type": "picture",
                "descriptions": [
                    {
                        "role": "caption",
                        "contentType": "text/plain",
                        "value": "اجتماع البحرين عقد تحت إشراف القيادة المركزية الأميركية، وفق أكسيوس",
                    },
                    {
                        "role": "alt",
                        "contentType": "text/plain",
                        "value": "اجتماع البحرين عقد تحت إشراف القيادة المركزية الأميركية، وفق أكسيوس",
                    },
                ],
                "genres": [
                    {"name": "archive", "literal": "archival"},
                    {"name": "illustrative", "literal": "illustrative"},
                ],
            }
        ]

    def test_ninjs_maps_sources_to_info_sources_once_each(self, api_client, seeded):
        document = api_client.get(f"/api/v1/articles/{BAHRAIN}/ninjs/").json()

        assert sorted(source["literal"] for source in document["infoSources"]) == ["axios", "irna"]
        assert {source["role"] for source in document["infoSources"]} == {"source"}

    def test_ninjs_groups_entities_by_kind_with_rel_and_uris(self, api_client, seeded):
        document = api_client.get(f"/api/v1/articles/{BITCOIN}/ninjs/").json()

        places = {place["literal"]: place for place in document["places"]}
        assert places["iran"] == {
            "name": "إيران",
            "rel": "about",
            "literal": "iran",
            "uri": "http://www.wikidata.org/entity/Q794",
        }
        subjects = {subject["literal"]: subject for subject in document["subjects"]}
        assert subjects["power-outage"]["rel"] == "about"
        assert subjects["power-outage"]["uri"] == "http://cv.iptc.org/newscodes/mediatopic/20000260"
        assert "ضياء صدر" in [person["name"] for person in document["people"]]
