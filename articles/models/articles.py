"""Articles and their parts: captions, attributions, mentions, quotes, corrections."""

import uuid

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.base import (
    LANGUAGE_TAG_VALIDATOR,
    SlugKeyed,
    TimestampedModel,
    bounded_text,
    choices_constraint,
    length_constraint,
    paragraphs,
)
from articles.models.names import Entity, Source

# --------------------------------------------------------------------------- articles


class ArticleManager(models.Manager):
    def get_by_natural_key(self, uuid_value):
        return self.get(uuid=uuid_value)


class ArticleStatus(models.TextChoices):
    """Workflow states; articles move between them only through articles/services/workflow.py."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    CORRECTED = "corrected", _("Corrected")
    RETRACTED = "retracted", _("Retracted")


#: States that need a publication time.
TIMED_STATUSES = (ArticleStatus.SCHEDULED, ArticleStatus.PUBLISHED, ArticleStatus.CORRECTED, ArticleStatus.RETRACTED)
#: What readers may see once its time has come (policies.public_article_q).
PUBLIC_STATUSES = (ArticleStatus.SCHEDULED, ArticleStatus.PUBLISHED, ArticleStatus.CORRECTED)


class Article(SlugKeyed, TimestampedModel):
    """A news article. Addressed publicly by `uuid`; `version` grows on every write."""

    Status = ArticleStatus

    #: States in which an article can be shown to readers (once its publication time has come).
    #: A scheduled article is public from its publication time on, with no background job: the
    #: `publish_scheduled` command only records the state change afterwards.
    PUBLIC_STATUSES = PUBLIC_STATUSES
    TIMED_STATUSES = TIMED_STATUSES

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=300, unique=True, allow_unicode=True)
    summary = bounded_text(
        "article.summary", _("summary"), blank=True, help_text=_("One or two sentences for lists and search.")
    )
    body = bounded_text(
        "article.body",
        _("body"),
        help_text=_("Plain text, paragraphs separated by blank lines; stored exactly as written."),
    )
    language = models.CharField(
        _("language"),
        max_length=35,
        default="ar",
        validators=[LANGUAGE_TAG_VALIDATOR],
        help_text=_("BCP 47 language tag."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("Required once published; a future time keeps the article embargoed until then."),
    )
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    editor_note = bounded_text(
        "article.editor_note", _("editor's note"), blank=True, help_text=_("Internal; never shown to readers.")
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles_created",
        verbose_name=_("created by"),
        editable=False,
    )

    objects = ArticleManager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        constraints = [
            choices_constraint("article", "status", ArticleStatus),
            models.CheckConstraint(
                condition=~Q(status__in=TIMED_STATUSES) | Q(published_at__isnull=False),
                name="article_published_has_time_check",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="article_version_positive_check"),
            models.CheckConstraint(condition=~Q(headline=""), name="article_headline_not_empty_check"),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty_check"),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty_check"),
            models.CheckConstraint(condition=~Q(language=""), name="article_language_not_empty_check"),
            length_constraint("article.body"),
            length_constraint("article.summary"),
            length_constraint("article.editor_note"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published_idx"),
            models.Index(fields=["language"], name="article_language_idx"),
            # The list order, and the walk that finds the most recent matches of a search.
            models.Index(fields=["-published_at", "-id"], name="article_published_id_idx"),
            # A list's count (up to 10,000, api/pagination.py) and a filter's semi-join walk the public
            # articles by id from this index alone (PostgreSQL: an index-only scan; the publication
            # time is in the index too, as a key column: SQLite has no INCLUDE), not from the table,
            # whose rows are a page each.
            models.Index(
                fields=["id", "published_at"],
                condition=Q(status__in=PUBLIC_STATUSES),
                name="article_public_id_idx",
            ),
        ]
        #: The workflow's permissions (see articles/services/workflow.py for which transition needs which, and
        #: articles/roles.py for which role holds them).
        permissions = [
            ("change_any_article", _("Can edit any article, not only own drafts")),
            ("submit_article", _("Can submit an article for review or return it to draft")),
            ("publish_article", _("Can publish or schedule an article")),
            ("correct_article", _("Can publish a correction of an article")),
            ("retract_article", _("Can retract an article")),
            ("restore_article", _("Can restore a retracted article")),
        ]

    def __str__(self):
        return self.headline

    def natural_key(self):
        return (str(self.uuid),)

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.body)

    def clean(self):
        if self.status in self.TIMED_STATUSES and self.published_at is None:
            raise ValidationError({"published_at": _("A published article needs a publication time.")})


class ArticlePartManager(models.Manager):
    """Parts of an article are found by the article's UUID plus their own position."""

    natural_fields: tuple[str, ...] = ()

    def get_by_natural_key(self, article_uuid, *rest):
        return self.get(article__uuid=article_uuid, **dict(zip(self.natural_fields, rest, strict=True)))


