"""Full-text search over articles and typo-tolerant lookups of entities and sources by name.

The language work (normalisation, stemming, spelling skeletons, the query language) is done in
Python by `articles.text`; the databases only store and match the keys it produces, so the same
query gives the same articles on PostgreSQL and on SQLite.

The search document
-------------------
Every article has one, built by `index_articles` from DOCUMENT_FIELDS: headline (weight A), summary
(B), the names and aliases of the entities an editor confirmed the article is *about* (B), captions
with their alt text (C), the names and aliases of the other confirmed entities and of the sources
the article attributes to (C), and the body (D). Suggested (unconfirmed) mentions are left out:
they are the machine's guesses. The service layer re-indexes an article on every write to it, to
its parts, or to an entity, source or alias it names (`services.article_reindex`).

Storage
-------
PostgreSQL: two tsvector columns on ``articles_article``, written from the analyzer's literals
with ``%s::tsvector`` (never to_tsvector). ``search_vector``: the whole document's stem and
skeleton lexemes (MATCH_KINDS) and its word pairs (pair_lexemes, with the stop words between
them counted: a two-word phrase is its pair), GIN-indexed, for matching. ``search_head``: the
ranking fields (RANK_FIELDS, weighted by HEAD_WEIGHTS) with all three key kinds, small, for
ranking. Both are kept
in the row (STORAGE MAIN, lz4) while they fit in a page, so that testing a row reads no TOAST
table. They are deliberately not model fields, so that the ORM never loads a vector with an
article. SQLite: the FTS5 table ``articles_article_fts`` (rowid = article id), with a column per
field and key kind. All are created by migration 0007.

Matching and ranking
--------------------
`search_articles` keeps at most SEARCH_WINDOW matches: the most recent ones (publication time
descending, articles without one first, then id descending). A common word may match a third of a
million articles; ranking or counting all of them costs seconds. On PostgreSQL the window is
looked for among the most recent articles first (as many as the planner expects to hold two
windows of matches, at most 5%), then among older ones, as far back as the matches found
suggest (`_pg_window`): the search index holds each article's publication keys (its day, month
and year, migration 0014) beside its lexemes, so it intersects a word's matches with a range of
days, before any row is read, and a window reads a few thousand rows at most whatever the
word's frequency. Within the window,
matches are ranked by RANK_POINTS / RANK_SCALE, in the same statement:

    search_rank = 1     if every searched word is in the headline (in any form)
                + 1/4   ... and in its exact form there
                + 1/8 + 1/16   the same for the summary
                + 1/32 + 1/32  the same for the names of the entities the article is about

so a headline hit always ranks above any other, and exact forms above stems and spelling
variants in the same field. Matches elsewhere only (body, captions, other names) have rank 0.
Ties are broken by publication time, then id, both descending. The rank is computed the same
way on both databases (the sums are exact), so results come in the same order on both. It
deliberately ignores how often a word occurs: in news, where a word appears matters more, and
recency breaks the ties.

Names
-----
`search_named` finds entities and sources by their name or any alias, tolerating typos: a name
matches when it contains every word of the query, or when its trigram similarity to the query is
at least NAME_SIMILARITY_THRESHOLD (pg_trgm's ``%`` operator and GIN indexes on PostgreSQL; on
SQLite the function ``newsroom_similarity``, a faithful Python port of pg_trgm's similarity()).
"""

import calendar
import itertools
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, timedelta
from functools import lru_cache
from itertools import pairwise

from django.db import connections, router, transaction
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import OrderBy, RawSQL
from django.db.models.functions import Cast, Coalesce, Greatest
from django.db.models.lookups import Lookup
from django.db.models.sql.where import AND, WhereNode
from django.utils.translation import gettext as _

from articles.models import Article, Attribution, Caption, Entity, EntityAlias, Mention, Source, SourceAlias
from articles.text import (
    KINDS,
    SKELETON_MARK,
    STEM_MARK,
    STOP_WORDS,
    IndexedDocument,
    Phrase,
    Query,
    QueryError,
    Word,
    either,
    fts5_column,
    index_document,
    parse_query,
    pg_phrase_alternatives,
    pg_quote,
    snippet,
    to_fts5,
    to_tsquery,
    tokenize,
)
from articles.text.tokenize import MAX_TOKEN_LENGTH

__all__ = [
    "DOCUMENT_FIELDS",
    "MAX_QUERY_LENGTH",
    "MAX_QUERY_TERMS",
    "NAME_SIMILARITY_THRESHOLD",
    "RELEVANCE_ORDERING",
    "SEARCH_WINDOW",
    "EmptyQueryError",
    "QueryTooLongError",
    "SearchQueryError",
    "article_document",
    "article_snippets",
    "index_articles",
    "parse_search_query",
    "search_articles",
    "search_named",
    "trigram_similarity",
]

#: The fields of an article's search document, in document order, with their weights.
DOCUMENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("headline", "A"),
    ("summary", "B"),
    ("about", "B"),
    ("captions", "C"),
    ("names", "C"),
    ("body", "D"),
)
#: The key kinds stored in PostgreSQL's `search_vector`. A word's exact form always has the same
#: stem, so exact lexemes add nothing to matching: leaving them out makes the vector about 40%
#: smaller (cheaper to read per row); exact forms count in the ranking, from `search_head`.
MATCH_KINDS = ("stem", "skeleton")
#: Marks the lexemes of word pairs in `search_vector` (see pair_lexemes); the analyzer's keys are
#: made of word characters only, so they never start with it.
PAIR_MARK = "="
#: The fields whose matches rank an article (the "head" of the document); the others only match.
RANK_FIELDS = ("headline", "summary", "about")
#: At most this many matches (the most recent ones) are ranked and returned by a search.
SEARCH_WINDOW = 1000
#: Longer queries are refused (they are mistakes or abuse, and cost time).
MAX_QUERY_LENGTH = 500
#: Queries with more words (searched or excluded) are refused.
MAX_QUERY_TERMS = 20
#: pg_trgm's default similarity threshold (the ``%`` operator), used on both databases.
NAME_SIMILARITY_THRESHOLD = 0.3

