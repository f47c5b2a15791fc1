"""Direct quotes, their speakers, and the sources an Arabic news text attributes to (pure Python).

Input: the text (an article body: paragraphs separated by blank lines, numbered from 1 as
``articles.models.paragraphs`` numbers them) and what the Linker found in it: the entity matches
(``mentions``: speaker candidates) and the source matches (``sources``). Every offset indexes the
submitted text. Words are compared in their normalised form (normalize.py), so أكد and اكد,
وأضاف and واضاف are the same word.

Quotes
------
A **quote** is the text between quotation marks: «…» (or »…«), "…", “…” (or ”…“, “…“), „…“ or
„…”, within one paragraph; nested marks of another kind are part of it. A mark left open runs to
the end of its paragraph (news style when a quote goes on past it). The quote's ``text`` is what
lies between the marks with the white space at both ends removed, exactly as written (so it is a
substring of its paragraph, as Quote.text must be). Quotation marks also set off names and terms
(صحيفة "واشنطن بوست", "تعدين البتكوين"), so a quoted span is a direct quote only if

* it is not a name: no single linker match covers it, and it does not follow an outlet noun
  (صحيفة "لوموند"); and
* it is **introduced** (right after إن / أن / بأن and their forms with a pronoun, after a
  reporting word such as وتابع or قوله, or after a colon) and has at least MIN_INTRODUCED_WORDS
  words; or a **reporting word** precedes it in the same sentence (a partial quote: أشار إلى أن
  الاجتماع كان "بمثابة …") and it has at least MIN_EMBEDDED_WORDS words; or a reporting word
  follows it within two words («…»، قال الوزير) and it has at least MIN_INTRODUCED_WORDS words;
  or it is a whole paragraph of at least MIN_EMBEDDED_WORDS words (a quote continued).

Reporting words (REPORTING_VERBS, normalised, each also with و or ف in front): قال أضاف أكد أوضح
تابع نوه أشار ذكر أفاد أعلن صرح شدد أردف لفت كشف حذر اعتبر زعم نفى كتب غرد أورد, in the perfect
(قال قالت قالوا قالا قالتا), the imperfect (يقول تقول يقولون) and as participles (قائلا مضيفا
مؤكدا مشيرا معتبرة …); نقل … عن (ATTRIBUTING_VERBS); the verbal noun قوله (بقوله, قولها, قولهم); the
phrases بحسب / حسب / وفق / وفقا / طبقا / نقلا عن, with ما / لما and a verb (وفق ما ذكره); and a
verb with an object pronoun before an outlet (في تصريحات نقلتها وكالة …, نشرته, أوردتها, بثته). A
verb counts only when its clause reaches a quote, a colon, إن/أن (إلى أن, من أن) or قوله before
the sentence ends, or when it follows a quote, so أضاف الفريق هدفا ثانيا is not speech. A quoted
span that cannot be a quote (a company or a title of a few words, not introduced: المحلل في شركة
"كابيتال إيكونوميكس") does not end a verb's clause.

Speakers
--------
The **speaker** of a quote comes from its reporting word (the nearest one before it in the same
sentence, else the one just after it):

* after a verb, its subject: the words up to إن/أن, عن (نقلت صحيفة … عن X), a comma or a colon.
  Among the linker's matches there, the first person, else the first organisation, else a place
  that starts the subject (قالت طهران); adjectives never speak. ``how="subject"``;
* for قوله, the nearest person (else organisation) before it, back to عن or the verb;
* with no known name there, an **unknown speaker**: the subject's words as written (مسؤولون
  إيرانيون, المتحدث باسم الخارجية), cut before a time or circumstance (في بيان, خلال, أمس, a
  weekday) and a source it was told to (لرويترز), at most UNKNOWN_SPEAKER_WORDS words: ``key`` is
  None;
* a verb with no subject after it (وأضاف أن, وتابع "…", مضيفا) takes a person or organisation in
  the three words before it (وكان صدر قد قال), else the first person (else organisation) of its
  sentence (اعترف المدرب فلان بالهزيمة، وقال إن): ``how="before"``; else the previous speaker in
  the text (``how="continued"``): the subject of the last reporting verb, quote or not. The time
  words that may stand between a verb and إن (صرح الشهر الماضي بأن) are not a subject.

Attributions
------------
An **attribution** is a source the text attributes information to, with the phrase as written:

* after بحسب / وفق ما ذكره / نقلا عن …: the first source match within the next ten words of the
  same clause (وفق ما ذكره مصدران … لموقع "أكسيوس");
* in the subject of a reporting verb: a source match there (ذكر أكسيوس أن, نقلت صحيفة "واشنطن بوست"
  عن, قال مسؤول لرويترز إن);
* an outlet named by its kind alone (الموقع, الصحيفة, الوكالة, القناة …: ANAPHORS) as the subject
  or after بحسب: the last source named before it, of that kind when the source matches carry a
  Source kind (website, newspaper, news_agency, broadcaster); ``how="anaphor"``;
* an outlet the linker does not know, after a kind of outlet (صحيفة, وكالة, موقع, قناة …:
  OUTLET_NOUNS) that is the subject, follows بحسب or نقلته, or was told something (قال مسؤول
  لموقع "ذا ناشيونال"): a **candidate**: the quoted name after it, else the outlet noun and the
  words after it (وكالة الأنباء الفرنسية); ``source`` is None, ``how="candidate"``.

The ``phrase`` runs from the reporting word (without a leading و/ف) to إن/أن/عن, with the source
replaced by "…": نقلت صحيفة … عن, ذكر … أن, أشار … إلى أن. After بحسب / وفق ما ذكره it stops before
the source, ending in "…" only when other words stand between (وفق ما ذكره مصدران … لموقع …).
One attribution per source and paragraph (the first).

A quote's ``source`` is the source in its speaker's clause (نقلت صحيفة X عن, or a speaker that is
a source), else an attribution in the same sentence, else the source of the speech it continues.
The word lists and limits named here live in articles/text/reporting.py.
"""

