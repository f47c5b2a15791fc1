"""Finding the known names of entities and sources in a text (pure Python, pyahocorasick).

A Linker is built once from entries ``(key, kind, names)`` (key: any hashable, e.g. an entity
slug or ``("source", slug)``; kind: a string such as ``"person"``; names: the name, the English
name and the aliases) and finds every mention of every name in one Aho-Corasick pass.

Matching
--------
Text and names go through the same tokenizer and normalisation as search (tokenize.py,
normalize.py): diacritics, tatweel and bidi controls are dropped, أ إ آ ٱ → ا, ى → ي, ة → ه,
Persian letters and digits are mapped, every space is a space, Latin is case-folded. Words are
laid out one space apart; where the text between two words holds anything but spaces (punctuation,
quote marks, a line break) a "|" stands in its place, so a name never runs across a comma or a
paragraph break, and a name written with punctuation inside (مايكل "إريك" كوريلا) matches the
same words with any punctuation there, or with none.

A name matches whole words only, with these exceptions at its edges:

* **Proclitics** before the first word: the conjunctions و ف, then the prepositions ب ل ك,
  then the article ال, each optional and in that order (وبال, فلل, كال …; ل + ال is written لل,
  or لـال with a tatweel). Bare proclitics (no article) before a one-word name need a word of at
  least three letters (PROCLITIC_MIN_LETTERS), so that short names do not match inside other
  words; names of several words take them whatever their first word (لبي بي سي).
* **The article ال** (the name's own, when its first word is written ال… with a plain alef;
  ألمانيا does not start with an article): a name with ال matches after any proclitics that end
  in the article (البحرين, والبحرين, للبحرين). The article may be *added to* a name without one
  (بتكوين → البتكوين) or *dropped from* a name with one (البنتاغون → بنتاغون) only where that is
  safe: one-word names of the kinds in ARTICLE_KINDS (organisations and topics; a person or a
  place never takes or loses it: الحماس is "the enthusiasm", سعودية an adjective), of at least
  ARTICLE_MIN_LETTERS letters, not listed in ARTICLE_EXCEPTIONS. Such a match has
  ``form="article"``.
* **Relational adjectives** (nisba) of one-word names of the kinds in ADJECTIVE_KINDS (places):
  the name without its article, a final ا or ه dropped, + ي unless it ends in ي already
  (إيران → إيراني, سوريا → سوري, السعودية → سعودي, العراق → عراقي; at least four letters),
  with any proclitics or article before it and one of ADJECTIVE_ENDINGS after it
  (ه ون ين ات ا ان: الإيرانية, إيرانيين, للإيرانيين). These are
  reported with ``form="adjective"``: an adjective says something is Iranian, not that Iran is
  mentioned, so counts() leaves them out unless asked. A name never matches inside a longer
  word: إيران does not match «إيرانيين» as a name (only as the adjective), عمان not «عماني».
  Adjectives of organisations are irregular (حمساوي) and are left to aliases.

Nothing else: no stemming (a name is a name), no suffixes on names.

Overlaps
--------
Of overlapping candidate matches the longest wins (length of the matched name with its article,
in normalised characters), then the leftmost, then the better form (exact, article, adjective),
then the earlier entry. Candidates with exactly the same span and form for different entries are
all reported by default (``ties="all"``): a name shared by an entity and a source (أكسيوس) or by
two entities (عمان: Oman and Amman) cannot be told apart from the text. ``ties="first"`` keeps only
the earliest entry's.

Offsets
-------
Every match's ``start``/``end`` index the original text. A match starts after its conjunctions and
prepositions and includes its article (والبحرين → البحرين); where ل has swallowed the article's
alef (للبحرين) the match starts at that ل, so that the article is always shown. A match that
starts inside a character that normalises to several (the ligature ﻹ is ل + إ) starts at that
character. Matches end where their last word ends (a name with a matching adjective ending
includes the ending); format characters (bidi marks, zero-width joiners) at either end are left
out, diacritics are kept.

Reuse
-----
Build the Linker once per process and reuse it for every text: it is picklable (the automaton
pickles natively) and find() does not change it. For 100,000 entities with four names each,
building takes about 10 s and 280 MB on the 2-core benchmark machine, a pickle is 90 MB and
loads in about 0.6 s, and find() on a 1,000-word article takes under 10 ms at p95
(bench/RESULTS.md, "Entity linking speed"): rebuild it when names change in a long-lived
worker, or load a shared pickle where processes start often.
"""