FTS5_TABLE = "articles_article_fts"
FTS5_COLUMNS = tuple(fts5_column(field, kind) for field, _weight in DOCUMENT_FIELDS for kind in KINDS)

#: The ranking fields' weights in the `search_head` vector (PostgreSQL): one letter per field, so
#: that a tsquery can be restricted to one field.
HEAD_WEIGHTS = {"headline": "A", "summary": "B", "about": "C"}
#: What makes an article rank higher: (field, key kinds, points). A term scores when every searched
#: word matches within that field (in any form, or in exact forms only). The headline's "any form"
#: term is worth more than all the others together, so a headline hit always ranks first.
RANK_POINTS = (
    ("headline", KINDS, 32),
    ("headline", ("exact",), 8),
    ("summary", KINDS, 4),
    ("summary", ("exact",), 2),
    ("about", KINDS, 1),
    ("about", ("exact",), 1),
)
#: search_rank = points / RANK_SCALE (a power of two: the sums are exact on both databases).
RANK_SCALE = 32

#: Order of search results: best first, then the most recent, then the newest row.
RELEVANCE_ORDERING = (F("search_rank").desc(), F("published_at").desc(nulls_first=True), F("id").desc())
#: Order of the window of matches: the most recent first (articles without a time count as newest).
RECENCY_ORDERING = (F("published_at").desc(nulls_first=True), F("id").desc())


# --------------------------------------------------------------------------- query errors


class SearchQueryError(ValueError):
    """A query that cannot be searched; `code` is stable, the message is for people."""

    code = "invalid"


class EmptyQueryError(SearchQueryError):
    """The query has nothing to search for: empty, punctuation only, only very common words, only exclusions."""

    MESSAGES = {
        "empty": lambda: _("Enter at least one word to search for."),
        "no_words": lambda: _("The search contains no words: enter letters or digits, not only punctuation."),
        "stop_words_only": lambda: _(
            "The search contains only very common words (such as «في» or «من»): add a more specific word."
        ),
        "exclusions_only": lambda: _("The search only excludes words (-word): add a word to search for."),
    }

    def __init__(self, code: str = "empty"):
        self.code = code if code in self.MESSAGES else "empty"
        super().__init__(self.MESSAGES[self.code]())


class QueryTooLongError(SearchQueryError):
    """The query is longer than MAX_QUERY_LENGTH characters or has more than MAX_QUERY_TERMS words."""

    code = "too_long"

    def __init__(self):
        super().__init__(
            _("The search is too long: use at most %(chars)d characters and %(terms)d words.")
            % {"chars": MAX_QUERY_LENGTH, "terms": MAX_QUERY_TERMS}
        )


def _term_count(query: Query) -> int:
    clauses = [clause for group in query.groups for clause in group] + list(query.excluded)
    return sum(
        sum(1 for word in clause.words if not word.stop) if isinstance(clause, Phrase) else 1 for clause in clauses
    )


def parse_search_query(q: str | None) -> Query:
    """Parse a search-box query (articles.text.query), with the length limits; SearchQueryError if unusable."""
    if q is None or not q.strip():
        raise EmptyQueryError("empty")
    if len(q) > MAX_QUERY_LENGTH:
        raise QueryTooLongError()
    try:
        query = parse_query(q)
    except QueryError as error:
        raise EmptyQueryError(error.code) from error
    if _term_count(query) > MAX_QUERY_TERMS:
        raise QueryTooLongError()
    return query


def _name_query(q: str | None) -> tuple[str, list[str]]:
    """The normalised query and its words, for name lookups; SearchQueryError if unusable."""
    if q is None or not q.strip():
        raise EmptyQueryError("empty")
    if len(q) > MAX_QUERY_LENGTH:
        raise QueryTooLongError()
    words = [token.text for token in tokenize(q)]
    if not words:
        raise EmptyQueryError("no_words")
    if len(words) > MAX_QUERY_TERMS:
        raise QueryTooLongError()
    return " ".join(words), words


# --------------------------------------------------------------------------- the search document


def _names(*values: str) -> list[str]:
    """Distinct non-empty values, in order."""
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return list(seen)


def article_document(
    article: Article,
    *,
    captions: Sequence[tuple[str, str]] = (),
    about_names: Sequence[str] = (),
    other_names: Sequence[str] = (),
) -> dict[str, tuple[str, str]]:
    """The fields of an article's search document, ready for `articles.text.index_document`.

    `captions` are (text, alt text) pairs; an alt text equal to its caption is indexed once.
    """
    caption_text = "\n".join(
        "\n".join(_names(text, alt_text)) for text, alt_text in captions
    )  # one line per distinct text
    texts = {
        "headline": article.headline,
        "summary": article.summary,
        "about": "\n".join(_names(*about_names)),
        "captions": caption_text,
        "names": "\n".join(_names(*other_names)),
        "body": article.body,
    }
    return {field: (texts[field], weight) for field, weight in DOCUMENT_FIELDS}


