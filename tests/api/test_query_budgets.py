"""Query budgets of the main reads and writes of the API (issue: lean writes, reads near the
database's own cost). Each test counts every statement one request sends, on SQLite and on
PostgreSQL, for a rich article (captions, a confirmed mention of an entity with an alias, an
attribution to a source with an alias, a quote).

Writes run in tests with `transaction=True`: the request's transaction is then the outermost one,
as in production. Transaction control (BEGIN, COMMIT, and the SAVEPOINT/RELEASE pair of a
service's atomic block inside the API's one transaction per write) is not counted: it reads and
writes nothing. The budgets are the counts measured when they were set: a change that adds a
query fails here and must say why.
"""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles import analysis
from articles.models import Article, ArticleRevision, Entity, Mention, Source
from articles.syndication import dispatch
from tests.support.api import ALL_PERMISSIONS, API, client_for, editor, indexed
from tests.support.factories import (
    ArticleFactory,
    AttributionFactory,
    CaptionFactory,
    EntityAliasFactory,
    EntityFactory,
    MentionFactory,
    QuoteFactory,
    SourceAliasFactory,
    SourceFactory,
)
from tests.support.users import user_with_perms

BODY = "الفقرة الأولى من الخبر.\n\nوقال المتحدث إن الوضع مستقر."

#: Statements per request, at most: the counts measured on both databases (reads are anonymous;
#: writes use an editor's token). A write of an article's text includes one read of its
#: suggestions (the analysis on every write, whose name tables are looked at every
#: NAMES_CHECK_SECONDS, not per write). The nested create is 24 (issue 18 asks for at most 30).
BUDGETS = {
    "list": 10,
    "list filtered by entity": 11,
    "list filtered by source": 11,
    "list filtered by date": 10,
    "list searched": 16,
    "detail": 6,
    "patch": 15,
    "create": 10,
    "nested create": 24,
    "publish": 16,
    "caption create": 24,
    "caption update": 24,
    "caption delete": 21,
}

#: A search ranks every match (articles/search/results.py): besides the list's 10 (count, page and
#: 8 reads of parts) it reads the candidates (the newest matches and those with a query word in a
#: head field), their term statistics (head fields, then every field of the best) and each query
#: word's document frequency: 16 on SQLite. PostgreSQL also reads the planner's statistics of
#: publication times and sets planner settings for the window, the count and each frequency, one
#: statement each (articles/search/postgresql/window.py planner_session): 21.
POSTGRESQL_BUDGETS = {"list searched": 21}


def budget(name: str) -> int:
    return POSTGRESQL_BUDGETS.get(name, BUDGETS[name]) if connection.vendor == "postgresql" else BUDGETS[name]


def rich_article(published=True, **fields) -> Article:
    article = ArticleFactory(published=published, body=BODY, headline="عنوان الخبر", **fields)
    CaptionFactory(article=article, order=1)
    CaptionFactory(article=article, order=2)
    entity = Entity.objects.filter(slug="iran").first() or EntityFactory(slug="iran")
    source = Source.objects.filter(slug="reuters").first() or SourceFactory(slug="reuters")
    if not entity.aliases.exists():
        EntityAliasFactory(entity=entity)
        SourceAliasFactory(source=source)
    MentionFactory(article=article, entity=entity, origin=Mention.Origin.CONFIRMED)
    AttributionFactory(article=article, source=source, paragraph=1)
    QuoteFactory(article=article, speaker=entity, paragraph=2)
    return indexed(article)


