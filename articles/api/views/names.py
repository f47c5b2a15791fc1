"""Entities and sources, addressed by their (Unicode) slug; likely duplicates and the merge."""

from django.db.models import F
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError

from articles import selectors, services
from articles.api.filters import EntityFilter, SearchOrderingFilter, SourceFilter
from articles.api.permissions import HasPerms
from articles.api.serializers.names import (
    EntityDuplicateSerializer,
    EntityMergeSerializer,
    EntitySerializer,
    SourceSerializer,
)
from articles.api.views.base import ContentViewSet
from articles.models import Entity, Source


class NamedViewSet(ContentViewSet):
    """Entities and sources, addressed by their (Unicode) slug."""

    model = None
    lookup_field = "slug"
    lookup_value_regex = r"[^/]+"
    filter_backends = [DjangoFilterBackend, SearchOrderingFilter]
    ordering_fields = ["relevance", "name", "kind", "created_at"]
    ordering = ["name", "id"]
    relevance_ordering = (F("name_similarity").desc(), F("name").asc(), F("id").asc())
    ordering_tiebreak = "id"

    def perform_write(self, instance, data):
        return services.named_save(actor=self.actor, instance=instance or self.model(), data=data)

    def perform_destroy(self, instance):
        services.named_delete(actor=self.actor, instance=instance)


class EntityViewSet(NamedViewSet):
    model = Entity
    serializer_class = EntitySerializer
    filterset_class = EntityFilter

    def get_queryset(self):
        return selectors.entity_list()

    @extend_schema(
        summary="Likely duplicate entities",
        description=(
            "Pairs of entities of the same kind whose normalised names match (see `reasons`). "
            "Needs the `articles.view_entity` permission."
        ),
        parameters=[OpenApiParameter("kind", str, enum=Entity.Kind.values, description="Only this kind.")],
        responses=EntityDuplicateSerializer(many=True),
    )
    @action(
        detail=False,
        methods=["get"],
        filter_backends=[],
        permission_classes=[HasPerms.of("articles.view_entity")],
        serializer_class=EntityDuplicateSerializer,
    )
    def duplicates(self, request):
        kind = request.query_params.get("kind") or None
        if kind is not None and kind not in Entity.Kind.values:
            raise ValidationError({"kind": [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(Entity.Kind.values)}]})
        page = self.paginate_queryset(selectors.entity_duplicates(kind=kind))
        return self.get_paginated_response(EntityDuplicateSerializer(page, many=True).data)

    @extend_schema(
        summary="Merge this (duplicate) entity into another",
        description=(
            "Moves aliases, mentions, quotes and linked sources to the entity named by `into`, adds this "
            "entity's names as its aliases, deletes this entity and writes an audit entry. Needs the "
            "`articles.merge_entity` permission. 400 when merging into itself, 409 across kinds."
        ),
        request=EntityMergeSerializer,
        responses={200: EntitySerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[HasPerms.of("articles.merge_entity")])
    def merge(self, request, slug=None):
        duplicate = self.get_object()
        serializer = EntityMergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        survivor = services.entity_merge(
            actor=self.actor, duplicate=duplicate, survivor=serializer.validated_data["into"]
        )
        return self.read_back(survivor)


class SourceViewSet(NamedViewSet):
    model = Source
    serializer_class = SourceSerializer
    filterset_class = SourceFilter

    def get_queryset(self):
        return selectors.source_list()
