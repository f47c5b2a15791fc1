"""The term statistics of matches on SQLite (ranking.DocStats), read from the FTS5 key streams.

The streams of the exact forms and stems hold one token per word (stop words included), so a
token's index is its word's position in the field; positions are numbered across fields as
PostgreSQL numbers them (encoding.py there: FIELD_GAP, the clamp at PG_MAX_POSITION, at most
PG_MAX_POSITIONS_PER_LEXEME positions per key), so both databases count the same matches. The
other kinds' streams (spelling keys) hold only the words that have one: their matches are counted,
not placed. (A document of more than PG_MAX_POSITION words may count a few spelling-key matches
differently: PostgreSQL merges its clamped positions.)
"""

from collections.abc import Sequence

from django.db import connections

from articles.search.document import field_of, field_spans
from articles.search.postgresql.encoding import FIELD_GAP, PG_MAX_POSITION, PG_MAX_POSITIONS_PER_LEXEME
from articles.search.ranking import FIELDS, HEAD_FIELDS, DocStats
from articles.search.sqlite.encoding import FTS5_COLUMNS, FTS5_TABLE, fts5_column, word_keys
from articles.text import KINDS, MAX_TOKEN_LENGTH, STOP_WORDS, Word

#: The kinds stored one token per word (positions known).
PLACED_KINDS = ("exact", "stem")


def _indexed(exact: str) -> bool:
    """Whether the analyzer indexes a word (articles.text.analyzer: not a stop word, not over-long)."""
    return exact not in STOP_WORDS and len(exact) <= MAX_TOKEN_LENGTH


def term_stats(using: str, ids: Sequence[int], words: Sequence[Word], *, rest: bool) -> dict[int, DocStats]:
    """{id: DocStats} of the given articles for the query words `words`: the head fields only
    (`complete` False), or with `rest`, every field."""
    if not ids:
        return {}
    kinds = [kind for kind in KINDS if all(fts5_column(f, kind) in FTS5_COLUMNS for f in FIELDS)]
    columns = [fts5_column(f, kind) for f in FIELDS for kind in kinds]
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, {', '.join(columns)} FROM {FTS5_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})",
            list(ids),
        )
        rows = cursor.fetchall()
    owners: dict[tuple[str, str], list[tuple[int, str]]] = {}  # (stream kind, key) → [(word, match kind)]
    for i, word in enumerate(words):
        for kind in kinds:
            for stream, key in word_keys(word, (kind,)):
                owners.setdefault((stream, key), []).append((i, kind))
    wanted = FIELDS if rest else HEAD_FIELDS
    out = {}
    for pk, *values in rows:
        streams = dict(zip(columns, values, strict=True))
        tokens = {f: {kind: (streams[fts5_column(f, kind)] or "").split() for kind in kinds} for f in FIELDS}
        lengths = tuple(len(tokens[f]["stem"]) for f in FIELDS)
        spans = field_spans(lengths, FIELD_GAP, PG_MAX_POSITION)
        placed: dict[tuple[int, str, str], set[int]] = {}
        counted: dict[tuple[int, str, str], int] = {}
        seen: dict[tuple[str, str], list[int]] = {}  # key → its positions so far, as PostgreSQL keeps them
        for f, (first, _last) in zip(FIELDS, spans, strict=True):
            exacts = tokens[f]["exact"]
            for stream in kinds:
                for index, token in enumerate(tokens[f][stream]):
                    matched = owners.get((stream, token))
                    if matched is None or (stream in PLACED_KINDS and not _indexed(exacts[index])):
                        continue
                    if stream == "exact" and f not in HEAD_FIELDS:
                        continue  # PostgreSQL keeps exact forms of the head fields only
                    position = min(first + index, PG_MAX_POSITION) if stream in PLACED_KINDS else None
                    kept = seen.setdefault((stream, token), [])
                    if len(kept) >= PG_MAX_POSITIONS_PER_LEXEME or (position is not None and kept[-1:] == [position]):
                        continue
                    kept.append(position)
                    name = field_of(position, spans) if position is not None else f
                    if name not in wanted:
                        continue
                    for i, kind in matched:
                        if kind in PLACED_KINDS:
                            placed.setdefault((i, name, kind), set()).add(position)
                        else:  # counted as (key, position) pairs, as on PostgreSQL
                            counted[(i, name, kind)] = counted.get((i, name, kind), 0) + 1
        near: dict[int, set[int]] = {}
        for (i, _name, _kind), found in placed.items():
            near.setdefault(i, set()).update(found)
        counts = {key: len(found) for key, found in placed.items()}
        counts.update(counted)
        out[pk] = DocStats(lengths, counts, {i: tuple(sorted(p)) for i, p in near.items()}, complete=rest)
    return out
