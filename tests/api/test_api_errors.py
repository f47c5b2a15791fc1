"""Bad input of every kind gets a 4xx with one clear JSON message — and no request makes a 500."""

import pytest
from django.db import connection

from articles.models import Article, Caption
from tests.support.api import API, client_for, editor, error_body
from tests.support.factories import (
    ArticleFactory,
    AttributionFactory,
    CaptionFactory,
    EntityFactory,
    MentionFactory,
    QuoteFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BODY = 'الفقرة الأولى من الخبر.\n\nوقال المتحدث إن "الوضع مستقر".'


@pytest.fixture
def article():
    return ArticleFactory(published=True, body=BODY)


def invalid(detail: str) -> dict:
    return {"detail": detail, "code": "invalid"}


# --------------------------------------------------------------------------- query parameters


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("articles/?status=live", "status: Select a valid choice. live is not one of the available choices."),
        (
            "articles/?entity_kind=planet",
            "entity_kind: Select a valid choice. planet is not one of the available choices.",
        ),
        ("articles/?published_from=yesterday", "published_from: Enter a valid date/time."),
        ("articles/?published_to=2024-02-30T00:00:00Z", "published_to: Enter a valid date/time."),
        ("articles/?published_from=9999-12-31T23:59:59-12:00", "published_from: Enter a valid date/time."),
        ("articles/?published_to=0001-01-01T00:00:00%2B05:00", "published_to: Enter a valid date/time."),
        ("articles/?source=a%00b", "source: Null characters are not allowed."),
        ("entities/?kind=planet", "kind: Select a valid choice. planet is not one of the available choices."),
        ("sources/?kind=blog", "kind: Select a valid choice. blog is not one of the available choices."),
        ("mentions/?role=cites", "role: Select a valid choice. cites is not one of the available choices."),
        ("captions/?article=not-a-uuid", "article: Enter a valid UUID."),
        ("quotes/?article=123", "article: Enter a valid UUID."),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(url, detail):
    response = client_for().get(f"{API}/{url}")

    assert response.status_code == 400
    assert error_body(response) == invalid(detail)


@pytest.mark.parametrize("resource", ["articles", "entities", "sources"])
@pytest.mark.parametrize("q", ["", "   ", "...", "«»،؟!", "ـــ", "\u064e\u064f"])
def test_an_empty_or_punctuation_only_q_is_a_400(resource, q):
    response = client_for().get(f"{API}/{resource}/", {"q": q})

    message = (
        "Enter at least one word to search for."
        if not q.strip()
        else "The search contains no words: enter letters or digits, not only punctuation."
    )
    assert response.status_code == 400
    assert response.json() == {"detail": f"q: {message}", "code": "invalid", "errors": {"q": [message]}}


@pytest.mark.parametrize("resource", ["articles", "entities", "sources"])
@pytest.mark.parametrize(
    "q",
    [" ".join(f"كلمة{n}" for n in range(21)), "الخبر " * 100],
    ids=["21 words", "600 characters"],
)
def test_a_q_of_more_than_20_words_or_500_characters_is_a_400(resource, q):
    response = client_for().get(f"{API}/{resource}/", {"q": q})

    assert response.status_code == 400
    assert error_body(response) == invalid("q: The search is too long: use at most 500 characters and 20 words.")


def test_an_empty_entity_name_filter_is_a_400():
    response = client_for().get(f"{API}/entities/", {"name": ""})

    assert response.status_code == 400
    assert error_body(response) == invalid("name: Enter at least one word to search for.")


@pytest.mark.parametrize(
    "query",
    [
        "articles/?status=",
        "articles/?status=&status=",
        "articles/?entity_kind=",
        "entities/?kind=",
        "sources/?kind=",
        "mentions/?role=",
    ],
)
def test_an_empty_choice_filter_means_no_filter(world, query):
    response = client_for().get(f"{API}/{query}")

    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_an_empty_choice_among_others_is_ignored(article):
    ArticleFactory(status="corrected", published_at=article.published_at)

    response = client_for().get(f"{API}/articles/", {"status": ["", "corrected"]})

    assert [row["status"] for row in response.json()["results"]] == ["corrected"]


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"page": "0"}, "page: Enter a positive whole number."),
        ({"page": "-1"}, "page: Enter a positive whole number."),
        ({"page": "1.5"}, "page: Enter a positive whole number."),
        ({"page": "two"}, "page: Enter a positive whole number."),
        ({"page": "²"}, "page: Enter a positive whole number."),
        ({"page": ""}, "page: Enter a positive whole number."),
        ({"page_size": "0"}, "page_size: Enter a positive whole number."),
        ({"page_size": "ten"}, "page_size: Enter a positive whole number."),
        ({"page_size": "¹"}, "page_size: Enter a positive whole number."),
    ],
)
def test_a_bad_page_is_a_400(article, params, detail):
    response = client_for().get(f"{API}/articles/", params)

    assert response.status_code == 400
    assert error_body(response) == invalid(detail)


