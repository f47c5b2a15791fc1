import pickle
import unicodedata

import pytest

from articles.text import normalize
from articles.text.linking import PROCLITICS, Linker, Match, counts

ENTRIES = [
    ("iran", "place", ["إيران", "Iran"]),
    ("jordan", "place", ["الأردن"]),
    ("germany", "place", ["ألمانيا"]),
    ("syria", "place", ["سوريا"]),
    ("saudi", "place", ["السعودية", "المملكة العربية السعودية"]),
    ("oman", "place", ["سلطنة عُمان", "عمان"]),
    ("amman", "place", ["عمان"]),
    ("us", "place", ["الولايات المتحدة", "واشنطن"]),
    ("gaza", "place", ["غزة", "قطاع غزة"]),
    ("egypt", "place", ["مصر"]),
    ("pentagon", "organisation", ["البنتاغون"]),
    ("hamas", "organisation", ["حماس", "حركة حماس"]),
    ("nato", "organisation", ["ناتو"]),
    ("irgc", "organisation", ["الحرس الثوري", "الحرس الثوري الإيراني"]),
    ("bitcoin", "topic", ["بتكوين"]),
    ("mining", "topic", ["تعدين البتكوين"]),
    ("kurilla", "person", ['مايكل "إريك" كوريلا', "كوريلا"]),
    ("halevi", "person", ["هرتسي هاليفي"]),
    ("salman", "person", ["سلمان"]),
    ("yasser", "person", ["ياسر"]),
    ("ali", "person", ["علي بيكفيردي"]),
    ("gaza-war", "event", ["الحرب في غزة"]),
    ("attack", "event", ["هجوم 13-14 أبريل"]),
    ("wapo", "newspaper", ["واشنطن بوست", "The Washington Post"]),
    ("axios-entity", "organisation", ["أكسيوس"]),
    ("axios-source", "website", ["أكسيوس", "Axios"]),
    ("mustafa", "person", ["مصطفى الكاظمي"]),
    ("kerman", "place", ["كرمان"]),
    ("lebanon", "place", ["لبنان"]),
]


@pytest.fixture(scope="module")
def linker():
    return Linker(ENTRIES)


def found(linker, text, **kwargs):
    return [(m.key, m.start, m.end, m.text, m.form) for m in linker.find(text, **kwargs)]


# --------------------------------------------------------------------------- proclitics


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("إيران", [("iran", 0, 5, "إيران", "exact")]),
        ("وإيران", [("iran", 1, 6, "إيران", "exact")]),
        ("فإيران", [("iran", 1, 6, "إيران", "exact")]),
        ("بإيران", [("iran", 1, 6, "إيران", "exact")]),
        ("لإيران", [("iran", 1, 6, "إيران", "exact")]),
        ("كإيران", [("iran", 1, 6, "إيران", "exact")]),
        ("وبإيران", [("iran", 2, 7, "إيران", "exact")]),
        ("ولإيران", [("iran", 2, 7, "إيران", "exact")]),
        ("فكإيران", [("iran", 2, 7, "إيران", "exact")]),
        ("ومصر", [("egypt", 1, 4, "مصر", "exact")]),
        ("ولبنان", [("lebanon", 1, 6, "لبنان", "exact")]),
        ("للبنان", [("lebanon", 1, 6, "لبنان", "exact")]),
    ],
)
def test_find_accepts_each_conjunction_and_preposition_before_a_name(linker, text, expected):
    assert found(linker, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الأردن", [("jordan", 0, 6, "الأردن", "exact")]),
        ("والأردن", [("jordan", 1, 7, "الأردن", "exact")]),
        ("فالأردن", [("jordan", 1, 7, "الأردن", "exact")]),
        ("بالأردن", [("jordan", 1, 7, "الأردن", "exact")]),
        ("كالأردن", [("jordan", 1, 7, "الأردن", "exact")]),
        ("للأردن", [("jordan", 0, 6, "للأردن", "exact")]),  # ل has swallowed the article's alef
        ("وللأردن", [("jordan", 1, 7, "للأردن", "exact")]),
        ("وبالأردن", [("jordan", 2, 8, "الأردن", "exact")]),
        ("فبالأردن", [("jordan", 2, 8, "الأردن", "exact")]),
        ("والولايات المتحدة", [("us", 1, 17, "الولايات المتحدة", "exact")]),
        ("للولايات المتحدة", [("us", 0, 16, "للولايات المتحدة", "exact")]),
        ("لـالولايات المتحدة", [("us", 2, 18, "الولايات المتحدة", "exact")]),
        ("ولـالأردن", [("jordan", 3, 9, "الأردن", "exact")]),
    ],
)
def test_find_keeps_the_article_of_a_name_that_has_one_in_the_match(linker, text, expected):
    assert found(linker, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one-word organisations and topics may gain or lose the article
        ("البتكوين", [("bitcoin", 0, 8, "البتكوين", "article")]),
        ("والبتكوين", [("bitcoin", 1, 9, "البتكوين", "article")]),
        ("للبتكوين", [("bitcoin", 0, 8, "للبتكوين", "article")]),
        ("بتكوين", [("bitcoin", 0, 6, "بتكوين", "exact")]),
        ("بنتاغون", [("pentagon", 0, 7, "بنتاغون", "article")]),
        ("وبنتاغون", [("pentagon", 1, 8, "بنتاغون", "article")]),
        ("البنتاغون", [("pentagon", 0, 9, "البنتاغون", "exact")]),
        ("الناتو", [("nato", 0, 6, "الناتو", "article")]),
        # never for persons, places, events, several words, nor the listed exceptions
        ("الحماس", []),  # "the enthusiasm"
        ("وحماس", [("hamas", 1, 5, "حماس", "exact")]),
        ("السلمان", []),
        ("الإيران", []),
        ("أردن", []),
        ("سعودية", [("saudi", 0, 6, "سعودية", "adjective")]),
        ("حرس الثوري", []),
        ("ولايات المتحدة", []),
    ],
)
def test_find_adds_or_drops_the_article_only_where_that_is_safe(linker, text, expected):
    assert found(linker, text) == expected


