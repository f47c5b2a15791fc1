"""The search-box query language, and its compilers to PostgreSQL and SQLite FTS5.

Syntax
------
* ``word word``     every word must match (AND). Words are analysed like the
  text (normalised, stemmed); stop words are dropped.
* ``"a phrase"``    the words in this order; also ``«…»`` and ``“…”``. An
  unclosed quote runs to the end. A bare chunk that splits into several
  tokens ("13-14", "أرشيفية.تعبيرية") is a phrase too. Stop words inside a
  phrase are kept as gaps: "البتكوين في إيران" needs exactly one word between
  the two (PostgreSQL ``<2>``; on SQLite that very stop word, see to_fts5).
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
skeleton, the stem also with ب or ل attached (stem.clitic_stems: أوسلو finds
بأوسلو, لأوسلو; PostgreSQL ``'~باوسلو'``, SQLite ``{… stem} : "باوسلو"``), and
the keys of the other spelling of a Latin g (stem.letter_variants: جوجل finds
غوغل). See Word.keys().
The compilers take ``kinds`` to restrict this, e.g. ``to_tsquery(q,
kinds=("exact",))`` for a ranking boost of exact matches.

Matching a phrase: by stems at the phrase's distances (the key both databases
can test at a distance; skeletons cannot be, the SQLite skeleton stream skips
words), or by exact forms when ``kinds`` has no stem. For spelling variants,
one word of the phrase may instead match by the stem of a spelling one long
vowel away (stem.variant_stems; Phrase.spellings): «"تعدين البتكوين"» finds
تعدين البيتكوين. Both compilers give the same matches.
"""

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .analyzer import KINDS, SKELETON_MARK, STEM_MARK, _pieces, fts5_column, fts5_quote, pg_quote
from .stem import clitic_stems, letter_variants, skeleton, stem, variant_stems

__all__ = [
    "Phrase",
    "Query",
    "QueryError",
    "Word",
    "either",
    "parse_query",
    "pg_phrase_alternatives",
    "to_fts5",
    "to_tsquery",
]


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


