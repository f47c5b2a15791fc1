"""The result of a search: an explicit, sliceable sequence over every match, ranked to the depth
a page needs, and counted honestly.

Ranking every match (ranking.py) without reading every match's text:

1. the candidates are the SEARCH_WINDOW newest matches (the backend's `search_window`) and every
   match with a query word in its headline, summary or about-names (`head_candidates`, an index
   lookup): their publication times, and the head fields' term statistics (small, in the row);
2. each candidate gets an upper bound of its score from its head fields (ranking.upper_bound: the
   other fields saturate, so they add at most ranking.max_rest); a match that is no candidate has
   no head hit and is older than the window, so its score is at most max_rest × the recency of the
   window's oldest match;
3. candidates are scored exactly (every field's statistics, read RANK_BATCH at a time) in order of
   their bounds, until the page's last place holds a score above every bound left; when the bound of
   the matches older than the window is not below it, the next SEARCH_WINDOW older matches become
   candidates (rare: a page of matches that all lack a head hit, deep in a common word).

So the order is that of scoring every match, on both databases, whatever their number.

The count is separate: exact up to COUNT_LIMIT, then a lower bound (`count_is_exact` False).
Django's and DRF's paginators take a SearchResults as they take a QuerySet (`count()` and
slicing); a page in relevance order reads only its own rows, with the prefetches of the queryset it
was given. Another order (`order_by("-published_at")`) is applied in SQL over every match.
"""

import heapq
from collections.abc import Sequence

from django.db.models import Case, FloatField, QuerySet, Value, When
from django.db.models.functions import Cast

from articles.models import Article
from articles.search import query as limits
from articles.search import ranking
from articles.search.backends import backend
from articles.text import Query

#: The names an ordering may use for the relevance order.
RELEVANCE = "relevance"
#: Candidates whose every field is read at once, when scoring exactly.
RANK_BATCH = 100


class Ranking:
    """The matches of `query` in `queryset`, scored (ranking.py) as deep as asked."""

    def __init__(self, queryset: QuerySet, query: Query):
        self.queryset = queryset
        self.query = query
        self.using = queryset.db
        self.backend = backend(self.using)
        self.words = query.words()
        self.matches = self.backend.matches(queryset, query)
        self._count: int | None = None
        self._started = False

    # ------------------------------------------------------------------ counting

    def capped_count(self) -> int:
        """The matches, counted up to COUNT_LIMIT + 1."""
        if self._count is None:
            self._count = self.backend.capped_count(self.matches, limits.COUNT_LIMIT + 1)
        return self._count

    def _document_frequencies(self) -> list[int]:
        """How many articles each query word matches (all of the table's, any status: the same
        whoever searches), counted up to ranking.DF_LIMIT; a query of one word needs none (its idf
        multiplies every score alike)."""
        if len(self.words) == 1:
            return [ranking.DF_LIMIT]
        return [self.backend.document_frequency(self.using, word, ranking.DF_LIMIT) for word in self.words]

    # ------------------------------------------------------------------ ranking

    def _start(self) -> None:
        self._started = True
        window = self.backend.search_window(self.queryset, self.query)
        heads = self.backend.head_candidates(self.matches, self.words)
        self.times = {**window, **{pk: when for pk, (when, _stats) in heads.items()}}
        dated = [round(t) for t in self.times.values() if t is not None]
        self.newest = max(dated) if dated else None
        self.idfs = [ranking.idf(df) for df in self._document_frequencies()]
        self.rest_bound = ranking.max_rest(self.idfs)  # a match with no head hit: at most this × recency
        self.cursor = self._oldest(window) if len(window) >= limits.SEARCH_WINDOW else None
        self.read = len(window)  # matches read in recency order
        self.bounds = {
            pk: ranking.upper_bound(heads[pk][1], self.idfs, self._recency(pk), self.rest_bound)
            if pk in heads
            else (1, self.rest_bound * self._recency(pk))
            for pk in self.times
        }
        self.scores: dict[int, tuple[int, float]] = {}

    def _recency(self, pk: int) -> float:
        published_at = self.times[pk]
        return ranking.recency(None if published_at is None else round(published_at), self.newest)

    def _oldest(self, found: dict[int, float | None]) -> tuple[float | None, int]:
        return min(((t is None, t or 0.0, pk) for pk, t in found.items()), default=None)

    def _kth(self, depth: int) -> tuple[int, float] | None:
        if len(self.scores) < depth:
            return None
        return heapq.nlargest(depth, self.scores.values())[-1]

    def rank(self, depth: int) -> None:
        """Score until the `depth` best matches are known (ranking's order, ties included)."""
        if not self._started:
            self._start()
        while True:
            pending = sorted((pk for pk in self.bounds if pk not in self.scores), key=self.bounds.get, reverse=True)
            for start in range(0, len(pending), RANK_BATCH):
                kth = self._kth(depth)
                if kth is not None and kth > self.bounds[pending[start]]:
                    break
                batch = pending[start : start + RANK_BATCH]
                stats = self.backend.term_stats(self.using, batch, self.words, rest=True)
                for pk in batch:
                    self.scores[pk] = (
                        ranking.score(stats[pk], self.idfs, self._recency(pk)) if pk in stats else (0, 0.0)
                    )
            if self.cursor is None:
                return
            kth = self._kth(depth)
            undated, published_at, _pk = self.cursor
            oldest = None if undated else round(published_at)
            if kth is not None and kth > (1, self.rest_bound * ranking.recency(oldest, self.newest)):
                return
            self._widen()

    def _widen(self) -> None:
        """Make the SEARCH_WINDOW matches that follow the ones read so far in recency order candidates."""
        older = self.matches.order_by(*ranking.RECENCY_ORDERING)[self.read : self.read + limits.SEARCH_WINDOW]
        found = self.backend.match_times(older)
        self.read += limits.SEARCH_WINDOW
        self.cursor = self._oldest(found) if len(found) >= limits.SEARCH_WINDOW else None
        for pk, t in found.items():
            if pk not in self.times:
                self.times[pk] = t
                self.bounds[pk] = (1, self.rest_bound * self._recency(pk))

    def ordered(self, depth: int) -> list[int]:
        """The ids of the `depth` best matches, best first."""
        self.rank(depth)
        key = {pk: ranking.sort_key(score, self.times[pk], pk) for pk, score in self.scores.items()}
        return heapq.nlargest(depth, self.scores, key=key.get)


