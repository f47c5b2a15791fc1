"""Collections: items in reading order; written as a whole or one item at a time."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.schema import SchemaOptional
from articles.api.serializers.common import ArticleRefField, StrictFieldsMixin
from articles.models import Article, Collection, CollectionItem


class CollectionArticleSerializer(SchemaOptional, serializers.ModelSerializer):
    """An article as a collection lists it. `status` is shown to staff only."""

    schema_optional_fields = ("status",)

    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="uuid")
    status = serializers.ChoiceField(
        choices=Article.Status.choices,
        read_only=True,
        required=False,
        help_text=gettext_lazy("Only for users who may see unpublished articles."),
    )

    class Meta:
        model = Article
        fields = ["uuid", "url", "headline", "published_at", "status"]

    def to_representation(self, article):
        data = super().to_representation(article)
        if not self.context.get("can_see_unpublished"):
            data.pop("status")
        return data


class CollectionItemSerializer(serializers.ModelSerializer):
    article = CollectionArticleSerializer()

    class Meta:
        model = CollectionItem
        fields = ["position", "pinned", "added_at", "article"]


class CollectionSerializer(serializers.ModelSerializer):
    """A collection with its items in reading order (pinned first, then by position).

    Readers see only the items whose article is visible to them, numbered 1..k in that order, so a
    hidden article leaves no gap; staff see the stored positions and every item.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:collection-detail", lookup_field="slug")
    items = serializers.SerializerMethodField()

    class Meta:
        model = Collection
        fields = ["slug", "url", "title", "description", "created_at", "updated_at", "items"]

    @extend_schema_field(CollectionItemSerializer(many=True))
    def get_items(self, collection) -> list[dict]:
        rows = CollectionItemSerializer(collection.visible_items, many=True, context=self.context).data
        if not self.context.get("can_see_unpublished"):
            for number, row in enumerate(rows, start=1):
                row["position"] = number
        return rows


class CollectionSlotSerializer(StrictFieldsMixin, serializers.Serializer):
    article = ArticleRefField(help_text=gettext_lazy("Article UUID."))
    pinned = serializers.BooleanField(default=False)

    def validate(self, attrs):
        # A PATCH makes nested fields optional too; an item still needs its article.
        if "article" not in attrs:
            raise serializers.ValidationError({"article": [_("This field is required.")]})
        return {"pinned": False, **attrs}


class CollectionWriteSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    slug = serializers.SlugField(max_length=200, allow_unicode=True, required=False)
    items = CollectionSlotSerializer(
        many=True,
        required=False,
        help_text=gettext_lazy(
            "The whole list of items in reading order; replaces the stored list. Omit it to keep the items."
        ),
    )

    class Meta:
        model = Collection
        fields = ["title", "slug", "description", "items"]


class CollectionItemAddSerializer(StrictFieldsMixin, serializers.Serializer):
    article = ArticleRefField(help_text=gettext_lazy("Article UUID."))
    position = serializers.IntegerField(
        min_value=1, required=False, help_text=gettext_lazy("1-based place; default: the end of its group.")
    )
    pinned = serializers.BooleanField(default=False)


class CollectionItemUpdateSerializer(StrictFieldsMixin, serializers.Serializer):
    position = serializers.IntegerField(min_value=1, required=False)
    pinned = serializers.BooleanField(required=False)
