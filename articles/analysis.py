"""What the machine finds in a text: the stored entities and sources it names, its quotes with their
speakers, the sources it attributes to (articles/text/linking.py and quotes.py over the database's
names). Reads only; the suggestions an article keeps are written by services/suggestions.py.

The Linker is built once per process from every entity and source with their English names and
aliases, and rebuilt when a cheap fingerprint of the name tables changes (row counts, the latest
`updated_at` of entities and sources, the highest alias id; services.alias_save touches its
owner's `updated_at`, so renaming an alias counts too). The fingerprint is one query, asked at
most every NAMES_CHECK_SECONDS per process (0: at every analysis); the names services of this
process (`names_changed`) make the next analysis ask at once, so a name added in one process is
proposed by the others within that interval.
"""

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from articles.models import Entity, EntityAlias, Source, SourceAlias
from articles.text import normalize
from articles.text.linking import NAME_FORMS, Linker, Match
from articles.text.quotes import find_attributions, find_quotes

__all__ = ["Finding", "Names", "analyze_text", "names", "names_changed"]


@dataclass
class Names:
    """The Linker of the stored names, and what its keys stand for."""

    linker: Linker
    #: entity pk → (slug, kind)
    entities: dict[int, tuple[str, str]]
    #: source pk → (slug, kind)
    sources: dict[int, tuple[str, str]]


@dataclass(frozen=True)
class Finding:
    """One thing found in one text: ``kind`` is "mention", "source" or "quote"; offsets index the text."""

    kind: str
    start: int
    end: int
    text: str
    entity: int | None = None  # the entity mentioned, or the quote's speaker
    source: int | None = None
    name: str = ""  # a quote's speaker or an attributed outlet as written (known or not)
    phrase: str = ""
    paragraph: int | None = None
    order: int | None = None
    entity_kind: str = ""

    @property
    def key(self) -> str:
        """What is proposed, independently of where: a rejection is remembered by it."""
        if self.kind == "mention":
            return f"mention:{self.entity}:{normalize(self.text)}"
        if self.kind == "source":
            return f"source:{self.source}" if self.source is not None else f"source:?{normalize(self.name)}"
        return f"quote:{normalize(self.text)}"


_lock = threading.Lock()
_cache: dict = {}


def _fingerprint() -> tuple:
    """Row counts and the latest change of the four name tables, in one statement."""
    columns = []
    for model, latest in ((Entity, "updated_at"), (Source, "updated_at"), (EntityAlias, "id"), (SourceAlias, "id")):
        table = connection.ops.quote_name(model._meta.db_table)
        columns.append(f"(SELECT COUNT(*) FROM {table})")
        columns.append(f"(SELECT MAX({connection.ops.quote_name(latest)}) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        return tuple(cursor.fetchone())


def _build() -> Names:
    aliases: dict[tuple[str, int], list[str]] = {}
    for owner, model, column in (("e", EntityAlias, "entity_id"), ("s", SourceAlias, "source_id")):
        for pk, name in model.objects.values_list(column, "name").iterator(chunk_size=5000):
            aliases.setdefault((owner, pk), []).append(name)
    entries, entities, sources = [], {}, {}
    for owner, model, found in (("e", Entity, entities), ("s", Source, sources)):
        rows = model.objects.values_list("pk", "slug", "kind", "name", "name_en")
        for pk, slug, kind, name, name_en in rows.iterator(chunk_size=5000):
            found[pk] = (slug, kind)
            entries.append(((owner, pk), kind, [name, name_en, *aliases.get((owner, pk), [])]))
    return Names(Linker(entries), entities, sources)


def names() -> Names:
    """The Linker of the names stored now (built once per process, rebuilt when they change)."""
    with _lock:
        now = time.monotonic()
        if "names" not in _cache or now - _cache.get("checked_at", -1e9) >= settings.NAMES_CHECK_SECONDS:
            fingerprint = _fingerprint()
            if _cache.get("fingerprint") != fingerprint:
                _cache["names"] = _build()
                _cache["fingerprint"] = fingerprint
            _cache["checked_at"] = now
        return _cache["names"]


def names_changed() -> None:
    """The names services changed a name: this process's next analysis looks at the tables again."""
    with _lock:
        _cache.pop("checked_at", None)


def _split(found: list[Match]) -> tuple[list[Match], list[Match]]:
    """Entity matches and source matches, keyed by pk."""
    entities = [m._replace(key=m.key[1]) for m in found if m.key[0] == "e"]
    sources = [m._replace(key=m.key[1]) for m in found if m.key[0] == "s"]
    return entities, sources


def analyze_text(text: str, *, body: bool = True, known: Names | None = None) -> list[Finding]:
    """Mentions (name forms only: the adjective إيرانية says nothing is mentioned) and, for a body,
    its quotes and attributed sources. Paragraphs are numbered as Article.paragraphs numbers them."""
    known = known or names()
    entities, sources = _split(known.linker.find(text))
    out = [
        Finding("mention", m.start, m.end, m.text, entity=m.key, entity_kind=m.kind)
        for m in entities
        if m.form in NAME_FORMS
    ]
    if not body or not text.strip():
        return out
    for a in find_attributions(text, mentions=entities, sources=sources):
        out.append(
            Finding(
                "source",
                a.start,
                a.end,
                a.name,
                source=a.source,
                name=a.name[:300],
                phrase=a.phrase[:200],
                paragraph=a.paragraph,
            )
        )
    for q in find_quotes(text, mentions=entities, sources=sources):
        speaker = q.speaker
        out.append(
            Finding(
                "quote",
                q.start,
                q.end,
                q.text,
                entity=speaker.key if speaker is not None else None,
                source=q.source,
                name=speaker.text[:300] if speaker is not None else "",
                paragraph=q.paragraph,
                order=q.order,
            )
        )
    return out


def article_texts(article, captions) -> list[tuple[str, int | None, str]]:
    """(field, caption order, text) of every analysed text of an article."""
    texts = [("headline", None, article.headline), ("summary", None, article.summary), ("body", None, article.body)]
    texts += [("caption", caption.order, caption.text) for caption in captions]
    return [(name, order, text) for name, order, text in texts if text]
