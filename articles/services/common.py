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
    rows = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    # Look-alikes are taken too (slug_key). One query for every key the candidates could clash
    # with, not one per candidate tried (a key that does not extend the base's is asked alone).
    prefix = normalize(base)
    taken = set(rows.filter(slug_key__startswith=prefix).values_list("slug_key", flat=True))
    candidate, number = base, 1
    while (key := normalize(candidate)) in taken or (not key.startswith(prefix) and rows.filter(slug_key=key).exists()):
        number += 1
        candidate = f"{base}-{number}"
    return candidate
