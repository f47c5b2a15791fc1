import pytest

from articles.text import (
    Phrase,
    Query,
    QueryError,
    Word,
    either,
    fts5_quote,
    parse_query,
    pg_quote,
    to_fts5,
    to_tsquery,
    variant_stems,
)

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
        ("(أرشيفية.تعبيرية)", Phrase((Word("ارشيفيه", "ارشيف", "ارشفه"), Word("تعبيريه", "تعبير", "تعبره")))),
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
        ("البتكوين", "('البتكوين' | '~بتكو' | '~ببتكو' | '~لبتكو' | '^بتكن')"),
        ("الأردن", "('الاردن' | '~اردن')"),
        ("البتكوين إيران", "('البتكوين' | '~بتكو' | '~ببتكو' | '~لبتكو' | '^بتكن') & ('ايران' | '~ايران' | '^ارن')"),
        ("إيران OR طهران", "(('ايران' | '~ايران' | '^ارن') | ('طهران' | '~طهران' | '^طهرن'))"),
        ('"طهران تعلن"', "('~طهران' <-> '~تعلن')"),  # a phrase matches by stems
        ('"طهران في إيران"', "('~طهران' <2> '~ايران')"),
        ('"تحلية المياه"', "(('~تحل' | '~تحليا' | '~تحليو' | '~بتحل' | '~لتحل') <-> '~ميا')"),  # … or variants
        ("البتكوين -إيران", "('البتكوين' | '~بتكو' | '~ببتكو' | '~لبتكو' | '^بتكن') & !('ايران' | '~ايران' | '^ارن')"),
    ],
)
def test_to_tsquery_compiles_words_phrases_groups_and_exclusions(q, expected):
    assert to_tsquery(parse_query(q)) == expected


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (("exact",), "('طهران' <2> 'ايران') & !'طهران'"),
        (("stem",), "('~طهران' <2> '~ايران') & !'~طهران'"),
        (("exact", "skeleton"), "('طهران' <2> 'ايران') & !('طهران' | '^طهرن')"),  # phrases: exact forms
    ],
)
def test_to_tsquery_can_be_limited_to_some_key_kinds(kinds, expected):
    assert to_tsquery(parse_query('"طهران في إيران" -طهران'), kinds=kinds) == expected


@pytest.mark.parametrize(
    ("lexeme", "expected"),
    [("ايران", "'ايران'"), ("it's", "'it''s'"), ("a\\b", "'a\\\\b'"), ("'\\'", "'''\\\\'''")],
)
def test_pg_quote_doubles_quotes_and_escapes_backslashes(lexeme, expected):
    assert pg_quote(lexeme) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("أوسلو", "('اوسلو' | '~اوسلو' | '~باوسلو' | '~لاوسلو' | '^اسل')"),  # ب/ل attached
        ("جوجل", "('جوجل' | '~جوجل' | '~غوغل')"),  # the other g, as a stem (the exact form ranks first)
        ("زير", "('زير' | '~زير')"),
    ],
)
def test_to_tsquery_adds_clitic_stems_and_letter_variants_to_a_word(q, expected):
    assert to_tsquery(parse_query(q)) == expected


def test_to_fts5_adds_clitic_stems_and_letter_variants_to_a_word():
    assert to_fts5(parse_query("جوجل"), ("body",)) == (
        '({body_exact} : "جوجل" OR {body_stem} : "جوجل" OR {body_stem} : "غوغل")'
    )


def test_to_tsquery_quotes_every_lexeme():
    query = Query(((Word("it's", "a\\b", "x'y"),),))
    assert to_tsquery(query) == "('it''s' | '~a\\\\b' | '^x''y')"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (
            "البتكوين",
            '({title_exact body_exact} : "البتكوين" OR {title_stem body_stem} : "بتكو"'
            ' OR {title_stem body_stem} : "ببتكو" OR {title_stem body_stem} : "لبتكو"'
            ' OR {title_skeleton body_skeleton} : "بتكن")',
        ),
        ("الأردن", '({title_exact body_exact} : "الاردن" OR {title_stem body_stem} : "اردن")'),
        ('"طهران في إيران"', '{title_stem body_stem} : "طهران في ايران"'),
        (
            '"تحلية المياه"',  # one phrase per variant stem
            '({title_stem body_stem} : "تحل ميا" OR {title_stem body_stem} : "تحليا ميا"'
            ' OR {title_stem body_stem} : "تحليو ميا" OR {title_stem body_stem} : "بتحل ميا"'
            ' OR {title_stem body_stem} : "لتحل ميا")',
        ),
        (
            "اردن OR «طهران تعلن»",
            '(({title_exact body_exact} : "اردن" OR {title_stem body_stem} : "اردن")'
            ' OR {title_stem body_stem} : "طهران تعلن")',
        ),
        (
            "اردن -«طهران تعلن» -1979",
            '(({title_exact body_exact} : "اردن" OR {title_stem body_stem} : "اردن")) NOT'
            ' ({title_stem body_stem} : "طهران تعلن"'
            ' OR ({title_exact body_exact} : "1979" OR {title_stem body_stem} : "1979"))',
        ),
    ],
)
def test_to_fts5_compiles_to_column_filtered_match_syntax(q, expected):
    assert to_fts5(parse_query(q), ("title", "body")) == expected


def test_to_fts5_matches_phrases_on_exact_columns_without_stems():
    query = parse_query('"واشنطن بوست" اردن')
    assert to_fts5(query, ("body",), kinds=("exact",)) == '{body_exact} : "واشنطن بوست" AND {body_exact} : "اردن"'


@pytest.mark.parametrize(("text", "expected"), [("اردن", '"اردن"'), ('say "hi"', '"say ""hi"""'), ("a\\b", '"a\\b"')])
def test_fts5_quote_doubles_double_quotes(text, expected):
    assert fts5_quote(text) == expected


def test_to_fts5_quotes_every_key():
    query = Query(((Word('a"b', "a\\b"),),))
    assert to_fts5(query, ("body",)) == '({body_exact} : "a""b" OR {body_stem} : "a\\b")'


@pytest.mark.parametrize(
    ("compile_", "kinds"),
    [
        (to_tsquery, ("skeleton",)),
        (to_tsquery, ("bogus",)),
        (lambda q, kinds: to_fts5(q, ("body",), kinds), ("skeleton",)),
    ],
)
def test_compilers_reject_kinds_without_exact_or_stem(compile_, kinds):
    with pytest.raises(ValueError, match="kinds"):
        compile_(parse_query("اردن"), kinds)


@pytest.mark.parametrize("fields", [(), ("bad name",), ("x;drop",)])
def test_to_fts5_rejects_missing_or_unsafe_field_names(fields):
    with pytest.raises(ValueError, match="field"):
        to_fts5(parse_query("اردن"), fields)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"طهران تعلن"', [(("طهران",), ("تعلن",))]),  # no variants: the stems
        ('"تحلية المياه"', [(("تحل", "تحليا", "تحليو", "بتحل", "لتحل"), ("ميا",))]),  # ب/ل too
        (
            '"بيتكوين هاليفي"',  # one word at a time may be spelled differently
            [
                (("بيتكو", *variant_stems("بيتكوين"), "ببيتكو", "لبيتكو"), ("هاليف",)),
                (("بيتكو",), ("هاليف", *variant_stems("هاليفي"), "بهاليف", "لهاليف")),
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
