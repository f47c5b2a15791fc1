"""How PostgreSQL finds a search's window of recent matches (search._pg_window): first among the most
recent articles, by thresholds read from the table's statistics, then wider. Whatever the path,
the window is the same as the one found without thresholds."""

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
    search._recent_thresholds_cache.clear()
    yield articles
    search._recent_thresholds_cache.clear()


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


def test_recent_thresholds_are_the_publication_times_above_1_4_and_16_percent_of_the_articles(hourly):
    # 200 distinct times: the statistics hold all of them, so the shares fall on exact articles
    assert search.recent_thresholds("default") == [NOW - timedelta(hours=n) for n in (2, 8, 32)]


def test_there_are_no_recent_thresholds_before_the_table_is_analysed():
    ArticleFactory(status="published", published_at=NOW)
    search._recent_thresholds_cache.clear()
    assert search.recent_thresholds("default") == []


def test_a_window_full_within_the_newest_articles_is_found_there_in_one_statement(hourly, monkeypatch):
    monkeypatch.setattr(search, "SEARCH_WINDOW", 3)
    retitle(hourly, [0, 1, 2, 50, 150], "سد النهضة")
    assert window_statements("النهضة") == ([0, 1, 2], 1)


def test_the_window_widens_until_it_holds_a_whole_window_of_matches(hourly, monkeypatch):
    # 1 match within 2 hours, 2 within 8, 4 within 32: the third statement holds the window
    monkeypatch.setattr(search, "SEARCH_WINDOW", 3)
    retitle(hourly, [1, 5, 9, 20, 100, 150], "سد النهضة")
    assert window_statements("النهضة") == ([1, 5, 9], 3)


def test_old_matches_are_found_by_a_last_statement_without_a_date_range(hourly, monkeypatch):
    monkeypatch.setattr(search, "SEARCH_WINDOW", 3)
    retitle(hourly, [150, 180], "سد النهضة")
    assert window_statements("النهضة") == ([150, 180], 4)


def test_drafts_count_as_the_newest_in_every_statement(hourly, monkeypatch):
    monkeypatch.setattr(search, "SEARCH_WINDOW", 2)
    retitle(hourly, [100, 150], "سد النهضة")
    draft = ArticleFactory(headline="مسودة سد النهضة", body="نص.", status="draft", published_at=None)
    search.index_articles([draft.pk])
    with CaptureQueriesContext(connection) as queries:
        results = [a.pk for a in search_articles(Article.objects.all(), "النهضة")]
    assert results == [draft.pk, hourly[100].pk]
    assert sum(1 for query in queries.captured_queries if query["sql"].startswith('SELECT w."pk"')) == 4


def test_searching_leaves_the_transactions_settings_as_they_were(hourly, monkeypatch):
    # A search that runs all four window statements (so that every setting is changed)
    monkeypatch.setattr(search, "SEARCH_WINDOW", 3)
    retitle(hourly, [150], "سد النهضة")
    show = "SELECT current_setting('work_mem'), current_setting('jit'), current_setting('enable_indexscan')"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '5MB'")
        cursor.execute(show)
        before = cursor.fetchone()
        assert window_statements("النهضة") == ([150], 4)
        cursor.execute(show)
        assert cursor.fetchone() == before
        assert before[0] == "5MB"
