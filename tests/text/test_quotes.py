import doctest
import random

import pytest

import articles.text.linking
import articles.text.plaintext
import articles.text.quotes
from articles.models import paragraphs as model_paragraphs
from articles.text.linking import Linker
from articles.text.quotes import Attribution, Quote, Speaker, find_attributions, find_quotes, paragraph_spans

ENTITIES = [
    ("sami", "person", ["سامي الحداد", "الحداد"]),
    ("layla", "person", ["ليلى منصور"]),
    ("omar", "person", ["عمر خالد"]),
    ("mofa", "organisation", ["وزارة الخارجية"]),
    ("army", "organisation", ["الجيش"]),
    ("axios", "organisation", ["أكسيوس"]),
    ("tehran", "place", ["طهران"]),
    ("iran", "place", ["إيران"]),
    ("mining", "topic", ["تعدين البتكوين"]),
    ("attack", "event", ["الوعد الصادق"]),
]
SOURCES = [
    ("reuters", "news_agency", ["رويترز", "وكالة رويترز"]),
    ("wapo", "newspaper", ["واشنطن بوست"]),
    ("axios", "website", ["أكسيوس"]),
    ("bbc", "broadcaster", ["بي بي سي عربي"]),
    ("irna", "news_agency", ["وكالة الجمهورية الإسلامية للأنباء", "إرنا"]),
]


@pytest.fixture(scope="module")
def linker():
    return Linker([*ENTITIES, *((("source", key), kind, names) for key, kind, names in SOURCES)])


def matches(linker, text):
    found = linker.find(text)
    mentions = [m for m in found if not isinstance(m.key, tuple)]
    sources = [m._replace(key=m.key[1]) for m in found if isinstance(m.key, tuple)]
    return mentions, sources


def quotes(linker, text):
    mentions, sources = matches(linker, text)
    return find_quotes(text, mentions=mentions, sources=sources)


def attributions(linker, text):
    mentions, sources = matches(linker, text)
    return find_attributions(text, mentions=mentions, sources=sources)


def speaker_of(quote):
    return None if quote.speaker is None else (quote.speaker.key or quote.speaker.text, quote.speaker.how)


# --------------------------------------------------------------------------- quotation marks


@pytest.mark.parametrize(
    ("text", "quoted", "start", "marks"),
    [
        ("قال سامي الحداد إن «الاتفاق نهائي تماما».", "الاتفاق نهائي تماما", 20, "«»"),
        ('قال سامي الحداد إن "الاتفاق نهائي تماما".', "الاتفاق نهائي تماما", 20, '""'),
        ("قال سامي الحداد إن “الاتفاق نهائي تماما”.", "الاتفاق نهائي تماما", 20, "“”"),
        ("قال سامي الحداد إن ”الاتفاق نهائي تماما“.", "الاتفاق نهائي تماما", 20, "”“"),
        ("قال سامي الحداد إن „الاتفاق نهائي تماما“.", "الاتفاق نهائي تماما", 20, "„“"),
        ("قال سامي الحداد إن „الاتفاق نهائي تماما”.", "الاتفاق نهائي تماما", 20, "„”"),
        ("قال سامي الحداد إن »الاتفاق نهائي تماما«.", "الاتفاق نهائي تماما", 20, "»«"),
        # white space inside the marks is not part of the quote
        ("قال سامي الحداد إن « الاتفاق نهائي تماما\u00a0».", "الاتفاق نهائي تماما", 21, "«»"),
        # marks of another kind inside a quote are part of it
        ('قال سامي الحداد إن «وصف "الاتفاق" بأنه نهائي».', 'وصف "الاتفاق" بأنه نهائي', 20, "«»"),
        # a quote left open runs to the end of its paragraph, without the trailing white space
        ("قال سامي الحداد إن «الاتفاق نهائي تماما.\u00a0\n\nفقرة أخرى", "الاتفاق نهائي تماما.", 20, "«"),
    ],
)
def test_each_quotation_mark_style_gives_the_text_between_the_marks(linker, text, quoted, start, marks):
    (quote,) = quotes(linker, text)
    assert (quote.text, quote.start, quote.end, quote.marks) == (quoted, start, start + len(quoted), marks)
    assert text[quote.start : quote.end] == quote.text
    assert quote.speaker == Speaker("sami", "سامي الحداد", 4, 15, "subject")


