"""The partner script examples/mirror_published.py keeps a local SQLite copy equal to the API's
published articles by following the change feed, over real HTTP, stopped and restarted midway."""

import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from articles import services
from articles.models import Caption
from articles.policies import SYSTEM
from tests.support.content import published_article, write_article

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "mirror_published.py"


def run_mirror(live_server, db_path, *args):
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--api",
            f"{live_server.url}/api/v1",
            "--db",
            str(db_path),
            "--limit",
            "3",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def mirrored(db_path) -> dict:
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT uuid, version, status, headline, body FROM article").fetchall()
    return {uuid: (version, status, headline, body) for uuid, version, status, headline, body in rows}


def published_set() -> dict:
    """The articles the API shows readers, through the API itself (every page)."""
    client, url, found = APIClient(), "/api/v1/articles/?page_size=100", {}
    while url:
        page = client.get(url).json()
        for a in page["results"]:
            found[a["uuid"]] = (a["version"], a["status"], a["headline"], a["body"])
        url = page["next"]
    return found


def test_the_mirror_equals_the_published_set_after_every_kind_of_change_and_a_restart(live_server, tmp_path):
    db_path = tmp_path / "mirror.sqlite3"
    edited = published_article("خبر سيُعدّل", body="النص الأول.")
    corrected = published_article("خبر سيُصحّح", body="رقم خاطئ.")
    retracted = published_article("خبر سيُسحب", body="ادعاء.")
    deleted = published_article("خبر سيُحذف", body="مكرر.")
    draft = write_article(headline="مسودة", body="لم تنشر.")
    first_run = run_mirror(live_server, db_path, "--max-events", "2")

    assert "2 events processed" in first_run
    assert len(mirrored(db_path)) < len(published_set())  # stopped midway

    services.article_update(actor=SYSTEM, article=edited, data={"body": "النص بعد التعديل."})
    services.article_part_save(actor=SYSTEM, part=Caption(), data={"article": edited, "text": "صورة"})
    services.article_update(actor=SYSTEM, article=corrected, data={"body": "الرقم الصحيح."})
    services.article_transition(actor=SYSTEM, article=corrected, name="correct", note="صُحّح الرقم.")
    services.article_transition(actor=SYSTEM, article=retracted, name="retract", note="ثبت خطؤه.")
    services.article_delete(actor=SYSTEM, article=deleted)
    services.article_update(actor=SYSTEM, article=draft, data={"summary": "ما زالت مسودة"})
    services.article_transition(actor=SYSTEM, article=draft, name="publish")
    write_article(headline="مجدول", body="لاحقاً.", status="scheduled", published_at=timezone.now() + timedelta(days=1))
    run_mirror(live_server, db_path, "--once")

    expected = published_set()
    assert mirrored(db_path) == expected
    assert set(expected) == {str(edited.uuid), str(corrected.uuid), str(draft.uuid)}
    assert expected[str(corrected.uuid)][:3] == (4, "corrected", "خبر سيُصحّح")

    # Nothing new: a further run changes nothing; a restored article stays out until republished.
    services.article_transition(actor=SYSTEM, article=retracted, name="restore")
    assert "events processed" not in run_mirror(live_server, db_path, "--once")
    assert mirrored(db_path) == published_set()
