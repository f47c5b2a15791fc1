"""ninjs 3.1: import_ninjs and POST /api/v1/imports/ninjs/, validated, keyed by uri, round trip."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles import services
from articles.models import Article, ArticleImport, Attribution, Caption, Entity, Mention, Source, Suggestion
from articles.policies import SYSTEM
from tests.support.api import API, client_for, editor
from tests.support.content import write_article

pytestmark = pytest.mark.django_db


def rich_draft() -> Article:
    """A draft with everything ninjs carries: summary, byline, captions, mentions, sources."""
    iran = services.named_save(
        actor=SYSTEM, instance=Entity(), data={"name": "إيران", "kind": "place", "wikidata_id": "Q794", "slug": "iran"}
    )
    btc = services.named_save(
        actor=SYSTEM,
        instance=Entity(),
        data={"name": "البتكوين", "kind": "topic", "iptc_subject": "medtop:20000763", "slug": "bitcoin"},
    )
    reuters = services.named_save(
        actor=SYSTEM,
        instance=Source(),
        data={"name": "رويترز", "kind": "news_agency", "homepage": "https://www.reuters.com/", "slug": "reuters"},
    )
    article = write_article(
        headline="إيران تحظر تعدين البتكوين",
        summary="قرار جديد.",
        byline="مراسلنا",
        body="قالت إيران إن التعدين ممنوع.\n\nوذكرت رويترز أن القرار نهائي.",
    )
    for part in (
        Caption(article=article, text="محطة كهرباء", alt_text="محطة", credit="وكالة", is_archival=True, order=1),
        Caption(article=article, text="أجهزة تعدين", image_url="https://img.example/2.jpg", order=2),
        Mention(article=article, entity=iran, role="about"),
        Mention(article=article, entity=btc),
        Attribution(article=article, source=reuters, paragraph=2),
    ):
        services.article_part_save(actor=SYSTEM, part=part)
    return Article.objects.get(pk=article.pk)


def export(client, article_uuid) -> dict:
    response = client.get(f"{API}/articles/{article_uuid}/ninjs/")
    assert response.status_code == 200
    return response.json()


def empty_the_database():
    for model in (Suggestion, ArticleImport, Article, Entity, Source):
        model.objects.all().delete()


def post(client, document, query=""):
    return client.post(f"{API}/imports/ninjs/{query}", json.dumps(document), content_type="application/json")


def test_export_then_import_into_an_empty_database_then_export_gives_the_same_document():
    client = client_for(editor())
    article = rich_draft()
    first = export(client, article.uuid)
    empty_the_database()

    response = post(client, first)

    assert response.status_code == 201
    assert response.json()["articles"] == [{"line": 1, "uuid": str(article.uuid), "outcome": "created"}]
    assert export(client, article.uuid) == first


def test_importing_a_changed_document_again_updates_the_same_article_as_a_new_version():
    client = client_for(editor())
    document = export(client, rich_draft().uuid)
    empty_the_database()
    post(client, document)
    version = Article.objects.get().version
    document["headlines"] = [{"value": "عنوان مصحح"}]

    again = post(client, document)

    article = Article.objects.get()
    assert again.json()["articles"][0]["outcome"] == "updated"
    assert (article.headline, article.version) == ("عنوان مصحح", version + 1)
    assert (article.captions.count(), article.mentions.count(), article.attributions.count()) == (2, 2, 1)


def test_the_same_document_twice_changes_nothing():
    client = client_for(editor())
    document = export(client, rich_draft().uuid)
    empty_the_database()
    post(client, document)

    again = post(client, document)

    assert (again.status_code, again.json()["articles"][0]["outcome"]) == (200, "unchanged")
    assert Article.objects.count() == 1


def test_a_document_that_breaks_the_schema_is_refused_naming_the_field():
    response = post(client_for(editor()), {"uri": "urn:x", "headlines": [{"role": "main"}]})

    assert response.status_code == 400
    assert response.json()["problems"] == [
        {"line": 1, "field": "headlines/0", "message": "not valid ninjs 3.1: 'value' is a required property"}
    ]
    assert Article.objects.count() == 0


def test_one_document_per_line_with_a_broken_line_imports_the_others_when_asked(tmp_path):
    good = {"uri": "urn:newsroom:1", "headlines": [{"value": "خبر"}], "bodies": [{"role": "text", "value": "نص."}]}
    other = {**good, "uri": "urn:newsroom:2"}
    path = tmp_path / "items.ndjson"
    path.write_text(f"{json.dumps(good)}\n{{not json\n{json.dumps(other, ensure_ascii=False)}\n", encoding="utf-8")
    out, err = StringIO(), StringIO()

    call_command("import_ninjs", str(path), "--skip-broken", stdout=out, stderr=err)

    assert err.getvalue().startswith(f"{path}: line 2: not JSON")
    assert [line.split()[0] for line in out.getvalue().splitlines()] == ["created", "created"]
    assert sorted(ArticleImport.objects.values_list("key", flat=True)) == [
        "ninjs:urn:newsroom:1",
        "ninjs:urn:newsroom:2",
    ]


def test_an_html_body_becomes_paragraphs():
    document = {
        "uri": "urn:html",
        "headlines": [{"value": "خبر"}],
        "bodies": [
            {"role": "text", "contentType": "text/html", "value": "<p>أولى</p><script>x()</script><p>ثانية</p>"}
        ],
    }

    post(client_for(editor()), document)

    assert Article.objects.get().body == "أولى\n\nثانية"
