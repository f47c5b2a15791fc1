"""Articles: the read shape (every part nested) and the write shape (content fields only)."""

from collections.abc import Sequence

from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.schema import SchemaOptional
from articles.api.serializers.common import StrictFieldsMixin
from articles.api.serializers.parts import (
    NEW_PART_SERIALIZERS,
    NestedAttributionSerializer,
    NestedCaptionSerializer,
    NestedMentionSerializer,
    NestedQuoteSerializer,
    NewAttributionSerializer,
    NewCaptionSerializer,
    NewMentionSerializer,
    NewQuoteSerializer,
    resolve_deferred_refs,
)
from articles.models import Article, Correction


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["kind", "note", "created_at"]
        read_only_fields = fields


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
        """`fields`: only these of Meta.fields (the API's `?fields=`; see api.fields.requested_fields)."""
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
        """Public corrections and retraction notes, oldest first (prefetched by selectors.with_article_parts)."""
        rows = getattr(article, "public_corrections", None)
        if rows is None:
            rows = article.corrections.filter(public=True).order_by("created_at", "id")
        return CorrectionSerializer(rows, many=True).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_snippet(self, article) -> str | None:
        snippets = self.context.get("snippets")
        return None if snippets is None else snippets.get(article.pk)


class ArticleFieldsSerializer(SchemaOptional, ArticleSerializer):
    """The article as reads answer it: every field, or the subset `?fields=` asks for (so none is
    required in the schema). Writes answer with `ArticleSerializer`, every field present."""

    class Meta(ArticleSerializer.Meta):
        pass


class ArticleWriteSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    slug = serializers.SlugField(max_length=300, allow_unicode=True, required=False)
    # A new article may come with its parts (one request, one version, one revision); later they
    # change through their own endpoints (/captions/, /attributions/, /mentions/, /quotes/).
    captions = NewCaptionSerializer(many=True, required=False, write_only=True)
    attributions = NewAttributionSerializer(many=True, required=False, write_only=True)
    mentions = NewMentionSerializer(many=True, required=False, write_only=True)
    quotes = NewQuoteSerializer(many=True, required=False, write_only=True)

    class Meta:
        model = Article
        fields = ["headline", "slug", "summary", "body", "language", "byline", "editor_note", *NEW_PART_SERIALIZERS]
        # The body is stored exactly as written: a closing no-break space is part of the text.
        extra_kwargs = {"body": {"trim_whitespace": False}}

    def validate(self, attrs):
        parts = {kind: attrs[kind] for kind in NEW_PART_SERIALIZERS if kind in attrs}
        if parts and self.instance is not None:
            raise serializers.ValidationError(
                {
                    kind: [
                        gettext("Parts are written with a new article only; change them through /%(kind)s/.")
                        % {"kind": kind}
                    ]
                    for kind in parts
                }
            )
        resolve_deferred_refs(parts)
        return attrs

    def validate_body(self, value):
        if not value.strip():
            self.fields["body"].fail("blank")
        return value
