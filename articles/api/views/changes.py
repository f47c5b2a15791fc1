"""The change feed: GET /api/v1/changes/?after=<cursor>&limit=<n>.

Every create, update, transition and delete of articles, entities, sources and collections, in
commit order (articles.history.changes). Readers without access to unpublished articles see the
public events only. A client stores `next_cursor` after each page and asks again with it; with
`has_more` false it is up to date and polls again later (or subscribes to a webhook).
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from articles.api.caching import is_private
from articles.api.serializers.changes import ChangeFeedSerializer
from articles.history import changes
from articles.syndication.payload import event_document

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000


class CursorExpired(APIException):
    status_code = status.HTTP_410_GONE
    default_code = "cursor_expired"
    default_detail = gettext_lazy(
        "Events after this cursor have been removed by the feed's retention: start again from the beginning "
        "(without `after`) to rebuild your copy."
    )


class ChangeFeedView(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = ChangeFeedSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        operation_id="v1_changes_list",
        summary="The change feed, in commit order",
        parameters=[
            OpenApiParameter(
                "after", str, description="The cursor of the last event you processed (default: the beginning)."
            ),
            OpenApiParameter("limit", int, description=f"Events per page, 1–{MAX_LIMIT} (default {DEFAULT_LIMIT})."),
        ],
        responses={
            200: ChangeFeedSerializer,
            400: OpenApiResponse(description="A cursor this feed did not hand out, or a bad limit."),
            410: OpenApiResponse(description="The cursor is older than the feed's retention: start again."),
        },
    )
    def get(self, request):
        cursor = request.query_params.get("after") or None
        try:
            after = changes.decode_cursor(cursor)
        except changes.CursorError:
            raise ValidationError({"after": [_("This is not a cursor of the change feed.")]}) from None
        limit = self._limit(request.query_params.get("limit"))
        try:
            events = changes.events_after(user=request.user, after=after, limit=limit + 1)
        except changes.CursorExpired:
            raise CursorExpired() from None
        has_more = len(events) > limit
        events = events[:limit]
        base = request.build_absolute_uri("/")
        next_cursor = changes.encode_cursor(events[-1].id) if events else cursor
        next_url = None
        if has_more:
            next_url = request.build_absolute_uri(
                reverse("api:changes") + "?" + urlencode({"after": next_cursor, "limit": limit})
            )
        response = Response(
            {
                "events": [event_document(event, base_url=base) for event in events],
                "next_cursor": next_cursor,
                "has_more": has_more,
                "next": next_url,
            }
        )
        if len(events) == limit and not is_private(request):
            # A full page after a cursor never changes: the feed only grows at its end.
            response["Cache-Control"] = "public, max-age=3600"
        return response

    @staticmethod
    def _limit(value) -> int:
        if value is None:
            return DEFAULT_LIMIT
        if not (value.isdecimal() and 1 <= int(value) <= MAX_LIMIT):
            raise ValidationError({"limit": [_("Enter a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}]})
        return int(value)
