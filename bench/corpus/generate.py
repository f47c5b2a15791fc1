"""A synthetic Arabic news corpus for benchmarks: realistic text, known entities, bulk loading.

Why synthetic: search speed must be measured at a million articles, and the newsroom has two.
Why not random words: index size, posting-list lengths and query cost depend on the word
distribution, so the text recombines real sentences (the seed paragraphs, with their places
swapped) and news templates, and every name is drawn with Zipf-like weights: a few countries,
people and topics are everywhere, most are rare — as in a real archive.

Everything is derived from ``seed``: article ``i`` is produced by the generator of its chunk
(``CHUNK`` articles, seeded with ``f"{seed}:{chunk}"``), so the corpus is identical whatever
batch size or number of processes loads it. The entity universe (people, places, organisations,
topics, sources) does not depend on ``seed``; it is created once and reused.

Articles are tagged by their slug, ``corpus-<number>``; generated entities and sources by a slug
starting with ``corpus-``. The seed's own entities (fixtures/seed.json) are reused by slug.

Rows are written without the service layer (no per-article work, no version bump, no revision),
with PostgreSQL COPY (psycopg 3) or SQLite executemany. The search index is built afterwards by
``articles.search.index_articles`` (see load_corpus).
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import random
import re
import string
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from articles.text import normalize

from . import vocabulary as V

SLUG_PREFIX = "corpus-"
CHUNK = 1000
IPTC_FILE = Path(__file__).with_name("iptc_topics_ar.json")
SEED_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "seed.json"
DATE_FROM = datetime(2012, 1, 1, tzinfo=UTC)
DATE_TO = datetime(2026, 11, 1, tzinfo=UTC)
#: How far (in seconds, in all) an article's publication time strays from its place in the order.
PUBLICATION_JITTER = 6 * 3600
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DROP_HAMZA = str.maketrans("أإآ", "ااا")


# --------------------------------------------------------------------------- the entity universe


@dataclass
class EntitySpec:
    slug: str
    name: str
    kind: str
    name_en: str = ""
    iptc_subject: str = ""
    aliases: tuple[str, ...] = ()
    seed: bool = False  # defined by fixtures/seed.json (never deleted by --clear)
    fields: dict = field(default_factory=dict)  # extra seed fields (description, wikidata_id)


@dataclass
class SourceSpec:
    slug: str
    name: str
    kind: str
    name_en: str = ""
    country: str = ""
    aliases: tuple[str, ...] = ()
    seed: bool = False


@dataclass
class Universe:
    entities: dict[str, EntitySpec]
    sources: dict[str, SourceSpec]
    persons: list[str]  # slugs, in frequency rank order
    countries: list[str]
    cities: list[str]
    orgs: list[str]
    topics: list[str]
    source_rank: list[str]
    country_adjectives: dict[str, tuple[str, str]]  # slug -> (masculine, feminine)


def _seed_rows() -> list[dict]:
    return json.loads(SEED_FIXTURE.read_text("utf-8"))


def _zipf_shuffle(rng: random.Random, items: list[str], head: int = 0) -> list[str]:
    """A rank order: the first ``head`` items keep their place (the well-known ones), the rest shuffled."""
    rest = items[head:]
    rng.shuffle(rest)
    return items[:head] + rest


@cache
def universe() -> Universe:
    """The fixed set of names the corpus draws from (independent of the corpus seed)."""
    rng = random.Random("newsroom-corpus-universe")
    entities: dict[str, EntitySpec] = {}
    sources: dict[str, SourceSpec] = {}
    by_name: dict[str, str] = {}

    rows = _seed_rows()
    for row in rows:
        f = row["fields"]
        if row["model"] == "articles.entity":
            entities[f["slug"]] = EntitySpec(
                f["slug"],
                f["name"],
                f["kind"],
                f["name_en"],
                f.get("iptc_subject", ""),
                seed=True,
                fields={"description": f.get("description", ""), "wikidata_id": f.get("wikidata_id", "")},
            )
            by_name[normalize(f["name"])] = f["slug"]
        elif row["model"] == "articles.source":
            sources[f["slug"]] = SourceSpec(
                f["slug"], f["name"], f["kind"], f["name_en"], f.get("country", ""), seed=True
            )
    for row in rows:
        f = row["fields"]
        if row["model"] == "articles.entityalias":
            spec = entities[f["entity"][0]]
            spec.aliases += (f["name"],)
            by_name.setdefault(normalize(f["name"]), spec.slug)
        elif row["model"] == "articles.sourcealias":
            spec = sources[f["source"][0]]
            spec.aliases += (f["name"],)

    def add(name: str, kind: str, name_en: str = "", **extra) -> str:
        existing = by_name.get(normalize(name))
        if existing:
            return existing
        slug = f"{SLUG_PREFIX}{kind[:3]}-{len(entities) + 1}"
        entities[slug] = EntitySpec(slug, name, kind, name_en, **extra)
        by_name[normalize(name)] = slug
        return slug

    countries, adjectives = [], {}
    for name, adj_m, adj_f, name_en in V.COUNTRIES:
        slug = add(name, "place", name_en)
        countries.append(slug)
        adjectives[slug] = (adj_m, adj_f)
    cities = [add(name, "place") for name in V.CITIES]

    orgs = [add(name, "organisation", name_en, aliases=aliases) for name, aliases, name_en in V.INTERNATIONAL_ORGS]
    for ministry in V.MINISTRIES:
        for country in countries[:24]:
            adj_m, adj_f = adjectives[country]
            adjective = adj_m if ministry.startswith("البنك") else adj_f
            orgs.append(add(f"{ministry} {adjective}", "organisation"))
    companies = [f"{k} {n} {s}" for k in V.COMPANY_KINDS for n in V.COMPANY_NAMES for s in V.COMPANY_SECTORS]
    orgs += [add(name, "organisation") for name in rng.sample(companies, 400)]

    persons = []
    combos = [f"{a} {b}" for a in V.FIRST_NAMES for b in V.FAMILY_NAMES]
    persons += [add(name, "person") for name in rng.sample(combos, 3000)]
    persons += [add(f"{a} {b}", "person") for a in V.FOREIGN_FIRST for b in V.FOREIGN_LAST]

    iptc = json.loads(IPTC_FILE.read_text("utf-8"))["topics"]
    topics = [add(label, "topic", en, iptc_subject=qcode) for qcode, label, en in iptc]

    for name, name_en, kind, country, aliases in V.SOURCES:
        slug = f"{SLUG_PREFIX}src-{len(sources) + 1}"
        sources[slug] = SourceSpec(slug, name, kind, name_en, country, aliases)

    return Universe(
        entities=entities,
        sources=sources,
        persons=_zipf_shuffle(rng, persons),
        countries=_zipf_shuffle(rng, countries, head=8),
        cities=_zipf_shuffle(rng, cities, head=6),
        orgs=_zipf_shuffle(rng, orgs, head=len(V.INTERNATIONAL_ORGS)),
        topics=_zipf_shuffle(rng, topics),
        source_rank=_zipf_shuffle(rng, [s for s in sources if not sources[s].seed])
        + [s for s in sources if sources[s].seed],
        country_adjectives=adjectives,
    )


class Zipf:
    """Draws from ``items`` with weight 1/rank**s."""

    def __init__(self, items: list, s: float = 1.0):
        self.items = items
        self.cum = list(itertools.accumulate(1 / (rank**s) for rank in range(1, len(items) + 1)))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]


# --------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class Template:
    """A sentence: literal text and slots, plus the names the literal text itself contains."""

    parts: tuple[tuple[str, str | None], ...]  # (literal, slot or None)
    entities: tuple[str, ...] = ()  # entity slugs named in the literal text
    sources: tuple[str, ...] = ()  # source slugs named in the literal text
    phrase: str = ""

    @classmethod
    def parse(cls, text: str, **kwargs) -> Template:
        parts = tuple((literal, name) for literal, name, _, _ in string.Formatter().parse(text))
        return cls(parts, **kwargs)


def _word_re(name: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:و|ب|ل|ف|ال|لل|وال|بال)?" + re.escape(name) + r"(?!\w)")


@cache
def seed_templates() -> tuple[Template, ...]:
    """The seed's paragraphs as templates: the places they name become slots {p0}, {p1}, …"""
    u = universe()
    rows = _seed_rows()
    bodies = [row["fields"]["body"] for row in rows if row["model"] == "articles.article"]
    place_names = sorted(
        {u.entities[slug].name for slug in u.countries + u.cities if u.entities[slug].seed} - {"سلطنة عُمان"},
        key=len,
        reverse=True,
    )
    others = []  # (pattern, entity slug) for names that stay as written
    for spec in u.entities.values():
        if spec.seed and spec.kind != "place":
            for name in (spec.name, *spec.aliases):
                if len(normalize(name)) > 3:
                    others.append((_word_re(normalize(name)), spec.slug))
    source_patterns = [
        (_word_re(normalize(name)), spec.slug)
        for spec in u.sources.values()
        if spec.seed
        for name in (spec.name, *spec.aliases)
    ]
    templates = []
    for body in bodies:
        for paragraph in re.split(r"\n\s*\n", body):
            paragraph = " ".join(paragraph.split())
            if not paragraph or "«" in paragraph:
                continue
            slots: dict[str, str] = {}

            def to_slot(match: re.Match, slots=slots) -> str:
                name = match.group(2)
                key = slots.setdefault(name, f"p{len(slots)}")
                return match.group(1) + "{" + key + "}"

            pattern = r"(?<!\w)(و?)(" + "|".join(map(re.escape, place_names)) + r")(?!\w)"
            text = re.sub(pattern, to_slot, paragraph)
            norm = normalize(text)
            found_entities = tuple(sorted({slug for rx, slug in others if rx.search(norm)}))
            found_sources = tuple(sorted({slug for rx, slug in source_patterns if rx.search(norm)}))
            phrase = next((p for p in ("وفق ما ذكره", "وفق ما نقله", "نقلت صحيفة") if p in text), "")
            templates.append(Template.parse(text, entities=found_entities, sources=found_sources, phrase=phrase))
    return tuple(templates)


