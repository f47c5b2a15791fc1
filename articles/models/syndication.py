"""Syndication: the change feed (an outbox of every change, in commit order) and webhooks.

`ChangeEvent` rows are written in the same transaction as the change they describe, only by
articles.history.changes.record_change. Their `id` is the feed's order: on PostgreSQL a trigger
(migration 0015) takes a transaction-level advisory lock before it draws the id, so ids are handed
out in commit order (see articles/history/changes.py); SQLite serialises writers anyway.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.base import TimestampedModel

# --------------------------------------------------------------------------- change feed


class ChangeEvent(models.Model):
    """One change of an article, entity, source or collection, as the change feed lists it."""

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    type = models.CharField(_("type"), max_length=40, help_text=_("e.g. article.published, entity.updated"))
    object_type = models.CharField(_("object type"), max_length=20)
    object_key = models.CharField(
        _("object key"), max_length=300, help_text=_("The public identifier: an article's UUID, or a slug.")
    )
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    public = models.BooleanField(
        _("public"), help_text=_("Readers without access to unpublished articles see this event.")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("change event")
        verbose_name_plural = _("change feed")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(type=""), name="changeevent_type_not_empty_check"),
            models.CheckConstraint(condition=~Q(object_key=""), name="changeevent_object_key_not_empty_check"),
        ]
        indexes = [
            # Readers who see public events only walk this index from their cursor.
            models.Index(fields=["public", "id"], name="changeevent_public_id_idx"),
            # Compaction looks for later events of the same object.
            models.Index(fields=["object_type", "object_key", "id"], name="changeevent_object_idx"),
            models.Index(fields=["occurred_at"], name="changeevent_occurred_idx"),
        ]

    def __str__(self):
        return f"{self.id} {self.type} {self.object_key}"


class ChangeFeedPrune(models.Model):
    """One run of the feed's maintenance (manage.py changes_prune): what it removed.

    `expired_through` is the highest id of an event removed by retention (deletions older than the
    retention period); a cursor before it may have missed a deletion, and the feed answers it 410.
    """

    ran_at = models.DateTimeField(_("time"), default=timezone.now)
    compacted = models.PositiveIntegerField(_("events compacted"), default=0)
    expired = models.PositiveIntegerField(_("events expired"), default=0)
    expired_through = models.BigIntegerField(_("expired through id"), default=0)

    class Meta:
        verbose_name = _("change feed maintenance")
        verbose_name_plural = _("change feed maintenance")
        ordering = ["-ran_at", "-id"]

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}: −{self.compacted} compacted, −{self.expired} expired"


class FeedReader(models.Model):
    """How far an in-house reader of the feed (the webhook dispatcher) has got: the last event id."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.BigIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("feed reader")
        verbose_name_plural = _("feed readers")

    def __str__(self):
        return f"{self.name} @ {self.position}"


# --------------------------------------------------------------------------- webhooks


def new_webhook_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookSubscription(TimestampedModel):
    """A partner's endpoint: the events it wants, posted to its URL and signed with its secret."""

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("URL"), max_length=500, help_text=_("Where events are POSTed (https in production)."))
    secret = models.CharField(
        _("secret"),
        max_length=100,
        default=new_webhook_secret,
        help_text=_("Signs every delivery (HMAC-SHA256); share it with the receiver only."),
    )
    event_types = models.JSONField(
        _("event types"),
        default=list,
        blank=True,
        help_text=_('e.g. ["article.published", "article.*"]; empty: every event.'),
    )
    include_private = models.BooleanField(
        _("include unpublished"),
        default=False,
        help_text=_("Also deliver events about drafts and embargoed articles (newsroom systems only)."),
    )
    active = models.BooleanField(_("active"), default=True)
    starts_after = models.BigIntegerField(
        _("starts after event"),
        default=0,
        editable=False,
        help_text=_("The feed's last event when the subscription was created: it receives the events after it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="webhooksubscription_name_not_empty_check"),
            models.CheckConstraint(condition=~Q(url=""), name="webhooksubscription_url_not_empty_check"),
            models.CheckConstraint(condition=~Q(secret=""), name="webhooksubscription_secret_not_empty_check"),
        ]

    def __str__(self):
        return self.name

    def wants(self, event: ChangeEvent) -> bool:
        """Whether this subscription receives `event` (its types, and the event's audience)."""
        if event.id <= self.starts_after or not (event.public or self.include_private):
            return False
        if not self.event_types:
            return True
        family = event.type.split(".", 1)[0]
        return any(t in ("*", event.type, f"{family}.*") for t in self.event_types)


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    DEAD = "dead", _("Dead letter")


class WebhookDelivery(models.Model):
    """One event for one subscription: retried until the receiver answers 2xx or attempts run out.

    The payload is stored when the delivery is created, so every attempt sends the same bytes with
    the same idempotency key (the event id), and feed compaction cannot change it.
    """

    State = DeliveryState

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    event_id = models.BigIntegerField(_("event id"))
    event_type = models.CharField(_("event type"), max_length=40)
    payload = models.TextField(_("payload"), help_text=_("The JSON body, as sent on every attempt."))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    leased_until = models.DateTimeField(
        _("leased until"), null=True, blank=True, help_text=_("A worker is sending it until then.")
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhookdelivery_subscription_event_unique"
            ),
            models.CheckConstraint(
                condition=Q(state__in=DeliveryState.values), name="webhookdelivery_state_valid_check"
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhookdelivery_due_idx")]

    def __str__(self):
        return f"{self.event_type} #{self.event_id} → {self.subscription}"

    @property
    def idempotency_key(self) -> str:
        return f"evt_{self.event_id}"


class WebhookAttempt(models.Model):
    """One HTTP attempt of a delivery: when, how long, what the receiver answered (or why it failed)."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("delivery")
    )
    number = models.PositiveIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    response_excerpt = models.TextField(_("response (start)"), blank=True)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["delivery_id", "number"]

    def __str__(self):
        return f"#{self.number} {self.status_code or self.error[:40]}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
