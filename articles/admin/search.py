"""Admin search (changelists and autocomplete) through the same engine as the API's `q`."""

from django.contrib import messages
from django.contrib.admin.views.main import ORDER_VAR

from articles import search


class EngineSearchMixin:
    """Admin search (changelists and autocomplete) through the same engine as the API's `q`.

    Articles are searched with `search.search_articles` (the query language, ranked by relevance);
    entities, sources and aliases with `search.search_named` (any alias, typo-tolerant, most
    similar first). An explicit column sort (`?o=`) is kept; otherwise results come best first.
    `search_fields` stays set because autocomplete requires it; the search itself runs here.
    """

    def engine_search(self, queryset, term):
        return search.search_named(queryset, term)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        try:
            results = self.engine_search(queryset, search_term)
        except search.SearchQueryError as error:
            self.message_user(request, str(error), messages.WARNING)
            return queryset.none(), False
        if request.GET.get(ORDER_VAR):
            results = results.order_by(*queryset.query.order_by)
        return results, False
