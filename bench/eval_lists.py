"""Our engine's whole result lists for the search evaluation set, as JSON: {query id: [slugs]}.

    DATABASE_URL=sqlite:////tmp/eval.sqlite3 .venv/bin/python bench/eval_lists.py

Migrates the database in DATABASE_URL (an empty one), loads the evaluation corpus as
bench/search_quality.py does (seed, bench/eval/corpus.json, bench/eval/archive.json), and prints
every query's results in order (each set searched on its own articles, as the quality benchmark
judges them). tests/search/test_eval_lists.py compares PostgreSQL's lists with SQLite's.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def evaluation_lists() -> dict[str, list[str]]:
    """Load the evaluation corpus into the current (empty, migrated) database and run every query."""
    from articles.models import Article
    from articles.search import search_articles
    from bench import search_quality

    search_quality.load_corpus()
    out = {}
    for part in search_quality.eval_queries():
        for query in part:
            archive = Article.objects.filter(slug__startswith="archive-")
            articles = (
                archive if query["category"] == "archive" else Article.objects.exclude(slug__startswith="archive-")
            )
            out[query["id"]] = [article.slug for article in search_articles(articles.only("slug"), query["q"])]
    return out


if __name__ == "__main__":
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    json.dump(evaluation_lists(), sys.stdout, ensure_ascii=False)
