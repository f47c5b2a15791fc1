"""The one place that picks the database's search backend (articles.search.postgresql or .sqlite).

A backend module offers: `write_documents(connection, batch, documents)`, `unindex(connection,
ids)`, `connection_created(connection)`, `PkIn(ids)`; for searching, `matches(queryset, query)`,
`head_candidates(matches, words)`, `search_window(queryset, query)` (the newest matches),
`match_times(queryset)`, `capped_count(queryset, limit)`, `document_frequency(using, word,
limit)` and `term_stats(using, ids, words, rest=)` (ranking.DocStats); and the
name expressions `Similar(column, text, threshold=)` and `Similarity(column, text)`.
"""

from types import ModuleType

from django.db import connections

from articles.search import postgresql, sqlite

BACKENDS = {"postgresql": postgresql, "sqlite": sqlite}


def backend_for(connection) -> ModuleType:
    """The backend of a database connection (NotImplementedError for a database search does not support)."""
    try:
        return BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"search is not supported on {connection.vendor}") from None


def backend(using: str) -> ModuleType:
    """The backend of the database alias `using`."""
    return backend_for(connections[using])


def on_connection_created(sender, connection, **kwargs) -> None:
    """`connection_created` receiver (articles/apps.py): let the backend set up a new connection."""
    if connection.vendor in BACKENDS:
        BACKENDS[connection.vendor].connection_created(connection)
