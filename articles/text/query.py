"""The search-box query language (parsed into Query; compiled by articles/search for each database).

Syntax
------
* ``word word``     every word must match (AND). Words are analysed like the
  text (normalised, stemmed); stop words are dropped.
* ``"a phrase"``    the words in this order; also ``«…»`` and ``“…”``. An
  unclosed quote runs to the end. A bare chunk that splits into several
  tokens ("13-14", "أرشيفية.تعبيرية") is a phrase too. Stop words inside a
  phrase are kept as gaps: "البتكوين في إيران" needs exactly one word between
  the two (each compiler keeps the gap).
  A phrase left with one word is that word.
* ``-word``, ``-"phrase"``  must not match.
* ``a OR b``        either; only the uppercase ASCII keyword (``or`` and the
  Arabic أو are ordinary words, أو a stop word). OR binds tighter than the
  implicit AND: ``a b OR c d`` is a AND (b OR c) AND d. An OR next to an
  exclusion, at either end, or next to a dropped stop word is ignored.

parse_query() raises QueryError (a ValueError with a ``code`` and a bilingual
message) for an empty query, one with no words (punctuation only), only stop
words, or only exclusions.

Matching a word (see analyzer.py for the key scheme): exact form OR stem OR
loose key OR skeleton, the stem also with ب, ل or ك attached (stem.clitic_stems:
أوسلو finds بأوسلو, لأوسلو; PostgreSQL ``'~باوسلو'``, SQLite ``{… stem} : "باوسلو"``),
the loose key (hamza folded: موتمر finds مؤتمر) also among the text's stems
(Word.loose_stems), and the keys of the other spelling of a Latin g
(stem.letter_variants: جوجل finds غوغل). See Word.keys().
The compilers (articles/search/postgresql/query.py, articles/search/sqlite/query.py)
take ``kinds`` to restrict this, e.g. exact forms only for a ranking boost.

Matching a phrase: by stems at the phrase's distances (the key both databases
can test at a distance; skeletons cannot be, the SQLite skeleton stream skips
words), or by exact forms when ``kinds`` has no stem. For spelling variants,
one word of the phrase may instead match by the stem of a spelling one long
vowel away (stem.variant_stems; Phrase.spellings): «"تعدين البتكوين"» finds
تعدين البيتكوين. Both compilers give the same matches.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .analyzer import KINDS, Piece, Term, pieces
from .stem import (
    clitic_forms,
    clitic_stems,
    hamza_fold,
    is_arabic,
    letter_variants,
    nisba_stem,
    skeleton,
    stem,
    variant_stems,
    weak_skeleton,
)

__all__ = ["Phrase", "Query", "QueryError", "Word", "check_kinds", "either", "parse_query"]


class QueryError(ValueError):
    """A query that cannot be searched; ``code`` is stable, the message is Arabic | English."""

    MESSAGES = {
        "empty": "الاستعلام فارغ. | The query is empty.",
        "no_words": "لا يحتوي الاستعلام على كلمات. | The query contains no words.",
        "stop_words_only": (
            "يحتوي الاستعلام على كلمات شائعة فقط (مثل «في» و«من»). | "
            "The query contains only very common words (such as في, من)."
        ),
        "exclusions_only": (
            "يستبعد الاستعلام كلمات فقط؛ أضف كلمة للبحث عنها. | "
            "The query only excludes words; add a word to search for."
        ),
    }

    def __init__(self, code: str):
        super().__init__(self.MESSAGES[code])
        self.code = code


#: The loose keys of a word's forms with ب ل ك are looked up among stems only from this length.
LOOSE_STEM_MIN_LENGTH = 4


@dataclass(frozen=True, slots=True)
class Word:
    """One query word: its keys, and whether it is a stop word (only inside phrases)."""

    exact: str
    stem: str
    skeleton: str | None = None
    stop: bool = False

    def keys(self) -> dict[str, tuple[str, ...]]:
        """The keys of each kind (analyzer.KINDS) that match this word: its own (see
        analyzer.py), with the clitic stems after the stem, and the stems and skeletons of its
        letter variants (stem.letter_variants: جوجل also matches غوغل). Its loose keys are the
        stems of its hamza-folded form (even when that is its stem: the text's مؤتمر has the
        loose key موتمر) and of its forms with ب ل ك (stem.clitic_forms: الشئون finds لشؤون),
        the stem of its relational adjectives (stem.nisba_stem: فلسطين finds الفلسطيني) and,
        for a word ending in ه, its skeleton (stem.weak_skeleton: السعوديه meets سعاده);
        they match the text's loose keys and, through loose_stems(), stems.
        """
        others = letter_variants(self.exact)
        keys = {
            "exact": (self.exact,),  # so that the spelling searched for ranks first
            "stem": (self.stem, *self.clitic_stems(), *(stem(other) for other in others)),
            "loose": (
                stem(hamza_fold(self.exact)),
                nisba_stem(self.exact),
                weak_skeleton(self.exact),
                *(stem(hamza_fold(form)) for form in clitic_forms(self.exact)),
            )
            if is_arabic(self.exact)
            else (),
            "skeleton": (self.skeleton, *(skeleton(other) for other in others)),
        }
        return {kind: tuple(dict.fromkeys(key for key in values if key)) for kind, values in keys.items()}

    def match_kinds(self, text_word: Piece | Term) -> tuple[str, ...]:
        """The kinds (KINDS order) by which this word matches an indexed word of a text, as both
        databases match them: () when it does not match. The first is the strongest evidence:
        ranking weighs exact forms over stems over skeletons over loose keys.

        >>> from articles.text import analyze
        >>> [parse_query("فلسطين").groups[0][0].match_kinds(t) for t in analyze("فلسطين لفلسطين الفلسطيني")]
        [('exact', 'stem', 'skeleton'), ('stem',), ('skeleton',)]
        """
        keys = self.keys()
        matched = {
            "exact": text_word.exact in keys["exact"],
            "stem": text_word.stem in keys["stem"],
            "loose": any(key in keys["loose"] for key in text_word.loose) or text_word.stem in self.loose_stems(),
            "skeleton": text_word.skeleton is not None and text_word.skeleton in keys["skeleton"],
        }
        return tuple(kind for kind in KINDS if matched[kind])

    def loose_stems(self) -> tuple[str, ...]:
        """The loose keys also looked up among the text's stems (the hamza-less spelling:
        مؤتمر finds موتمر, رئيس finds ريس; the relational adjectives: فلسطين finds
        الفلسطيني): those that are not already the word's stem keys,
        and of the forms with ب ل ك only those of LOOSE_STEM_MIN_LENGTH letters or more (the
        loose key of بشئون is بش, the stem of the very common بشأن "about")."""
        return self.hamza_stems(nisba=True)

    def hamza_stems(self, *, nisba: bool = False) -> tuple[str, ...]:
        """loose_stems() without the relational adjectives' stem (unless ``nisba``): the stems
        of the hamza-less spellings, which a phrase word may match too."""
        if not is_arabic(self.exact):
            return ()
        keys = self.keys()
        attached = (stem(hamza_fold(form)) for form in clitic_forms(self.exact))
        candidates = (
            stem(hamza_fold(self.exact)),
            nisba_stem(self.exact) if nisba else None,
            *(key for key in attached if len(key) >= LOOSE_STEM_MIN_LENGTH),
        )
        return tuple(dict.fromkeys(key for key in candidates if key and key not in keys["stem"]))

    def clitic_stems(self) -> tuple[str, ...]:
        """Stems of the word with ب or ل attached, matched too (stem.clitic_stems)."""
        return clitic_stems(self.exact)

    def variant_stems(self) -> tuple[str, ...]:
        """Stems of the nearest spelling variants, matched in phrases (stem.variant_stems)."""
        return () if self.stop else variant_stems(self.exact)


@dataclass(frozen=True, slots=True)
class Phrase:
    """Consecutive words (two or more non-stop words; never starts or ends with a stop word)."""

    words: tuple[Word, ...]

    def spellings(self) -> list[tuple[tuple[str, ...], ...]]:
        """The stem alternatives of each word, one list entry per way a phrase may match.

        A phrase matches by stems (both databases can test stems at a distance), and at
        most one of its words may be spelled differently: matched by one of its
        variant_stems(), clitic_stems() or hamza_stems() («"تحلية المياه"» finds لتحلية
        المياه, «"المؤتمر الصحفي"» finds الموتمر الصحفي). So
        the only entry is every word by its stem alone (when no word has variants),
        or, for each word that has variants, one entry with that word's alternatives
        being its stem and its variants.
        """
        stems = [(word.stem,) for word in self.words]
        out = []
        for i, word in enumerate(self.words):
            variants = (
                ()
                if word.stop
                else tuple(dict.fromkeys((*word.variant_stems(), *word.keys()["stem"][1:], *word.hamza_stems())))
            )
            if variants:
                out.append((*stems[:i], (word.stem, *variants), *stems[i + 1 :]))
        return out or [tuple(stems)]


Clause = Word | Phrase


@dataclass(frozen=True, slots=True)
class Query:
    """AND of ``groups`` (each an OR of clauses), and none of ``excluded``."""

    groups: tuple[tuple[Clause, ...], ...]
    excluded: tuple[Clause, ...] = ()

    def words(self) -> tuple[Word, ...]:
        """The non-stop words that must or may match (for highlighting)."""
        return tuple(
            word
            for group in self.groups
            for clause in group
            for word in (clause.words if isinstance(clause, Phrase) else (clause,))
            if not word.stop
        )


_ITEM_RE = re.compile(r"""(?P<neg>-)?(?:"(?P<q1>[^"]*)"?|«(?P<q2>[^»]*)»?|“(?P<q3>[^”]*)”?|(?P<bare>[^\s"«“]+))""")


def _clause(text: str) -> tuple[Clause | None, bool]:
    """Analyse a chunk or phrase text: (clause or None, whether it had any token)."""
    words = [Word(p.exact, p.stem, p.skeleton, not p.indexed) for _, p in pieces(text)]
    had_tokens = bool(words)
    while words and words[0].stop:
        words.pop(0)
    while words and words[-1].stop:
        words.pop()
    if not words:
        return None, had_tokens
    if len(words) == 1:
        return words[0], True
    return Phrase(tuple(words)), True


def parse_query(q: str) -> Query:
    """Parse a search-box query (see the module docstring)."""
    if not q or not q.strip():
        raise QueryError("empty")
    groups: list[list[Clause]] = []
    excluded: list[Clause] = []
    had_tokens = False
    after_positive = pending_or = False
    for m in _ITEM_RE.finditer(q):
        text = m.group("bare")
        if text == "OR" and not m.group("neg"):
            pending_or = after_positive
            continue
        if text is None:
            text = m.group("q1") or m.group("q2") or m.group("q3") or ""
        clause, tokens = _clause(text)
        had_tokens |= tokens
        if clause is None:
            after_positive = pending_or = False
        elif m.group("neg"):
            excluded.append(clause)
            after_positive = pending_or = False
        else:
            if pending_or:
                groups[-1].append(clause)
            else:
                groups.append([clause])
            after_positive, pending_or = True, False
    if not groups:
        raise QueryError("exclusions_only" if excluded else "stop_words_only" if had_tokens else "no_words")
    return Query(tuple(tuple(group) for group in groups), tuple(excluded))


def check_kinds(kinds: tuple[str, ...]) -> None:
    """Refuse a restriction of key kinds that no compiler can honour (a phrase needs exact or stem)."""
    if not set(kinds) <= set(KINDS) or not {"exact", "stem"} & set(kinds):
        raise ValueError(f"kinds must be a subset of {KINDS} including exact or stem: {kinds!r}")


def either(alternatives: Iterable[str], operator: str = "|") -> str:
    """``a`` alone, or ``(a | b …)``: alternatives joined by an operator (the compilers' OR)."""
    items = list(alternatives)
    return items[0] if len(items) == 1 else "(" + f" {operator} ".join(items) + ")"