@cache
def news_templates() -> tuple[tuple[Template, ...], tuple[Template, ...], tuple[tuple[Template, str], ...]]:
    return (
        tuple(Template.parse(t) for t in V.SENTENCES),
        tuple(Template.parse(t) for t in V.HEADLINES),
        tuple((Template.parse(t), flag) for t, flag in V.CAPTIONS),
    )


# --------------------------------------------------------------------------- one article


@dataclass
class Generated:
    """One article's rows, ids left to the loader."""

    index: int
    uuid: uuid.UUID
    slug: str
    headline: str
    summary: str
    body: str
    status: str
    published_at: datetime | None
    created_at: datetime
    byline: str
    captions: list[tuple[str, str, str, bool, bool, int]]  # text, alt, credit, archival, illustrative, order
    attributions: list[tuple[str, str, int]]  # source slug, phrase, paragraph
    mentions: list[tuple[str, int, str, str]]  # entity slug, count, role, origin
    quotes: list[tuple[str, str, str | None, int, int]]  # text, speaker slug, source slug, paragraph, order


class ArticleWriter:
    """Fills templates for one article; keeps the article's "story" so names recur inside it."""

    def __init__(self, rng: random.Random, pickers: dict[str, Zipf]):
        self.rng = rng
        self.pick = pickers
        u = universe()
        self.u = u
        r = rng
        self.story = {
            "place": pickers["country"](r),
            "place2": pickers["country"](r),
            "person": pickers["person"](r),
            "org": pickers["org"](r),
            "topic": pickers["topic"](r),
            "source": pickers["source"](r),
            "city": pickers["city"](r),
        }
        self.counts: dict[str, int] = {}
        self.sources_used: list[tuple[str, str]] = []  # (slug, phrase) of the last sentence
        self.last_person: str | None = None
        self.quote: tuple[str, str] | None = None  # (text, speaker) of the last sentence

    def _entity(self, slot: str, picker: str, stick: float) -> str:
        slug = self.story[slot] if self.rng.random() < stick else self.pick[picker](self.rng)
        self.counts[slug] = self.counts.get(slug, 0) + 1
        return slug

    def slot(self, name: str, values: dict) -> str:
        rng, u = self.rng, self.u
        if name in values:
            return values[name]
        if name == "person":
            slug = self._entity("person", "person", 0.5)
            self.last_person = slug
            value = u.entities[slug].name
        elif name in ("place", "place2") or (name.startswith("p") and name[1:].isdigit()):
            key = "place" if name in ("place", "p0") else "place2"
            value = u.entities[self._entity(key, "country", 0.6 if key == "place" else 0.3)].name
        elif name == "city":
            value = u.entities[self._entity("city", "city", 0.4)].name
        elif name == "org":
            value = u.entities[self._entity("org", "org", 0.5)].name
        elif name == "topic":
            value = u.entities[self._entity("topic", "topic", 0.5)].name.replace("،", " و")
        elif name == "source":
            slug = self.story["source"] if rng.random() < 0.6 else self.pick["source"](rng)
            self.sources_used.append((slug, ""))
            value = u.sources[slug].name
        elif name == "title":
            value = rng.choice(V.TITLES)
            if rng.random() < 0.5:
                value += " " + u.country_adjectives.get(self.story["place"], ("",))[0]
        elif name == "quote":
            value = rng.choice(V.QUOTES)
            self.quote = (value, "")
        elif name == "number":
            value = str(rng.choice((rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 50000))))
            if rng.random() < 0.1:
                value = value.translate(ARABIC_INDIC)
        elif name == "day":
            value = rng.choice(V.WEEKDAYS)
        elif name == "month":
            value = rng.choice(V.MONTHS)
        elif name == "year":
            value = str(rng.randint(1979, 2026))
        else:
            raise KeyError(name)
        values[name] = value
        return value

    def fill(self, template: Template) -> str:
        values: dict[str, str] = {}
        self.sources_used = []
        self.quote = None
        person_before = self.last_person
        self.last_person = None
        out = []
        for literal, slot in template.parts:
            out.append(literal)
            if slot is not None:
                out.append(self.slot(slot, values))
        for slug in template.entities:
            self.counts[slug] = self.counts.get(slug, 0) + 1
        self.sources_used += [(slug, template.phrase) for slug in template.sources]
        if self.quote is not None:
            speaker = self.last_person or person_before
            self.quote = (self.quote[0], speaker) if speaker else None
        self.last_person = self.last_person or person_before
        text = "".join(out)
        r = self.rng.random()
        if r < 0.06:
            old, new = V.VARIANTS[self.rng.randrange(len(V.VARIANTS))]
            text = text.replace(old, new)
        elif r < 0.1 and self.quote is None:
            text = text.translate(DROP_HAMZA)
        return text


