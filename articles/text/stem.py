"""Light Arabic stemming (Lucene's ArabicStemmer) and the "skeleton" variant key.

Input is a normalised token (normalize.py); non-Arabic tokens are returned
unchanged.

stem() follows org.apache.lucene.analysis.ar.ArabicStemmer exactly:

* at most one prefix, the first that matches in the order ال وال بال كال فال لل و;
  a prefix is removed only if at least two letters remain, and "و" only from
  words of four letters or more;
* then each suffix of ها ان ات ون ين يه ية ه ة ي is tried once, in that order,
  each removed only if at least two letters remain (ية and ة never match
  normalised text, where they are يه and ه; they are kept for fidelity).

One documented deviation: a few very frequent place names ending in ان are
protected from suffix stripping (Lucene turns ايران into اير, لبنان into لبن
"milk", عمان into عم "uncle", طهران into طهر), so that ايران, الايرانيه,
الايراني all share the stem ايران. The protection also applies after a single
ل ب ف ك و clitic (لايران → ايران), which Lucene does not strip on its own.

Like Lucene (and unlike PostgreSQL's Snowball "arabic"), no root extraction:
over-stemming of short words (وزير → زير) is accepted because the exact
normalised form is always indexed too and ranks higher.
"""

__all__ = [
    "PROTECTED_STEMS",
    "SKELETON_MIN_LENGTH",
    "is_arabic",
    "skeleton",
    "stem",
    "strip_prefix",
    "variant_stems",
]

PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")

#: Place names (normalised, without ال) that keep their final ان.
PROTECTED_STEMS: frozenset[str] = frozenset(
    ("ايران", "لبنان", "عمان", "سودان", "يابان", "يونان", "طهران", "باكستان", "افغانستان", "اذربيجان")
)
_CLITICS = frozenset("لبفكو")

#: skeleton() needs at least this many letters after prefix removal.
SKELETON_MIN_LENGTH = 5
_VOWELS = "اوي"
#: variant_stems() keeps only stems at least this long, and from an inserted vowel only longer
#: ones: a short stem is often another word (تحليه + و → تحول "change", تعدين + ي → تعيد).
VARIANT_STEM_MIN_LENGTH = 4
_LONG_VOWELS = str.maketrans("", "", _VOWELS)


def is_arabic(word: str) -> bool:
    """True if ``word`` starts with an Arabic-block letter (tokens never mix scripts)."""
    return bool(word) and "\u0600" <= word[0] <= "\u08ff"


def strip_prefix(word: str) -> str:
    """Remove at most one clitic prefix, with Lucene's length checks."""
    n = len(word)
    for prefix in PREFIXES:
        if word.startswith(prefix) and n >= len(prefix) + 2 and (len(prefix) > 1 or n >= 4):
            return word[len(prefix) :]
    return word


def stem(word: str) -> str:
    """Light stem of a normalised token; non-Arabic tokens come back unchanged.

    >>> stem("للاردن"), stem("بالمسيرات"), stem("وزير")
    ('اردن', 'مسير', 'زير')
    """
    if not is_arabic(word):
        return word
    return _stem_base(strip_prefix(word))


def _stem_base(word: str) -> str:
    """stem() of a word whose prefix is already removed."""
    if word in PROTECTED_STEMS:
        return word
    if word[0] in _CLITICS and word[1:] in PROTECTED_STEMS:
        return word[1:]
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) >= len(suffix) + 2:
            word = word[: -len(suffix)]
    return word


def skeleton(word: str) -> str | None:
    """Loose key for spelling variants of transliterated names, or None.

    The word without its clitic prefix (strip_prefix, not stem: suffix stripping
    is erratic on foreign names, e.g. واشنطون → اشنط) with the long-vowel letters
    ا و ي removed except in first position. Only for words of at least
    SKELETON_MIN_LENGTH letters after prefix removal, and only if at least three
    letters remain, so that common short words do not collide (كتاب, كاتب, كتب
    have none). بيتكوين, بتكوين, البتكوين, البيتكوين all give بتكن; واشنطن and
    واشنطون give اشنطن. The first letter is kept so that الوزاره (وزره) and
    الزياره (زره) stay apart.
    """
    if not is_arabic(word):
        return None
    base = strip_prefix(word)
    if len(base) < SKELETON_MIN_LENGTH:
        return None
    key = base[0] + base[1:].translate(_LONG_VOWELS)
    return key if len(key) >= 3 else None


def variant_stems(word: str) -> tuple[str, ...]:
    """Stems of the spellings one long vowel away from ``word`` (for phrases), sorted.

    A phrase cannot match by skeleton (the stems of consecutive words are what
    both databases can test at a distance: word pairs on PostgreSQL, the stem
    stream on SQLite), so a phrase word matches the stems of its nearest spelling
    variants instead: the word without its clitic prefix, with one ا, و or ي
    inserted after the first letter or one such letter removed, then stemmed.
    Every such variant has the word's skeleton; like skeleton(), only for words
    that have one, and only variants still long enough to have one. The stem
    of ``word`` itself is not included.

    >>> "بيتكو" in variant_stems("البتكوين"), "بتكو" in variant_stems("بيتكوين")
    (True, True)
    >>> "اشنط" in variant_stems("واشنطن"), variant_stems("وزير")
    (True, ())
    """
    if skeleton(word) is None:
        return ()
    base = strip_prefix(word)
    stems = set()
    for i in range(1, len(base)):
        for vowel in _VOWELS:
            if base[i - 1] != vowel and base[i] != vowel:  # no doubled vowel
                longer = _stem_base(base[:i] + vowel + base[i:])
                if len(longer) > VARIANT_STEM_MIN_LENGTH:
                    stems.add(longer)
        shorter = base[:i] + base[i + 1 :]
        if base[i] in _VOWELS and len(shorter) >= SKELETON_MIN_LENGTH:
            stems.add(_stem_base(shorter))
    stems.discard(_stem_base(base))
    return tuple(sorted(s for s in stems if len(s) >= VARIANT_STEM_MIN_LENGTH))
