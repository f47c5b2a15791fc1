"""An OpenAPI schema a client generator can trust."""

import functools
import re

import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.support.api import API, client_for, editor
from tests.support.content import published_article
from tests.support.factories import CaptionFactory, SourceFactory

pytestmark = pytest.mark.django_db


@functools.cache
def schema(language="ar") -> dict:
    response = client_for(None, language=language).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def operation(document, path, method):
    return document["paths"][path][method]


def test_the_schema_is_the_same_whatever_the_language_asked_for():
    assert schema("ar") == schema("en") == schema("fr")


def test_every_identifier_in_the_schema_is_ascii():
    document = schema()

    identifiers = list(document["paths"]) + list(document["components"]["schemas"])
    identifiers += [
        op["operationId"] for item in document["paths"].values() for op in item.values() if "operationId" in op
    ]
    for component in document["components"]["schemas"].values():
        identifiers += list(component.get("properties", {}))
        identifiers += [str(value) for value in component.get("enum", [])]
    assert [name for name in identifiers if not name.isascii()] == []


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/api/v1/articles/{uuid}/", "put"),
        ("/api/v1/articles/{uuid}/", "patch"),
        ("/api/v1/articles/{uuid}/transitions/", "post"),
        ("/api/v1/articles/{article_uuid}/revisions/{revision_id}/revert/", "post"),
    ],
)
def test_if_match_is_declared_required_where_the_api_requires_it(path, method):
    parameters = operation(schema(), path, method)["parameters"]

    (if_match,) = [p for p in parameters if p["name"] == "If-Match"]
    assert (if_match["in"], if_match["required"]) == ("header", True)
    assert {"412", "428"} <= set(operation(schema(), path, method)["responses"])


def _resolve(document, node):
    """The schema with every $ref replaced (components are not recursive here)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _resolve(document, document["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]])
        resolved = {key: _resolve(document, value) for key, value in node.items()}
        if resolved.get("nullable"):  # OpenAPI 3.0's nullable, in JSON Schema terms
            resolved = {"anyOf": [{k: v for k, v in resolved.items() if k != "nullable"}, {"type": "null"}]}
        return resolved
    if isinstance(node, list):
        return [_resolve(document, item) for item in node]
    return node


def response_schema(document, path, method="get", status="200"):
    return _resolve(
        document, operation(document, path, method)["responses"][status]["content"]["application/json"]["schema"]
    )


def test_lists_declare_whether_their_count_is_exact():
    listed = response_schema(schema(), "/api/v1/articles/")
    assert listed["properties"]["count_is_exact"]["type"] == "boolean"
    assert list(listed["properties"])[:2] == ["count", "count_is_exact"]
    assert listed["required"] == ["results"]  # a cursor's pages have neither count


@pytest.mark.parametrize("fields", [None, "uuid,headline,snippet", "published_at", "captions,corrections"])
def test_article_reads_are_valid_against_the_schema_with_or_without_fields(fields):
    article = published_article("خبر", summary="ملخص")
    CaptionFactory(article=article, image_url="")
    document = schema()
    params = {"fields": fields} if fields else {}

    listed = client_for(None).get(f"{API}/articles/", {**params, "q": "خبر"}).json()
    detail = client_for(None).get(f"{API}/articles/{article.uuid}/", params).json()

    assert list(Draft202012Validator(response_schema(document, "/api/v1/articles/")).iter_errors(listed)) == []
    assert list(Draft202012Validator(response_schema(document, "/api/v1/articles/{uuid}/")).iter_errors(detail)) == []


def test_uri_fields_are_never_empty_strings():
    article = published_article("خبر")
    CaptionFactory(article=article, image_url="")
    source = SourceFactory(homepage="")

    caption = client_for(None).get(f"{API}/articles/{article.uuid}/").json()["captions"][0]
    homepage = client_for(None).get(f"{API}/sources/{source.slug}/").json()["homepage"]
    written = client_for(editor()).post(
        f"{API}/sources/", {"name": "وكالة", "kind": "news_agency", "homepage": None}, format="json"
    )

    assert caption["image_url"] is None
    assert homepage is None
    assert (written.status_code, written.json()["homepage"]) == (201, None)
    document = schema()
    for name in ("Source", "NestedCaption", "Caption"):
        properties = document["components"]["schemas"][name]["properties"]
        url_fields = {key: value for key, value in properties.items() if value.get("format") == "uri"}
        assert url_fields
        assert all(value.get("nullable") or value.get("minLength", 0) >= 1 for value in url_fields.values())


def test_slug_patterns_accept_unicode_slugs():
    document = schema()

    patterns = [
        parameter.get("schema", {}).get("pattern")
        for item in document["paths"].values()
        for op in item.values()
        for parameter in op.get("parameters", [])
        if parameter["name"] == "slug"
    ]
    patterns += [
        component["properties"]["slug"].get("pattern")
        for component in document["components"]["schemas"].values()
        if "slug" in component.get("properties", {})
    ]
    assert len(patterns) > 10
    for pattern in filter(None, patterns):
        assert re.fullmatch(pattern.strip("^$"), "إيران-٢_x"), pattern