@pytest.mark.parametrize(
    "text",
    [
        'ونقلت صحيفة "واشنطن بوست" عن مصدر أن الاتفاق قريب.',  # a source's name
        "وقال الجيش إن عمليات «تعدين البتكوين» زادت.",  # an entity's name
        'أطلقت إيران عملية "الوعد الصادق" ضد أهداف عدة.',  # an event's name
        'وذكرت تقارير أن التلوث بلغ مستويات "خطيرة للغاية".',  # a partial quote of two words
        'وقالت إنها لن ترد ما لم يتم استهداف "مصالح" إيران.',  # one word
        'أطلق على الحملة اسم "الربيع الأخضر في المدن الكبرى".',  # no reporting word
        'وتحدث سامي الحداد عن "عهد جديد من التعاون بين البلدين".',  # تحدث عن is not quoting
    ],
)
def test_names_terms_and_scare_quotes_are_not_quotes(linker, text):
    assert quotes(linker, text) == []


# --------------------------------------------------------------------------- reporting words


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ('قال سامي الحداد إن "الوضع مستقر".', "قال", "sami"),
        ('وقال سامي الحداد إن "الوضع مستقر".', "وقال", "sami"),
        ('فقال سامي الحداد إن "الوضع مستقر".', "فقال", "sami"),
        ('وقالت ليلى منصور إن "الوضع مستقر".', "وقالت", "layla"),
        ('وأضافت ليلى منصور أن "الوضع مستقر".', "وأضافت", "layla"),
        ('وأكد سامي الحداد أن "الوضع مستقر".', "وأكد", "sami"),
        ('وأكدت ليلى منصور أن "الوضع مستقر".', "وأكدت", "layla"),
        ('وأوضح سامي الحداد أن "الوضع مستقر".', "وأوضح", "sami"),
        ('وأشار سامي الحداد إلى أن "الوضع مستقر".', "وأشار", "sami"),
        ('وأشارت ليلى منصور إلى أن "الوضع مستقر".', "وأشارت", "layla"),
        ('ونوه سامي الحداد إلى أن "الوضع مستقر".', "ونوه", "sami"),
        ('وذكر سامي الحداد أن "الوضع مستقر".', "وذكر", "sami"),
        ('وأفادت ليلى منصور بأن "الوضع مستقر".', "وأفادت", "layla"),
        ('وأعلن سامي الحداد أن "الوضع مستقر".', "وأعلن", "sami"),
        ('وصرح سامي الحداد بأن "الوضع مستقر".', "وصرح", "sami"),
        ('وشدد سامي الحداد على أن "الوضع مستقر".', "وشدد", "sami"),
        ('ولفت سامي الحداد إلى أن "الوضع مستقر".', "ولفت", "sami"),
        ('وحذر سامي الحداد من أن "الوضع خطير".', "وحذر", "sami"),
        ('وكشف سامي الحداد أن "الوضع مستقر".', "وكشف", "sami"),
        ('واعتبر سامي الحداد أن "الوضع مستقر".', "واعتبر", "sami"),
        ('ونفى سامي الحداد أن "يكون الوضع خطيرا".', "ونفى", "sami"),
        ('وكتب سامي الحداد في تغريدة: "الوضع مستقر".', "وكتب", "sami"),
        ('ويقول سامي الحداد إن "الوضع مستقر".', "ويقول", "sami"),
        ('وتقول ليلى منصور إن "الوضع مستقر".', "وتقول", "layla"),
        ("وقال سامي الحداد: «الوضع مستقر».", "وقال", "sami"),
        ("وتابع سامي الحداد: «الوضع مستقر».", "وتابع", "sami"),
        ('وقالوا عمر خالد وليلى منصور إن "الوضع مستقر".', "وقالوا", "omar"),
        ('وأضاف عمر خالد بقوله إن "الوضع مستقر".', "بقوله", "omar"),
        # with the normalisation: no hamza, tatweel, diacritics
        ('واكد سامي الحداد ان "الوضع مستقر".', "واكد", "sami"),
        ('وأكّد سامي الحداد أنّ "الوضع مستقر".', "وأكّد", "sami"),
        ('وقـال سامي الحداد إن "الوضع مستقر".', "وقـال", "sami"),
    ],
)
def test_each_reporting_verb_family_names_the_speaker_after_it(linker, text, cue, speaker):
    (quote,) = quotes(linker, text)
    assert (quote.cue, quote.speaker.key, quote.speaker.how) == (cue, speaker, "subject")


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        # after the quote
        ("«الوضع مستقر تماما»، قال سامي الحداد.", "قال", ("sami", "subject")),
        ('"الوضع مستقر تماما" قالت ليلى منصور للصحفيين.', "قالت", ("layla", "subject")),
        ("«الوضع مستقر تماما»، بحسب سامي الحداد.", "بحسب", ("sami", "subject")),
        # نقلت … عن … قوله
        (
            'ونقلت وكالة رويترز عن المستشار سامي الحداد قوله إن "الاتفاق قريب".',
            "قوله",
            ("sami", "subject"),
        ),
        # a partial quote after a reporting verb in the same sentence
        (
            'وأشار سامي الحداد إلى أن الاجتماع كان "بمثابة مؤشر على بداية مرحلة جديدة".',
            "وأشار",
            ("sami", "subject"),
        ),
        ('وقال سامي الحداد إن الوضع مستقر، معتبرة أن "الاتفاق قريب جدا".', "معتبرة", ("sami", "before")),
        # a participle has its sentence's subject
        ("وقال سامي الحداد في بيان قائلا: «الوضع مستقر».", "قائلا", ("sami", "before")),
        ('وقال سامي الحداد إن الوضع مستقر، مضيفا أن "الاتفاق قريب".', "مضيفا", ("sami", "before")),
    ],
)
def test_other_positions_of_the_reporting_word(linker, text, cue, speaker):
    (quote,) = quotes(linker, text)
    assert (quote.cue, speaker_of(quote)) == (cue, speaker)


