"""Text search over the database, shared by the API filters and the admin.

Matching runs on normalised text (articles.text.normalize), so that diacritics, hamza and
alef forms, ya and ta marbuta variants and Persian letters do not stop a match.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from articles.text import normalize

#: More words than any reader types; each one is a condition, and SQLite refuses a query with
#: about a thousand of them ("Expression tree is too large").
MAX_QUERY_WORDS = 32


class SearchQueryError(ValueError):
    """A query that cannot be searched for; the message says why, for the reader."""


class EmptyQueryError(SearchQueryError):
    """The query has nothing to search for (empty, or punctuation only)."""

    def __init__(self):
        super().__init__(_("Enter at least one word to search for."))


class TooManyWordsError(SearchQueryError):
    def __init__(self):
        super().__init__(_("Enter at most %(count)d different words.") % {"count": MAX_QUERY_WORDS})


def query_words(value: str) -> list[str]:
    """The distinct normalised words of a query, in order."""
    words = [word for word in normalize(value).split() if any(ch.isalnum() for ch in word)]
    if not words:
        raise EmptyQueryError()
    words = list(dict.fromkeys(words))
    if len(words) > MAX_QUERY_WORDS:
        raise TooManyWordsError()
    return words


def names_q(value: str, *paths: str) -> Q:
    """Rows whose normalised name (or alias, through `paths`) contains every word of `value`."""
    condition = Q()
    for word in query_words(value):
        word_q = Q()
        for path in paths:
            word_q |= Q(**{f"{path}__contains": word})
        condition &= word_q
    return condition


NAME_PATHS = ("name_normalized", "aliases__name_normalized")


def search_named(queryset: QuerySet, value: str) -> QuerySet:
    """Entities or sources found by their name or any alias."""
    return queryset.filter(names_q(value, *NAME_PATHS)).distinct()


def search_articles(queryset: QuerySet, value: str) -> QuerySet:
    """Articles whose search text contains every word of `value`."""
    for word in query_words(value):
        queryset = queryset.filter(search_text__contains=word)
    return queryset
