# PostgreSQL: keep a ten times finer histogram of `published_at` (1,000 buckets instead of 100).
# A search sizes its first date range from it (articles.search._pg_window): a word in half of a
# million articles needs only the newest 0.2% of them for a window of 1,000 matches, and with 100
# buckets the finest range was 1%, five times more rows to read. Nothing to do on SQLite.

from django.db import migrations

from articles.migrations._postgresql import postgresql_only

FORWARDS = "ALTER TABLE articles_article ALTER COLUMN published_at SET STATISTICS 1000"
BACKWARDS = "ALTER TABLE articles_article ALTER COLUMN published_at SET STATISTICS -1"


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_search_index_with_publication_time")]

    operations = [postgresql_only([FORWARDS], [BACKWARDS])]