def token_client(user=None) -> APIClient:
    token = Token.objects.create(user=user or editor())
    return APIClient(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")


#: Transaction control, not queries: PostgreSQL's BEGIN and COMMIT are not even logged by Django;
#: SQLite's are, as the settings ask for BEGIN IMMEDIATE.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def counted(send) -> tuple[int, object]:
    """Statements the request sends, without transaction control. The webhook dispatcher's check
    for active subscriptions runs once every WEBHOOK_SUBSCRIBERS_CHECK_SECONDS per process, not per
    write: it is made just before, as a running server would have; so is the analysis's look at the
    name tables (at most every NAMES_CHECK_SECONDS per process). Both are made afresh (interval 0),
    so that neither falls due during the request: a check last made 4.99 s earlier by another test
    was made again inside it (one statement over the budget, now and then)."""
    with override_settings(WEBHOOK_SUBSCRIBERS_CHECK_SECONDS=0):
        dispatch.wake()
    analysis.names()
    with override_settings(NAMES_CHECK_SECONDS=5), CaptureQueriesContext(connection) as queries:
        response = send()
    assert response.status_code < 300, response.content
    statements = [query["sql"] for query in queries.captured_queries]
    return len([sql for sql in statements if not sql.startswith(TRANSACTION_CONTROL)]), response


READS = {
    "list": f"{API}/articles/",
    "list filtered by entity": f"{API}/articles/?entity=iran",
    "list filtered by source": f"{API}/articles/?source=reuters",
    "list filtered by date": f"{API}/articles/?published_from=2000-01-01T00:00:00Z&published_to=2100-01-01T00:00:00Z",
    "list searched": f"{API}/articles/?q=عنوان الخبر",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", READS, ids=READS.keys())
def test_article_lists_stay_within_their_query_budget(name):
    for _ in range(3):
        rich_article()
    client = client_for()

    queries, response = counted(lambda: client.get(READS[name]))

    assert response.json()["count"] == 3
    assert queries <= budget(name), queries


@pytest.mark.django_db
def test_article_detail_stays_within_its_query_budget():
    article = rich_article()
    client = client_for()

    queries, response = counted(lambda: client.get(f"{API}/articles/{article.uuid}/"))

    assert response.json()["headline"] == "عنوان الخبر"
    assert queries <= BUDGETS["detail"], queries


@pytest.mark.django_db(transaction=True)
def test_a_one_field_patch_stays_within_its_query_budget():
    article = rich_article()
    client = token_client()

    queries, response = counted(
        lambda: client.patch(
            f"{API}/articles/{article.uuid}/", {"headline": "عنوان آخر"}, format="json", HTTP_IF_MATCH='"1"'
        )
    )

    body = response.json()
    assert (body["headline"], body["version"], len(body["captions"]), len(body["quotes"])) == ("عنوان آخر", 2, 2, 1)
    assert queries <= BUDGETS["patch"], queries
    assert ArticleRevision.objects.get(article=article, version=2).changes["article"]["headline"] == "عنوان آخر"


@pytest.mark.django_db(transaction=True)
def test_creating_an_article_stays_within_its_query_budget():
    client = token_client()

    queries, response = counted(
        lambda: client.post(f"{API}/articles/", {"headline": "خبر جديد", "body": BODY}, format="json")
    )

    assert response.json()["version"] == 1
    assert queries <= BUDGETS["create"], queries


@pytest.mark.django_db(transaction=True)
def test_publishing_stays_within_its_query_budget():
    article = rich_article(published=False, status=Article.Status.IN_REVIEW)
    client = token_client(user_with_perms(*ALL_PERMISSIONS, "publish_article", is_staff=True))

    queries, response = counted(
        lambda: client.post(
            f"{API}/articles/{article.uuid}/transitions/", {"transition": "publish"}, format="json", HTTP_IF_MATCH='"1"'
        )
    )

    assert (response.json()["status"], response.json()["version"]) == ("published", 2)
    assert queries <= BUDGETS["publish"], queries


@pytest.mark.django_db(transaction=True)
def test_part_writes_stay_within_their_query_budgets():
    article = rich_article()
    client = token_client()

    created, response = counted(
        lambda: client.post(
            f"{API}/captions/", {"article": str(article.uuid), "text": "صورة ثالثة", "order": 3}, format="json"
        )
    )
    caption = response.json()["id"]
    updated, _ = counted(lambda: client.patch(f"{API}/captions/{caption}/", {"alt_text": "وصف"}, format="json"))
    deleted, _ = counted(lambda: client.delete(f"{API}/captions/{caption}/"))

    assert Article.objects.get(pk=article.pk).version == 4
    assert created <= BUDGETS["caption create"], created
    assert updated <= BUDGETS["caption update"], updated
    assert deleted <= BUDGETS["caption delete"], deleted


NESTED = {
    "headline": "خبر بأجزائه",
    "body": BODY,
    "captions": [{"order": 1, "text": "صورة أولى"}, {"order": 2, "text": "صورة ثانية", "alt_text": "وصف"}],
    "mentions": [
        {"entity": "iran", "count": 2, "origin": "confirmed"},
        {"entity": "tehran", "role": "about", "origin": "confirmed"},
        {"entity": "un"},
    ],
    "attributions": [{"source": "reuters", "paragraph": 1, "phrase": "قالت"}],
    "quotes": [{"text": "الوضع مستقر", "speaker": "iran", "source": "reuters", "paragraph": 2}],
}


def nested_names():
    rich_article()
    EntityFactory(slug="tehran")
    EntityFactory(slug="un")


@pytest.mark.django_db(transaction=True)
def test_creating_an_article_with_its_parts_stays_within_its_query_budget():
    nested_names()
    client = token_client()

    queries, response = counted(lambda: client.post(f"{API}/articles/", NESTED, format="json"))

    body = response.json()
    article = Article.objects.get(uuid=body["uuid"])
    assert (body["version"], article.revisions.count()) == (1, 1)
    assert [row["text"] for row in body["captions"]] == ["صورة أولى", "صورة ثانية"]
    assert [row["entity"]["slug"] for row in body["entities"]] == ["iran", "tehran", "un"]
    assert [(row["source"]["slug"], row["paragraph"]) for row in body["sources"]] == [("reuters", 1)]
    assert [(row["speaker"]["slug"], row["source"]["slug"]) for row in body["quotes"]] == [("iran", "reuters")]
    assert queries <= BUDGETS["nested create"], queries