def test_a_verb_whose_clause_is_not_speech_is_no_cue(linker):
    assert quotes(linker, "وأضاف الفريق هدفا ثانيا في الدقيقة الأخيرة.") == []


# --------------------------------------------------------------------------- speakers


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the first person after the verb, not the one nearest the quote
        ('وقال سامي الحداد خلال لقائه ليلى منصور إن "الوضع مستقر".', "sami"),
        # a person before an organisation
        ('وقال المتحدث باسم وزارة الخارجية سامي الحداد إن "الوضع مستقر".', "sami"),
        # an organisation when no person is named
        ('وقالت وزارة الخارجية في بيان إن "الوضع مستقر".', "mofa"),
        # a place only as the subject itself
        ('وقالت طهران إن "الوضع مستقر".', "tehran"),
        # قوله: the person nearest before it
        ('ونقلت رويترز عن مساعد ليلى منصور، سامي الحداد، قوله إن "الوضع مستقر".', "sami"),
        # a subject before the verb
        ('وكان سامي الحداد قد قال إن "الوضع مستقر".', "sami"),
        ('وكان المبعوث سامي الحداد قد صرح الشهر الماضي بأن "الوضع مستقر".', "sami"),
        # … or at the head of the sentence, when the verb has none after it
        ('وأقر عمر خالد بالهزيمة، وقال إن فريقه "دفع ثمن أخطائه الدفاعية".', "omar"),
        # a quoted company name does not end the subject
        ('وقال المحلل في شركة "كابيتال إيكونوميكس" عمر خالد إن "الأسعار سترتفع".', "omar"),
    ],
)
def test_the_speaker_is_the_nearest_known_name_of_the_right_kind(linker, text, speaker):
    (quote,) = quotes(linker, text)
    assert quote.speaker.key == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('وقال مسؤولون إيرانيون إن "الوضع مستقر".', "مسؤولون إيرانيون"),
        ('وقال مسؤولون في طهران إن "الوضع مستقر".', "مسؤولون في طهران"),
        ('وقال المتحدث باسم الشرطة المحلية في بيان إن "الوضع مستقر".', "المتحدث باسم الشرطة المحلية"),
        ('وقال مسؤول أمريكي لرويترز إن "الوضع مستقر".', "مسؤول أمريكي"),
        ('وقال مصدر مطلع الثلاثاء إن "الوضع مستقر".', "مصدر مطلع"),
        ('وقال مصدر مطلع خلال اتصال هاتفي إن "الوضع مستقر".', "مصدر مطلع"),
        ("وقالت مصادر: «الوضع مستقر».", "مصادر"),
        ('وقال مسؤول في الهيئة لموقع "ذا ناشيونال" إن "الوضع مستقر".', "مسؤول في الهيئة"),
    ],
)
def test_an_unknown_speaker_is_the_subject_as_written(linker, text, speaker):
    (quote,) = quotes(linker, text)
    assert (quote.speaker.key, quote.speaker.text, quote.speaker.how) == (None, speaker, "subject")
    assert text[quote.speaker.start : quote.speaker.end] == speaker


