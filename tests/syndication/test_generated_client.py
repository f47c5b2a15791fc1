"""A REST client generated from our OpenAPI schema by a standard generator (openapi-python-client,
offline) runs a partner's whole scenario over real HTTP: token, list, filter, search, create, PATCH
with If-Match, a workflow transition, and following the change feed."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client as DjangoClient

from tests.support.content import published_article
from tests.support.users import role_users

pytestmark = pytest.mark.django_db(transaction=True)

PACKAGE = "newsroom_api_client"
PASSWORD = "correct horse battery staple"  # tests.support.factories.UserFactory's


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """The generated package, imported (generated once per run from the schema the server serves)."""
    folder = tmp_path_factory.mktemp("generated")
    schema = folder / "schema.yaml"
    schema.write_bytes(DjangoClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi").content)
    bin_dir = str(Path(sys.executable).parent)  # the generator formats its output with ruff
    result = subprocess.run(
        [
            str(Path(bin_dir) / "openapi-python-client"),
            "generate",
            "--path",
            str(schema),
            "--meta",
            "none",
            "--output-path",
            str(folder / PACKAGE),
        ],
        env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
            del sys.modules[name]


def endpoint(name):
    return importlib.import_module(f"{PACKAGE}.api.v1.{name}")


def models():
    return importlib.import_module(f"{PACKAGE}.models")


def test_a_generated_client_runs_the_whole_scenario(api, live_server):
    chief = role_users()["chief"]
    bitcoin = published_article("تعدين البيتكوين في إيران", body="استهلاك الكهرباء في تعدين البيتكوين.")
    published_article("اجتماع في المنامة", body="عقد الاجتماع في البحرين.", language="ar")
    m = models()
    anonymous = api.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    # Token
    token = endpoint("v1_auth_token_create").sync(
        client=anonymous, body=m.AuthTokenRequest(username=chief.username, password=PASSWORD)
    )
    client = api.AuthenticatedClient(
        base_url=live_server.url, token=token.token, prefix="Token", raise_on_unexpected_status=True
    )

    # List, filter, search (anonymous readers)
    listing = endpoint("v1_articles_list").sync(client=anonymous)
    filtered = endpoint("v1_articles_list").sync(client=anonymous, language="ar", fields="uuid,headline")
    found = endpoint("v1_articles_list").sync(client=anonymous, q="البيتكوين")
    assert listing.count == 2
    assert {article.headline for article in filtered.results} == {"تعدين البيتكوين في إيران", "اجتماع في المنامة"}
    assert [str(article.uuid) for article in found.results] == [str(bitcoin.uuid)]
    assert "<mark>" in found.results[0].snippet

    # Create, PATCH with If-Match (a stale one is refused), transition
    created = endpoint("v1_articles_create").sync(
        client=client, body=m.ArticleWriteRequest(headline="خبر عاجل", body="الفقرة الأولى.")
    )
    assert (created.status.value, created.version) == ("draft", 1)
    patched = endpoint("v1_articles_partial_update").sync_detailed(
        created.uuid, client=client, body=m.PatchedArticleWriteRequest(summary="ملخص"), if_match='"1"'
    )
    assert (patched.status_code, patched.parsed.version, patched.headers["ETag"]) == (200, 2, '"2"')
    stale = api.AuthenticatedClient(base_url=live_server.url, token=token.token, prefix="Token")
    refused = endpoint("v1_articles_partial_update").sync_detailed(
        created.uuid, client=stale, body=m.PatchedArticleWriteRequest(summary="قديم"), if_match='"1"'
    )
    assert refused.status_code == 412
    published = endpoint("v1_articles_transitions_create").sync(
        created.uuid,
        client=client,
        body=m.TransitionRequestRequest(transition=m.TransitionEnum.PUBLISH),
        if_match=patched.headers["ETag"],
    )
    assert (published.status.value, published.version) == ("published", 3)

    # Follow the change feed as a partner does: page after page, resuming from the cursor.
    events, cursor = [], None
    while True:
        page = endpoint("v1_changes_list").sync(client=anonymous, after=cursor or api.types.UNSET, limit=2)
        events += page.events
        cursor = page.next_cursor
        if not page.has_more:
            break
    mine = [(event.type_.value, event.object_.version) for event in events if event.object_.id == str(created.uuid)]
    assert mine == [("article.published", 3)]
    assert len(events) == 3
    assert endpoint("v1_changes_list").sync(client=anonymous, after=cursor).events == []
