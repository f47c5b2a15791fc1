"""Entities and sources, their aliases, and the entity merge."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from articles import selectors
from articles.api.serializers.common import OptionalURLField, SlugRefField, StrictFieldsMixin
from articles.models import Entity, EntityAlias, Source, SourceAlias


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
    homepage = OptionalURLField(max_length=200)

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


class EntityMergeSerializer(StrictFieldsMixin, serializers.Serializer):
    into = SlugRefField(queryset=Entity.objects.all(), help_text=gettext_lazy("Slug of the entity that survives."))


class DuplicateEntitySerializer(serializers.ModelSerializer):
    mention_count = serializers.IntegerField(source="mention_total", read_only=True)

    class Meta:
        model = Entity
        fields = ["slug", "name", "name_en", "kind", "wikidata_id", "mention_count"]


class EntityDuplicateSerializer(serializers.Serializer):
    entities = DuplicateEntitySerializer(many=True, read_only=True)
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=selectors.DUPLICATE_REASONS),
        read_only=True,
        help_text=gettext_lazy(
            "same_name: equal normalised names; name_is_alias: one's name is the other's alias; "
            "same_without_article: equal once «ال» is taken off each word."
        ),
    )
    key = serializers.CharField(read_only=True, help_text=gettext_lazy("The normalised form the two share."))
    suggested_survivor = serializers.CharField(
        source="suggested_survivor.slug", read_only=True, help_text=gettext_lazy("The more-mentioned of the two.")
    )
