"""The editors' desk: each user's preferences (admin language, time zone) and who has an article
open for editing (a soft lock: it warns, it never blocks; saves stay protected by the version)."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article


def validate_time_zone(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name (IANA, e.g. Asia/Riyadh)."), params={"value": value}, code="invalid"
        )


class UserPreference(models.Model):
    """A user's own admin language and time zone (empty: the newsroom's)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsroom_preference", verbose_name=_("user")
    )
    language = models.CharField(
        _("admin language"), max_length=10, blank=True, help_text=_("Empty: the newsroom's language.")
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. Asia/Riyadh. Empty: the newsroom's time zone."),
    )

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return str(self.user)


class EditPresence(models.Model):
    """Who has an article open on its change page, since when, last seen when (one row per article:
    the latest editor to open or take over the page)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="edit_presence", verbose_name=_("article")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    since = models.DateTimeField(_("editing since"))
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("edit presence")
        verbose_name_plural = _("edit presences")
        constraints = [
            models.CheckConstraint(
                condition=Q(seen_at__gte=models.F("since")), name="editpresence_seen_after_since_check"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.article_id}"
