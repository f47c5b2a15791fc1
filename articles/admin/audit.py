"""The audit log, read-only."""

import json

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles import services
from articles.models import AuditEntry

#: Audit actions that are not workflow transitions, as editors name them.
ACTION_LABELS = {
    "article.revert": _("Article reverted to an earlier version"),
    "article.delete": _("Article deleted"),
    "entity.merge": _("Entities merged"),
    "permissions.user_groups": _("User's groups changed"),
    "permissions.user_permissions": _("User's permissions changed"),
    "permissions.group_permissions": _("Group's permissions changed"),
}


def action_label(action: str) -> str:
    """“Publish” for article.publish, “Entities merged” for entity.merge; the code itself if unknown."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    kind, _dot, name = action.partition(".")
    if kind == "article" and name in services.TRANSITIONS:
        return str(services.TRANSITIONS[name].label)
    return action


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = model_admin.get_queryset(request).order_by().values_list("action", flat=True).distinct()
        return sorted(((action, action_label(action)) for action in actions), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are only ever added by articles.history.audit.audit_record."""

    list_display = ["at", "actor_name", "action_display", "target_type", "target_link", "ip_address"]
    list_filter = [ActionFilter, ("actor_name", admin.AllValuesFieldListFilter), "at", "target_type"]
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

    @admin.display(description=_("action"), ordering="action")
    def action_display(self, entry):
        return format_html('<span title="{}">{}</span>', entry.action, action_label(entry.action))

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
