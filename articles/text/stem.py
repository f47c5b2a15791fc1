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

Four documented deviations, three of them short lists:

* a few very frequent place names ending in ان (and البحرين) are protected from suffix
  stripping (Lucene turns ايران into اير, لبنان into لبن "milk", عمان into عم
  "uncle", طهران into طهر, البحرين into بحر "sea"), so that ايران, الايرانيه, الايراني all share the
  stem ايران. The protection also applies after a single ل ب ف ك و clitic
  (لايران → ايران), which Lucene does not strip on its own (PROTECTED_STEMS);
* a word whose و is radical keeps it (وزير, وزيره → وزير like الوزير, where
  Lucene gives زير "jar"; وزاره → وزار, not زار "visited") (WAW_STEMS);
* a suffixed word that would be stemmed to certain names gets the name + ي
  (حماسه "enthusiasm" → حماسي, not حماس "Hamas"; الرياضه "sport" → رياضي, not
  رياض "Riyadh") (DISTINCT_STEMS);
* a word that starts with وو is the conjunction و before a word in و and is stemmed as
  that word (ووليد → stem of وليد; Lucene removes the first و and keeps the second).

Like Lucene (and unlike PostgreSQL's Snowball "arabic"), no root extraction.
The prepositions ب, ل and ك alone are not stripped when indexing (that would
mangle بريطانيا, لبنان, لاعبين, كتاب); a query word matches their attached forms
through clitic_stems() instead. Phrases match nearby spellings through
variant_stems(). loose_key() folds hamza on waw and ya (مؤتمر / موتمر).
"""

import re
from pathlib import Path

__all__ = [
    "CLITIC_LETTERS",
    "CLITIC_SHORT_WORDS",
    "DISTINCT_STEMS",
    "PROTECTED_STEMS",
    "SKELETON_MIN_LENGTH",
    "WAW_STEMS",
    "clitic_forms",
    "clitic_stems",
    "hamza_fold",
    "is_arabic",
    "letter_variants",
    "loose_key",
    "loose_keys",
    "nisba_stem",
    "skeleton",
    "spelling_keys",
    "stem",
    "strip_prefix",
    "variant_stems",
    "weak_skeleton",
]

PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")

#: Place names (normalised, without ال) that keep their final ان (and البحرين its ين: Lucene's بحر
#: is "sea").
PROTECTED_STEMS: frozenset[str] = frozenset(
    ("ايران", "لبنان", "عمان", "سودان", "يابان", "يونان", "طهران", "باكستان", "افغانستان", "اذربيجان", "بحرين")
)
_CLITICS = frozenset("لبفكو")

#: Stems (of the word without suffixes) that begin with a radical و, not the conjunction: a word
#: starting with و is kept whole when its stem is one of these (وزير, وزيره → وزير, as الوزير;
#: Lucene gives زير "jar"). A list, because the shape cannot tell وزير from وبحر "and a sea".
WAW_STEMS: frozenset[str] = frozenset(
    (
        "وزير",
        "وزار",
        "وزراء",
        "ولا",
        "وكال",
        "وكيل",
        "وحد",
        "وطن",
        "وقت",
        "وضع",
        "وثيق",
        "وثائق",
        "وسيل",
        "وسائل",
        "وظيف",
        "وظائف",
        "واقع",
        "وقائع",
        "وفا",
        "ورق",
        "وصف",
        "وقود",
        "وفود",
        "وصول",
        "وجود",
        "وسط",
        "وعد",
        "وقف",
        "وصل",
        "ولد",
        "وجه",
        "وزن",
        "وباء",
        "واشنطن",
        "واشنط",
        "وليد",
        "وائل",
        "وسام",
    )
)

#: Names that a suffixed word must not be stemmed to: حماسه "enthusiasm" is not حماس "Hamas",
#: الرياضه "sport" not الرياض "Riyadh". Such a word gets the name + ي instead (حماسه, حماسي → حماسي;
#: رياضه, رياضيه, رياضي → رياضي), the name alone keeps its stem.
DISTINCT_STEMS: frozenset[str] = frozenset(("حماس", "رياض"))

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

    >>> stem("للاردن"), stem("بالمسيرات"), stem("وبحر"), stem("وزير")
    ('اردن', 'مسير', 'بحر', 'وزير')
    """
    if not is_arabic(word):
        return word
    if word.startswith("وو") and len(word) >= 4:  # the conjunction before a name in و: ووليد = و + وليد
        return stem(word[1:])
    base = strip_prefix(word)
    if len(base) == len(word) - 1:  # the conjunction و, unless it is the word's first letter
        whole = _stem_base(word)
        if whole in WAW_STEMS:
            return whole
    return _stem_base(base)


def _stem_base(word: str) -> str:
    """stem() of a word whose prefix is already removed."""
    if word in PROTECTED_STEMS:
        return word
    if word[0] in _CLITICS and word[1:] in PROTECTED_STEMS:
        return word[1:]
    original = word
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) >= len(suffix) + 2:
            word = word[: -len(suffix)]
    if word in DISTINCT_STEMS and word != original:
        return word + "ي"
    return word


