"""Plain text in the seed's format: import_text and POST /api/v1/imports/text/."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, ArticleImport, Suggestion
from tests.support.analysis import BODY, names
from tests.support.api import API, client_for, editor
from tests.support.users import user_with_perms

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "fixtures" / "source" / "000_ff2bd479ac8dff35.txt"
GOOD = "صورة أولى (أرشيفية)\nوصف الصورة الأولى\n\nالفقرة الأولى. وتتمة.\n\nالفقرة الثانية"
BROKEN = "سطر أول\nسطر ثان\nسطر ثالث"
#: Three articles (at lines 1, 8, 15); the second has a block of three lines (at line 11).
THREE = f"{GOOD}\n\nصورة ثانية\nوصفها\n\n{BROKEN}\n\nصورة ثالثة\nوصفها\n\nفقرة المقال الثالث"


def fixture_articles() -> list[dict]:
    rows = json.loads((Path(settings.BASE_DIR) / "fixtures" / "seed.json").read_text("utf-8"))
    out = []
    for row in rows:
        if row["model"] == "articles.article":
            uuid = row["fields"]["uuid"]
            captions = sorted(
                (r["fields"] for r in rows if r["model"] == "articles.caption" and r["fields"]["article"] == [uuid]),
                key=lambda c: c["order"],
            )
            out.append(
                {
                    "paragraphs": [p for p in row["fields"]["body"].split("\n\n")],
                    "captions": [(c["text"], c["alt_text"], c["is_archival"], c["is_illustrative"]) for c in captions],
                }
            )
    return out


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_text", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_importing_the_raw_seed_gives_the_fixtures_paragraphs_and_captions_character_for_character():
    out, _ = run(str(SEED))

    uuids = [line.split()[1] for line in out.splitlines()]
    imported = [Article.objects.get(uuid=uuid) for uuid in uuids]
    assert [
        {
            "paragraphs": a.paragraphs,
            "captions": [(c.text, c.alt_text, c.is_archival, c.is_illustrative) for c in a.captions.all()],
        }
        for a in imported
    ] == fixture_articles()
    assert [(a.status, a.version, a.revisions.count()) for a in imported] == [("draft", 1, 1), ("draft", 1, 1)]


def test_each_created_article_is_printed_with_its_uuid_and_line():
    out, err = run(str(SEED))

    article = Article.objects.order_by("id").first()
    assert out.splitlines()[0] == f"created   {article.uuid}  {SEED}:1"
    assert err == ""
    assert article.headline.startswith("عانت العديد من المدن الإيرانية")


def test_importing_the_same_file_again_changes_nothing():
    run(str(SEED))
    versions = list(Article.objects.values_list("version", flat=True))

    out, _ = run(str(SEED))

    assert [line.split()[0] for line in out.splitlines()] == ["unchanged", "unchanged"]
    assert list(Article.objects.values_list("version", flat=True)) == versions
    assert ArticleImport.objects.count() == 2


def test_a_broken_article_in_the_middle_stops_the_whole_file_by_default_naming_its_line(tmp_path):
    path = tmp_path / "three.txt"
    path.write_text(THREE, encoding="utf-8")

    with pytest.raises(CommandError, match="Some files were not imported."):
        run(str(path))

    assert Article.objects.count() == 0


def test_the_problem_names_the_line_and_the_article_left_out(tmp_path):
    path = tmp_path / "three.txt"
    path.write_text(THREE, encoding="utf-8")

    out, err = run(str(path), "--skip-broken")

    assert err.splitlines() == [
        f"{path}: line 11: a block of 3 lines (a paragraph is one line, an image two); "
        "the article starting at line 8 is left out."
    ]
    assert [line.split()[0] for line in out.splitlines()] == ["created", "created"]
    assert sorted(Article.objects.values_list("body", flat=True)) == [
        "الفقرة الأولى. وتتمة.\n\nالفقرة الثانية",
        "فقرة المقال الثالث",
    ]


def test_an_imported_article_arrives_with_its_suggestions():
    names()

    run_api = client_for(editor()).post(f"{API}/imports/text/", BODY.encode(), content_type="text/plain; charset=utf-8")

    assert run_api.status_code == 201
    article = Article.objects.get(uuid=run_api.json()["articles"][0]["uuid"])
    assert article.suggestions.filter(status=Suggestion.Status.PENDING, kind="quote").count() == 2


def test_the_api_answers_every_article_with_its_line_uuid_and_outcome():
    client = client_for(editor())

    first = client.post(f"{API}/imports/text/", GOOD.encode(), content_type="text/plain")
    again = client.post(f"{API}/imports/text/", GOOD.encode(), content_type="text/plain")

    article = Article.objects.get()
    assert first.status_code == 201
    assert first.json() == {
        "written": True,
        "articles": [{"line": 1, "uuid": str(article.uuid), "outcome": "created"}],
        "problems": [],
    }
    assert (again.status_code, again.json()["articles"][0]["outcome"]) == (200, "unchanged")
    assert (article.headline, article.captions.get().is_archival) == ("الفقرة الأولى", True)


def test_the_api_refuses_a_broken_file_with_nothing_written_unless_asked_to_skip():
    client = client_for(editor())

    refused = client.post(f"{API}/imports/text/", THREE.encode(), content_type="text/plain")
    skipped = client.post(f"{API}/imports/text/?skip_broken=true", THREE.encode(), content_type="text/plain")

    assert refused.status_code == 400
    assert refused.json()["written"] is False
    assert refused.json()["problems"][0]["line"] == 11
    assert skipped.status_code == 201
    assert [row["line"] for row in skipped.json()["articles"]] == [1, 15]
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("\xff\xfe".encode("latin-1"), "text/plain", 400),
        (b"{}", "application/json", 415),
    ],
    ids=["not UTF-8", "not text/plain"],
)
def test_the_api_refuses_a_body_it_cannot_read(body, content_type, status):
    response = client_for(editor()).post(f"{API}/imports/text/", body, content_type=content_type)

    assert response.status_code == status
    assert Article.objects.count() == 0


def test_importing_needs_the_right_to_create_articles():
    response = client_for(user_with_perms("view_article")).post(
        f"{API}/imports/text/", GOOD.encode(), content_type="text/plain"
    )

    assert response.status_code == 403
    assert Article.objects.count() == 0


def test_the_apis_problems_are_in_arabic_by_default():
    response = client_for(editor(), language=None).post(
        f"{API}/imports/text/", THREE.encode(), content_type="text/plain"
    )

    assert response.json()["problems"] == [
        {
            "line": 11,
            "field": "",
            "message": "كتلة من 3 أسطر (الفقرة سطر واحد والصورة سطران)؛ تُركت المقالة التي تبدأ في السطر 8.",
        }
    ]


def test_the_same_bytes_as_octet_stream_are_accepted_for_generated_clients():
    response = client_for(editor()).post(f"{API}/imports/text/", GOOD.encode(), content_type="application/octet-stream")

    assert response.status_code == 201
    assert Article.objects.get().body == "الفقرة الأولى. وتتمة.\n\nالفقرة الثانية"


def test_an_empty_file_says_there_was_nothing_to_import(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n\n", encoding="utf-8")

    out, err = run(str(path))

    assert (out, err) == (f"{path}: no article in it, nothing imported.\n", "")
    assert Article.objects.count() == 0


def test_the_readme_example_file_gives_two_drafts_each_with_its_photo_and_two_paragraphs():
    out, err = run(str(settings.BASE_DIR / "examples" / "wire.txt"))

    articles = list(Article.objects.order_by("id"))
    assert (len(out.splitlines()), err) == (2, "")
    assert [(a.status, a.headline, len(a.body.split("\n\n")), a.captions.count()) for a in articles] == [
        (
            "draft",
            "تفقد وزير المياه صباح اليوم محطة تحلية المياه الجديدة في العقبة، ويُتوقع أن تبدأ العمل في الربيع المقبل",
            2,
            1,
        ),
        ("draft", "ارتفعت أسعار الخضار في الأسواق المحلية هذا الأسبوع بعد موجة برد أضرّت بالمحاصيل", 2, 1),
    ]
    assert articles[0].captions.get().is_archival is True
