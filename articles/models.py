"""The newsroom's content model.

Text is stored exactly as written; every name that is matched against text also has a
`*_normalized` shadow (see articles/text) that the service layer keeps current. Integrity lives in
the database: every choice field has a check constraint and every natural key a unique constraint,
named `<model>_<purpose>_<kind>`.
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.text import normalize

LANGUAGE_TAG_VALIDATOR = RegexValidator(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$",
    _("Enter a BCP 47 language tag such as ar, en or ar-EG."),
)
WIKIDATA_VALIDATOR = RegexValidator(r"^Q[1-9][0-9]*$", _("Enter a Wikidata item id such as Q42."))
COUNTRY_VALIDATOR = RegexValidator(r"^[A-Z]{2}$", _("Enter an ISO 3166-1 alpha-2 code such as US."))


def choices_constraint(model_name: str, field: str, choices) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"{model_name}_{field}_valid_check",
    )


#: One or more blank lines (lines holding nothing but spaces, NBSP or tabs), LF or CRLF: browsers
#: send a textarea's line breaks as CRLF, so a body edited in the admin has them.
BLANK_LINES = re.compile(r"\r?\n(?:[^\S\r\n]*\r?\n)+")


def paragraphs(body: str) -> list[str]:
    """Split a body into its paragraphs (separated by blank lines), keeping each one as written.

    Line breaks may be CRLF: browsers submit textareas (the admin) that way.
    """
    return [part for part in BLANK_LINES.split(body.strip("\r\n")) if part.strip()]


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


# --------------------------------------------------------------------------- entities


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class NamedModel(TimestampedModel):
    """Entities and sources: a name as written (declared by each subclass with its own help text),
    its English form, its normalised matching shadow and a Unicode slug (the natural key)."""

    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    name_normalized = models.CharField(
        _("normalised name"),
        max_length=600,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Matching form of the name (no diacritics, unified alef/ya/ta marbuta)."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)

    objects = SlugManager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        self.name_normalized = normalize(self.name)


class EntityKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    PLACE = "place", _("Place")
    EVENT = "event", _("Event")
    TOPIC = "topic", _("Topic")


class Entity(NamedModel):
    """A person, organisation, place, event or topic that articles mention."""

    Kind = EntityKind

    name = models.CharField(_("name"), max_length=200, help_text=_("Canonical name, as the newsroom writes it."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    wikidata_id = models.CharField(
        _("Wikidata id"),
        max_length=20,
        blank=True,
        validators=[WIKIDATA_VALIDATOR],
        help_text=_("Optional external identifier, e.g. Q794 for Iran."),
    )
    iptc_subject = models.CharField(
        _("IPTC media topic"),
        max_length=20,
        blank=True,
        help_text=_("Optional IPTC Media Topic code (medtop:…) for topics."),
    )

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["name", "id"]
        constraints = [
            choices_constraint("entity", "kind", EntityKind),
            models.CheckConstraint(condition=~Q(name=""), name="entity_name_not_empty_check"),
            models.CheckConstraint(condition=~Q(slug=""), name="entity_slug_not_empty_check"),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__startswith="Q"),
                name="entity_wikidata_id_format_check",
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"], condition=~Q(wikidata_id=""), name="entity_wikidata_id_unique"
            ),
        ]
        indexes = [models.Index(fields=["kind", "name_normalized"], name="entity_kind_name_idx")]
        permissions = [("merge_entity", _("Can merge a duplicate entity into another"))]


class AliasManager(models.Manager):
    def get_by_natural_key(self, owner_slug, name):
        return self.get(**{f"{self.model.owner_field}__slug": owner_slug, "name": name})


class Alias(models.Model):
    """Another way text refers to an entity or a source (a spelling, an abbreviation, a translation).

    Subclasses add the foreign key named by `owner_field`.
    """

    owner_field = ""

    name = models.CharField(_("alias"), max_length=200)
    name_normalized = models.CharField(_("normalised alias"), max_length=600, blank=True, editable=False, db_index=True)
    language = models.CharField(
        _("language"),
        max_length=35,
        default="ar",
        validators=[LANGUAGE_TAG_VALIDATOR],
        help_text=_("BCP 47 tag of the alias's language."),
    )

    objects = AliasManager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def natural_key(self):
        return (getattr(self, self.owner_field).slug, self.name)

    def clean(self):
        self.name_normalized = normalize(self.name)


class EntityAlias(Alias):
    owner_field = "entity"

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("entity"))

    class Meta:
        verbose_name = _("entity alias")
        verbose_name_plural = _("entity aliases")
        ordering = ["entity_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="entityalias_entity_name_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="entityalias_name_not_empty_check"),
        ]


# --------------------------------------------------------------------------- sources


class SourceKind(models.TextChoices):
    NEWS_AGENCY = "news_agency", _("News agency")
    NEWSPAPER = "newspaper", _("Newspaper")
    WEBSITE = "website", _("Website")
    BROADCASTER = "broadcaster", _("Broadcaster")
    GOVERNMENT = "government", _("Government")
    OTHER = "other", _("Other")


class Source(NamedModel):
    """An outlet or body that an article attributes information to."""

    Kind = SourceKind

    name = models.CharField(_("name"), max_length=200, help_text=_("Name in Arabic, as articles write it."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    homepage = models.URLField(_("homepage"), blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[COUNTRY_VALIDATOR],
        help_text=_("ISO 3166-1 alpha-2 code of the country the source is based in."),
    )
    entity = models.ForeignKey(
        Entity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("entity"),
        help_text=_("The entity this source is, when it also acts in the news (e.g. is quoted)."),
    )

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name", "id"]
        constraints = [
            choices_constraint("source", "kind", SourceKind),
            models.CheckConstraint(condition=~Q(name=""), name="source_name_not_empty_check"),
            models.CheckConstraint(condition=~Q(slug=""), name="source_slug_not_empty_check"),
        ]


class SourceAlias(Alias):
    owner_field = "source"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("source"))

    class Meta:
        verbose_name = _("source alias")
        verbose_name_plural = _("source aliases")
        ordering = ["source_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "name"], name="sourcealias_source_name_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="sourcealias_name_not_empty_check"),
        ]


# --------------------------------------------------------------------------- articles


class ArticleQuerySet(models.QuerySet):
    """Articles. The result of a search (articles.search.search_articles) carries the search's
    window of matches as `search_window`, which can count it and read a page of it cheaply."""

    search_window = None

    def _clone(self):
        clone = super()._clone()
        clone.search_window = self.search_window
        return clone

    def count(self):
        if self._result_cache is None and self.search_window is not None:
            known = self.search_window.count(self)
            if known is not None:
                return known
        return super().count()

    def _fetch_all(self):
        if self._result_cache is None and self.search_window is not None:
            page = self.search_window.page(self)
            if page is not None:
                self._result_cache = list(page)  # with its prefetches
                self._prefetch_done = True
        super()._fetch_all()


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, uuid_value):
        return self.get(uuid=uuid_value)


class ArticleStatus(models.TextChoices):
    """Workflow states; articles move between them only through articles/workflow.py."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    CORRECTED = "corrected", _("Corrected")
    RETRACTED = "retracted", _("Retracted")


