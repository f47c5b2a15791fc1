"""The query language compiled for each database: tsquery text (PostgreSQL) and FTS5 MATCH (SQLite)."""

import pytest

from articles.search.postgresql.encoding import pg_quote
from articles.search.postgresql.query import to_tsquery
from articles.search.sqlite.encoding import fts5_quote
from articles.search.sqlite.query import to_fts5
from articles.text import Query, Word, parse_query

BTC_STEMS = "'~بتكو' | '~ببتكو' | '~لبتكو' | '~كبتكو'"  # its stem, then with ب ل ك attached
# the loose kind: the same hamza folded, with the stem of بتكويني (a relational adjective) also among stems
BTC_LOOSE = "'%بتكو' | '%بتكوين' | '%ببتكو' | '%لبتكو' | '%كبتكو' | '~بتكوين'"
IRAN = "('ايران' | '~ايران' | '^ارن' | '%ايران')"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("البتكوين", f"('البتكوين' | {BTC_STEMS} | '^بتكن' | {BTC_LOOSE})"),
        ("الأردن", "('الاردن' | '~اردن' | '%اردن')"),  # the loose key (hamza folded) has a kind of its own
        ("البتكوين إيران", f"('البتكوين' | {BTC_STEMS} | '^بتكن' | {BTC_LOOSE}) & {IRAN}"),
        ("إيران OR طهران", f"({IRAN} | ('طهران' | '~طهران' | '^طهرن' | '%طهران'))"),
        ('"طهران تعلن"', "('~طهران' <-> '~تعلن')"),  # a phrase matches by stems
        ('"طهران في إيران"', "('~طهران' <2> '~ايران')"),
        ('"تحلية المياه"', "(('~تحل' | '~تحليا' | '~تحليو' | '~بتحل' | '~لتحل' | '~كتحل') <-> '~ميا')"),  # variants
        ("البتكوين -إيران", f"('البتكوين' | {BTC_STEMS} | '^بتكن' | {BTC_LOOSE}) & !{IRAN}"),
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
        (
            "أوسلو",  # ب/ل/ك attached
            "('اوسلو' | '~اوسلو' | '~باوسلو' | '~لاوسلو' | '~كاوسلو'"
            " | '^اسلو' | '%اوسلو' | '%باوسلو' | '%لاوسلو' | '%كاوسلو')",
        ),
        ("جوجل", "('جوجل' | '~جوجل' | '~غوغل' | '%جوجل')"),  # the other g, as a stem (the exact form ranks first)
        ("زير", "('زير' | '~زير' | '%زير')"),
        (
            "موتمر",
            "('موتمر' | '~موتمر' | '~بموتمر' | '~لموتمر' | '~كموتمر'"
            " | '^متمر' | '%موتمر' | '%بموتمر' | '%لموتمر' | '%كموتمر')",
        ),
        (
            "مسئول",  # a loose key that is not a stem key is also looked up among stems (the hamza-less spelling)
            "('مسئول' | '~مسئول' | '~بمسئول' | '~لمسئول' | '~كمسئول' | '^مسئل' | '%مسول' | '%بمسول' | '%لمسول'"
            " | '%كمسول' | '~مسول' | '~بمسول' | '~لمسول' | '~كمسول')",
        ),
    ],
)
def test_to_tsquery_adds_clitic_stems_and_letter_variants_to_a_word(q, expected):
    assert to_tsquery(parse_query(q)) == expected


def test_to_fts5_adds_clitic_stems_and_letter_variants_to_a_word():
    assert to_fts5(parse_query("جوجل"), ("body",)) == (
        '({body_exact} : "جوجل" OR {body_stem} : "جوجل" OR {body_stem} : "غوغل" OR {body_loose} : "جوجل")'
    )


def test_to_fts5_looks_a_loose_key_up_among_loose_keys_and_stems():
    assert to_fts5(parse_query("مسئول"), ("body",), kinds=("exact", "loose")) == (
        '({body_exact} : "مسئول" OR {body_loose} : "مسول" OR {body_loose} : "بمسول" OR {body_loose} : "لمسول"'
        ' OR {body_loose} : "كمسول" OR {body_stem} : "مسول" OR {body_stem} : "بمسول" OR {body_stem} : "لمسول"'
        ' OR {body_stem} : "كمسول")'
    )


def test_to_tsquery_quotes_every_lexeme():
    query = Query(((Word("it's", "a\\b", "x'y"),),))
    assert to_tsquery(query) == "('it''s' | '~a\\\\b' | '^x''y')"


ARDN = '{title_exact body_exact} : "اردن" OR {title_stem body_stem} : "اردن" OR {title_loose body_loose} : "اردن"'


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (
            "البتكوين",
            '({title_exact body_exact} : "البتكوين" OR {title_stem body_stem} : "بتكو"'
            ' OR {title_stem body_stem} : "ببتكو" OR {title_stem body_stem} : "لبتكو"'
            ' OR {title_stem body_stem} : "كبتكو" OR {title_skeleton body_skeleton} : "بتكن"'
            ' OR {title_loose body_loose} : "بتكو" OR {title_loose body_loose} : "بتكوين"'
            ' OR {title_loose body_loose} : "ببتكو" OR {title_loose body_loose} : "لبتكو"'
            ' OR {title_loose body_loose} : "كبتكو" OR {title_stem body_stem} : "بتكوين")',
        ),
        (
            "الأردن",
            '({title_exact body_exact} : "الاردن" OR {title_stem body_stem} : "اردن"'
            ' OR {title_loose body_loose} : "اردن")',
        ),
        ('"طهران في إيران"', '{title_stem body_stem} : "طهران ة ايران"'),  # a stop word is the gap token
        (
            '"تحلية المياه"',  # one phrase per variant stem
            '({title_stem body_stem} : "تحل ميا" OR {title_stem body_stem} : "تحليا ميا"'
            ' OR {title_stem body_stem} : "تحليو ميا" OR {title_stem body_stem} : "بتحل ميا"'
            ' OR {title_stem body_stem} : "لتحل ميا" OR {title_stem body_stem} : "كتحل ميا")',
        ),
        (
            "اردن OR «طهران تعلن»",
            f'(({ARDN}) OR {{title_stem body_stem}} : "طهران تعلن")',
        ),
        (
            "اردن -«طهران تعلن» -1979",
            f"(({ARDN})) NOT"
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
