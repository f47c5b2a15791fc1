"""Full-text search over articles, and typo-tolerant lookups of entities and sources by name.

The language work (normalisation, stemming, spelling skeletons, the query language) is done in
Python by `articles.text`; the databases only store and match the keys it produces, so the same
query gives the same articles in the same order on PostgreSQL and on SQLite.

    query.py      limits and errors, parse_search_query
    document.py   what an article's search document holds (DOCUMENT_FIELDS), read in bulk
    indexing.py   index_articles / index_loaded_article / index_all_articles / article_unindex
    ranking.py    the rank of a match and the orders of results
    results.py    SearchResults: what search_articles returns (count, pages, other orders)
    names.py      search_named: entities and sources by name or alias
    snippets.py   article_snippets: the highlighted passage of each hit
    backends.py   the one choice of the database's backend: postgresql/ or sqlite/

A search keeps at most SEARCH_WINDOW matches, the most recent ones, and ranks them (ranking.py).
"""

from django.db.models import QuerySet

from articles.search.backends import backend, on_connection_created
from articles.search.document import DOCUMENT_FIELDS, article_document
from articles.search.indexing import article_unindex, index_all_articles, index_articles, index_loaded_article
from articles.search.names import NAME_SIMILARITY_THRESHOLD, search_named
from articles.search.query import (
    MAX_QUERY_LENGTH,
    MAX_QUERY_TERMS,
    SEARCH_WINDOW,
    EmptyQueryError,
    QueryTooLongError,
    SearchQueryError,
    parse_search_query,
)
from articles.search.ranking import RELEVANCE_ORDERING
from articles.search.results import RELEVANCE, SearchResults
from articles.search.snippets import article_snippets
from articles.text import Query

__all__ = [
    "DOCUMENT_FIELDS",
    "MAX_QUERY_LENGTH",
    "MAX_QUERY_TERMS",
    "NAME_SIMILARITY_THRESHOLD",
    "RELEVANCE",
    "RELEVANCE_ORDERING",
    "SEARCH_WINDOW",
    "EmptyQueryError",
    "QueryTooLongError",
    "SearchQueryError",
    "SearchResults",
    "article_document",
    "article_snippets",
    "article_unindex",
    "index_all_articles",
    "index_articles",
    "index_loaded_article",
    "on_connection_created",
    "parse_search_query",
    "search_articles",
    "search_named",
]


def search_articles(queryset: QuerySet, q: str | Query) -> SearchResults:
    """The articles of `queryset` matching the query `q`, best first (SearchResults).

    At most SEARCH_WINDOW articles: the most recent matches. The window and the ranks of its
    articles are found here, with one query (on PostgreSQL sometimes a few), so apply every filter
    to `queryset` before calling this. Raises SearchQueryError (EmptyQueryError,
    QueryTooLongError) for an unusable query.
    """
    query = q if isinstance(q, Query) else parse_search_query(q)
    hits = backend(queryset.db).search_window(queryset, query)
    return SearchResults(queryset, query, hits)