def test_army_is_the_known_organisation_when_it_is_the_subject(linker):
    (quote,) = quotes(linker, 'وقال الجيش في بيان إن "الوضع مستقر".')
    assert quote.speaker == Speaker("army", "الجيش", 5, 10, "subject")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'قال سامي الحداد إن "الوضع مستقر".\n\nوأضاف أن "الاتفاق قريب".\n\nوتابع "لن نتراجع عن موقفنا".',
            [("sami", "subject"), ("sami", "continued"), ("sami", "continued")],
        ),
        # the continued speaker is the subject of the last reporting verb, quote or not
        (
            'قال سامي الحداد إن "الوضع مستقر".\n\nوقالت ليلى منصور إن الاتفاق قريب.\n\nوأضافت أن "لا عودة".',
            [("sami", "subject"), ("layla", "continued")],
        ),
        (
            'وقال مسؤولون إيرانيون إن "الوضع مستقر".\n\nوأضافوا أن "الاتفاق قريب".',
            [("مسؤولون إيرانيون", "subject"), ("مسؤولون إيرانيون", "continued")],
        ),
        # a paragraph that is a quote continues the last speaker
        (
            "قالت ليلى منصور: «الاتفاق قريب جدا».\n\n«نحن مستعدون للتوقيع في أي وقت».",
            [("layla", "subject"), ("layla", "continued")],
        ),
        # no speaker before: none
        ('وأضاف أن "الاتفاق قريب".', [None]),
    ],
)
def test_a_verb_without_subject_continues_the_previous_speaker(linker, text, expected):
    assert [speaker_of(q) for q in quotes(linker, text)] == expected


