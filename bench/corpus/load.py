"""Bulk loading of the synthetic corpus (bench/corpus/generate.py) and its removal.

No service layer here on purpose: a million articles through `article_create` would take hours.
Integrity still holds: rows are generated valid (tests full_clean a sample), the database
constraints check every row, and each batch is one transaction.
"""

from __future__ import annotations

import functools
import multiprocessing
import time
from collections.abc import Callable

from django.db import connection, connections, transaction
from django.db.models import ManyToManyRel
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from articles.models import (
    Article,
    Attribution,
    Caption,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    SourceAlias,
)
from articles.search.postgresql.encoding import SEARCH_INDEX_NAME, SEARCH_INDEX_SQL
from articles.text import normalize

from .generate import SLUG_PREFIX, Generated, batched, generate, universe

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


# --------------------------------------------------------------------------- entities and sources


@transaction.atomic
def ensure_universe() -> tuple[dict[str, int], dict[str, int]]:
    """Create the entities and sources the corpus names (once), and return slug → id maps."""
    u = universe()
    now = timezone.now()
    have = set(Entity.objects.filter(slug__in=list(u.entities)).values_list("slug", flat=True))
    Entity.objects.bulk_create(
        [
            Entity(
                slug=spec.slug,
                name=spec.name,
                name_en=spec.name_en,
                name_normalized=normalize(spec.name),
                kind=spec.kind,
                iptc_subject=spec.iptc_subject,
                created_at=now,
                updated_at=now,
                **spec.fields,
            )
            for spec in u.entities.values()
            if spec.slug not in have
        ],
        batch_size=500,
    )
    entity_ids = dict(Entity.objects.filter(slug__in=list(u.entities)).values_list("slug", "id"))
    new = set(u.entities) - have
    EntityAlias.objects.bulk_create(
        [
            EntityAlias(entity_id=entity_ids[slug], name=alias, name_normalized=normalize(alias))
            for slug in sorted(new)
            for alias in u.entities[slug].aliases
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    have = set(Source.objects.filter(slug__in=list(u.sources)).values_list("slug", flat=True))
    Source.objects.bulk_create(
        [
            Source(
                slug=spec.slug,
                name=spec.name,
                name_en=spec.name_en,
                name_normalized=normalize(spec.name),
                kind=spec.kind,
                country=spec.country,
                created_at=now,
                updated_at=now,
            )
            for spec in u.sources.values()
            if spec.slug not in have
        ]
    )
    source_ids = dict(Source.objects.filter(slug__in=list(u.sources)).values_list("slug", "id"))
    SourceAlias.objects.bulk_create(
        [
            SourceAlias(
                source_id=source_ids[slug],
                name=alias,
                name_normalized=normalize(alias),
                language="ar" if any("\u0600" <= ch <= "\u06ff" for ch in alias) else "en",
            )
            for slug in sorted(set(u.sources) - have)
            for alias in u.sources[slug].aliases
        ],
        ignore_conflicts=True,
    )
    return entity_ids, source_ids


# --------------------------------------------------------------------------- clearing


def corpus_articles():
    return Article.objects.filter(slug__startswith=SLUG_PREFIX)


def _delete_sql(model, where_column: str, subquery: str, params: list) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(where_column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({subquery})", params)
        return cursor.rowcount


def clear_corpus(progress: Progress = _quiet) -> int:
    """Delete the corpus articles with everything that hangs off them, and the unused corpus names.

    Raw DELETEs, one per table that references articles (whichever apps add them), because the
    ORM's cascade would load a million rows into memory first.
    """
    from articles.search import article_unindex

    article_table = connection.ops.quote_name(Article._meta.db_table)
    subquery = f"SELECT id FROM {article_table} WHERE slug LIKE %s"
    params = [SLUG_PREFIX + "%"]
    with transaction.atomic():
        if connection.vendor != "postgresql":  # PostgreSQL keeps the search document in the article row
            article_unindex(corpus_articles().values_list("id", flat=True))
        for relation in Article._meta.related_objects:
            if isinstance(relation, ManyToManyRel):
                through = relation.through
                column = next(f.column for f in through._meta.fields if f.related_model is Article)
                _delete_sql(through, column, subquery, params)
            else:
                _delete_sql(relation.related_model, relation.field.column, subquery, params)
        deleted = _delete_sql(Article, "id", subquery, params)
    progress(f"Deleted {deleted} corpus articles.")
    for model in (Entity, Source):
        try:
            with transaction.atomic():
                model.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        except ProtectedError:
            progress(f"Kept the corpus {model._meta.verbose_name_plural}: other articles refer to them.")
    return deleted


# --------------------------------------------------------------------------- writing


def _article_columns() -> tuple[list[str], dict[str, object]]:
    """Every concrete column of Article, with the constant for those the generator leaves alone."""
    columns, constants = [], {}
    for f in Article._meta.concrete_fields:
        columns.append(f.column)
        if f.attname not in _GENERATED_FIELDS:
            constants[f.attname] = f.get_default()
    return columns, constants


_GENERATED_FIELDS = {
    "id",
    "uuid",
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
    "created_by_id",
    "created_at",
    "updated_at",
}


class _Rows:
    """The rows of one batch, per table, as tuples in the column order of COLUMNS."""

    COLUMNS = {
        Caption: ("article_id", "text", "alt_text", "credit", "is_archival", "is_illustrative", "image_url", "order"),
        Attribution: ("article_id", "source_id", "phrase", "paragraph"),
        Mention: ("article_id", "entity_id", "count", "role", "origin"),
        Quote: ("article_id", "text", "speaker_id", "source_id", "paragraph", "order"),
    }

    def __init__(self, batch: list[Generated], first_id: int, entity_ids, source_ids):
        columns, constants = _article_columns()
        self.article_columns = columns
        attnames = [f.attname for f in Article._meta.concrete_fields]
        self.articles, self.parts = [], {model: [] for model in self.COLUMNS}
        captions, attributions = self.parts[Caption], self.parts[Attribution]
        mentions, quotes = self.parts[Mention], self.parts[Quote]
        for offset, g in enumerate(batch):
            pk = first_id + offset
            values = {
                "id": pk,
                "uuid": g.uuid,
                "headline": g.headline,
                "slug": g.slug,
                "summary": g.summary,
                "body": g.body,
                "language": "ar",
                "status": g.status,
                "published_at": g.published_at,
                "byline": g.byline,
                "editor_note": "",
                "version": 1,
                "created_by_id": None,
                "created_at": g.created_at,
                "updated_at": g.published_at or g.created_at,
            }
            self.articles.append(tuple(values[a] if a in values else constants[a] for a in attnames))
            captions += [
                (pk, text, alt, credit, arch, ill, "", order) for text, alt, credit, arch, ill, order in g.captions
            ]
            attributions += [(pk, source_ids[slug], phrase, paragraph) for slug, phrase, paragraph in g.attributions]
            mentions += [(pk, entity_ids[slug], count, role, origin) for slug, count, role, origin in g.mentions]
            quotes += [
                (pk, text, entity_ids[speaker], source_ids[source] if source else None, paragraph, order)
                for text, speaker, source, paragraph, order in g.quotes
            ]


def _write_postgresql(rows: _Rows) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the psycopg 3 cursor
        tables = [(Article, rows.article_columns, rows.articles)]
        tables += [(model, cols, rows.parts[model]) for model, cols in _Rows.COLUMNS.items()]
        for model, cols, data in tables:
            if not data:
                continue
            sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(c) for c in cols)}) FROM STDIN"
            with cursor.copy(sql) as copy:
                for row in data:
                    copy.write_row(row)


