"""Captions, attributions, mentions and quotes: on their own, and nested in an article."""

from rest_framework import serializers

from articles.api.serializers.common import ArticleRefField, OptionalURLField, SlugRefField, StrictFieldsMixin
from articles.api.serializers.names import EntityRefSerializer, SourceRefSerializer
from articles.models import Attribution, Caption, Entity, Mention, Quote, Source


class CaptionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    article = ArticleRefField()
    image_url = OptionalURLField(max_length=500)

    class Meta:
        model = Caption
        fields = ["id", "article", "order", "text", "alt_text", "credit", "is_archival", "is_illustrative", "image_url"]


class AttributionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    article = ArticleRefField()
    source = SlugRefField(queryset=Source.objects.all())

    class Meta:
        model = Attribution
        fields = ["id", "article", "source", "phrase", "paragraph"]


class MentionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    article = ArticleRefField()
    entity = SlugRefField(queryset=Entity.objects.all())

    class Meta:
        model = Mention
        fields = ["id", "article", "entity", "count", "role", "origin"]


class QuoteSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    article = ArticleRefField()
    speaker = SlugRefField(queryset=Entity.objects.all())
    source = SlugRefField(queryset=Source.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Quote
        fields = ["id", "article", "text", "speaker", "source", "paragraph", "order"]


class NestedCaptionSerializer(serializers.ModelSerializer):
    image_url = OptionalURLField(max_length=500)

    class Meta:
        model = Caption
        fields = ["id", "order", "text", "alt_text", "credit", "is_archival", "is_illustrative", "image_url"]


class NestedAttributionSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer()

    class Meta:
        model = Attribution
        fields = ["source", "phrase", "paragraph"]


class NestedMentionSerializer(serializers.ModelSerializer):
    entity = EntityRefSerializer()

    class Meta:
        model = Mention
        fields = ["entity", "count", "role", "origin"]


class NestedQuoteSerializer(serializers.ModelSerializer):
    speaker = EntityRefSerializer()
    source = SourceRefSerializer(allow_null=True)

    class Meta:
        model = Quote
        fields = ["id", "text", "speaker", "source", "paragraph", "order"]


# --------------------------------------------------------------------------- parts written with a new article


class DeferredSlugRef:
    """A slug a nested part names, looked up with every other slug of the request at once."""

    def __init__(self, field: "DeferredSlugRefField", value: str):
        self.field, self.value = field, value


class DeferredSlugRefField(SlugRefField):
    """As SlugRefField, but the row is looked up later, in bulk (ArticleWriteSerializer.validate)."""

    def to_internal_value(self, data):
        if isinstance(data, int | float) and not isinstance(data, bool):
            data = str(data)
        if not isinstance(data, str):
            self.fail("invalid")
        return DeferredSlugRef(self, data)


def resolve_deferred_refs(parts: dict[str, list[dict]]) -> None:
    """Replace every DeferredSlugRef in the parts' data by its row: one query per model named.
    A slug naming nothing is a 400 naming the part, its position and the field."""
    wanted: dict[type, set[str]] = {}
    for rows in parts.values():
        for row in rows:
            for value in row.values():
                if isinstance(value, DeferredSlugRef):
                    wanted.setdefault(value.field.queryset.model, set()).add(value.value)
    found = {
        model: {row.slug: row for row in model.objects.filter(slug__in={s for s in slugs if "\x00" not in s})}
        for model, slugs in wanted.items()
    }
    errors = {}
    for kind, rows in parts.items():
        for index, row in enumerate(rows):
            for name, value in row.items():
                if not isinstance(value, DeferredSlugRef):
                    continue
                match = found[value.field.queryset.model].get(value.value)
                if match is None:
                    message = value.field.error_messages["does_not_exist"].format(slug_name="slug", value=value.value)
                    errors.setdefault(kind, {}).setdefault(str(index), {})[name] = [message]
                row[name] = match
    if errors:
        raise serializers.ValidationError(errors)


class NewCaptionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    image_url = OptionalURLField(max_length=500, required=False)

    class Meta:
        model = Caption
        fields = ["order", "text", "alt_text", "credit", "is_archival", "is_illustrative", "image_url"]


class NewAttributionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    source = DeferredSlugRefField(queryset=Source.objects.all())

    class Meta:
        model = Attribution
        fields = ["source", "phrase", "paragraph"]


class NewMentionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    entity = DeferredSlugRefField(queryset=Entity.objects.all())

    class Meta:
        model = Mention
        fields = ["entity", "count", "role", "origin"]


class NewQuoteSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    speaker = DeferredSlugRefField(queryset=Entity.objects.all())
    source = DeferredSlugRefField(queryset=Source.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Quote
        fields = ["text", "speaker", "source", "paragraph", "order"]


#: The parts a new article may be written with, by the name of their list in the request.
NEW_PART_SERIALIZERS = {
    "captions": NewCaptionSerializer,
    "attributions": NewAttributionSerializer,
    "mentions": NewMentionSerializer,
    "quotes": NewQuoteSerializer,
}
