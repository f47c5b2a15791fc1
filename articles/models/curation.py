"""Collections: curated, ordered lists of articles."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.base import SlugKeyed, TimestampedModel, bounded_text, length_constraint

# --------------------------------------------------------------------------- collections


class Collection(SlugKeyed, TimestampedModel):
    """A curated, ordered list of articles: a story package or a slot on the home page.

    Reading order of its items: pinned items first, then by position. The services keep positions
    dense (1..n) and equal to that reading order, so sorting by position alone gives the same list.
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    description = bounded_text(
        "collection.description", _("description"), blank=True, help_text=_("What the collection is for.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collections_created",
        verbose_name=_("created by"),
        editable=False,
    )

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="collection_title_not_empty_check"),
            models.CheckConstraint(condition=~Q(slug=""), name="collection_slug_not_empty_check"),
            length_constraint("collection.description"),
        ]

    def __str__(self):
        return self.title


class CollectionItem(models.Model):
    """One article in a collection, at a position, possibly pinned to the top."""

    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="items", verbose_name=_("collection")
    )
    # Deleting an article takes it out of every collection; the collection itself stays.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="collection_items", verbose_name=_("article")
    )
    position = models.PositiveIntegerField(
        _("position"),
        validators=[MinValueValidator(1)],
        help_text=_("1-based place in the collection; pinned items always come first."),
    )
    pinned = models.BooleanField(_("pinned"), default=False, help_text=_("Keep the article at the top."))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("collection item")
        verbose_name_plural = _("collection items")
        ordering = ["collection_id", "-pinned", "position"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "article"], name="collectionitem_collection_article_unique"),
            models.UniqueConstraint(
                fields=["collection", "position"], name="collectionitem_collection_position_unique"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="collectionitem_position_positive_check"),
        ]

    def __str__(self):
        return f"{self.position}. {self.article}"
