"""The vocabulary of reported speech in Arabic news, and the records quote finding returns (pure Python).

What ``quotes.find_quotes`` and ``quotes.find_attributions`` (rules in ``quotes.py``'s docstring)
work with: the reporting words, normalised (REPORTING_VERBS, ATTRIBUTING_VERBS, the verbal noun
قوله, بحسب / وفق and their kind, إن / أن), the outlet nouns and anaphors (OUTLET_NOUNS, ANAPHORS),
the time and circumstance words that end an unknown speaker, the word classes the scanner
(``quote_scanner.py``) gives each token, and its limits (MIN_INTRODUCED_WORDS, …); what they
return (``Speaker``, ``Quote``, ``Attribution``); and ``paragraph_spans``, the paragraphs of a
text numbered as ``articles.models.paragraphs`` numbers them.
"""

import re
from collections.abc import Hashable
from dataclasses import dataclass

__all__ = [
    "ACCORDING_WORDS",
    "ANAPHORS",
    "ATTRIBUTING_VERBS",
    "CLAUSE_WORDS",
    "MIN_EMBEDDED_WORDS",
    "MIN_INTRODUCED_WORDS",
    "OUTLET_NOUNS",
    "REPORTING_VERBS",
    "UNKNOWN_SPEAKER_WORDS",
    "Attribution",
    "Quote",
    "Speaker",
    "paragraph_spans",
]

MIN_INTRODUCED_WORDS = 2
MIN_EMBEDDED_WORDS = 4
UNKNOWN_SPEAKER_WORDS = 8
#: How many words after a reporting verb its clause may run before إن/أن, a quote or a colon.
CLAUSE_WORDS = 25
#: How many words after بحسب / وفق ما ذكره a source may come.
ACCORDING_WORDS = 10


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Reporting verbs (normalised): family → forms.
REPORTING_VERBS: dict[str, tuple[str, ...]] = {
    family: tuple(forms.split())
    for family, forms in {
        "قال": "قال قالت قالوا قالا قالتا يقول تقول يقولون قائلا قائله قائلين",
        "أضاف": "اضاف اضافت اضافوا اضافا يضيف تضيف يضيفون مضيفا مضيفه مضيفين",
        "أكد": "اكد اكدت اكدوا اكدا يؤكد تؤكد يؤكدون مؤكدا مؤكده مؤكدين",
        "أوضح": "اوضح اوضحت اوضحوا يوضح توضح موضحا موضحه",
        "تابع": "تابع تابعت تابعوا",
        "نوه": "نوه نوهت نوهوا ينوه تنوه منوها منوهه",
        "أشار": "اشار اشارت اشاروا يشير تشير يشيرون مشيرا مشيره مشيرين",
        "ذكر": "ذكر ذكرت ذكروا يذكر تذكر",
        "أفاد": "افاد افادت افادوا يفيد تفيد",
        "أعلن": "اعلن اعلنت اعلنوا يعلن تعلن",
        "صرح": "صرح صرحت صرحوا يصرح",
        "شدد": "شدد شددت شددوا يشدد تشدد مشددا مشدده",
        "أردف": "اردف اردفت",
        "لفت": "لفت لفتت لافتا لافته",
        "كشف": "كشف كشفت كشفوا يكشف تكشف",
        "حذر": "حذر حذرت حذروا يحذر تحذر محذرا محذره",
        "اعتبر": "اعتبر اعتبرت اعتبروا معتبرا معتبره",
        "زعم": "زعم زعمت زعموا",
        "نفى": "نفي نفت نفوا ينفي تنفي",
        "كتب": "كتب كتبت",
        "غرد": "غرد غردت",
        "أورد": "اورد اوردت",
    }.items()
}
#: Verbs whose subject is the source and whose speaker follows عن (نقلت صحيفة … عن فلان).
ATTRIBUTING_VERBS: tuple[str, ...] = ("نقل", "نقلت", "نقلوا", "ينقل", "تنقل")
_VERBAL_NOUNS = _set("قوله قولها قولهم قولهما بقوله بقولها بقولهم")
_ACCORDING = _set("وفق وفقا بحسب حسب طبقا نقلا")
#: "… that X relayed" (في تصريحات نقلتها وكالة …): a verb with an object pronoun before its subject.
_RELAYED = frozenset(
    verb + suffix for verb in _set("نقلت نقل اوردت اورد نشرت نشر بثت بث") for suffix in ("ه", "ها", "هم")
)
_INTRODUCERS = _set("ان انه انها انهم انهن انهما انني اننا بان بانه بانها بانهم")
#: An outlet named by its kind (normalised) → the Source kind it stands for.
ANAPHORS: dict[str, str] = {
    "الموقع": "website",
    "الصحيفه": "newspaper",
    "المجله": "newspaper",
    "الوكاله": "news_agency",
    "القناه": "broadcaster",
    "الشبكه": "broadcaster",
    "الاذاعه": "broadcaster",
    "التلفزيون": "broadcaster",
}
#: Kinds of outlet (normalised) that an unknown outlet's name follows.
OUTLET_NOUNS = _set("صحيفه وكاله موقع قناه شبكه مجله اذاعه تلفزيون")
_SOURCE_KINDS = frozenset(("news_agency", "newspaper", "website", "broadcaster", "government", "other"))
_OBJECT_FORMS = frozenset(
    verb + suffix
    for verb in _set("ذكر نقل اورد افاد نشر اعلن اكد قال كشف اوضح بث")
    for suffix in ("", "ه", "ت", "ته", "وه")
)
_PARTICIPLES = frozenset(
    form for forms in REPORTING_VERBS.values() for form in forms if form.startswith(("م", "قائل", "لافت"))
)
_TIME_WORDS = _set(
    "امس اليوم غدا الليله خلال لدي مساء صباح ظهر الشهر الاسبوع العام الاثنين الثلاثاء الاربعاء الخميس الجمعه "
    "السبت الاحد"
)
_CIRCUMSTANCES = _set("بيان تصريح تصريحات حديث مقابله مؤتمر كلمه تغريده منشور رساله لقاء")

