"""CORS for browser apps, from the environment's list of origins (django-cors-headers)."""

import pytest

from tests.support.api import API, client_for
from tests.support.content import published_article

pytestmark = pytest.mark.django_db

APP = "https://app.partner.example"


@pytest.fixture
def allowed(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]


def test_a_listed_origin_may_read_and_sees_the_validators(allowed):
    article = published_article("خبر")

    response = client_for(None).get(f"{API}/articles/{article.uuid}/", HTTP_ORIGIN=APP)

    assert response["Access-Control-Allow-Origin"] == APP
    assert set(response["Access-Control-Expose-Headers"].split(", ")) == {
        "ETag",
        "Last-Modified",
        "Location",
        "Cache-Control",
    }


def test_a_preflight_for_a_conditional_write_is_answered(allowed):
    response = client_for(None).options(
        f"{API}/articles/",
        HTTP_ORIGIN=APP,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, if-match",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert {"authorization", "content-type", "if-match"} <= set(response["Access-Control-Allow-Headers"].split(", "))
    assert "PATCH" in response["Access-Control-Allow-Methods"]


def test_other_origins_and_the_admin_get_no_cors_headers(allowed):
    other = client_for(None).get(f"{API}/articles/", HTTP_ORIGIN="https://evil.example")
    admin = client_for(None).get("/admin/login/", HTTP_ORIGIN=APP)

    assert "Access-Control-Allow-Origin" not in other
    assert "Access-Control-Allow-Origin" not in admin


def test_no_origin_is_allowed_by_default():
    response = client_for(None).get(f"{API}/articles/", HTTP_ORIGIN=APP)

    assert "Access-Control-Allow-Origin" not in response
