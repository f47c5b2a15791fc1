"""The bulk NDJSON dump: export_ndjson / import_ndjson, a round trip, bad lines, interruptions."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles import services
from articles.models import Article, Collection, Entity, Source
from articles.policies import SYSTEM
from tests.support.content import write_article

pytestmark = pytest.mark.django_db


def export(path) -> str:
    call_command("export_ndjson", "--no-progress", "-o", str(path), stderr=StringIO())
    return path.read_text("utf-8")


def load(path, *args):
    out = StringIO()
    call_command("import_ndjson", str(path), "--no-progress", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def empty_the_database():
    for model in (Collection, Article, Source, Entity):
        model.objects.all().delete()


@pytest.fixture
def content(db):
    """The seed, plus a corrected article in a collection."""
    call_command("seed", stdout=StringIO())
    article = write_article(headline="خبر مصحح", body="نص الخبر.", status="corrected")
    collection = services.collection_create(actor=SYSTEM, data={"title": "ملف"})
    services.collection_item_add(actor=SYSTEM, collection=collection, article=article)


def test_export_then_import_into_an_empty_database_gives_the_same_dump(content, tmp_path):
    first = export(tmp_path / "one.ndjson")
    empty_the_database()

    assert load(tmp_path / "one.ndjson") == "Imported 3 articles from " + str(tmp_path / "one.ndjson") + ".\n"

    assert export(tmp_path / "two.ndjson") == first
    assert Article.objects.get(headline="خبر مصحح").corrections.get().note == "Corrected."


def test_the_dump_is_utf8_without_escapes_one_object_per_line(content, tmp_path):
    text = export(tmp_path / "dump.ndjson")

    assert "\\u" not in text
    rows = [json.loads(line) for line in text.splitlines()]
    assert rows[0] == {
        "type": "header",
        "format": "newsroom-ndjson",
        "version": 1,
        "counts": {"entity": 45, "source": 3, "article": 3, "collection": 1},
    }
    assert [r["type"] for r in rows].count("article") == 3


def test_importing_the_dump_again_changes_nothing(content, tmp_path):
    first = export(tmp_path / "one.ndjson")

    load(tmp_path / "one.ndjson")

    assert export(tmp_path / "two.ndjson") == first


def test_an_interrupted_import_resumes_after_the_last_committed_batch(content, tmp_path):
    dump = tmp_path / "dump.ndjson"
    lines = export(dump).splitlines()
    empty_the_database()
    broken = lines.copy()
    broken[24] = '{"type": "entity", "slug": "x", "name": '  # line 25: cut off mid-write
    dump.write_text("\n".join(broken) + "\n", encoding="utf-8")

    with pytest.raises(CommandError) as stopped:
        load(dump, "--batch-size", "10")

    assert str(stopped.value).startswith(f"{dump}: line 25: not JSON")
    assert "lines up to 21 are imported" in str(stopped.value)
    assert (tmp_path / "dump.ndjson.progress").read_text() == "21"
    assert Entity.objects.count() == 20  # two batches of 10; nothing of the third
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load(dump, "--batch-size", "10", "--resume")

    assert not (tmp_path / "dump.ndjson.progress").exists()
    assert export(tmp_path / "again.ndjson").splitlines() == lines


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"type": "planet", "slug": "x"}', "line 2, type: unknown type 'planet'"),
        ('{"type": "entity", "name": "اسم"}', "line 2, slug: missing"),
        ('["a list"]', "line 2: each line must be a JSON object"),
        (
            '{"type": "article", "uuid": "6c4f3f0e-7d3a-4c56-9a53-1a2b3c4d5e6f", "headline": "خبر", "slug": "s", '
            '"body": "نص", "mentions": [{"entity": "nobody"}]}',
            "line 2, mentions: 'nobody' is not in the database nor earlier in the file",
        ),
    ],
    ids=["unknown type", "no key", "not an object", "unknown entity"],
)
def test_a_bad_line_is_named_and_its_batch_is_not_written(tmp_path, line, message):
    dump = tmp_path / "bad.ndjson"
    good = '{"type": "entity", "slug": "iran", "name": "إيران", "kind": "place"}'
    dump.write_text(f"{good}\n{line}\n", encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        load(dump)

    assert message in str(refused.value)
    assert Entity.objects.count() == 0
    assert Article.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    dump = tmp_path / "latin.ndjson"
    dump.write_bytes('{"type": "entity", "slug": "x", "name": "caf\xe9", "kind": "place"}\n'.encode("latin-1"))

    with pytest.raises(CommandError, match="not UTF-8"):
        load(dump)
