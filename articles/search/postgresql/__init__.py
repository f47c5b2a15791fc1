"""The PostgreSQL search backend: tsvector columns in the article row, a GIN index with publication
keys, pg_trgm for names.

- encoding.py: what the two vectors hold; query.py: queries compiled to tsquery;
- stats.py: the term statistics of matches, for ranking (ranking.DocStats);
- window.py: the window of the most recent matches, steered by the planner's statistics;
- publication_keys.py: the day/month/year keys the index intersects with the words' matches;
- checks.py: the database must have a UTF-8 LC_CTYPE for pg_trgm to see Arabic letters.
"""

from collections.abc import Iterable, Mapping

from django.db.models import BooleanField, Expression, FloatField, Func, QuerySet, Value
from django.db.models.expressions import RawSQL

from articles.search.document import Document, field_lengths
from articles.search.postgresql.encoding import head_vector, matching_vector
from articles.search.postgresql.query import VectorMatch
from articles.search.postgresql.stats import capped_count, document_frequency, head_candidates, term_stats
from articles.search.postgresql.window import search_window
from articles.text import Query

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
    """Nothing to set up: pg_trgm and the publication-keys function live in the database."""


def write_documents(connection, batch: list[int], documents: Mapping[int, Document]) -> None:
    """Store the two vectors of each document, and its words per field (`search_lengths`, for
    ranking), in its article's row (one UPDATE from arrays)."""
    ids, vectors, heads, lengths = [], [], [], []
    for pk, fields in documents.items():
        ids.append(pk)
        vectors.append(matching_vector(fields))
        heads.append(head_vector(fields))
        lengths.append("{" + ",".join(map(str, field_lengths(fields))) + "}")
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article AS a SET search_vector = v.doc::tsvector, search_head = v.head::tsvector, "
            "search_lengths = v.lengths::integer[] "
            "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS v(id, doc, head, lengths) "
            "WHERE a.id = v.id",
            [ids, vectors, heads, lengths],
        )


def matches(queryset: QuerySet, query: Query) -> QuerySet:
    """The articles of `queryset` that match `query`."""
    return queryset.filter(VectorMatch(query))


def match_times(queryset: QuerySet) -> dict[int, float | None]:
    """{id: publication time as a POSIX timestamp, or None} of the articles of `queryset`."""
    table = queryset.query.get_meta().db_table
    epoch = RawSQL(f'EXTRACT(EPOCH FROM "{table}"."published_at")::float8', ())
    return dict(queryset.annotate(_published=epoch).values_list("pk", "_published"))


def unindex(connection, ids: Iterable[int]) -> None:
    """Nothing to do: the vectors are deleted with their article's row."""


class Similarity(Func):
    """pg_trgm's similarity(column, text)."""

    function = "similarity"
    output_field = FloatField()


class Similar(Func):
    """pg_trgm's ``column % text`` (index-backed); its threshold is pg_trgm's default, 0.3, which
    must equal the `threshold` given (search.names.NAME_SIMILARITY_THRESHOLD)."""

    output_field = BooleanField()
    arg_joiner = " %% "
    template = "(%(expressions)s)"

    def __init__(self, column, text, *, threshold: float):
        super().__init__(column, Value(text))
        self.threshold = threshold


class PkIn(Expression):
    """The row's primary key is one of `ids`, sent as one array (``= ANY``): a thousand ids then
    cost one parameter to send and a hash lookup per row to test."""

    output_field = BooleanField()

    def __init__(self, ids: Iterable[int]):
        super().__init__()
        self.ids = list(ids)

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{alias}.{connection.ops.quote_name('id')} = ANY(%s::bigint[])", [self.ids]
