"""Analysis for indexing: terms, index keys, and the per-document index payloads.

Key scheme (the search layers depend on it; query.py compiles queries to it)
-------------------------------------------------------------------------
Every indexed word (a token that is not a stop word nor longer than
MAX_TOKEN_LENGTH) has three keys:

========  ==============================  =========  ======================
kind      value                           PG lexeme  weight when ranking
========  ==============================  =========  ======================
exact     normalised form (normalize.py)  ``x``      highest
stem      light stem (stem.stem)          ``~s``     middle
skeleton  variant key (stem.skeleton)     ``^k``     lowest; may be absent
========  ==============================  =========  ======================

A query word matches a text word when any key of the same kind is equal.

PostgreSQL: one ``tsvector`` column, built from the literal returned by
index_document() with ``%s::tsvector`` (never ``to_tsvector``, whose parser
would split "~"/"^"). All keys of a word share its position (1-based,
counting stop words, continued across fields with a FIELD_GAP so phrases do
not match across fields; clamped to 16383, at most 256 positions per lexeme,
as PostgreSQL would) and carry the field's weight A–D. Tokens are made of
word characters only, so an exact lexeme never starts with "~" or "^" and
never contains a quote or a backslash.

SQLite: FTS5 cannot put two tokens at one position, so each field becomes
three columns ``<field>_exact``, ``<field>_stem``, ``<field>_skeleton``, each
a space-separated stream of bare keys in text order. The exact and stem
streams have one token per word, stop words included (so that phrases keep
their word distance); the skeleton stream has only the words that have one.
Declare the table with ``tokenize = "unicode61 remove_diacritics 0"``
(keys are already normalised and lowercased; unicode61 splits them nowhere).
"""

import re
from collections.abc import Mapping
from typing import NamedTuple

from .stem import skeleton, stem
from .stopwords import STOP_WORDS
from .tokenize import MAX_TOKEN_LENGTH, ChunkCache, iter_chunks, tokenize_chunk

__all__ = [
    "FIELD_GAP",
    "KINDS",
    "SKELETON_MARK",
    "STEM_MARK",
    "IndexedDocument",
    "Term",
    "analyze",
    "fts5_column",
    "fts5_quote",
    "index_document",
    "index_keys",
    "lexemes",
    "matching_spans",
    "pg_quote",
]

KINDS = ("exact", "stem", "skeleton")
STEM_MARK = "~"
SKELETON_MARK = "^"
#: Positions skipped between two fields of a document.
FIELD_GAP = 100
PG_MAX_POSITION = 16383
PG_MAX_POSITIONS_PER_LEXEME = 256
_WEIGHTS = frozenset("ABCD")
_FIELD_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class Term(NamedTuple):
    """An indexed word: 0-based ``position``, its keys, and its span in the original text."""

    position: int
    exact: str
    stem: str
    skeleton: str | None
    start: int
    end: int

    @property
    def keys(self) -> tuple[str, ...]:
        """PostgreSQL lexemes of this word (see the module docstring)."""
        return lexemes(self.exact, self.stem, self.skeleton)


def lexemes(exact: str, stem_: str, skeleton_: str | None, kinds: tuple[str, ...] = KINDS) -> tuple[str, ...]:
    """The PostgreSQL lexemes for the given keys, limited to ``kinds``."""
    out = []
    if "exact" in kinds:
        out.append(exact)
    if "stem" in kinds:
        out.append(STEM_MARK + stem_)
    if skeleton_ and "skeleton" in kinds:
        out.append(SKELETON_MARK + skeleton_)
    return tuple(out)


