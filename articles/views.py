"""REST API views: thin wrappers that read through selectors and write through services."""

import uuid

from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from articles import curation, search, selectors, services, workflow
from articles.concurrency import etag_for_version, expected_version
from articles.filters import (
    ArticleFilter,
    AttributionFilter,
    AuditEntryFilter,
    CaptionFilter,
    CollectionFilter,
    EntityFilter,
    MentionFilter,
    QuoteFilter,
    SourceFilter,
)
from articles.models import Attribution, Caption, Entity, Mention, Quote, Source
from articles.ninjs import article_to_ninjs
from articles.serializers import (
    ArticleSerializer,
    ArticleTransitionsSerializer,
    ArticleWriteSerializer,
    AttributionSerializer,
    AuditEntrySerializer,
    CaptionSerializer,
    CollectionItemAddSerializer,
    CollectionItemUpdateSerializer,
    CollectionSerializer,
    CollectionWriteSerializer,
    EntityDuplicateSerializer,
    EntityMergeSerializer,
    EntitySerializer,
    MentionSerializer,
    QuoteSerializer,
    SourceSerializer,
    TransitionRequestSerializer,
)

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the article version the client saw, e.g. "3" (428 without it, 412 when stale).',
)


def has_perms(*perms: str) -> type[permissions.BasePermission]:
    """A permission class: an authenticated user holding every one of `perms` (for custom actions,
    where the model permission DRF would infer from the HTTP method is the wrong one)."""

    class HasPerms(permissions.BasePermission):
        def has_permission(self, request, view):
            user = request.user
            return bool(user and user.is_authenticated and user.has_perms(perms))

    HasPerms.__name__ = HasPerms.__qualname__ = "Has_" + "_".join(perm.split(".")[-1] for perm in perms)
    return HasPerms


FIELDS = OpenApiParameter(
    "fields",
    str,
    description=(
        "Comma-separated names of the fields to return, e.g. `uuid,headline,published_at,snippet` for a "
        "page of search results; the others are left out and not read. Default: every field."
    ),
)


def requested_fields(request, allowed) -> tuple[str, ...] | None:
    """`?fields=`: the names of the representation's fields the client asks for (None: all of them)."""
    value = request.query_params.get("fields")
    if value is None:
        return None
    names = tuple(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))
    unknown = [name for name in names if name not in allowed]
    if unknown:
        message = _("Unknown field: %(unknown)s. The fields are: %(fields)s.")
    elif not names:
        message = _("Name at least one field. The fields are: %(fields)s.")
    else:
        return names
    raise ValidationError({"fields": [message % {"unknown": ", ".join(unknown), "fields": ", ".join(allowed)}]})


