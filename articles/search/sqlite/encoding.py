"""How a search document is stored on SQLite: an FTS5 table of the analyzer's keys.

FTS5 cannot put two tokens at one position, so each field of the document becomes three columns
``<field>_exact``, ``<field>_stem``, ``<field>_skeleton`` of the table ``articles_article_fts``
(rowid = article id), each a space-separated stream of bare keys in text order. The exact and
stem streams have one token per word, stop words included (so that phrases keep their word
distance); the skeleton stream has only the words that have one. The table is declared with
``tokenize = "unicode61 remove_diacritics 0"`` (keys are already normalised and lowercased;
unicode61 splits them nowhere; migration 0007).
"""

import re
from collections.abc import Mapping

from articles.search.document import DOCUMENT_FIELDS
from articles.text import KINDS, chunk_pieces

FTS5_TABLE = "articles_article_fts"
_FIELD_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def fts5_quote(text: str) -> str:
    """Quote a string for an FTS5 MATCH expression: "..." with " doubled."""
    return '"' + text.replace('"', '""') + '"'


def fts5_column(field: str, kind: str) -> str:
    """Name of the FTS5 column holding ``kind`` keys of ``field``."""
    if not _FIELD_NAME_RE.fullmatch(field):
        raise ValueError(f"field name must match [A-Za-z][A-Za-z0-9_]*: {field!r}")
    if kind not in KINDS:
        raise ValueError(f"unknown key kind {kind!r}")
    return f"{field}_{kind}"


FTS5_COLUMNS = tuple(fts5_column(field, kind) for field, _weight in DOCUMENT_FIELDS for kind in KINDS)


def streams(fields: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Column name → key stream for a document given as ``{field: (text, weight)}``.

    >>> streams({"title": ("البتكوين في إيران", "A")})["title_stem"]
    'بتكو في ايران'
    """
    out: dict[str, str] = {}
    for field, (text, weight) in fields.items():
        if weight not in "ABCD" or len(weight) != 1:
            raise ValueError(f"weight must be one of A, B, C, D: {weight!r}")
        exacts: list[str] = []
        stems: list[str] = []
        skeletons: list[str] = []
        for chunk in text.split():
            for piece in chunk_pieces(chunk):
                exacts.append(piece.exact)
                stems.append(piece.stem)
                if piece.indexed and piece.skeleton:
                    skeletons.append(piece.skeleton)
        out[fts5_column(field, "exact")] = " ".join(exacts)
        out[fts5_column(field, "stem")] = " ".join(stems)
        out[fts5_column(field, "skeleton")] = " ".join(skeletons)
    return out