_VERB, _ATTRIBUTING, _VERBAL_NOUN, _ACCORDING_WORD, _INTRODUCER = range(1, 6)
_WORDS: dict[str, int] = {form: _VERB for forms in REPORTING_VERBS.values() for form in forms}
_WORDS.update(dict.fromkeys(ATTRIBUTING_VERBS, _ATTRIBUTING))
_WORDS.update(dict.fromkeys(_VERBAL_NOUNS, _VERBAL_NOUN))
_WORDS.update(dict.fromkeys(_ACCORDING | _RELAYED, _ACCORDING_WORD))
_WORDS.update(dict.fromkeys(_INTRODUCERS, _INTRODUCER))
_CUES = (_VERB, _ATTRIBUTING, _VERBAL_NOUN, _ACCORDING_WORD)

_BLANK_LINES = re.compile(r"\r?\n(?:[^\S\r\n]*\r?\n)+")


@dataclass(frozen=True)
class Speaker:
    """Who said a quote: a known entity (``key``) or an unknown one described by ``text``."""

    key: Hashable | None
    text: str  # the matched name, or the unknown speaker's words, as written
    start: int
    end: int
    how: str  # "subject" | "before" | "continued"


@dataclass(frozen=True)
class Quote:
    """A direct quote: ``text`` without its marks, exactly as in paragraph ``paragraph``."""

    text: str
    start: int
    end: int
    paragraph: int  # 1-based
    order: int  # 1-based, within the paragraph
    marks: str  # opening + closing mark ("«»", '""', …); the opening one alone if left open
    cue: str  # the reporting word as written ("وأضاف"), "" if none
    speaker: Speaker | None
    source: Hashable | None  # the source key it came through, if any


@dataclass(frozen=True)
class Attribution:
    """A source the text attributes information to, in paragraph ``paragraph``."""

    source: Hashable | None  # a source key, None for a candidate outlet
    name: str  # the source as written: its name, the anaphor (الموقع) or the candidate outlet
    phrase: str  # e.g. "نقلت صحيفة … عن"
    paragraph: int  # 1-based
    start: int  # offsets of ``name``
    end: int
    how: str  # "name" | "anaphor" | "candidate"


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, numbered as ``articles.models.paragraphs`` numbers them:
    blank lines separate paragraphs, line breaks at both ends are ignored, empty parts dropped."""
    low, high = 0, len(text)
    while low < high and text[low] in "\r\n":
        low += 1
    while high > low and text[high - 1] in "\r\n":
        high -= 1
    spans, position = [], low
    for blank in _BLANK_LINES.finditer(text, low, high):
        spans.append((position, blank.start()))
        position = blank.end()
    spans.append((position, high))
    return [(a, b) for a, b in spans if text[a:b].strip()]
