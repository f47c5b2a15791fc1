"""The OpenAPI schema endpoint (GET /api/schema/)."""

from django.utils import translation
from django.utils.functional import Promise
from drf_spectacular.views import SpectacularAPIView


def _resolved(value):
    """`value` with every lazy translation turned into text (in the language active now)."""
    if isinstance(value, dict):
        return {_resolved(key): _resolved(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_resolved(item) for item in value]
    if isinstance(value, Promise):
        return str(value)
    return value


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, always in English whatever `Accept-Language` or `?lang=` say: one
    schema, so that clients generated from it are the same everywhere (Arabic is for messages)."""

    def _get_schema_response(self, request):
        with translation.override("en"):
            response = super()._get_schema_response(request)
            response.data = _resolved(response.data)
        return response
