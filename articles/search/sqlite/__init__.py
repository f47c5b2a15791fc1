"""The SQLite search backend: an FTS5 table of key streams, and Python ports of what PostgreSQL has.

The same queries give the same articles in the same order as on PostgreSQL (the tests hold both
backends to the same results); only the storage and the SQL differ.
"""

from collections.abc import Iterable, Mapping, Sequence

from django.db import connections
from django.db.models import BooleanField, FloatField, Func, Q, QuerySet, Value

from articles.search import query as limits
from articles.search.document import DOCUMENT_FIELDS, Document
from articles.search.ranking import RECENCY_ORDERING, DocStats
from articles.search.sqlite.encoding import FTS5_COLUMNS, FTS5_TABLE, streams
from articles.search.sqlite.functions import SIMILARITY_FUNCTION, register_functions
from articles.search.sqlite.query import head_matching, matching, to_fts5
from articles.search.sqlite.stats import term_stats
from articles.text import Query, Word

__all__ = [
    "PkIn",
    "Similar",
    "Similarity",
    "capped_count",
    "connection_created",
    "document_frequency",
    "head_candidates",
    "match_times",
    "matches",
    "search_window",
    "term_stats",
    "unindex",
    "write_documents",
]


def connection_created(connection) -> None:
    register_functions(connection)


def write_documents(connection, batch: list[int], documents: Mapping[int, Document]) -> None:
    """Replace the FTS5 rows of the articles of `batch` with their documents (deleted ones: none)."""
    rows = []
    for pk, fields in documents.items():
        columns = streams(fields)
        rows.append([pk, *(columns[column] for column in FTS5_COLUMNS)])
    gone = [pk for pk in batch if pk not in documents]
    unindex(connection, gone)
    if rows:  # FTS5 takes REPLACE: an article's old row and its terms go in the same statement
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT OR REPLACE INTO {FTS5_TABLE} (rowid, {', '.join(FTS5_COLUMNS)}) "
                f"VALUES ({', '.join(['%s'] * (len(FTS5_COLUMNS) + 1))})",
                rows,
            )


def unindex(connection, ids: Iterable[int]) -> None:
    """Forget the documents of deleted articles (they live outside the article row here)."""
    ids = list(ids)
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS5_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids)


def matches(queryset: QuerySet, query: Query) -> QuerySet:
    """The articles of `queryset` that match `query`."""
    return matching(queryset, query)


def head_candidates(matches: QuerySet, words: Sequence[Word]) -> dict[int, tuple[float | None, DocStats]]:
    """{id: (publication time, head-field DocStats)} of the articles of `matches` with one of
    `words` in a head field."""
    times = match_times(head_matching(matches, words))
    stats = term_stats(matches.db, list(times), words, rest=False)
    return {pk: (when, stats[pk]) for pk, when in times.items() if pk in stats}


def capped_count(queryset: QuerySet, limit: int) -> int:
    """How many rows `queryset` has, counted up to `limit`."""
    return queryset.order_by()[:limit].count()


def document_frequency(using: str, word: Word, limit: int) -> int:
    """How many articles (any status) the word matches, counted up to `limit`."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS5_TABLE} WHERE {FTS5_TABLE} MATCH %s LIMIT %s)",
            [to_fts5(Query(((word,),)), [f for f, _w in DOCUMENT_FIELDS]), limit],
        )
        return cursor.fetchone()[0]


def match_times(queryset: QuerySet) -> dict[int, float | None]:
    """{id: publication time as a POSIX timestamp, or None} of the articles of `queryset`."""
    return {pk: when and when.timestamp() for pk, when in queryset.values_list("pk", "published_at")}


def search_window(queryset: QuerySet, query: Query) -> dict[int, float | None]:
    """{id: publication time as a POSIX timestamp, or None} of the SEARCH_WINDOW most recent
    matches of `query` in `queryset`, newest first."""
    rows = matching(queryset, query).order_by(*RECENCY_ORDERING).values_list("pk", "published_at")
    return {pk: when and when.timestamp() for pk, when in rows[: limits.SEARCH_WINDOW]}


class Similarity(Func):
    """similarity(column, text) as pg_trgm computes it (functions.trigram_similarity)."""

    function = SIMILARITY_FUNCTION
    output_field = FloatField()


class Similar(Func):
    """The column is at least `threshold` similar to the text (pg_trgm's ``%`` operator)."""

    output_field = BooleanField()
    template = f"({SIMILARITY_FUNCTION}(%(expressions)s) >= %(threshold)s)"

    def __init__(self, column, text, *, threshold: float):
        super().__init__(column, Value(text), threshold=threshold)


def PkIn(ids: Iterable[int]) -> Q:
    """The row's primary key is one of `ids` (a condition, named like PostgreSQL's expression)."""
    return Q(pk__in=list(ids))