class ArticlePart(models.Model):
    """Base of the rows that belong to one article: editing one is editing the article.

    Subclasses declare `article` themselves, each with its own related name.
    """

    class Meta:
        abstract = True

    def validated_article(self):
        """The article to validate against: the one assigned, even before it is saved (the admin
        validates the inlines of a new article before it saves the article), or None."""
        try:
            return self.article
        except ObjectDoesNotExist:
            return None

    def check_paragraph(self, field="paragraph"):
        number = getattr(self, field)
        article = self.validated_article()
        if article is None or number is None:
            return
        count = len(article.paragraphs)
        if number > count:
            raise ValidationError(
                {
                    field: _("The article has %(count)d paragraphs; there is no paragraph %(number)d.")
                    % {"count": count, "number": number}
                }
            )


class CaptionManager(ArticlePartManager):
    natural_fields = ("order",)


class Caption(ArticlePart):
    """An image in an article, described by its caption and alt text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="captions", verbose_name=_("article"))
    text = bounded_text("caption.text", _("caption"), help_text=_("Shown under the image, as written."))
    alt_text = bounded_text(
        "caption.alt_text", _("alt text"), blank=True, help_text=_("Describes the image for screen readers.")
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    is_archival = models.BooleanField(_("archive photo"), default=False, help_text=_("أرشيفية"))
    is_illustrative = models.BooleanField(_("illustrative"), default=False, help_text=_("تعبيرية"))
    image_url = models.URLField(_("image URL"), blank=True, max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=1, validators=[MinValueValidator(1)])

    objects = CaptionManager()

    class Meta:
        verbose_name = _("caption")
        verbose_name_plural = _("captions")
        ordering = ["article_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="caption_article_order_unique"),
            models.CheckConstraint(condition=Q(order__gte=1), name="caption_order_positive_check"),
            models.CheckConstraint(condition=~Q(text=""), name="caption_text_not_empty_check"),
            length_constraint("caption.text"),
            length_constraint("caption.alt_text"),
        ]

    def __str__(self):
        return self.text[:80]

    def natural_key(self):
        return (str(self.article.uuid), self.order)

    natural_key.dependencies = ["articles.article"]


class AttributionManager(ArticlePartManager):
    natural_fields = ("source", "paragraph")

    def get_by_natural_key(self, article_uuid, source_slug, paragraph):
        return self.get(article__uuid=article_uuid, source__slug=source_slug, paragraph=paragraph)


class Attribution(ArticlePart):
    """An article attributing information to a source, in a given paragraph."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="attributions", verbose_name=_("article")
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="attributions", verbose_name=_("source"))
    phrase = models.CharField(
        _("attribution phrase"),
        max_length=200,
        blank=True,
        help_text=_("The words used, e.g. «وفق ما ذكره» or «نقلت صحيفة … عن»."),
    )
    paragraph = models.PositiveSmallIntegerField(
        _("paragraph"), validators=[MinValueValidator(1)], help_text=_("1-based paragraph number in the body.")
    )

    objects = AttributionManager()

    class Meta:
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")
        ordering = ["article_id", "paragraph", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "source", "paragraph"], name="attribution_article_source_paragraph_unique"
            ),
            models.CheckConstraint(condition=Q(paragraph__gte=1), name="attribution_paragraph_positive_check"),
        ]
        # "Articles attributing to this source" (the API's ?source=): the source's articles from the index alone.
        indexes = [models.Index(fields=["source", "article"], name="attribution_source_article_idx")]

    def __str__(self):
        return f"{self.source} ({self.paragraph})"

    def natural_key(self):
        return (str(self.article.uuid), self.source.slug, self.paragraph)

    natural_key.dependencies = ["articles.article", "articles.source"]

    def clean(self):
        self.check_paragraph()


