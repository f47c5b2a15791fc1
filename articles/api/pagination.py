"""Pagination: page numbers (bounded in size and depth) and, for time-ordered lists, cursors.

- Page numbers (`?page=N&page_size=M`): every list, at most `max_page_size` rows a page. Lists
  that also take cursors stop page numbers at `MAX_PAGE_DEPTH` rows deep (page × page size): an
  OFFSET reads and drops every row before its page, so a deep page costs as much as all the pages
  before it. (The other lists are small: entities, sources, collections, parts of articles.)
  Every list counts its rows exactly up to `articles.search.query.COUNT_LIMIT` (10,000) and says
  `count_is_exact: false` beyond, as a search does: an exact count reads every matching row, and
  "all articles about X" at a million articles would spend most of its time counting rows nobody
  pages to (`page=last` is then the last page of those counted).
- Cursors (`?cursor=`): lists whose view names a `cursor_field` (a time, newest first; the
  articles by publication time, the audit log by time). The first page is `?cursor=` (empty);
  each answer's `next` link carries an opaque cursor for the page after it (null on the last
  page). A page starts where the last one ended (keyset pagination: `(time, id) < (cursor)` on the
  list's index), so every page costs the same, however deep; no `count` (counting is a scan).
  A cursor follows the default order only: with `ordering=` or a search (`q`), page numbers.
"""

import base64
import binascii
import json

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from articles.search import query as search_limits

#: How deep page numbers go (page × page size): beyond it, a 400 that names the cursor.
MAX_PAGE_DEPTH = 10_000


class CappedCountPaginator(Paginator):
    """Django's paginator with the count bounded: a QuerySet is counted up to COUNT_LIMIT + 1 rows (one
    statement, `SELECT COUNT(*) FROM (… LIMIT 10001)`, without ordering); SearchResults count
    themselves the same way. `count_is_exact` is False when `count` is the limit, a lower bound."""

    count_is_exact = True

    @cached_property
    def count(self) -> int:
        rows, limit = self.object_list, search_limits.COUNT_LIMIT
        if isinstance(rows, QuerySet):
            counted = rows.order_by()[: limit + 1].count()
            self.count_is_exact = counted <= limit
            return min(counted, limit)
        if hasattr(rows, "count_is_exact"):  # SearchResults: capped the same way by articles.search
            self.count_is_exact = rows.count_is_exact
            return rows.count()
        return len(rows)  # a list already in memory


class BoundedPageNumberPagination(PageNumberPagination):
    django_paginator_class = CappedCountPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        if self.cursor_query_param in request.query_params and getattr(view, "cursor_field", None):
            return self._paginate_by_cursor(queryset, request, view)
        self.cursor_page = None
        for param in (self.page_query_param, self.page_size_query_param):
            value = request.query_params.get(param)
            # isdecimal, not isdigit: "²" is a digit that int() refuses.
            if value is not None and value != "last" and not (value.isdecimal() and int(value) > 0):
                raise ValidationError({param: [_("Enter a positive whole number.")]})
        page = request.query_params.get(self.page_query_param)
        deep = page is not None and page.isdecimal() and int(page) * self.get_page_size(request) > MAX_PAGE_DEPTH
        if deep and getattr(view, "cursor_field", None):
            message = _("Pages go %(depth)s rows deep; follow ?cursor= to go further.")
            raise ValidationError({self.page_query_param: [message % {"depth": MAX_PAGE_DEPTH}]})
        return super().paginate_queryset(queryset, request, view)

    # ------------------------------------------------------------------ cursors

    def _paginate_by_cursor(self, queryset, request, view):
        if not isinstance(queryset, QuerySet) or request.query_params.get("ordering"):
            raise ValidationError(
                {self.cursor_query_param: [_("A cursor follows the list's default order: not with ordering= or q=.")]}
            )
        field = view.cursor_field
        size = self.get_page_size(request)
        rows = queryset.order_by(F(field).desc(nulls_first=True), "-pk")
        value = request.query_params.get(self.cursor_query_param)
        if value:
            moment, pk = decode_cursor(value, self.cursor_query_param)
            rows = rows.filter(_after(rows, field, moment, pk))
        page = list(rows[: size + 1])
        self.cursor_page, self.request = page[:size], request
        self.next_cursor = (
            encode_cursor(getattr(page[size - 1], field), page[size - 1].pk) if len(page) > size else None
        )
        return self.cursor_page

    def get_paginated_response(self, data):
        """A page of numbers, with `count_is_exact`: False when `count` is a lower bound (every list
        counts exactly up to articles.search.COUNT_LIMIT, as Elasticsearch's track_total_hits);
        or a cursor's page, with `next` and `results` only."""
        if getattr(self, "cursor_page", None) is not None:
            url = self.request.build_absolute_uri()
            cursor = self.next_cursor
            following = replace_query_param(url, self.cursor_query_param, cursor) if cursor else None
            return Response({"next": following, "results": data})
        response = super().get_paginated_response(data)
        exact = self.page.paginator.count_is_exact
        response.data = {"count": response.data["count"], "count_is_exact": exact, **response.data}
        return response

    def get_paginated_response_schema(self, schema):
        """A page of either kind: `count`, `count_is_exact` and `previous` are left out of a cursor's pages."""
        shape = super().get_paginated_response_schema(schema)
        shape["properties"] = {
            "count": {
                **shape["properties"]["count"],
                "description": "How many items there are; a lower bound when `count_is_exact` is false.",
            },
            "count_is_exact": {
                "type": "boolean",
                "description": (
                    "False when `count` is a lower bound: a list (a search included) counts exactly up to "
                    "10,000 and answers 10,000 beyond, as there are at least that many."
                ),
            },
            **{name: value for name, value in shape["properties"].items() if name != "count"},
        }
        shape["required"] = ["results"]
        return shape

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        if getattr(view, "cursor_field", None):
            parameters.append(
                {
                    "name": self.cursor_query_param,
                    "required": False,
                    "in": "query",
                    "description": "Keyset pagination, newest first: empty for the first page, then the "
                    "cursor in the `next` link (not with `ordering` or `q`). Pages then have no `count`.",
                    "schema": {"type": "string"},
                }
            )
        return parameters


def encode_cursor(moment, pk) -> str:
    text = json.dumps([moment.isoformat() if moment is not None else None, pk])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(value: str, param: str):
    """(time or None, primary key) from a cursor; anything else is a 400."""
    try:
        moment, pk = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        moment = parse_datetime(moment) if moment is not None else None
        if not isinstance(pk, int) or isinstance(pk, bool) or (moment is None and pk is None):
            raise ValueError(pk)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({param: [_("This cursor is not one this list gave.")]}) from None
    return moment, pk


def _after(rows: QuerySet, field: str, moment, pk):
    """The rows after (time, pk) in the order time DESC NULLS FIRST, pk DESC: one row comparison,
    which PostgreSQL reads as a range of the (time, id) index."""
    if moment is None:  # still among the rows without a time (they come first)
        return Q(**{f"{field}__isnull": True, "pk__lt": pk}) | Q(**{f"{field}__isnull": False})
    model, connection = rows.model, connections[rows.db]
    column = model._meta.get_field(field)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    sql = f"({table}.{quote(column.column)}, {table}.{quote(model._meta.pk.column)}) < (%s, %s)"
    return RawSQL(sql, [column.get_db_prep_value(moment, connection), pk], output_field=BooleanField())
