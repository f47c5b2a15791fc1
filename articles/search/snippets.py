"""Snippets of search results: the best passage of each hit, matches in <mark>."""

from collections.abc import Iterable

from articles.models import Article
from articles.search.query import parse_search_query
from articles.text import Query, snippet


def article_snippets(articles: Iterable[Article], q: str | Query, max_chars: int = 200) -> dict[int, str]:
    """{article id: highlighted passage} for the given (already fetched) articles.

    The passage comes from the body when a searched word is there, else from the summary, else
    from a caption, else it is the beginning of the body (the article matched through an entity
    or source name). Captions are read from `article.captions.all()`: prefetch them.
    """
    query = q if isinstance(q, Query) else parse_search_query(q)
    out = {}
    for article in articles:
        passage = snippet(article.body, query, max_chars)  # without a match there: the body's beginning
        if "<mark>" not in passage:
            for text in (article.summary, *(c.text for c in article.captions.all())):
                found = snippet(text, query, max_chars) if text else ""
                if "<mark>" in found:
                    passage = found
                    break
        out[article.pk] = passage
    return out
