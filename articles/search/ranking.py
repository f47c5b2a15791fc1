"""How matches are ordered: the rank of a match, and the orders of results and of the window.

Within a search's window of matches (query.SEARCH_WINDOW, the most recent), matches are ranked by
RANK_POINTS / RANK_SCALE, computed the same way on both databases:

    search_rank = 1     if every searched word is in the headline (in any form)
                + 1/4   ... and in its exact form there
                + 1/8 + 1/16   the same for the summary
                + 1/32 + 1/32  the same for the names of the entities the article is about

so a headline hit always ranks above any other, and exact forms above stems and spelling variants
in the same field. Matches elsewhere only (body, captions, other names) have rank 0. Ties are
broken by publication time, then id, both descending. The sums are exact (powers of two), so
results come in the same order on both databases.
"""

from django.db.models import F

from articles.text import KINDS

#: The fields whose matches rank an article (the "head" of the document); the others only match.
RANK_FIELDS = ("headline", "summary", "about")
#: What makes an article rank higher: (field, key kinds, points). A term scores when every searched
#: word matches within that field (in any form, or in exact forms only). The headline's "any form"
#: term is worth more than all the others together, so a headline hit always ranks first.
RANK_POINTS = (
    ("headline", KINDS, 32),
    ("headline", ("exact",), 8),
    ("summary", KINDS, 4),
    ("summary", ("exact",), 2),
    ("about", KINDS, 1),
    ("about", ("exact",), 1),
)
#: search_rank = points / RANK_SCALE (a power of two: the sums are exact on both databases).
RANK_SCALE = 32


def rank_terms():
    """(field, key kinds, value) of each term of the rank: its points over RANK_SCALE."""
    for field, kinds, points in RANK_POINTS:
        yield field, kinds, points / RANK_SCALE


#: Order of search results: best first, then the most recent, then the newest row.
RELEVANCE_ORDERING = (F("search_rank").desc(), F("published_at").desc(nulls_first=True), F("id").desc())
#: Order of the window of matches: the most recent first (articles without a time count as newest).
RECENCY_ORDERING = (F("published_at").desc(nulls_first=True), F("id").desc())


def relevance_key(rank: float, published_at: float | None, pk: int) -> tuple:
    """The sort key (descending) of a match in RELEVANCE_ORDERING, from its rank and POSIX time."""
    return rank, published_at is None, published_at or 0.0, pk