def test_an_initial_alef_with_hamza_is_not_an_article(linker):
    assert found(linker, "لألمانيا الألمانية") == [
        ("germany", 1, 8, "ألمانيا", "exact"),
        ("germany", 9, 18, "الألمانية", "adjective"),
    ]


def test_bare_proclitics_need_a_one_word_name_of_three_letters():
    linker = Linker([("kn", "person", ["كن"]), ("kin", "person", ["كين"]), ("bbc", "broadcaster", ["بي بي سي"])])
    assert found(linker, "كن وكن بكين لبي بي سي") == [
        ("kn", 0, 2, "كن", "exact"),
        ("kin", 8, 11, "كين", "exact"),
        ("bbc", 13, 21, "بي بي سي", "exact"),
    ]


def test_every_proclitic_sequence_is_listed_with_its_article():
    assert PROCLITICS["وبال"] is True
    assert PROCLITICS["ولل"] is True
    assert PROCLITICS["فك"] is False
    assert PROCLITICS[""] is False
    assert PROCLITICS["ولال"] is True
    assert len(PROCLITICS) == 27


# --------------------------------------------------------------------------- adjectives and boundaries


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الإيرانية", [("iran", 0, 9, "الإيرانية", "adjective")]),
        ("إيراني", [("iran", 0, 6, "إيراني", "adjective")]),
        ("إيرانيون", [("iran", 0, 8, "إيرانيون", "adjective")]),
        ("الإيرانيين", [("iran", 0, 10, "الإيرانيين", "adjective")]),
        ("للإيرانيين", [("iran", 0, 10, "للإيرانيين", "adjective")]),
        ("إيرانيات", [("iran", 0, 8, "إيرانيات", "adjective")]),
        ("إيرانيا", [("iran", 0, 7, "إيرانيا", "adjective")]),
        ("السوري", [("syria", 0, 6, "السوري", "adjective")]),
        ("سوريا", [("syria", 0, 5, "سوريا", "exact")]),  # the name beats the adjective + ا
        ("السعوديون", [("saudi", 0, 9, "السعوديون", "adjective")]),
        ("الأردني", [("jordan", 0, 7, "الأردني", "adjective")]),
        ("مصريون", [("egypt", 0, 6, "مصريون", "adjective")]),
    ],
)
def test_find_reports_relational_adjectives_of_places_as_a_weaker_form(linker, text, expected):
    assert found(linker, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "إيرانها",  # no suffix on a name
        "إيرانيينها",
        "الحماسي",  # organisations have no derived adjective
        "حماسة",
        "كرمانشاه",
        "مصرف",  # a name never inside a longer word
        "المصرف",
        "وغزل",
        "Irani",
        "Iranian",
    ],
)
def test_a_name_never_matches_inside_a_longer_word(linker, text):
    assert found(linker, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("حركة حماس", [("hamas", 0, 9, "حركة حماس", "exact")]),
        ("حركة، حماس", [("hamas", 6, 10, "حماس", "exact")]),  # a name does not run across a comma
        ("قطاع\n\nغزة", [("gaza", 6, 9, "غزة", "exact")]),  # nor across a paragraph break
        ("قطاع\u00a0غزة", [("gaza", 0, 8, "قطاع\u00a0غزة", "exact")]),  # NBSP is a space
        ("قطاع  غزة", [("gaza", 0, 9, "قطاع  غزة", "exact")]),
        ("هجوم 13-14 أبريل", [("attack", 0, 16, "هجوم 13-14 أبريل", "exact")]),
        ("هجوم ١٣-١٤ أبريل", [("attack", 0, 16, "هجوم ١٣-١٤ أبريل", "exact")]),
        ('الجنرال مايكل "إريك" كوريلا', [("kurilla", 8, 27, 'مايكل "إريك" كوريلا', "exact")]),
        ("مايكل «إريك» كوريلا", [("kurilla", 0, 19, "مايكل «إريك» كوريلا", "exact")]),
        ("مايكل إريك كوريلا", [("kurilla", 0, 17, "مايكل إريك كوريلا", "exact")]),
    ],
)
def test_words_of_a_name_are_separated_by_spaces_or_by_the_same_punctuation(linker, text, expected):
    assert found(linker, text) == expected


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("إِيرَانُ", [("iran", 0, 8, "إِيرَانُ", "exact")]),  # harakat
        ("وَإِيرَان", [("iran", 2, 9, "إِيرَان", "exact")]),  # after a proclitic with a haraka
        ("إيـــران", [("iran", 0, 8, "إيـــران", "exact")]),  # tatweel
        ("ايران", [("iran", 0, 5, "ايران", "exact")]),  # hamza forms
        ("أيران", [("iran", 0, 5, "أيران", "exact")]),
        ("آيران", [("iran", 0, 5, "آيران", "exact")]),
        ("ٱلأردن", [("jordan", 0, 6, "ٱلأردن", "exact")]),  # alef wasla
        ("الاردن", [("jordan", 0, 6, "الاردن", "exact")]),
        ("غزه", [("gaza", 0, 3, "غزه", "exact")]),  # ta marbuta written as ha
        ("مصطفي الكاظمي", [("mustafa", 0, 13, "مصطفي الكاظمي", "exact")]),  # ya for alef maksura
        ("کرمان", [("kerman", 0, 5, "کرمان", "exact")]),  # Persian keheh
        ("ایران", [("iran", 0, 5, "ایران", "exact")]),  # Persian yeh
        ("\u200fإيران\u200f", [("iran", 1, 6, "إيران", "exact")]),  # bidi marks
        ("IRAN", [("iran", 0, 4, "IRAN", "exact")]),  # Latin case
        ("the washington post", [("wapo", 0, 19, "the washington post", "exact")]),
    ],
)
def test_find_matches_through_the_search_normalisation(linker, text, expected):
    assert found(linker, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # presentation forms: one character each, NFKC keeps the length
        ("ﺇﻳﺮﺍﻥ", [("iran", 0, 5, "ﺇﻳﺮﺍﻥ", "exact")]),
        # the ligature ﻹ is ل + إ: the preposition is inside it, so the match starts at it
        ("ﻹيران", [("iran", 0, 5, "ﻹيران", "exact")]),
        ("وﻹيران قبل مصر", [("iran", 1, 6, "ﻹيران", "exact"), ("egypt", 11, 14, "مصر", "exact")]),
        # ﷺ becomes four words: offsets after it are still right
        ("ﷺ في إيران", [("iran", 5, 10, "إيران", "exact")]),
        # the ligature ﻻ (لا) lengthens the text before a name
        ("ﻻ إيران", [("iran", 2, 7, "إيران", "exact")]),
    ],
)
def test_offsets_index_the_original_text_when_nfkc_changes_lengths(linker, text, expected):
    assert len(unicodedata.normalize("NFKC", text)) != len(text) or text.startswith("ﺇ")
    assert found(linker, text) == expected