# --------------------------------------------------------------------------- the path


@pytest.mark.parametrize("value", ["not-a-uuid", "123", "0000", "ﷺ"])
@pytest.mark.parametrize("method", ["get", "patch", "put", "delete"])
def test_an_article_path_that_is_not_a_uuid_is_a_400(value, method):
    response = getattr(client_for(editor()), method)(f"{API}/articles/{value}/", {}, format="json")

    assert response.status_code == 400
    assert error_body(response) == invalid(f"uuid: “{value}” is not a valid UUID.")


@pytest.mark.parametrize(
    "url",
    [
        "entities/%00/",
        "sources/a%00b/",
        "entities/%F0%9F%92%A9/",
        "entities/%D8/",
        "captions/abc/",
        "captions/-1/",
        "captions/1.5/",
        "captions/99999999999999999999999/",
        "quotes/%00/",
    ],
)
@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_a_path_that_names_nothing_is_a_404(url, method):
    response = getattr(client_for(editor()), method)(f"{API}/{url}", {}, format="json")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --------------------------------------------------------------------------- request bodies


def test_malformed_json_is_a_400(article):
    response = client_for(editor()).post(f"{API}/captions/", '{"article": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - line 1, column 13.", "code": "parse_error"}


def test_malformed_json_is_refused_in_the_clients_language():
    response = client_for(editor(), language="ar").post(f"{API}/captions/", "{", content_type="application/json")

    assert response.json() == {"detail": "خطأ في تحليل JSON: السطر 1، العمود 2.", "code": "parse_error"}


def test_a_body_in_another_encoding_than_utf8_is_a_400():
    response = client_for(editor()).post(
        f"{API}/captions/", '{"text": "\xe9"}'.encode("latin-1"), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "JSON parse error - the body is not strict JSON in UTF-8.",
        "code": "parse_error",
    }


def test_an_object_that_is_not_there_is_named_in_the_clients_language():
    missing = "00000000-0000-0000-0000-000000000000"

    english = client_for(None).get(f"{API}/articles/{missing}/")
    arabic = client_for(None, language="ar").get(f"{API}/articles/{missing}/")

    assert (english.status_code, english.json()) == (
        404,
        {"detail": "No article matches the given query.", "code": "not_found"},
    )
    assert (arabic.status_code, arabic.json()) == (404, {"detail": "مقالة: لا شيء يطابق الطلب.", "code": "not_found"})


@pytest.mark.parametrize("method", ["get", "post", "delete"])
@pytest.mark.parametrize("path", ["nope/", "articles/00000000-0000-0000-0000-000000000000/nope/", "a/b/c/"])
def test_a_path_the_api_does_not_have_is_a_json_404(method, path):
    response = getattr(client_for(None), method)(f"{API}/{path}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "There is no such endpoint in this API: its list is at /api/docs/.",
        "code": "not_found",
    }


def test_a_path_without_its_final_slash_is_still_redirected_to_the_endpoint():
    response = client_for(None).get(f"{API}/articles")

    assert (response.status_code, response["Location"]) == (301, f"{API}/articles/")


@pytest.mark.parametrize("raw", ["NaN", '{"order": Infinity}', '{"order": -Infinity}'])
def test_json_that_is_not_strict_json_is_a_400(raw):
    response = client_for(editor()).post(f"{API}/captions/", raw, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


@pytest.mark.parametrize("url", ["captions/", "auth/token/"])
def test_deeply_nested_json_is_a_400(url):
    response = client_for(editor()).post(f"{API}/{url}", "[" * 100_000, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "JSON parse error - the document is nested too deeply.",
        "code": "parse_error",
    }


def test_a_token_can_still_be_asked_for_with_a_form():
    UserFactory(username="reporter")

    response = client_for().post(
        f"{API}/auth/token/", {"username": "reporter", "password": "correct horse battery staple"}
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        ("[]", "Invalid data. Expected a dictionary, but got list."),
        ('"text"', "Invalid data. Expected a dictionary, but got str."),
        ("42", "Invalid data. Expected a dictionary, but got int."),
        ("null", "No data provided"),
    ],
)
def test_a_body_that_is_not_an_object_is_a_400(raw, detail):
    response = client_for(editor()).post(f"{API}/entities/", raw, content_type="application/json")

    assert response.status_code == 400
    assert error_body(response) == invalid(detail)


def test_a_form_encoded_body_is_a_415():
    response = client_for(editor()).post(f"{API}/entities/", {"name": "طهران", "kind": "place"})

    assert response.status_code == 415
    assert error_body(response) == {
        "detail": 'Unsupported media type "multipart/form-data; boundary=BoUnDaRyStRiNg; charset=utf-8" in request.',
        "code": "unsupported_media_type",
    }


@pytest.mark.parametrize(
    ("resource", "data", "detail"),
    [
        ("entities", {"name": "طهران", "kind": "place", "nickname": "x"}, "nickname: Unknown or read-only field."),
        ("entities", {"name": "طهران", "kind": "place", "aliases": []}, "aliases: Unknown or read-only field."),
        (
            "entities",
            {"name": "طهران", "kind": "place", "created_at": "2024-01-01"},
            "created_at: Unknown or read-only field.",
        ),
        ("articles", {"headline": "x", "body": "y", "status": "published"}, "status: Unknown or read-only field."),
        ("articles", {"headline": "x", "body": "y", "version": 9}, "version: Unknown or read-only field."),
        ("articles", {"headline": "x", "body": "y", "uuid": "x"}, "uuid: Unknown or read-only field."),
        ("articles", {"headline": "x", "body": "y", "search_text": "x"}, "search_text: Unknown or read-only field."),
    ],
)
def test_an_unknown_or_read_only_field_is_a_400_naming_it(resource, data, detail):
    response = client_for(editor()).post(f"{API}/{resource}/", data, format="json")

    assert response.status_code == 400
    assert error_body(response) == invalid(detail)


@pytest.mark.parametrize(
    ("field", "value", "detail"),
    [
        ("order", "first", "order: A valid integer is required."),
        ("order", 1.5, "order: A valid integer is required."),
        ("order", [1], "order: A valid integer is required."),
        ("order", 0, "order: Ensure this value is greater than or equal to 1."),
        ("is_archival", "perhaps", "is_archival: Must be a valid boolean."),
        ("is_archival", None, "is_archival: This field may not be null."),
        ("text", ["a"], "text: Not a valid string."),
        ("text", {"ar": "نص"}, "text: Not a valid string."),
        ("text", None, "text: This field may not be null."),
        ("text", "", "text: This field may not be blank."),
        ("text", "a\u0000b", "text: Null characters are not allowed."),
        ("image_url", "not a url", "image_url: Enter a valid URL."),
    ],
)
def test_a_wrong_typed_field_is_a_400_naming_it(article, field, value, detail):
    data = {"article": str(article.uuid), "text": "صورة", "order": 1, field: value}

    response = client_for(editor()).post(f"{API}/captions/", data, format="json")

    assert response.status_code == 400
    assert error_body(response) == invalid(detail)
    assert not Caption.objects.exists()


def test_an_integer_out_of_the_database_range_is_a_400(article):
    _low, high = connection.ops.integer_field_range("PositiveSmallIntegerField")
    data = {"article": str(article.uuid), "text": "صورة", "order": 99999999999999999999999}

    response = client_for(editor()).post(f"{API}/captions/", data, format="json")

    assert response.status_code == 400
    assert error_body(response) == invalid(f"order: Ensure this value is less than or equal to {high}.")


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ("not-a-uuid", "article: “not-a-uuid” is not a valid UUID."),
        (123, "article: “123” is not a valid UUID."),
        (["x"], "article: “['x']” is not a valid UUID."),
        (
            "7c1d2a5e-0000-4000-8000-000000000000",
            "article: No article with UUID “7c1d2a5e-0000-4000-8000-000000000000”.",
        ),
        (None, "article: This field may not be null."),
    ],
)
def test_an_article_reference_that_is_not_a_uuid_is_a_400(value, detail):
    response = client_for(editor()).post(f"{API}/captions/", {"article": value, "text": "صورة"}, format="json")

    assert response.status_code == 400
    assert error_body(response) == invalid(detail)


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ("no-such-source", "source: Object with slug=no-such-source does not exist."),
        ("a\u0000b", "source: Null characters are not allowed."),
        (5, "source: Object with slug=5 does not exist."),
        (["axios"], "source: Enter a slug (a string)."),
        ({"slug": "axios"}, "source: Enter a slug (a string)."),
        (True, "source: Enter a slug (a string)."),
    ],
)
def test_a_slug_reference_to_nothing_is_a_400(article, value, detail):
    data = {"article": str(article.uuid), "source": value, "paragraph": 1}

    response = client_for(editor()).post(f"{API}/attributions/", data, format="json")

    assert response.status_code == 400
    assert error_body(response) == invalid(detail)


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        ({"headline": "", "body": BODY}, "headline: This field may not be blank."),
        ({"headline": "x" * 301, "body": BODY}, "headline: Ensure this field has no more than 300 characters."),
        ({"headline": "x", "body": "   "}, "body: This field may not be blank."),
        (
            {"headline": "x", "body": BODY, "language": "Arabic"},
            "language: Enter a BCP 47 language tag such as ar, en or ar-EG.",
        ),
        (
            {"headline": "x", "body": BODY, "slug": "a b"},
            'slug: Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.',
        ),
        ({"body": BODY}, "headline: This field is required."),
    ],
)
def test_an_invalid_article_is_a_400_and_writes_nothing(data, detail):
    response = client_for(editor()).post(f"{API}/articles/", data, format="json")

    assert response.status_code == 400
    assert error_body(response) == invalid(detail)
    assert not Article.objects.exists()


