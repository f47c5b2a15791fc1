"""A bulk import killed mid-way (SIGKILL, a real process on PostgreSQL) leaves whole batches only, and
--resume finishes it: every row once."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from articles.models import Entity, EntityAlias

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

ROWS, BATCH = 3000, 100


def command(dump, *extra):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    args = [sys.executable, "manage.py", "import_ndjson", str(dump), "--batch-size", str(BATCH), "--no-progress"]
    return subprocess.Popen(
        [*args, *extra], cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_a_killed_import_keeps_whole_batches_and_resumes_to_every_row_once(tmp_path):
    dump = tmp_path / "dump.ndjson"
    with dump.open("w", encoding="utf-8") as out:
        out.write('{"type":"header","format":"newsroom-ndjson","version":1,"counts":{}}\n')
        for n in range(ROWS):
            row = {"type": "entity", "slug": f"e-{n}", "name": f"كيان {n}", "kind": "person"}
            out.write(
                json.dumps(row | {"aliases": [{"name": f"اسم {n}", "language": "ar"}]}, ensure_ascii=False) + "\n"
            )
    progress = tmp_path / "dump.ndjson.progress"

    running = command(dump)
    deadline = time.monotonic() + 120
    while not (progress.exists() and progress.read_text().strip() and int(progress.read_text()) >= 5 * BATCH):
        assert running.poll() is None, running.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    running.send_signal(signal.SIGKILL)
    running.wait()

    done = int(progress.read_text())
    count = Entity.objects.count()
    assert count % BATCH == 0  # whole batches only
    assert done - 1 <= count < ROWS  # what the progress file says is there (a batch may follow it)
    assert EntityAlias.objects.count() == count

    resumed = command(dump, "--resume")
    assert resumed.wait(timeout=300) == 0, resumed.stderr.read().decode()

    assert Entity.objects.count() == ROWS
    assert EntityAlias.objects.count() == ROWS
    assert not progress.exists()
