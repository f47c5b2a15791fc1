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
