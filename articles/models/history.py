"""The record of what happened: the audit log and the revisions of articles."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article

# --------------------------------------------------------------------------- audit


class AuditEntry(models.Model):
    """Who did what, when and from where: transitions, reverts, merges, permission changes.

    Rows are only ever added (articles.history.audit.audit_record); the admin shows them read-only.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(
        _("actor name"), max_length=150, blank=True, help_text=_("Kept when the user is deleted.")
    )
    action = models.CharField(_("action"), max_length=50, db_index=True)
    target_type = models.CharField(_("target type"), max_length=50, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("target"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(action=""), name="auditentry_action_not_empty_check")]
        indexes = [models.Index(fields=["target_type", "target_id"], name="auditentry_target_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"


# --------------------------------------------------------------------------- revisions


class ArticleRevision(models.Model):
    """Which article, at which version, a django-reversion `Revision` records.

    One row per revision, sharing its primary key, so that an article's history is one indexed
    query and two revisions can be named by their version. `reverted_to` is set when the revision
    restored an earlier version. Rows are written only by articles.history.revisions.recording().
    """

    revision = models.OneToOneField(
        "reversion.Revision",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="article_revision",
        verbose_name=_("revision"),
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article"))
    version = models.PositiveIntegerField(_("version"), help_text=_("The article's version after this revision."))
    reverted_to = models.PositiveIntegerField(
        _("reverted to version"),
        null=True,
        blank=True,
        help_text=_("Set when this revision restored the content of an earlier version."),
    )
    changes = models.JSONField(
        _("changes"),
        null=True,
        blank=True,
        help_text=_("What this revision changed (articles/history/revision_store.py); empty for older revisions."),
    )

    class Meta:
        verbose_name = _("article revision")
        verbose_name_plural = _("article revisions")
        ordering = ["article_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="articlerevision_article_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="articlerevision_version_positive_check"),
            models.CheckConstraint(
                condition=Q(reverted_to__isnull=True) | Q(reverted_to__gte=1, reverted_to__lt=models.F("version")),
                name="articlerevision_reverted_to_earlier_check",
            ),
        ]

    def __str__(self):
        return f"{self.article_id} v{self.version}"
