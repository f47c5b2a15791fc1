"""One JSON error shape for the whole API: `{"detail": message, "code": code, "errors": {field: [..]}}`.

Errors raised below the API (model validation, protected deletes, refused service calls) are
translated here, so that bad input is always a 4xx with a message and never a 500. The domain
errors (articles/errors.py) know nothing of HTTP: ERROR_STATUSES is the one table of their statuses.
"""

import re

from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from articles import errors as domain
from articles.models import Article, Correction


class ArticleRetractedError(domain.ServiceError):
    """Readers asking for a retracted article: 410 Gone with the retraction note."""

    def __init__(self, article: Article, retraction: Correction | None):
        super().__init__(_("This article has been retracted."), code="retracted")
        self.article = article
        self.retraction = retraction

    @property
    def extra(self) -> dict:
        return {
            "uuid": str(self.article.uuid),
            "retraction": {
                "note": self.retraction.note if self.retraction else "",
                "retracted_at": self.retraction.created_at.isoformat() if self.retraction else None,
            },
        }


#: The HTTP status of each domain error; the first class in an error's MRO that is listed decides.
ERROR_STATUSES: dict[type[domain.ServiceError], int] = {
    domain.NotPermittedError: status.HTTP_403_FORBIDDEN,
    domain.VersionRequiredError: status.HTTP_428_PRECONDITION_REQUIRED,
    domain.StaleVersionError: status.HTTP_412_PRECONDITION_FAILED,
    domain.NotFoundError: status.HTTP_404_NOT_FOUND,
    domain.ConflictError: status.HTTP_409_CONFLICT,
    ArticleRetractedError: status.HTTP_410_GONE,
    domain.ServiceError: status.HTTP_400_BAD_REQUEST,
}


def status_of(error: domain.ServiceError) -> int:
    return next(ERROR_STATUSES[cls] for cls in type(error).__mro__ if cls in ERROR_STATUSES)


def _message(errors) -> str:
    """The first human-readable message inside a DRF error structure."""
    if isinstance(errors, dict):
        for field, value in errors.items():
            inner = _message(value)
            return inner if field in ("non_field_errors", "__all__", "detail") else f"{field}: {inner}"
    if isinstance(errors, list) and errors:
        return _message(errors[0])
    return str(errors)


#: Django's get_object_or_404 says "No Article matches the given query." in English whatever the
#: client's language: said again here in it, with the model's translated name.
_NO_MATCH = re.compile(r"No (\w+) matches the given query\.")


def not_found(exc: Http404) -> exceptions.NotFound:
    found = _NO_MATCH.fullmatch(str(exc))
    try:
        model = apps.get_model("articles", found[1]) if found else None
    except LookupError:
        model = None
    if model is None:
        return exceptions.NotFound()
    return exceptions.NotFound(_("No %(model)s matches the given query.") % {"model": model._meta.verbose_name})


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = not_found(exc)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, domain.ServiceError):
        body = {"detail": exc.message, "code": exc.code}
        body.update(exc.extra)
        return Response(body, status=status_of(exc))
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response(
            {"detail": _("This object is still used by other records and cannot be deleted."), "code": "protected"},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, IntegrityError):
        # Validation checks every rule first; the database refuses a row only when another request
        # wrote a conflicting one (the same slug, say) between the check and the write.
        return Response(
            {
                "detail": _("A change made at the same time conflicts with this one: read the data again and retry."),
                "code": "conflict",
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, OperationalError | InterfaceError):
        # The database connection was lost (a restart, a dropped connection), possibly while a write
        # was committing: whether it was made is unknown to us too.
        response = Response(
            {
                "detail": _(
                    "The connection to the database was lost while the change was being saved: it may or may "
                    "not have been made. Read the resource again before retrying."
                ),
                "code": "outcome_unknown",
            },
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = "5"
        return response
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"detail": _message(errors), "code": "invalid", "errors": errors}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data["code"] = getattr(response.data["detail"], "code", "error")
    return response
