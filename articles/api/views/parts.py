"""Captions, attributions, mentions and quotes: each write is a new version of its article."""

from articles import selectors, services
from articles.api.filters import AttributionFilter, CaptionFilter, MentionFilter, QuoteFilter
from articles.api.serializers.parts import (
    AttributionSerializer,
    CaptionSerializer,
    MentionSerializer,
    QuoteSerializer,
)
from articles.api.views.base import ContentViewSet
from articles.models import Attribution, Caption, Mention, Quote


class ArticlePartViewSet(ContentViewSet):
    """A part of an article; editing one is editing its article (the services apply its edit rule)."""

    model = None

    def get_queryset(self):
        return selectors.article_part_list(self.model, user=self.request.user)

    def perform_write(self, instance, data):
        return services.article_part_save(actor=self.actor, part=instance or self.model(), data=data)

    def perform_destroy(self, instance):
        services.article_part_delete(actor=self.actor, part=instance)


class CaptionViewSet(ArticlePartViewSet):
    model = Caption
    serializer_class = CaptionSerializer
    filterset_class = CaptionFilter
    ordering_fields = ["order", "id"]
    ordering = ["article_id", "order"]


class QuoteViewSet(ArticlePartViewSet):
    model = Quote
    serializer_class = QuoteSerializer
    filterset_class = QuoteFilter
    ordering_fields = ["paragraph", "id"]
    ordering = ["article_id", "paragraph", "order"]


class MentionViewSet(ArticlePartViewSet):
    model = Mention
    serializer_class = MentionSerializer
    filterset_class = MentionFilter
    ordering_fields = ["count", "id"]
    ordering = ["article_id", "-count", "id"]


class AttributionViewSet(ArticlePartViewSet):
    model = Attribution
    serializer_class = AttributionSerializer
    filterset_class = AttributionFilter
    ordering_fields = ["paragraph", "id"]
    ordering = ["article_id", "paragraph", "id"]