# --------------------------------------------------------------------------- attributions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'ونقلت صحيفة "واشنطن بوست" عن مسؤول أن الاتفاق قريب.',
            ("wapo", "واشنطن بوست", "نقلت صحيفة … عن", "name"),
        ),
        ("وذكرت وكالة رويترز أن الاتفاق قريب.", ("reuters", "وكالة رويترز", "ذكرت … أن", "name")),
        ("وذكرت رويترز أن الاتفاق قريب.", ("reuters", "رويترز", "ذكرت … أن", "name")),
        ('ونوه "أكسيوس" إلى أن الاتفاق قريب.', ("axios", "أكسيوس", "نوه … إلى أن", "name")),
        ("وأفادت رويترز بأن الاتفاق قريب.", ("reuters", "رويترز", "أفادت … بأن", "name")),
        ("وقال مسؤول لرويترز إن الاتفاق قريب.", ("reuters", "رويترز", "قال مسؤول ل… إن", "name")),
        ('الاتفاق قريب، وفق ما ذكره "أكسيوس".', ("axios", "أكسيوس", "وفق ما ذكره", "name")),
        ("الاتفاق قريب، وفق ما نقلته رويترز.", ("reuters", "رويترز", "وفق ما نقلته", "name")),
        ("الاتفاق قريب، وفقا لما أوردته رويترز.", ("reuters", "رويترز", "وفقا لما أوردته", "name")),
        ("الاتفاق قريب بحسب رويترز.", ("reuters", "رويترز", "بحسب", "name")),
        ("وبحسب رويترز، فإن الاتفاق قريب.", ("reuters", "رويترز", "بحسب", "name")),
        ("الاتفاق قريب، حسب رويترز.", ("reuters", "رويترز", "حسب", "name")),
        ("الاتفاق قريب، نقلا عن رويترز.", ("reuters", "رويترز", "نقلا عن", "name")),
        ("الاتفاق قريب، وفقا لصحيفة واشنطن بوست.", ("wapo", "واشنطن بوست", "وفقا لصحيفة …", "name")),
        (
            'الاتفاق قريب، وفق ما ذكره مصدران لموقع "أكسيوس".',
            ("axios", "أكسيوس", "وفق ما ذكره مصدران لموقع …", "name"),
        ),
        (
            'الاتفاق قريب، وفق ما نقلته وكالة الجمهورية الإسلامية للأنباء "إرنا".',
            ("irna", "وكالة الجمهورية الإسلامية للأنباء", "وفق ما نقلته", "name"),
        ),
        (
            'وذكرت صحيفة "لوموند" الفرنسية أن الاتفاق قريب.',
            (None, "لوموند", "ذكرت صحيفة … الفرنسية أن", "candidate"),
        ),
        (
            "الاتفاق قريب، بحسب وكالة الأنباء الفرنسية.",
            (None, "وكالة الأنباء الفرنسية", "بحسب", "candidate"),
        ),
        (
            'وقال مسؤول لموقع "ذا ناشيونال" إن الاتفاق قريب.',
            (None, "ذا ناشيونال", "قال مسؤول لموقع … إن", "candidate"),
        ),
        (
            "وأكد المتحدث، في تصريحات نقلتها وكالة رويترز، أن الاتفاق قريب.",
            ("reuters", "وكالة رويترز", "نقلتها", "name"),
        ),
        (
            "الاتفاق قريب، وفقا لتقرير نشرته وكالة رويترز.",
            ("reuters", "وكالة رويترز", "وفقا لتقرير نشرته …", "name"),
        ),
        (
            'وانتقدت الناقدة في مقال نشرته صحيفة "الشروق" غياب الأفلام.',
            (None, "الشروق", "نشرته صحيفة …", "candidate"),
        ),
        (
            "قالت رئيسة المهرجان لبي بي سي عربي إن الدورة ناجحة.",
            ("bbc", "بي بي سي عربي", "قالت رئيسة المهرجان ل… إن", "name"),
        ),
    ],
)
def test_source_phrases_give_the_source_and_the_phrase_as_written(linker, text, expected):
    (attribution,) = attributions(linker, text)
    assert (attribution.source, attribution.name, attribution.phrase, attribution.how) == expected
    assert text[attribution.start : attribution.end] == attribution.name
    assert attribution.paragraph == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'قال "أكسيوس" إن الاتفاق قريب.\n\nوأشار الموقع إلى أن التوقيع وشيك.',
            [("axios", 1, "قال … إن", "name"), ("axios", 2, "أشار … إلى أن", "anaphor")],
        ),
        # an anaphor goes to the last source of its kind where kinds are known
        (
            "ذكرت واشنطن بوست أن الاتفاق قريب.\n\nوذكر أكسيوس أنه وشيك.\n\nوأضافت الصحيفة أن التوقيع غدا.",
            [("wapo", 1, "ذكرت … أن", "name"), ("axios", 2, "ذكر … أنه", "name"), ("wapo", 3, "أضافت … أن", "anaphor")],
        ),
        # an anaphor with no source before it is nothing
        ("وأشار الموقع إلى أن الاتفاق قريب.", []),
    ],
)
def test_an_outlet_named_by_its_kind_refers_back_to_the_last_source(linker, text, expected):
    assert [(a.source, a.paragraph, a.phrase, a.how) for a in attributions(linker, text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "وذكرت تقارير أن الاتفاق قريب.",
        'ورفضت القوات طلب "أكسيوس" التعليق.',
        "وقالت وسائل إعلام محلية إن الاتفاق قريب.",
        "زار مراسل رويترز المدينة أمس.",
        "وقال مسؤولون إيرانيون إن الاتفاق قريب.",
        'وقال صحفي في موقع "ميدل إيست آي" إن الاتفاق قريب.',
    ],
)
def test_a_source_named_outside_an_attribution_is_no_attribution(linker, text):
    assert attributions(linker, text) == []


def test_one_attribution_per_source_and_paragraph(linker):
    text = "ذكرت رويترز أن الاتفاق قريب، وفق ما نقلته رويترز.\n\nبحسب رويترز، فإن التوقيع غدا."
    assert [(a.source, a.paragraph, a.phrase) for a in attributions(linker, text)] == [
        ("reuters", 1, "ذكرت … أن"),
        ("reuters", 2, "بحسب"),
    ]


