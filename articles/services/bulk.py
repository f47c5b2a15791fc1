"""The bulk NDJSON dump of the whole database (articles/ingest/bulk.py describes the lines).

`export_rows` reads everything in keyset-paginated chunks (constant memory). `load_batch` writes
one batch of parsed lines in one transaction, all or nothing: rows are upserted by their natural
key (entity, source and collection slug, article UUID) with bulk INSERT … ON CONFLICT UPDATE, an
article's parts, aliases and a collection's items are replaced by the dump's, and the batch's
articles are re-indexed for search. Loading the same dump again changes nothing but timestamps
of the rows' parts, so an interrupted load can be resumed (or run again) safely.

A bulk load is a restore, not an edit: it keeps each article's status, version and times as the
dump has them, records no revisions, no change-feed events and no suggestions (run
`record_article_history` for histories, `manage.py shell`-free: see the README).
"""

from collections.abc import Iterator

from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime

from articles import policies, search
from articles.ingest.bulk import FORMAT, VERSION, Batch, BulkError
from articles.models import (
    Article,
    Attribution,
    Caption,
    Collection,
    CollectionItem,
    Correction,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    SourceAlias,
)
from articles.text import normalize

CHUNK = 500
ENTITY_FIELDS = ("name", "name_en", "kind", "description", "wikidata_id", "iptc_subject")
SOURCE_FIELDS = ("name", "name_en", "kind", "homepage", "country")
ARTICLE_FIELDS = (
    "headline",
    "slug",
    "summary",
    "body",
    "language",
    "status",
    "published_at",
    "byline",
    "editor_note",
    "version",
    "created_at",
    "updated_at",
)
TIMES = ("published_at", "created_at", "updated_at")
CAPTION_FIELDS = ("order", "text", "alt_text", "credit", "is_archival", "is_illustrative", "image_url")


def _chunks(queryset, size=CHUNK) -> Iterator[list]:
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def _aliases(rows) -> list[dict]:
    return [{"name": a.name, "language": a.language} for a in rows]


def export_counts() -> dict:
    return {
        "entity": Entity.objects.count(),
        "source": Source.objects.count(),
        "article": Article.objects.count(),
        "collection": Collection.objects.count(),
    }


def export_rows(*, actor, counts: dict | None = None) -> Iterator[dict]:
    """Every row of the dump, header first (staff who may read drafts, or the system)."""
    if not policies.can_see_unpublished(actor):
        raise policies.NotPermittedError("Exporting the database needs access to drafts.")
    yield {"type": "header", "format": FORMAT, "version": VERSION, "counts": counts or export_counts()}
    for chunk in _chunks(Entity.objects.prefetch_related("aliases")):
        for e in chunk:
            row = {"type": "entity", "slug": e.slug, **{f: getattr(e, f) for f in ENTITY_FIELDS}}
            yield row | {"aliases": _aliases(e.aliases.all())}
    for chunk in _chunks(Source.objects.select_related("entity").prefetch_related("aliases")):
        for s in chunk:
            row = {"type": "source", "slug": s.slug, **{f: getattr(s, f) for f in SOURCE_FIELDS}}
            yield row | {"entity": s.entity.slug if s.entity_id else None, "aliases": _aliases(s.aliases.all())}
    parts = (
        "captions",
        "attributions__source",
        "mentions__entity",
        "quotes__speaker",
        "quotes__source",
        "corrections",
    )
    for chunk in _chunks(Article.objects.prefetch_related(*parts)):
        for a in chunk:
            yield _article_row(a)
    for chunk in _chunks(Collection.objects.prefetch_related("items__article")):
        for c in chunk:
            items = [
                {"article": str(i.article.uuid), "position": i.position, "pinned": i.pinned} for i in c.items.all()
            ]
            yield {"type": "collection", "slug": c.slug, "title": c.title, "description": c.description, "items": items}


