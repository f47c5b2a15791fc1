"""API shapes. Read serializers nest what a client needs in one request; write serializers accept
only the fields a client may set and refuse any other field by name."""

import uuid

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
    entity = serializers.SlugRelatedField(
        slug_field="slug", queryset=Entity.objects.all(), required=False, allow_null=True
    )

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
    """An article named by its public UUID."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", queryset=Article.objects.all(), **kwargs)

    def to_internal_value(self, data):
        try:
            uuid.UUID(str(data))
        except (TypeError, ValueError, AttributeError):
            self.fail("invalid")
        return super().to_internal_value(data)


class CaptionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    article = ArticleRefField()

    class Meta:
        model = Caption
        fields = ["id", "article", "order", "text", "alt_text", "credit", "is_archival", "is_illustrative", "image_url"]


class AttributionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    article = ArticleRefField()
    source = serializers.SlugRelatedField(slug_field="slug", queryset=Source.objects.all())

    class Meta:
        model = Attribution
        fields = ["id", "article", "source", "phrase", "paragraph"]


class MentionSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    article = ArticleRefField()
    entity = serializers.SlugRelatedField(slug_field="slug", queryset=Entity.objects.all())

    class Meta:
        model = Mention
        fields = ["id", "article", "entity", "count", "role", "origin"]


class QuoteSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    article = ArticleRefField()
    speaker = serializers.SlugRelatedField(slug_field="slug", queryset=Entity.objects.all())
    source = serializers.SlugRelatedField(
        slug_field="slug", queryset=Source.objects.all(), required=False, allow_null=True
    )

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
    snippet = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "In search results (`q`): the best matching passage as HTML, matches in <mark>…</mark>, "
            "everything else escaped. Null otherwise."
        )
    )

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
            "snippet",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_paragraphs(self, article) -> list[str]:
        return article.paragraphs

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_snippet(self, article) -> str | None:
        snippets = self.context.get("snippets")
        return None if snippets is None else snippets.get(article.pk)


class ArticleWriteSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    slug = serializers.SlugField(max_length=300, allow_unicode=True, required=False)

    class Meta:
        model = Article
        fields = ["headline", "slug", "summary", "body", "language", "byline", "editor_note"]
