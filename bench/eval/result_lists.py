"""The result lists of every query of the search evaluation set, on the database of DATABASE_URL.

    DATABASE_URL=sqlite:////tmp/eval.sqlite3 .venv/bin/python bench/eval/result_lists.py OUT.json

Migrates the database (it should be new and empty), loads the seed and bench/eval/corpus.json
(bench/search_quality.load_corpus), runs every query of bench/eval/queries.json through
articles.search.search_articles and writes {query id: [article slugs, in result order]} to OUT.json.
tests/bench/test_eval_both_databases.py compares these lists on SQLite with PostgreSQL's: the
two backends must return the same articles in the same order for the whole evaluation set.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "bench" / "eval"
#: As many results as a search returns at most (articles.search.SEARCH_WINDOW, today).
LIMIT = 1000


def result_lists() -> dict[str, list[str]]:
    """{query id: slugs of its results, in order} for the evaluation set, on the default database
    (where the corpus is loaded)."""
    from articles.models import Article
    from articles.search import search_articles

    queries = json.loads((EVAL / "queries.json").read_text("utf-8"))["queries"]
    return {
        query["id"]: [article.slug for article in search_articles(Article.objects.all(), query["q"])[:LIMIT]]
        for query in queries
    }


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.search_quality import load_corpus

    call_command("migrate", verbosity=0)
    load_corpus()
    Path(sys.argv[1]).write_text(json.dumps(result_lists(), ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
