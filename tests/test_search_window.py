"""How PostgreSQL finds a search's window of recent matches (search._pg_window): first among the most
recent articles, by thresholds read from the table's statistics, then wider. Whatever the path,
the window is the same as the one found without thresholds."""

import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search
from articles.models import Article
from articles.search import search_articles
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

NOW = timezone.now().replace(microsecond=0)


@pytest.fixture
def hourly():
    """200 published articles, one an hour (0 to 199 hours ago), indexed and analysed; the headline of
    the article published `n` hours ago is «خبر n». Returns {hours ago: article}."""
    articles = {
        n: ArticleFactory(headline=f"خبر {n}", body="نص.", status="published", published_at=NOW - timedelta(hours=n))
        for n in range(200)
    }
    search.index_articles([a.pk for a in articles.values()])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    search._histograms.clear()
    yield articles
    search._histograms.clear()


def retitle(articles, hours_ago, headline):
    """Give some of the hourly articles a new headline (and re-index them)."""
    for n in hours_ago:
        Article.objects.filter(pk=articles[n].pk).update(headline=headline)
    search.index_articles([articles[n].pk for n in hours_ago])


def window_statements(q):
    """(hours-ago of the results, in order; how many window statements ran)."""
    with CaptureQueriesContext(connection) as queries:
        results = list(search_articles(Article.objects.all(), q))
    ran = sum(1 for query in queries.captured_queries if query["sql"].startswith('SELECT w."pk"'))
    return [round((NOW - a.published_at) / timedelta(hours=1)) for a in results], ran


@pytest.mark.parametrize(("share", "hours_ago"), [(0.01, 2), (0.04, 8), (0.06, 12), (0.16, 32), (1.0, 199)])
def test_recent_thresholds_are_the_publication_times_above_a_share_of_the_articles(hourly, share, hours_ago):
    # 200 distinct times: the statistics hold all of them, so the shares fall on exact articles
    bounds = search.publication_histogram("default")
    assert search.recent_threshold(bounds, share) == NOW - timedelta(hours=hours_ago)


def test_without_a_histogram_the_window_is_found_by_one_statement(hourly, monkeypatch):
    # As before the table is first analysed (the histogram is remembered for HISTOGRAM_TTL seconds)
    search._histograms["default"] = (time.monotonic(), [])
    monkeypatch.setattr(search, "SEARCH_WINDOW", 3)
    retitle(hourly, [1, 5, 9, 20], "سد النهضة")
    assert window_statements("النهضة") == ([1, 5, 9], 1)


def test_a_window_full_within_the_newest_articles_is_found_there_in_one_statement(hourly, monkeypatch):
    monkeypatch.setattr(search, "SEARCH_WINDOW", 3)
    retitle(hourly, [0, 1, 2, 50, 150], "سد النهضة")
    assert window_statements("النهضة") == ([0, 1, 2], 1)


def test_the_window_widens_as_far_as_the_matches_found_suggest(hourly, monkeypatch):
    # 1 match in the newest 1% (2 hours): a window of 3 needs 3%, so 6% (12 hours) are searched next
    monkeypatch.setattr(search, "SEARCH_WINDOW", 3)
    retitle(hourly, [1, 5, 9, 20, 100, 150], "سد النهضة")
    assert window_statements("النهضة") == ([1, 5, 9], 2)


def test_the_window_widens_again_when_the_wider_range_is_still_short(hourly, monkeypatch):
    # 1 match in 2 hours, then still 1 in 12 hours (6%): next 36% would be more than 25%, so all
    monkeypatch.setattr(search, "SEARCH_WINDOW", 3)
    retitle(hourly, [1, 30, 40, 100], "سد النهضة")
    assert window_statements("النهضة") == ([1, 30, 40], 3)


def test_old_matches_are_found_by_a_last_statement_without_a_date_range(hourly, monkeypatch):
    monkeypatch.setattr(search, "SEARCH_WINDOW", 3)
    retitle(hourly, [150, 180], "سد النهضة")
    assert window_statements("النهضة") == ([150, 180], 2)


def test_drafts_count_as_the_newest_in_every_statement(hourly, monkeypatch):
    # 1 match (the draft) in 2 hours, 8 hours (4%), 32 hours (16%); then all
    monkeypatch.setattr(search, "SEARCH_WINDOW", 2)
    retitle(hourly, [100, 150], "سد النهضة")
    draft = ArticleFactory(headline="مسودة سد النهضة", body="نص.", status="draft", published_at=None)
    search.index_articles([draft.pk])
    with CaptureQueriesContext(connection) as queries:
        results = [a.pk for a in search_articles(Article.objects.all(), "النهضة")]
    assert results == [draft.pk, hourly[100].pk]
    assert sum(1 for query in queries.captured_queries if query["sql"].startswith('SELECT w."pk"')) == 4


def test_searching_leaves_the_transactions_settings_as_they_were(hourly, monkeypatch):
    # A search that runs two window statements (so that every setting is changed)
    monkeypatch.setattr(search, "SEARCH_WINDOW", 3)
    retitle(hourly, [150], "سد النهضة")
    show = "SELECT current_setting('work_mem'), current_setting('jit'), current_setting('enable_indexscan')"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '5MB'")
        cursor.execute(show)
        before = cursor.fetchone()
        assert window_statements("النهضة") == ([150], 2)
        cursor.execute(show)
        assert cursor.fetchone() == before
        assert before[0] == "5MB"


def test_statistics_are_kept_on_ten_thousand_lexemes_of_the_search_vector():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = 'articles_article'::regclass "
            "AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == (1000,)


def window_sql(queryset, q="خبر"):
    """The SQL of the first window statement of a search of `queryset`."""
    with CaptureQueriesContext(connection) as queries:
        list(search_articles(queryset, q))
    return next(query["sql"] for query in queries.captured_queries if query["sql"].startswith('SELECT w."pk"'))


def test_the_date_range_takes_in_undated_articles_only_when_the_queryset_has_some(hourly):
    sql = window_sql(Article.objects.all())  # every hourly article has a time
    assert "COALESCE(\"articles_article\".published_at, '-infinity'::timestamptz) >= " in sql
    assert "IS NULL" not in sql
    ArticleFactory(headline="مسودة خبر", body="نص.", status="draft", published_at=None)
    assert '"published_at" IS NULL' in window_sql(Article.objects.all())
    assert "IS NULL" not in window_sql(Article.objects.exclude(status="draft"))


def test_the_search_index_holds_the_publication_time_as_generate_corpus_rebuilds_it():
    from articles.corpus import load

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector_idx'")
        found = [definition.replace(" ON public.", " ON ") for (definition,) in cursor.fetchall()]
    assert found == [load.SEARCH_INDEX[1]]
    assert found == [
        "CREATE INDEX article_search_vector_idx ON articles_article "
        "USING gin (search_vector, COALESCE(published_at, '-infinity'::timestamp with time zone))"
    ]