def test_every_match_text_normalises_to_a_form_of_the_name(linker):
    text = "قال إيرانيون في طهران إن وﻹيران ولبنان وللأردن علاقات"
    for match in linker.find(text):
        assert match.text == text[match.start : match.end]
        assert normalize(match.text).endswith(("ايران", "ايرانيون", "لبنان", "اردن"))


# --------------------------------------------------------------------------- overlaps


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the longest name wins over the names inside it
        ("تعدين البتكوين", [("mining", 0, 14, "تعدين البتكوين", "exact")]),
        ("الحرب في غزة", [("gaza-war", 0, 12, "الحرب في غزة", "exact")]),
        ("الحرس الثوري الإيراني", [("irgc", 0, 21, "الحرس الثوري الإيراني", "exact")]),
        ("صحيفة واشنطن بوست", [("wapo", 6, 17, "واشنطن بوست", "exact")]),
        ("في واشنطن", [("us", 3, 9, "واشنطن", "exact")]),
        ("المملكة العربية السعودية", [("saudi", 0, 24, "المملكة العربية السعودية", "exact")]),
        # the longer of two overlapping names, then the leftmost
        ("سلطنة عمان", [("oman", 0, 10, "سلطنة عمان", "exact")]),
    ],
)
def test_the_longest_match_wins(linker, text, expected):
    assert found(linker, text) == expected


