"""Writes for webhook subscriptions, and sending a delivery again.

A subscription receives the events recorded after it was created (`starts_after`: the feed's last
event then). Its secret is generated unless given; its event types are names of
articles.history.changes.EVENT_TYPES, a family wildcard ("article.*"), "*", or none (everything).
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from articles import policies
from articles.errors import ServiceError
from articles.history.changes import EVENT_TYPES
from articles.models import ChangeEvent, WebhookDelivery, WebhookSubscription
from articles.services.common import assign, only_fields, validated_save
from articles.syndication import dispatch

WEBHOOK_FIELDS = ("name", "url", "secret", "event_types", "include_private", "active")
FAMILIES = {event_type.split(".", 1)[0] for event_type in EVENT_TYPES}


def _check_event_types(value) -> None:
    allowed = set(EVENT_TYPES) | {f"{family}.*" for family in FAMILIES} | {"*"}
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ServiceError(_("Event types are a list of names."), code="invalid_event_types")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ServiceError(
            _("Unknown event types: %(unknown)s. Use names such as %(example)s, a family such as article.*, or *.")
            % {"unknown": ", ".join(unknown), "example": ", ".join(EVENT_TYPES[:3])},
            code="invalid_event_types",
        )


@transaction.atomic
def webhook_save(*, actor, subscription: WebhookSubscription, data: Mapping[str, Any] | None = None):
    """Create or change a subscription (the admin passes the instance its form changed, data={})."""
    creating = subscription.pk is None
    actor = policies.require(actor, "webhook.create" if creating else "webhook.update")
    data = dict(data or {})
    only_fields(data, WEBHOOK_FIELDS)
    if not data.get("secret", True):
        data.pop("secret")  # an empty secret keeps the current one (or the generated one)
    assign(subscription, data)
    _check_event_types(subscription.event_types)
    if creating:
        subscription.starts_after = ChangeEvent.objects.aggregate(last=Max("id"))["last"] or 0
        if actor.audit_user is not None:
            subscription.created_by = actor.audit_user
    return validated_save(subscription)


@transaction.atomic
def webhook_delete(*, actor, subscription: WebhookSubscription) -> None:
    """Delete a subscription with its deliveries and their attempts."""
    policies.require(actor, "webhook.delete")
    subscription.delete()


@transaction.atomic
def webhook_redeliver(*, actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (a dead letter, or one the receiver lost): same body, same idempotency key."""
    policies.require(actor, "webhook.update")
    dispatch.redeliver(delivery)
    delivery.refresh_from_db()
    return delivery
