"""Helpers every service uses: assigning input, validating before saving, unique slugs."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Model
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.errors import ServiceError
from articles.models.validation import validate
from articles.text import normalize

__all__ = ["assign", "only_fields", "unique_slug", "validate", "validated_save"]


def assign(instance: Model, data: Mapping[str, Any]) -> None:
    for field, value in data.items():
        setattr(instance, field, value)


def validated_save(instance: Model) -> Model:
    validate(instance)
    instance.save()
    return instance


def only_fields(data: Mapping[str, Any], allowed: Iterable[str], *, why: str | None = None) -> None:
    """Refuse input that names a field this write does not set (ServiceError naming the fields)."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ServiceError(
            why or _("These fields cannot be set here: %(fields)s.") % {"fields": ", ".join(unknown)},
            code="field_not_writable",
        )


def unique_slug(model: type[Model], text: str, *, exclude_pk=None, max_length: int = 200) -> str:
    """A Unicode slug for `text` that no other row of `model` uses (suffixes -2, -3, … on clashes)."""
    base = slugify(text, allow_unicode=True)[: max_length - 8].strip("-") or "item"
    candidate, number = base, 1
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while taken.filter(slug_key=normalize(candidate)).exists():  # look-alikes are taken too
        number += 1
        candidate = f"{base}-{number}"
    return candidate
