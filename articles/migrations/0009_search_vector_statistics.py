# PostgreSQL: keep statistics on ten times as many lexemes of `search_vector` (10,000 instead of
# 1,000, from a sample ten times larger). A news vocabulary has over a thousand lexemes in more than
# 7% of the articles; with the default target, such a word was missing from the statistics, so the
# planner took it for a rare one (a hundred times too few matches) and read tens of thousands of
# rows instead of intersecting indexes (see articles.search._pg_window). ANALYZE takes longer
# (about 20 s at a million articles). Nothing to do on SQLite.

from django.db import migrations

from articles.migrations._postgresql import postgresql_only

FORWARDS = "ALTER TABLE articles_article ALTER COLUMN search_vector SET STATISTICS 1000"
BACKWARDS = "ALTER TABLE articles_article ALTER COLUMN search_vector SET STATISTICS -1"


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_source_normalized_name_help")]

    operations = [postgresql_only([FORWARDS], [BACKWARDS])]