import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import NamedTuple

import ahocorasick

from .normalize import DROPPED_CHARS, normalize
from .stem import is_arabic
from .tokenize import Token, tokenize

__all__ = [
    "ADJECTIVE_ENDINGS",
    "ADJECTIVE_KINDS",
    "ARTICLE_EXCEPTIONS",
    "ARTICLE_KINDS",
    "ARTICLE_MIN_LETTERS",
    "FORMS",
    "NAME_FORMS",
    "PROCLITICS",
    "PROCLITIC_MIN_LETTERS",
    "Linker",
    "Match",
    "counts",
    "layout",
    "original_index",
]

#: Forms of a match, best first.
FORMS = ("exact", "article", "adjective")
#: The forms that are the name itself (what counts() counts by default).
NAME_FORMS = ("exact", "article")

#: Entity kinds whose one-word names may take or lose the article ال.
ARTICLE_KINDS = frozenset(("organisation", "topic"))
#: Such names need at least this many letters (without the article).
ARTICLE_MIN_LETTERS = 4
#: Names (normalised, without ال) whose form with the article is a common word.
ARTICLE_EXCEPTIONS = frozenset(("حماس",))  # الحماس "the enthusiasm"
#: Entity kinds whose one-word names have a relational adjective (nisba).
ADJECTIVE_KINDS = frozenset(("place",))
#: Endings after the adjective's ي: (masc.), fem. ه, plurals ون ين ات, accusative ا, dual ان.
ADJECTIVE_ENDINGS = ("", "ه", "ون", "ين", "ات", "ا", "ان")
#: Bare proclitics (no article) only before a first word of at least this many letters.
PROCLITIC_MIN_LETTERS = 3


def _proclitics() -> dict[str, bool]:
    """Every proclitic sequence (normalised) → whether it ends in the article."""
    out = {}
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ل", "ك"):
            out[conj + prep] = False
            out[conj + ("لل" if prep == "ل" else prep + "ال")] = True
        out[conj + "لال"] = True  # لـالأمم: ل kept apart from the article by a tatweel
    return out


#: Proclitic sequences before a name → True if the sequence ends in the article ال (or لل).
PROCLITICS: dict[str, bool] = _proclitics()
_MAX_PREFIX = max(map(len, PROCLITICS))
_ENDINGS = frozenset(ADJECTIVE_ENDINGS)

# A pattern's value in the automaton is an int: ``code << 10 | length`` for a pattern of one
# target, ``~(index << 10 | length)`` (negative) for one shared by several (codes in _shared).
# A code is ``entry << 4 | flags``: two bits of type, one for article alternation, one for bare
# proclitics.
_LENGTH_BITS = 10
_MAX_LENGTH = (1 << _LENGTH_BITS) - 1
_PLAIN, _CORE, _ADJECTIVE = 0, 1, 2  # the name as written / without its article / its adjective
_ARTICLE = 4  # _PLAIN: the article may be added; _CORE: it may be dropped
_BARE = 8  # bare proclitics (و ب …, no article) are allowed


class Match(NamedTuple):
    """A name found in a text; ``start``/``end`` index the original text."""

    key: Hashable
    kind: str
    start: int
    end: int
    text: str
    form: str  # "exact" | "article" | "adjective"


def layout(text: str, tokens: Sequence[Token]) -> tuple[str, list[int]]:
    """The normalised words of ``text`` one space apart (a "|" where punctuation separates them),
    and where each token starts in that string."""
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    previous_end = None
    for token in tokens:
        if previous_end is not None:
            gap = text[previous_end : token.start]
            parts.append(" " if not gap or (gap.isspace() and "\n" not in gap) else "|")
            pos += 1
        starts.append(pos)
        parts.append(token.text)
        pos += len(token.text)
        previous_end = token.end
    return "".join(parts), starts


