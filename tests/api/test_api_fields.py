"""`?fields=` on the article list and detail: only the named fields are returned, and only what they
show is read from the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Correction
from tests.support.api import API, client_for, editor, indexed
from tests.support.factories import (
    ArticleFactory,
    AttributionFactory,
    CaptionFactory,
    MentionFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

ARTICLES = f"{API}/articles/"
ALL_FIELDS = (
    "uuid, url, headline, slug, summary, body, paragraphs, language, status, published_at, byline, version, "
    "created_at, updated_at, captions, sources, entities, quotes, corrections, snippet"
)


@pytest.fixture
def rich_article():
    """A published article with one row of every part the representation nests."""
    article = ArticleFactory(published=True, headline="الميناء يستقبل السفن", summary="ملخص الخبر")
    CaptionFactory(article=article, text="صورة الرصيف الجديد")
    AttributionFactory(article=article)
    MentionFactory(article=article)
    QuoteFactory(article=article, source=SourceFactory())
    Correction.objects.create(article=article, note="تصحيح منشور")
    return indexed(article)


def read(params, url=ARTICLES):
    with CaptureQueriesContext(connection) as queries:
        response = client_for().get(url, params)
    assert response.status_code == 200, response.content
    return response, [query["sql"] for query in queries]


def test_fields_returns_only_the_named_fields_in_the_order_of_the_representation(rich_article):
    response, _ = read({"fields": "headline,uuid"})

    assert response.json()["results"] == [{"uuid": str(rich_article.uuid), "headline": "الميناء يستقبل السفن"}]


def test_a_field_named_twice_or_with_spaces_is_returned_once(rich_article):
    response, _ = read({"fields": " headline , headline,summary"})

    assert response.json()["results"] == [{"headline": "الميناء يستقبل السفن", "summary": "ملخص الخبر"}]


def test_fields_that_nest_nothing_read_no_part_and_no_body(rich_article):
    _, sparse = read({"fields": "uuid,headline"})
    _, full = read({})

    assert len(full) - len(sparse) == 9  # the nine prefetches
    (page,) = [sql for sql in sparse if "articles_article" in sql and "COUNT(" not in sql]
    assert "body" not in page
    assert "body" in next(sql for sql in full if "COUNT(" not in sql)


def test_fields_read_the_parts_of_the_nested_fields_they_name(rich_article):
    _, headlines = read({"fields": "uuid,headline"})
    response, entities = read({"fields": "uuid,entities"})

    assert len(entities) - len(headlines) == 2  # the mentions and their entities
    (row,) = response.json()["results"]
    assert list(row) == ["uuid", "entities"]
    assert len(row["entities"]) == 1


def test_a_search_results_page_with_fields_carries_snippets_found_in_captions(rich_article):
    response, queries = read({"q": "الرصيف", "fields": "uuid,headline,snippet"})

    (hit,) = response.json()["results"]
    assert hit == {
        "uuid": str(rich_article.uuid),
        "headline": "الميناء يستقبل السفن",
        "snippet": "صورة <mark>الرصيف</mark> الجديد",
    }
    assert [sql for sql in queries if "articles_caption" in sql and "articles_article" not in sql] != []


def test_fields_on_the_detail_keeps_the_etag(rich_article):
    response, _ = read({"fields": "headline"}, url=f"{ARTICLES}{rich_article.uuid}/")

    assert response.json() == {"headline": "الميناء يستقبل السفن"}
    assert response["ETag"] == f'"{rich_article.version}"'


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("headline,title,bodyy", f"Unknown field: title, bodyy. The fields are: {ALL_FIELDS}."),
        ("", f"Name at least one field. The fields are: {ALL_FIELDS}."),
        (" , ", f"Name at least one field. The fields are: {ALL_FIELDS}."),
    ],
)
@pytest.mark.parametrize("detail", [False, True], ids=["list", "detail"])
def test_unknown_or_no_fields_is_a_400_that_lists_the_fields(rich_article, fields, message, detail):
    url = f"{ARTICLES}{rich_article.uuid}/" if detail else ARTICLES
    response = client_for().get(url, {"fields": fields})

    assert response.status_code == 400
    assert response.json() == {"detail": f"fields: {message}", "code": "invalid", "errors": {"fields": [message]}}


def test_fields_do_not_change_which_articles_are_listed(rich_article):
    ArticleFactory(status=Article.Status.DRAFT, headline="مسودة")

    response, _ = read({"fields": "headline"})

    assert response.json()["count"] == 1
    assert response.json()["results"] == [{"headline": "الميناء يستقبل السفن"}]


def test_the_browsable_api_shows_a_list_with_fields(rich_article):
    response = client_for(editor()).get(ARTICLES, {"fields": "headline", "format": "api"})

    assert response.status_code == 200
    assert "الميناء يستقبل السفن" in response.content.decode()