def _pickers() -> dict[str, Zipf]:
    u = universe()
    return {
        "country": Zipf(u.countries, 1.1),
        "city": Zipf(u.cities, 1.0),
        "person": Zipf(u.persons, 0.9),
        "org": Zipf(u.orgs, 1.0),
        "topic": Zipf(u.topics, 0.9),
        "source": Zipf(u.source_rank, 1.0),
    }


def generate_chunk(
    seed: int, chunk: int, count: int = CHUNK, *, total: int | None = None, seed_share: float = 0.25
) -> list[Generated]:
    """Articles ``chunk * CHUNK`` … ``+ count - 1`` of the corpus of ``total`` articles (by default,
    this chunk is the last) for ``seed``.

    Publication times follow the articles' order, as in a newsroom, where articles are written as
    the news happens (so rows written later are newer): article i of N is published about
    ``sqrt(i / N)`` of the way from DATE_FROM to DATE_TO (more articles a day in recent years),
    give or take PUBLICATION_JITTER (scheduled articles, late edits). ``seed_share`` is the share
    of sentences taken from the seed articles (the evaluation corpus uses 0, so that the seed's
    words stay rare and relevance is knowable).
    """
    total = total or chunk * CHUNK + count
    rng = random.Random(f"{seed}:{chunk}")
    pickers = _pickers()
    sentences, headlines, captions = news_templates()
    seeds = seed_templates()
    u = universe()
    span = (DATE_TO - DATE_FROM).total_seconds()
    out = []
    for offset in range(count):
        index = chunk * CHUNK + offset
        w = ArticleWriter(rng, pickers)
        paragraphs, attributions, quotes = [], {}, []
        for number in range(1, rng.randint(5, 9) + 1):
            parts = []
            roll = rng.random()
            for _ in range(1 if roll < 0.6 else 2 if roll < 0.9 else 3):
                template = rng.choice(seeds) if rng.random() < seed_share else rng.choice(sentences)
                parts.append(w.fill(template))
                for slug, phrase in w.sources_used:
                    attributions.setdefault((slug, number), phrase)
                if w.quote:
                    quotes.append((w.quote[0], w.quote[1], None, number, sum(1 for q in quotes if q[3] == number) + 1))
            paragraphs.append(" ".join(parts))
        headline = w.fill(rng.choice(headlines)).rstrip(".")
        body_counts = dict(w.counts)
        w.sources_used, w.quote = [], None
        summary = paragraphs[0] if len(paragraphs[0]) < 400 else ""
        caption_rows = []
        for order in range(1, (0 if rng.random() < 0.2 else 2 if rng.random() < 0.12 else 1) + 1):
            template, flag = rng.choice(captions)
            w.counts = {}
            text = w.fill(template)
            credit = rng.choice(V.CREDITS)
            caption_rows.append((text + flag, text, credit, "أرشيفية" in flag, "تعبيرية" in flag, order))
        # mentions: what the headline and body name (captions are counted with the body)
        counts = body_counts
        top = max(counts, key=lambda slug: (counts[slug], slug)) if counts else None
        mentions = [
            (
                slug,
                n,
                "about" if slug == top else "mentions",
                "suggested" if rng.random() < 0.15 else "confirmed",
            )
            for slug, n in sorted(counts.items())
        ]
        roll = rng.random()
        status = (
            "draft"
            if roll < 0.04
            else "in_review"
            if roll < 0.07
            else "corrected"
            if roll < 0.09
            else "retracted"
            if roll < 0.10
            else "published"
        )
        moment = DATE_FROM + timedelta(
            seconds=int(span * math.sqrt((index + 0.5) / total) + PUBLICATION_JITTER * (rng.random() - 0.5))
        )
        byline_roll = rng.random()
        byline = (
            f"{rng.choice(V.FIRST_NAMES)} {rng.choice(V.FAMILY_NAMES)}"
            if byline_roll < 0.6
            else "وكالات"
            if byline_roll < 0.8
            else ""
        )
        out.append(
            Generated(
                index=index,
                uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                slug=f"{SLUG_PREFIX}{index + 1:07d}",
                headline=headline[:300],
                summary=summary,
                body="\n\n".join(paragraphs),
                status=status,
                published_at=None if status in ("draft", "in_review") else moment,
                created_at=moment - timedelta(minutes=rng.randint(5, 600)),
                byline=byline,
                captions=caption_rows,
                attributions=[(slug, phrase, number) for (slug, number), phrase in attributions.items()],
                mentions=mentions,
                quotes=[q for q in quotes if q[1] in u.entities],
            )
        )
    return out


def generate(seed: int, count: int, start: int = 0) -> Iterator[Generated]:
    """Articles ``start`` … ``count - 1`` of the corpus (``start`` a multiple of CHUNK)."""
    for chunk in range(start // CHUNK, math.ceil(count / CHUNK)):
        yield from generate_chunk(seed, chunk, min(CHUNK, count - chunk * CHUNK), total=count)


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
