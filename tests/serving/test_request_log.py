"""Structured request logs: one JSON line per request, with its timings."""

import json
import logging

import pytest

from newsroom.request_log import JsonFormatter
from tests.support.content import published_article


@pytest.fixture
def request_lines(caplog):
    """The JSON lines the request logger writes during the test."""
    logger = logging.getLogger("newsroom.requests")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="newsroom.requests")
    formatter = JsonFormatter()
    yield lambda: [json.loads(formatter.format(record)) for record in caplog.records if record.name == logger.name]
    logger.removeHandler(caplog.handler)


@pytest.mark.django_db
def test_each_request_is_logged_as_one_json_line_with_its_timings(client, request_lines):
    article = published_article("خبر عن الطاقة")

    response = client.get(f"/api/v1/articles/{article.uuid}/", {"fields": "uuid,headline"}, HTTP_X_REQUEST_ID="lb-42")

    (line,) = request_lines()
    assert response.status_code == 200
    assert response["X-Request-ID"] == "lb-42"
    assert {key: line[key] for key in ("level", "logger", "event", "method", "path", "query", "status")} == {
        "level": "info",
        "logger": "newsroom.requests",
        "event": "request",
        "method": "GET",
        "path": f"/api/v1/articles/{article.uuid}/",
        "query": "fields=uuid%2Cheadline",
        "status": 200,
    }
    assert line["request_id"] == "lb-42"
    assert line["bytes"] == len(response.content)
    assert line["user"] is None
    assert line["db"] == "default"
    assert line["db_queries"] >= 1
    assert 0 <= line["db_ms"] <= line["ms"]
    assert line["ts"].endswith("Z")


@pytest.mark.django_db
def test_a_request_without_an_id_gets_a_new_one(client, request_lines):
    first = client.get("/healthz")
    second = client.get("/healthz")

    lines = request_lines()
    assert [line["request_id"] for line in lines] == [first["X-Request-ID"], second["X-Request-ID"]]
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert [line["db_queries"] for line in lines] == [0, 0]
