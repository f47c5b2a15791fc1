"""Importing articles over HTTP (the same importers as the commands; every article a draft).

POST /api/v1/imports/text/    Content-Type: text/plain; charset=utf-8   the seed's plain-text format
POST /api/v1/imports/ninjs/   Content-Type: application/json (a document or an array) or
                              application/x-ndjson (one document per line)

`?skip_broken=true` imports the articles that are fine and reports the others; by default a
request is all or nothing. The answer lists each article with its line, UUID and outcome
(created, updated, unchanged) and each problem with its line and field: 201 when something was
created, 200 when not, 400 (nothing written) when all-or-nothing refused the body.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from articles.ingest import parse_ninjs, parse_text
from articles.policies import actor_for_request
from articles.services.ingest import import_articles


class _RawParser(BaseParser):
    """The body as text, undecoded by DRF (the importers need its lines)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return stream.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise ParseError(_("The body is not UTF-8 text.")) from error


class PlainTextParser(_RawParser):
    media_type = "text/plain"


class RawJSONParser(_RawParser):
    media_type = "application/json"


class NDJSONParser(_RawParser):
    media_type = "application/x-ndjson"


class ImportReportSerializer(serializers.Serializer):
    written = serializers.BooleanField()
    articles = serializers.ListField(child=serializers.DictField())
    problems = serializers.ListField(child=serializers.DictField())


SKIP = OpenApiParameter(
    "skip_broken", bool, description="Import the articles that are fine and report the others (default: all or none)."
)


class ImportViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = ImportReportSerializer
    pagination_class = None
    filter_backends = []

    def _run(self, request, parse):
        if not isinstance(request.data, str):
            raise ParseError(_("Send the file itself as the request body."))
        skip = request.query_params.get("skip_broken", "").lower() in ("1", "true", "yes")
        report = import_articles(actor=actor_for_request(request), entries=parse(request.data), skip_broken=skip)
        if not report.written:
            answer = status.HTTP_400_BAD_REQUEST
        elif any(row["outcome"] == "created" for row in report.articles):
            answer = status.HTTP_201_CREATED
        else:
            answer = status.HTTP_200_OK
        return Response(report.as_dict(), status=answer)

    @extend_schema(
        summary="Import plain-text articles (the seed's format) as drafts",
        request={"text/plain": OpenApiTypes.STR},
        parameters=[SKIP],
        responses=ImportReportSerializer,
    )
    @action(detail=False, methods=["post"], parser_classes=[PlainTextParser])
    def text(self, request):
        return self._run(request, parse_text)

    @extend_schema(
        summary="Import ninjs 3.1 documents as drafts, keyed by uri",
        request={"application/json": OpenApiTypes.OBJECT, "application/x-ndjson": OpenApiTypes.STR},
        parameters=[SKIP],
        responses=ImportReportSerializer,
    )
    @action(detail=False, methods=["post"], parser_classes=[RawJSONParser, NDJSONParser])
    def ninjs(self, request):
        return self._run(request, parse_ninjs)
