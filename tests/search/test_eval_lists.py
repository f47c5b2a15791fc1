"""PostgreSQL and SQLite return the same lists, in the same order, for the whole search evaluation set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.eval_lists import evaluation_lists

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def test_postgresql_and_sqlite_return_the_same_lists_for_the_whole_evaluation_set(tmp_path):
    # Given the evaluation corpus on PostgreSQL (this test's database) and on SQLite (another process)
    on_postgresql = evaluation_lists()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'eval.sqlite3'}"}
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "eval_lists.py")], env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    on_sqlite = json.loads(run.stdout)

    # Then every query finds the same articles in the same order
    assert len(on_postgresql) >= 90
    assert sum(len(slugs) for slugs in on_postgresql.values()) > 5000  # the archive queries find 1,100 each
    differing = {
        q: (on_postgresql[q][:5], on_sqlite.get(q, [])[:5])
        for q in on_postgresql
        if on_postgresql[q] != on_sqlite.get(q)
    }
    assert differing == {}
    assert on_sqlite.keys() == on_postgresql.keys()