from collections.abc import Iterable

from .linking import Match
from .quote_scanner import _Text
from .reporting import Attribution, Quote, Speaker, paragraph_spans

__all__ = ["Attribution", "Quote", "Speaker", "find_attributions", "find_quotes", "paragraph_spans"]


def find_attributions(text: str, *, mentions: Iterable[Match] = (), sources: Iterable[Match] = ()) -> list[Attribution]:
    """The sources ``text`` attributes information to, in text order (see the module docstring).

    ``sources`` are the Linker's matches of sources in ``text``; ``mentions`` its entity matches
    (they tell names in quotation marks from quotes).
    """
    doc = _Text(text, list(mentions), list(sources))
    return doc.attributions(doc.cues())


def find_quotes(text: str, *, mentions: Iterable[Match] = (), sources: Iterable[Match] = ()) -> list[Quote]:
    """The direct quotes in ``text`` with their speakers and sources (see the module docstring).

    ``mentions`` are the Linker's entity matches in ``text`` (the speakers it can name),
    ``sources`` its source matches.

    >>> text = 'وقال الوزير سامي الحداد إن «الاتفاق نهائي». وأضاف: «سنوقعه غدا».'
    >>> sami = Match("sami", "person", 12, 23, "سامي الحداد", "exact")
    >>> [(q.text, q.speaker.key, q.speaker.how) for q in find_quotes(text, mentions=[sami])]
    [('الاتفاق نهائي', 'sami', 'subject'), ('سنوقعه غدا', 'sami', 'continued')]
    """
    doc = _Text(text, list(mentions), list(sources))
    cues = doc.cues()
    doc.resolve(cues, doc.attributions(cues))
    return doc.quotes(cues)
