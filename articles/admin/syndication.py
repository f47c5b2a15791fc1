"""Syndication in the admin: the change feed (read-only), webhook subscriptions, and every delivery
with its attempts (read-only, with a "send again" action for dead letters)."""

import json

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import services
from articles.models import (
    ChangeEvent,
    ChangeFeedPrune,
    FeedReader,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from articles.policies import actor_for_request


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the software only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _pretty(value) -> str:
    return format_html(
        '<pre dir="auto" style="white-space: pre-wrap">{}</pre>', json.dumps(value, ensure_ascii=False, indent=2)
    )


@admin.register(ChangeEvent)
class ChangeEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "occurred_at", "type", "object_key", "version", "public", "actor"]
    list_filter = ["type", "object_type", "public", "occurred_at"]
    search_fields = ["object_key", "type"]
    list_select_related = ["actor"]
    date_hierarchy = "occurred_at"
    fields = ["id", "occurred_at", "type", "object_type", "object_key", "version", "public", "actor", "data_pretty"]
    readonly_fields = fields

    @admin.display(description=_("data"))
    def data_pretty(self, event):
        return _pretty(event.data)


@admin.register(ChangeFeedPrune)
class ChangeFeedPruneAdmin(ReadOnlyAdmin):
    list_display = ["ran_at", "compacted", "expired", "expired_through"]


@admin.register(FeedReader)
class FeedReaderAdmin(ReadOnlyAdmin):
    list_display = ["name", "position", "updated_at"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "active", "include_private", "event_types", "pending", "dead", "created_at"]
    list_filter = ["active", "include_private"]
    search_fields = ["name", "url"]
    fields = ["name", "url", "secret", "event_types", "include_private", "active", "starts_after", "created_by"]
    readonly_fields = ["starts_after", "created_by"]

    @admin.display(description=_("pending"))
    def pending(self, subscription):
        return subscription.deliveries.filter(state=WebhookDelivery.State.PENDING).count()

    @admin.display(description=_("dead letters"))
    def dead(self, subscription):
        return subscription.deliveries.filter(state=WebhookDelivery.State.DEAD).count()

    def save_model(self, request, obj, form, change):
        services.webhook_save(actor=actor_for_request(request), subscription=obj)

    def delete_model(self, request, obj):
        services.webhook_delete(actor=actor_for_request(request), subscription=obj)

    def delete_queryset(self, request, queryset):
        for subscription in queryset:
            services.webhook_delete(actor=actor_for_request(request), subscription=subscription)


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ["number", "started_at", "duration_ms", "status_code", "error", "response_excerpt"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "subscription",
        "event_type",
        "idempotency_key",
        "state",
        "attempts",
        "last_status",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["state", "subscription", "event_type"]
    search_fields = ["event_id", "event_type"]
    list_select_related = ["subscription"]
    fields = [
        "subscription",
        "event_id",
        "idempotency_key",
        "event_type",
        "state",
        "attempts",
        "created_at",
        "next_attempt_at",
        "delivered_at",
        "last_status",
        "last_error",
        "payload_pretty",
    ]
    readonly_fields = fields
    inlines = [WebhookAttemptInline]
    actions = ["redeliver"]

    @admin.display(description=_("idempotency key"))
    def idempotency_key(self, delivery):
        return delivery.idempotency_key

    @admin.display(description=_("payload"))
    def payload_pretty(self, delivery):
        return _pretty(json.loads(delivery.payload))

    @admin.action(description=_("Send the selected deliveries again"), permissions=["redeliver"])
    def redeliver(self, request, queryset):
        actor = actor_for_request(request)
        for delivery in queryset:
            services.webhook_redeliver(actor=actor, delivery=delivery)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d delivery will be sent again.", "%(count)d deliveries will be sent again.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def has_redeliver_permission(self, request):
        return request.user.has_perm("articles.change_webhooksubscription")


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(ReadOnlyAdmin):
    list_display = ["delivery", "number", "started_at", "duration_ms", "status_code", "error"]
    list_filter = ["status_code"]
    list_select_related = ["delivery__subscription"]
