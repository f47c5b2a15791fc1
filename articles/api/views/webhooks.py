"""Webhook subscriptions (staff with the webhook permissions): CRUD, deliveries, redelivery.

GET/POST              /api/v1/webhooks/
GET/PUT/PATCH/DELETE  /api/v1/webhooks/{id}/
GET                   /api/v1/webhooks/{id}/deliveries/?state=pending|delivered|dead
POST                  /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver/
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.response import Response

from articles import services
from articles.api.permissions import HasPerms
from articles.api.serializers.webhooks import WebhookDeliverySerializer, WebhookSubscriptionSerializer
from articles.api.views.base import ContentViewSet
from articles.models import WebhookAttempt, WebhookDelivery, WebhookSubscription


class ModelPermissionsWithView(DjangoModelPermissions):
    """DjangoModelPermissions, and reading needs the view permission (subscriptions hold secrets)."""

    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}
    perms_map["HEAD"] = perms_map["OPTIONS"] = perms_map["GET"]


class WebhookViewSet(ContentViewSet):
    """Partners' endpoints that receive the change feed's events, signed, retried until they answer 2xx."""

    serializer_class = WebhookSubscriptionSerializer
    permission_classes = [ModelPermissionsWithView]
    queryset = WebhookSubscription.objects.all()
    ordering_fields = ["name", "created_at"]
    ordering = ["name", "id"]
    filter_backends = []

    def perform_write(self, instance, data):
        return services.webhook_save(actor=self.actor, subscription=instance or WebhookSubscription(), data=data)

    def perform_destroy(self, instance):
        services.webhook_delete(actor=self.actor, subscription=instance)

    @extend_schema(
        summary="The subscription's deliveries, newest first, with every attempt",
        parameters=[OpenApiParameter("state", str, enum=WebhookDelivery.State.values)],
        responses=WebhookDeliverySerializer(many=True),
    )
    @action(detail=True, methods=["get"], serializer_class=WebhookDeliverySerializer)
    def deliveries(self, request, pk=None):
        subscription = self.get_object()
        rows = subscription.deliveries.prefetch_related(
            Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("number"))
        ).order_by("-id")
        state = request.query_params.get("state")
        if state is not None:
            if state not in WebhookDelivery.State.values:
                raise ValidationError(
                    {"state": [_("Choose one of: %(states)s.") % {"states": ", ".join(WebhookDelivery.State.values)}]}
                )
            rows = rows.filter(state=state)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)

    @extend_schema(
        summary="Send a delivery again (same body, same idempotency key)",
        request=None,
        responses=WebhookDeliverySerializer,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"deliveries/(?P<delivery_id>[0-9]+)/redeliver",
        serializer_class=WebhookDeliverySerializer,
        permission_classes=[HasPerms.of("articles.change_webhooksubscription")],
    )
    def redeliver(self, request, pk=None, delivery_id=None):
        subscription = self.get_object()
        delivery = get_object_or_404(subscription.deliveries, pk=delivery_id)
        delivery = services.webhook_redeliver(actor=self.actor, delivery=delivery)
        return Response(WebhookDeliverySerializer(delivery).data)
