"""The result of a search: an explicit, sliceable sequence that knows its matches.

`search_articles` finds the window of matches (with each one's rank and publication time) once;
the SearchResults it returns is then counted without a query, and a page of it in relevance
order reads only its own rows (`id = ANY(<the page's ids>)` on PostgreSQL), with whatever
prefetches the queryset it was given carries. Django's and DRF's paginators take it as they take
a QuerySet (`count()` and slicing). Another order (`order_by("-published_at")`) is applied in SQL
over the window's articles.
"""

from collections.abc import Mapping, Sequence

from django.db.models import Case, FloatField, QuerySet, Value, When
from django.db.models.functions import Cast

from articles.models import Article
from articles.search.backends import backend
from articles.search.ranking import RELEVANCE_ORDERING, relevance_key
from articles.text import Query

#: The names an ordering may use for the relevance order.
RELEVANCE = "relevance"


class SearchResults(Sequence):
    """The articles of `queryset` that matched `query`: `hits` is {id: (rank, POSIX time or None)}.

    Each article read from it carries `search_rank`. `ordering` is None (relevance) or a list of
    ordering terms of the queryset's model, where "relevance" / "-relevance" may appear.
    """

    def __init__(self, queryset: QuerySet, query: Query, hits: Mapping[int, tuple[float, float | None]], ordering=None):
        self.queryset = queryset
        self.query = query
        self.hits = hits
        self.ordering = list(ordering) if ordering else [RELEVANCE]
        self._ids: list[int] | None = None

    # ------------------------------------------------------------------ what the paginators use

    def count(self) -> int:
        return len(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    @property
    def ordered(self) -> bool:  # Django's Paginator warns about unordered lists
        return True

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._page(index)
        if not -len(self) <= index < len(self):
            raise IndexError("search result index out of range")
        return self._page(slice(index, index + 1 if index != -1 else None))[0]

    def __iter__(self):
        return iter(self[:])

    # ------------------------------------------------------------------ orders

    def order_by(self, *ordering) -> "SearchResults":
        """The same results in another order (terms as QuerySet.order_by's, plus "relevance")."""
        return SearchResults(self.queryset, self.query, self.hits, ordering)

    def _relevance_direction(self) -> int | None:
        """1 (best first) or -1 (worst first) when the order is relevance first, else None: ties in
        relevance are broken by publication time and id, so what follows it changes nothing."""
        first = self.ordering[0] if self.ordering else None
        if first == RELEVANCE:
            return 1
        if first == f"-{RELEVANCE}":
            return -1
        return None

    def ids(self) -> list[int]:
        """Every match's id in relevance order (ranking.RELEVANCE_ORDERING)."""
        if self._ids is None:
            self._ids = sorted(self.hits, key=lambda pk: relevance_key(*self.hits[pk], pk), reverse=True)
        return self._ids

    def _page(self, window: slice) -> list[Article]:
        direction = self._relevance_direction()
        if direction is None:
            rows = list(self.as_queryset()[window])
        else:
            ids = self.ids() if direction == 1 else self.ids()[::-1]
            page = ids[window]
            found = {article.pk: article for article in self.queryset.filter(backend(self.queryset.db).PkIn(page))}
            rows = [found[pk] for pk in page if pk in found]
        for article in rows:
            article.search_rank = self.hits[article.pk][0]
        return rows

    def as_queryset(self) -> QuerySet:
        """The results as a QuerySet in their order (for the admin's changelist): the window's
        articles, annotated with `search_rank`."""
        by_rank: dict[float, list[int]] = {}
        for pk, (rank, _published_at) in self.hits.items():
            if rank:
                by_rank.setdefault(rank, []).append(pk)
        pk_in = backend(self.queryset.db).PkIn
        # Cast: with no rank above 0 the CASE is the bare constant 0.0, which PostgreSQL refuses to order by.
        rank = Cast(
            Case(
                *(When(pk_in(pks), then=Value(value)) for value, pks in sorted(by_rank.items(), reverse=True)),
                default=Value(0.0),
                output_field=FloatField(),
            ),
            FloatField(),
        )
        return self.queryset.filter(pk_in(list(self.hits))).annotate(search_rank=rank).order_by(*self._sql_ordering())

    def _sql_ordering(self) -> list:
        out = []
        for term in self.ordering:
            if isinstance(term, str) and term.lstrip("-") == RELEVANCE:
                for expression in RELEVANCE_ORDERING:
                    expression = expression.copy()
                    if term.startswith("-"):
                        expression.reverse_ordering()
                    out.append(expression)
            else:
                out.append(term)
        if not any(isinstance(term, str) and term.lstrip("-") in ("id", "pk") for term in out):
            out.append("-id")
        return out