class StrictOrderingFilter(filters.OrderingFilter):
    """Like DRF's, but an unknown ordering field is a 400 instead of being silently ignored."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",") if param.strip()]
            allowed = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
            unknown = [field for field in fields if field.lstrip("-") not in allowed]
            if unknown or not fields:
                raise ValidationError(
                    {self.ordering_param: [_("Order by one of: %(fields)s.") % {"fields": ", ".join(sorted(allowed))}]}
                )
        return super().get_ordering(request, queryset, view)


class SearchOrderingFilter(StrictOrderingFilter):
    """Ordering that knows `relevance`: the default when the list is searched with `q`.

    `ordering=relevance` is best match first (`-relevance` the reverse) and needs `q`; the view's
    `relevance_ordering` says what it means (ties broken deterministically). Any other ordering
    gets the view's `ordering_tiebreak` appended so that pages never overlap.
    """

    search_param = "q"

    def get_ordering(self, request, queryset, view):
        searching = bool(request.query_params.get(self.search_param, "").strip())
        ordering = super().get_ordering(request, queryset, view)
        if not request.query_params.get(self.ordering_param):
            return self.relevance(view) if searching else ordering
        out = []
        for field in ordering:
            if field.lstrip("-") != "relevance":
                out.append(field)
            elif not searching:
                raise ValidationError(
                    {self.ordering_param: [_("Ordering by relevance needs a search: give the q parameter.")]}
                )
            else:
                out += self.relevance(view, reverse=field.startswith("-"))
        if not any(isinstance(field, str) and field.lstrip("-") in ("id", "pk") for field in out):
            out.append(view.ordering_tiebreak)
        return out

    @staticmethod
    def relevance(view, *, reverse=False) -> list:
        ordering = [expression.copy() for expression in view.relevance_ordering]
        if reverse:
            for expression in ordering:
                expression.reverse_ordering()
        return ordering


class ContentViewSet(viewsets.ModelViewSet):
    """Reads with `serializer_class`, writes with `write_serializer_class` through services.

    Responses to writes use the read shape, so a client sees what a later GET would return.
    """

    write_serializer_class = None
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        if self.request is not None and self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return self.write_serializer_class or self.serializer_class
        return self.serializer_class

    def read_response(self, instance, status_code=status.HTTP_200_OK):
        # A writer who may not read unpublished articles (add_article without view_article) still gets
        # back the draft they just wrote, instead of a lookup that finds nothing.
        fresh = self.get_queryset().filter(pk=instance.pk).first() or instance
        return Response(self.serializer_class(fresh, context=self.get_serializer_context()).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_write(None, serializer.validated_data)
        return self.read_response(instance, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        instance = self.perform_write(instance, serializer.validated_data)
        return self.read_response(instance)

    def perform_write(self, instance, data):
        raise NotImplementedError

    def perform_destroy(self, instance):
        raise NotImplementedError


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[OpenApiParameter("uuid", str, OpenApiParameter.PATH, description="Article UUID"), FIELDS]
    )
)
class ArticleViewSet(ContentViewSet):
    """Articles. Anonymous clients see published articles whose publication time has come."""

    serializer_class = ArticleSerializer
    write_serializer_class = ArticleWriteSerializer
    filterset_class = ArticleFilter
    filter_backends = [DjangoFilterBackend, SearchOrderingFilter]
    lookup_field = "uuid"
    ordering_fields = ["relevance", "published_at", "created_at", "updated_at", "headline"]
    ordering = ["-published_at", "-id"]
    relevance_ordering = search.RELEVANCE_ORDERING
    ordering_tiebreak = "-id"

    def get_queryset(self):
        return selectors.article_list(user=self.request.user, fields=self.requested_fields())

    def requested_fields(self) -> tuple[str, ...] | None:
        """On reads (list and detail), the fields `?fields=` asks for; elsewhere None (all)."""
        if self.action not in ("list", "retrieve"):
            return None
        return requested_fields(self.request, ArticleSerializer.Meta.fields)

    def get_serializer_class(self):
        if self.action == "transitions":
            return TransitionRequestSerializer if self.request.method == "POST" else ArticleTransitionsSerializer
        return super().get_serializer_class()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "ordering",
                str,
                description=(
                    "Comma-separated fields, `-` for descending: relevance, published_at, created_at, "
                    "updated_at, headline. With `q` the default is `relevance` (best match first; ties "
                    "by publication time, then newest row); without `q` it is `-published_at`."
                ),
            ),
            FIELDS,
        ]
    )
    def list(self, request, *args, **kwargs):
        """Articles, filtered; with `q`, searched, and each hit carries a highlighted `snippet`."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        q = request.query_params.get("q", "")
        fields = self.requested_fields()
        # Snippets only for the rows of this page, from fields already loaded (no query per row), if shown.
        shown = fields is None or "snippet" in fields
        snippets = search.article_snippets(rows, q) if q.strip() and shown else None
        context = {**self.get_serializer_context(), "snippets": snippets}
        data = self.get_serializer(rows, many=True, context=context, fields=fields).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        response = Response(self.get_serializer(article, fields=self.requested_fields()).data)
        response["ETag"] = etag_for_version(article.version)  # also when `fields` leaves out `version`
        return response

    def get_object(self):
        """The article, or for readers who may not see it: 410 Gone if it was retracted, else 404."""
        value = self.kwargs[self.lookup_field]
        try:
            uuid.UUID(value)
        except ValueError:
            raise ValidationError({"uuid": [_("“%(value)s” is not a valid UUID.") % {"value": value}]}) from None
        try:
            return super().get_object()
        except Http404:
            retracted = selectors.retracted_article(uuid=value)
            if retracted is not None:
                raise workflow.ArticleRetractedError(retracted, retracted.retraction) from None
            raise

    def finalize_response(self, request, response, *args, **kwargs):
        """Every single-article response carries its version as the ETag (for If-Match)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        data = response.data if response.status_code < 300 else None
        if self.detail and isinstance(data, dict) and "version" in data:
            response["ETag"] = etag_for_version(data["version"])
        return response

    def perform_write(self, instance, data):
        if instance is None:
            return services.article_create(data=data, user=self.request.user)
        workflow.require_edit(self.request.user, instance)
        version = expected_version(self.request, instance)
        return services.article_update(article=instance, data=data, user=self.request.user, expected_version=version)

    def perform_destroy(self, instance):
        workflow.require_edit(self.request.user, instance)
        services.article_delete(article=instance, user=self.request.user, request=self.request)

    @extend_schema(
        summary="The article as IPTC ninjs 3.1",
        responses={200: OpenApiTypes.OBJECT},
        description="The news industry's JSON format: captions as associations, sources as infoSources, "
        "entities as people/organisations/places/events/subjects.",
    )
    @action(detail=True, methods=["get"], url_path="ninjs")
    def ninjs(self, request, uuid=None):
        article = self.get_object()
        uri = request.build_absolute_uri(reverse("api:article-detail", kwargs={"uuid": article.uuid}))
        return Response(article_to_ninjs(article, uri=uri))

    @extend_schema(
        methods=["GET"],
        summary="Transitions the current user may take on this article now",
        responses={200: ArticleTransitionsSerializer},
    )
    @extend_schema(
        methods=["POST"],
        summary="Move the article through a workflow transition",
        description=(
            "Transitions: submit, return_to_draft, publish, schedule, unschedule, correct, retract, restore. "
            "Answers with the article as stored afterwards and its new ETag."
        ),
        parameters=[IF_MATCH],
        request=TransitionRequestSerializer,
        responses={
            200: ArticleSerializer,
            400: OpenApiResponse(description="Unknown transition, missing note or bad publication time."),
            403: OpenApiResponse(description="The user's role does not allow this transition on this article."),
            409: OpenApiResponse(description="The transition is not possible from the article's current status."),
            412: OpenApiResponse(description="If-Match names an older version than the current one."),
            428: OpenApiResponse(description="If-Match is missing."),
        },
    )
    @action(
        detail=True, methods=["get", "post"], url_path="transitions", permission_classes=[IsAuthenticatedOrReadOnly]
    )
    def transitions(self, request, uuid=None):
        article = self.get_object()
        if request.method == "POST":
            payload = TransitionRequestSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
            workflow.require_permitted(request.user, article, workflow.get_transition(data["transition"]))
            version = expected_version(request, article)
            article = workflow.article_transition(
                article=article,
                name=data["transition"],
                user=request.user,
                note=data.get("note", ""),
                published_at=data.get("published_at"),
                expected_version=version,
                request=request,
            )
            fresh = selectors.article_as_written(pk=article.pk)
            return Response(ArticleSerializer(fresh, context=self.get_serializer_context()).data)
        available = workflow.available_transitions(user=request.user, article=article)
        shape = {"uuid": article.uuid, "status": article.status, "version": article.version, "transitions": available}
        return Response(ArticleTransitionsSerializer(shape).data)


class ArticlePartViewSet(ContentViewSet):
    """Captions, attributions, mentions and quotes: each write is a new version of its article."""

    model = None

    def get_queryset(self):
        return selectors.article_part_list(self.model, user=self.request.user)

    def perform_write(self, instance, data):
        """Editing a part is editing its article: the article's edit rule applies (to both, if moved)."""
        for article in {instance.article if instance else None, data.get("article")} - {None}:
            workflow.require_edit(self.request.user, article)
        return services.article_part_save(part=instance or self.model(), data=data, user=self.request.user)

    def perform_destroy(self, instance):
        workflow.require_edit(self.request.user, instance.article)
        services.article_part_delete(part=instance, user=self.request.user)


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


