# Matching of the spellings people type (articles/text): every word now also has a *loose* key
# (hamza on waw and ya folded: مؤتمر / موتمر, مسؤولية / مسئولية), a word in و after the
# conjunction و is stemmed as that word (ووليد = وليد), and a stop word is a gap that matches
# nothing on both databases. The stored search documents change, so they are rebuilt here by the
# running code's indexer, as in 0013 (the index is derived data and must be in the format the
# running code searches):
# - PostgreSQL: the vectors gain `%loose` lexemes (search_vector and search_head); every
#   article's document is rewritten (reads and searches go on meanwhile).
# - SQLite: the FTS5 table gains a `<field>_loose` column per field and writes a gap token for
#   stop words, so it is created again with the new columns and filled.
# The rebuild runs the current indexer: it must come after every migration that adds a column the
# indexer writes (with search-ranking's 0017_search_ranking, which adds `search_lengths`, this one
# depends on it).

from django.db import migrations

FTS5_FIELDS = ("headline", "summary", "about", "captions", "names", "body")
FTS5_KINDS = ("exact", "stem", "skeleton", "loose")
FTS5_KINDS_BEFORE = ("exact", "stem", "skeleton")


def _create_fts5(cursor, kinds) -> None:
    cursor.execute("DROP TABLE IF EXISTS articles_article_fts")
    cursor.execute(
        "CREATE VIRTUAL TABLE articles_article_fts USING fts5("
        + ", ".join(f"{field}_{kind}" for field in FTS5_FIELDS for kind in kinds)
        + ", tokenize = 'unicode61 remove_diacritics 0')"
    )


def rebuild_search_documents(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            _create_fts5(cursor, FTS5_KINDS)
    elif connection.vendor != "postgresql":
        return
    from articles.search import index_all_articles

    index_all_articles(using=connection.alias)


def restore_fts5_columns(apps, schema_editor):
    # SQLite only: the table of 0007's layout, empty (`manage.py reindex` with the code of that
    # time fills it). PostgreSQL keeps its vectors: the extra lexemes match nothing there.
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            _create_fts5(cursor, FTS5_KINDS_BEFORE)


class Migration(migrations.Migration):
    # Each batch is its own transaction: a million articles are not rewritten in one.
    atomic = False

    dependencies = [("articles", "0017_search_ranking")]

    operations = [migrations.RunPython(rebuild_search_documents, restore_fts5_columns, elidable=False)]
