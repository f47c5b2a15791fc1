"""SQLite: queries compiled to FTS5 MATCH expressions over the key streams (see encoding.py)."""

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from articles.search.document import DOCUMENT_FIELDS
from articles.search.ranking import HEAD_FIELDS
from articles.search.sqlite.encoding import FTS5_TABLE, fts5_column, fts5_quote, phrase_texts, word_keys
from articles.text import KINDS, Phrase, Query, Word, check_kinds, either


def _fts5_columns(fields: tuple[str, ...], kind: str) -> str:
    return "{" + " ".join(fts5_column(field, kind) for field in fields) + "}"


def _fts5_clause(clause: Word | Phrase, fields: tuple[str, ...], kinds: tuple[str, ...]) -> str:
    if isinstance(clause, Phrase):
        kind = "stem" if "stem" in kinds else "exact"
        columns = _fts5_columns(fields, kind)
        return either((f"{columns} : {fts5_quote(text)}" for text in phrase_texts(clause, kind)), "OR")
    return either(
        (f"{_fts5_columns(fields, kind)} : {fts5_quote(key)}" for kind, key in word_keys(clause, kinds)),
        "OR",
    )


def to_fts5(query: Query, fields: tuple[str, ...], kinds: tuple[str, ...] = KINDS) -> str:
    """The query as an FTS5 MATCH expression over the columns of ``fields`` (see encoding.py).

    A word is ``({f_exact g_exact} : "x" OR {f_stem g_stem} : "s" OR {f_skeleton …} : "k")``,
    with one more stem alternative per clitic stem.
    A loose key is looked up in the loose columns and, when it is not a stem key of the word,
    in the stem columns (encoding.word_keys).
    A phrase matches the stem columns only (FTS5 phrases cannot hold OR groups):
    ``{f_stem g_stem} : "s1 ة s2"``, a stop word as the token encoding.GAP that the
    stem stream has in its place; with spelling variants, one such phrase per variant
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