def test_every_field_error_is_listed_and_the_detail_names_the_first():
    response = client_for(editor()).post(f"{API}/entities/", {"kind": "planet"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "name: This field is required.",
        "code": "invalid",
        "errors": {"name": ["This field is required."], "kind": ['"planet" is not a valid choice.']},
    }


def test_a_405_for_a_method_the_endpoint_does_not_have():
    response = client_for(editor()).put(f"{API}/articles/", {}, format="json")

    assert response.status_code == 405
    assert error_body(response) == {"detail": 'Method "PUT" not allowed.', "code": "method_not_allowed"}


# --------------------------------------------------------------------------- never a 500


NEVER_500_GETS = [
    "articles/?status=",
    "articles/?status=%00",
    "articles/?published_from=%00",
    "articles/?published_from=2024-01-01",
    "articles/?published_from=99999-01-01T00:00:00Z",
    "articles/?published_from=2024-01-01T00:00:00%2B99:00",
    "articles/?published_to=9999-12-31T23:59:59Z",
    "articles/?published_to=0001-01-01T00:00:00Z",
    "articles/?q=%00",
    "articles/?q=" + "بتكوين " * 2000,
    "articles/?q=%F0%9F%92%A9",
    "articles/?q=%D8",
    "articles/?language=%00",
    "articles/?entity=%00",
    "articles/?entity=%D8%A5%D9%8A",
    "articles/?ordering=%00",
    "articles/?ordering=-",
    "articles/?ordering=--headline",
    "articles/?ordering=headline,headline",
    "articles/?page=%00",
    "articles/?page=99999999999999999999999999999999999",
    "articles/?page_size=%00",
    "articles/?page_size=-5",
    "articles/?format=xml",
    "articles/?format=%00",
    "articles/%7B00000000-0000-0000-0000-000000000000%7D/",
    "articles/00000000000000000000000000000000/",
    "articles/%00/",
    "captions/?article=%00",
    "captions/?ordering=order,-id",
    "quotes/?speaker=%00&source=%00",
    "mentions/?entity=%00&role=%00",
    "attributions/?source=%F0%9F%92%A9",
    "entities/?name=%00",
    "entities/?kind=%00",
    "sources/?q=%00",
    "entities/%EF%B7%BA/",
    "sources/" + "ا" * 500 + "/",
    "no-such-endpoint/",
    "sources/..%2F..%2Fetc/",
]


@pytest.mark.parametrize("path", NEVER_500_GETS, ids=[path[:60] for path in NEVER_500_GETS])
@pytest.mark.parametrize("caller", [lambda: None, editor], ids=["anonymous", "editor"])
def test_no_malformed_get_makes_a_500(article, caller, path):
    response = client_for(caller()).get(f"{API}/{path}")

    assert response.status_code < 500, response.content[:300]


NEVER_500_WRITES = [
    ("post", "articles/", '{"headline": null, "body": null}'),
    ("post", "articles/", '{"headline": {"a": 1}, "body": [1]}'),
    ("post", "articles/", '{"headline": "x", "body": "y", "language": "ar\\u0000"}'),
    ("post", "articles/", '{"headline": "x", "body": "y", "slug": "\\u0000"}'),
    ("post", "articles/", '{"headline": "' + "ب" * 100_000 + '", "body": "y"}'),
    ("post", "articles/", '{"headline": "x", "body": "y", "byline": 1e400}'),
    ("post", "articles/", "\ufeff{}"),
    ("post", "articles/", '{"": 1}'),
    ("post", "articles/", "[" * 100_000),
    ("post", "articles/", '{"a": ' * 100_000),
    ("post", "captions/", '{"article": "{ARTICLE}", "text": "x", "order": 1e400}'),
    ("post", "captions/", '{"article": "{ARTICLE}", "text": "x", "order": -99999999999999999999}'),
    ("post", "captions/", '{"article": {"uuid": "{ARTICLE}"}, "text": "x"}'),
    ("post", "captions/", '{"article": true, "text": "x"}'),
    ("post", "captions/", '{"article": "{ARTICLE}", "text": "x", "image_url": "http://\\u0000"}'),
    ("post", "attributions/", '{"article": "{ARTICLE}", "source": "\\u0000", "paragraph": 1}'),
    ("post", "attributions/", '{"article": "{ARTICLE}", "source": "axios", "paragraph": 99999999999999999999}'),
    ("post", "mentions/", '{"article": "{ARTICLE}", "entity": "\\u0000"}'),
    ("post", "mentions/", '{"article": "{ARTICLE}", "entity": "halevi", "count": 99999999999999999999999}'),
    ("post", "mentions/", '{"article": "{ARTICLE}", "entity": "halevi", "count": 9223372036854775808}'),
    ("post", "mentions/", '{"article": "{ARTICLE}", "entity": "halevi", "role": null}'),
    ("post", "quotes/", '{"article": "{ARTICLE}", "text": "الوضع", "speaker": "halevi", "paragraph": 0}'),
    ("post", "quotes/", '{"article": "{ARTICLE}", "text": "الوضع", "speaker": ["halevi"], "paragraph": 2}'),
    (
        "post",
        "quotes/",
        '{"article": "{ARTICLE}", "text": "الوضع", "speaker": "halevi", "source": "\\u0000", "paragraph": 2}',
    ),
    ("post", "entities/", '{"name": "x", "kind": "person", "wikidata_id": "Q\\u0000"}'),
    ("post", "entities/", '{"name": "x", "kind": ["person"]}'),
    ("post", "entities/", '{"name": "x", "kind": "person", "slug": "' + "s" * 500 + '"}'),
    ("post", "sources/", '{"name": "x", "kind": "website", "entity": "\\u0000"}'),
    ("post", "sources/", '{"name": "x", "kind": "website", "homepage": "http://' + "a" * 300 + '.com"}'),
    ("post", "sources/", '{"name": "x", "kind": "website", "country": "\\u0000\\u0000"}'),
    ("patch", "articles/{ARTICLE}/", '{"headline": "x"}'),
    ("patch", "articles/{ARTICLE}/", "null"),
    ("put", "articles/{ARTICLE}/", "[]"),
    ("patch", "entities/halevi/", '{"slug": "axios-entity"}'),
    ("patch", "entities/halevi/", '{"slug": null}'),
    ("patch", "sources/axios/", '{"entity": 5}'),
    ("post", "auth/token/", "[]"),
    ("post", "auth/token/", "[" * 100_000),
    ("post", "auth/token/", '{"username": "\\u0000", "password": "x"}'),
    ("post", "auth/token/", '{"username": ["admin"], "password": {"a": 1}}'),
    ("post", "auth/token/", '{"username": "' + "u" * 10_000 + '", "password": "x"}'),
    ("delete", "entities/halevi/", ""),
    ("delete", "sources/axios/", ""),
]

IF_MATCH_HEADERS = ['"²"', '"99999999999999999999999999"', '"\u0000"', "W/" * 1000, '"1"' * 1000]


@pytest.fixture
def world(article):
    halevi = EntityFactory(slug="halevi")
    EntityFactory(slug="axios-entity")
    axios = SourceFactory(slug="axios", entity=halevi)
    CaptionFactory(article=article)
    AttributionFactory(article=article, source=axios)
    QuoteFactory(article=article, speaker=halevi, source=axios)
    MentionFactory(article=article, entity=halevi)
    return article


@pytest.mark.parametrize(
    ("method", "path", "raw"),
    NEVER_500_WRITES,
    ids=[f"{n:02}-{method}-{path}-{raw[:40]}" for n, (method, path, raw) in enumerate(NEVER_500_WRITES)],
)
@pytest.mark.parametrize("caller", [lambda: None, editor], ids=["anonymous", "editor"])
def test_no_malformed_write_makes_a_500(world, caller, method, path, raw):
    url = f"{API}/{path}".replace("{ARTICLE}", str(world.uuid))
    raw = raw.replace("{ARTICLE}", str(world.uuid))

    response = getattr(client_for(caller()), method)(url, raw, content_type="application/json")

    assert response.status_code < 500, response.content[:300]


@pytest.mark.parametrize("header", IF_MATCH_HEADERS)
def test_no_if_match_header_makes_a_500(world, header):
    response = client_for(editor()).patch(
        f"{API}/articles/{world.uuid}/", {"headline": "x"}, format="json", HTTP_IF_MATCH=header
    )

    assert response.status_code in (400, 412)
