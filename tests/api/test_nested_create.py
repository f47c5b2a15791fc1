"""Creating an article with its captions, attributions, mentions and quotes in one request: one
transaction, one version, one revision; refused input creates nothing."""

import pytest

from articles.history import revisions
from articles.models import Article, ArticleRevision, Caption, Mention
from tests.support.api import API, client_for, editor, writer_with_perms
from tests.support.factories import ArticleFactory, EntityFactory, SourceFactory

pytestmark = pytest.mark.django_db

BODY = "الفقرة الأولى من الخبر.\n\nوقال المتحدث إن الوضع مستقر."


@pytest.fixture
def names():
    return {
        "iran": EntityFactory(slug="iran"),
        "un": EntityFactory(slug="un"),
        "reuters": SourceFactory(slug="reuters"),
    }


def article_with_parts(**extra):
    return {
        "headline": "خبر بأجزائه",
        "body": BODY,
        "captions": [{"order": 1, "text": "صورة"}],
        "mentions": [{"entity": "iran", "origin": "confirmed"}, {"entity": "un", "count": 3}],
        "attributions": [{"source": "reuters", "paragraph": 1}],
        "quotes": [{"text": "الوضع مستقر", "speaker": "iran", "paragraph": 2}],
        **extra,
    }


def test_an_article_created_with_its_parts_is_one_version_and_one_revision(names):
    response = client_for(editor()).post(f"{API}/articles/", article_with_parts(), format="json")

    assert response.status_code == 201, response.content
    article = Article.objects.get(uuid=response.json()["uuid"])
    assert article.version == 1
    (revision,) = ArticleRevision.objects.filter(article=article)
    snapshot = revisions.snapshot_of_revision(revision.revision)
    assert [len(snapshot.parts[kind]) for kind in ("captions", "attributions", "mentions", "quotes")] == [1, 1, 2, 1]
    assert [(m.entity.slug, m.count) for m in Mention.objects.filter(article=article).order_by("-count")] == [
        ("un", 3),
        ("iran", 1),
    ]


def test_a_new_article_is_found_by_the_names_of_its_parts(names):
    client = client_for(editor())
    client.post(f"{API}/articles/", article_with_parts(), format="json")

    response = client.get(f"{API}/articles/", {"entity": "iran", "status": "draft"})

    assert [row["headline"] for row in response.json()["results"]] == ["خبر بأجزائه"]


def test_an_unknown_entity_is_a_400_naming_the_part_and_nothing_is_created(names):
    data = article_with_parts(mentions=[{"entity": "iran"}, {"entity": "atlantis"}])

    response = client_for(editor()).post(f"{API}/articles/", data, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["mentions"] == {"1": {"entity": ["Object with slug=atlantis does not exist."]}}
    assert Article.objects.count() == 0


def test_two_captions_with_the_same_order_are_refused_and_nothing_is_created(names):
    data = article_with_parts(captions=[{"order": 1, "text": "أ"}, {"order": 1, "text": "ب"}])

    response = client_for(editor()).post(f"{API}/articles/", data, format="json")

    assert response.status_code == 400
    assert Article.objects.count() == Caption.objects.count() == 0


def test_a_quote_in_a_paragraph_the_body_lacks_is_refused(names):
    data = article_with_parts(quotes=[{"text": "الوضع مستقر", "speaker": "iran", "paragraph": 7}])

    response = client_for(editor()).post(f"{API}/articles/", data, format="json")

    assert response.status_code == 400
    assert "7" in str(response.json()["errors"])
    assert Article.objects.count() == 0


def test_parts_cannot_be_written_through_an_article_update(names):
    article = ArticleFactory(body=BODY)

    response = client_for(editor()).patch(
        f"{API}/articles/{article.uuid}/",
        {"captions": [{"order": 1, "text": "صورة"}]},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 400
    assert Caption.objects.count() == 0


def test_a_writer_without_the_parts_permissions_cannot_create_them_with_an_article(names):
    client = client_for(writer_with_perms("add_article", "view_article"))

    response = client.post(f"{API}/articles/", article_with_parts(), format="json")

    assert response.status_code == 403
    assert Article.objects.count() == 0
