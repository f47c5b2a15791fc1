"""API tokens in the admin: listed with their user, issue and expiry times, and revoked by deleting
them one by one (no bulk actions: their checkboxes would show the keys). Replaces DRF's own token
admin, which lists the keys."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin as DRFTokenAdmin
from rest_framework.authtoken.models import TokenProxy

from articles.api.tokens import expires_at, is_expired

admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(DRFTokenAdmin):
    list_display = ("user", "created", "expires", "expired")
    list_select_related = ("user",)

    @admin.display(description=_("expires"))
    def expires(self, token):
        return expires_at(token)

    @admin.display(description=_("expired"), boolean=True)
    def expired(self, token):
        return is_expired(token)
