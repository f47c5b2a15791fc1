# PostgreSQL: what ranking every match needs (articles/search/ranking.py, results.py).
#
# - `search_lengths`: the words of each field of the article's search document (integer[], in
#   DOCUMENT_FIELDS order), written with the vectors: BM25's length normalisation, and which field a
#   stored position belongs to;
# - a GIN index on `search_head` (the headline, summary and about-names), so that the matches with a
#   query word in one of those fields (the ones that may rank high whatever their age) are found by
#   the index, built CONCURRENTLY.
#
# Every article's search document is then rebuilt by the running code's indexer (as in 0013), to fill
# `search_lengths`. Nothing to do on SQLite, whose FTS5 table holds the fields' words already.

from django.db import migrations

from articles.migrations._postgresql import postgresql_only

FORWARDS = [
    "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_lengths integer[]",
    "DROP INDEX CONCURRENTLY IF EXISTS article_search_head_idx",
    "CREATE INDEX CONCURRENTLY article_search_head_idx ON articles_article USING gin (search_head)",
]
BACKWARDS = [
    "DROP INDEX CONCURRENTLY IF EXISTS article_search_head_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_lengths",
]


def rebuild_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from articles.search import index_all_articles

    index_all_articles(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction; each batch of the rebuild is its own.
    atomic = False

    dependencies = [("articles", "0021_scale_queries")]

    operations = [
        postgresql_only(FORWARDS, BACKWARDS),
        migrations.RunPython(rebuild_search_documents, migrations.RunPython.noop, elidable=False),
    ]
