"""Rows of the syndication models for the admin's every-page tests (tests/admin/test_admin.py)."""

from articles import services
from articles.history import changes
from articles.models import (
    ChangeEvent,
    ChangeFeedPrune,
    FeedReader,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from articles.syndication import dispatch

#: Written by the software only: no add page, and a "Close" link instead of "Save".
READ_ONLY_MODELS = {ChangeEvent, ChangeFeedPrune, FeedReader, WebhookDelivery, WebhookAttempt}


def subscribe(actor) -> WebhookSubscription:
    """A subscription to every event (made before the content, so that its events are delivered)."""
    return services.webhook_save(
        actor=actor, subscription=WebhookSubscription(), data={"name": "وكالة شريكة", "url": "http://127.0.0.1:9/"}
    )


def deliver_once() -> None:
    """Dispatch the feed's events and try one delivery (port 9 refuses it: one failed attempt)."""
    dispatch.deliver(dispatch.dispatch_events()[0])
    changes.prune()
