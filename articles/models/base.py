"""Shared pieces of the models: validators, the choices check constraint, paragraphs, timestamps."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from articles.text import identifier, normalize

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


#: The longest text a client may write into each unbounded (TEXT) column, in characters. The models
#: validate them (`bounded_text`) and the database agrees (`length_constraint`).
TEXT_LIMITS = {
    "article.body": 100_000,
    "article.summary": 1_000,
    "article.editor_note": 5_000,
    "caption.text": 2_000,
    "caption.alt_text": 1_000,
    "quote.text": 5_000,
    "correction.note": 5_000,
    "collection.description": 2_000,
    "entity.description": 5_000,
}


def bounded_text(key: str, verbose_name, **kwargs) -> models.TextField:
    """A TEXT column holding at most TEXT_LIMITS[key] characters (forms, serializers and full_clean)."""
    limit = TEXT_LIMITS[key]
    return models.TextField(verbose_name, max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs)


def length_constraint(key: str) -> models.CheckConstraint:
    """The database's side of `bounded_text`: char_length(column) <= TEXT_LIMITS[key]."""
    model_name, field = key.split(".")
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), TEXT_LIMITS[key]), name=f"{model_name}_{field}_length_check"
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


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugKeyed(models.Model):
    """A model addressed by a Unicode `slug`, which is stored in its NFKC form and is unique under its
    matching form (`slug_key`: case-folded, Arabic letter variants and digits unified, the one
    normalisation of articles/text): `AXIOS`, full-width `ａｘｉｏｓ` or a slug differing from another
    only by Persian and Arabic yeh are the same slug. full_clean refuses a look-alike naming the row
    it collides with; the database's unique index on `slug_key` is the guard behind it."""

    slug_key = models.CharField(
        _("slug key"),
        max_length=600,
        unique=True,
        null=True,
        editable=False,
        help_text=_("The matching form of the slug, unique: look-alike slugs collide."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.set_slug_key()
        if kwargs.get("update_fields") is not None and "slug" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "slug_key"}
        super().save(*args, **kwargs)

    def set_slug_key(self) -> None:
        if self.slug:
            self.slug = identifier(self.slug)
        self.slug_key = normalize(self.slug) if self.slug else None

    def clean_fields(self, exclude=None):
        self.set_slug_key()
        super().clean_fields(exclude)

    def validate_unique(self, exclude=None):
        """Uniqueness, with a look-alike slug refused under `slug` naming the row it collides with
        (a caller that knows the slug unchanged excludes it: no query then)."""
        exclude = set(exclude or ())
        errors = {}
        try:
            super().validate_unique(exclude=exclude | {"slug", "slug_key"})  # below, naming the other row
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.slug_key and "slug" not in errors and "slug" not in exclude:
            other = type(self)._default_manager.filter(slug_key=self.slug_key).exclude(pk=self.pk).first()
            if other is not None:
                errors["slug"] = [self.look_alike_error(other)]
        if errors:
            raise ValidationError(errors)

    def look_alike_error(self, other) -> ValidationError:
        return ValidationError(
            _("This slug is the same as “%(existing)s”, the slug of the %(model)s “%(name)s”: choose another."),
            code="unique",
            params={"existing": other.slug, "model": self._meta.verbose_name, "name": str(other)},
        )
