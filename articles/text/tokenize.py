"""Splitting text into word tokens, with offsets into the original text.

The original text is scanned with one regular expression for runs of word
characters (letters, digits, combining marks, tatweel and the format
controls that normalisation drops); every other character (spaces, ASCII
and Arabic punctuation such as ، ؛ ؟ « », quotes, hyphens, brackets,
periods, underscores) separates tokens. Each run is normalised and, where
needed, split further so that Arabic letters and other characters (digits,
Latin) never share a token: "الـ300" gives "ال" and "300".

Text is first split on white space (str.split, fast), and each chunk's
tokens are memoised: news vocabulary is Zipfian, so nearly every chunk is a
dictionary lookup once the cache is warm.
"""

import re
import unicodedata
from typing import NamedTuple

from .normalize import DROPPED_CHARS, normalize

__all__ = ["Token", "tokenize"]


def _char_class(chars: list[int]) -> str:
    """A regex character-class body covering the code points ``chars``."""
    parts, i = [], 0
    chars = sorted(chars)
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and chars[j + 1] == chars[j] + 1:
            j += 1
        parts.append(re.escape(chr(chars[i])) + ("-" + re.escape(chr(chars[j])) if j > i else ""))
        i = j + 1
    return "".join(parts)


# Combining marks are not \w for Python's re; list them (BMP scan: a few ms).
_MARKS = [cp for cp in range(0x10000) if unicodedata.category(chr(cp))[0] == "M" and not re.match(r"\w", chr(cp))]
_MARKS += range(0xE0100, 0xE01F0)  # variation selectors supplement
_IN_WORD = _char_class(_MARKS + [ord(ch) for ch in DROPPED_CHARS])
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefe"

# A run of word characters in the original text ("_" is split off by _split_mixed).
_RUN_RE = re.compile(rf"[\w{_IN_WORD}]+")
# Pieces of a normalised run: Arabic letters, or anything else word-like.
_PIECE_RE = re.compile(rf"[{_ARABIC}]+|(?:(?![{_ARABIC}])(?:[^\W_]|[{_IN_WORD}]))+")
_ARABIC_ONLY_RE = re.compile(rf"[{_ARABIC}]+")
_OTHER_ONLY_RE = re.compile(rf"(?:(?![{_ARABIC}])(?:[^\W_]|[{_IN_WORD}]))+")

#: Tokens longer than this (after normalisation) are not indexed (junk, hashes).
MAX_TOKEN_LENGTH = 100


class Token(NamedTuple):
    """A word of the text: ``text`` is normalised; ``start``/``end`` index the original."""

    position: int  # 0-based word index, counting every token (stop words too)
    text: str
    start: int
    end: int


def _split_run(run: str) -> list[tuple[int, int, str]]:
    """Split one run of word characters into ``(start, end, normalised)`` pieces.

    Offsets are relative to ``run``. Most runs give one piece spanning the run.
    """
    norm = normalize(run)
    if not norm:
        return []
    if _ARABIC_ONLY_RE.fullmatch(norm) or _OTHER_ONLY_RE.fullmatch(norm):
        return [(0, len(run), norm)]
    return _split_mixed(run)


def _split_mixed(run: str) -> list[tuple[int, int, str]]:
    """Slow path: group original characters by the script of their normalised form.

    A character whose normalisation is empty (tatweel, harakat, format controls)
    joins the group before it; one whose normalisation is not a single word
    (ﷺ, "_", "½") is a group of its own whose pieces all carry its offsets.
    """
    groups: list[list[int]] = []  # [start, end, class]
    for i, ch in enumerate(run):
        norm = normalize(ch)
        if not norm:
            if groups:
                groups[-1][1] = i + 1
            else:
                groups.append([i, i + 1, -1])
            continue
        cls = 0 if _ARABIC_ONLY_RE.fullmatch(norm) else 1 if _OTHER_ONLY_RE.fullmatch(norm) else 2
        if groups and (groups[-1][2] == cls != 2 or groups[-1][2] == -1):
            groups[-1][1:] = [i + 1, cls]
        else:
            groups.append([i, i + 1, cls])
    return [(start, end, piece) for start, end, _ in groups for piece in _PIECE_RE.findall(normalize(run[start:end]))]


def tokenize_chunk(chunk: str) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, normalised)`` for each token of a chunk without white space."""
    out: list[tuple[int, int, str]] = []
    for match in _RUN_RE.finditer(chunk):
        base = match.start()
        out.extend((base + start, base + end, norm) for start, end, norm in _split_run(match.group()))
    return tuple(out)


class ChunkCache(dict):
    """A bounded memo of ``function(chunk)``, emptied when full (cheaper than an LRU)."""

    def __init__(self, function, size: int):
        super().__init__()
        self.function, self.size = function, size

    def __missing__(self, chunk: str):
        if len(self) >= self.size:
            self.clear()
        value = self[chunk] = self.function(chunk)
        return value


_chunk_tokens = ChunkCache(tokenize_chunk, 16384)


def iter_chunks(text: str, cache: ChunkCache):
    """Yield ``(offset, cache[chunk])`` for each white-space-separated chunk of ``text``."""
    pos = 0
    find = text.find
    for chunk in text.split():
        pos = find(chunk, pos)
        yield pos, cache[chunk]
        pos += len(chunk)


def tokenize(text: str) -> list[Token]:
    """Tokens of the ORIGINAL ``text``, each normalised, with offsets into ``text``.

    >>> [t.text for t in tokenize("(أرشيفية.تعبيرية) الـ300")]
    ['ارشيفيه', 'تعبيريه', 'ال', '300']
    """
    tokens: list[Token] = []
    for base, pieces in iter_chunks(text, _chunk_tokens):
        for start, end, norm in pieces:
            tokens.append(Token(len(tokens), norm, base + start, base + end))
    return tokens
