"""REST API views: thin wrappers that read through selectors and write through services."""

import uuid

from django.db.models import F
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from articles import search, selectors, services
from articles.concurrency import etag_for_version, expected_version
from articles.filters import (
    ArticleFilter,
    AttributionFilter,
    CaptionFilter,
    EntityFilter,
    MentionFilter,
    QuoteFilter,
    SourceFilter,
)
from articles.models import Attribution, Caption, Entity, Mention, Quote, Source
from articles.serializers import (
    ArticleSerializer,
    ArticleWriteSerializer,
    AttributionSerializer,
    CaptionSerializer,
    EntitySerializer,
    MentionSerializer,
    QuoteSerializer,
    SourceSerializer,
)


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
        fresh = self.get_queryset().get(pk=instance.pk)
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
        parameters=[OpenApiParameter("uuid", str, OpenApiParameter.PATH, description="Article UUID")]
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
        return selectors.article_list(user=self.request.user)

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
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        """Articles, filtered; with `q`, searched, and each hit carries a highlighted `snippet`."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        q = request.query_params.get("q", "")
        # Snippets only for the rows of this page, from fields already loaded (no query per row).
        snippets = search.article_snippets(rows, q) if q.strip() else None
        context = {**self.get_serializer_context(), "snippets": snippets}
        data = self.get_serializer(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_object(self):
        value = self.kwargs[self.lookup_field]
        try:
            uuid.UUID(value)
        except ValueError:
            raise ValidationError({"uuid": [_("“%(value)s” is not a valid UUID.") % {"value": value}]}) from None
        return super().get_object()

    def finalize_response(self, request, response, *args, **kwargs):
        """Every single-article response carries its version as the ETag (for If-Match)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        data = response.data
        if self.detail and response.status_code < 300 and isinstance(data, dict) and "version" in data:
            response["ETag"] = etag_for_version(response.data["version"])
        return response

    def perform_write(self, instance, data):
        if instance is None:
            return services.article_create(data=data, user=self.request.user)
        version = expected_version(self.request, instance)
        return services.article_update(article=instance, data=data, user=self.request.user, expected_version=version)

    def perform_destroy(self, instance):
        services.article_delete(article=instance, user=self.request.user)


class ArticlePartViewSet(ContentViewSet):
    """Captions, attributions, mentions and quotes: each write is a new version of its article."""

    model = None

    def get_queryset(self):
        return selectors.article_part_list(self.model, user=self.request.user)

    def perform_write(self, instance, data):
        return services.article_part_save(part=instance or self.model(), data=data, user=self.request.user)

    def perform_destroy(self, instance):
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


class EntityViewSet(NamedViewSet):
    serializer_class = EntitySerializer
    filterset_class = EntityFilter

    def get_queryset(self):
        return selectors.entity_list()

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
