"""SQLite: queries compiled to FTS5 MATCH expressions over the key streams (see encoding.py)."""

import itertools

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from articles.search.document import DOCUMENT_FIELDS
from articles.search.ranking import HEAD_FIELDS
from articles.search.sqlite.encoding import FTS5_TABLE, fts5_column, fts5_quote
from articles.text import KINDS, Phrase, Query, Word, check_kinds, either


def _fts5_columns(fields: tuple[str, ...], kind: str) -> str:
    return "{" + " ".join(fts5_column(field, kind) for field in fields) + "}"


def _fts5_clause(clause: Word | Phrase, fields: tuple[str, ...], kinds: tuple[str, ...]) -> str:
    if isinstance(clause, Phrase):
        if "stem" not in kinds:
            text = " ".join(word.exact for word in clause.words)
            return f"{_fts5_columns(fields, 'exact')} : {fts5_quote(text)}"
        columns = _fts5_columns(fields, "stem")
        texts = {" ".join(chosen): None for spelling in clause.spellings() for chosen in itertools.product(*spelling)}
        return either((f"{columns} : {fts5_quote(text)}" for text in texts), "OR")
    keys = clause.keys()
    return either(
        (f"{_fts5_columns(fields, kind)} : {fts5_quote(key)}" for kind in KINDS if kind in kinds for key in keys[kind]),
        "OR",
    )


def to_fts5(query: Query, fields: tuple[str, ...], kinds: tuple[str, ...] = KINDS) -> str:
    """The query as an FTS5 MATCH expression over the columns of ``fields`` (see encoding.py).

    A word is ``({f_exact g_exact} : "x" OR {f_stem g_stem} : "s" OR {f_skeleton …} : "k")``,
    with one more stem alternative per clitic stem.
    A phrase matches the stem columns only (FTS5 phrases cannot hold OR groups):
    ``{f_stem g_stem} : "s1 s2"``, stop words included as their stems, since the
    stem stream keeps them; with spelling variants, one such phrase per variant
    stem, joined with OR (the exact columns when ``kinds`` has no stem). OR groups
    are ``(c1 OR c2)``, groups are joined with AND, exclusions appended as
    ``(…) NOT (n1 OR n2)``.
    """
    check_kinds(kinds)
    fields = tuple(fields)
    if not fields:
        raise ValueError("at least one field is needed")
    parts = []
    for group in query.groups:
        parts.append(either((_fts5_clause(clause, fields, kinds) for clause in group), "OR"))
    text = " AND ".join(parts)
    if query.excluded:
        excluded = " OR ".join(_fts5_clause(clause, fields, kinds) for clause in query.excluded)
        text = f"({text}) NOT ({excluded})"
    return text


def matching(queryset: QuerySet, query: Query) -> QuerySet:
    """The articles of `queryset` that match `query` in any field of their document."""
    fields = tuple(field for field, _weight in DOCUMENT_FIELDS)
    return queryset.filter(
        pk__in=RawSQL(f"SELECT rowid FROM {FTS5_TABLE} WHERE {FTS5_TABLE} MATCH %s", (to_fts5(query, fields),))
    )


def head_matching(queryset: QuerySet, words) -> QuerySet:
    """The articles of `queryset` with one of `words` (any kind of key) in a head field."""
    return queryset.filter(
        pk__in=RawSQL(
            f"SELECT rowid FROM {FTS5_TABLE} WHERE {FTS5_TABLE} MATCH %s",
            (to_fts5(Query((tuple(words),)), HEAD_FIELDS),),
        )
    )
