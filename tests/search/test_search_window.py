"""How PostgreSQL finds a search's window of recent matches (window.search_window, which ranking always
scores, see articles/search/results.py): first among the most
recent articles, by thresholds read from the table's statistics, then wider. Whatever the path,
the window is the same as the one found without thresholds."""

import re
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search, selectors
from articles.models import Article
from articles.search.postgresql import publication_keys, window
from articles.search.postgresql.publication_keys import PublishedWithin
from articles.search.postgresql.query import VectorMatch
from articles.text import parse_query
from tests.search.test_publication_keys import MOMENTS
from tests.support.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

NOW = timezone.now().replace(microsecond=0)


@pytest.fixture
def daily():
    """200 published articles, one a day (0 to 199 days ago), indexed and analysed; the headline of
    the article published `n` days ago is «خبر n». Returns {days ago: article}. One a day, so that
    a window's ranges, which are made of whole days (PublishedWithin), hold exact articles."""
    articles = {
        n: ArticleFactory(headline=f"خبر {n}", body="نص.", status="published", published_at=NOW - timedelta(days=n))
        for n in range(200)
    }
    search.index_articles([a.pk for a in articles.values()])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    window._histograms.clear()
    yield articles
    window._histograms.clear()


def retitle(articles, days_ago, headline):
    """Give some of the daily articles a new headline (and re-index them)."""
    for n in days_ago:
        Article.objects.filter(pk=articles[n].pk).update(headline=headline)
    search.index_articles([articles[n].pk for n in days_ago])


def window_of(q, queryset=None):
    """The articles of the window of `q` (window.search_window), newest first."""
    ids = list(window.search_window(queryset or Article.objects.all(), parse_query(q)))
    found = Article.objects.in_bulk(ids)
    return [found[pk] for pk in ids]


def window_statements(q):
    """(days-ago of the window's articles, in order; how many window statements ran)."""
    with CaptureQueriesContext(connection) as queries:
        results = window_of(q)
    ran = sum(1 for query in queries.captured_queries if query["sql"].startswith('SELECT w."pk"'))
    return [round((NOW - a.published_at) / timedelta(days=1)) for a in results], ran


@pytest.mark.parametrize(("share", "days_ago"), [(0.01, 2), (0.04, 8), (0.06, 12), (0.16, 32), (1.0, 199)])
def test_recent_thresholds_are_the_publication_times_above_a_share_of_the_articles(daily, share, days_ago):
    # 200 distinct times: the statistics hold all of them, so the shares fall on exact articles
    bounds = window.publication_histogram("default")
    assert window.recent_threshold(bounds, share) == NOW - timedelta(days=days_ago)


def test_without_a_histogram_the_window_is_found_by_one_statement(daily, monkeypatch):
    # As before the table is first analysed (the histogram is remembered for HISTOGRAM_TTL seconds)
    window._histograms["default"] = (time.monotonic(), [])
    monkeypatch.setattr(search.query, "SEARCH_WINDOW", 3)
    retitle(daily, [1, 5, 9, 20], "سد النهضة")
    assert window_statements("النهضة") == ([1, 5, 9], 1)


def rebody(articles, days_ago, body):
    """Give some of the daily articles a new body (and re-index them)."""
    for n in days_ago:
        Article.objects.filter(pk=articles[n].pk).update(body=body)
    search.index_articles([articles[n].pk for n in days_ago])


def window_ranges(q, queryset=None):
    """(days-ago of the window's articles, in order; the SQL of each window statement)."""
    with CaptureQueriesContext(connection) as queries:
        results = window_of(q, queryset)
    statements = [query["sql"] for query in queries.captured_queries if query["sql"].startswith('SELECT w."pk"')]
    return [round((NOW - a.published_at) / timedelta(days=1)) if a.published_at else None for a in results], statements


RANGE = 'newsroom_publication_keys("articles_article".published_at) @@ '


@pytest.mark.parametrize(
    ("estimate", "share"),
    [(1_000_000, 0.002), (100_000, 0.02), (40_000, 0.05), (10_000, 0.05), (0, 0.05), (10_000_000, 0.001)],
)
def test_the_first_range_is_sized_to_hold_two_windows_of_the_estimated_matches(estimate, share):
    # At most 5% (the planner underestimates words that go together), at least one bucket (0.1%)
    bounds = list(range(1001))  # a histogram of 1,000 buckets: at least 0.1% of the articles
    assert window._first_share(bounds, estimate) == share
    assert window._first_share([], estimate) is None  # no histogram: all articles


def test_the_estimate_is_the_planners_count_of_the_matches(daily):
    # The planner's estimates are approximate (it scales its statistics to the table's current size)
    retitle(daily, range(0, 200, 2), "سد النهضة")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
        everything = window._estimated_rows(cursor, Article.objects.all())
        half = window._estimated_rows(cursor, Article.objects.filter(VectorMatch(parse_query("النهضة"))))
    assert 180 <= everything <= 220
    assert 0.4 <= half / everything <= 0.6


