"""Client input that used to reach the database unchecked (issue 17, class 1): time-zone offsets
PostgreSQL cannot store (beyond ±15:59) in any date filter, and NUL characters in any path or body
string. Each is a 4xx (or, for an offset, simply works), never a 500."""

import re

import django_filters
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from articles.api.urls import router
from tests.support.api import API, client_for
from tests.support.factories import ArticleFactory, EntityFactory, UserFactory

pytestmark = pytest.mark.django_db


def date_filters() -> list[tuple[str, str]]:
    """(list URL, parameter) of every date/time filter of every API list."""
    found = []
    for prefix, viewset, _basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        if filterset is None or "(?P<" in prefix:
            continue
        for name, filter_ in filterset.base_filters.items():
            if isinstance(filter_, django_filters.DateTimeFilter | django_filters.DateFilter):
                found.append((f"{API}/{prefix}/", name))
    return found


DATE_FILTERS = date_filters()


def test_the_date_filters_found_include_the_articles_and_the_audit_log():
    assert {("/api/v1/articles/", "published_from"), ("/api/v1/audit/", "from"), ("/api/v1/audit/", "to")} <= set(
        DATE_FILTERS
    )


@pytest.mark.parametrize(("url", "param"), DATE_FILTERS)
@pytest.mark.parametrize("offset", ["-16:00", "+16:00", "+23:59", "-23:59:59"])
def test_an_offset_beyond_what_postgresql_stores_is_the_same_instant_in_utc(url, param, offset):
    client = client_for(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(url, {param: f"2024-01-01T00:00:00{offset}"})

    assert response.status_code == 200, response.content[:300]


def slug_routes() -> list[str]:
    """Every API URL pattern that takes a slug from the path, with the slug replaced by a NUL."""
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and "(?P<slug>" in str(pattern.pattern):
                regex = prefix + str(pattern.pattern)
                if "(?P<format>" in regex:
                    continue
                routes.append(regex)

    walk(get_resolver().url_patterns, "")
    return routes


def url_with_nul(regex: str) -> str:
    path = re.sub(r"\(\?P<slug>[^)]*\)", "%00", regex.replace("^", "").replace("$", ""))
    return "/" + re.sub(r"\(\?P<\w+>[^)]*\)", "00000000-0000-0000-0000-000000000000", path)


SLUG_ROUTES = sorted({url_with_nul(regex) for regex in slug_routes()})


def test_the_slug_routes_found_include_entities_sources_collections_and_their_actions():
    assert {
        "/api/v1/entities/%00/",
        "/api/v1/entities/%00/merge/",
        "/api/v1/sources/%00/",
        "/api/v1/collections/%00/",
    } <= set(SLUG_ROUTES)


@pytest.mark.parametrize("path", SLUG_ROUTES)
@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_a_nul_in_a_path_slug_is_a_4xx(path, method):
    client = client_for(UserFactory(is_superuser=True, is_staff=True))

    response = getattr(client, method)(path, {}, format="json")

    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])


@pytest.mark.parametrize("path", ["/api/v1/articles/%00/?language=ar", "/admin/articles/entity/%00/change/"])
def test_a_nul_anywhere_in_a_path_is_a_404(path):
    client = client_for(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_a_nul_in_a_query_parameter_is_a_400_naming_it():
    response = client_for().get(f"{API}/webhooks/?state=%00")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "state: Null characters are not allowed.",
        "code": "invalid",
        "errors": {"state": ["Null characters are not allowed."]},
    }


def test_a_nul_in_the_merge_into_is_a_400_naming_the_field():
    EntityFactory(slug="duplicate", kind="person")
    client = client_for(UserFactory(is_superuser=True, is_staff=True))

    response = client.post(f"{API}/entities/duplicate/merge/", {"into": "a\x00b"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"into": ["Null characters are not allowed."]}


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"headline": "x", "body": "y", "tags": {"k\\u0000": 1}}', "tags"),
        ('{"headline": "x", "body": "y", "extra": [["\\u0000"]]}', "extra"),
        ('{"headline": "x", "k\\u0000": 1}', "non_field_errors"),
        ('["\\u0000"]', "non_field_errors"),
    ],
)
def test_a_nul_anywhere_in_a_json_body_is_a_400_naming_the_field_it_is_in(raw, field):
    ArticleFactory()
    client = client_for(UserFactory(is_superuser=True, is_staff=True))

    response = client.post(f"{API}/articles/", raw, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"] == {field: ["Null characters are not allowed."]}
