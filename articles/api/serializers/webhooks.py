"""Webhook subscriptions, their deliveries and every attempt."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from articles.api.serializers.common import StrictFieldsMixin
from articles.models import WebhookAttempt, WebhookDelivery, WebhookSubscription


class WebhookSubscriptionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    secret = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Signs the deliveries; generated when not given. Keep it on the receiver only."),
    )
    event_types = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=gettext_lazy('e.g. ["article.published", "article.*"]; empty: every event.'),
    )

    class Meta:
        model = WebhookSubscription
        fields = ["id", "name", "url", "secret", "event_types", "include_private", "active", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "started_at", "duration_ms", "status_code", "error", "response_excerpt"]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer):
    idempotency_key = serializers.CharField(read_only=True)
    attempt_log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "idempotency_key",
            "event_type",
            "state",
            "attempts",
            "created_at",
            "next_attempt_at",
            "delivered_at",
            "last_status",
            "last_error",
            "attempt_log",
        ]
        read_only_fields = fields
