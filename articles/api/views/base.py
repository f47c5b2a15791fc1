"""The shape every writable resource of the API shares: reads with one serializer, writes with
another through the services, answers writes with the read shape."""

import logging

from django.db import DatabaseError, connection
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.api.concurrency import etag_for_version
from articles.policies import Actor, actor_for_request

logger = logging.getLogger(__name__)


class ContentViewSet(viewsets.ModelViewSet):
    """Reads with `serializer_class`, writes with `write_serializer_class` through services.

    Responses to writes use the read shape, read back by `read_back`, so a client sees what a
    later GET would return.
    """

    write_serializer_class = None
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    @property
    def actor(self) -> Actor:
        """Who is acting, for the services: the request's user, address and user agent."""
        return actor_for_request(self.request)

    def get_serializer_class(self):
        if self.request is not None and self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return self.write_serializer_class or self.serializer_class
        return self.serializer_class

    def written(self, instance):
        """`instance` as the read shape needs it, after a write (default: through get_queryset)."""
        return self.get_queryset().filter(pk=instance.pk).first() or instance

    def read_back(self, instance, status_code=status.HTTP_200_OK) -> Response:
        """The answer to a write: the written object in the read shape.

        The write has committed when this runs (the services are transactions of their own). If the
        database connection was lost after COMMIT, the change is made all the same: the object is
        read again on a new connection, and if that fails too the answer says what was committed
        (its key and version) instead of an error — never a 500 for a change that was made."""
        try:
            return Response(self.read_shape(instance), status=status_code)
        except DatabaseError:
            if connection.in_atomic_block:  # not committed yet: the caller's transaction decides
                raise
            logger.warning("Reading back a committed write failed; reading it on a new connection.", exc_info=True)
            connection.close()
        try:
            return Response(self.read_shape(instance), status=status_code)
        except DatabaseError:
            connection.close()
            return Response(committed_outcome(instance), status=status_code)

    def read_shape(self, instance) -> dict:
        return self.serializer_class(self.written(instance), context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_write(None, serializer.validated_data)
        response = self.read_back(instance, status.HTTP_201_CREATED)
        # 201 Created names the new resource, with its validator (else the caching middleware's hash).
        response["Location"] = self.detail_location(instance)
        if isinstance(response.data, dict) and "version" in response.data:
            response["ETag"] = etag_for_version(response.data["version"])
        return response

    def detail_location(self, instance) -> str:
        """The absolute URL of `instance`'s detail endpoint."""
        lookup = self.lookup_field
        path = reverse(f"api:{self.basename}-detail", kwargs={lookup: getattr(instance, lookup)})
        return self.request.build_absolute_uri(path)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        return with_last_modified(response, instance)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        instance = self.perform_write(instance, serializer.validated_data)
        return self.read_back(instance)

    def perform_write(self, instance, data):
        raise NotImplementedError

    def perform_destroy(self, instance):
        raise NotImplementedError


def with_last_modified(response, instance):
    """`Last-Modified` from the instance's `updated_at` (for If-Modified-Since), when it has one."""
    updated_at = getattr(instance, "updated_at", None)
    if updated_at is not None:
        response["Last-Modified"] = http_date(updated_at.timestamp())
    return response


def committed_outcome(instance) -> dict:
    """What is known of a committed write without the database: the object's key and version."""
    outcome = {"detail": _("Saved. Read it again for its full representation."), "code": "saved"}
    for field in ("uuid", "slug", "id", "version"):
        value = getattr(instance, field, None)
        if value is not None:
            outcome[field] = str(value) if field == "uuid" else value
    return outcome


@extend_schema(exclude=True)
class UnknownEndpointView(APIView):
    """Any other path under /api/v1/: the API's JSON 404, in the client's language, for every method
    (not Django's HTML page)."""

    authentication_classes = []
    permission_classes = []

    def initial(self, request, *args, **kwargs):
        raise NotFound(_("There is no such endpoint in this API: its list is at /api/docs/."))