class _NameBook:
    """Names (name, English name, aliases) of entities and sources, loaded in bulk and remembered."""

    def __init__(self, using: str):
        self.using = using
        self.entities: dict[int, list[str]] = {}
        self.sources: dict[int, list[str]] = {}

    def _load(self, cache, ids, model, alias_model, fk) -> None:
        missing = {pk for pk in ids if pk not in cache}
        if not missing:
            return
        names: dict[int, list[str]] = {}
        for pk, name, name_en in (
            model.objects.using(self.using).filter(pk__in=missing).values_list("pk", "name", "name_en")
        ):
            names[pk] = [name, name_en]
        aliases = alias_model.objects.using(self.using).filter(**{f"{fk}__in": missing}).order_by(fk, "name")
        for owner, name in aliases.values_list(fk, "name"):
            names.setdefault(owner, []).append(name)
        for pk in missing:
            cache[pk] = _names(*names.get(pk, ()))

    def load(self, entity_ids: Iterable[int], source_ids: Iterable[int]) -> None:
        self._load(self.entities, set(entity_ids), Entity, EntityAlias, "entity_id")
        self._load(self.sources, set(source_ids), Source, SourceAlias, "source_id")


def _batches(ids: Iterable[int], size: int):
    batch: list[int] = []
    for pk in ids:
        batch.append(int(pk))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _documents(batch: list[int], book: _NameBook, using: str) -> dict[int, dict[str, tuple[str, str]]]:
    """The document fields of every existing article of `batch` (5–7 queries for the whole batch)."""
    articles = {
        pk: Article(pk=pk, headline=headline, summary=summary, body=body)
        for pk, headline, summary, body in Article.objects.using(using)
        .filter(pk__in=batch)
        .values_list("pk", "headline", "summary", "body")
    }
    captions: dict[int, list[tuple[str, str]]] = {}
    for article_id, text, alt_text in (
        Caption.objects.using(using)
        .filter(article_id__in=articles)
        .order_by("article_id", "order")
        .values_list("article_id", "text", "alt_text")
    ):
        captions.setdefault(article_id, []).append((text, alt_text))
    mentions = list(
        Mention.objects.using(using)
        .filter(article_id__in=articles, origin=Mention.Origin.CONFIRMED)
        .order_by("article_id", "-count", "id")
        .values_list("article_id", "entity_id", "role")
    )
    attributions = list(
        Attribution.objects.using(using)
        .filter(article_id__in=articles)
        .order_by("article_id", "paragraph", "id")
        .values_list("article_id", "source_id")
    )
    book.load((entity_id for _a, entity_id, _r in mentions), (source_id for _a, source_id in attributions))
    about: dict[int, list[str]] = {}
    others: dict[int, list[str]] = {}
    for article_id, entity_id, role in mentions:
        target = about if role == Mention.Role.ABOUT else others
        target.setdefault(article_id, []).extend(book.entities[entity_id])
    for article_id, source_id in attributions:
        others.setdefault(article_id, []).extend(book.sources[source_id])
    return {
        pk: article_document(
            article,
            captions=captions.get(pk, ()),
            about_names=about.get(pk, ()),
            other_names=others.get(pk, ()),
        )
        for pk, article in articles.items()
    }


def matching_lexemes(tsvector: str) -> str:
    """The analyzer's tsvector literal without the exact-form lexemes (see MATCH_KINDS)."""
    return " ".join(item for item in tsvector.split(" ") if item[1:2] in (STEM_MARK, SKELETON_MARK))


def pair_key(first_stem: str, second_stem: str, gap: int = 0) -> str:
    """The lexeme of two consecutive indexed words of a field, `gap` unindexed words (stop words,
    over-long tokens) apart: ``=a_b`` when they are side by side, ``=a_2_b`` with two stop words
    between them (stems never hold ``_``). So a side-by-side pair says exactly what a phrase of
    those two words asks: that the index has it is the match (see _pg_match_query)."""
    return f"{PAIR_MARK}{first_stem}_{gap}_{second_stem}" if gap else f"{PAIR_MARK}{first_stem}_{second_stem}"


def _pairs(document: IndexedDocument) -> str:
    """The quoted pair lexemes of an indexed document, read from its FTS5 streams (every token in
    text order, stop words included, so they are told apart the way the analyzer does)."""
    keys: dict[str, None] = {}
    streams = document.fts5
    for field, _weight in DOCUMENT_FIELDS:
        previous, gap = None, 0
        for exact, stem in zip(streams[f"{field}_exact"].split(" "), streams[f"{field}_stem"].split(" "), strict=True):
            if not exact:
                continue
            if exact in STOP_WORDS or len(exact) > MAX_TOKEN_LENGTH:
                gap += 1
                continue
            if previous is not None:
                keys[pair_key(previous, stem, gap)] = None
            previous, gap = stem, 0
    return " ".join(pg_quote(key) for key in keys)


def pair_lexemes(fields: Mapping[str, tuple[str, str]]) -> str:
    """The quoted pair lexemes (PAIR_MARK) of a document, without positions, space-separated."""
    return _pairs(index_document({field: fields.get(field, ("", "D")) for field, _weight in DOCUMENT_FIELDS}))


def matching_vector(fields: Mapping[str, tuple[str, str]]) -> str:
    """The tsvector literal of `search_vector`: stem and skeleton lexemes, then word pairs."""
    document = index_document(fields)
    return f"{matching_lexemes(document.tsvector)} {_pairs(document)}".strip()


