"""The window of a search on PostgreSQL: the most recent matches of a query, found without
reading the older ones (see `search_window`); ranking (results.py) always scores them."""

import itertools
import time
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from datetime import date, timedelta

from django.db import connections, transaction
from django.db.models import Q, QuerySet
from django.db.models.lookups import Lookup
from django.db.models.sql.where import AND, WhereNode

from articles.models import Article
from articles.search import query as limits
from articles.search.postgresql.publication_keys import PublishedWithin, publication_day
from articles.search.postgresql.query import VectorMatch
from articles.search.ranking import RECENCY_ORDERING
from articles.text import Query

#: Settings for the window query, for this transaction only: enough memory for the bitmap of a
#: common word to stay exact (a lossy bitmap re-tests whole pages of rows), and no JIT compilation,
#: which costs more than such a query's whole run.
SEARCH_SESSION = {"work_mem": "64MB", "jit": "off"}
#: Settings for the window queries after the first, and for a first one that looks at all articles
#: (see search_window): the matches are then known, or expected, to be sparse among recent articles,
#: so walking the date index until a window is full would read many articles per match; the
#: planner, which estimates a query's matches from each word's frequency alone, sometimes expects
#: them to be dense and does so (seen: 50,000 rows read for a window of three words, 700 ms).
SPARSE_MATCHES = {"enable_indexscan": "off"}
#: The first window query looks at the most recent articles expected to hold this many windows of
#: matches (by the planner's estimate, see window): more rows read if the estimate is right,
#: fewer queries when it is too high.
ESTIMATE_MARGIN = 2.0
#: The first window query looks at this share of the articles at most, however few matches the
#: planner expects: it multiplies the frequencies of a query's words as if they were independent,
#: and words that go together in news (a name and its title, a verb and its object) match ten or
#: twenty times more articles than it expects. Reading a few percent of a rare word's matches in
#: vain costs a few milliseconds; reading all of a common phrase's matches costs a second.
MAX_FIRST_SHARE = 0.05
#: A window query that would look back beyond this share of the articles looks back to the oldest
#: article: a range sized to hold the window's missing matches spares reading the rows of the
#: older matches (5–35 µs each, a phrase's more), but when the matches are that sparse one more
#: statement costs more than reading them (measurements: bench/RESULTS.md, "Window tuning").
MAX_RECENT_SHARE = 0.8
#: After a range held too few matches, the window looks back this many times as far as the
#: matches found so far suggest a window needs. Since the next range holds only older days, a
#: small margin reads fewer rows (measurements: bench/RESULTS.md, "Window tuning").
WIDEN_MARGIN = 1.3
#: How long the publication-time histogram read from PostgreSQL's statistics is reused, in seconds.
HISTOGRAM_TTL = 600

_histograms: dict[str, tuple[float, list]] = {}


def publication_histogram(using: str) -> list:
    """The bounds of the published_at histogram that ANALYZE keeps in pg_stats, oldest first.

    Each bucket holds about as many dated articles as the next. Empty until the table has been
    analysed. Remembered for HISTOGRAM_TTL seconds: it only steers how a window is searched, never
    what the window contains.
    """
    now = time.monotonic()
    cached = _histograms.get(using)
    if cached and now - cached[0] < HISTOGRAM_TTL:
        return cached[1]
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT histogram_bounds::text::timestamptz[] FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'published_at'",
            [Article._meta.db_table],
        )
        row = cursor.fetchone()
    bounds = list((row[0] if row else None) or [])
    _histograms[using] = (now, bounds)
    return bounds


def recent_threshold(bounds: Sequence, share: float):
    """The publication time after which about `share` of the dated articles lie (from the histogram)."""
    return bounds[max(0, round((len(bounds) - 1) * (1 - share)))]


def _first_share(bounds: Sequence, estimate: float) -> float | None:
    """The share of the most recent articles expected to hold ESTIMATE_MARGIN windows of matches, when a
    query is estimated to match `estimate` articles in all: at most MAX_FIRST_SHARE, at least one
    bucket of the histogram; None (all articles) without a histogram."""
    if len(bounds) < 3:
        return None
    share = ESTIMATE_MARGIN * limits.SEARCH_WINDOW / max(estimate, 1.0)
    return min(max(share, 1 / (len(bounds) - 1)), MAX_FIRST_SHARE)


