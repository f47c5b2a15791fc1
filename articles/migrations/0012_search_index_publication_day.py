# PostgreSQL: the search index's second column becomes the publication *day* (UTC) instead of the
# publication time. A search's window (articles/search/postgresql/window.py) asks for the matches published
# since some moment; the index intersects a word's matches with every entry of that date range,
# and with a time per article a range holding 5% of a million articles is 50,000 entries, each
# with a posting list of one article, whose scan cost more than everything else in the statement
# (measured: bench/RESULTS.md). With days, the same range is about a hundred entries
# with long, compressed posting lists. A window asks for whole days, a little more than it needs,
# which changes nothing in its result (IndexedSince, since replaced by publication keys in
# migration 0014: articles/search/postgresql/publication_keys.py).
#
# `(timestamptz AT TIME ZONE 'UTC')::date` is immutable, as an index expression must be. Built
# next to the old index and swapped in, CONCURRENTLY (reads and writes go on; several minutes at
# a million articles). Nothing to do on SQLite.

from django.db import migrations

from articles.migrations._postgresql import postgresql_only, replace_search_index


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [("articles", "0011_published_at_statistics")]

    operations = [
        postgresql_only(
            replace_search_index(
                "search_vector, ((COALESCE(published_at, '-infinity'::timestamptz) AT TIME ZONE 'UTC')::date)"
            ),
            replace_search_index("search_vector, COALESCE(published_at, '-infinity'::timestamptz)"),
        )
    ]
