"""One change event as the change feed and webhooks show it."""

import json

from django.conf import settings
from django.urls import reverse

from articles.history.changes import encode_cursor
from articles.models import ChangeEvent

#: The URL name and keyword of each object type's API address.
DETAIL_ROUTES = {
    "article": ("api:article-detail", "uuid"),
    "entity": ("api:entity-detail", "slug"),
    "source": ("api:source-detail", "slug"),
    "collection": ("api:collection-detail", "slug"),
}


def object_url(event: ChangeEvent, base_url: str) -> str:
    name, keyword = DETAIL_ROUTES[event.object_type]
    return base_url.rstrip("/") + reverse(name, kwargs={keyword: event.object_key})


def event_document(event: ChangeEvent, *, base_url: str) -> dict:
    """{"id", "cursor", "type", "occurred_at", "object": {"type", "id", "url", "version"}, "data"}.

    `id` ("evt_<n>") is the event's idempotency key; `cursor` resumes the feed after it.
    """
    return {
        "id": f"evt_{event.id}",
        "cursor": encode_cursor(event.id),
        "type": event.type,
        "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "object": {
            "type": event.object_type,
            "id": event.object_key,
            "url": object_url(event, base_url),
            "version": event.version,
        },
        "data": event.data,
    }


def webhook_body(event: ChangeEvent) -> str:
    """The JSON body of a webhook delivery (stored once, sent identically on every attempt)."""
    document = event_document(event, base_url=settings.SITE_URL)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
