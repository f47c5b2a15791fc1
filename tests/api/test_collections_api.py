"""/api/v1/collections/: reading in order, visibility for readers, writes with permissions, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from articles import services
from articles.models import Collection, CollectionItem
from articles.policies import SYSTEM
from articles.services import Slot
from tests.support.factories import ArticleFactory
from tests.support.users import user_with_perms

pytestmark = pytest.mark.django_db

EDITOR_PERMS = ("view_article", "add_collection", "change_collection", "delete_collection")


@pytest.fixture
def editor_client():
    client = APIClient()
    client.force_authenticate(user_with_perms(*EDITOR_PERMS, username="editor"))
    return client


def package(*articles, title="ملف البحرين", pinned=()):
    return services.collection_create(
        actor=SYSTEM, data={"title": title}, items=[Slot(article, pinned=article in pinned) for article in articles]
    )


def headlines(body):
    return [item["article"]["headline"] for item in body["items"]]


def test_anonymous_reader_gets_items_in_reading_order_with_pinned_first(api_client):
    first, second, third = (ArticleFactory(published=True, headline=h) for h in ("أول", "ثان", "ثالث"))
    collection = package(first, second, third)
    services.collection_item_update(actor=SYSTEM, collection=collection, article=third, pinned=True)

    response = api_client.get(f"/api/v1/collections/{collection.slug}/")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "ملف-البحرين"
    assert (
        body["url"]
        == "http://testserver/api/v1/collections/%D9%85%D9%84%D9%81-%D8%A7%D9%84%D8%A8%D8%AD%D8%B1%D9%8A%D9%86/"
    )
    assert [(item["position"], item["pinned"], item["article"]["headline"]) for item in body["items"]] == [
        (1, True, "ثالث"),
        (2, False, "أول"),
        (3, False, "ثان"),
    ]
    assert body["items"][0]["article"] == {
        "uuid": str(third.uuid),
        "url": f"http://testserver/api/v1/articles/{third.uuid}/",
        "headline": "ثالث",
        "published_at": third.published_at.isoformat().replace("+00:00", "Z"),
    }


def test_anonymous_reader_never_sees_drafts_or_embargoed_articles_and_positions_close_up(api_client):
    published = ArticleFactory(published=True, headline="منشور")
    draft = ArticleFactory(headline="مسودة")
    embargoed = ArticleFactory(headline="محظور", status="published", published_at="2999-01-01T00:00:00Z")
    later = ArticleFactory(published=True, headline="منشور لاحقا")
    collection = package(draft, published, embargoed, later)

    body = api_client.get(f"/api/v1/collections/{collection.slug}/").json()

    assert [(item["position"], item["article"]["headline"]) for item in body["items"]] == [
        (1, "منشور"),
        (2, "منشور لاحقا"),
    ]
    assert "مسودة" not in str(body)


def test_staff_see_every_item_with_stored_positions_and_status(editor_client):
    published = ArticleFactory(published=True, headline="منشور")
    draft = ArticleFactory(headline="مسودة")
    collection = package(draft, published)

    body = editor_client.get(f"/api/v1/collections/{collection.slug}/").json()

    assert [(i["position"], i["article"]["headline"], i["article"]["status"]) for i in body["items"]] == [
        (1, "مسودة", "draft"),
        (2, "منشور", "published"),
    ]


def test_filtering_by_article_does_not_reveal_a_draft_to_readers(api_client, editor_client):
    draft = ArticleFactory()
    package(draft)

    assert api_client.get(f"/api/v1/collections/?article={draft.uuid}").json()["count"] == 0
    assert editor_client.get(f"/api/v1/collections/?article={draft.uuid}").json()["count"] == 1


def test_bad_filter_and_ordering_values_are_400(api_client):
    assert api_client.get("/api/v1/collections/?article=not-a-uuid").status_code == 400
    assert api_client.get("/api/v1/collections/?ordering=secret").status_code == 400


def test_unknown_slug_is_404(api_client):
    response = api_client.get("/api/v1/collections/لا-يوجد/")

    assert response.status_code == 404


def test_anonymous_and_unprivileged_clients_cannot_write(api_client):
    collection = package(ArticleFactory(published=True))
    reader = APIClient()
    reader.force_authenticate(user_with_perms("view_article"))

    assert api_client.post("/api/v1/collections/", {"title": "س"}, format="json").status_code == 401
    assert reader.post("/api/v1/collections/", {"title": "س"}, format="json").status_code == 403
    assert reader.delete(f"/api/v1/collections/{collection.slug}/").status_code == 403
    article = ArticleFactory(published=True)
    response = reader.post(
        f"/api/v1/collections/{collection.slug}/items/", {"article": str(article.uuid)}, format="json"
    )
    assert response.status_code == 403
    assert Collection.objects.count() == 1
    assert CollectionItem.objects.count() == 1


def test_create_with_items_in_order(editor_client):
    first, second = ArticleFactory(published=True, headline="أ"), ArticleFactory(headline="ب")

    response = editor_client.post(
        "/api/v1/collections/",
        {
            "title": "الصفحة الرئيسية",
            "description": "أبرز الأخبار",
            "items": [{"article": str(second.uuid)}, {"article": str(first.uuid), "pinned": True}],
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "الصفحة-الرئيسية"
    assert [(i["position"], i["pinned"], i["article"]["headline"]) for i in body["items"]] == [
        (1, True, "أ"),
        (2, False, "ب"),
    ]
    assert Collection.objects.get().created_by.username == "editor"


def test_patch_without_items_keeps_them_and_with_items_replaces_them(editor_client):
    a, b, c = (ArticleFactory(published=True, headline=h) for h in ("أ", "ب", "ج"))
    collection = package(a, b)
    url = f"/api/v1/collections/{collection.slug}/"

    response = editor_client.patch(url, {"title": "عنوان جديد"}, format="json")
    assert (response.status_code, response.json()["title"], headlines(response.json())) == (
        200,
        "عنوان جديد",
        ["أ", "ب"],
    )

    response = editor_client.patch(url, {"items": [{"article": str(c.uuid)}, {"article": str(a.uuid)}]}, format="json")
    assert (response.status_code, headlines(response.json())) == (200, ["ج", "أ"])


def test_write_errors_are_400_with_the_field_named(editor_client):
    article = ArticleFactory(published=True)
    collection = package(article)
    url = f"/api/v1/collections/{collection.slug}/"

    unknown = editor_client.patch(url, {"colour": "red"}, format="json")
    bad_uuid = editor_client.patch(url, {"items": [{"article": "nope"}]}, format="json")
    missing = editor_client.patch(url, {"items": [{"article": "00000000-0000-0000-0000-000000000000"}]}, format="json")
    twice = editor_client.patch(
        url, {"items": [{"article": str(article.uuid)}, {"article": str(article.uuid)}]}, format="json"
    )
    no_article = editor_client.patch(url, {"items": [{"pinned": True}]}, format="json")
    empty_title = editor_client.patch(url, {"title": ""}, format="json")
    taken_slug = editor_client.post("/api/v1/collections/", {"title": "آخر", "slug": collection.slug}, format="json")

    responses = (unknown, bad_uuid, missing, twice, no_article, empty_title, taken_slug)
    assert [r.status_code for r in responses] == [400] * 7
    assert unknown.json()["errors"] == {"colour": ["حقل غير معروف أو للقراءة فقط."]}
    assert list(bad_uuid.json()["errors"]) == ["items"]
    assert twice.json()["code"] == "duplicate_article"
    assert list(no_article.json()["errors"]["items"][0]) == ["article"]
    assert list(taken_slug.json()["errors"]) == ["slug"]
    assert headlines(editor_client.get(url).json()) == [article.headline]


def test_a_collection_editor_who_cannot_see_drafts_cannot_add_one():
    client = APIClient()
    client.force_authenticate(user_with_perms("add_collection", "change_collection"))
    collection = package()
    draft = ArticleFactory()

    response = client.post(f"/api/v1/collections/{collection.slug}/items/", {"article": str(draft.uuid)}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["article"]


def test_nested_items_endpoint_adds_moves_pins_and_removes(editor_client):
    a, b, c = (ArticleFactory(published=True, headline=h) for h in ("أ", "ب", "ج"))
    collection = package(a, b)
    items_url = f"/api/v1/collections/{collection.slug}/items/"

    added = editor_client.post(items_url, {"article": str(c.uuid), "position": 1}, format="json")
    assert (added.status_code, headlines(added.json())) == (201, ["ج", "أ", "ب"])

    moved = editor_client.patch(f"{items_url}{c.uuid}/", {"position": 3}, format="json")
    assert (moved.status_code, headlines(moved.json())) == (200, ["أ", "ب", "ج"])

    pinned = editor_client.patch(f"{items_url}{b.uuid}/", {"pinned": True}, format="json")
    assert [(i["position"], i["pinned"], i["article"]["headline"]) for i in pinned.json()["items"]] == [
        (1, True, "ب"),
        (2, False, "أ"),
        (3, False, "ج"),
    ]

    removed = editor_client.delete(f"{items_url}{a.uuid}/")
    assert removed.status_code == 204
    assert headlines(editor_client.get(f"/api/v1/collections/{collection.slug}/").json()) == ["ب", "ج"]


def test_nested_items_endpoint_errors(editor_client):
    article, outsider = ArticleFactory(published=True), ArticleFactory(published=True)
    collection = package(article)
    items_url = f"/api/v1/collections/{collection.slug}/items/"

    again = editor_client.post(items_url, {"article": str(article.uuid)}, format="json")
    zero = editor_client.post(items_url, {"article": str(outsider.uuid), "position": 0}, format="json")
    not_in = editor_client.patch(f"{items_url}{outsider.uuid}/", {"position": 1}, format="json")
    bad_uuid = editor_client.delete(f"{items_url}nope/")
    no_collection = editor_client.post(
        "/api/v1/collections/nope/items/", {"article": str(outsider.uuid)}, format="json"
    )

    assert (again.status_code, again.json()["code"]) == (409, "already_in_collection")
    assert (zero.status_code, list(zero.json()["errors"])) == (400, ["position"])
    assert not_in.status_code == 404
    assert bad_uuid.status_code == 400
    assert no_collection.status_code == 404
    assert CollectionItem.objects.count() == 1


def test_delete_removes_the_collection_but_not_its_articles(editor_client):
    article = ArticleFactory(published=True)
    collection = package(article)

    response = editor_client.delete(f"/api/v1/collections/{collection.slug}/")

    assert response.status_code == 204
    assert Collection.objects.count() == 0
    assert article.__class__.objects.filter(pk=article.pk).exists()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("as_staff", [False, True])
def test_detail_reads_one_item_and_thirty_with_the_same_queries(as_staff, editor_client, api_client):
    client = editor_client if as_staff else api_client
    articles = [ArticleFactory(published=True) for _ in range(30)]
    collection = package(articles[0])
    url = f"/api/v1/collections/{collection.slug}/"
    client.get(url)  # warm the user's permission cache

    one = count_queries(client, url)
    services.collection_items_set(actor=SYSTEM, collection=collection, items=[Slot(article) for article in articles])
    thirty = count_queries(client, url)

    assert len(client.get(url).json()["items"]) == 30
    assert one == thirty == 2


@pytest.mark.parametrize("as_staff", [False, True])
def test_list_reads_one_collection_and_thirty_with_the_same_queries(as_staff, editor_client, api_client):
    client = editor_client if as_staff else api_client
    articles = [ArticleFactory(published=True) for _ in range(3)]
    package(*articles, title="مجموعة 0")
    client.get("/api/v1/collections/")

    one = count_queries(client, "/api/v1/collections/?page_size=50")
    for number in range(1, 30):
        package(*articles, title=f"مجموعة {number}")
    thirty = count_queries(client, "/api/v1/collections/?page_size=50")

    assert client.get("/api/v1/collections/?page_size=50").json()["count"] == 30
    assert one == thirty == 3
