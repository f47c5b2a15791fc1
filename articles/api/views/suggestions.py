"""What the machine finds in a text, and the suggestions it keeps for an article.

POST  /api/v1/analyze/                           {"text": "…"} → mentions, sources, quotes (offsets index the text)
GET   /api/v1/articles/{uuid}/suggestions/       the same for a stored article (?status=pending|confirmed|rejected|all)
GET   /api/v1/suggestions/?article={uuid}        the suggestions one by one
POST  /api/v1/suggestions/{id}/confirm/          write the part it proposes ({"entity", "source", "role"} optional)
POST  /api/v1/suggestions/{id}/reject/           remember that it is wrong
POST  /api/v1/suggestions/{id}/create/           an unknown speaker or outlet → a new entity or source, confirmed
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from articles import policies, selectors, services
from articles.analysis import analyze_text, names
from articles.api.serializers.suggestions import (
    AnalysisSerializer,
    AnalyzeSerializer,
    SuggestionConfirmSerializer,
    SuggestionCreateSerializer,
)
from articles.models import Suggestion

STATUSES = (*Suggestion.Status.values, "all")


def analysis_document(findings, known) -> dict:
    """The analysis of a submitted text in the API's shape."""
    out = {"mentions": [], "sources": [], "quotes": []}
    for f in findings:
        if f.kind == "mention":
            slug, kind = known.entities[f.entity]
            out["mentions"].append({"entity": slug, "kind": kind, "start": f.start, "end": f.end, "text": f.text})
        elif f.kind == "source":
            out["sources"].append(
                {
                    "source": known.sources[f.source][0] if f.source is not None else None,
                    "start": f.start,
                    "end": f.end,
                    "text": f.text,
                    "phrase": f.phrase,
                    "paragraph": f.paragraph,
                }
            )
        else:
            out["quotes"].append(
                {
                    "text": f.text,
                    "start": f.start,
                    "end": f.end,
                    "speaker": known.entities[f.entity][0] if f.entity is not None else None,
                    "speaker_text": f.name,
                    "paragraph": f.paragraph,
                    "source": known.sources[f.source][0] if f.source is not None else None,
                }
            )
    return out


def suggestion_item(row: Suggestion) -> dict:
    """One stored suggestion in the API's shape (offsets index its `field`; captions by `caption`)."""
    where = {"id": row.pk, "status": row.status, "field": row.field, "caption": row.caption}
    entity = row.entity.slug if row.entity_id else None
    source = row.source.slug if row.source_id else None
    if row.kind == Suggestion.Kind.MENTION:
        return {
            **where,
            "entity": entity,
            "kind": row.entity.kind,
            "start": row.start,
            "end": row.end,
            "text": row.text,
        }
    if row.kind == Suggestion.Kind.SOURCE:
        return {
            **where,
            "source": source,
            "start": row.start,
            "end": row.end,
            "text": row.text,
            "phrase": row.phrase,
            "paragraph": row.paragraph,
        }
    return {
        **where,
        "text": row.text,
        "start": row.start,
        "end": row.end,
        "speaker": entity,
        "speaker_text": row.name,
        "paragraph": row.paragraph,
        "source": source,
    }


GROUPS = {Suggestion.Kind.MENTION: "mentions", Suggestion.Kind.SOURCE: "sources", Suggestion.Kind.QUOTE: "quotes"}


def suggestions_document(rows) -> dict:
    out = {"mentions": [], "sources": [], "quotes": []}
    for row in rows:
        out[GROUPS[row.kind]].append(suggestion_item(row))
    return out