class MentionManager(ArticlePartManager):
    def get_by_natural_key(self, article_uuid, entity_slug):
        return self.get(article__uuid=article_uuid, entity__slug=entity_slug)


class MentionRole(models.TextChoices):
    ABOUT = "about", _("About")
    MENTIONS = "mentions", _("Mentions")


class MentionOrigin(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested by the machine")
    CONFIRMED = "confirmed", _("Confirmed by an editor")


class Mention(ArticlePart):
    """An entity named in an article (ninjs `rel`: what the article is about, or merely mentions)."""

    Role = MentionRole
    Origin = MentionOrigin

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("article"))
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="mentions", verbose_name=_("entity"))
    count = models.PositiveIntegerField(
        _("count"), default=1, validators=[MinValueValidator(1)], help_text=_("How many times the text names it.")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MENTIONS)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.CONFIRMED)

    objects = MentionManager()

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["article_id", "-count", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="mention_article_entity_unique"),
            models.CheckConstraint(condition=Q(count__gte=1), name="mention_count_positive_check"),
            choices_constraint("mention", "role", MentionRole),
            choices_constraint("mention", "origin", MentionOrigin),
        ]
        # "Articles about this entity" (the API's ?entity=): the entity's articles from the index alone.
        indexes = [models.Index(fields=["entity", "article"], name="mention_entity_article_idx")]

    def __str__(self):
        return f"{self.entity} ×{self.count}"

    def natural_key(self):
        return (str(self.article.uuid), self.entity.slug)

    natural_key.dependencies = ["articles.article", "articles.entity"]


class QuoteManager(ArticlePartManager):
    natural_fields = ("paragraph", "order")


class Quote(ArticlePart):
    """Words a speaker said, exactly as the body quotes them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("article"))
    text = bounded_text(
        "quote.text", _("quoted words"), help_text=_("Exactly as in the body, without the quotation marks.")
    )
    speaker = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("speaker"))
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("via source"),
        help_text=_("The outlet the quote was reported through, if any."),
    )
    paragraph = models.PositiveSmallIntegerField(_("paragraph"), validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("order in paragraph"), default=1, validators=[MinValueValidator(1)])

    objects = QuoteManager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["article_id", "paragraph", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "paragraph", "order"], name="quote_article_paragraph_order_unique"
            ),
            models.CheckConstraint(condition=Q(paragraph__gte=1), name="quote_paragraph_positive_check"),
            models.CheckConstraint(condition=Q(order__gte=1), name="quote_order_positive_check"),
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty_check"),
            length_constraint("quote.text"),
        ]

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"

    def natural_key(self):
        return (str(self.article.uuid), self.paragraph, self.order)

    natural_key.dependencies = ["articles.article", "articles.entity", "articles.source"]

    def clean(self):
        self.check_paragraph()
        article = self.validated_article()
        if article is not None and self.paragraph and self.text:
            found = article.paragraphs
            if self.paragraph <= len(found) and self.text not in found[self.paragraph - 1]:
                raise ValidationError(
                    {
                        "text": _("The quoted words must appear exactly in paragraph %(number)d of the body.")
                        % {"number": self.paragraph}
                    }
                )


# --------------------------------------------------------------------------- corrections


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    RETRACTION = "retraction", _("Retraction")


class Correction(models.Model):
    """A note the newsroom published about an article: a correction, or the reason for a retraction.

    Written only by the `correct` and `retract` transitions (articles/services/workflow.py); never edited.
    """

    Kind = CorrectionKind

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    note = bounded_text("correction.note", _("note"), help_text=_("What was wrong and what was changed, for readers."))
    public = models.BooleanField(_("public"), default=True, help_text=_("Shown to readers with the article."))
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("written by"),
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["article_id", "created_at", "id"]
        constraints = [
            choices_constraint("correction", "kind", CorrectionKind),
            models.CheckConstraint(condition=~Q(note=""), name="correction_note_not_empty_check"),
            length_constraint("correction.note"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.note[:80]}"
