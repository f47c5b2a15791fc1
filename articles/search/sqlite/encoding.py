"""How a search document is stored on SQLite: an FTS5 table of the analyzer's keys.

FTS5 cannot put two tokens at one position, so each field of the document becomes four columns,
one per key kind (articles.text.KINDS): ``<field>_exact``, ``<field>_stem``, ``<field>_skeleton``,
``<field>_loose`` of the table ``articles_article_fts`` (rowid = article id), each a
space-separated stream of bare keys in text order. The exact and stem streams have one token per
word; a word that is not indexed (a stop word, an over-long token) is the token GAP there, so
that phrases keep their word distance and a stop word matches nothing, as on PostgreSQL, whose
vector leaves it out. The skeleton and loose streams have only the words that have such keys.
The table is declared with ``tokenize = "unicode61 remove_diacritics 0"`` (keys are already
normalised and lowercased; unicode61 splits them nowhere; migrations 0007 and 0016).
"""

import itertools
import re
from collections.abc import Mapping

from articles.search.document import DOCUMENT_FIELDS
from articles.text import KINDS, Phrase, Word, chunk_pieces

FTS5_TABLE = "articles_article_fts"
#: The token of a word that is not indexed, in the exact and stem streams: a letter that no key
#: holds (normalisation writes ة as ه), which unicode61 keeps as a token of its own.
GAP = "ة"
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
    'بتكو ة ايران'
    """
    out: dict[str, str] = {}
    for field, (text, weight) in fields.items():
        if weight not in "ABCD" or len(weight) != 1:
            raise ValueError(f"weight must be one of A, B, C, D: {weight!r}")
        exacts: list[str] = []
        stems: list[str] = []
        looses: list[str] = []
        skeletons: list[str] = []
        for chunk in text.split():
            for piece in chunk_pieces(chunk):
                if not piece.indexed:
                    exacts.append(GAP)
                    stems.append(GAP)
                    continue
                exacts.append(piece.exact)
                stems.append(piece.stem)
                looses.extend(piece.loose)
                if piece.skeleton:
                    skeletons.append(piece.skeleton)
        out[fts5_column(field, "exact")] = " ".join(exacts)
        out[fts5_column(field, "stem")] = " ".join(stems)
        out[fts5_column(field, "loose")] = " ".join(looses)
        out[fts5_column(field, "skeleton")] = " ".join(skeletons)
    return out


def word_keys(word: Word, kinds: tuple[str, ...] = KINDS) -> tuple[tuple[str, str], ...]:
    """(stream kind, key) of each key that matches a query word, limited to ``kinds``, in KINDS
    order (as postgresql.encoding.word_lexemes): the loose kind is the word's loose keys in the
    loose streams and its loose keys among stems (Word.loose_stems) in the stem streams."""
    keys = word.keys()
    out = []
    for kind in KINDS:
        if kind in kinds:
            out.extend((kind, key) for key in keys[kind])
            if kind == "loose":
                out.extend(("stem", key) for key in word.loose_stems())
    return tuple(out)


def phrase_texts(phrase: Phrase, kind: str) -> tuple[str, ...]:
    """The FTS5 phrase texts (over the ``kind`` streams, exact or stem) that a phrase matches:
    by exact forms, or by stems in each of its spellings (Phrase.spellings); a stop word is GAP."""
    if kind == "exact":
        return (" ".join(GAP if word.stop else word.exact for word in phrase.words),)
    texts = {
        " ".join(chosen): None
        for spelling in phrase.spellings()
        for chosen in itertools.product(
            *((GAP,) if word.stop else keys for word, keys in zip(phrase.words, spelling, strict=True))
        )
    }
    return tuple(texts)