class NamedViewSet(ContentViewSet):
    """Entities and sources, addressed by their (Unicode) slug."""

    lookup_field = "slug"
    lookup_value_regex = r"[^/]+"
    filter_backends = [DjangoFilterBackend, SearchOrderingFilter]
    ordering_fields = ["relevance", "name", "kind", "created_at"]
    ordering = ["name", "id"]
    relevance_ordering = (F("name_similarity").desc(), F("name").asc(), F("id").asc())
    ordering_tiebreak = "id"

    def get_object(self):
        # No slug holds a NUL, and PostgreSQL refuses to compare text with one (a 500, not a 404).
        if "\x00" in self.kwargs[self.lookup_field]:
            model = self.get_queryset().model
            raise NotFound(_("No %(name)s matches the given query.") % {"name": model._meta.object_name})
        return super().get_object()


class EntityViewSet(NamedViewSet):
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
        permission_classes=[has_perms("articles.view_entity")],
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
    @action(detail=True, methods=["post"], permission_classes=[has_perms("articles.merge_entity")])
    def merge(self, request, slug=None):
        duplicate = self.get_object()
        serializer = EntityMergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        survivor = services.entity_merge(
            source=duplicate, target=serializer.validated_data["into"], user=request.user, request=request
        )
        return self.read_response(survivor)

    def perform_write(self, instance, data):
        return services.entity_save(entity=instance or Entity(), data=data, user=self.request.user)

    def perform_destroy(self, instance):
        services.entity_delete(entity=instance, user=self.request.user)