def _article_row(a: Article) -> dict:
    row = {"type": "article", "uuid": str(a.uuid)}
    for f in ARTICLE_FIELDS:
        value = getattr(a, f)
        row[f] = value.isoformat() if f in TIMES and value is not None else value
    row["captions"] = [{f: getattr(c, f) for f in CAPTION_FIELDS} for c in a.captions.all()]
    row["attributions"] = [
        {"source": t.source.slug, "phrase": t.phrase, "paragraph": t.paragraph} for t in a.attributions.all()
    ]
    row["mentions"] = [
        {"entity": m.entity.slug, "count": m.count, "role": m.role, "origin": m.origin} for m in a.mentions.all()
    ]
    row["quotes"] = [
        {
            "text": q.text,
            "speaker": q.speaker.slug,
            "source": q.source.slug if q.source_id else None,
            "paragraph": q.paragraph,
            "order": q.order,
        }
        for q in a.quotes.all()
    ]
    row["corrections"] = [
        {"kind": c.kind, "note": c.note, "public": c.public, "created_at": c.created_at.isoformat()}
        for c in a.corrections.all()
    ]
    return row


# --------------------------------------------------------------------------- loading


def _time(line: int, row: dict, name: str):
    value = row.get(name)
    if value in (None, ""):
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise BulkError(line, name, f"not a date and time: {value!r}")
    return parsed


def _named(model, alias_model, owner: str, rows: list[tuple[int, dict]], fields) -> None:
    objects = []
    for _line, row in rows:
        values = {f: row.get(f) or "" for f in fields}
        objects.append(model(slug=row["slug"], name_normalized=normalize(values["name"]), **values))
    model.objects.bulk_create(
        objects, update_conflicts=True, unique_fields=["slug"], update_fields=[*fields, "name_normalized"]
    )
    pks = dict(model.objects.filter(slug__in=[o.slug for o in objects]).values_list("slug", "pk"))
    alias_model.objects.filter(**{f"{owner}_id__in": pks.values()}).delete()
    alias_model.objects.bulk_create(
        [
            alias_model(
                **{f"{owner}_id": pks[row["slug"]]},
                name=a["name"],
                name_normalized=normalize(a["name"]),
                language=a.get("language") or "ar",
            )
            for _line, row in rows
            for a in row.get("aliases") or ()
        ]
    )


def _lookup(model, wanted: set[str], key="slug") -> dict:
    return dict(model.objects.filter(**{f"{key}__in": wanted}).values_list(key, "pk")) if wanted else {}


def _articles(rows: list[tuple[int, dict]]) -> list[int]:
    objects, times = [], []
    for line, row in rows:
        values = {f: row.get(f) for f in ARTICLE_FIELDS if f not in TIMES}
        for f in TIMES:
            values[f] = _time(line, row, f)
        objects.append(Article(uuid=row["uuid"], **{k: v for k, v in values.items() if v is not None}))
        times.append((values["created_at"], values["updated_at"]))
    updated = [f for f in ARTICLE_FIELDS if f != "slug"] + ["slug"]
    Article.objects.bulk_create(objects, update_conflicts=True, unique_fields=["uuid"], update_fields=updated)
    uuids = [row["uuid"] for _line, row in rows]
    pks = {str(u): pk for u, pk in Article.objects.filter(uuid__in=uuids).values_list("uuid", "pk")}
    # INSERT sets created_at and updated_at to now (auto_now): put back the dump's, in one UPDATE.
    timed = []
    for article, (created, changed) in zip(objects, times, strict=True):
        if created and changed:
            article.pk, article.created_at, article.updated_at = pks[str(article.uuid)], created, changed
            timed.append(article)
    if timed:
        Article.objects.bulk_update(timed, ["created_at", "updated_at"])
    for model in (Caption, Attribution, Mention, Quote, Correction):
        model.objects.filter(article_id__in=pks.values()).delete()
    entities = _lookup(
        Entity,
        {m["entity"] for _l, r in rows for m in r.get("mentions") or ()}
        | {q["speaker"] for _l, r in rows for q in r.get("quotes") or ()},
    )
    sources = _lookup(
        Source,
        {t["source"] for _l, r in rows for t in r.get("attributions") or ()}
        | {q["source"] for _l, r in rows for q in r.get("quotes") or () if q.get("source")},
    )

    def ref(table, slug, line, field):
        if slug not in table:
            raise BulkError(line, field, f"{slug!r} is not in the database nor earlier in the file")
        return table[slug]

    parts = {model: [] for model in (Caption, Attribution, Mention, Quote, Correction)}
    for line, row in rows:
        pk = pks[row["uuid"]]
        parts[Caption] += [Caption(article_id=pk, **c) for c in row.get("captions") or ()]
        parts[Attribution] += [
            Attribution(
                article_id=pk,
                source_id=ref(sources, t["source"], line, "attributions"),
                phrase=t.get("phrase", ""),
                paragraph=t["paragraph"],
            )
            for t in row.get("attributions") or ()
        ]
        parts[Mention] += [
            Mention(
                article_id=pk,
                entity_id=ref(entities, m["entity"], line, "mentions"),
                count=m.get("count", 1),
                role=m.get("role", "mentions"),
                origin=m.get("origin", "confirmed"),
            )
            for m in row.get("mentions") or ()
        ]
        parts[Quote] += [
            Quote(
                article_id=pk,
                text=q["text"],
                speaker_id=ref(entities, q["speaker"], line, "quotes"),
                source_id=ref(sources, q["source"], line, "quotes") if q.get("source") else None,
                paragraph=q["paragraph"],
                order=q.get("order", 1),
            )
            for q in row.get("quotes") or ()
        ]
        parts[Correction] += [
            Correction(
                article_id=pk,
                kind=c["kind"],
                note=c["note"],
                public=c.get("public", True),
                created_at=_time(line, c, "created_at"),
            )
            for c in row.get("corrections") or ()
        ]
    for model, objects in parts.items():
        model.objects.bulk_create(objects)
    return list(pks.values())


