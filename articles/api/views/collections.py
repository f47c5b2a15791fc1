"""Collections: curated, ordered lists of articles, written whole or one item at a time."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from articles import selectors, services
from articles.api.fields import uuid_or_400
from articles.api.filters import CollectionFilter
from articles.api.permissions import HasPerms
from articles.api.serializers.collections import (
    CollectionItemAddSerializer,
    CollectionItemUpdateSerializer,
    CollectionSerializer,
    CollectionWriteSerializer,
)
from articles.api.views.base import ContentViewSet


@extend_schema_view(
    list=extend_schema(description="Collections with their items in reading order (pinned first, then position)."),
    create=extend_schema(responses={201: CollectionSerializer}),
    update=extend_schema(responses={200: CollectionSerializer}),
    partial_update=extend_schema(responses={200: CollectionSerializer}),
)
class CollectionViewSet(ContentViewSet):
    """Curated, ordered lists of articles. Readers see only the published articles in them.

    Items are edited either as a whole (`items` in the collection's PUT/PATCH/POST body, in reading
    order, replacing the stored list) or one at a time under `/collections/{slug}/items/`.
    """

    serializer_class = CollectionSerializer
    write_serializer_class = CollectionWriteSerializer
    filterset_class = CollectionFilter
    lookup_field = "slug"
    lookup_value_regex = r"[^/]+"
    ordering_fields = ["title", "created_at", "updated_at"]
    ordering = ["title", "id"]

    def get_queryset(self):
        return selectors.collection_list(user=self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["can_see_unpublished"] = selectors.can_see_unpublished(self.request.user)
        return context

    def perform_write(self, instance, data):
        data = dict(data)
        items = data.pop("items", None)
        slots = None if items is None else [services.Slot(item["article"], item["pinned"]) for item in items]
        if instance is None:
            return services.collection_create(actor=self.actor, data=data, items=slots)
        return services.collection_update(actor=self.actor, collection=instance, data=data, items=slots)

    def perform_destroy(self, instance):
        services.collection_delete(actor=self.actor, collection=instance)

    def _item_article(self, collection, article_uuid):
        """The article of one of the collection's items, as far as the client may see it (else 404)."""
        uuid_or_400(article_uuid)
        article = (
            selectors.visible_articles(user=self.request.user)
            .filter(uuid=article_uuid, collection_items__collection=collection)
            .first()
        )
        if article is None:
            raise Http404
        return article

    @extend_schema(
        summary="Add an article to the collection",
        description="Inserts at `position` (default: the end of its group); 409 if the article is already there.",
        request=CollectionItemAddSerializer,
        responses={201: CollectionSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="items",
        permission_classes=[HasPerms.of("articles.change_collection")],
    )
    def add_item(self, request, slug=None):
        collection = self.get_object()
        serializer = CollectionItemAddSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        services.collection_item_add(actor=self.actor, collection=collection, **serializer.validated_data)
        return self.read_back(collection, status.HTTP_201_CREATED)

    @extend_schema(
        methods=["PATCH"],
        summary="Move, pin or unpin an item",
        request=CollectionItemUpdateSerializer,
        responses={200: CollectionSerializer},
    )
    @extend_schema(methods=["DELETE"], summary="Take an article out of the collection", responses={204: None})
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"items/(?P<article_uuid>[^/]+)",
        permission_classes=[HasPerms.of("articles.change_collection")],
    )
    def item(self, request, slug=None, article_uuid=None):
        collection = self.get_object()
        article = self._item_article(collection, article_uuid)
        if request.method == "DELETE":
            services.collection_item_remove(actor=self.actor, collection=collection, article=article)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = CollectionItemUpdateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        services.collection_item_update(
            actor=self.actor, collection=collection, article=article, **serializer.validated_data
        )
        return self.read_back(collection)
