"""Articles: list (filtered, searched), detail, ninjs, writes, and workflow transitions."""

from django.http import Http404
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from articles import search, selectors, services
from articles.api.concurrency import etag_for_version, if_match_version
from articles.api.errors import ArticleRetractedError
from articles.api.fields import requested_fields, uuid_or_400
from articles.api.filters import ArticleFilter, ArticleSearchFilter
from articles.api.ninjs import article_to_ninjs, canceled_item
from articles.api.schema import FIELDS, IF_MATCH, PRECONDITION_RESPONSES
from articles.api.serializers.articles import ArticleFieldsSerializer, ArticleSerializer, ArticleWriteSerializer
from articles.api.serializers.workflow import ArticleTransitionsSerializer, TransitionRequestSerializer
from articles.api.views.base import ContentViewSet, with_last_modified


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[OpenApiParameter("uuid", str, OpenApiParameter.PATH, description="Article UUID"), FIELDS],
        responses=ArticleFieldsSerializer,
    ),
    create=extend_schema(responses={201: ArticleSerializer}),
    update=extend_schema(parameters=[IF_MATCH], responses={200: ArticleSerializer, **PRECONDITION_RESPONSES}),
    partial_update=extend_schema(parameters=[IF_MATCH], responses={200: ArticleSerializer, **PRECONDITION_RESPONSES}),
)
class ArticleViewSet(ContentViewSet):
    """Articles. Anonymous clients see published articles whose publication time has come."""

    serializer_class = ArticleSerializer
    write_serializer_class = ArticleWriteSerializer
    filterset_class = ArticleFilter
    filter_backends = [DjangoFilterBackend, ArticleSearchFilter]
    lookup_field = "uuid"
    ordering_fields = ["relevance", "published_at", "created_at", "updated_at", "headline"]
    ordering = ["-published_at", "-id"]
    ordering_tiebreak = "-id"

    def get_queryset(self):
        if self.action in ("retrieve", "ninjs"):
            return selectors.article_detail(user=self.request.user, fields=self.requested_fields())
        if self.action == "list":
            return selectors.article_list(user=self.request.user, fields=self.requested_fields())
        return selectors.visible_articles(user=self.request.user)  # writes and transitions: the row only

    def requested_fields(self) -> tuple[str, ...] | None:
        """On reads (list and detail), the fields `?fields=` asks for; elsewhere None (all)."""
        if self.action not in ("list", "retrieve"):
            return None
        return requested_fields(self.request, ArticleSerializer.Meta.fields)

    def written(self, instance):
        # Not scoped by visibility: a writer who may not read unpublished articles (add_article
        # without view_article) still gets back the draft they just wrote.
        return selectors.article_as_written(article=instance)

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
        ],
        responses=ArticleFieldsSerializer(many=True),
    )
    def list(self, request, *args, **kwargs):
        """Articles, filtered; with `q`, searched, and each hit carries a highlighted `snippet`."""
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        shown = page if page is not None else list(rows)
        fields = self.requested_fields()
        # Snippets only for the rows of this page, from fields already loaded (no query per row), if shown.
        wanted = isinstance(rows, search.SearchResults) and (fields is None or "snippet" in fields)
        snippets = search.article_snippets(shown, rows.query) if wanted else None
        context = {**self.get_serializer_context(), "snippets": snippets}
        data = self.get_serializer(shown, many=True, context=context, fields=fields).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        response = Response(self.get_serializer(article, fields=self.requested_fields()).data)
        response["ETag"] = etag_for_version(article.version)  # also when `fields` leaves out `version`
        return with_last_modified(response, article)

    def get_object(self):
        """The article, or for readers who may not see it: 410 Gone if it was retracted, else 404."""
        value = uuid_or_400(self.kwargs[self.lookup_field])
        try:
            return super().get_object()
        except Http404:
            retracted = selectors.retracted_article(uuid=value)
            if retracted is not None:
                raise ArticleRetractedError(retracted, retracted.retraction) from None
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
            parts = {kind: data.pop(kind) for kind in services.ARTICLE_PART_KINDS if kind in data}
            return services.article_create(actor=self.actor, data=data, parts=parts)
        return services.article_update(
            actor=self.actor,
            article=instance,
            data=data,
            expected_version=if_match_version(self.request, instance),
            version_required=True,
            pristine=True,  # as get_object() read it: the compare-and-set of the version vouches for it
        )

    def perform_destroy(self, instance):
        services.article_delete(actor=self.actor, article=instance)

    @extend_schema(
        summary="The article as IPTC ninjs 3.1",
        responses={200: OpenApiTypes.OBJECT},
        description="The news industry's JSON format: captions as associations, sources as infoSources, "
        "entities as people/organisations/places/events/subjects, corrections as descriptions. A retracted "
        'article is an item with pubStatus "canceled" (for readers: a kill notice without its content).',
    )
    @action(detail=True, methods=["get"], url_path="ninjs")
    def ninjs(self, request, uuid=None):
        try:
            article = self.get_object()
        except ArticleRetractedError as retracted:
            uri = request.build_absolute_uri(reverse("api:article-detail", kwargs={"uuid": retracted.article.uuid}))
            return with_last_modified(Response(canceled_item(retracted.article, uri=uri)), retracted.article)
        uri = request.build_absolute_uri(reverse("api:article-detail", kwargs={"uuid": article.uuid}))
        return with_last_modified(Response(article_to_ninjs(article, uri=uri)), article)

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
            **PRECONDITION_RESPONSES,
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
            article = services.article_transition(
                actor=self.actor,
                article=article,
                name=data["transition"],
                note=data.get("note", ""),
                published_at=data.get("published_at"),
                expected_version=if_match_version(request, article),
                version_required=True,
            )
            return self.read_back(article)
        available = services.available_transitions(actor=request.user, article=article)
        shape = {"uuid": article.uuid, "status": article.status, "version": article.version, "transitions": available}
        return Response(ArticleTransitionsSerializer(shape).data)
