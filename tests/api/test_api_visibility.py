"""Who sees what: readers see published articles whose time has come, and nothing of any other
article; users with the `view_article` permission see everything. And no list reads row by row."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from tests.support.api import API, client_for, count_queries, editor, indexed
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
    UserFactory,
)
from tests.support.users import user_with_perms

pytestmark = pytest.mark.django_db

PARTS = ["captions", "attributions", "mentions", "quotes"]


def an_article(headline, status, published_at):
    """An article with one of each part, so that every part endpoint has a row of it."""
    article = ArticleFactory(headline=headline, status=status, published_at=published_at)
    CaptionFactory(article=article)
    AttributionFactory(article=article)
    MentionFactory(article=article)
    QuoteFactory(article=article)
    return indexed(article)


@pytest.fixture
def states():
    past = timezone.now() - dt.timedelta(days=1)
    future = timezone.now() + dt.timedelta(days=1)
    return {
        "published": an_article("منشور", Article.Status.PUBLISHED, past),
        "corrected": an_article("مصحح", Article.Status.CORRECTED, past),
        "draft": an_article("مسودة", Article.Status.DRAFT, None),
        "in_review": an_article("قيد المراجعة", Article.Status.IN_REVIEW, None),
        "retracted": an_article("مسحوب", Article.Status.RETRACTED, past),
        "embargoed": an_article("محظور حتى الغد", Article.Status.PUBLISHED, future),
    }


HIDDEN = ["draft", "in_review", "retracted", "embargoed"]
READERS = {
    "anonymous": lambda: None,
    "user without permissions": lambda: UserFactory(),
    "staff without view_article": lambda: user_with_perms(
        "view_caption", "view_attribution", "view_mention", "view_quote", "change_article", is_staff=True
    ),
}


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
def test_readers_list_only_public_articles(states, reader):
    response = client_for(reader()).get(f"{API}/articles/")

    assert sorted(row["headline"] for row in response.json()["results"]) == ["مصحح", "منشور"]


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
@pytest.mark.parametrize("resource", PARTS)
def test_readers_list_only_parts_of_public_articles(states, reader, resource):
    response = client_for(reader()).get(f"{API}/{resource}/")

    visible = {str(states["published"].uuid), str(states["corrected"].uuid)}
    assert {row["article"] for row in response.json()["results"]} == visible
    assert response.json()["count"] == 2


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
@pytest.mark.parametrize("state", HIDDEN)
def test_readers_cannot_open_an_unpublished_article(states, reader, state):
    response = client_for(reader()).get(f"{API}/articles/{states[state].uuid}/")

    if state == "retracted":  # it was public once: readers learn it is gone, not what it said
        assert response.status_code == 410
        assert response.json()["code"] == "retracted"
        assert "body" not in response.json()
    else:
        assert response.status_code == 404
        assert response.json() == {"detail": "No article matches the given query.", "code": "not_found"}


@pytest.mark.parametrize("state", HIDDEN)
@pytest.mark.parametrize(
    ("resource", "related"),
    [("captions", "captions"), ("attributions", "attributions"), ("mentions", "mentions"), ("quotes", "quotes")],
)
def test_anonymous_cannot_open_a_part_of_an_unpublished_article(states, state, resource, related):
    part = getattr(states[state], related).get()

    response = client_for().get(f"{API}/{resource}/{part.id}/")

    assert response.status_code == 404


@pytest.mark.parametrize("state", HIDDEN)
def test_anonymous_search_and_filters_never_reveal_unpublished_articles(states, state):
    article = states[state]
    entity = article.mentions.get().entity
    source = article.attributions.get().source
    client = client_for()

    for params in (
        {"q": article.headline},
        {"entity": entity.slug},
        {"source": source.slug},
        {"status": article.status},
    ):
        found = {row["uuid"] for row in client.get(f"{API}/articles/", params).json()["results"]}
        assert str(article.uuid) not in found, params
    assert client.get(f"{API}/captions/", {"article": str(article.uuid)}).json()["count"] == 0


def test_an_embargoed_article_appears_once_its_time_has_come(states):
    Article.objects.filter(pk=states["embargoed"].pk).update(published_at=timezone.now() - dt.timedelta(seconds=1))

    response = client_for().get(f"{API}/articles/{states['embargoed'].uuid}/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "user",
    [lambda: user_with_perms("view_article"), editor, lambda: UserFactory(is_staff=True, is_superuser=True)],
    ids=["view_article only", "editor", "superuser"],
)
def test_users_with_view_permission_see_every_article_and_part(states, user):
    client = client_for(user())

    assert client.get(f"{API}/articles/").json()["count"] == 6
    for resource in PARTS:
        assert client.get(f"{API}/{resource}/").json()["count"] == 6, resource
    for state in HIDDEN:
        assert client.get(f"{API}/articles/{states[state].uuid}/").status_code == 200
        caption = states[state].captions.get()
        assert client.get(f"{API}/captions/{caption.id}/").status_code == 200


def test_staff_can_filter_by_any_status(states):
    client = client_for(editor())

    response = client.get(f"{API}/articles/", {"status": ["draft", "in_review"]})

    assert sorted(row["headline"] for row in response.json()["results"]) == ["قيد المراجعة", "مسودة"]


def test_entities_and_sources_are_public(states):
    client = client_for()

    # one mentioned entity and one speaker per article
    assert client.get(f"{API}/entities/").json()["count"] == 12
    assert client.get(f"{API}/sources/").json()["count"] == 6


# --------------------------------------------------------------------------- query counts


def _article_rows(n):
    for _ in range(n):
        article = ArticleFactory(published=True)
        CaptionFactory(article=article)
        CaptionFactory(article=article)
        AttributionFactory(article=article)
        mention = MentionFactory(article=article)
        EntityAliasFactory(entity=mention.entity)
        QuoteFactory(article=article, source=SourceFactory())


def _entity_rows(n):
    for _ in range(n):
        EntityAliasFactory(entity=EntityAliasFactory().entity)


def _source_rows(n):
    for _ in range(n):
        alias = SourceAliasFactory(source=SourceFactory(entity=EntityFactory()))
        SourceAliasFactory(source=alias.source)


LISTS = {
    "articles": (f"{API}/articles/", _article_rows),
    "articles filtered": (f"{API}/articles/?entity_kind=person&language=ar&ordering=headline", _article_rows),
    "articles searched": (f"{API}/articles/?q=عنوان الخبر", _article_rows),
    "articles searched, headlines and snippets": (
        f"{API}/articles/?q=عنوان الخبر&fields=uuid,headline,snippet",
        _article_rows,
    ),
    "articles searched, headlines only": (f"{API}/articles/?q=عنوان الخبر&fields=uuid,headline", _article_rows),
    "captions": (f"{API}/captions/", _article_rows),
    "attributions": (f"{API}/attributions/", _article_rows),
    "mentions": (f"{API}/mentions/", _article_rows),
    "quotes": (f"{API}/quotes/", _article_rows),
    "entities": (f"{API}/entities/", _entity_rows),
    "entities searched": (f"{API}/entities/?q=كيان&kind=person", _entity_rows),
    "sources": (f"{API}/sources/", _source_rows),
    "sources searched": (f"{API}/sources/?q=مصدر", _source_rows),
}
CALLERS = {"anonymous": lambda: None, "editor": editor, "reader": UserFactory}


@pytest.mark.parametrize("caller", CALLERS.values(), ids=CALLERS.keys())
@pytest.mark.parametrize(("url", "make_rows"), LISTS.values(), ids=LISTS.keys())
def test_a_list_reads_30_rows_with_as_many_queries_as_1_row(url, make_rows, caller):
    # Given one row (and one of each related row), read once to warm per-user caches
    client = client_for(caller())
    make_rows(1)
    for article in Article.objects.all():
        indexed(article)
    client.get(url)
    one_row, response = count_queries(client, url)
    assert response.json()["count"] >= 1

    # When there are 30
    make_rows(29)
    for article in Article.objects.all():
        indexed(article)
    thirty_rows, response = count_queries(client, url)

    # Then the list costs the same number of queries
    assert len(response.json()["results"]) >= 20
    assert thirty_rows == one_row


@pytest.mark.parametrize("caller", CALLERS.values(), ids=CALLERS.keys())
def test_article_detail_reads_a_rich_article_in_a_fixed_number_of_queries(caller):
    client = client_for(caller())
    _article_rows(1)
    article = Article.objects.get()
    url = f"{API}/articles/{article.uuid}/"
    client.get(url)
    before, _ = count_queries(client, url)

    for _ in range(10):
        CaptionFactory(article=article)
        QuoteFactory(article=article)
        MentionFactory(article=article)
        AttributionFactory(article=article)
    after, response = count_queries(client, url)

    assert len(response.json()["quotes"]) == 11
    assert after == before
