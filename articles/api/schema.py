"""OpenAPI pieces several views share (drf-spectacular)."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import permissions

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


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, declaring anonymous access (`{}` in `security`) where readers may come
    without credentials: safe methods under DjangoModelPermissionsOrAnonReadOnly, as spectacular
    already does for AllowAny and IsAuthenticatedOrReadOnly."""

    def get_auth(self):
        auths = super().get_auth()
        perms = [type(permission) for permission in self.view.get_permissions()]
        if (
            {} not in auths
            and permissions.DjangoModelPermissionsOrAnonReadOnly in perms
            and self.method in permissions.SAFE_METHODS
        ):
            auths.append({})
        return auths


def json_request_bodies(result, generator, request, public):
    """Postprocessing hook: where an operation accepts JSON, document JSON only. (The token endpoint
    also takes forms, as DRF's view does; three media types with one schema make generated clients
    send the wrong one.)"""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            content = operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
            if "application/json" in content and len(content) > 1:
                for media_type in [name for name in content if name != "application/json"]:
                    del content[media_type]
    return result


#: drf-spectacular's pattern for a SlugField, whose \w is ASCII-only to JSON Schema (ECMA 262) validators.
ASCII_SLUG_PATTERN = r"^[-\w]+$"


def unicode_slug_patterns(result, generator, request, public):
    """Postprocessing hook: our slugs are Unicode (إيران-٢): drop the slug pattern, which JSON Schema
    validators read as ASCII-only and which would make every Arabic slug a schema violation."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("pattern") == ASCII_SLUG_PATTERN:
                del node["pattern"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