class AnalyzeView(APIView):
    """Analyse a text against the stored entities and sources (nothing is stored)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="v1_analyze",
        summary="Entities, sources and quotes in a text",
        request=AnalyzeSerializer,
        responses=AnalysisSerializer,
    )
    def post(self, request):
        serializer = AnalyzeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        known = names()
        return Response(analysis_document(analyze_text(serializer.validated_data["text"], known=known), known))


def _status_filter(request) -> str:
    wanted = request.query_params.get("status", Suggestion.Status.PENDING)
    if wanted not in STATUSES:
        raise ValidationError({"status": [_("Choose one of: %(values)s.") % {"values": ", ".join(STATUSES)}]})
    return wanted


def _rows(rows, wanted):
    rows = rows.select_related("entity", "source").order_by("kind", "field", "caption", "start", "id")
    return rows if wanted == "all" else rows.filter(status=wanted)


class ArticleSuggestionsView(APIView):
    """The suggestions kept for one article (staff who may read drafts)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="v1_articles_suggestions",
        summary="The machine's suggestions for an article",
        parameters=[OpenApiParameter("status", str, enum=list(STATUSES))],
        responses=AnalysisSerializer,
    )
    def get(self, request, uuid):
        if not policies.can_see_unpublished(request.user):
            raise PermissionDenied(_("Suggestions are shown to the newsroom's staff only."))
        article = get_object_or_404(selectors.visible_articles(user=request.user), uuid=uuid)
        return Response(suggestions_document(_rows(article.suggestions.all(), _status_filter(request))))


class SuggestionItemSerializer(serializers.Serializer):
    """For the schema only: a suggestion (its fields depend on its kind)."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    field = serializers.CharField()


class SuggestionViewSet(viewsets.GenericViewSet):
    """The suggestions one by one, and an editor's decisions (through the services)."""

    permission_classes = [IsAuthenticated]
    serializer_class = SuggestionItemSerializer
    queryset = Suggestion.objects.all()
    filter_backends = []
    pagination_class = None

    def get_object(self):
        # DRF's get_object_or_404: a key that is not a number ("true") is a 404, not a ValueError
        rows = Suggestion.objects.select_related("article", "entity", "source")
        row = generics.get_object_or_404(rows, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, row)
        return row

    def _read_check(self):
        if not self.request.user.is_authenticated:
            raise NotAuthenticated()
        if not policies.can_see_unpublished(self.request.user):
            raise PermissionDenied(_("Suggestions are shown to the newsroom's staff only."))

    @extend_schema(
        parameters=[
            OpenApiParameter("article", str, description="The article's UUID.", required=True),
            OpenApiParameter("status", str, enum=list(STATUSES)),
        ]
    )
    def list(self, request):
        self._read_check()
        uuid = request.query_params.get("article")
        if not uuid:
            raise ValidationError({"article": [_("Name the article: ?article=<uuid>.")]})
        try:
            article = selectors.visible_articles(user=request.user).filter(uuid=uuid).first()
        except Exception as error:  # a malformed UUID
            raise ValidationError({"article": [_("Not a UUID.")]}) from error
        if article is None:
            return Response({"detail": _("No such article."), "code": "not_found"}, status=status.HTTP_404_NOT_FOUND)
        return Response([suggestion_item(row) for row in _rows(article.suggestions.all(), _status_filter(request))])

    def retrieve(self, request, pk=None):
        self._read_check()
        return Response(suggestion_item(self.get_object()))

    def _answer(self, row) -> Response:
        row = Suggestion.objects.select_related("entity", "source").get(pk=row.pk)
        return Response(suggestion_item(row))

    @extend_schema(summary="Confirm: write the part it proposes", request=SuggestionConfirmSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        row = self.get_object()
        serializer = SuggestionConfirmSerializer(data=request.data or {})
        serializer.is_valid(raise_exception=True)
        services.suggestion_confirm(
            actor=policies.actor_for_request(request), suggestion=row, **serializer.validated_data
        )
        return self._answer(row)

    @extend_schema(summary="Reject: never propose it again for this article", request=None)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        row = self.get_object()
        services.suggestion_reject(actor=policies.actor_for_request(request), suggestion=row)
        return self._answer(row)

    @extend_schema(
        summary="A new entity or source from an unknown speaker or outlet", request=SuggestionCreateSerializer
    )
    @action(detail=True, methods=["post"], url_path="create")
    def create_name(self, request, pk=None):
        row = self.get_object()
        serializer = SuggestionCreateSerializer(data=request.data or {})
        serializer.is_valid(raise_exception=True)
        created, _part = services.suggestion_create_name(
            actor=policies.actor_for_request(request), suggestion=row, data=serializer.validated_data
        )
        return Response(
            {"suggestion": suggestion_item(Suggestion.objects.get(pk=row.pk)), "created": created.slug},
            status=status.HTTP_201_CREATED,
        )
