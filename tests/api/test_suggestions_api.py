"""POST /api/v1/analyze/, an article's suggestions, and confirming or rejecting them over HTTP."""

import pytest

from articles.models import Article, Mention, Suggestion
from tests.support.analysis import BODY, HEADLINE, names
from tests.support.api import API, client_for, editor
from tests.support.content import write_article
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return names()


@pytest.fixture
def article(world):
    return write_article(headline=HEADLINE, body=BODY)


def test_analyze_answers_mentions_sources_and_quotes_with_offsets_into_the_submitted_text(world):
    text = "\n\n" + BODY
    response = client_for(editor()).post(f"{API}/analyze/", {"text": text}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["mentions"] == [
        {"entity": "sami", "kind": "person", "start": 20, "end": 31, "text": "سامي الحداد"},
        {"entity": "iran", "kind": "place", "start": 55, "end": 60, "text": "إيران"},
        {"entity": "iran", "kind": "place", "start": 165, "end": 170, "text": "إيران"},
    ]
    assert body["sources"] == [
        {
            "source": "reuters",
            "start": 33,
            "end": 39,
            "text": "رويترز",
            "phrase": "قال وزير الخارجية سامي الحداد ل… إن",
            "paragraph": 1,
        },
        {"source": None, "start": 139, "end": 145, "text": "الأيام", "phrase": "ذكرت صحيفة … أن", "paragraph": 3},
    ]
    assert body["quotes"] == [
        {
            "text": "الاتفاق مع إيران نهائي",
            "start": 44,
            "end": 66,
            "speaker": "sami",
            "speaker_text": "سامي الحداد",
            "paragraph": 1,
            "source": "reuters",
        },
        {
            "text": "الاجتماع كان مثمرا جدا",
            "start": 100,
            "end": 122,
            "speaker": None,
            "speaker_text": "المتحدث باسم الحكومة",
            "paragraph": 2,
            "source": None,
        },
    ]
    for item in body["mentions"] + body["sources"] + body["quotes"]:
        assert text[item["start"] : item["end"]] == item["text"]


def test_analyze_stores_nothing(world):
    client_for(editor()).post(f"{API}/analyze/", {"text": BODY}, format="json")

    assert Suggestion.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [({}, "text"), ({"text": 5}, "text"), ({"text": "ا" * 200_001}, "text")],
    ids=["missing", "not a string", "too long"],
)
def test_analyze_refuses_bad_input_naming_the_field(payload, field):
    response = client_for(editor()).post(f"{API}/analyze/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_analyze_needs_a_signed_in_client():
    assert client_for(None).post(f"{API}/analyze/", {"text": "نص"}, format="json").status_code in (401, 403)


def test_an_articles_suggestions_have_the_analyze_shape_with_ids_and_fields(article):
    response = client_for(editor()).get(f"{API}/articles/{article.uuid}/suggestions/")

    assert response.status_code == 200
    body = response.json()
    assert [(m["field"], m["entity"], m["start"], m["end"]) for m in body["mentions"]] == [
        ("body", "sami", 18, 29),
        ("body", "iran", 53, 58),
        ("body", "iran", 163, 168),
        ("headline", "iran", 0, 5),
    ]
    assert [(q["speaker"], q["speaker_text"], q["paragraph"]) for q in body["quotes"]] == [
        ("sami", "سامي الحداد", 1),
        (None, "المتحدث باسم الحكومة", 2),
    ]
    assert {m["status"] for m in body["mentions"]} == {"pending"}


def test_readers_without_access_to_drafts_do_not_see_suggestions(article):
    response = client_for(UserFactory()).get(f"{API}/articles/{article.uuid}/suggestions/")

    assert response.status_code == 403


def test_an_unknown_status_filter_is_refused(article):
    response = client_for(editor()).get(f"{API}/articles/{article.uuid}/suggestions/?status=maybe")

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_confirming_over_http_writes_the_mention(article):
    client = client_for(editor())
    row = article.suggestions.get(field="headline")

    response = client.post(f"{API}/suggestions/{row.pk}/confirm/", {"role": "about"}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    mention = Mention.objects.get(article=article)
    assert (mention.entity.slug, mention.count, mention.role) == ("iran", 3, "about")
    assert Article.objects.get(pk=article.pk).version == 2


def test_rejecting_over_http_is_remembered_and_listed(article):
    client = client_for(editor())
    row = article.suggestions.get(kind="source", source__isnull=True)

    assert client.post(f"{API}/suggestions/{row.pk}/reject/").status_code == 200

    listed = client.get(f"{API}/articles/{article.uuid}/suggestions/?status=rejected").json()
    assert [(s["id"], s["text"]) for s in listed["sources"]] == [(row.pk, "الأيام")]
    assert client.post(f"{API}/suggestions/{row.pk}/reject/").status_code == 409


def test_an_unknown_speaker_becomes_an_entity_over_http(article):
    row = article.suggestions.get(kind="quote", entity__isnull=True)

    response = client_for(editor()).post(f"{API}/suggestions/{row.pk}/create/", {"name_en": "Spokesman"}, format="json")

    assert response.status_code == 201
    assert response.json()["suggestion"]["speaker"] == response.json()["created"]
    assert article.quotes.get().speaker.name_en == "Spokesman"


def test_confirming_a_quote_without_a_speaker_is_a_400_and_changes_nothing(article):
    row = article.suggestions.get(kind="quote", entity__isnull=True)

    response = client_for(editor()).post(f"{API}/suggestions/{row.pk}/confirm/", {}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "speaker_unknown"
    assert article.quotes.count() == 0


def test_a_suggestion_that_does_not_exist_is_a_404():
    assert client_for(editor()).post(f"{API}/suggestions/999999/reject/").status_code == 404


@pytest.mark.parametrize("key", ["true", "1.5", "99999999999999999999"])
def test_a_suggestion_key_that_is_not_a_row_number_is_a_404_not_a_500(key):
    """Schemathesis sent /suggestions/true/: a ValueError answered 500."""
    assert client_for(editor()).get(f"{API}/suggestions/{key}/").status_code == 404
    assert client_for(editor()).post(f"{API}/suggestions/{key}/reject/").status_code == 404


def test_suggestions_one_by_one_for_an_article(article):
    response = client_for(editor()).get(f"{API}/suggestions/?article={article.uuid}&status=all")

    assert response.status_code == 200
    assert len(response.json()) == 8
    assert client_for(editor()).get(f"{API}/suggestions/?article=not-a-uuid").status_code == 400