def _pg_match_query(query: Query, *, superset: bool = False) -> str:
    """The tsquery that `search_vector` is matched with (the analyzer's to_tsquery, adapted).

    Words match by stem or skeleton (MATCH_KINDS). A phrase matches by stems at the phrase's
    distances, as on SQLite, one of its words possibly by the stem of a nearby spelling
    (Phrase.spellings, stem.variant_stems), and is prefixed with its word pairs:
    ``('=a_b' & '=b_c' & (~a <-> ~b <-> ~c))``, or, when b has variant stems b2 and b3,
    ``(('=a_b' | '=a_b2' | '=a_b3') & ('=b_c' | '=b2_c' | '=b3_c') & (~a <-> (~b | ~b2 | ~b3) <-> ~c))``
    (with several words that have variants, each pair lists the spellings of both its words,
    and the phrases of the words, one word spelled differently in each, are joined with ``|``).
    The pairs let the GIN index narrow a phrase of common words down to the articles that have
    those words, or those spellings, side by side: a variant pair that no article has costs one
    index lookup. Every match has these pairs, so the result is that of the phrases alone. A
    phrase of two words side by side is its pair alone (`_pairs_are_the_phrase`): the index
    answers it without reading any row's positions.

    With `superset`, a looser query that every match also matches, made for the GIN index and
    the planner's estimates: a phrase becomes its first pair (with its spellings) and an excluded
    phrase is left out. (PostgreSQL multiplies the selectivities of all the lexemes of a query,
    which for a phrase's pairs and words, all strongly correlated, underestimates a common phrase
    a hundredfold.)
    """

    def word(item: Word) -> str:
        return either(pg_quote(lexeme) for lexeme in item.lexemes(MATCH_KINDS))

    def any_of(keys: Iterable[str]) -> str:
        return either(pg_quote(key) for key in dict.fromkeys(keys))

    def clause(item) -> str:
        if isinstance(item, Word):
            return word(item)
        indexed = [i for i, w in enumerate(item.words) if not w.stop]
        spellings = item.spellings()
        pairs = [
            any_of(pair_key(a, b, j - i - 1) for spelling in spellings for a in spelling[i] for b in spelling[j])
            for i, j in pairwise(indexed)
        ]
        if superset or _pairs_are_the_phrase(item):
            return pairs[0]
        phrases = pg_phrase_alternatives(item)
        return "(" + " & ".join([*pairs, either(phrases)]) + ")"

    parts = []
    for group in query.groups:
        parts.append(either(clause(item) for item in group))
    text = " & ".join(parts)
    for item in query.excluded:
        if not (superset and isinstance(item, Phrase)):
            text += " & !" + clause(item)
    return text


def _pairs_are_the_phrase(phrase: Phrase) -> bool:
    """Whether `phrase` is two indexed words side by side (stop words at its ends do not count):
    then an article matches it exactly when its search_vector has the phrase's pair (pair_key;
    both match by stem, spellings included, within one field)."""
    indexed = [i for i, word in enumerate(phrase.words) if not word.stop]
    return len(indexed) == 2 and indexed[1] == indexed[0] + 1


def _needs_positions(query: Query) -> bool:
    """Whether matching `query` needs the positions of words (a phrase that its pairs do not answer)."""
    clauses = [*(item for group in query.groups for item in group), *query.excluded]
    return any(isinstance(item, Phrase) and not _pairs_are_the_phrase(item) for item in clauses)


def _write_postgresql(conn, batch: list[int], documents: Mapping[int, dict]) -> None:
    ids, vectors, heads = [], [], []
    for pk, fields in documents.items():
        ids.append(pk)
        vectors.append(matching_vector(fields))
        heads.append(index_document({field: (fields[field][0], HEAD_WEIGHTS[field]) for field in RANK_FIELDS}).tsvector)
    if not ids:
        return
    with conn.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article AS a SET search_vector = v.doc::tsvector, search_head = v.head::tsvector "
            "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, doc, head) WHERE a.id = v.id",
            [ids, vectors, heads],
        )


def _write_sqlite(conn, batch: list[int], documents: Mapping[int, dict]) -> None:
    rows = []
    for pk, fields in documents.items():
        streams = index_document(fields).fts5
        rows.append([pk, *(streams[column] for column in FTS5_COLUMNS)])
    with conn.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {FTS5_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(batch))})",
            batch,
        )
        if rows:
            cursor.executemany(
                f"INSERT INTO {FTS5_TABLE} (rowid, {', '.join(FTS5_COLUMNS)}) "
                f"VALUES ({', '.join(['%s'] * (len(FTS5_COLUMNS) + 1))})",
                rows,
            )


