"""The audit log."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from articles.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_name", read_only=True, help_text=gettext_lazy("Username at the time."))

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "details",
            "ip_address",
            "user_agent",
        ]
        read_only_fields = fields