def _write_sqlite(rows: _Rows) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = [(Article, rows.article_columns, rows.articles)]
        tables += [(model, cols, rows.parts[model]) for model, cols in _Rows.COLUMNS.items()]
        for model, cols, data in tables:
            if data:
                placeholders = ", ".join(["%s"] * len(cols))
                sql = (
                    f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in cols)}) VALUES ({placeholders})"
                )
                cursor.executemany(sql, [tuple(_sqlite_value(v) for v in row) for row in data])


def _sqlite_value(value):
    if hasattr(value, "hex") and not isinstance(value, bytes | str | int | float):  # uuid.UUID
        return value.hex
    return value


def _reset_sequence() -> None:
    if connection.vendor == "postgresql":
        table = Article._meta.db_table
        with connection.cursor() as cursor:
            top = f"(SELECT MAX(id) FROM {connection.ops.quote_name(table)})"
            cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST({top}, 1))", [table])


def _rate(done: int, started: float) -> str:
    elapsed = time.monotonic() - started
    return f"{done / elapsed:,.0f}/s" if elapsed > 0 else "-"


def write_corpus(seed: int, count: int, *, batch_size: int = 5000, progress: Progress = _quiet) -> list[int]:
    """Insert ``count`` generated articles; returns their ids (consecutive, from MAX(id) + 1)."""
    entity_ids, source_ids = ensure_universe()
    write = _write_postgresql if connection.vendor == "postgresql" else _write_sqlite
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(Article._meta.db_table)}")
        first_id = (cursor.fetchone()[0] or 0) + 1
    started, done = time.monotonic(), 0
    for batch in batched(generate(seed, count), batch_size):
        with transaction.atomic():
            write(_Rows(batch, first_id + done, entity_ids, source_ids))
        done += len(batch)
        progress(f"  wrote {done:,}/{count:,} articles ({_rate(done, started)})")
    _reset_sequence()
    _analyze()
    return list(range(first_id, first_id + count))