def index_articles(article_ids: Iterable[int], *, batch_size: int = 1000, using: str | None = None) -> int:
    """(Re)build the search documents of the given articles; returns how many were indexed.

    Works in batches of `batch_size` articles: for each, one query per table read (articles,
    captions, confirmed mentions, attributions, and the names of entities and sources not seen in
    an earlier batch) and one write (PostgreSQL: a single UPDATE from arrays; SQLite: a DELETE and
    an executemany INSERT). Ids of articles that no longer exist are skipped (their FTS5 rows,
    on SQLite, are removed). Safe to run again: the result depends only on the current data.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    using = using or router.db_for_write(Article)
    conn = connections[using]
    write = _write_postgresql if conn.vendor == "postgresql" else _write_sqlite
    book = _NameBook(using)
    indexed = 0
    for batch in _batches(article_ids, batch_size):
        documents = _documents(batch, book, using)
        write(conn, batch, documents)
        indexed += len(documents)
    return indexed


def index_all_articles(*, batch_size: int = 1000, using: str | None = None, progress=None) -> int:
    """(Re)build the search document of every article, a batch at a time (keyset pagination: each
    batch starts after the last id done, so memory stays flat); `progress(done)` after each batch.
    Returns how many were indexed."""
    using = using or router.db_for_write(Article)
    done, last = 0, 0
    while ids := list(
        Article.objects.using(using).filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]
    ):
        done += index_articles(ids, batch_size=batch_size, using=using)
        last = ids[-1]
        if progress is not None:
            progress(done)
    return done


def article_unindex(article_ids: Iterable[int], *, using: str | None = None) -> None:
    """Forget the search documents of deleted articles (SQLite keeps them outside the article row)."""
    using = using or router.db_for_write(Article)
    conn = connections[using]
    ids = [int(pk) for pk in article_ids]
    if conn.vendor == "sqlite" and ids:
        with conn.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS5_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids)


# --------------------------------------------------------------------------- searching articles


class _VectorMatch(Expression):
    """PostgreSQL: ``search_vector @@ '<tsquery>'`` (see _pg_match_query).

    A query with a phrase becomes ``search_vector @@ '<superset>' AND ts_match_vq(search_vector,
    '<query>')``: the index and the estimates see the superset, and the exact test (a function
    call, which the planner does not multiply in) runs on the rows it lets through. With
    `superset`, only the first part: what the index returns, for estimating a window's work.
    """

    output_field = BooleanField()

    def __init__(self, query: Query, *, superset: bool = False):
        super().__init__()
        self.query = query
        self.superset = superset  # the index's part only (for estimates)

    def as_sql(self, compiler, connection):
        column = f"{compiler.quote_name_unless_alias(compiler.query.get_initial_alias())}.search_vector"
        if self.superset or not _needs_positions(self.query):
            return f"{column} @@ %s::tsquery", [_pg_match_query(self.query, superset=self.superset)]
        sql = f"({column} @@ %s::tsquery AND ts_match_vq({column}, %s::tsquery))"
        return sql, [_pg_match_query(self.query, superset=True), _pg_match_query(self.query)]


class _Rank(Expression):
    """The search rank of a matching article (see RANK_POINTS), computed identically on either database.

    Each term of the rank says whether the searched words (every group of the query; exclusions do
    not matter, the article passed them) all match within one ranking field, in any form or in
    exact forms only. PostgreSQL tests the small `search_head` vector (kept in the row: no TOAST
    read) with weight-restricted tsqueries; SQLite tests column-restricted FTS5 queries, each run
    once for the whole result.
    """

    output_field = FloatField()

    def __init__(self, query: Query):
        super().__init__()
        self.positive = Query(query.groups)

    def _terms(self):
        for field, kinds, points in RANK_POINTS:
            yield field, kinds, points / RANK_SCALE

    def as_sql(self, compiler, connection):
        raise NotImplementedError(f"search is not supported on {connection.vendor}")

    def as_postgresql(self, compiler, connection):
        return _pg_rank_sql(f"{compiler.quote_name_unless_alias(compiler.query.get_initial_alias())}.search_head", self)

    def as_sqlite(self, compiler, connection):
        pk = f"{compiler.quote_name_unless_alias(compiler.query.get_initial_alias())}.id"
        parts, params = [], []
        for field, kinds, value in self._terms():
            parts.append(
                f"CASE WHEN {pk} IN (SELECT rowid FROM {FTS5_TABLE} WHERE {FTS5_TABLE} MATCH %s) "
                f"THEN {value!r} ELSE 0.0 END"
            )
            params.append(to_fts5(self.positive, (field,), kinds))
        return "(" + " + ".join(parts) + ")", params


_LEXEME_RE = re.compile(r"('(?:[^']|'')*')")


def _pg_rank_sql(column: str, rank: _Rank) -> tuple[str, list[str]]:
    """SQL computing `rank` from the `search_head` vector in `column` (weight-restricted tsqueries).

    Most matches score nothing (their words are in the body only): one test of the whole head
    first spares them the six tests of the fields (any term that scores passes it).
    """
    parts, params = [], [to_tsquery(rank.positive, KINDS)]
    for field, kinds, value in rank._terms():
        parts.append(f"CASE WHEN {column} @@ %s::tsquery THEN {value!r} ELSE 0.0 END")
        params.append(_LEXEME_RE.sub(rf"\1:{HEAD_WEIGHTS[field]}", to_tsquery(rank.positive, kinds)))
    return f"(CASE WHEN {column} @@ %s::tsquery THEN {' + '.join(parts)} ELSE 0.0 END)", params


def _matching(queryset: QuerySet, query: Query) -> QuerySet:
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        return queryset.filter(_VectorMatch(query))
    if vendor == "sqlite":
        fields = tuple(field for field, _weight in DOCUMENT_FIELDS)
        return queryset.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {FTS5_TABLE} WHERE {FTS5_TABLE} MATCH %s", (to_fts5(query, fields),))
        )
    raise NotImplementedError(f"search is not supported on {vendor}")


def search_articles(queryset: QuerySet, q: str) -> QuerySet:
    """Articles of `queryset` matching the query `q`, annotated with `search_rank`, best first.

    At most SEARCH_WINDOW articles: the most recent matches (see the module docstring). The window
    and the ranks of its articles are found here, with one query (on PostgreSQL sometimes a few,
    see _pg_window), so apply every filter before calling this; the returned queryset selects
    those articles by primary key, carries their ranks as values, and can still be re-ordered or
    paginated. A queryset of `Article.objects` also carries the window itself (SearchWindow): it
    is then counted without a query, and a slice of it in relevance order (a page) reads only
    its own rows. Raises SearchQueryError (EmptyQueryError, QueryTooLongError) for an unusable query.
    """
    query = parse_search_query(q)
    hits = _window(queryset, query)
    results = queryset.filter(_PkIn(hits)).annotate(search_rank=_rank_values(hits, hits))
    results = results.order_by(*RELEVANCE_ORDERING)
    if hasattr(results, "search_window"):
        results.search_window = SearchWindow(hits, results.query.where.clone())
    return results


def _rank_values(hits: Mapping[int, tuple[float, float | None]], ids: Iterable[int]) -> Expression:
    """The search rank of the articles `ids` (of the window `hits`), as values: one CASE branch per rank."""
    by_rank: dict[float, list[int]] = {}
    for pk in ids:
        rank = hits[pk][0]
        if rank:
            by_rank.setdefault(rank, []).append(pk)
    # Cast: with no rank above 0 the CASE is the bare constant 0.0, which PostgreSQL refuses to order by.
    return Cast(
        Case(
            *(When(_PkIn(pks), then=Value(rank)) for rank, pks in sorted(by_rank.items(), reverse=True)),
            default=Value(0.0),
            output_field=FloatField(),
        ),
        FloatField(),
    )


#: RELEVANCE_ORDERING reversed (``ordering=-relevance``).
REVERSED_RELEVANCE_ORDERING = tuple(expression.copy().reverse_ordering() for expression in RELEVANCE_ORDERING)


def _ordering_key(ordering) -> tuple | None:
    """What an order_by() says, comparable (OrderBy's own equality ignores reverse_ordering())."""
    if not all(isinstance(item, OrderBy) for item in ordering):
        return None
    return tuple((str(item.expression), item.descending, item.nulls_first, item.nulls_last) for item in ordering)


_RELEVANCE_KEY = _ordering_key(RELEVANCE_ORDERING)
_REVERSED_RELEVANCE_KEY = _ordering_key(REVERSED_RELEVANCE_ORDERING)


class SearchWindow:
    """A search's window of matches, carried by the queryset search_articles returns (see
    models.ArticleQuerySet), so that the usual list work costs less:

    * counting is ``len(hits)``: the window was found with the queryset's conditions;
    * a slice in relevance order (either direction) is a page whose articles are known: it is read
      with ``id = ANY(<the page's ids>)`` (20 rows), not by ordering the whole window in SQL (a
      thousand rows read to keep 20). The rows are still ordered by the same SQL ORDER BY.

    Either applies only while the queryset's conditions are those of the search (no filter added
    after it, no DISTINCT, no set operation); otherwise the queryset is evaluated as usual.
    """

    def __init__(self, hits: Mapping[int, tuple[float, float | None]], where):
        self.hits = hits  # {id: (search rank, publication time as a POSIX timestamp)}
        self.where = where
        self._ordered: list[int] | None = None

    def _intact(self, queryset: QuerySet) -> bool:
        query = queryset.query
        return not query.distinct and not query.combinator and query.where == self.where

    def count(self, queryset: QuerySet) -> int | None:
        """The number of rows of `queryset`, if the window knows it."""
        if queryset.query.is_sliced or not self._intact(queryset):
            return None
        return len(self.hits)

    def page(self, queryset: QuerySet) -> QuerySet | None:
        """`queryset` (sliced, in relevance order) as a query for the slice's articles only; else None."""
        query = queryset.query
        if not (query.is_sliced and query.standard_ordering and not query.extra_order_by and self._intact(queryset)):
            return None
        order = _ordering_key(query.order_by)
        if order == _RELEVANCE_KEY:
            ordered = self.ordered()
        elif order == _REVERSED_RELEVANCE_KEY:
            ordered = self.ordered()[::-1]
        else:
            return None
        ids = ordered[query.low_mark : query.high_mark]
        page = queryset._chain()
        page.search_window = None
        page.query.clear_limits()
        return page.filter(_PkIn(ids)).annotate(search_rank=_rank_values(self.hits, ids))

    def ordered(self) -> list[int]:
        """The window's ids in RELEVANCE_ORDERING: rank, then publication time (none first), then id."""
        if self._ordered is None:

            def key(pk):
                rank, published_at = self.hits[pk]
                return rank, published_at is None, published_at or 0.0, pk

            self._ordered = sorted(self.hits, key=key, reverse=True)
        return self._ordered


class _PkIn(Expression):
    """The row's primary key is one of `ids`. PostgreSQL gets them as one array (``= ANY``): a
    thousand ids then cost one parameter to send and a hash lookup per row to test."""

    output_field = BooleanField()

    def __init__(self, ids: Iterable[int]):
        super().__init__()
        self.ids = list(ids)

    def _column(self, compiler, connection) -> str:
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{alias}.{connection.ops.quote_name(Article._meta.pk.column)}"

    def as_sql(self, compiler, connection):
        return f"{self._column(compiler, connection)} IN ({', '.join(['%s'] * len(self.ids))})", self.ids

    def as_postgresql(self, compiler, connection):
        return f"{self._column(compiler, connection)} = ANY(%s::bigint[])", [self.ids]


def _window(queryset: QuerySet, query: Query) -> dict[int, tuple[float, float | None]]:
    """{id: (search rank, publication time as a POSIX timestamp)} of the SEARCH_WINDOW most recent
    matches (RECENCY_ORDERING)."""
    matches = _matching(queryset, query).order_by(*RECENCY_ORDERING)
    if connections[queryset.db].vendor == "postgresql":
        return _pg_window(queryset, matches, query)
    rows = matches.annotate(search_rank=_Rank(query)).values_list("pk", "search_rank", "published_at")
    return {pk: (rank, when and when.timestamp()) for pk, rank, when in rows[:SEARCH_WINDOW]}


#: Settings for the window query, for this transaction only: enough memory for the bitmap of a
#: common word to stay exact (a lossy bitmap re-tests whole pages of rows), and no JIT compilation,
#: which costs more than such a query's whole run.
SEARCH_SESSION = {"work_mem": "64MB", "jit": "off"}
#: Settings for the window queries after the first, and for a first one that looks at all articles
#: (see _pg_window): the matches are then known, or expected, to be sparse among recent articles,
#: so walking the date index until a window is full would read many articles per match; the
#: planner, which estimates a query's matches from each word's frequency alone, sometimes expects
#: them to be dense and does so (seen: 50,000 rows read for a window of three words, 700 ms).
SPARSE_MATCHES = {"enable_indexscan": "off"}
#: The first window query looks at the most recent articles expected to hold this many windows of
#: matches (by the planner's estimate, see _pg_window): more rows read if the estimate is right,
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
#: statement costs more than reading them. Measured at a million articles (60 queries per type,
#: two rounds, window p95): 0.8 gave 16 / 18 / 27 / 19 ms, 0.5 gave 18–20 / 18 / 33 / 20–22 ms,
#: 0.3 gave 17–18 / 18–19 / 39–40 / 21–22 ms (1, 2, 3 words, phrase).
MAX_RECENT_SHARE = 0.8
#: After a range held too few matches, the window looks back this many times as far as the
#: matches found so far suggest a window needs. Since the next range holds only older days, a
#: small margin reads fewer rows; measured at a million articles (60 queries per type, window
#: p95): 1.3 gave 51 / 55 / 89 / 64 ms, 2.0 gave 64 / 60 / 99 / 54 ms (1, 2, 3 words, phrase).
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
    share = ESTIMATE_MARGIN * SEARCH_WINDOW / max(estimate, 1.0)
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
    share = share * WIDEN_MARGIN * SEARCH_WINDOW / found if found else MAX_RECENT_SHARE * 2
    while share <= MAX_RECENT_SHARE:
        threshold = recent_threshold(bounds, share)
        if publication_day(threshold) < publication_day(since):
            return share, threshold
        share *= 2  # the same day: look further back
    return None, None


def _pg_window(queryset: QuerySet, matches: QuerySet, query: Query) -> dict[int, tuple[float, float | None]]:
    """PostgreSQL: the window of `matches` (the matches of `query` in `queryset`, ordered by
    recency), with the ranks and publication times of its rows.

    The rank is computed in the same statement, on the window's rows only (an outer query over
    the limited inner one), so ranking costs no second visit to the rows.

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
    using = matches.db
    table = connections[using].ops.quote_name(Article._meta.db_table)
    heads = matches.annotate(_search_head=RawSQL(f"{table}.search_head", ())).values(
        "pk", "published_at", "_search_head"
    )
    rank_sql, rank_params = _pg_rank_sql('w."_search_head"', _Rank(query))
    # The time as a number: Django's loader of timestamptz values is Python code, slow for thousands.
    columns = f'w."pk", {rank_sql}, EXTRACT(EPOCH FROM w."published_at")::float8'
    bounds = publication_histogram(using)
    rows: list[tuple[int, tuple[float, float | None]]] = []
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        before = _settings(cursor, [*SEARCH_SESSION, *SPARSE_MATCHES])
        _set_local(cursor, SEARCH_SESSION)
        candidates = queryset.filter(_VectorMatch(query, superset=True))
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
            sql, params = window[: SEARCH_WINDOW - len(rows)].query.sql_with_params()
            cursor.execute(f"SELECT {columns} FROM ({sql}) AS w", [*rank_params, *params])
            rows += [(pk, (float(rank), when)) for pk, rank, when in cursor.fetchall()]  # rank: numeric, exact
            if len(rows) >= SEARCH_WINDOW or not ranged or first <= oldest:
                break
            share, since = _next_share(bounds, share, since, len(rows))
            first, last = (max(publication_day(since), oldest) if since else oldest), first - timedelta(days=1)
        # On an error, leaving the atomic block rolls the settings back with the (sub)transaction.
        _set_local(cursor, before)
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


def publication_day(moment) -> date:
    """The UTC day of `moment`: what a window's ranges are made of."""
    return moment.astimezone(UTC).date()


#: Publication keys count days from here (migration 0014).
KEYS_EPOCH = date(1970, 1, 1)


def publication_keys(moment) -> list[str]:
    """The lexemes the search index holds for an article published at `moment`, as the database
    function newsroom_publication_keys() (migration 0014) writes them: its UTC day, month and year,
    each as «d», «m» or «y» and the number of its first day since 1970-01-01."""
    day = publication_day(moment)
    return [f"d{_day_number(day)}", f"m{_day_number(day.replace(day=1))}", f"y{_day_number(date(day.year, 1, 1))}"]


def _day_number(day: date) -> int:
    return (day - KEYS_EPOCH).days


def period_keys(first: date, last: date) -> list[str]:
    """The fewest publication keys that together match every article published from the day
    `first` to the day `last` (UTC, both included) and no other: whole years where they fit, else
    whole months, else days. At most a few dozen, whatever the period."""
    keys, day = [], first
    while day <= last:
        year_end = date(day.year, 12, 31)
        month_end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        if (day.month, day.day) == (1, 1) and year_end <= last:
            kind, end = "y", year_end
        elif day.day == 1 and month_end <= last:
            kind, end = "m", month_end
        else:
            kind, end = "d", day
        keys.append(f"{kind}{_day_number(day)}")
        if end == date.max:
            break
        day = end + timedelta(days=1)
    return keys


class PublishedWithin(Expression):
    """PostgreSQL: published from the day `first` to the day `last` (UTC, both included), written
    against the search index's second column (migration 0014) as an OR of the period's
    publication keys (`period_keys`). Undated articles have no keys: they never match it.

    Whole days: a window's first range starts a little before its threshold, which costs a few
    more rows and changes nothing in the result (a range holding a window of matches, whatever its
    start, holds the newest window).
    """

    output_field = BooleanField()

    def __init__(self, first: date, last: date):
        super().__init__()
        self.first, self.last = first, last

    def as_sql(self, compiler, connection):
        raise NotImplementedError("PublishedWithin is for PostgreSQL's search index")

    def as_postgresql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        keys = " | ".join(f"'{key}'" for key in period_keys(self.first, self.last))
        return f"newsroom_publication_keys({alias}.published_at) @@ %s::tsquery", [keys]


def _settings(cursor, names: Sequence[str]) -> dict[str, str]:
    """The current values of PostgreSQL settings."""
    cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), list(names))
    return dict(zip(names, cursor.fetchone(), strict=True))


