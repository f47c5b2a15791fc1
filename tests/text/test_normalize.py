import pytest

from articles.text import normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عُقِد", "عقد"),  # damma U+064F, kasra U+0650
        ("منذّ", "منذ"),  # shadda U+0651
        ("كتابًا", "كتابا"),  # fathatan U+064B, start of the range
        ("قرا\u065f", "قرا"),  # wavy hamza below U+065F, end of the range
        ("الرحم\u0670ن", "الرحمن"),  # superscript alef U+0670
        ("قال\u06d6", "قال"),  # Quranic mark U+06D6, start of the range
        ("قال\u06ed", "قال"),  # Quranic mark U+06ED, end of the range
        ("الـ300", "ال300"),  # tatweel U+0640
        ('بـ"مزارع', 'ب"مزارع'),
    ],
)
def test_normalize_drops_harakat_quranic_marks_and_tatweel(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "control",
    [chr(cp) for cp in (*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x061C, 0xFEFF)],
)
def test_normalize_drops_bidi_and_format_controls(control):
    assert normalize(f"ايران{control}") == "ايران"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أكسيوس", "اكسيوس"),  # hamza above
        ("إيران", "ايران"),  # hamza below
        ("آخر", "اخر"),  # madda
        ("ٱلله", "الله"),  # wasla
        ("على", "علي"),  # alef maksura
        ("ضخة", "ضخه"),  # teh marbuta
        ("ایران", "ايران"),  # Farsi yeh U+06CC
        ("ے", "ي"),  # yeh barree U+06D2
        ("کرمان", "كرمان"),  # keheh U+06A9
        ("ۀ", "ه"),  # U+06C0
        ("ہ", "ه"),  # U+06C1
        ("ھ", "ه"),  # U+06BE
    ],
)
def test_normalize_maps_letter_variants(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("١٩٧٩", "1979"), ("۱۹۷۹", "1979"), ("٠١٢٣٤٥٦٧٨٩", "0123456789"), ("۰۱۲۳۴۵۶۷۸۹", "0123456789")],
)
def test_normalize_maps_arabic_indic_and_persian_digits_to_ascii(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("space", ["\u00a0", "\u1680", "\u2002", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000"])
def test_normalize_turns_unicode_spaces_into_ascii_space(space):
    assert normalize(f"واشنطن{space}بوست") == "واشنطن بوست"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\ufef7", "لا"),  # lam-alef-hamza ligature: NFKC gives لأ, then أ → ا
        ("\ufbfc", "ي"),  # Farsi yeh presentation form: NFKC gives ی, then ی → ي
        ("\ufe93", "ه"),  # teh marbuta isolated form: NFKC gives ة, then ة → ه
        ("\ufdf2", "الله"),  # Allah ligature
        ("ＡＢＣ１", "abc1"),  # full-width Latin and digit
    ],
)
def test_normalize_applies_nfkc_before_the_mappings(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("Axios", "axios"), ("CENTCOM", "centcom"), ("Straße", "strasse")])
def test_normalize_casefolds_latin(text, expected):
    assert normalize(text) == expected


def test_normalize_handles_a_mixed_sentence():
    assert normalize("وفق «أكسيوس» (Axios) عام ١٩٧٩ في کرمان") == "وفق «اكسيوس» (axios) عام 1979 في كرمان"


@pytest.mark.parametrize("word", ["عُقِد\u00a0", "أكسيوس ", "ی ک ۱۹۷۹ ", "ﻷ ", "Axios "])
def test_normalize_gives_the_same_result_for_long_and_short_texts(word):
    assert normalize(word * 40) == normalize(word) * 40


@pytest.mark.parametrize(
    "text",
    [
        "وأشار الموقع إلى أن الاجتماع عُقِد بحضور رئيس الأركان الإسرائيلي، هرتسي هاليفي.",
        "وأجريت المحادثات بعد هجوم غير مسبوق بالمسيّرات والصواريخ شنّته إيران على إسرائيل ليل 13-14 أبريل.",
        "منذّ ذلك الحين قللت طهران من شأن تقارير عن تعرضها لضربة إسرائيلية",
    ],
)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
