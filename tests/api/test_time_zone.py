"""The API's times are ISO 8601 with their offset, whatever the newsroom's time zone."""

from datetime import UTC, datetime

import pytest

from tests.support.content import write_article

pytestmark = pytest.mark.django_db


def test_api_times_carry_the_newsrooms_offset_and_mean_the_same_instant(api_client, settings):
    settings.TIME_ZONE = "Asia/Riyadh"
    when = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
    article = write_article(headline="خبر", body="نص.", status="published", published_at=when)

    body = api_client.get(f"/api/v1/articles/{article.uuid}/").json()

    assert body["published_at"] == "2026-03-01T10:00:00+03:00"
    assert datetime.fromisoformat(body["published_at"]) == when


def test_a_time_without_offset_in_an_api_filter_is_read_in_the_newsrooms_zone(api_client, settings):
    settings.TIME_ZONE = "Asia/Riyadh"
    write_article(headline="خبر", body="نص.", status="published", published_at=datetime(2026, 3, 1, 7, 0, tzinfo=UTC))

    before = api_client.get("/api/v1/articles/", {"published_from": "2026-03-01T10:00"}).json()
    after = api_client.get("/api/v1/articles/", {"published_from": "2026-03-01T10:01"}).json()

    assert (before["count"], after["count"]) == (1, 0)
