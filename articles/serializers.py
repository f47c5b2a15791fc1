"""API shapes. Read serializers nest what a client needs in one request; write serializers accept
only the fields a client may set and refuse any other field by name."""

import uuid
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles import selectors, workflow
from articles.models import (
    Article,
    Attribution,
    AuditEntry,
    Caption,
    Collection,
    CollectionItem,
    Correction,
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


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["kind", "note", "created_at"]
        read_only_fields = fields


# --------------------------------------------------------------------------- articles


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="uuid")
    paragraphs = serializers.SerializerMethodField()
    captions = NestedCaptionSerializer(many=True, read_only=True)
    sources = NestedAttributionSerializer(source="attributions", many=True, read_only=True)
    entities = NestedMentionSerializer(source="mentions", many=True, read_only=True)
    quotes = NestedQuoteSerializer(many=True, read_only=True)
    corrections = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "In search results (`q`): the best matching passage as HTML, matches in <mark>…</mark>, "
            "everything else escaped. Null otherwise."
        )
    )

    def __init__(self, *args, fields: Sequence[str] | None = None, **kwargs):
        """`fields`: only these of Meta.fields (the API's `?fields=`; see views.requested_fields)."""
        super().__init__(*args, **kwargs)
        if fields is not None:
            for name in set(self.fields) - set(fields):
                del self.fields[name]

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
            "corrections",
            "snippet",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_paragraphs(self, article) -> list[str]:
        return article.paragraphs

    @extend_schema_field(CorrectionSerializer(many=True))
    def get_corrections(self, article) -> list[dict]:
        """Public corrections and retraction notes, oldest first (prefetched by selectors.article_list)."""
        rows = getattr(article, "public_corrections", None)
        if rows is None:
            rows = article.corrections.filter(public=True).order_by("created_at", "id")
        return CorrectionSerializer(rows, many=True).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_snippet(self, article) -> str | None:
        snippets = self.context.get("snippets")
        return None if snippets is None else snippets.get(article.pk)


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


# --------------------------------------------------------------------------- collections


class CollectionArticleSerializer(serializers.ModelSerializer):
    """An article as a collection lists it. `status` is shown to staff only."""

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


class VisibleArticleRefField(ArticleRefField):
    """An article named by UUID, among those the requesting user may see (others: "does not exist")."""

    def get_queryset(self):
        request = self.context.get("request")
        return selectors.visible_articles(user=getattr(request, "user", None))


class CollectionSlotSerializer(StrictFieldsMixin, serializers.Serializer):
    article = VisibleArticleRefField(help_text=gettext_lazy("Article UUID."))
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
    article = VisibleArticleRefField(help_text=gettext_lazy("Article UUID."))
    position = serializers.IntegerField(
        min_value=1, required=False, help_text=gettext_lazy("1-based place; default: the end of its group.")
    )
    pinned = serializers.BooleanField(default=False)


class CollectionItemUpdateSerializer(StrictFieldsMixin, serializers.Serializer):
    position = serializers.IntegerField(min_value=1, required=False)
    pinned = serializers.BooleanField(required=False)


# --------------------------------------------------------------------------- entity merge


class EntityMergeSerializer(StrictFieldsMixin, serializers.Serializer):
    into = serializers.SlugRelatedField(
        slug_field="slug", queryset=Entity.objects.all(), help_text=gettext_lazy("Slug of the entity that survives.")
    )


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


# --------------------------------------------------------------------------- audit


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_name", read_only=True, help_text=gettext_lazy("Username at the time."))

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "details",
            "ip_address",
            "user_agent",
        ]
        read_only_fields = fields


# --------------------------------------------------------------------------- workflow


class TransitionRequestSerializer(StrictFieldsMixin, serializers.Serializer):
    transition = serializers.ChoiceField(
        choices=workflow.USER_TRANSITIONS, help_text="Name of the transition (see GET …/transitions/)."
    )
    published_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="publish: optional, now or in the past (default now); schedule: required, in the future.",
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=True,
        help_text="Public note for readers; required by correct and retract.",
    )


class TransitionSerializer(serializers.Serializer):
    """One transition the current user may take now."""

    name = serializers.CharField()
    label = serializers.CharField()
    target_status = serializers.ChoiceField(choices=Article.Status.choices, source="target")
    needs_note = serializers.BooleanField()
    published_at = serializers.ChoiceField(
        choices=["none", "optional", "required"],
        help_text="Whether the transition takes a publication time.",
    )


class ArticleTransitionsSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    status = serializers.ChoiceField(choices=Article.Status.choices)
    version = serializers.IntegerField()
    transitions = TransitionSerializer(many=True)
