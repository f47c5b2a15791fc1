"""Entities and sources: the names articles mention and attribute to, with their aliases."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.base import (
    COUNTRY_VALIDATOR,
    LANGUAGE_TAG_VALIDATOR,
    WIKIDATA_VALIDATOR,
    SlugKeyed,
    SlugManager,
    TimestampedModel,
    bounded_text,
    choices_constraint,
    length_constraint,
)
from articles.text import normalize

# --------------------------------------------------------------------------- entities


class NamedModel(SlugKeyed, TimestampedModel):
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
    description = bounded_text("entity.description", _("description"), blank=True)
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
            length_constraint("entity.description"),
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