# --------------------------------------------------------------------------- the source of a quote


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ('ونقلت صحيفة "واشنطن بوست" عن سامي الحداد قوله إن "الاتفاق قريب".', ["wapo"]),
        ('ونوه "أكسيوس" إلى أن الاجتماع كان "بمثابة مؤشر على مرحلة جديدة".', ["axios"]),
        ('وقال مسؤول إن "الاتفاق قريب"، وفق ما ذكرته رويترز.', ["reuters"]),
        ('وقال مسؤول لرويترز إن "الاتفاق قريب".', ["reuters"]),
        ('وقال سامي الحداد إن "الاتفاق قريب".', [None]),
        (
            'ونقلت رويترز عن سامي الحداد قوله إن "الاتفاق قريب".\n\nوأضاف أن "التوقيع غدا".',
            ["reuters", "reuters"],
        ),
    ],
)
def test_a_quote_comes_through_the_source_of_its_clause_or_sentence(linker, text, sources):
    assert [q.source for q in quotes(linker, text)] == sources


# --------------------------------------------------------------------------- paragraphs


def test_quotes_are_numbered_by_paragraph_and_order(linker):
    text = 'مقدمة.\n\nقال سامي الحداد: «الاتفاق قريب»، وأضاف: «التوقيع غدا».\n\n\nوقالت ليلى منصور: "نحن مستعدون".'
    assert [(q.paragraph, q.order, q.text) for q in quotes(linker, text)] == [
        (2, 1, "الاتفاق قريب"),
        (2, 2, "التوقيع غدا"),
        (3, 1, "نحن مستعدون"),
    ]


def test_a_quote_is_within_its_paragraph_as_the_model_requires(linker):
    text = 'قال سامي الحداد إن "الاتفاق قريب\n\nوأضاف: «التوقيع غدا».'
    found = quotes(linker, text)
    assert [q.text for q in found] == ["الاتفاق قريب", "التوقيع غدا"]
    for quote in found:
        assert quote.text in model_paragraphs(text)[quote.paragraph - 1]


@pytest.mark.parametrize(
    "body",
    [
        "أ\n\nب",
        "أ\n\n\n\nب\n",
        "\n\nأ\r\n\r\nب\r\n",
        "أ\n \t\nب",
        "أ\nب\n\nج",
        " أ \n\n  \n\nب",
        "",
        "\n\n",
    ],
)
def test_paragraphs_are_split_and_numbered_as_the_model_splits_them(body):
    assert [body[a:b] for a, b in paragraph_spans(body)] == model_paragraphs(body)


def test_the_results_are_plain_dataclasses(linker):
    text = 'قال سامي الحداد لرويترز إن "الاتفاق قريب".'
    assert quotes(linker, text) == [
        Quote("الاتفاق قريب", 28, 40, 1, 1, '""', "قال", Speaker("sami", "سامي الحداد", 4, 15, "subject"), "reuters")
    ]
    assert attributions(linker, text) == [Attribution("reuters", "رويترز", "قال سامي الحداد ل… إن", 1, 17, 23, "name")]


PIECES = [
    *"ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآؤئءًٌٍَُِّْـ",
    *[" ", " ", "\u00a0", "\n", "\n\n", "،", ".", ":", '"', "«", "»", "“", "”", "„", "ﻹ", "ﷺ", "ی", "\u200f", "1"],
    *["قال ", "إن ", "أن ", "وفق ما ذكره ", "بحسب ", "نقلت ", " عن ", "قوله ", "الموقع ", "صحيفة ", "سامي الحداد "],
    *["إيران ", "الإيرانية ", "رويترز ", "لرويترز ", "أكسيوس "],
]


@pytest.mark.parametrize("seed", range(5))
def test_offsets_and_paragraphs_hold_on_random_text(linker, seed):
    rng = random.Random(seed)
    for _ in range(60):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 80)))
        mentions, sources = matches(linker, text)
        for m in mentions + sources:
            assert m.text == text[m.start : m.end]
        spans = paragraph_spans(text)
        for q in find_quotes(text, mentions=mentions, sources=sources):
            low, high = spans[q.paragraph - 1]
            assert q.text
            assert q.text == text[q.start : q.end]
            assert low <= q.start <= q.end <= high
        for a in find_attributions(text, mentions=mentions, sources=sources):
            assert a.name == text[a.start : a.end]


@pytest.mark.parametrize("module", [articles.text.linking, articles.text.quotes, articles.text.plaintext])
def test_the_examples_in_the_docstrings_hold(module):
    assert doctest.testmod(module).failed == 0