@dataclass(frozen=True, slots=True)
class Word:
    """One query word: its keys, and whether it is a stop word (only inside phrases)."""

    exact: str
    stem: str
    skeleton: str | None = None
    stop: bool = False

    def keys(self) -> dict[str, tuple[str, ...]]:
        """The keys of each kind that match this word: its own (see analyzer.py), with
        the clitic stems after the stem, and the stems and skeletons of its letter
        variants (stem.letter_variants: جوجل also matches غوغل)."""
        others = letter_variants(self.exact)
        keys = {
            "exact": (self.exact,),  # so that the spelling searched for ranks first
            "stem": (self.stem, *self.clitic_stems(), *(stem(other) for other in others)),
            "skeleton": (self.skeleton, *(skeleton(other) for other in others)),
        }
        return {kind: tuple(dict.fromkeys(key for key in values if key)) for kind, values in keys.items()}

    def lexemes(self, kinds: tuple[str, ...] = KINDS) -> tuple[str, ...]:
        """PostgreSQL lexemes of keys(), limited to ``kinds``."""
        keys = self.keys()
        marks = {"exact": "", "stem": STEM_MARK, "skeleton": SKELETON_MARK}
        return tuple(marks[kind] + key for kind in KINDS if kind in kinds for key in keys[kind])

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
        variant_stems() or clitic_stems() («"تحلية المياه"» finds لتحلية المياه). So
        the only entry is every word by its stem alone (when no word has variants),
        or, for each word that has variants, one entry with that word's alternatives
        being its stem and its variants.
        """
        stems = [(word.stem,) for word in self.words]
        out = []
        for i, word in enumerate(self.words):
            variants = () if word.stop else (*word.variant_stems(), *word.keys()["stem"][1:])
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
    words = [Word(p.exact, p.stem, p.skeleton, not p.indexed) for _, p in _pieces(text)]
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


def _check_kinds(kinds: tuple[str, ...]) -> None:
    if not set(kinds) <= set(KINDS) or not {"exact", "stem"} & set(kinds):
        raise ValueError(f"kinds must be a subset of {KINDS} including exact or stem: {kinds!r}")


def either(alternatives: Iterable[str], operator: str = "|") -> str:
    """``a`` alone, or ``(a | b …)``: alternatives joined by a tsquery (``|``) or FTS5 (``OR``) operator."""
    items = list(alternatives)
    return items[0] if len(items) == 1 else "(" + f" {operator} ".join(items) + ")"


# --- PostgreSQL -------------------------------------------------------------


def _pg_word(word: Word, kinds: tuple[str, ...]) -> str:
    return either(pg_quote(lexeme) for lexeme in word.lexemes(kinds))


def _pg_phrase(words: tuple[Word, ...], keys: tuple[tuple[str, ...], ...]) -> str:
    """``(k1 <-> k2 <2> k4)``: each non-stop word as ``'k'`` or ``('k' | 'k2' …)``, stop words as gaps."""
    parts: list[str] = []
    distance = 1
    for word, alternatives in zip(words, keys, strict=True):
        if word.stop:
            distance += 1
            continue
        if parts:
            parts.append("<->" if distance == 1 else f"<{distance}>")
        parts.append(either(pg_quote(key) for key in alternatives))
        distance = 1
    return "(" + " ".join(parts) + ")"


def pg_phrase_alternatives(phrase: Phrase) -> list[str]:
    """The tsquery of each way ``phrase`` may match by stems (Phrase.spellings)."""
    return [
        _pg_phrase(phrase.words, tuple(tuple(STEM_MARK + key for key in keys) for keys in spelling))
        for spelling in phrase.spellings()
    ]


def _pg_clause(clause: Clause, kinds: tuple[str, ...]) -> str:
    if isinstance(clause, Word):
        return _pg_word(clause, kinds)
    if "stem" not in kinds:
        return _pg_phrase(clause.words, tuple((word.exact,) for word in clause.words))
    return either(pg_phrase_alternatives(clause))


def to_tsquery(query: Query, kinds: tuple[str, ...] = KINDS) -> str:
    """The query as tsquery input text, for ``%s::tsquery`` (NOT PostgreSQL's to_tsquery()).

    A word is ``('x' | '~s' | '~bs' | '~ls' | '^k')`` (clitic stems after the stem);
    a phrase ``('~s1' <-> '~s2' <2> '~s4')``, with a word that has variants (variant
    and clitic stems) as ``('~s2' | '~v1' | '~v2')``, one such phrase per word with
    variants, joined with ``|`` (exact forms ``'x1' <-> 'x2'`` without the
    stem kind); an OR group ``(c1 | c2)``; groups are joined with ``&`` and exclusions
    appended as ``& !c``.

    >>> to_tsquery(parse_query("البتكوين -إيران"))
    "('البتكوين' | '~بتكو' | '~ببتكو' | '~لبتكو' | '^بتكن') & !('ايران' | '~ايران' | '^ارن')"
    """
    _check_kinds(kinds)
    parts = []
    for group in query.groups:
        parts.append(either(_pg_clause(clause, kinds) for clause in group))
    text = " & ".join(parts)
    for clause in query.excluded:
        text += " & !" + _pg_clause(clause, kinds)
    return text


# --- SQLite FTS5 ------------------------------------------------------------


def _fts5_columns(fields: tuple[str, ...], kind: str) -> str:
    return "{" + " ".join(fts5_column(field, kind) for field in fields) + "}"


def _fts5_clause(clause: Clause, fields: tuple[str, ...], kinds: tuple[str, ...]) -> str:
    if isinstance(clause, Phrase):
        if "stem" not in kinds:
            text = " ".join(word.exact for word in clause.words)
            return f"{_fts5_columns(fields, 'exact')} : {fts5_quote(text)}"
        columns = _fts5_columns(fields, "stem")
        texts = {" ".join(chosen): None for spelling in clause.spellings() for chosen in itertools.product(*spelling)}
        return either((f"{columns} : {fts5_quote(text)}" for text in texts), "OR")
    keys = clause.keys()
    return either(
        (f"{_fts5_columns(fields, kind)} : {fts5_quote(key)}" for kind in KINDS if kind in kinds for key in keys[kind]),
        "OR",
    )


def to_fts5(query: Query, fields: tuple[str, ...], kinds: tuple[str, ...] = KINDS) -> str:
    """The query as an FTS5 MATCH expression over the columns of ``fields`` (analyzer.py).

    A word is ``({f_exact g_exact} : "x" OR {f_stem g_stem} : "s" OR {f_skeleton …} : "k")``,
    with one more stem alternative per clitic stem.
    A phrase matches the stem columns only (FTS5 phrases cannot hold OR groups):
    ``{f_stem g_stem} : "s1 s2"``, stop words included as their stems, since the
    stem stream keeps them; with spelling variants, one such phrase per variant
    stem, joined with OR (the exact columns when ``kinds`` has no stem). OR groups
    are ``(c1 OR c2)``, groups are joined with AND, exclusions appended as
    ``(…) NOT (n1 OR n2)``.
    """
    _check_kinds(kinds)
    fields = tuple(fields)
    if not fields:
        raise ValueError("at least one field is needed")
    parts = []
    for group in query.groups:
        parts.append(either((_fts5_clause(clause, fields, kinds) for clause in group), "OR"))
    text = " AND ".join(parts)
    if query.excluded:
        excluded = " OR ".join(_fts5_clause(clause, fields, kinds) for clause in query.excluded)
        text = f"({text}) NOT ({excluded})"
    return text
