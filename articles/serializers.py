"""API shapes. Read serializers nest what a client needs in one request; write serializers accept
only the fields a client may set and refuse any other field by name."""

import uuid

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles import selectors
from articles.models import (
    Article,
    Attribution,
    Caption,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    SourceAlias,
)


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
    """A source or entity named by its slug. A value that is not a string, or holds a NUL (which
    PostgreSQL refuses to compare), names nothing: a 400, never a database error."""

    default_error_messages = {"invalid": gettext_lazy("Enter a slug (a string).")}

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, int | float) and not isinstance(data, bool):
            data = str(data)
        if not isinstance(data, str):
            self.fail("invalid")
        if "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


# --------------------------------------------------------------------------- sources and entities


class EntityAliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntityAlias
        fields = ["name", "language"]


class SourceAliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourceAlias
        fields = ["name", "language"]


class EntitySerializer(StrictFieldsMixin, serializers.ModelSerializer):
    aliases = EntityAliasSerializer(many=True, read_only=True)
    slug = serializers.SlugField(max_length=200, allow_unicode=True, required=False)

    class Meta:
        model = Entity
        fields = [
            "slug",
            "name",
            "name_en",
            "kind",
            "description",
            "wikidata_id",
            "iptc_subject",
            "aliases",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class EntityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["slug", "name", "name_en", "kind", "wikidata_id"]


class SourceSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    aliases = SourceAliasSerializer(many=True, read_only=True)
    slug = serializers.SlugField(max_length=200, allow_unicode=True, required=False)
    entity = SlugRefField(queryset=Entity.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            "name",
            "name_en",
            "kind",
            "homepage",
            "country",
            "entity",
            "aliases",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class SourceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "name", "name_en", "kind"]


# --------------------------------------------------------------------------- article parts


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
            uuid.UUID(str(data))
        except (TypeError, ValueError, AttributeError):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class CaptionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    article = ArticleRefField()

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


# Nested inside an article: the article is implied, related rows are shown in full.


class NestedCaptionSerializer(serializers.ModelSerializer):
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


# --------------------------------------------------------------------------- articles


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="uuid")
    paragraphs = serializers.SerializerMethodField()
    captions = NestedCaptionSerializer(many=True, read_only=True)
    sources = NestedAttributionSerializer(source="attributions", many=True, read_only=True)
    entities = NestedMentionSerializer(source="mentions", many=True, read_only=True)
    quotes = NestedQuoteSerializer(many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "uuid",
            "url",
            "headline",
            "slug",
            "summary",
            "body",
            "paragraphs",
            "language",
            "status",
            "published_at",
            "byline",
            "version",
            "created_at",
            "updated_at",
            "captions",
            "sources",
            "entities",
            "quotes",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_paragraphs(self, article) -> list[str]:
        return article.paragraphs


class ArticleWriteSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    slug = serializers.SlugField(max_length=300, allow_unicode=True, required=False)

    class Meta:
        model = Article
        fields = ["headline", "slug", "summary", "body", "language", "byline", "editor_note"]
        # The body is stored exactly as written: a closing no-break space is part of the text.
        extra_kwargs = {"body": {"trim_whitespace": False}}

    def validate_body(self, value):
        if not value.strip():
            self.fields["body"].fail("blank")
        return value