class SearchResults(Sequence):
    """The articles of `queryset` that matched `query`. Each article read from it carries
    `search_rank` (its score; None in another order than relevance). `ordering` is None
    (relevance) or a list of ordering terms of the queryset's model, where "relevance" /
    "-relevance" may appear."""

    def __init__(self, queryset: QuerySet, query: Query, ordering=None, *, ranked: Ranking | None = None):
        self.queryset = queryset
        self.query = query
        self.ranking = ranked or Ranking(queryset, query)
        self.ordering = list(ordering) if ordering else [RELEVANCE]

    # ------------------------------------------------------------------ what the paginators use

    def count(self) -> int:
        """The number of matches, exact up to query.COUNT_LIMIT; beyond, COUNT_LIMIT (see count_is_exact)."""
        return min(self.ranking.capped_count(), limits.COUNT_LIMIT)

    @property
    def count_is_exact(self) -> bool:
        """False when there are more matches than count() says."""
        return self.ranking.capped_count() <= limits.COUNT_LIMIT

    def __len__(self) -> int:
        return self.count()

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
        return SearchResults(self.queryset, self.query, ordering, ranked=self.ranking)

    def _relevance_direction(self) -> int | None:
        """1 (best first) or -1 (worst first) when the order is relevance first, else None: ties in
        relevance are broken by publication time and id, so what follows it changes nothing."""
        first = self.ordering[0] if self.ordering else None
        if first == RELEVANCE:
            return 1
        if first == f"-{RELEVANCE}":
            return -1
        return None

    def ids(self, depth: int | None = None) -> list[int]:
        """The ids of the `depth` best matches (default: all), best first."""
        return self.ranking.ordered(self.count() if depth is None else depth)

    def _page(self, window: slice) -> list[Article]:
        direction = self._relevance_direction()
        if direction is None:
            rows = list(self.as_queryset()[window])
            for article in rows:
                article.search_rank = None
            return rows
        if direction == 1 and window.step is None and (window.start or 0) >= 0 and window.stop is not None:
            ids = self.ids(max(window.stop, 0))
        else:
            ids = self.ids()
        page = (ids if direction == 1 else ids[::-1])[window]
        found = {article.pk: article for article in self.queryset.filter(backend(self.queryset.db).PkIn(page))}
        rows = [found[pk] for pk in page if pk in found]
        for article in rows:
            article.search_rank = self.ranking.scores[article.pk][1]
        return rows

    def as_queryset(self) -> QuerySet:
        """The results as a QuerySet in their order (for the admin's changelist). In relevance
        order: the SEARCH_WINDOW best, annotated with `search_rank`; in another order, every match."""
        if self._relevance_direction() is None:
            return self.ranking.matches.order_by(*self._sql_ordering())
        ids = self.ids(limits.SEARCH_WINDOW)
        pk_in = backend(self.queryset.db).PkIn

        def case(values):  # Cast: a CASE without whens is a bare constant, which PostgreSQL will not order by
            whens = (When(pk_in([pk]), then=Value(value)) for pk, value in values)
            return Cast(Case(*whens, default=Value(0.0), output_field=FloatField()), FloatField())

        rank = case((pk, self.ranking.scores[pk][1]) for pk in ids)
        place = case((pk, float(len(ids) - n)) for n, pk in enumerate(ids))  # the order: tiers, then scores
        rows = self.queryset.filter(pk_in(ids)).annotate(search_rank=rank, search_place=place)
        return rows.order_by(*self._sql_ordering())

    def _sql_ordering(self) -> list:
        out = []
        for term in self.ordering:
            if isinstance(term, str) and term.lstrip("-") == RELEVANCE:
                for expression in ranking.PLACE_ORDERING:
                    expression = expression.copy()
                    if term.startswith("-"):
                        expression.reverse_ordering()
                    out.append(expression)
            else:
                out.append(term)
        if not any(isinstance(term, str) and term.lstrip("-") in ("id", "pk") for term in out):
            out.append("-id")
        return out
