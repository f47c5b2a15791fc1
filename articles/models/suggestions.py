"""What the machine proposes for an article (mentions, attributed sources, quotes) and what an
editor decided about each proposal; and where an imported article came from (ArticleImport).

A suggestion is not content: readers never see it, and writing one does not make a new version of
the article. Confirming one writes the part it proposes (a Mention, an Attribution or a Quote)
through the services; rejecting one is remembered by its `key`, so that analysing the article
again does not propose the same thing. See articles/services/suggestions.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.base import choices_constraint
from articles.models.names import Entity, Source


class SuggestionKind(models.TextChoices):
    MENTION = "mention", _("Mention")
    SOURCE = "source", _("Attributed source")
    QUOTE = "quote", _("Quote")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an editor")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class SuggestionField(models.TextChoices):
    HEADLINE = "headline", _("headline")
    SUMMARY = "summary", _("summary")
    BODY = "body", _("body")
    CAPTION = "caption", _("caption")


class Suggestion(models.Model):
    """One thing the analysis found in one field of an article, with its offsets in that field."""

    Kind = SuggestionKind
    Status = SuggestionStatus
    Field = SuggestionField

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    field = models.CharField(_("field"), max_length=20, choices=Field.choices, default=Field.BODY)
    caption = models.PositiveSmallIntegerField(
        _("caption"), null=True, blank=True, help_text=_("The caption's order, for a suggestion in a caption.")
    )
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    text = models.TextField(_("text"), help_text=_("The words found, as written (a quote without its marks)."))
    paragraph = models.PositiveSmallIntegerField(_("paragraph"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order in paragraph"), null=True, blank=True)
    entity = models.ForeignKey(
        Entity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("entity"),
        help_text=_("The entity mentioned, or the quote's speaker when it is known."),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("source"),
        help_text=_("The source attributed to, or the quote's source."),
    )
    name = models.CharField(
        _("speaker or outlet as written"),
        max_length=300,
        blank=True,
        help_text=_("A quote's speaker or an attributed outlet as the text writes it, known or not."),
    )
    phrase = models.CharField(_("attribution phrase"), max_length=200, blank=True)
    key = models.CharField(
        _("key"), max_length=600, help_text=_("What the suggestion proposes; a rejected key is not proposed again.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["article_id", "field", "caption", "start", "id"]
        constraints = [
            choices_constraint("suggestion", "kind", SuggestionKind),
            choices_constraint("suggestion", "status", SuggestionStatus),
            choices_constraint("suggestion", "field", SuggestionField),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="suggestion_span_check"),
            models.CheckConstraint(condition=~Q(key=""), name="suggestion_key_not_empty_check"),
        ]
        indexes = [models.Index(fields=["article", "status"], name="suggestion_article_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def unknown(self) -> bool:
        """A quote whose speaker, or a source, that the entity and source lists do not know."""
        return (self.kind == self.Kind.QUOTE and self.entity_id is None) or (
            self.kind == self.Kind.SOURCE and self.source_id is None
        )


class ArticleImport(models.Model):
    """Where an imported article came from: its stable key in the source (a ninjs `uri`, a feed
    entry's id, a digest of a plain-text article), so that importing the same thing again updates
    the same article (or changes nothing) instead of adding a copy."""

    key = models.CharField(_("import key"), max_length=600, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="imports", verbose_name=_("article"))
    format = models.CharField(_("format"), max_length=20)
    digest = models.CharField(_("digest"), max_length=64, help_text=_("SHA-256 of what was imported last."))
    created_at = models.DateTimeField(_("first imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        verbose_name = _("article import")
        verbose_name_plural = _("article imports")
        constraints = [models.CheckConstraint(condition=~Q(key=""), name="articleimport_key_not_empty_check")]

    def __str__(self):
        return self.key
