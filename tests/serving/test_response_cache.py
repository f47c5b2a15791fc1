"""The response cache on a real Redis: anonymous reads kept by content version, a write making them
unreachable at once, stampede protection, the hit ratio, and Redis being down."""

import threading
import time

import pytest

from articles import services
from articles.policies import SYSTEM
from newsroom import response_cache as cache_module
from tests.support.api import client_for, editor
from tests.support.content import published_article

pytestmark = pytest.mark.django_db


def cached_keys(server) -> list[bytes]:
    return sorted(key for key in server.keys("nr:r:*") if not key.endswith(b":lock"))


def test_an_anonymous_read_is_answered_from_the_cache_the_second_time(
    client, response_cache, django_assert_num_queries
):
    published_article("خبر أول")
    first = client.get("/api/v1/articles/")

    with django_assert_num_queries(0):
        second = client.get("/api/v1/articles/")

    assert (first.status_code, second.status_code) == (200, 200)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == "application/json"
    assert second["Cache-Control"] == first["Cache-Control"]
    assert len(cached_keys(response_cache)) == 1


def test_a_conditional_request_is_answered_304_from_the_cache(client, response_cache, django_assert_num_queries):
    article = published_article("خبر")
    url = f"/api/v1/articles/{article.uuid}/"
    etag = client.get(url)["ETag"]

    with django_assert_num_queries(0):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag == f'"{article.version}"'
    assert response.content == b""


def test_a_committed_write_changes_the_content_version_so_the_next_read_sees_it(
    client, response_cache, django_capture_on_commit_callbacks
):
    article = published_article("العنوان الأول")
    url = f"/api/v1/articles/{article.uuid}/"
    client.get(url)
    assert client.get(url).json()["headline"] == "العنوان الأول"

    with django_capture_on_commit_callbacks(execute=True):
        services.article_update(actor=SYSTEM, article=article, data={"headline": "العنوان الثاني"})
    after = client.get(url)

    assert after["X-Cache"] == "miss"
    assert after.json()["headline"] == "العنوان الثاني"
    assert response_cache.get("nr:cv") == b"1"
    assert [key.split(b":")[2] for key in cached_keys(response_cache)] == [b"0", b"1"]


def test_reads_with_a_user_or_a_token_are_never_cached(response_cache):
    published_article("خبر")
    session = client_for(editor())

    answers = [session.get("/api/v1/articles/"), session.get("/api/v1/articles/")]
    token = client_for(None)
    token.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    refused = token.get("/api/v1/articles/")

    assert [answer.status_code for answer in answers] == [200, 200]
    assert [answer.get("X-Cache") for answer in answers] == [None, None]
    assert refused.status_code == 401
    assert cached_keys(response_cache) == []


def test_languages_and_media_types_are_kept_apart(client, response_cache):
    published_article("خبر")

    client.get("/api/v1/articles/", HTTP_ACCEPT_LANGUAGE="en")
    client.get("/api/v1/articles/", HTTP_ACCEPT_LANGUAGE="ar")
    client.get("/api/v1/articles/", HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="ar")

    assert [key.split(b":", 4)[3:] for key in cached_keys(response_cache)] == [
        [b"ar", b":/api/v1/articles/"],
        [b"ar", b"application/json:/api/v1/articles/"],
        [b"en", b":/api/v1/articles/"],
    ]


def test_errors_are_not_cached(client, response_cache):
    response = client.get("/api/v1/articles/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404
    assert response["X-Cache"] == "miss"
    assert cached_keys(response_cache) == []


def test_the_hit_ratio_is_visible_in_readyz(client, response_cache, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    published_article("خبر")
    for _ in range(3):
        client.get("/api/v1/articles/")

    cache = client.get("/readyz").json()["checks"]["cache"]

    assert {key: cache[key] for key in ("status", "hits", "misses", "hit_ratio", "content_version")} == {
        "status": "ok",
        "hits": 2,
        "misses": 1,
        "hit_ratio": 0.6667,
        "content_version": 0,
    }


def test_only_one_of_concurrent_misses_computes_the_answer_the_others_wait_for_it(response_cache):
    computed = []
    answers = []

    def compute():
        computed.append(1)
        time.sleep(0.3)
        return "response", b"the answer"

    def ask():
        entry, what, response = cache_module.fetch_or_compute("nr:r:", ":en::/same", compute)
        answers.append((entry, what, response))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(computed) == 1
    assert sorted(what for _, what, _ in answers) == ["miss"] + ["wait"] * 7
    assert {entry for entry, what, _ in answers if what == "wait"} == {b"the answer"}
    assert [response for _, what, response in answers if what == "miss"] == ["response"]
    assert response_cache.get("nr:r:0:en::/same") == b"the answer"


def test_reads_are_answered_from_the_database_when_redis_is_down(client, settings):
    settings.RESPONSE_CACHE = True
    settings.RESPONSE_CACHE_URL = "redis://127.0.0.1:9/13"
    published_article("خبر في غياب الذاكرة")

    response = client.get("/api/v1/articles/")

    assert response.status_code == 200
    assert response.json()["results"][0]["headline"] == "خبر في غياب الذاكرة"
    assert "X-Cache" not in response