def _analyze() -> None:
    """Refresh the planner's statistics of the tables just filled.

    Without it PostgreSQL plans with the statistics of a nearly empty table until autovacuum gets
    round to it: at a million articles the mentions prefetch of a 20-article page took a parallel
    sequential scan of 16 million rows (700 ms) instead of an index lookup (5 ms).
    """
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (Article, *_Rows.COLUMNS):
            cursor.execute(f"ANALYZE {qn(model._meta.db_table)}")


# --------------------------------------------------------------------------- indexing


def _index_slice(ids: list[int], batch_size: int) -> int:
    from articles.search import index_articles

    return index_articles(ids, batch_size=batch_size)


def index_corpus(
    ids: list[int], *, batch_size: int = 1000, workers: int = 1, progress: Progress = _quiet
) -> tuple[int, float]:
    """Build the search index of ``ids`` with articles.search.index_articles; (count, seconds).

    With ``workers`` > 1 (PostgreSQL only) slices are indexed by that many forked processes, each
    with its own database connection.
    """
    from articles.search import index_articles

    slices = [ids[i : i + batch_size * 10] for i in range(0, len(ids), batch_size * 10)]
    started, done = time.monotonic(), 0
    rebuild = _drop_gin_indexes(progress) if connection.vendor == "postgresql" and len(ids) >= BULK_THRESHOLD else []
    try:
        if workers > 1 and connection.vendor == "postgresql" and len(slices) > 1:
            connections.close_all()
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for count in pool.imap_unordered(functools.partial(_index_slice, batch_size=batch_size), slices):
                    done += count
                    progress(f"  indexed {done:,}/{len(ids):,} articles ({_rate(done, started)})")
        else:
            for part in slices:
                done += index_articles(part, batch_size=batch_size)
                progress(f"  indexed {done:,}/{len(ids):,} articles ({_rate(done, started)})")
    finally:
        _create_indexes(rebuild, progress)
    return done, time.monotonic() - started


#: From this many articles on, GIN indexes on the article table are dropped while indexing and
#: built again afterwards: one sorted build is much faster than a million incremental updates.
BULK_THRESHOLD = 50_000


#: The search index, built again by a bulk indexing that finds it missing, as a run killed while
#: it was dropped leaves it.
SEARCH_INDEX = (SEARCH_INDEX_NAME, SEARCH_INDEX_SQL)


def _drop_gin_indexes(progress: Progress) -> list[tuple[str, str]]:
    """Drop the GIN indexes of the article table; returns (name, definition) to rebuild them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = %s AND indexdef ILIKE %s",
            [Article._meta.db_table, "% USING gin %"],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            progress(f"  dropping index {name} while indexing (rebuilt afterwards)")
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    if SEARCH_INDEX[0] not in {name for name, _definition in found}:
        progress(f"  index {SEARCH_INDEX[0]} is missing (an interrupted run?): built afterwards")
        found.append(SEARCH_INDEX)
    return found


def _create_indexes(definitions: list[tuple[str, str]], progress: Progress) -> None:
    if not definitions:
        return
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, definition in definitions:
            progress(f"  building index {name}…")
            cursor.execute(definition)
        cursor.execute("RESET maintenance_work_mem")
    progress(f"  built {len(definitions)} index(es) in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    with connection.cursor() as cursor:
        # Every article row was rewritten by the indexing UPDATEs: reclaim the old versions now.
        cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(Article._meta.db_table)}")
    progress(f"  vacuumed the article table in {time.monotonic() - started:.1f} s")