def _collections(rows: list[tuple[int, dict]]) -> None:
    Collection.objects.bulk_create(
        [
            Collection(slug=r["slug"], title=r.get("title") or r["slug"], description=r.get("description") or "")
            for _l, r in rows
        ],
        update_conflicts=True,
        unique_fields=["slug"],
        update_fields=["title", "description"],
    )
    pks = _lookup(Collection, {r["slug"] for _l, r in rows})
    articles = {
        str(u): pk
        for u, pk in Article.objects.filter(
            uuid__in={i["article"] for _l, r in rows for i in r.get("items") or ()}
        ).values_list("uuid", "pk")
    }
    CollectionItem.objects.filter(collection_id__in=pks.values()).delete()
    items = []
    for line, row in rows:
        for item in row.get("items") or ():
            if item["article"] not in articles:
                raise BulkError(
                    line, "items", f"article {item['article']} is not in the database nor earlier in the file"
                )
            items.append(
                CollectionItem(
                    collection_id=pks[row["slug"]],
                    article_id=articles[item["article"]],
                    position=item["position"],
                    pinned=item.get("pinned", False),
                )
            )
    CollectionItem.objects.bulk_create(items)


def load_batch(*, actor, batch: Batch, index: bool = True) -> int:
    """Write one batch in one transaction (see the module docstring); returns its article count.
    A refused batch raises BulkError naming a line (and field) and writes nothing."""
    actor = policies.require(actor, "import.create")
    for name in ("entity.create", "source.create", "collection.create"):
        policies.require(actor, name)
    groups: dict[str, list] = {"entity": [], "source": [], "article": [], "collection": []}
    for line, row in batch.rows:
        groups[row["type"]].append((line, row))
    try:
        with transaction.atomic():
            if groups["entity"]:
                _named(Entity, EntityAlias, "entity", groups["entity"], ENTITY_FIELDS)
            if groups["source"]:
                _named(Source, SourceAlias, "source", groups["source"], SOURCE_FIELDS)
                _source_entities(groups["source"])
            pks = _articles(groups["article"]) if groups["article"] else []
            if groups["collection"]:
                _collections(groups["collection"])
            if index and pks:
                search.index_articles(pks)
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, BulkError):
            raise
        raise BulkError(batch.first, "", f"lines {batch.first}–{batch.last}: missing or wrong field {error}") from error
    except IntegrityError as error:
        raise BulkError(
            batch.first, "", f"lines {batch.first}–{batch.last} break a rule of the database: {error}"
        ) from error
    return len(pks)


def _source_entities(rows) -> None:
    wanted = {r["entity"] for _l, r in rows if r.get("entity")}
    entities = _lookup(Entity, wanted)
    for line, row in rows:
        slug = row.get("entity")
        if slug and slug not in entities:
            raise BulkError(line, "entity", f"{slug!r} is not in the database nor earlier in the file")
        Source.objects.filter(slug=row["slug"]).update(entity_id=entities.get(slug) if slug else None)
