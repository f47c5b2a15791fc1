"""ninjs over the whole life of a story: versions, corrections, and a retraction as a canceled item."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from articles import services
from articles.policies import SYSTEM
from tests.support.api import API, client_for, editor
from tests.support.content import published_article

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parents[1] / "data" / "ninjs-schema-3.1.json").read_text("utf-8"))


def ninjs(client, article):
    response = client.get(f"{API}/articles/{article.uuid}/ninjs/")
    assert response.status_code == 200, response.content
    document = response.json()
    assert list(Draft202012Validator(SCHEMA).iter_errors(document)) == []
    return response, document


def test_version_and_version_created_follow_every_change():
    article = published_article("خبر", summary="ملخص")
    _, first = ninjs(client_for(None), article)
    services.article_update(actor=SYSTEM, article=article, data={"summary": "ملخص أدق"})
    _, edited = ninjs(client_for(None), article)
    article = services.article_transition(actor=SYSTEM, article=article, name="correct", note="صُحّح الرقم.")
    response, corrected = ninjs(client_for(None), article)

    assert [first["version"], edited["version"], corrected["version"]] == ["2", "3", "4"]
    assert first["versionCreated"] < edited["versionCreated"] < corrected["versionCreated"]
    assert corrected["versionCreated"] == article.updated_at.isoformat()
    assert response["ETag"] == '"4"'


def test_corrections_are_descriptions_of_the_item_oldest_first():
    article = published_article("خبر", summary="ملخص")
    article = services.article_transition(actor=SYSTEM, article=article, name="correct", note="الأول.")
    article = services.article_transition(actor=SYSTEM, article=article, name="correct", note="الثاني.")

    _, document = ninjs(client_for(None), article)

    notes = [(d["role"], d["value"].split(" ")[-1]) for d in document["descriptions"]]
    assert notes == [("summary", "ملخص"), ("correction", "الأول."), ("correction", "الثاني.")]
    assert document["descriptions"][1]["value"].startswith(article.corrections.first().created_at.isoformat())
    assert document["pubStatus"] == "usable"


def test_a_retracted_story_is_a_canceled_item_for_everyone_and_a_kill_notice_for_readers():
    article = published_article("خبر", body="نص سحب.", summary="ملخص")
    article = services.article_transition(actor=SYSTEM, article=article, name="retract", note="ثبت خطؤه.")

    _, public = ninjs(client_for(None), article)
    _, staff = ninjs(client_for(editor()), article)

    assert public["pubStatus"] == staff["pubStatus"] == "canceled"
    assert public["version"] == staff["version"] == "3"
    assert "bodies" not in public
    assert [(d["role"], d["value"].split(" ", 1)[1]) for d in public["descriptions"]] == [("retraction", "ثبت خطؤه.")]
    assert staff["bodies"][0]["value"] == "نص سحب."
    assert [d["role"] for d in staff["descriptions"]] == ["summary", "retraction"]
    # The article itself still answers readers 410 Gone.
    assert client_for(None).get(f"{API}/articles/{article.uuid}/").status_code == 410