def _estimated_rows(cursor, queryset: QuerySet) -> float:
    """The planner's estimate of how many rows `queryset` has (EXPLAIN, not run)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
    return float(cursor.fetchone()[0][0]["Plan"]["Plan Rows"])


def _next_share(bounds: Sequence, share: float, since, found: int) -> tuple[float | None, object]:
    """The share (and its threshold) to look at after `share` held only `found` matches: WIDEN_MARGIN
    times as many articles as the matches found so far suggest a whole window needs; None (all)
    beyond MAX_RECENT_SHARE."""
    share = share * WIDEN_MARGIN * limits.SEARCH_WINDOW / found if found else MAX_RECENT_SHARE * 2
    while share <= MAX_RECENT_SHARE:
        threshold = recent_threshold(bounds, share)
        if publication_day(threshold) < publication_day(since):
            return share, threshold
        share *= 2  # the same day: look further back
    return None, None


def search_window(queryset: QuerySet, query: Query) -> dict[int, float | None]:
    """The window of the matches of `query` in `queryset` (the SEARCH_WINDOW most recent, in
    ranking.RECENCY_ORDERING), with the publication times of its rows: {id: publication time as
    a POSIX timestamp, or None}, newest first.

    A word in a few percent of a million articles has tens of thousands of matches: ordering them
    by date means reading every one of them, and walking the date index instead means reading
    thousands of non-matching articles. So the window is first looked for among the most recent
    articles only: as many as should hold ESTIMATE_MARGIN windows of matches, by the planner's
    estimate of the query's matches (an EXPLAIN, about a millisecond; for a phrase, of the
    articles with its first word pair, which the index returns and the rows are tested for, as
    the planner cannot estimate the test itself), published from the day of a threshold read
    from the table's statistics (`publication_histogram`) to the newest article's day. The search
    index holds each article's publication keys (migration 0014), so it intersects the word's
    matches with those days before any row is read, skipping through both: a window of a word in
    half of the articles reads about two thousand rows, not half a million. The first range is
    never wider than MAX_FIRST_SHARE of the articles, since the planner underestimates words that
    go together. Articles without a publication time count as the newest: the first statement
    includes them, unless `queryset` has none (readers' lists, which ask for a publication time in
    the past, have none; otherwise one quick index lookup tells).

    If a range holds fewer than a window of matches, the next statement looks at the older days
    only, back WIDEN_MARGIN times as far as the matches found so far suggest a window needs (when that
    would be more than MAX_RECENT_SHARE of the articles, back to the oldest), for as many matches
    as the window still lacks: no row is read twice. From the second statement on, or in the
    first without a histogram, the matches are known or expected to be sparse, and are read from
    the index only (SPARSE_MATCHES). Whatever the thresholds, the result is the same: the ranges
    are consecutive, and when they hold SEARCH_WINDOW matches no older match can belong to the window.
    """
    matches = queryset.filter(VectorMatch(query)).order_by(*RECENCY_ORDERING)
    using = matches.db
    table = connections[using].ops.quote_name(Article._meta.db_table)
    heads = matches.values("pk", "published_at")
    # The time as a number: Django's loader of timestamptz values is Python code, slow for thousands.
    columns = 'w."pk", EXTRACT(EPOCH FROM w."published_at")::float8'
    bounds = publication_histogram(using)
    rows: list[tuple[int, float | None]] = []
    with planner_session(using, SEARCH_SESSION) as cursor:
        candidates = queryset.filter(VectorMatch(query, superset=True))
        share = _first_share(bounds, _estimated_rows(cursor, candidates)) if len(bounds) > 2 else None
        since = recent_threshold(bounds, share) if share else None
        ranged = since is not None  # else one statement over all articles
        if ranged:
            oldest, newest = _publication_days(cursor, table)
            first = publication_day(since)
            last = max(newest, first)
        undated = ranged and not _requires_a_date(queryset.query.where)
        undated = undated and queryset.filter(published_at=None).exists()
        for attempt in itertools.count():
            if attempt == 1 or not ranged:  # the matches are sparse (see SPARSE_MATCHES)
                _set_local(cursor, SPARSE_MATCHES)
            window = heads
            if ranged:
                within = Q(PublishedWithin(first, last))
                window = heads.filter(within | Q(published_at=None) if undated and attempt == 0 else within)
            sql, params = window[: limits.SEARCH_WINDOW - len(rows)].query.sql_with_params()
            cursor.execute(f"SELECT {columns} FROM ({sql}) AS w", params)
            rows += cursor.fetchall()
            if len(rows) >= limits.SEARCH_WINDOW or not ranged or first <= oldest:
                break
            share, since = _next_share(bounds, share, since, len(rows))
            first, last = (max(publication_day(since), oldest) if since else oldest), first - timedelta(days=1)
    return dict(rows)


def _publication_days(cursor, table: str) -> tuple[date, date]:
    """The publication days of the oldest and the newest dated article of `table` (two index lookups)."""
    cursor.execute(f"SELECT min(published_at), max(published_at) FROM {table}")
    oldest, newest = cursor.fetchone()
    return (publication_day(oldest), publication_day(newest)) if oldest else (date.max, date.min)


def _requires_a_date(where: WhereNode) -> bool:
    """Whether a queryset's WHERE keeps dated articles only: an AND of conditions, one of which
    compares `published_at` (a comparison with NULL is never true), as readers' lists do."""
    if where.connector != AND or where.negated:
        return False
    published_at = Article._meta.get_field("published_at")
    for child in where.children:
        if isinstance(child, WhereNode):
            if _requires_a_date(child):
                return True
        elif (
            isinstance(child, Lookup)
            and child.lookup_name != "isnull"
            and getattr(child.lhs, "target", None) == published_at
            and getattr(child.lhs, "alias", None) == Article._meta.db_table
        ):
            return True
    return False


@contextmanager
def planner_session(using: str, settings: Mapping[str, str]):
    """A cursor for reads with PostgreSQL settings changed for them alone: SET LOCAL inside a
    transaction (a savepoint when one is open) that is rolled back at the end, which undoes the
    settings without a statement to restore them (the block only reads)."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        _set_local(cursor, settings)
        try:
            yield cursor
        finally:
            transaction.set_rollback(True, using=using)


def _set_local(cursor, settings: Mapping[str, str]) -> None:
    """Change PostgreSQL settings until the end of the current transaction (SET LOCAL)."""
    cursor.execute(
        "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(settings)),
        [item for name, value in settings.items() for item in (name, value)],
    )
