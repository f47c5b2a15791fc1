"""The audit log, read-only."""

from rest_framework import viewsets

from articles import selectors
from articles.api.filters import AuditEntryFilter
from articles.api.permissions import HasPerms
from articles.api.serializers.audit import AuditEntrySerializer


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit log, for staff holding `articles.view_auditentry`; newest first."""

    serializer_class = AuditEntrySerializer
    permission_classes = [HasPerms.of("articles.view_auditentry")]
    filterset_class = AuditEntryFilter
    ordering_fields = ["at", "action", "actor_name", "target_type"]
    ordering = ["-at", "-id"]
    cursor_field = "at"  # ?cursor= (api/pagination.py)

    def get_queryset(self):
        return selectors.audit_list()
