"""Analysis of text into indexed words and their keys (pure linguistics; no storage format).

Key scheme (the search layer stores and compiles these; see articles/search)
---------------------------------------------------------------------------
Every indexed word (a token that is not a stop word nor longer than
MAX_TOKEN_LENGTH) has up to four keys, of four *kinds*, from the strongest sign that a text word
is the searched one to the weakest:

========  =========================================  =========================================
kind      value                                      what it finds
========  =========================================  =========================================
exact     normalised form (normalize.py)             the spelling searched for
stem      light stem (stem.stem)                     inflected forms: clitics, suffixes
                                                     (and, for a query word, its forms with
                                                     ب ل ك attached: stem.clitic_stems)
skeleton  spelling key (stem.skeleton): the word     transliteration variants (بيتكوين ↔
          without inner long vowels; long words      بتكوين, واشنطن ↔ واشنطون, كاليفورنيا ↔
          not ending in ه only; may be absent        كالفورنيا)
loose     the stem of the hamza-folded form          weak matches, which may well be other
          (stem.loose_key, when it is not the        words: hamza on waw / ya written
          stem) and, for a word ending in ه, its     otherwise (موتمر ↔ مؤتمر, مسئولية ↔
          skeleton (stem.weak_skeleton); none,       مسؤولية, ريس ↔ رئيس); spelling keys of
          one or two (stem.loose_keys)               words in ه (السعودية ↔ سعادة, also
                                                     ديمقراطية ↔ ديموقراطية); for a query
                                                     word, also the stem of its relational
                                                     adjectives (فلسطين ↔ الفلسطيني,
                                                     stem.nisba_stem)
========  =========================================  =========================================

A query word matches a text word when a key of the same kind is equal, except that some of a
query word's loose keys are also looked up among the text's stems (Word.loose_stems: the text
may be the hamza-less spelling, موتمر has no loose key of its own, its stem is موتمر; the
relational adjective الفلسطيني has the stem فلسطين). Ranking weighs the kinds in the order of
the table (KINDS; articles/search/ranking.py), a match by the loose kind only least; the
document stores each kind apart (the backends' encoding.py) so that it can. Stop words and
over-long tokens are not indexed, but they still count as positions (so phrases keep their
distances). Keys are made of word characters only.
"""

from typing import NamedTuple

from .stem import spelling_keys, stem
from .stopwords import STOP_WORDS
from .tokenize import MAX_TOKEN_LENGTH, ChunkCache, iter_chunks, tokenize_chunk

__all__ = ["KINDS", "Piece", "Term", "analyze", "chunk_pieces", "matching_spans", "pieces"]

#: The key kinds, strongest first.
KINDS = ("exact", "stem", "skeleton", "loose")


class Term(NamedTuple):
    """An indexed word: 0-based ``position``, its keys, and its span in the original text."""

    position: int
    exact: str
    stem: str
    skeleton: str | None
    start: int
    end: int
    loose: tuple[str, ...] = ()


class Piece(NamedTuple):
    """A token of a white-space-delimited chunk, with its keys; offsets are into the chunk."""

    start: int
    end: int
    exact: str
    stem: str
    skeleton: str | None
    indexed: bool  # False for stop words and over-long tokens
    loose: tuple[str, ...] = ()  # none when the only one would be the stem (and for words not indexed)


def _analyze_chunk(chunk: str) -> tuple[Piece, ...]:
    pieces_ = []
    for start, end, exact in tokenize_chunk(chunk):
        stem_ = stem(exact)
        if exact in STOP_WORDS or len(exact) > MAX_TOKEN_LENGTH:
            pieces_.append(Piece(start, end, exact, stem_, None, False))
        else:
            skeleton_, loose = spelling_keys(exact)
            pieces_.append(Piece(start, end, exact, stem_, skeleton_, True, loose))
    return tuple(pieces_)


#: Memo of chunk → pieces (about 1 kB per chunk, so at most ~35 MB).
_chunk_pieces = ChunkCache(_analyze_chunk, 32768)


def chunk_pieces(chunk: str) -> tuple[Piece, ...]:
    """The tokens of one white-space-free chunk of text, with their keys (memoised)."""
    return _chunk_pieces[chunk]


def pieces(text: str):
    """(offset, piece) for every token of ``text`` (stop words included), in text order."""
    for base, chunk_result in iter_chunks(text, _chunk_pieces):
        for piece in chunk_result:
            yield base, piece


def analyze(text: str) -> list[Term]:
    """Indexed words of ``text`` (stop words removed; positions still count them)."""
    return [
        Term(pos, p.exact, p.stem, p.skeleton, base + p.start, base + p.end, p.loose)
        for pos, (base, p) in enumerate(pieces(text))
        if p.indexed
    ]


def matching_spans(
    text: str, exacts: set[str], stems: set[str], skeletons: set[str], looses: frozenset[str] | set[str] = frozenset()
) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of the indexed words with one of the given keys, in text order
    (what ``analyze`` would give, filtered, without building a Term for every word). A loose key
    matches a word's loose key or its stem (see the module docstring)."""
    stems = stems | looses if looses else stems
    return [
        (base + p.start, base + p.end)
        for base, p in pieces(text)
        if p.indexed
        and (
            p.exact in exacts
            or p.stem in stems
            or (p.skeleton is not None and p.skeleton in skeletons)
            or any(key in looses for key in p.loose)
        )
    ]