class Article(TimestampedModel):
    """A news article. Addressed publicly by `uuid`; `version` grows on every write."""

    Status = ArticleStatus

    #: States in which an article can be shown to readers (once its publication time has come).
    #: A scheduled article is public from its publication time on, with no background job: the
    #: `publish_scheduled` command only records the state change afterwards.
    PUBLIC_STATUSES = (Status.SCHEDULED, Status.PUBLISHED, Status.CORRECTED)
    #: States that need a publication time.
    TIMED_STATUSES = (Status.SCHEDULED, Status.PUBLISHED, Status.CORRECTED, Status.RETRACTED)

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=300, unique=True, allow_unicode=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences for lists and search."))
    body = models.TextField(
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
    editor_note = models.TextField(_("editor's note"), blank=True, help_text=_("Internal; never shown to readers."))
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
                condition=~Q(status__in=["scheduled", "published", "corrected", "retracted"])
                | Q(published_at__isnull=False),
                name="article_published_has_time_check",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="article_version_positive_check"),
            models.CheckConstraint(condition=~Q(headline=""), name="article_headline_not_empty_check"),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty_check"),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty_check"),
            models.CheckConstraint(condition=~Q(language=""), name="article_language_not_empty_check"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published_idx"),
            models.Index(fields=["language"], name="article_language_idx"),
            # The list order, and the walk that finds the most recent matches of a search.
            models.Index(fields=["-published_at", "-id"], name="article_published_id_idx"),
        ]
        #: The workflow's permissions (see articles/workflow.py for which transition needs which, and
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
    text = models.TextField(_("caption"), help_text=_("Shown under the image, as written."))
    alt_text = models.TextField(_("alt text"), blank=True, help_text=_("Describes the image for screen readers."))
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
    text = models.TextField(_("quoted words"), help_text=_("Exactly as in the body, without the quotation marks."))
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


# --------------------------------------------------------------------------- audit


class AuditEntry(models.Model):
    """Who did what, when and from where: transitions, reverts, merges, permission changes.

    Rows are only ever added (services.audit_record); the admin shows them read-only.
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


# --------------------------------------------------------------------------- collections


class Collection(TimestampedModel):
    """A curated, ordered list of articles: a story package or a slot on the home page.

    Reading order of its items: pinned items first, then by position. The services keep positions
    dense (1..n) and equal to that reading order, so sorting by position alone gives the same list.
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True, help_text=_("What the collection is for."))
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


# --------------------------------------------------------------------------- revisions


class ArticleRevision(models.Model):
    """Which article, at which version, a django-reversion `Revision` records.

    One row per revision, sharing its primary key, so that an article's history is one indexed
    query and two revisions can be named by their version. `reverted_to` is set when the revision
    restored an earlier version. Rows are written only by articles.revisions.recording().
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


# --------------------------------------------------------------------------- corrections


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    RETRACTION = "retraction", _("Retraction")


class Correction(models.Model):
    """A note the newsroom published about an article: a correction, or the reason for a retraction.

    Written only by the `correct` and `retract` transitions (articles/workflow.py); never edited.
    """

    Kind = CorrectionKind

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("article")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    note = models.TextField(_("note"), help_text=_("What was wrong and what was changed, for readers."))
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
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.note[:80]}"