def test_overlaps_of_equal_length_go_to_the_leftmost():
    linker = Linker([("ab", "topic", ["الف باء"]), ("bc", "topic", ["باء تاء"])])
    assert found(linker, "الف باء تاء") == [("ab", 0, 7, "الف باء", "exact")]


def test_the_same_name_for_several_entries_is_reported_for_each_in_entry_order(linker):
    assert found(linker, "في عمان") == [("oman", 3, 7, "عمان", "exact"), ("amman", 3, 7, "عمان", "exact")]
    assert found(linker, "قال أكسيوس") == [
        ("axios-entity", 4, 10, "أكسيوس", "exact"),
        ("axios-source", 4, 10, "أكسيوس", "exact"),
    ]


def test_ties_first_keeps_the_earliest_entry(linker):
    assert found(linker, "في عمان وعماني", ties="first") == [
        ("oman", 3, 7, "عمان", "exact"),
        ("oman", 9, 14, "عماني", "adjective"),
    ]


def test_an_exact_name_beats_another_entrys_derived_form_on_the_same_span():
    linker = Linker([("a", "topic", ["بتكوين"]), ("b", "topic", ["البتكوين"])])
    assert found(linker, "البتكوين بتكوين") == [("b", 0, 8, "البتكوين", "exact"), ("a", 9, 15, "بتكوين", "exact")]


def test_ties_must_be_all_or_first(linker):
    with pytest.raises(ValueError, match="ties"):
        linker.find("إيران", ties="none")


# --------------------------------------------------------------------------- counts and the object


def test_counts_count_names_but_not_adjectives_unless_asked(linker):
    matches = linker.find("إيران وإيران الإيرانية، في عمان")
    assert counts(matches) == {"iran": 2, "oman": 1, "amman": 1}
    assert counts(matches, forms=("exact", "article", "adjective")) == {"iran": 3, "oman": 1, "amman": 1}


def test_find_returns_matches_in_text_order_with_every_field(linker):
    assert linker.find("غزة ومصر") == [
        Match("gaza", "place", 0, 3, "غزة", "exact"),
        Match("egypt", "place", 5, 8, "مصر", "exact"),
    ]


def test_a_linker_survives_pickling(linker):
    copy = pickle.loads(pickle.dumps(linker))
    text = "والبنتاغون في للأردن وإيرانيون"
    assert copy.find(text) == linker.find(text)
    assert len(copy) == len(ENTRIES)


@pytest.mark.parametrize(
    ("name", "reason"),
    [("", None), ("«»", "no word"), ("ب" * 1100, "too long")],
)
def test_names_that_give_no_pattern_are_skipped_and_listed(name, reason):
    linker = Linker([("x", "topic", [name])])
    assert linker.skipped == ([("x", name, reason)] if reason else [])
    assert linker.find("ب" * 1100) == []


def test_an_empty_linker_finds_nothing():
    assert Linker([]).find("إيران") == []


def test_the_empty_text_has_no_match(linker):
    assert linker.find("") == []
