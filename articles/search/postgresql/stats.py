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
from django.db.models import BooleanField, Expression

from articles.search.document import field_of, field_spans
from articles.search.postgresql.encoding import FIELD_GAP, PG_MAX_POSITION, word_lexemes
from articles.search.postgresql.query import to_tsquery
from articles.search.ranking import FIELDS, HEAD_FIELDS, DocStats
from articles.text import KINDS, Query, Word

_ENTRY_RE = re.compile(r"'((?:[^']|'')*)':([0-9A-D,]+)")
_POSITION_RE = re.compile(r"\d+")
#: The kinds whose positions count for proximity.
NEAR_KINDS = ("exact", "stem")


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
    array = list(lexemes)
    columns = [_filtered("a.search_head")] + ([_filtered("a.search_vector")] if rest else [])
    sql = (
        f"SELECT a.id, a.search_lengths, {', '.join(columns)} FROM articles_article AS a WHERE a.id = ANY(%s::bigint[])"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [*([array] * len(columns)), list(ids)])
        rows = cursor.fetchall()
    out = {}
    for pk, lengths, head, *body in rows:
        lengths = tuple(lengths or (0,) * len(FIELDS))
        spans = field_spans(lengths, FIELD_GAP, PG_MAX_POSITION)
        positions: dict[tuple[int, str, str], set[int]] = {}
        _collect(head, lexemes, spans, positions, HEAD_FIELDS)
        if rest:
            _collect(body[0], lexemes, spans, positions, tuple(f for f in FIELDS if f not in HEAD_FIELDS))
        near: dict[int, set[int]] = {}
        for (i, _field, kind), found in positions.items():
            if kind in NEAR_KINDS:
                near.setdefault(i, set()).update(found)
        out[pk] = DocStats(
            lengths,
            {key: len(found) for key, found in positions.items()},
            {i: tuple(sorted(found)) for i, found in near.items()},
            complete=rest,
        )
    return out


def _collect(text: str, lexemes, spans, positions, fields) -> None:
    for match in _ENTRY_RE.finditer(text or ""):
        owners = lexemes.get(match.group(1).replace("''", "'"))
        if not owners:
            continue
        for position in map(int, _POSITION_RE.findall(match.group(2))):
            name = field_of(position, spans)
            if name not in fields:
                continue
            for i, kind in owners:
                positions.setdefault((i, name, kind), set()).add(position)


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
