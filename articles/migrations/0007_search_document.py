# The search document of an article and the indexes for typo-tolerant name lookups.
#
# Which structures exist depends on the database (see articles/search.py for how they are used):
# - PostgreSQL: the tsvector columns `search_vector` (the whole document, GIN-indexed, for matching)
#   and `search_head` (its ranking fields, kept in the row) on articles_article (not model fields,
#   so that the ORM never loads them); the pg_trgm extension and trigram GIN indexes on the
#   normalised names of entities, sources and their aliases.
# - SQLite: the FTS5 table `articles_article_fts` (rowid = article id), one column per field and
#   key kind, as articles/text/analyzer.py describes.
# Each backend's operations are skipped on the other one, so this migration is self-contained.

from django.db import migrations, models

# Fields of the search document, in document order (articles.search.DOCUMENT_FIELDS).
FTS5_FIELDS = ("headline", "summary", "about", "captions", "names", "body")
FTS5_KINDS = ("exact", "stem", "skeleton")

POSTGRESQL_FORWARDS = [
    "ALTER TABLE articles_article ADD COLUMN search_vector tsvector",
    # The ranking part of the document (headline, summary, "about" names): small, kept in the row
    # (STORAGE MAIN) so that ranking a window of matches never reads the TOAST table.
    "ALTER TABLE articles_article ADD COLUMN search_head tsvector",
    "ALTER TABLE articles_article ALTER COLUMN search_head SET STORAGE MAIN",
    "CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector)",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX entity_name_trgm_idx ON articles_entity USING gin (name_normalized gin_trgm_ops)",
    "CREATE INDEX entityalias_name_trgm_idx ON articles_entityalias USING gin (name_normalized gin_trgm_ops)",
    "CREATE INDEX source_name_trgm_idx ON articles_source USING gin (name_normalized gin_trgm_ops)",
    "CREATE INDEX sourcealias_name_trgm_idx ON articles_sourcealias USING gin (name_normalized gin_trgm_ops)",
]
POSTGRESQL_BACKWARDS = [
    "DROP INDEX IF EXISTS sourcealias_name_trgm_idx",
    "DROP INDEX IF EXISTS source_name_trgm_idx",
    "DROP INDEX IF EXISTS entityalias_name_trgm_idx",
    "DROP INDEX IF EXISTS entity_name_trgm_idx",
    # The extension stays: other databases objects may use it, and it is harmless.
    "DROP INDEX IF EXISTS article_search_vector_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_head",
]
# lz4 decompresses several times faster than the default pglz: rechecks and ranking read the vectors.
POSTGRESQL_LZ4 = "ALTER TABLE articles_article ALTER COLUMN search_vector SET COMPRESSION lz4"

SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE articles_article_fts USING fts5("
    + ", ".join(f"{field}_{kind}" for field in FTS5_FIELDS for kind in FTS5_KINDS)
    + ", tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_BACKWARDS = ["DROP TABLE IF EXISTS articles_article_fts"]


def _has_lz4(cursor) -> bool:
    cursor.execute("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
    row = cursor.fetchone()
    return bool(row and row[0] and "lz4" in row[0])


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            for statement in POSTGRESQL_FORWARDS:
                cursor.execute(statement)
            if _has_lz4(cursor):
                cursor.execute(POSTGRESQL_LZ4)
        elif vendor == "sqlite":
            for statement in SQLITE_FORWARDS:
                cursor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRESQL_BACKWARDS, "sqlite": SQLITE_BACKWARDS}.get(vendor, [])
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_roles_groups'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='article',
            name='search_text',
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['-published_at', '-id'], name='article_published_id_idx'),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