def skeleton(word: str) -> str | None:
    """Loose key for spelling variants of transliterated names, or None.

    The word without its clitic prefix (strip_prefix, not stem: suffix stripping
    is erratic on foreign names, e.g. واشنطون → اشنط; but not كال, which كاليفورنيا
    starts with: it and كالفورنيا give كلفرنا) with the long-vowel letters
    ا و ي removed except in first and last position. Only for words of at least
    SKELETON_MIN_LENGTH letters after prefix removal, and only if at least three
    letters remain, so that common short words do not collide (كتاب, كاتب, كتب
    have none). بيتكوين, بتكوين, البتكوين, البيتكوين all give بتكن; واشنطن and
    واشنطون give اشنطن. The first letter is kept so that الوزاره (وزره) and
    الزياره (زره) stay apart, and the last so that a relational adjective is not its
    noun (الفلسطيني فلسطني, فلسطين فلسطن; the adjective is a loose match, nisba_stem).

    A word ending in ه (ta marbuta, mostly) has none: native feminine nouns and adjectives
    share skeletons with unrelated words (السعوديه and سعاده are both سعده), so theirs is a
    loose key (weak_skeleton).
    """
    key = _skeleton_key(word)
    return None if key is None or key.endswith("ه") else key


def weak_skeleton(word: str) -> str | None:
    """The skeleton of a word ending in ه, which is a loose key (see skeleton()): السعوديه and
    سعاده meet, as ديمقراطيه and ديموقراطيه do, by a weak match only."""
    key = _skeleton_key(word)
    return key if key is not None and key.endswith("ه") else None


def _skeleton_key(word: str) -> str | None:
    if not is_arabic(word):
        return None
    base = word if word.startswith("كال") else strip_prefix(word)  # كاليفورنيا is not كال + يفورنيا
    if len(base) < SKELETON_MIN_LENGTH:
        return None
    key = base[0] + base[1:].translate(_LONG_VOWELS)
    if len(key) < 3:
        return None
    return key + base[-1] if base[-1] in _VOWELS else key


def nisba_stem(word: str) -> str | None:
    """The stem of the relational adjectives (nisba) of a name whose stem loses a suffix-like
    ending, or None: فلسطين (stem فلسط) → فلسطين, the stem of الفلسطيني, فلسطينية,
    الفلسطينيون. A query word matches them by its loose key (a weak match, ranked below the
    name's own forms). The word without its prefix, when it is not its stem and ends in ين,
    ان, ون or ات.

    >>> nisba_stem("فلسطين"), nisba_stem("الفلسطيني"), nisba_stem("الاردن")
    ('فلسطين', None, None)
    """
    if not is_arabic(word):
        return None
    base = strip_prefix(word)
    own = stem(word)
    if base == own or len(base) < SKELETON_MIN_LENGTH or not base.endswith(_NISBA_BASE_ENDINGS):
        return None
    return base


#: nisba_stem() is for words with these endings (names: فلسطين, البحرين, الامارات → اماراتي).
_NISBA_BASE_ENDINGS = ("ين", "ان", "ون", "ات")


