"""OpenAPI pieces several views share (drf-spectacular)."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

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