def pg_quote(lexeme: str) -> str:
    """Quote a lexeme for tsvector/tsquery input: '...' with ' doubled and \\ escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


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


class _Piece(NamedTuple):
    start: int
    end: int
    exact: str
    stem: str
    skeleton: str | None
    indexed: bool  # False for stop words and over-long tokens
    pg: tuple[str, ...]  # quoted PostgreSQL lexemes (empty if not indexed)


def _analyze_chunk(chunk: str) -> tuple[_Piece, ...]:
    pieces = []
    for start, end, exact in tokenize_chunk(chunk):
        stem_ = stem(exact)
        if exact in STOP_WORDS or len(exact) > MAX_TOKEN_LENGTH:
            pieces.append(_Piece(start, end, exact, stem_, None, False, ()))
        else:
            skel = skeleton(exact)
            quoted = tuple(pg_quote(lexeme) for lexeme in lexemes(exact, stem_, skel))
            pieces.append(_Piece(start, end, exact, stem_, skel, True, quoted))
    return tuple(pieces)


#: Memo of chunk → pieces (about 1 kB per chunk, so at most ~35 MB).
_chunk_pieces = ChunkCache(_analyze_chunk, 32768)


def _pieces(text: str):
    """(offset, piece) for every token of ``text`` (stop words included)."""
    for base, pieces in iter_chunks(text, _chunk_pieces):
        for piece in pieces:
            yield base, piece


def analyze(text: str) -> list[Term]:
    """Indexed words of ``text`` (stop words removed; positions still count them)."""
    return [
        Term(pos, p.exact, p.stem, p.skeleton, base + p.start, base + p.end)
        for pos, (base, p) in enumerate(_pieces(text))
        if p.indexed
    ]


def matching_spans(text: str, exacts: set[str], stems: set[str], skeletons: set[str]) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of the indexed words with one of the given keys, in text order
    (what ``analyze`` would give, filtered, without building a Term for every word)."""
    return [
        (base + p.start, base + p.end)
        for base, p in _pieces(text)
        if p.indexed and (p.exact in exacts or p.stem in stems or (p.skeleton is not None and p.skeleton in skeletons))
    ]


def index_keys(text: str) -> set[str]:
    """The set of PostgreSQL lexemes (unquoted) that ``text`` is indexed under."""
    return {key for term in analyze(text) for key in term.keys}


class IndexedDocument(NamedTuple):
    """``tsvector``: literal for ``%s::tsvector``; ``fts5``: column name → text stream."""

    tsvector: str
    fts5: dict[str, str]


def index_document(fields: Mapping[str, tuple[str, str]]) -> IndexedDocument:
    """Index payloads for a document given as ``{field: (text, weight)}``, weight in A–D.

    Fields are indexed in mapping order; positions start at 1 and continue
    across fields, FIELD_GAP apart.

    >>> doc = index_document({"title": ("البتكوين في إيران", "A")})
    >>> doc.tsvector
    "'البتكوين':1A '~بتكو':1A '^بتكن':1A 'ايران':3A '~ايران':3A '^ارن':3A"
    >>> doc.fts5["title_stem"]
    'بتكو في ايران'
    """
    postings: dict[str, list[str]] = {}
    get = postings.get
    cache = _chunk_pieces
    fts5: dict[str, str] = {}
    last = 0
    for field, (text, weight) in fields.items():
        if weight not in _WEIGHTS:
            raise ValueError(f"weight must be one of A, B, C, D: {weight!r}")
        columns = [fts5_column(field, kind) for kind in KINDS]
        exacts: list[str] = []
        stems: list[str] = []
        skeletons: list[str] = []
        pos = last + FIELD_GAP if last else 0
        for chunk in text.split():
            for piece in cache[chunk]:
                pos += 1
                exacts.append(piece.exact)
                stems.append(piece.stem)
                if not piece.indexed:
                    continue
                if piece.skeleton:
                    skeletons.append(piece.skeleton)
                tag = f"{pos if pos < PG_MAX_POSITION else PG_MAX_POSITION}{weight}"
                for lexeme in piece.pg:
                    positions = get(lexeme)
                    if positions is None:
                        postings[lexeme] = [tag]
                    elif len(positions) < PG_MAX_POSITIONS_PER_LEXEME and positions[-1] != tag:
                        positions.append(tag)
        if exacts:
            last = pos
        fts5[columns[0]] = " ".join(exacts)
        fts5[columns[1]] = " ".join(stems)
        fts5[columns[2]] = " ".join(skeletons)
    tsvector = " ".join(f"{lexeme}:{','.join(positions)}" for lexeme, positions in postings.items())
    return IndexedDocument(tsvector, fts5)
