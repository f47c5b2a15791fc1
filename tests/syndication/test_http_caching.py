"""HTTP caching: validators on reads, 304s, Cache-Control that keeps private answers out of shared
caches, and 201 Created with Location and ETag."""

import pytest

from articles import services
from articles.policies import SYSTEM
from tests.support.api import API, client_for, editor
from tests.support.content import published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return published_article("خبر", summary="ملخص")


def vary(response) -> set[str]:
    return {item.strip() for item in response["Vary"].split(",")}


def test_an_anonymous_read_is_public_with_its_validators(article, settings):
    settings.API_CACHE_MAX_AGE = 120

    response = client_for(None).get(f"{API}/articles/{article.uuid}/")

    assert response.status_code == 200
    assert response["ETag"] == f'"{article.version}"'
    assert response["Last-Modified"] == article.updated_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert response["Cache-Control"] == "public, max-age=120"
    assert {"Accept", "Accept-Language", "Authorization", "Cookie"} <= vary(response)


@pytest.mark.parametrize("who", ["session", "token"])
def test_an_authenticated_read_is_never_stored_by_shared_caches(article, who):
    user = editor()
    if who == "session":
        client = client_for(user)
    else:
        from rest_framework.authtoken.models import Token

        client = client_for(None)
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    response = client.get(f"{API}/articles/{article.uuid}/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"


def test_if_none_match_with_the_current_etag_is_304_and_a_new_version_is_200(article):
    client = client_for(None)
    url = f"{API}/articles/{article.uuid}/"
    etag = client.get(url)["ETag"]

    unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
    services.article_update(actor=SYSTEM, article=article, data={"summary": "ملخص جديد"})
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert (unchanged.status_code, unchanged.content, unchanged["ETag"]) == (304, b"", etag)
    assert unchanged["Cache-Control"] == "public, max-age=60"
    assert (changed.status_code, changed["ETag"]) == (200, f'"{article.version}"')


def test_if_modified_since_the_last_modification_is_304(article):
    client = client_for(None)
    url = f"{API}/articles/{article.uuid}/ninjs/"
    last_modified = client.get(url)["Last-Modified"]

    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2024 00:00:00 GMT").status_code == 200


def test_lists_and_other_resources_get_an_etag_from_their_content(article):
    client = client_for(None)
    first = client.get(f"{API}/articles/")
    again = client.get(f"{API}/articles/", HTTP_IF_NONE_MATCH=first["ETag"])
    published_article("خبر آخر")
    after = client.get(f"{API}/articles/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"].startswith('"')
    assert again.status_code == 304
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]


def test_201_created_names_the_new_resource_and_its_etag():
    client = client_for(editor())

    article = client.post(f"{API}/articles/", {"headline": "عنوان", "body": "نص."}, format="json")
    entity = client.post(f"{API}/entities/", {"name": "إيران", "slug": "إيران", "kind": "place"}, format="json")

    assert article.status_code == 201
    assert article["Location"] == f"http://testserver/api/v1/articles/{article.json()['uuid']}/"
    assert article["ETag"] == '"1"'
    assert entity.status_code == 201
    assert entity["Location"] == "http://testserver/api/v1/entities/%D8%A5%D9%8A%D8%B1%D8%A7%D9%86/"
    assert entity["ETag"] == client.get(entity["Location"])["ETag"]


def test_a_full_page_of_the_change_feed_is_cacheable_for_longer(article):
    client = client_for(None)

    full = client.get(f"{API}/changes/", {"limit": 1})
    tail = client.get(f"{API}/changes/", {"after": full.json()["next_cursor"]})

    assert full["Cache-Control"] == "public, max-age=3600"
    assert tail["Cache-Control"] == "public, max-age=60"