def _set_local(cursor, settings: Mapping[str, str]) -> None:
    """Change PostgreSQL settings until the end of the current transaction (SET LOCAL)."""
    cursor.execute(
        "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(settings)),
        [item for name, value in settings.items() for item in (name, value)],
    )


def article_snippets(articles: Iterable[Article], q: str | Query, max_chars: int = 200) -> dict[int, str]:
    """{article id: highlighted passage} for the given (already fetched) articles.

    The passage comes from the body when a searched word is there, else from the summary, else
    from a caption, else it is the beginning of the body (the article matched through an entity
    or source name). Captions are read from `article.captions.all()`: prefetch them.
    """
    query = q if isinstance(q, Query) else parse_search_query(q)
    out = {}
    for article in articles:
        passage = snippet(article.body, query, max_chars)  # without a match there: the body's beginning
        if "<mark>" not in passage:
            for text in (article.summary, *(c.text for c in article.captions.all())):
                found = snippet(text, query, max_chars) if text else ""
                if "<mark>" in found:
                    passage = found
                    break
        out[article.pk] = passage
    return out


# --------------------------------------------------------------------------- names


_TRIGRAM_WORD_RE = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def _trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigrams: each alphanumeric word, lower-cased, padded with two spaces before and one after."""
    out = set()
    for word in _TRIGRAM_WORD_RE.findall(text.lower()):
        padded = f"  {word} "
        out.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(out)


def trigram_similarity(a: str | None, b: str | None) -> float:
    """pg_trgm's similarity(a, b): shared trigrams over all distinct trigrams of both (0 if either has none)."""
    if not a or not b:
        return 0.0
    ta, tb = _trigrams(a), _trigrams(b)
    if not ta or not tb:
        return 0.0
    common = len(ta & tb)
    return common / (len(ta) + len(tb) - common)


