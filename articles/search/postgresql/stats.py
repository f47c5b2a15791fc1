"""The term statistics of matches on PostgreSQL (ranking.DocStats), read from the stored vectors.

Only the query's lexemes are read back: ``ts_filter(setweight(setweight(v, 'A'), 'D', lexemes),
'{d}')`` keeps them (with their positions) and drops the rest of the vector inside the database,
so a long body costs one pass in C and a few bytes on the wire. A position's field is known from
the article's `search_lengths` (words per field, written with the vectors) and encoding.py's
numbering. `search_head` (small, in the row) gives the head fields with exact forms;
`search_vector` the other fields by stem and spelling key, read only for the matches ranking
needs complete.
"""

import re
from collections.abc import Sequence

from django.db import connections
from django.db.models import BooleanField, Expression, QuerySet

from articles.search.document import field_of, field_spans
from articles.search.postgresql.encoding import FIELD_GAP, PG_MAX_POSITION, word_lexemes
from articles.search.postgresql.query import match_query, to_tsquery
from articles.search.postgresql.window import planner_session
from articles.search.ranking import FIELDS, HEAD_FIELDS, REST_FIELDS, DocStats
from articles.text import KINDS, Query, Word

_ENTRY_RE = re.compile(r"'((?:[^']|'')*)':([0-9A-D,]+)")
_POSITION_RE = re.compile(r"\d+")
#: The kinds stored one per word, whose positions are known on both databases (and count for proximity).
NEAR_KINDS = ("exact", "stem")


#: Counting reads the index's matches as a bitmap: the planner, seeing LIMIT, would otherwise scan
#: the table and test each row's vector (read from TOAST: a second for 10,000 rows at 100,000 articles).
COUNT_SESSION = {"enable_seqscan": "off", "enable_indexscan": "off"}


def capped_count(queryset: QuerySet, limit: int) -> int:
    """How many rows `queryset` (articles filtered by a match) has, counted up to `limit`."""
    sql, params = queryset.order_by().values("pk")[:limit].query.sql_with_params()
    with planner_session(queryset.db, COUNT_SESSION) as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) AS matches", params)
        (count,) = cursor.fetchone()
    return count


def document_frequency(using: str, word: Word, limit: int) -> int:
    """How many articles (any status) the word matches, counted up to `limit`, from the index alone
    (the bitmap scan skips the table's pages that VACUUM marked all-visible)."""
    with planner_session(using, COUNT_SESSION) as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM articles_article WHERE search_vector @@ %s::tsquery LIMIT %s) AS m",
            [match_query(Query(((word,),))), limit],
        )
        (count,) = cursor.fetchone()
    return count


def _lexeme_map(words: Sequence[Word]) -> dict[str, list[tuple[int, str]]]:
    """lexeme → [(word index, kind)] for every key of every word."""
    out: dict[str, list[tuple[int, str]]] = {}
    for i, word in enumerate(words):
        for kind in KINDS:
            for lexeme in word_lexemes(word, (kind,)):
                out.setdefault(lexeme, []).append((i, kind))
    return out


def _filtered(column: str) -> str:
    return f"ts_filter(setweight(setweight({column}, 'A'), 'D', %s::text[]), '{{d}}')::text"


def term_stats(using: str, ids: Sequence[int], words: Sequence[Word], *, rest: bool) -> dict[int, DocStats]:
    """{id: DocStats} of the given articles for the query words `words`: the head fields only
    (`complete` False), or with `rest`, every field."""
    if not ids:
        return {}
    lexemes = _lexeme_map(words)
    columns = [_filtered("a.search_head")] + ([_filtered("a.search_vector")] if rest else [])
    sql = (
        f"SELECT a.id, a.search_lengths, {', '.join(columns)} FROM articles_article AS a WHERE a.id = ANY(%s::bigint[])"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [*([list(lexemes)] * len(columns)), list(ids)])
        return {pk: _stats(lexemes, lengths, head, body[0] if rest else None) for pk, lengths, head, *body in cursor}


def head_candidates(matches: QuerySet, words: Sequence[Word]) -> dict[int, tuple[float | None, DocStats]]:
    """{id: (publication time, head-field DocStats)} of the articles of `matches` with one of
    `words` in a head field: one statement, one pass over their rows."""
    lexemes = _lexeme_map(words)
    heads = matches.filter(HeadMatch(words)).order_by().values("pk")
    sql, params = heads.query.sql_with_params()
    table = "articles_article"
    select = (
        f'SELECT "{table}"."id", EXTRACT(EPOCH FROM "{table}"."published_at")::float8, "{table}"."search_lengths", '
        + _filtered(f'"{table}"."search_head"')
    )
    head, _, tail = sql.partition(" FROM ")
    with connections[matches.db].cursor() as cursor:
        cursor.execute(f"{select} FROM {tail}", [list(lexemes), *params])
        return {pk: (when, _stats(lexemes, lengths, text, None)) for pk, when, lengths, text in cursor}


def _stats(lexemes, lengths, head: str, body: str | None) -> DocStats:
    lengths = tuple(lengths or (0,) * len(FIELDS))
    spans = field_spans(lengths, FIELD_GAP, PG_MAX_POSITION)
    positions: dict[tuple[int, str, str], set[int]] = {}
    counted: dict[tuple[int, str, str], int] = {}
    _collect(head, lexemes, spans, positions, counted, HEAD_FIELDS)
    if body is not None:
        _collect(body, lexemes, spans, positions, counted, REST_FIELDS)
    near: dict[int, set[int]] = {}
    for (i, _field, _kind), found in positions.items():
        near.setdefault(i, set()).update(found)
    counts = {key: len(found) for key, found in positions.items()}
    counts.update(counted)
    return DocStats(lengths, counts, {i: tuple(sorted(found)) for i, found in near.items()}, complete=body is not None)


def _collect(text: str, lexemes, spans, positions, counted, fields) -> None:
    """Add the query's lexemes of a filtered vector: the positions of exact forms and stems (one
    word per position), and for the other kinds the number of (key, position) pairs, which is what
    SQLite's streams of those kinds can count (a word may have two loose keys)."""
    if not text:
        return
    for match in _ENTRY_RE.finditer(text):
        owners = lexemes.get(match.group(1).replace("''", "'"))
        if not owners:
            continue
        for position in map(int, _POSITION_RE.findall(match.group(2))):
            name = field_of(position, spans)
            if name not in fields:
                continue
            for i, kind in owners:
                key = (i, name, kind)
                if kind in NEAR_KINDS:
                    found = positions.get(key)
                    if found is None:
                        positions[key] = {position}
                    else:
                        found.add(position)
                else:
                    counted[key] = counted.get(key, 0) + 1


class HeadMatch(Expression):
    """Some word of the query matches (in any form) the headline, summary or about-names: the
    article's `search_head` (GIN-indexed, migration 0017) matches the OR of the query's words."""

    output_field = BooleanField()

    def __init__(self, words: Sequence[Word]):
        super().__init__()
        self.words = tuple(words)

    def as_sql(self, compiler, connection):
        column = f"{compiler.quote_name_unless_alias(compiler.query.get_initial_alias())}.search_head"
        return f"{column} @@ %s::tsquery", [to_tsquery(Query((self.words,)), KINDS)]
