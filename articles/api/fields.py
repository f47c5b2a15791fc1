"""Parsing what a client puts in the URL: UUIDs, and `?fields=`."""

import uuid

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


def uuid_or_400(value: str, param: str = "uuid") -> str:
    """`value` if it is a UUID, else a 400 naming `param`."""
    try:
        uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise ValidationError({param: [_("“%(value)s” is not a valid UUID.") % {"value": value}]}) from None
    return value


def requested_fields(request, allowed) -> tuple[str, ...] | None:
    """`?fields=`: the names of the representation's fields the client asks for (None: all of them)."""
    value = request.query_params.get("fields")
    if value is None:
        return None
    names = tuple(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))
    unknown = [name for name in names if name not in allowed]
    if unknown:
        message = _("Unknown field: %(unknown)s. The fields are: %(fields)s.")
    elif not names:
        message = _("Name at least one field. The fields are: %(fields)s.")
    else:
        return names
    raise ValidationError({"fields": [message % {"unknown": ", ".join(unknown), "fields": ", ".join(allowed)}]})