def register_sqlite_functions(connection, **kwargs) -> None:
    """Give SQLite connections `newsroom_similarity(a, b)` (connected to `connection_created` in apps.py)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("newsroom_similarity", 2, trigram_similarity, deterministic=True)


class _Similar(Expression):
    """``column`` is at least NAME_SIMILARITY_THRESHOLD similar to the query (pg_trgm ``%``, index-backed)."""

    output_field = BooleanField()

    def __init__(self, column: str, value: str):
        super().__init__()
        self.column, self.value = F(column), value

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        clone = self.copy()
        clone.column = self.column.resolve_expression(query, allow_joins, reuse, summarize, for_save)
        return clone

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"({sql} %% %s)", [*params, self.value]

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"(newsroom_similarity({sql}, %s) >= %s)", [*params, self.value, NAME_SIMILARITY_THRESHOLD]


class _Similarity(_Similar):
    """similarity(column, query) as a float (pg_trgm on PostgreSQL, its Python port on SQLite)."""

    output_field = FloatField()

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"similarity({sql}, %s)", [*params, self.value]

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"newsroom_similarity({sql}, %s)", [*params, self.value]


def _name_condition(column: str, text: str, words: list[str]) -> Q:
    contains_all = Q()
    for word in words:
        contains_all &= Q(**{f"{column}__contains": word})
    return Q(_Similar(column, text)) | contains_all


#: Models searchable by name: their alias model and the alias's foreign key, if they have aliases.
_ALIASES = {Entity: (EntityAlias, "entity"), Source: (SourceAlias, "source")}


def search_named(queryset: QuerySet, q: str) -> QuerySet:
    """Entities or sources (or entity/source aliases) whose name or any alias matches `q`, most similar first.

    A name matches when it contains every word of the normalised query (so that typing the start
    of a name finds it) or when its trigram similarity to the query is at least
    NAME_SIMILARITY_THRESHOLD (so that a typo still finds it). Rows are annotated with
    `name_similarity` (the best similarity of the name and its aliases) and ordered by it, then
    by name and id. Raises SearchQueryError for an unusable query.
    """
    text, words = _name_query(q)
    model = queryset.model
    # One id list from two index-backed lookups (names, aliases), so that neither table is scanned.
    matches = model.objects.filter(_name_condition("name_normalized", text, words)).order_by().values("pk")
    similarity = _Similarity("name_normalized", text)
    if model in _ALIASES:
        alias_model, fk = _ALIASES[model]
        matches = matches.union(
            alias_model.objects.filter(_name_condition("name_normalized", text, words)).order_by().values(fk),
            all=True,
        )
        best_alias = (
            alias_model.objects.filter(**{fk: OuterRef("pk")})
            .order_by()
            .values(fk)
            .annotate(best=Max(_Similarity("name_normalized", text)))
            .values("best")
        )
        similarity = Greatest(similarity, Coalesce(Subquery(best_alias), Value(0.0)))
    return (
        queryset.filter(pk__in=matches).annotate(name_similarity=similarity).order_by("-name_similarity", "name", "pk")
    )
