"""Fields and mixins every serializer of the API uses."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from articles import selectors
from articles.api.fields import uuid_or_400
from articles.models import Article


class OptionalURLField(serializers.URLField):
    """A URL that may be absent: stored as "", shown as null (never an empty string where the schema
    promises a URI), and accepted as null or "" on input."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return "" if data in (None, "") else super().to_internal_value(data)

    def validate_empty_values(self, data):
        if data is None:
            return True, ""
        return super().validate_empty_values(data)

    def to_representation(self, value):
        return value or None


class StrictFieldsMixin:
    """Refuse input that names a field the serializer does not accept (typos must not pass silently)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown or read-only field.")] for name in unknown})
        return super().to_internal_value(data)


class SlugRefField(serializers.SlugRelatedField):
    """A source or entity named by its slug. A value that is not a string names nothing: a 400, never
    a database error (a NUL never gets here: the JSON parser refuses it, articles/api/limits.py)."""

    default_error_messages = {"invalid": gettext_lazy("Enter a slug (a string).")}

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, int | float) and not isinstance(data, bool):
            data = str(data)
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ArticleRefField(serializers.SlugRelatedField):
    """An article named by its public UUID; only an article the writer may read can be named."""

    default_error_messages = {
        "invalid": gettext_lazy("“{value}” is not a valid UUID."),
        "does_not_exist": gettext_lazy("No article with UUID “{value}”."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", queryset=Article.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return selectors.visible_articles(user=getattr(request, "user", None))

    def to_internal_value(self, data):
        try:
            uuid_or_400(data)
        except serializers.ValidationError:
            self.fail("invalid", value=data)
        return super().to_internal_value(data)
