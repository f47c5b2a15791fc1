import pytest

from articles.text import Phrase, Query, QueryError, Word, either, parse_query, variant_stems

BITCOIN = Word("البتكوين", "بتكو", "بتكن")
IRAN = Word("ايران", "ايران", "ارن")
TEHRAN = Word("طهران", "طهران", "طهرن")
IN = Word("في", "في", None, stop=True)
WASHINGTON_POST = Phrase((Word("واشنطن", "واشنطن", "اشنطن"), Word("بوست", "بوست")))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("البتكوين إيران", Query(((BITCOIN,), (IRAN,)))),
        ("البتكوين في إيران", Query(((BITCOIN,), (IRAN,)))),  # stop word dropped
        ("البِتكوين  إيران،", Query(((BITCOIN,), (IRAN,)))),  # normalised, punctuation ignored
        ("الـ300", Query(((Word("300", "300"),),))),
        ("إيران - طهران", Query(((IRAN,), (TEHRAN,)))),  # a lone hyphen is punctuation
    ],
)
def test_parse_query_ands_bare_words(q, expected):
    assert parse_query(q) == expected


@pytest.mark.parametrize(
    "q",
    ['"واشنطن بوست"', "«واشنطن بوست»", "“واشنطن بوست”", '"واشنطن بوست', "«واشنطن، بوست»"],
)
def test_parse_query_reads_phrases_in_each_kind_of_quotes(q):
    assert parse_query(q) == Query(((WASHINGTON_POST,),))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"البتكوين في إيران"', Phrase((BITCOIN, IN, IRAN))),  # inner stop word kept as a gap
        ('"في إيران"', IRAN),  # outer stop words trimmed; one word left is a word
        ("13-14", Phrase((Word("13", "13"), Word("14", "14")))),  # a chunk that splits is a phrase
        ("(أرشيفية.تعبيرية)", Phrase((Word("ارشيفيه", "ارشيف"), Word("تعبيريه", "تعبير")))),
    ],
)
def test_parse_query_builds_phrases(q, expected):
    assert parse_query(q) == Query(((expected,),))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("البتكوين -إيران", Query(((BITCOIN,),), (IRAN,))),
        ('البتكوين -"واشنطن بوست"', Query(((BITCOIN,),), (WASHINGTON_POST,))),
        ("البتكوين -«واشنطن بوست»", Query(((BITCOIN,),), (WASHINGTON_POST,))),
        ("-إيران البتكوين -في", Query(((BITCOIN,),), (IRAN,))),  # excluded stop word dropped
    ],
)
def test_parse_query_reads_exclusions(q, expected):
    assert parse_query(q) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("إيران OR طهران", Query(((IRAN, TEHRAN),))),
        ("البتكوين إيران OR طهران", Query(((BITCOIN,), (IRAN, TEHRAN)))),  # OR binds tighter than AND
        ('إيران OR "واشنطن بوست"', Query(((IRAN, WASHINGTON_POST),))),
        ("إيران or طهران", Query(((IRAN,), (Word("or", "or"),), (TEHRAN,)))),  # lowercase is a word
        ("إيران أو طهران", Query(((IRAN,), (TEHRAN,)))),  # Arabic أو is a stop word
        ("OR إيران", Query(((IRAN,),))),  # dangling
        ("إيران OR", Query(((IRAN,),))),
        ("إيران OR -طهران", Query(((IRAN,),), (TEHRAN,))),  # next to an exclusion
        ("-طهران OR إيران", Query(((IRAN,),), (TEHRAN,))),
        ("إيران OR في", Query(((IRAN,),))),  # next to a dropped stop word
    ],
)
def test_parse_query_groups_alternatives_with_uppercase_or(q, expected):
    assert parse_query(q) == expected


@pytest.mark.parametrize(
    ("q", "code"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("،؛؟! - «»", "no_words"),
        ("OR", "no_words"),
        ('""', "no_words"),
        ("في من", "stop_words_only"),
        ('"في من"', "stop_words_only"),
        ("-إيران", "exclusions_only"),
        ("-إيران -طهران في", "exclusions_only"),
    ],
)
def test_parse_query_rejects_queries_with_nothing_to_find(q, code):
    with pytest.raises(QueryError) as excinfo:
        parse_query(q)
    assert excinfo.value.code == code
    assert str(excinfo.value) == QueryError.MESSAGES[code]
    assert isinstance(excinfo.value, ValueError)


def test_query_error_messages_are_in_arabic_and_english():
    assert str(QueryError("empty")) == "الاستعلام فارغ. | The query is empty."


def test_query_words_lists_positive_non_stop_words():
    query = parse_query('"البتكوين في إيران" OR طهران -أكسيوس')
    assert query.words() == (BITCOIN, IRAN, TEHRAN)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"طهران تعلن"', [(("طهران",), ("تعلن",))]),  # no variants: the stems
        ('"تحلية المياه"', [(("تحل", "تحليا", "تحليو", "بتحل", "لتحل", "كتحل"), ("ميا",))]),  # ب/ل/ك too
        (
            '"بيتكوين هاليفي"',  # one word at a time may be spelled differently
            [
                (("بيتكو", *variant_stems("بيتكوين"), "ببيتكو", "لبيتكو", "كبيتكو"), ("هاليف",)),
                (("بيتكو",), ("هاليف", *variant_stems("هاليفي"), "بهاليف", "لهاليف", "كهاليف")),
            ],
        ),
    ],
)
def test_a_phrase_matches_by_stems_with_at_most_one_word_spelled_differently(q, expected):
    (phrase,) = parse_query(q).groups[0]
    assert phrase.spellings() == expected


@pytest.mark.parametrize(
    ("alternatives", "operator", "expected"),
    [
        (["'a'"], "|", "'a'"),
        (["'a'", "'b'"], "|", "('a' | 'b')"),
        (['{c} : "a"', '{c} : "b"', '{c} : "d"'], "OR", '({c} : "a" OR {c} : "b" OR {c} : "d")'),
    ],
)
def test_either_leaves_one_alternative_bare_and_parenthesises_several(alternatives, operator, expected):
    assert either(iter(alternatives), operator) == expected
