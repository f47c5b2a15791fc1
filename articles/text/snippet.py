"""Search-result snippets: the best passage of the original text, matches highlighted."""

import html
import re

from .analyzer import matching_spans
from .query import Query, QueryError, parse_query

__all__ = ["ELLIPSIS", "snippet"]

ELLIPSIS = "…"
_SPACES_RE = re.compile(r"\s+")


def _escape(text: str) -> str:
    return html.escape(_SPACES_RE.sub(" ", text))


def snippet(text: str, query: str | Query, max_chars: int = 200) -> str:
    """A passage of ``text`` of at most ``max_chars`` characters, as safe HTML.

    The passage is the window holding the most query matches (a word matches
    by exact form, stem, loose key or skeleton, as in search), widened evenly around them
    and cut on word boundaries. Matches are wrapped in ``<mark>…</mark>``; the
    rest is HTML-escaped (quotes included) with runs of white space collapsed.
    "…" is added where text was cut (not counted in ``max_chars``). With no
    match (or an unparsable query) the passage is the beginning of the text.

    >>> snippet("قال إن <التعدين> يستهلك الطاقة", "تعدين")
    'قال إن &lt;<mark>التعدين</mark>&gt; يستهلك الطاقة'
    """
    if isinstance(query, str):
        try:
            query = parse_query(query)
        except QueryError:
            query = Query(())
    words = query.words()
    keys = [w.keys() for w in words]
    exacts = {key for k in keys for key in k["exact"]}
    stems = {key for k in keys for key in k["stem"]}
    skeletons = {key for k in keys for key in k["skeleton"]}
    looses = {key for k in keys for key in k["loose"]}
    matches = matching_spans(text, exacts, stems, skeletons, looses)

    # The window of at most max_chars holding the most matches (first one on ties).
    best_i, best_j = 0, 0
    j = 0
    for i in range(len(matches)):
        j = max(j, i)
        while j + 1 < len(matches) and matches[j + 1][1] - matches[i][0] <= max_chars:
            j += 1
        if j - i > best_j - best_i:
            best_i, best_j = i, j
    if matches:
        first, last = matches[best_i][0], matches[best_j][1]
        start = max(0, first - max(0, max_chars - (last - first)) // 2)
    else:
        first = last = start = 0
    end = min(len(text), start + max_chars)
    start = max(0, min(start, end - max_chars))

    # Cut on white space, never inside a word and never dropping a chosen match.
    if start > 0:
        limit = first if matches else end
        while start < limit and not text[start - 1].isspace():
            start += 1
    if end < len(text):
        limit = last if matches else start
        while end > limit and not text[end].isspace():
            end -= 1
        if end == start:  # one word longer than max_chars: cut it
            end = start + max_chars
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1

    out = [ELLIPSIS] if text[:start].strip() else []
    pos = start
    for m_start, m_end in matches:
        if m_start >= start and m_end <= end:
            out.append(_escape(text[pos:m_start]))
            out.append("<mark>" + html.escape(text[m_start:m_end]) + "</mark>")
            pos = m_end
    out.append(_escape(text[pos:end]))
    if text[end:].strip():
        out.append(ELLIPSIS)
    return "".join(out)
