"""Helpers shared by the API tests: clients for each kind of caller, and the shape of API values."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from articles import services
from tests.support.users import user_with_perms

API = "/api/v1"

#: Every `articles` permission an editor holds (add, change, delete and view of every model, and
#: editing articles other users created: the workflow's `change_any_article`).
ALL_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("article", "caption", "attribution", "mention", "quote", "entity", "source")
    for action in ("add", "change", "delete", "view")
] + ["change_any_article"]


def writer_with_perms(*codenames, **fields):
    """A user with the given permissions who may also edit articles, whoever created them.

    Writing a caption, quote, mention or attribution is editing its article (articles.workflow):
    that takes `change_article`, and `change_any_article` for articles someone else created.
    """
    return user_with_perms(*codenames, "change_article", "change_any_article", **fields)


def client_for(user=None, *, language="en") -> APIClient:
    """A client logged in through the session (as the admin's users are), asking for `language`.

    Messages are compared in English; one test checks that Arabic is the default.
    """
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language) if language else APIClient()
    if user is not None:
        client.force_login(user)
    return client


def editor():
    """A staff user holding every content permission (not a superuser: permissions are checked)."""
    return user_with_perms(*ALL_PERMISSIONS, is_staff=True)


def drf_datetime(value) -> str | None:
    """A datetime the way the API writes it (ISO 8601, UTC as Z)."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def indexed(article):
    """Factories save rows directly; rebuild the search text the services would have written."""
    services.article_reindex(article)
    article.refresh_from_db()
    return article


def count_queries(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response


def error_body(response) -> dict:
    """The error's message and code, without the per-field details."""
    body = response.json()
    return {"detail": body["detail"], "code": body["code"]}
