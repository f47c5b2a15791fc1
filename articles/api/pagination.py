"""Bounded page-number pagination: clients choose `page_size` up to `max_page_size`."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class BoundedPageNumberPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        for param in (self.page_query_param, self.page_size_query_param):
            value = request.query_params.get(param)
            # isdecimal, not isdigit: "²" is a digit that int() refuses.
            if value is not None and value != "last" and not (value.isdecimal() and int(value) > 0):
                raise ValidationError({param: [_("Enter a positive whole number.")]})
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        """The page, with `count_is_exact`: False when `count` is a lower bound (a search counts its
        matches exactly up to articles.search.COUNT_LIMIT, as Elasticsearch's track_total_hits)."""
        response = super().get_paginated_response(data)
        exact = getattr(self.page.paginator.object_list, "count_is_exact", True)
        response.data = {"count": response.data["count"], "count_is_exact": exact, **response.data}
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"] = {
            "count": {
                **schema["properties"]["count"],
                "description": "How many items there are; a lower bound when `count_is_exact` is false.",
            },
            "count_is_exact": {
                "type": "boolean",
                "description": (
                    "False when `count` is a lower bound: a search (`q`) counts its matches exactly up to "
                    "10,000 and answers 10,000 beyond, as there are at least that many. Always true without `q`."
                ),
            },
            **{name: value for name, value in schema["properties"].items() if name != "count"},
        }
        schema["required"] = [*schema["required"], "count_is_exact"]
        return schema
