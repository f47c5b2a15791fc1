"""Writing through the API: permissions, token authentication, If-Match on articles, versions that grow
on every write (parts included), and deletes that the data refuses."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article, Attribution, Caption, Entity, Mention, Quote, Source
from tests.support.api import API, client_for, editor, error_body, indexed, writer_with_perms
from tests.support.factories import (
    ArticleFactory,
    AttributionFactory,
    CaptionFactory,
    EntityAliasFactory,
    EntityFactory,
    MentionFactory,
    QuoteFactory,
    SourceFactory,
    UserFactory,
)
from tests.support.users import user_with_perms

pytestmark = pytest.mark.django_db

BODY = 'الفقرة الأولى من الخبر.\n\nوقال المتحدث إن "الوضع مستقر".'


# --------------------------------------------------------------------------- one table of resources


class Resource:
    """How to create, change and find one row of an endpoint, for the permission tests."""

    def __init__(self, name, model, *, new, change, existing, key):
        self.name, self.model = name, model
        self.new, self.change, self.existing, self.key = new, change, existing, key

    def __str__(self):
        return self.name

    @property
    def codename(self):
        return self.model._meta.model_name

    def url(self, row=None):
        return f"{API}/{self.name}/" if row is None else f"{API}/{self.name}/{self.key(row)}/"


def _article():
    return ArticleFactory(published=True, body=BODY)


RESOURCES = [
    Resource(
        "articles",
        Article,
        new=lambda: {"headline": "عنوان جديد", "body": BODY},
        change={"headline": "عنوان معدل"},
        existing=_article,
        key=lambda row: row.uuid,
    ),
    Resource(
        "captions",
        Caption,
        new=lambda: {"article": str(_article().uuid), "text": "صورة", "order": 1},
        change={"alt_text": "وصف"},
        existing=lambda: CaptionFactory(article=_article()),
        key=lambda row: row.id,
    ),
    Resource(
        "attributions",
        Attribution,
        new=lambda: {"article": str(_article().uuid), "source": SourceFactory().slug, "paragraph": 2},
        change={"phrase": "ذكر"},
        existing=lambda: AttributionFactory(article=_article()),
        key=lambda row: row.id,
    ),
    Resource(
        "mentions",
        Mention,
        new=lambda: {"article": str(_article().uuid), "entity": EntityFactory().slug, "count": 2},
        change={"count": 3},
        existing=lambda: MentionFactory(article=_article()),
        key=lambda row: row.id,
    ),
    Resource(
        "quotes",
        Quote,
        new=lambda: {
            "article": str(_article().uuid),
            "text": "الوضع مستقر",
            "speaker": EntityFactory().slug,
            "paragraph": 2,
        },
        change={"order": 5},
        existing=lambda: QuoteFactory(article=_article()),
        key=lambda row: row.id,
    ),
    Resource(
        "entities",
        Entity,
        new=lambda: {"name": "طهران", "kind": "place"},
        change={"description": "عاصمة إيران"},
        existing=EntityFactory,
        key=lambda row: row.slug,
    ),
    Resource(
        "sources",
        Source,
        new=lambda: {"name": "واشنطن بوست", "name_en": "The Washington Post", "kind": "newspaper"},
        change={"country": "US"},
        existing=SourceFactory,
        key=lambda row: row.slug,
    ),
]


def if_match(resource, row) -> dict:
    return {"HTTP_IF_MATCH": f'"{row.version}"'} if resource.model is Article else {}


def write(client, method, resource, row=None, data=None, **headers):
    return getattr(client, method)(resource.url(row), data, format="json", **headers)


# --------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_writes_are_401_and_change_nothing(resource, method):
    row = resource.existing()
    before = resource.model.objects.count()

    response = write(client_for(), method, resource, None if method == "post" else row, resource.change)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert error_body(response) == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }
    assert resource.model.objects.count() == before


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
@pytest.mark.parametrize(
    ("method", "needed"), [("post", "add"), ("put", "change"), ("patch", "change"), ("delete", "delete")]
)
def test_writes_without_the_model_permission_are_403(resource, method, needed):
    # Given a user holding every other permission on the model (and view_article)
    others = [f"{action}_{resource.codename}" for action in ("add", "change", "delete", "view") if action != needed]
    # (and the right to edit any article, which a part's write also needs)
    editing = ["change_any_article"] + ([] if resource.codename == "article" else ["change_article"])
    user = user_with_perms(*others, *editing, "view_article", is_staff=True)
    row = resource.existing()
    before = resource.model.objects.count()

    response = write(
        client_for(user),
        method,
        resource,
        None if method == "post" else row,
        resource.new() if method in ("post", "put") else resource.change,
        **if_match(resource, row),
    )

    assert response.status_code == 403
    assert error_body(response) == {
        "detail": "You do not have permission to perform this action.",
        "code": "permission_denied",
    }
    assert resource.model.objects.count() == before


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_create_with_the_add_permission_is_201(resource):
    user = writer_with_perms(f"add_{resource.codename}")
    data = resource.new()

    response = write(client_for(user), "post", resource, data=data)

    assert response.status_code == 201, response.content
    body = response.json()
    assert {field: body[field] for field in data} == data
    assert resource.model.objects.count() == 1


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_patch_with_the_change_permission_is_200(resource):
    row = resource.existing()
    user = writer_with_perms(f"change_{resource.codename}")

    response = write(client_for(user), "patch", resource, row, resource.change, **if_match(resource, row))

    assert response.status_code == 200, response.content
    assert {field: response.json()[field] for field in resource.change} == resource.change
    row.refresh_from_db()
    assert {field: getattr(row, field) for field in resource.change} == resource.change


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_put_with_the_change_permission_replaces_the_row(resource):
    row = resource.existing()
    user = writer_with_perms(f"change_{resource.codename}", "view_article")
    data = resource.new()
    if "article" in data:  # a part stays with its article
        data["article"] = str(row.article.uuid)

    response = write(client_for(user), "put", resource, row, data, **if_match(resource, row))

    assert response.status_code == 200, response.content
    assert {field: response.json()[field] for field in data} == data


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_delete_with_the_delete_permission_is_204(resource):
    row = resource.existing()
    user = writer_with_perms(f"delete_{resource.codename}")

    response = write(client_for(user), "delete", resource, row)

    assert response.status_code == 204
    assert not resource.model.objects.filter(pk=row.pk).exists()


def test_a_writer_without_view_permission_gets_the_draft_they_created():
    user = writer_with_perms("add_article")

    response = client_for(user).post(f"{API}/articles/", {"headline": "خبر عاجل", "body": BODY}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    assert response.json()["slug"] == "خبر-عاجل"
    assert Article.objects.get().created_by == user


def test_a_writer_without_view_permission_cannot_attach_parts_to_a_draft():
    draft = ArticleFactory(body=BODY)
    user = writer_with_perms("add_caption")

    response = client_for(user).post(
        f"{API}/captions/", {"article": str(draft.uuid), "text": "صورة", "order": 1}, format="json"
    )

    assert response.status_code == 400
    assert error_body(response) == {"detail": f"article: No article with UUID “{draft.uuid}”.", "code": "invalid"}
    assert not Caption.objects.exists()


def test_a_writer_with_view_permission_attaches_parts_to_a_draft():
    draft = ArticleFactory(body=BODY)
    user = writer_with_perms("add_caption", "view_article")

    response = client_for(user).post(
        f"{API}/captions/", {"article": str(draft.uuid), "text": "صورة", "order": 1}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["article"] == str(draft.uuid)


def test_a_writer_without_view_permission_cannot_change_a_draft():
    draft = ArticleFactory(body=BODY)
    user = writer_with_perms("change_article")

    response = client_for(user).patch(
        f"{API}/articles/{draft.uuid}/", {"headline": "x"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 404


def test_created_article_is_a_draft_with_a_unicode_slug_and_version_1():
    response = client_for(editor()).post(
        f"{API}/articles/", {"headline": "جنرالات في البحرين!", "body": BODY, "language": "ar-BH"}, format="json"
    )

    body = response.json()
    assert response.status_code == 201
    assert (body["status"], body["slug"], body["version"], body["language"]) == (
        "draft",
        "جنرالات-في-البحرين",
        1,
        "ar-BH",
    )
    assert body["paragraphs"] == ["الفقرة الأولى من الخبر.", 'وقال المتحدث إن "الوضع مستقر".']


def test_the_body_is_stored_exactly_as_written(article):
    body = "\u00a0سطر يبدأ بمسافة.\n\nويختم بمسافة لا تنكسر.\u00a0\n"

    response = client_for(editor()).patch(
        f"{API}/articles/{article.uuid}/", {"body": body}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code == 200
    assert response.json()["body"] == body
    article.refresh_from_db()
    assert article.body == body
    assert article.paragraphs == ["\u00a0سطر يبدأ بمسافة.", "ويختم بمسافة لا تنكسر.\u00a0"]


def test_a_second_article_with_the_same_headline_gets_a_suffixed_slug():
    client = client_for(editor())
    client.post(f"{API}/articles/", {"headline": "خبر", "body": BODY}, format="json")

    response = client.post(f"{API}/articles/", {"headline": "خبر", "body": BODY}, format="json")

    assert response.json()["slug"] == "خبر-2"


def test_an_entity_gets_a_slug_from_its_english_name():
    response = client_for(editor()).post(
        f"{API}/entities/", {"name": "هرتسي هاليفي", "name_en": "Herzi Halevi", "kind": "person"}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["slug"] == "herzi-halevi"
    assert Entity.objects.get().name_normalized == "هرتسي هاليفي"


def test_a_clashing_slug_is_a_400_naming_the_slug():
    EntityFactory(slug="iran", name="إيران")

    response = client_for(editor()).post(
        f"{API}/entities/", {"name": "إيران", "slug": "iran", "kind": "place"}, format="json"
    )

    assert response.status_code == 400
    assert error_body(response) == {
        "detail": "slug: This slug is the same as “iran”, the slug of the entity “إيران”: choose another.",
        "code": "invalid",
    }


def test_a_quote_that_is_not_in_the_body_is_a_400():
    article = _article()

    response = client_for(editor()).post(
        f"{API}/quotes/",
        {"article": str(article.uuid), "text": "كلام لم يقله", "speaker": EntityFactory().slug, "paragraph": 2},
        format="json",
    )

    assert response.status_code == 400
    assert error_body(response) == {
        "detail": "text: The quoted words must appear exactly in paragraph 2 of the body.",
        "code": "invalid",
    }


def test_an_attribution_past_the_last_paragraph_is_a_400():
    article = _article()

    response = client_for(editor()).post(
        f"{API}/attributions/",
        {"article": str(article.uuid), "source": SourceFactory().slug, "paragraph": 3},
        format="json",
    )

    assert response.status_code == 400
    assert error_body(response) == {
        "detail": "paragraph: The article has 2 paragraphs; there is no paragraph 3.",
        "code": "invalid",
    }


def test_a_duplicate_caption_order_is_a_400():
    caption = CaptionFactory(article=_article(), order=1)

    response = client_for(editor()).post(
        f"{API}/captions/", {"article": str(caption.article.uuid), "text": "صورة", "order": 1}, format="json"
    )

    assert response.status_code == 400
    assert error_body(response) == {
        "detail": "The fields article, order must make a unique set.",
        "code": "invalid",
    }


# --------------------------------------------------------------------------- token authentication


def test_a_token_is_issued_for_a_username_and_password():
    user = UserFactory(username="reporter")

    response = APIClient().post(
        f"{API}/auth/token/", {"username": "reporter", "password": "correct horse battery staple"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=user).key
    assert set(response.json()) == {"token", "expires"}


def test_the_same_token_is_issued_twice():
    UserFactory(username="reporter")
    credentials = {"username": "reporter", "password": "correct horse battery staple"}

    first = APIClient().post(f"{API}/auth/token/", credentials, format="json").json()
    second = APIClient().post(f"{API}/auth/token/", credentials, format="json").json()

    assert first == second


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "reporter", "password": "wrong"},
        {"username": "nobody", "password": "correct horse battery staple"},
    ],
)
def test_wrong_credentials_get_no_token(credentials):
    UserFactory(username="reporter")

    response = client_for().post(f"{API}/auth/token/", credentials, format="json")

    assert response.status_code == 400
    assert error_body(response) == {"detail": "Unable to log in with provided credentials.", "code": "invalid"}
    assert not Token.objects.exists()


def test_an_inactive_user_gets_no_token():
    UserFactory(username="reporter", is_active=False)

    response = client_for().post(
        f"{API}/auth/token/", {"username": "reporter", "password": "correct horse battery staple"}, format="json"
    )

    assert response.status_code == 400


def test_missing_credentials_are_a_400_naming_the_field():
    response = client_for().post(f"{API}/auth/token/", {"username": "reporter"}, format="json")

    assert response.status_code == 400
    assert error_body(response) == {"detail": "password: This field is required.", "code": "invalid"}


def test_a_token_authenticates_a_write():
    # Given a token obtained over HTTP by a user who may add entities
    user_with_perms("add_entity", username="reporter")
    token = (
        APIClient()
        .post(f"{API}/auth/token/", {"username": "reporter", "password": "correct horse battery staple"}, format="json")
        .json()["token"]
    )

    # When the token is sent with a write
    client = client_for()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.post(f"{API}/entities/", {"name": "كرمان", "kind": "place"}, format="json")

    # Then the write is done as that user
    assert response.status_code == 201
    assert Entity.objects.get().name == "كرمان"


def test_a_token_lets_a_staff_reader_see_drafts():
    draft = ArticleFactory()
    user = writer_with_perms("view_article")
    client = client_for()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    response = client.get(f"{API}/articles/{draft.uuid}/")

    assert response.status_code == 200


def test_a_token_of_a_user_without_permission_is_403():
    client = client_for()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=UserFactory()).key}")

    response = client.post(f"{API}/entities/", {"name": "كرمان", "kind": "place"}, format="json")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Token 0000000000000000000000000000000000000000", "Invalid token."),
        ("Token", "Invalid token header. No credentials provided."),
        ("Token a b", "Invalid token header. Token string should not contain spaces."),
    ],
)
def test_a_bad_token_is_401(header, detail):
    client = client_for()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get(f"{API}/articles/")

    assert response.status_code == 401
    assert error_body(response) == {"detail": detail, "code": "authentication_failed"}


# --------------------------------------------------------------------------- If-Match


@pytest.fixture
def article():
    return ArticleFactory(published=True, body=BODY)


@pytest.mark.parametrize("method", ["put", "patch"])
def test_an_article_write_without_if_match_is_428(article, method):
    data = {"headline": "عنوان معدل", "body": BODY}

    response = getattr(client_for(editor()), method)(f"{API}/articles/{article.uuid}/", data, format="json")

    assert response.status_code == 428
    assert response.json() == {
        "detail": 'Send the version you edited in an If-Match header (the ETag of the article, e.g. If-Match: "1").',
        "code": "precondition_required",
        "current_version": 1,
    }
    article.refresh_from_db()
    assert (article.headline, article.version) != ("عنوان معدل", 2)
    assert article.version == 1


@pytest.mark.parametrize("method", ["put", "patch"])
def test_an_article_write_based_on_an_old_version_is_412(article, method):
    # Given an article someone else has changed since version 1
    Article.objects.filter(pk=article.pk).update(version=3)
    data = {"headline": "عنوان معدل", "body": BODY}

    # When a client writes what it edited from version 1
    response = getattr(client_for(editor()), method)(
        f"{API}/articles/{article.uuid}/", data, format="json", HTTP_IF_MATCH='"1"'
    )

    # Then it is refused with the current version, and nothing is written
    assert response.status_code == 412
    assert response.json() == {
        "detail": "The article was changed by someone else: you edited version 1, the current version is 3.",
        "code": "stale_version",
        "current_version": 3,
    }
    article.refresh_from_db()
    assert (article.headline, article.version) == (article.headline, 3)
    assert article.headline != "عنوان معدل"


@pytest.mark.parametrize("header", ['"1"', 'W/"1"', '"7", "1"', ' "1" '])
def test_an_article_write_with_the_current_etag_is_200(article, header):
    client = client_for(editor())

    response = client.patch(
        f"{API}/articles/{article.uuid}/", {"headline": "عنوان معدل"}, format="json", HTTP_IF_MATCH=header
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'
    assert client.get(f"{API}/articles/{article.uuid}/")["ETag"] == '"2"'


def test_the_etag_of_a_get_is_what_a_write_sends(article):
    client = client_for(editor())
    etag = client.get(f"{API}/articles/{article.uuid}/")["ETag"]

    response = client.put(
        f"{API}/articles/{article.uuid}/", {"headline": "عنوان معدل", "body": BODY}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200
    assert response.json()["headline"] == "عنوان معدل"


def test_of_two_editors_with_the_same_etag_only_the_first_writes(article):
    first, second = client_for(editor()), client_for(editor())
    etag = first.get(f"{API}/articles/{article.uuid}/")["ETag"]
    assert second.get(f"{API}/articles/{article.uuid}/")["ETag"] == etag

    won = first.patch(f"{API}/articles/{article.uuid}/", {"headline": "الأول"}, format="json", HTTP_IF_MATCH=etag)
    lost = second.patch(f"{API}/articles/{article.uuid}/", {"headline": "الثاني"}, format="json", HTTP_IF_MATCH=etag)

    assert (won.status_code, lost.status_code) == (200, 412)
    article.refresh_from_db()
    assert (article.headline, article.version) == ("الأول", 2)


@pytest.mark.parametrize("header", ["*", "abc", '"one"', "W/"])
def test_an_if_match_that_names_no_version_is_400(article, header):
    response = client_for(editor()).patch(
        f"{API}/articles/{article.uuid}/", {"headline": "x"}, format="json", HTTP_IF_MATCH=header
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": 'If-Match must name an ETag of the article, e.g. If-Match: "3".',
        "code": "invalid_if_match",
    }


def test_deleting_an_article_needs_no_if_match(article):
    response = client_for(editor()).delete(f"{API}/articles/{article.uuid}/")

    assert response.status_code == 204


# --------------------------------------------------------------------------- versions


PART_WRITES = {
    "caption": ("captions", lambda a: {"article": str(a.uuid), "text": "صورة", "order": 7}, {"text": "صورة أخرى"}),
    "attribution": (
        "attributions",
        lambda a: {"article": str(a.uuid), "source": SourceFactory().slug, "paragraph": 1},
        {"phrase": "قال"},
    ),
    "mention": ("mentions", lambda a: {"article": str(a.uuid), "entity": EntityFactory().slug}, {"count": 4}),
    "quote": (
        "quotes",
        lambda a: {"article": str(a.uuid), "text": "الوضع", "speaker": EntityFactory().slug, "paragraph": 2},
        {"text": "مستقر"},
    ),
}


@pytest.mark.parametrize(("resource", "new", "change"), PART_WRITES.values(), ids=PART_WRITES.keys())
def test_every_write_to_a_part_is_a_new_version_of_its_article(article, resource, new, change):
    client = client_for(editor())

    def version():
        return client.get(f"{API}/articles/{article.uuid}/").json()["version"]

    created = client.post(f"{API}/{resource}/", new(article), format="json")
    assert created.status_code == 201, created.content
    assert version() == 2

    part = f"{API}/{resource}/{created.json()['id']}/"
    assert client.patch(part, change, format="json").status_code == 200
    assert version() == 3

    assert client.put(part, {**new(article), **change}, format="json").status_code == 200
    assert version() == 4

    assert client.delete(part).status_code == 204
    assert version() == 5


def test_every_write_to_an_article_is_a_new_version(article):
    client = client_for(editor())
    url = f"{API}/articles/{article.uuid}/"

    for expected in (2, 3, 4):
        response = client.patch(url, {"summary": f"ملخص {expected}"}, format="json", HTTP_IF_MATCH=f'"{expected - 1}"')
        assert response.json()["version"] == expected

    article.refresh_from_db()
    assert article.version == 4


def test_a_refused_part_write_leaves_the_version_alone(article):
    response = client_for(editor()).post(
        f"{API}/quotes/",
        {"article": str(article.uuid), "text": "ليس في النص", "speaker": EntityFactory().slug, "paragraph": 1},
        format="json",
    )

    assert response.status_code == 400
    article.refresh_from_db()
    assert article.version == 1


def test_a_new_caption_is_found_by_q_at_once(article):
    client = client_for(editor())

    client.post(
        f"{API}/captions/", {"article": str(article.uuid), "text": "مزارع البيتكوين", "order": 1}, format="json"
    )

    assert client.get(f"{API}/articles/", {"q": "البيتكوين"}).json()["count"] == 1


def test_renaming_an_entity_reindexes_the_articles_that_mention_it(article):
    entity = MentionFactory(article=article).entity
    indexed(article)
    client = client_for(editor())

    response = client.patch(f"{API}/entities/{entity.slug}/", {"name": "القيادة المركزية"}, format="json")

    assert response.status_code == 200
    assert client.get(f"{API}/articles/", {"q": "القياده المركزيه"}).json()["count"] == 1


def test_renaming_a_source_reindexes_the_articles_that_cite_it(article):
    source = AttributionFactory(article=article).source
    indexed(article)
    client = client_for(editor())

    client.patch(f"{API}/sources/{source.slug}/", {"name": "أكسيوس"}, format="json")

    assert client.get(f"{API}/articles/", {"q": "اكسيوس"}).json()["count"] == 1


# --------------------------------------------------------------------------- protected deletes


PROTECTED = {
    "source with an attribution": ("sources", lambda: AttributionFactory().source),
    "source a quote came through": ("sources", lambda: QuoteFactory(source=SourceFactory()).source),
    "entity with a mention": ("entities", lambda: MentionFactory().entity),
    "entity that is quoted": ("entities", lambda: QuoteFactory().speaker),
}


@pytest.mark.parametrize(("resource", "make"), PROTECTED.values(), ids=PROTECTED.keys())
def test_deleting_a_row_still_used_by_articles_is_409(resource, make):
    row = make()

    response = client_for(editor()).delete(f"{API}/{resource}/{row.slug}/")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This object is still used by other records and cannot be deleted.",
        "code": "protected",
    }
    assert type(row).objects.filter(pk=row.pk).exists()


def test_deleting_an_unused_entity_deletes_its_aliases():
    alias = EntityAliasFactory()

    response = client_for(editor()).delete(f"{API}/entities/{alias.entity.slug}/")

    assert response.status_code == 204
    assert not Entity.objects.exists()


def test_deleting_the_entity_a_source_is_unlinks_the_source():
    source = SourceFactory(entity=EntityFactory())

    client_for(editor()).delete(f"{API}/entities/{source.entity.slug}/")

    source.refresh_from_db()
    assert source.entity is None


def test_deleting_an_article_deletes_its_parts(article):
    CaptionFactory(article=article)
    QuoteFactory(article=article)
    MentionFactory(article=article)
    AttributionFactory(article=article)

    response = client_for(editor()).delete(f"{API}/articles/{article.uuid}/")

    assert response.status_code == 204
    assert [m.objects.count() for m in (Article, Caption, Quote, Mention, Attribution)] == [0, 0, 0, 0, 0]
