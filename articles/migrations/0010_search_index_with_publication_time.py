# PostgreSQL: the search index also holds each article's publication time (a second GIN column,
# through the btree_gin extension), so that a search's window of recent matches
# (articles.search._pg_window) is found inside the index: a word's matches and a date range are
# intersected entry by entry, instead of decoding all of a common word's matches (a third of a
# million articles) into a bitmap first. Queries without a date range use the same index as before.
#
# The column is COALESCE(published_at, '-infinity'), not published_at itself, so that only the
# window's own condition (articles.search.IndexedSince, until migration 0014) uses it: readers' lists also say
# "published_at <= now()", a range over nearly every article, which the planner would otherwise
# scan in the index too. Undated articles sort oldest there; the window asks for them by name.
#
# The new index is built next to the old one and swapped in (CONCURRENTLY: reads and writes go on
# meanwhile; at a million articles the build takes several minutes). Nothing to do on SQLite.

from django.db import migrations

from articles.migrations._postgresql import postgresql_only, replace_search_index

FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    *replace_search_index("search_vector, COALESCE(published_at, '-infinity'::timestamp with time zone)"),
]
# The extension stays: other database objects may use it, and it is harmless.
BACKWARDS = replace_search_index("search_vector")


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [("articles", "0009_search_vector_statistics")]

    operations = [postgresql_only(FORWARDS, BACKWARDS)]
