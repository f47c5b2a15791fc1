"""Shared pieces of the models: validators, the choices check constraint, paragraphs, timestamps."""

import re

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
