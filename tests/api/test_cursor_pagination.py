"""Keyset (cursor) pagination of the time-ordered lists, and the depth limit of page numbers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.api.pagination import MAX_PAGE_DEPTH
from articles.models import Article
from tests.support.api import API, client_for, editor
from tests.support.factories import ArticleFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def articles(n, *, same_time=False, **fields):
    return [
        ArticleFactory(
            published=True,
            headline=f"خبر {i}",
            published_at=NOW - datetime.timedelta(hours=1 if same_time else i + 1),
            **fields,
        )
        for i in range(n)
    ]


def follow(client, url, key="headline") -> list[list[str]]:
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body
        pages.append([row[key] for row in body["results"]])
        url = body["next"]
    return pages


def test_following_cursors_walks_every_article_once_newest_first():
    articles(7)
    client = client_for()

    pages = follow(client, f"{API}/articles/?cursor=&page_size=3")

    assert pages == [["خبر 0", "خبر 1", "خبر 2"], ["خبر 3", "خبر 4", "خبر 5"], ["خبر 6"]]


def test_articles_published_at_the_same_time_are_ordered_by_id_across_pages():
    made = articles(5, same_time=True)
    client = client_for()

    pages = follow(client, f"{API}/articles/?cursor=&page_size=2")

    assert [headline for page in pages for headline in page] == [a.headline for a in reversed(made)]


def test_drafts_without_a_time_come_first_for_staff_and_cursors_pass_them():
    articles(2)
    ArticleFactory(headline="مسودة أ")
    ArticleFactory(headline="مسودة ب")
    client = client_for(editor())

    pages = follow(client, f"{API}/articles/?cursor=&page_size=1")

    assert [page[0] for page in pages] == ["مسودة ب", "مسودة أ", "خبر 0", "خبر 1"]


def test_a_cursor_keeps_the_filters():
    entity = EntityFactory(slug="iran")
    for article in articles(4)[::2]:
        MentionFactory(article=article, entity=entity)
    client = client_for()

    pages = follow(client, f"{API}/articles/?entity=iran&cursor=&page_size=1")

    assert pages == [["خبر 0"], ["خبر 2"]]


def test_a_deep_cursor_page_costs_the_same_queries_as_the_first():
    articles(6)
    client = client_for()
    first = client.get(f"{API}/articles/?cursor=&page_size=2&fields=uuid,headline")
    deeper = client.get(first.json()["next"]).json()["next"]

    with CaptureQueriesContext(connection) as at_first:
        client.get(f"{API}/articles/?cursor=&page_size=2&fields=uuid,headline")
    with CaptureQueriesContext(connection) as deep:
        response = client.get(deeper)

    assert [row["headline"] for row in response.json()["results"]] == ["خبر 4", "خبر 5"]
    assert len(deep) == len(at_first) == 1  # the page; no count


@pytest.mark.parametrize("value", ["x", "eyJ9", "WyIyMDI2LTAxLTAxVDAwOjAwOjAwWiIsICJ4Il0"])
def test_a_cursor_the_list_did_not_give_is_a_400(value):
    response = client_for(language="en").get(f"{API}/articles/?cursor={value}")

    assert response.status_code == 400
    assert response.json()["errors"] == {"cursor": ["This cursor is not one this list gave."]}


@pytest.mark.parametrize("query", ["ordering=headline", "q=خبر"])
def test_a_cursor_follows_the_default_order_only(query):
    articles(1)

    response = client_for(language="en").get(f"{API}/articles/?cursor=&{query}")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


def test_the_audit_log_pages_by_cursor_too(role_users):
    from articles.history.audit import audit_record

    for number in range(3):
        audit_record(actor=role_users["chief"], action=f"test.{number}")
    client = client_for(role_users["chief"])

    pages = follow(client, f"{API}/audit/?cursor=&page_size=2&action=test.*", key="action")

    assert pages == [["test.2", "test.1"], ["test.0"]]


def test_page_numbers_stop_at_the_documented_depth():
    client = client_for(language="en")

    response = client.get(f"{API}/articles/?page={MAX_PAGE_DEPTH // 100 + 1}&page_size=100")

    assert response.status_code == 400
    assert response.json()["errors"] == {"page": ["Pages go 10000 rows deep; follow ?cursor= to go further."]}
    assert Article.objects.count() == 0