def _has_article(raw_first_word: str, first: str) -> bool:
    """Does a name's first word start with the article? (its raw form: أل… is not one)."""
    if len(first) < 4 or not first.startswith("ال"):
        return False
    bare = "".join(ch for ch in unicodedata.normalize("NFKC", raw_first_word) if ch not in DROPPED_CHARS)
    return bare.startswith(("ال", "ٱل"))


def _adjective_base(word: str) -> str | None:
    """The relational adjective of a one-word place name without its article (إيران → إيراني)."""
    if word.endswith(("ا", "ه")):
        word = word[:-1]  # سوريا → سوري, سويسرا → سويسري, السعودية → سعودي
    elif word.endswith(("ي", "و")):
        return None  # دبي, موسكو: irregular
    base = word if word.endswith("ي") else word + "ي"
    return base if len(base) >= 4 else None


class Linker:
    """Finds the names of many entries at once; build once, call find() for each text.

    >>> linker = Linker([("iran", "place", ["إيران"]), ("btc", "topic", ["بتكوين"])])
    >>> [(m.key, m.text, m.form) for m in linker.find("وإيران تحظر البتكوين، قال مسؤولون إيرانيون")]
    [('iran', 'إيران', 'exact'), ('btc', 'البتكوين', 'article'), ('iran', 'إيرانيون', 'adjective')]
    """

    def __init__(self, entries: Iterable[tuple[Hashable, str, Iterable[str]]]):
        self.keys: list[Hashable] = []
        self.kinds: list[str] = []
        #: Names that give no pattern: (key, name, reason).
        self.skipped: list[tuple[Hashable, str, str]] = []
        self._shared: list[tuple[int, ...]] = []
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        kinds: dict[str, str] = {}
        patterns: dict[str, set[int]] = {}
        for key, kind, names in entries:
            entry = len(self.keys)
            self.keys.append(key)
            self.kinds.append(kinds.setdefault(kind, kind))
            for name in dict.fromkeys(n for n in names if n):
                found = self._patterns(name, kind)
                if isinstance(found, str):
                    self.skipped.append((key, name, found))
                for pattern, flags in found if not isinstance(found, str) else ():
                    patterns.setdefault(pattern, set()).add(entry << 4 | flags)
        for pattern, codes in patterns.items():
            if len(codes) == 1:
                value = next(iter(codes)) << _LENGTH_BITS | len(pattern)
            else:
                value = ~(len(self._shared) << _LENGTH_BITS | len(pattern))
                self._shared.append(tuple(sorted(codes)))
            self._automaton.add_word(pattern, value)
        self.patterns = len(patterns)
        if patterns:
            self._automaton.make_automaton()

    @staticmethod
    def _patterns(name: str, kind: str) -> list[tuple[str, int]] | str:
        """(pattern, flags) for each way ``name`` is looked for, or the reason it is not."""
        tokens = tokenize(name)
        if not tokens:
            return "no word"
        laid, _ = layout(name, tokens)
        if len(laid) > _MAX_LENGTH:
            return "too long"
        first = tokens[0].text
        one_word = len(tokens) == 1
        arabic = is_arabic(first)
        article = arabic and _has_article(name[tokens[0].start : tokens[0].end], first)
        out = []
        if article:
            core, letters = laid[2:], len(first) - 2
            flags = _CORE | _BARE
            if one_word and kind in ARTICLE_KINDS and letters >= ARTICLE_MIN_LETTERS:
                flags |= _ARTICLE
            out.append((core, flags))
        else:
            core, letters = laid, len(first)
            flags = _PLAIN
            if arabic and (letters >= PROCLITIC_MIN_LETTERS or not one_word):
                flags |= _BARE
                if (
                    one_word
                    and kind in ARTICLE_KINDS
                    and letters >= ARTICLE_MIN_LETTERS
                    and first not in ARTICLE_EXCEPTIONS
                ):
                    flags |= _ARTICLE
            out.append((core, flags))
        if "|" in core:  # punctuation inside the name: also without it
            out.append((core.replace("|", " "), out[0][1]))
        if one_word and arabic and kind in ADJECTIVE_KINDS:
            base = _adjective_base(core)
            if base:
                out.append((base, _ADJECTIVE))
        return out

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, text: str, *, ties: str = "all") -> list[Match]:
        """Every mention of a known name in ``text``, in text order (see the module docstring)."""
        if ties not in ("all", "first"):
            raise ValueError(f"ties must be 'all' or 'first': {ties!r}")
        if not self.patterns:
            return []
        tokens = tokenize(text)
        laid, starts = layout(text, tokens)
        spaced = laid.replace("|", " ")
        n = len(laid)
        shared = self._shared
        prefixes = PROCLITICS
        endings = _ENDINGS
        mask = _MAX_LENGTH
        candidates = []
        for last, value in self._automaton.iter(laid):
            if value >= 0:
                length = value & mask
                codes = (value >> _LENGTH_BITS,)
            else:
                value = ~value
                length = value & mask
                codes = shared[value >> _LENGTH_BITS]
            start = last - length + 1
            # The token the match starts in, and the proclitics before the match.
            low = start - _MAX_PREFIX - 1
            space = spaced.rfind(" ", low if low > 0 else 0, start)
            if space == -1 and low > 0:
                continue
            prefix = laid[space + 1 : start]
            article = prefixes.get(prefix)
            if article is None:
                continue
            end = last + 1
            if end == n or spaced[end] == " ":
                rest = ""
                word_end = end
            else:
                word_end = spaced.find(" ", end)
                if word_end == -1:
                    word_end = n
                rest = laid[end:word_end]
            for code in codes:
                kind = code & 3
                if kind == _ADJECTIVE:
                    if rest not in endings:
                        continue
                    form, rank, span_end = "adjective", 2, word_end
                else:
                    if rest:
                        continue
                    span_end = end
                    if kind == _PLAIN:
                        if not prefix:
                            form, rank = "exact", 0
                        elif article:
                            if not code & _ARTICLE:
                                continue
                            form, rank = "article", 1
                        elif code & _BARE:
                            form, rank = "exact", 0
                        else:
                            continue
                    elif article:  # _CORE: the name's own article is there
                        form, rank = "exact", 0
                    elif code & _ARTICLE and (not prefix or code & _BARE):
                        form, rank = "article", 1
                    else:
                        continue
                span_start = start - 2 if article else start
                candidates.append((span_start - span_end, span_start, rank, code >> 4, span_end, form))
        return self._resolve(text, tokens, starts, n, candidates, ties == "all")

    def _resolve(self, text, tokens, starts, n, candidates, keep_ties) -> list[Match]:
        candidates.sort()
        taken = bytearray(n)
        chosen = []
        last_span = None
        seen = set()
        for _length, span_start, rank, entry, span_end, form in candidates:
            span = (span_start, span_end, rank)
            if span == last_span:
                if not keep_ties or (entry, span_start, span_end) in seen:
                    continue
            elif taken.find(1, span_start, span_end) != -1:
                continue
            else:
                taken[span_start:span_end] = b"\x01" * (span_end - span_start)
                last_span = span
            seen.add((entry, span_start, span_end))
            chosen.append((span_start, entry, span_end, form))
        chosen.sort()
        out = []
        for span_start, entry, span_end, form in chosen:
            first = bisect_right(starts, span_start) - 1
            last = bisect_right(starts, span_end - 1) - 1
            start = original_index(text, tokens[first], span_start - starts[first])
            end = tokens[last].end
            while start < end and unicodedata.category(text[start]) == "Cf":
                start += 1  # bidi marks and zero-width characters are not part of the name
            while end > start and unicodedata.category(text[end - 1]) == "Cf":
                end -= 1
            out.append(Match(self.keys[entry], self.kinds[entry], start, end, text[start:end], form))
        return out


def original_index(text: str, token: Token, offset: int) -> int:
    """Index in ``text`` of the ``offset``-th normalised character of ``token`` (characters that
    normalisation drops are skipped; an offset inside a character that normalises to several gives
    that character)."""
    if offset == 0:
        return token.start
    seen = 0
    for index in range(token.start, token.end):
        width = len(normalize(text[index]))
        if not width:
            continue
        if seen + width > offset:
            return index
        seen += width
    return token.end


def counts(matches: Iterable[Match], forms: Iterable[str] = NAME_FORMS) -> Counter:
    """How many times each key is mentioned, counting only matches of the given ``forms``."""
    wanted = frozenset(forms)
    return Counter(m.key for m in matches if m.form in wanted)
