"""The audit log, read-only."""

import json

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are only ever added by articles.history.audit.audit_record."""

    list_display = ["at", "actor_name", "action", "target_type", "target_link", "ip_address"]
    list_filter = ["action", ("actor_name", admin.AllValuesFieldListFilter), "at", "target_type"]
    search_fields = ["action", "actor_name", "target_repr", "target_id"]
    date_hierarchy = "at"
    fields = [
        "at",
        "actor",
        "actor_name",
        "action",
        "target_type",
        "target_id",
        "target_link",
        "details_pretty",
        "ip_address",
        "user_agent",
    ]
    readonly_fields = fields
    list_select_related = []

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("target"), ordering="target_repr")
    def target_link(self, entry):
        """A link to the target's admin page, built from the stored ids alone (no query per row)."""
        label = entry.target_repr or entry.target_id or "—"
        if entry.target_type == "articles.article" and entry.target_id:
            return format_html(
                '<a href="{}?uuid={}">{}</a>', reverse("admin:articles_article_changelist"), entry.target_id, label
            )
        app_label, _dot, model_name = entry.target_type.partition(".")
        if entry.target_id.isdigit() and model_name:
            try:
                url = reverse(f"admin:{app_label}_{model_name}_change", args=[entry.target_id])
            except NoReverseMatch:  # a model without an admin page: the text only
                return label
            return format_html('<a href="{}">{}</a>', url, label)
        return label

    @admin.display(description=_("details"))
    def details_pretty(self, entry):
        return format_html(
            '<pre dir="auto" style="white-space: pre-wrap">{}</pre>',
            json.dumps(entry.details, ensure_ascii=False, indent=2, sort_keys=True),
        )
