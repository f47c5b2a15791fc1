"""What a search may ask: the limits, the errors for unusable queries, and parsing a query.

The query language itself is articles.text.query; this adds the limits that protect the server
and the messages people read.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.text import Phrase, Query, QueryError, parse_query, tokenize

#: The newest matches a search always scores (with every match that has a query word in a head
#: field), and how many more it reads at a time when a page needs older ones (results.py).
SEARCH_WINDOW = 1000
#: Searches count their matches exactly up to this many; beyond, they say there are at least as many.
COUNT_LIMIT = 10000
#: Longer queries are refused (they are mistakes or abuse, and cost time).
MAX_QUERY_LENGTH = 500
#: Queries with more words (searched or excluded) are refused.
MAX_QUERY_TERMS = 20


class SearchQueryError(ValueError):
    """A query that cannot be searched; `code` is stable, the message is for people."""

    code = "invalid"


class EmptyQueryError(SearchQueryError):
    """The query has nothing to search for: empty, punctuation only, only very common words, only exclusions."""

    MESSAGES = {
        "empty": gettext_lazy("Enter at least one word to search for."),
        "no_words": gettext_lazy("The search contains no words: enter letters or digits, not only punctuation."),
        "stop_words_only": gettext_lazy(
            "The search contains only very common words (such as «في» or «من»): add a more specific word."
        ),
        "exclusions_only": gettext_lazy("The search only excludes words (-word): add a word to search for."),
    }

    def __init__(self, code: str = "empty"):
        self.code = code if code in self.MESSAGES else "empty"
        super().__init__(str(self.MESSAGES[self.code]))


class QueryTooLongError(SearchQueryError):
    """The query is longer than MAX_QUERY_LENGTH characters or has more than MAX_QUERY_TERMS words."""

    code = "too_long"

    def __init__(self):
        super().__init__(
            _("The search is too long: use at most %(chars)d characters and %(terms)d words.")
            % {"chars": MAX_QUERY_LENGTH, "terms": MAX_QUERY_TERMS}
        )


def _term_count(query: Query) -> int:
    clauses = [clause for group in query.groups for clause in group] + list(query.excluded)
    return sum(
        sum(1 for word in clause.words if not word.stop) if isinstance(clause, Phrase) else 1 for clause in clauses
    )


def parse_search_query(q: str | None) -> Query:
    """Parse a search-box query (articles.text.query), with the length limits; SearchQueryError if unusable."""
    if q is None or not q.strip():
        raise EmptyQueryError("empty")
    if len(q) > MAX_QUERY_LENGTH:
        raise QueryTooLongError()
    try:
        query = parse_query(q)
    except QueryError as error:
        raise EmptyQueryError(error.code) from error
    if _term_count(query) > MAX_QUERY_TERMS:
        raise QueryTooLongError()
    return query


def parse_name_query(q: str | None) -> tuple[str, list[str]]:
    """The normalised query and its words, for name lookups; SearchQueryError if unusable."""
    if q is None or not q.strip():
        raise EmptyQueryError("empty")
    if len(q) > MAX_QUERY_LENGTH:
        raise QueryTooLongError()
    words = [token.text for token in tokenize(q)]
    if not words:
        raise EmptyQueryError("no_words")
    if len(words) > MAX_QUERY_TERMS:
        raise QueryTooLongError()
    return " ".join(words), words