def variant_stems(word: str) -> tuple[str, ...]:
    """Stems of the spellings one long vowel away from ``word`` (for phrases), sorted.

    A phrase cannot match by skeleton (the stems of consecutive words are what
    both databases can test at a distance: word pairs on PostgreSQL, the stem
    stream on SQLite), so a phrase word matches the stems of its nearest spelling
    variants instead: the word without its clitic prefix, with one ا, و or ي
    inserted after the first letter or one such letter removed, then stemmed.
    Every such variant has the word's skeleton; like skeleton(), only for words
    that have one, and only variants still long enough to have one. Stems shorter
    than VARIANT_STEM_MIN_LENGTH are dropped, and so are stems of fewer than five
    letters from an inserted vowel (تعدين + ي gives تعيد, another word). The stem
    of ``word`` itself is not included.

    >>> "بيتكو" in variant_stems("البتكوين"), "بتكو" in variant_stems("بيتكوين")
    (True, True)
    >>> "هاليف" in variant_stems("هليفي"), variant_stems("وزير")
    (True, ())
    """
    if _skeleton_key(word) is None:
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


#: clitic_stems() needs at least this many letters (after ال), unless CLITIC_SHORT_WORDS lists it.
CLITIC_MIN_LENGTH = 5
#: The one-letter prepositions whose attached forms a query word matches.
CLITIC_LETTERS = "بلك"
#: Words that look like ب/ل + a word but are particles: لولا "if not" (ولايه stems to ولا).
_PARTICLES = frozenset(("لولا",))
_DATA = Path(__file__).resolve().parent / "data"


