"""The search document of an article: which texts it is made of, and reading them in bulk.

Every article has one, made of DOCUMENT_FIELDS: headline (weight A), summary (B), the names and
aliases of the entities an editor confirmed the article is *about* (B), captions with their alt
text (C), the names and aliases of the other confirmed entities and of the sources the article
attributes to (C), and the body (D). Suggested (unconfirmed) mentions are left out: they are the
machine's guesses. The services re-index an article on every write to it, to its parts, or to an
entity, source or alias it names.

How the stored document tells match kinds apart (for ranking)
-------------------------------------------------------------
Every indexed word is stored with its keys of each kind (articles.text.KINDS, strongest first):
exact form, stem, skeleton (spelling key; only for words not ending in ه) and loose keys (the
weak ones: hamza on waw/ya folded, the skeleton of a word in ه), as articles/text/analyzer.py
describes. What a query word matches in each kind is Word.keys() plus, for the loose kind,
Word.loose_stems() looked up among stems; Word.match_kinds(text word) gives the kinds of one
match in Python. The stores:

- PostgreSQL (postgresql/encoding.py): one lexeme per key, its kind told by its first
  character: none for an exact form, ``~`` stem, ``^`` skeleton, ``%`` loose (LEXEME_KINDS;
  ``=`` marks word pairs, which are not keys); ``word_lexemes(word, kinds)`` gives the lexemes of
  a query word for any subset of kinds. ``search_vector`` holds stem, skeleton and loose lexemes
  (MATCH_KINDS), ``search_head`` all four.
- SQLite (sqlite/encoding.py): one FTS5 column per field and kind, ``<field>_<kind>``;
  ``word_keys(word, kinds)`` gives the (column kind, key) pairs of a query word for any subset.

Over-matches come only through the loose kind: a relational adjective and its noun (فلسطين ↔
الفلسطيني), unrelated words with one spelling key (السعودية ↔ سعادة), hamza variants (مؤتمر ↔
موتمر, which are mostly the same word). Ranking is what puts them below the exact, inflected
(stem) and transliterated (skeleton) matches.
"""

from collections.abc import Iterable, Sequence

from articles.models import Article, Attribution, Caption, Entity, EntityAlias, Mention, Source, SourceAlias
from articles.text import chunk_pieces

#: The fields of an article's search document, in document order, with their weights.
DOCUMENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("headline", "A"),
    ("summary", "B"),
    ("about", "B"),
    ("captions", "C"),
    ("names", "C"),
    ("body", "D"),
)

#: A document: {field: (text, weight)}, in DOCUMENT_FIELDS order.
Document = dict[str, tuple[str, str]]


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
) -> Document:
    """The fields of an article's search document, ready for a backend to encode and store.

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


class NameBook:
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


def batches(ids: Iterable[int], size: int):
    batch: list[int] = []
    for pk in ids:
        batch.append(int(pk))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def documents(batch: list[int], book: NameBook, using: str) -> dict[int, Document]:
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


# ------------------------------------------------------------------ lengths and positions (ranking)


def field_lengths(fields: Document) -> tuple[int, ...]:
    """Words per field (DOCUMENT_FIELDS order), stop words and over-long tokens included: what
    ranking normalises term frequencies by, and what tells a stored position's field."""
    return tuple(
        sum(len(chunk_pieces(chunk)) for chunk in (fields[name][0] if name in fields else "").split())
        for name, _weight in DOCUMENT_FIELDS
    )


def field_spans(lengths: Sequence[int], gap: int, max_position: int) -> tuple[tuple[int, int], ...]:
    """(first, last) position of each field (DOCUMENT_FIELDS order) as the stored vectors number
    them: 1-based, each field `gap` after the last position of the previous non-empty one, clamped
    to `max_position`; an empty field's span is empty (first > last)."""
    spans, last = [], 0
    for length in lengths:
        start = last + gap if last else 0
        spans.append((min(start + 1, max_position), min(start + length, max_position)) if length else (1, 0))
        if length:
            last = start + length
    return tuple(spans)


def field_of(position: int, spans: Sequence[tuple[int, int]]) -> str | None:
    """The field (name) whose span holds `position` (the first one, where clamping made several)."""
    for index, (first, last) in enumerate(spans):
        if first <= position <= last:
            return DOCUMENT_FIELDS[index][0]
    return None
