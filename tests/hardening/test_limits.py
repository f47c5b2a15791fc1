"""Limits on what a client sends (issue 17, class 2): the size of a body (413 before it is read),
the nesting and list lengths of JSON, and the length of every text field (the database agrees)."""

import json

import pytest
from django.apps import apps
from django.core.validators import MaxLengthValidator
from django.db import models

from articles.models import Article
from articles.models.base import TEXT_LIMITS
from tests.support.api import API, client_for, editor
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

#: TEXT columns only the server writes (webhook payloads and errors): no client input reaches them.
SERVER_WRITTEN = {"webhookdelivery.payload", "webhookdelivery.last_error", "webhookattempt.error"}
SERVER_WRITTEN |= {"webhookattempt.response_excerpt"}
#: What the analysis found: cut from the article's own texts, which are bounded.
SERVER_WRITTEN |= {"suggestion.text"}


def test_every_text_column_a_client_writes_has_a_limit_the_database_agrees_with():
    unbounded, without_check = [], []
    for model in apps.get_app_config("articles").get_models():
        checks = {constraint.name for constraint in model._meta.constraints}
        for field in model._meta.get_fields():
            key = f"{model._meta.model_name}.{field.name}"
            if not isinstance(field, models.TextField) or key in SERVER_WRITTEN:
                continue
            if not any(
                isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length for v in field.validators
            ):
                unbounded.append(key)
            if f"{model._meta.model_name}_{field.name}_length_check" not in checks:
                without_check.append(key)

    assert (unbounded, without_check) == ([], [])
    assert TEXT_LIMITS["article.body"] == 100_000


def chief():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def small_bodies(settings):
    settings.MAX_REQUEST_BODY_BYTES = 1000
    return settings


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        (f"{API}/auth/token/", "application/json"),
        (f"{API}/auth/token/", "application/x-www-form-urlencoded"),
        (f"{API}/auth/token/", "multipart/form-data; boundary=x"),
        (f"{API}/articles/", "text/plain"),
        ("/admin/login/", "application/x-www-form-urlencoded"),
    ],
)
def test_a_body_over_the_limit_is_a_413_with_a_json_error_whatever_its_type(small_bodies, path, content_type):
    response = client_for().post(path, "x" * 1001, content_type=content_type)

    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body is larger than the 1000 bytes this server accepts.",
        "code": "too_large",
    }


def test_a_refusal_is_utf8_with_arabic_unescaped_as_every_api_answer(small_bodies):
    response = client_for(language="ar").post(f"{API}/auth/token/", "x" * 1001, content_type="application/json")

    assert response.status_code == 413
    assert "\\u" not in response.content.decode()
    assert response.content.decode().startswith('{"detail": "')
    assert response.json()["detail"].startswith("جسم الطلب أكبر من 1000 بايت")


def test_a_body_at_the_limit_is_read(small_bodies):
    body = json.dumps({"username": "nobody", "password": "x" * 960})
    assert len(body) <= 1000

    response = client_for().post(f"{API}/auth/token/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def nested(lists: int):
    document = "x"
    for _ in range(lists):
        document = [document]
    return document


@pytest.mark.parametrize(("depth", "status"), [(20, 400), (21, 400)])
def test_json_nested_deeper_than_the_limit_is_a_parse_error(depth, status):
    # the object, then `items` and the lists inside it: `depth` containers in all
    raw = json.dumps({"title": "ملف", "slug": "malaf", "items": nested(depth - 1)})

    response = client_for(chief()).post(f"{API}/collections/", raw, content_type="application/json")

    assert response.status_code == status
    deep = response.json()["code"] == "parse_error"
    assert deep is (depth > 20), response.json()


def test_a_list_longer_than_the_limit_is_a_400_naming_the_field():
    raw = json.dumps({"title": "ملف", "slug": "malaf", "items": ["x"] * 1001})

    response = client_for(chief()).post(f"{API}/collections/", raw, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"items": ["At most 1000 items are accepted in a list."]}


@pytest.mark.parametrize(("field", "key"), [("body", "article.body"), ("summary", "article.summary")])
def test_an_article_text_over_its_limit_is_a_400_naming_the_field_and_writes_nothing(field, key):
    data = {"headline": "عنوان", "body": "نص.", field: "ب" * (TEXT_LIMITS[key] + 1)}

    response = client_for(editor()).post(f"{API}/articles/", data, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [f"Ensure this field has no more than {TEXT_LIMITS[key]} characters."]}
    assert Article.objects.count() == 0