def _short_clitic_words(path: Path) -> dict[str, str]:
    """word → the prepositions it is matched with, from data/short_clitic_words.txt."""
    out = {}
    for line in path.read_text("utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            out[fields[0]] = "".join(fields[1:])
    return out


#: Short words (place and organisation names: غزه, قطر, حزب …) matched with ب, ل or ك attached
#: although they have fewer than CLITIC_MIN_LENGTH letters, each with the prepositions whose
#: attached form is not another common word (data/short_clitic_words.txt says where it comes from).
CLITIC_SHORT_WORDS: dict[str, str] = _short_clitic_words(_DATA / "short_clitic_words.txt")


def clitic_stems(word: str) -> tuple[str, ...]:
    """Stems of ``word`` with the preposition ب, ل or ك attached, for matching a query word.

    Lucene strips ب and ل only together with ال (بال, لل), so بأوسلو, لتحليه and
    بكازاخستان keep them in their stems. Stripping them when indexing would mangle
    the many words that begin with these letters (بريطانيا, لبنان, لاعبين); instead a
    query word of at least CLITIC_MIN_LENGTH letters (after ال) also matches the
    stems it would have with ب, ل or ك in front: اوسلو also matches باوسلو, لاوسلو and
    كاوسلو. Only when the stemmer leaves the added letter in place (for لبنان, للبنان
    would lose its لل), the stem is new (بايران already stems to ايران) and not a
    particle (لولا). Shorter words are left alone (ب + حريه is بحريه "naval", stemmed
    بحر), except the names of CLITIC_SHORT_WORDS with the prepositions listed there:
    غزه finds بغزه but not لغزه (stemmed لغز "riddle").

    >>> clitic_stems("اوسلو"), clitic_stems("التحليه"), clitic_stems("لبنان"), clitic_stems("وزير")
    (('باوسلو', 'لاوسلو', 'كاوسلو'), ('بتحل', 'لتحل', 'كتحل'), (), ())
    >>> clitic_stems("الحزب"), clitic_stems("غزه")
    (('بحزب', 'لحزب', 'كحزب'), ('بغز', 'كغز'))
    """
    return tuple(stem(form) for form in clitic_forms(word))


def clitic_forms(word: str) -> tuple[str, ...]:
    """The forms of ``word`` with ب, ل or ك attached whose stems clitic_stems() gives."""
    if not is_arabic(word):
        return ()
    base = word[2:] if word.startswith("ال") and strip_prefix(word) == word[2:] else word
    letters = CLITIC_LETTERS if len(base) >= CLITIC_MIN_LENGTH else CLITIC_SHORT_WORDS.get(base, "")
    own = stem(base)
    out = []
    for clitic in letters:
        attached = stem(clitic + base)
        if attached == clitic + own and attached not in _PARTICLES:
            out.append(clitic + base)
    return tuple(out)


#: Hamza on waw and on ya written as the bare letter (مؤتمر → موتمر, رئيس → ريس).
_HAMZA_SEATS = str.maketrans("ؤئ", "وي")
_DOUBLED_RE = re.compile(r"([وي])\1+")
_HAMZA_LETTERS = frozenset("ؤئ")


def hamza_fold(word: str) -> str:
    """``word`` with hamza on waw or ya written without it, as people type: the one spelling of
    مؤتمر / موتمر, رئيس / ريس and, since Egyptian spelling puts the hamza of ؤو on ya, of
    مسؤول / مسئول / مسوول and شؤون / شئون. ئ before و is ؤ; ؤ becomes و and ئ ي; then a
    doubled و or ي is written once.

    >>> hamza_fold("مسئوليه"), hamza_fold("مسؤوليه"), hamza_fold("مؤتمر"), hamza_fold("رئيس")
    ('مسوليه', 'مسوليه', 'موتمر', 'ريس')
    """
    if _HAMZA_LETTERS.isdisjoint(word) and ("وو" not in word and "يي" not in word):
        return word
    return _DOUBLED_RE.sub(r"\1", word.replace("ئو", "ؤو").translate(_HAMZA_SEATS))


def loose_key(word: str) -> str | None:
    """The *loose* key of a normalised token: the stem of its hamza_fold(), or None when it is
    the token's stem (nothing to add) or the token is not Arabic.

    A query word matches a text word when its loose key is the text word's loose key or
    stem (analyzer.py): موتمر finds مؤتمر, المسئولية finds المسؤولية, ريس finds رئيس. A
    weaker sign than a stem (the hamza tells words apart: سؤال "question" / سوال), so it is
    a kind of its own, which ranking may weigh below stems.

    >>> loose_key("المؤتمرات"), loose_key("مسئوليه"), loose_key("موتمر")
    ('موتمر', 'مسول', None)
    """
    if not is_arabic(word):
        return None
    folded = hamza_fold(word)
    if folded == word:
        return None
    key = stem(folded)
    return None if key == stem(word) else key


def loose_keys(word: str) -> tuple[str, ...]:
    """The loose keys of a text word: its loose_key() and its weak_skeleton(), those it has."""
    return spelling_keys(word)[1]


def spelling_keys(word: str) -> tuple[str | None, tuple[str, ...]]:
    """(skeleton(word), loose_keys(word)), computing the vowel-less key once (for indexing)."""
    key = _skeleton_key(word)
    hamza = loose_key(word)
    if key is not None and key.endswith("ه"):
        return None, (hamza, key) if hamza else (key,)
    return key, (hamza,) if hamza else ()


_G_SWAP = str.maketrans("جغ", "غج")


def letter_variants(word: str) -> tuple[str, ...]:
    """Other spellings of a transliterated Latin g, for matching a query word: جوجل ↔ غوغل.

    The Latin g is written ج (Egypt) or غ (the Levant, the Gulf press), but both
    letters are also native, and swapping a single one makes other words (جرب
    "tried" / غرب "west", جاز / غاز "gas"). So only a word with at least two of them,
    all the same letter, gets the swapped spelling: جوجل, غوغل, جيجا, غيغا; دجاج
    gives دغاغ, which no text has. بلومبرغ / بلومبرج (one g) are not covered.

    >>> letter_variants("جوجل"), letter_variants("غوغل"), letter_variants("غرب"), letter_variants("غجر")
    (('غوغل',), ('جوجل',), (), ())
    """
    if not is_arabic(word):
        return ()
    jim, ghain = word.count("ج"), word.count("غ")
    if jim + ghain < 2 or (jim and ghain):
        return ()
    return (word.translate(_G_SWAP),)
