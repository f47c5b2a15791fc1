"""PostgreSQL and SQLite return identical result lists for the whole search evaluation set
(bench/eval): same articles, same order, every query. The suite's PostgreSQL test database gets the
evaluation corpus in this test's transaction; SQLite gets it in a new database file, migrated and
searched by bench/eval/result_lists.py in a process of its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.eval.result_lists import result_lists
from bench.search_quality import load_corpus

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]


def sqlite_result_lists(tmp_path: Path) -> dict[str, list[str]]:
    out = tmp_path / "sqlite-lists.json"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'eval.sqlite3'}")
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "eval" / "result_lists.py"), str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    return json.loads(out.read_text("utf-8"))


def test_postgresql_and_sqlite_return_identical_lists_for_the_whole_evaluation_set(tmp_path):
    load_corpus()
    on_postgresql = result_lists()

    on_sqlite = sqlite_result_lists(tmp_path)

    queries = json.loads((ROOT / "bench" / "eval" / "queries.json").read_text("utf-8"))["queries"]
    assert len(on_postgresql) == len(queries) >= 100
    assert sum(map(len, on_postgresql.values())) > 1000  # the lists are not empty: the corpus was searched
    differing = {
        qid: (results, on_sqlite.get(qid)) for qid, results in on_postgresql.items() if on_sqlite.get(qid) != results
    }
    assert differing == {}
    assert on_sqlite.keys() == on_postgresql.keys()
