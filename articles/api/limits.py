"""Limits on what a client may send, checked once for every request before any view sees it.

- `RequestLimitsMiddleware` (site-wide, placed after LocaleMiddleware so that its messages are in
  the client's language): a NUL character anywhere in the path is a 404 and in the query string a
  400 naming the parameter (no stored text holds one, and PostgreSQL refuses to compare text with
  one: a 500 otherwise); a body longer than
  `MAX_REQUEST_BODY_BYTES` is a 413, answered from `Content-Length` before anything reads it,
  whatever its content type.
- `check_document`: what the JSON parser (articles/api/parsers.py) checks in every parsed body:
  NUL characters in any string or key, the nesting depth and the length of every list.
"""

from django.conf import settings
from django.http import JsonResponse, QueryDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, ValidationError

NUL = "\x00"


def null_character_message() -> str:
    # The same words as Django's ProhibitNullCharactersValidator.
    return _("Null characters are not allowed.")


def json_refusal(data: dict, status: int) -> JsonResponse:
    """The API's error shape, in UTF-8 with Arabic unescaped as the API's own answers."""
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def refusal(self, request) -> JsonResponse | None:
        if NUL in request.path_info:  # no identifier holds one: nothing is there
            return json_refusal({"detail": _("Not found."), "code": "not_found"}, status=404)
        query = QueryDict(request.META.get("QUERY_STRING", ""), encoding=request.encoding)
        for name, values in query.lists():
            if NUL in name or any(NUL in value for value in values):
                name = name.replace(NUL, "") or "query"
                return json_refusal(
                    {
                        "detail": f"{name}: {null_character_message()}",
                        "code": "invalid",
                        "errors": {name: [null_character_message()]},
                    },
                    status=400,
                )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return json_refusal({"detail": _("Content-Length is not a number."), "code": "invalid"}, status=400)
        limit = settings.MAX_REQUEST_BODY_BYTES
        if length > limit:
            return json_refusal(
                {
                    "detail": _("The request body is larger than the %(limit)s bytes this server accepts.")
                    % {"limit": limit},
                    "code": "too_large",
                },
                status=413,
            )
        return None


def check_document(document) -> None:
    """Refuses a parsed JSON document holding a NUL character (a 400 naming the top-level field it is
    in), nested deeper than `MAX_JSON_DEPTH` or with a list longer than `MAX_JSON_LIST_ITEMS`."""
    max_depth, max_items = settings.MAX_JSON_DEPTH, settings.MAX_JSON_LIST_ITEMS
    top = document.items() if isinstance(document, dict) else [("non_field_errors", document)]
    for field, value in top:
        if isinstance(field, str) and NUL in field:
            raise ValidationError({"non_field_errors": [null_character_message()]})
        stack = [(value, 2 if isinstance(document, dict) else 1)]
        while stack:
            item, depth = stack.pop()
            if isinstance(item, str):
                if NUL in item:
                    raise ValidationError({field: [null_character_message()]})
                continue
            if not isinstance(item, dict | list):
                continue
            if depth > max_depth:
                raise ParseError(_("JSON parse error - nested deeper than %(depth)s levels.") % {"depth": max_depth})
            if isinstance(item, list):
                if len(item) > max_items:
                    raise ValidationError(
                        {field: [_("At most %(count)s items are accepted in a list.") % {"count": max_items}]}
                    )
                stack.extend((child, depth + 1) for child in item)
            else:
                for key, child in item.items():
                    if NUL in key:
                        raise ValidationError({field: [null_character_message()]})
                    stack.append((child, depth + 1))