def test_a_common_word_is_looked_for_among_the_newest_articles_in_one_statement(daily, monkeypatch):
    # «خبر» is in all 200 headlines: two windows of 3 are expected among the newest 3%
    monkeypatch.setattr(search.query, "SEARCH_WINDOW", 3)
    results, statements = window_ranges("خبر")
    assert results == [0, 1, 2]
    assert len(statements) == 1
    assert RANGE in statements[0]


def test_a_rare_word_is_looked_for_among_the_newest_5_percent_then_among_all_older_articles(daily, monkeypatch):
    monkeypatch.setattr(search.query, "SEARCH_WINDOW", 3)
    retitle(daily, [150, 180], "سد النهضة")
    results, statements = window_ranges("النهضة")
    assert results == [150, 180]
    assert [days_ago(sql) for sql in statements] == [(10, 0), (199, 11)]


def test_without_a_histogram_the_matches_are_read_from_the_index_only(daily, monkeypatch):
    # One statement over all articles: expected to be sparse, so never read by walking the date order
    window._histograms["default"] = (time.monotonic(), [])
    retitle(daily, [150, 180], "سد النهضة")
    with CaptureQueriesContext(connection) as queries:
        results, statements = window_ranges("النهضة")
    assert results == [150, 180]
    sql = [query["sql"] for query in queries.captured_queries]
    assert "set_config('enable_indexscan', 'off', true)" in sql[sql.index(statements[0]) - 1]