class SourceViewSet(NamedViewSet):
    serializer_class = SourceSerializer
    filterset_class = SourceFilter

    def get_queryset(self):
        return selectors.source_list()

    def perform_write(self, instance, data):
        return services.source_save(source=instance or Source(), data=data, user=self.request.user)

    def perform_destroy(self, instance):
        services.source_delete(source=instance, user=self.request.user)


# --------------------------------------------------------------------------- collections


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
        slots = None if items is None else [curation.Slot(item["article"], item["pinned"]) for item in items]
        if instance is None:
            return curation.collection_create(data=data, items=slots, user=self.request.user)
        return curation.collection_update(collection=instance, data=data, items=slots, user=self.request.user)

    def perform_destroy(self, instance):
        curation.collection_delete(collection=instance, user=self.request.user)

    def _item_article(self, collection, article_uuid):
        """The article of one of the collection's items, as far as the client may see it (else 404)."""
        try:
            uuid.UUID(article_uuid)
        except ValueError:
            raise ValidationError({"uuid": [_("“%(value)s” is not a valid UUID.") % {"value": article_uuid}]}) from None
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
        permission_classes=[has_perms("articles.change_collection")],
    )
    def add_item(self, request, slug=None):
        collection = self.get_object()
        serializer = CollectionItemAddSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        curation.collection_item_add(collection=collection, user=request.user, **serializer.validated_data)
        return self.read_response(collection, status.HTTP_201_CREATED)

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
        permission_classes=[has_perms("articles.change_collection")],
    )
    def item(self, request, slug=None, article_uuid=None):
        collection = self.get_object()
        article = self._item_article(collection, article_uuid)
        if request.method == "DELETE":
            curation.collection_item_remove(collection=collection, article=article, user=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = CollectionItemUpdateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        curation.collection_item_update(
            collection=collection, article=article, user=request.user, **serializer.validated_data
        )
        return self.read_response(collection)


# --------------------------------------------------------------------------- audit log


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit log, for staff holding `articles.view_auditentry`; newest first."""

    serializer_class = AuditEntrySerializer
    permission_classes = [has_perms("articles.view_auditentry")]
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    filterset_class = AuditEntryFilter
    ordering_fields = ["at", "action", "actor_name", "target_type"]
    ordering = ["-at", "-id"]

    def get_queryset(self):
        return selectors.audit_list()
