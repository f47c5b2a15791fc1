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