@pytest.fixture
def mostly_new(daily):
    """The bodies of the 100 newest daily articles say «جديد», except those of 1 and 3 days ago:
    «خبر -جديد» is expected to match half of the articles (the table is analysed again), but the
    newest hold only two."""
    rebody(daily, [n for n in range(100) if n not in (1, 3)], "نص جديد.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    return daily


def period(sql):
    """The first and last day of a window statement's date range (its publication keys); None if it has none."""
    found = re.search(re.escape(RANGE) + r"'([^:]*)'::tsquery", sql)
    if not found:
        return None
    starts, ends = [], []
    for kind, number in re.findall(r"([dmy])(-?\d+)", found[1]):
        start = publication_keys.KEYS_EPOCH + timedelta(days=int(number))
        starts.append(start)
        year_end, month_end = date(start.year, 12, 31), date(start.year, start.month, 1) + timedelta(days=31)
        ends.append({"d": start, "m": month_end.replace(day=1) - timedelta(days=1), "y": year_end}[kind])
    return min(starts), max(ends)


def days_ago(sql):
    """How many days ago a window statement's date range starts and ends; None if it has no range."""
    found = period(sql)
    return found and tuple((publication_keys.publication_day(NOW) - day).days for day in found)


def test_the_window_widens_over_older_days_as_far_as_the_matches_found_suggest_then_to_the_oldest(
    mostly_new, monkeypatch
):
    # Only the articles of 1, 3 and 190 days ago and older match. First 5% (the cap), which holds
    # 2 matches; then the older days up to WIDEN_MARGIN (1.3) times as far back as 2 matches
    # suggest 3 need (still 2), and again, three times, then more than MAX_RECENT_SHARE (80%) of
    # the articles: every older day. No day is looked at twice.
    monkeypatch.setattr(search.query, "SEARCH_WINDOW", 3)
    rebody(mostly_new, range(100, 190), "نص جديد.")
    results, statements = window_ranges("خبر -جديد")
    assert results == [1, 3, 190]
    assert [days_ago(sql) for sql in statements] == [(10, 0), (19, 11), (38, 20), (74, 39), (144, 75), (199, 145)]
    assert [re.search(r"LIMIT (\d+)", sql)[1] for sql in statements] == ["3", "1", "1", "1", "1", "1"]


def test_drafts_count_as_the_newest_so_the_first_statement_takes_them_in(mostly_new, monkeypatch):
    monkeypatch.setattr(search.query, "SEARCH_WINDOW", 4)
    draft = ArticleFactory(headline="مسودة خبر", body="نص.", status="draft", published_at=None)
    search.index_articles([draft.pk])
    results, statements = window_ranges("خبر -جديد")
    assert results == [None, 1, 3, 100]
    assert [('"published_at" IS NULL' in sql, days_ago(sql)) for sql in statements] == [
        (True, (10, 0)),  # 3 matches (with the draft): the next ranges are sized by them
        (False, (17, 11)),
        (False, (30, 18)),
        (False, (52, 31)),
        (False, (90, 53)),
        (False, (156, 91)),  # holds the article of 100 days ago
    ]


@pytest.mark.parametrize(
    ("articles", "looks_for_undated"),
    [
        (lambda: selectors.article_list(user=None), False),  # readers: published in the past
        (lambda: Article.objects.filter(published_at__lte=NOW, status="published"), False),
        (lambda: Article.objects.all(), True),  # editors: drafts may have no time
        (lambda: Article.objects.filter(Q(published_at__lte=NOW) | Q(status="draft")), True),
        (lambda: Article.objects.exclude(published_at__lte=NOW), True),
    ],
)
def test_only_a_list_that_may_hold_undated_articles_is_asked_whether_it_does(daily, articles, looks_for_undated):
    with CaptureQueriesContext(connection) as queries:
        window_of("خبر", articles())
    asked = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT 1 AS")]
    assert len(asked) == int(looks_for_undated)


def test_searching_leaves_the_transactions_settings_as_they_were(mostly_new, monkeypatch):
    # A search that runs five window statements (so that every setting is changed)
    monkeypatch.setattr(search.query, "SEARCH_WINDOW", 3)
    show = "SELECT current_setting('work_mem'), current_setting('jit'), current_setting('enable_indexscan')"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '5MB'")
        cursor.execute(show)
        before = cursor.fetchone()
        assert window_statements("خبر -جديد") == ([1, 3, 100], 5)
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
        window_of(q, queryset)
    return next(query["sql"] for query in queries.captured_queries if query["sql"].startswith('SELECT w."pk"'))


def test_the_date_range_takes_in_undated_articles_only_when_the_queryset_has_some(daily, monkeypatch):
    monkeypatch.setattr(search.query, "SEARCH_WINDOW", 3)  # «خبر» is in every article: a range of the newest
    sql = window_sql(Article.objects.all())  # every daily article has a time
    assert RANGE in sql
    assert "IS NULL" not in sql
    ArticleFactory(headline="مسودة خبر", body="نص.", status="draft", published_at=None)
    assert '"published_at" IS NULL' in window_sql(Article.objects.all())
    assert "IS NULL" not in window_sql(Article.objects.exclude(status="draft"))


def test_the_search_index_holds_the_publication_keys_as_generate_corpus_rebuilds_it():
    from bench.corpus import load

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector_idx'")
        found = [definition.replace(" ON public.", " ON ") for (definition,) in cursor.fetchall()]
    assert found == [load.SEARCH_INDEX[1]]
    assert found == [
        "CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector, "
        "newsroom_publication_keys(published_at))"
    ]


def test_a_window_range_starts_at_the_beginning_of_its_day_and_keeps_the_newest_matches(monkeypatch):
    # Four matches on the same day (UTC), an hour apart, and one the day before; the histogram's
    # threshold falls on the second newest, so the range takes in the whole day
    day = datetime(2026, 11, 20, 6, tzinfo=UTC)
    times = [day + timedelta(hours=n) for n in (4, 3, 2, 1)] + [day - timedelta(hours=12)]
    articles = [
        ArticleFactory(headline="سد النهضة", body="نص.", status="published", published_at=when) for when in times
    ]
    search.index_articles([a.pk for a in articles])
    monkeypatch.setattr(search.query, "SEARCH_WINDOW", 3)
    monkeypatch.setattr(window, "_first_share", lambda bounds, estimate: 0.5)
    window._histograms["default"] = (time.monotonic(), [times[4], times[1], times[0]])
    try:
        with CaptureQueriesContext(connection) as queries:
            results = window_of("النهضة")
    finally:
        window._histograms.clear()
    statements = [query["sql"] for query in queries.captured_queries if query["sql"].startswith('SELECT w."pk"')]
    assert [a.published_at for a in results] == times[:3]
    assert len(statements) == 1  # the whole day held a window: no second statement
    assert period(statements[0]) == (date(2026, 11, 20), date(2026, 11, 20))


def test_the_database_writes_the_same_publication_keys_as_python():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(newsroom_publication_keys(m)) FROM unnest(%s::timestamptz[]) AS m",
            [[datetime.fromisoformat(moment) for moment, _keys in MOMENTS]],
        )
        found = [sorted(keys) for (keys,) in cursor.fetchall()]
        cursor.execute("SELECT newsroom_publication_keys(NULL)::text")
        assert cursor.fetchone() == ("",)
    assert found == [sorted(keys) for _moment, keys in MOMENTS]


def test_the_keys_of_a_period_match_the_articles_of_its_days_and_no_other():
    times = [
        datetime(2026, 10, 31, 23, 59, tzinfo=UTC) + timedelta(minutes=n) for n in (0, 1, 60 * 24 * 30, 60 * 24 * 31)
    ]
    articles = [ArticleFactory(status="published", published_at=when) for when in times]
    ArticleFactory(status="draft", published_at=None)
    within = Article.objects.filter(PublishedWithin(date(2026, 11, 1), date(2026, 11, 30)))
    assert list(within.order_by("published_at")) == articles[1:3]
