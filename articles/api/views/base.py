"""The shape every writable resource of the API shares: reads with one serializer, writes with
another through the services, answers writes with the read shape."""

import logging

from django.db import DatabaseError, transaction
from django.http import JsonResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from rest_framework import status, viewsets
from rest_framework.response import Response

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

    def dispatch(self, request, *args, **kwargs):
        """A write and the reading back of its answer are one transaction: once COMMIT has returned,
        the answer is already made and nothing more touches the database, so a connection lost after
        COMMIT cannot turn a change that was made into a 500 (nor can an on-commit step that fails:
        the outcome is known as soon as the first on-commit hook runs). A refused write (4xx) is
        rolled back. If COMMIT itself fails, whether the change was made is unknown: a 503 that says so."""
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return super().dispatch(request, *args, **kwargs)
        committing, committed = False, []
        try:
            with transaction.atomic():
                transaction.on_commit(lambda: committed.append(True))  # the first hook to run
                response = super().dispatch(request, *args, **kwargs)
                if response.status_code >= 400:
                    transaction.set_rollback(True)
                committing = True
        except DatabaseError:
            if committed:  # the change is made; a step after COMMIT failed
                logger.exception("A step after COMMIT failed; the write was answered as made.")
                return response
            if not committing:
                raise
            return outcome_unknown()
        return response

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
        """The answer to a write: the written object in the read shape."""
        data = self.serializer_class(self.written(instance), context=self.get_serializer_context()).data
        return Response(data, status=status_code)

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


def outcome_unknown() -> JsonResponse:
    response = JsonResponse(
        {
            "detail": _(
                "The connection to the database was lost while the change was being saved: it may or may "
                "not have been made. Read the resource again before retrying."
            ),
            "code": "outcome_unknown",
        },
        status=503,
    )
    response["Retry-After"] = "5"
    return response
