# PostgreSQL: the word pairs in `search_vector` now say how many stop words lie between their two
# words (articles.search.pair_key: `=a_b` side by side, `=a_1_b` with one stop word between), so
# that a phrase of two words side by side is answered by the index alone, without reading the
# positions of its candidates' words from the TOAST table. Every article's search document is
# rebuilt here, by the running code's indexer: the search index is derived data, and must be in
# the format the running code searches (3 minutes for 100,000 articles on the benchmark machine; reads
# and searches go on meanwhile, with phrases of stop words found again as their articles are
# rebuilt). Nothing to do on SQLite, whose FTS5 table keeps no pairs.

from django.db import migrations


def rebuild_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from articles.search import index_all_articles

    index_all_articles(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    # Each batch is its own transaction: a million articles are not rewritten in one.
    atomic = False

    dependencies = [("articles", "0012_search_index_publication_day")]

    operations = [migrations.RunPython(rebuild_search_documents, migrations.RunPython.noop, elidable=False)]
