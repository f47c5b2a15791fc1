"""OpenAPI pieces several views share (drf-spectacular)."""

from django.utils import translation
from django.utils.functional import Promise
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from drf_spectacular.views import SpectacularAPIView

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the article version the client saw, e.g. "3" (428 without it, 412 when stale).',
)

FIELDS = OpenApiParameter(
    "fields",
    str,
    description=(
        "Comma-separated names of the fields to return, e.g. `uuid,headline,published_at,snippet` for a "
        "page of search results; the others are left out and not read. Default: every field."
    ),
)

#: The answers every write of an article that needs If-Match may give besides success.
PRECONDITION_RESPONSES = {
    412: OpenApiResponse(description="If-Match names an older version than the current one (body: current_version)."),
    428: OpenApiResponse(description="If-Match is missing."),
}


# --------------------------------------------------------------------------- a schema generators can trust


class SchemaOptional:
    """Mixin for serializers whose answers may leave fields out: `schema_optional_fields` (or
    "__all__") are not `required` in the response schema (`?fields=` picks any subset; a
    collection's article shows `status` only to staff)."""

    schema_optional_fields: tuple[str, ...] | str = "__all__"


class SchemaOptionalExtension(OpenApiSerializerExtension):
    target_class = "articles.api.schema.SchemaOptional"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        optional = self.target.schema_optional_fields
        if optional == "__all__":
            schema.pop("required", None)
        elif "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema


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
