# PostgreSQL: the search index's second column becomes the publication *keys* of each article
# (newsroom_publication_keys: its UTC day, month and year as three lexemes, see
# articles/search/postgresql/publication_keys.py) instead of its publication day through btree_gin.
#
# A search's window (articles/search/postgresql/window.py) restricts a word's matches to a date range. With
# the day column the index answered `day >= d` as a range scan of btree_gin entries, which turns
# every entry of the range into one bitmap before intersecting it with the word, whatever the word
# (measured: bench/RESULTS.md). The keys make a range an OR of a
# few dozen lexemes (days up to the first of a month, months up to a new year, years: see
# period_keys there), which GIN intersects with the word's matches by skipping through
# both, reading only what lies near the word's matches. And a range can have an upper end as cheaply
# as a lower one, so a widening window reads only the older articles it did not read yet.
#
# The function is IMMUTABLE (a fixed time zone, date arithmetic only), as an index expression must
# be; the index is built next to the old one and swapped in, CONCURRENTLY (several minutes at a
# million articles; reads and writes go on). Nothing to do on SQLite.

from django.db import migrations

from articles.migrations._postgresql import postgresql_only, replace_search_index

PUBLICATION_KEYS_FUNCTION = """
CREATE OR REPLACE FUNCTION newsroom_publication_keys(published_at timestamptz) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN published_at IS NULL THEN ''::tsvector ELSE array_to_tsvector(ARRAY[
        'd' || ((published_at AT TIME ZONE 'UTC')::date - DATE '1970-01-01')::text,
        'm' || (date_trunc('month', published_at AT TIME ZONE 'UTC')::date - DATE '1970-01-01')::text,
        'y' || (date_trunc('year', published_at AT TIME ZONE 'UTC')::date - DATE '1970-01-01')::text
    ]) END
$$
"""

FORWARDS = [PUBLICATION_KEYS_FUNCTION, *replace_search_index("search_vector, newsroom_publication_keys(published_at)")]
BACKWARDS = [
    *replace_search_index(
        "search_vector, ((COALESCE(published_at, '-infinity'::timestamptz) AT TIME ZONE 'UTC')::date)"
    ),
    "DROP FUNCTION IF EXISTS newsroom_publication_keys(timestamptz)",
]


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [("articles", "0013_search_pairs_with_gaps")]

    operations = [postgresql_only(FORWARDS, BACKWARDS)]
