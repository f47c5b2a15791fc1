"""manage.py generate_corpus: a deterministic, valid, searchable synthetic corpus (both databases)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles.models import Article, Attribution, Caption, Entity, Mention, Quote, Source
from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def generate(*args):
    out = StringIO()
    call_command("generate_corpus", *map(str, args), stdout=out)
    return out.getvalue()


def corpus_snapshot():
    return list(
        Article.objects.filter(slug__startswith="corpus-")
        .order_by("slug")
        .values_list("slug", "uuid", "headline", "summary", "body", "status", "published_at", "byline")
    )


def test_generate_corpus_creates_n_articles_with_their_parts():
    output = generate(50, "--seed", 7, "--no-index")

    articles = Article.objects.filter(slug__startswith="corpus-")
    assert articles.count() == 50
    assert sorted(articles.values_list("slug", flat=True))[:2] == ["corpus-0000001", "corpus-0000002"]
    assert Caption.objects.filter(article__in=articles).exists()
    assert Attribution.objects.filter(article__in=articles).exists()
    assert Quote.objects.filter(article__in=articles).exists()
    assert Mention.objects.filter(article__in=articles, role="about").count() == 50
    assert not articles.filter(status__in=Article.PUBLIC_STATUSES, published_at__isnull=True).exists()
    assert articles.filter(status="published").count() > 35
    assert "Created 50 corpus articles" in output


def test_generated_articles_and_their_parts_pass_full_clean():
    generate(50, "--seed", 3, "--no-index")

    for article in Article.objects.filter(slug__startswith="corpus-").order_by("slug")[:15]:
        article.full_clean()
        assert len(article.paragraphs) >= 5
        for part in [
            *article.captions.all(),
            *article.attributions.all(),
            *article.mentions.all(),
            *article.quotes.all(),
        ]:
            part.full_clean()
    for entity in Entity.objects.filter(slug__startswith="corpus-")[:50]:
        entity.full_clean()
    for source in Source.objects.filter(slug__startswith="corpus-"):
        source.full_clean()


def test_the_same_seed_gives_the_same_corpus_whatever_the_batch_size():
    generate(40, "--seed", 11, "--no-index")
    first = corpus_snapshot()

    generate(40, "--seed", 11, "--no-index", "--clear", "--batch-size", 7)
    second = corpus_snapshot()
    generate(40, "--seed", 12, "--no-index", "--clear")
    other_seed = corpus_snapshot()

    assert len(first) == 40
    assert second == first
    assert [row[4] for row in other_seed] != [row[4] for row in first]


def test_generating_again_without_clear_is_refused():
    generate(5, "--no-index")

    with pytest.raises(CommandError, match="5 corpus articles already exist; pass --clear"):
        generate(5, "--no-index")
    assert Article.objects.count() == 5


def test_clear_removes_only_the_corpus():
    editorial = ArticleFactory(published=True)
    generate(20, "--no-index")

    generate(0, "--clear")

    assert list(Article.objects.values_list("pk", flat=True)) == [editorial.pk]
    assert not Entity.objects.filter(slug__startswith="corpus-").exists()
    assert not Mention.objects.exists()


def test_bad_arguments_are_a_clear_error():
    with pytest.raises(CommandError, match="N must be 0 or more"):
        generate(-1)
    with pytest.raises(CommandError, match="must be at least 1"):
        generate(10, "--batch-size", 0)


def test_generated_articles_are_searchable():
    from articles.search import search_articles

    generate(50, "--seed", 5)
    article = Article.objects.filter(slug__startswith="corpus-").order_by("slug").first()
    word = next(w for w in article.headline.split() if len(w) > 4)

    found = search_articles(Article.objects.all(), word)

    assert article in found


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_bulk_indexing_builds_the_search_index_that_an_interrupted_run_left_dropped(monkeypatch):
    from bench.corpus import load

    monkeypatch.setattr(load, "BULK_THRESHOLD", 1)
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX article_search_vector_idx")
    out = StringIO()
    try:
        call_command("generate_corpus", "3", stdout=out)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector_idx'")
            found = [definition.replace(" ON public.", " ON ") for (definition,) in cursor.fetchall()]
            cursor.execute(load.SEARCH_INDEX[1].replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))
    assert found == [load.SEARCH_INDEX[1]]
    assert "index article_search_vector_idx is missing (an interrupted run?): built afterwards" in out.getvalue()


def test_generated_publication_times_follow_the_order_of_writing_across_chunks():
    from bench.corpus.generate import CHUNK, DATE_FROM, DATE_TO, PUBLICATION_JITTER, generate

    total = CHUNK + 500
    articles = list(generate(seed=1, count=total))

    span = (DATE_TO - DATE_FROM).total_seconds()
    strays = [
        abs(article.published_at.timestamp() - DATE_FROM.timestamp() - span * ((index + 0.5) / total) ** 0.5)
        for index, article in enumerate(articles)
        if article.published_at
    ]
    assert len(strays) > 1300
    assert max(strays) <= PUBLICATION_JITTER / 2 + 1  # +1: whole seconds
    assert max(strays) > PUBLICATION_JITTER / 4  # …and they do stray
