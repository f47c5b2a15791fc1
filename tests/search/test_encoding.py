"""How the analyzer's keys are stored: PostgreSQL tsvector literals and SQLite FTS5 key streams."""

import pytest

from articles.search.postgresql.encoding import FIELD_GAP, index_keys, lexemes, tsvector
from articles.search.sqlite.encoding import streams
from articles.text import analyze


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("البيتكوين", {"البيتكوين", "~بيتكو", "^بتكن"}),
        ("للأردن", {"للاردن", "~اردن"}),
        ("واشنطن", {"واشنطن", "~واشنطن", "^اشنطن"}),  # Snowball would give واشنط; و is radical (WAW_STEMS)
        ("وزير", {"وزير", "~وزير"}),  # a radical و stays (stem.WAW_STEMS)
        ("أكسيوس", {"اكسيوس", "~اكسيوس", "^اكسس"}),
        ("Axios 1979", {"axios", "~axios", "1979", "~1979"}),
        ("في من", set()),
    ],
)
def test_index_keys_are_exact_stem_and_skeleton_lexemes(text, expected):
    assert index_keys(text) == expected


@pytest.mark.parametrize("query", ["الاردن", "اردن", "للأردن"])
@pytest.mark.parametrize("indexed", ["والأردن", "للأردن", "الأردن"])
def test_index_keys_of_jordan_forms_share_the_stem_key(query, indexed):
    assert index_keys(query) & index_keys(indexed) >= {"~اردن"}


@pytest.mark.parametrize(("query", "indexed"), [("البتكوين", "البيتكوين"), ("بتكوين", "البيتكوين")])
def test_index_keys_of_bitcoin_spellings_meet_only_on_the_skeleton(query, indexed):
    assert index_keys(query) & index_keys(indexed) == {"^بتكن"}


def test_the_lexemes_of_one_word_are_its_exact_stem_and_skeleton_keys():
    term = analyze("البتكوين")[0]
    assert lexemes(term.exact, term.stem, term.skeleton) == ("البتكوين", "~بتكو", "^بتكن")


def test_a_document_is_a_weighted_tsvector_on_postgresql_and_key_streams_on_sqlite():
    fields = {"title": ("البتكوين في إيران", "A")}
    assert tsvector(fields) == "'البتكوين':1A '~بتكو':1A '^بتكن':1A 'ايران':3A '~ايران':3A '^ارن':3A"
    assert streams(fields) == {
        "title_exact": "البتكوين ة ايران",  # a stop word is the gap token (GAP)
        "title_stem": "بتكو ة ايران",
        "title_loose": "",
        "title_skeleton": "بتكن ارن",
    }


def test_tsvector_positions_continue_across_fields_with_a_gap():
    fields = {"title": ("طهران", "A"), "summary": ("", "B"), "body": ("عقد طهران", "D")}
    assert FIELD_GAP == 100
    assert tsvector(fields) == "'طهران':1A,103D '~طهران':1A,103D '^طهرن':1A,103D 'عقد':102D '~عقد':102D"
    columns = streams(fields)
    assert columns["summary_exact"] == columns["summary_stem"] == columns["summary_skeleton"] == ""


def test_a_document_of_stop_words_is_an_empty_tsvector_and_streams_of_gaps():
    fields = {"body": ("، في «من»", "D")}
    assert tsvector(fields) == ""
    assert streams(fields) == {"body_exact": "ة ة", "body_stem": "ة ة", "body_loose": "", "body_skeleton": ""}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("المؤتمر", {"المؤتمر", "~مؤتمر", "%موتمر", "^مؤتمر"}),  # hamza on waw: loose key موتمر
        # the same loose key; a word in ه has its skeleton as a loose key too (stem.weak_skeleton)
        ("المسؤولية", {"المسؤوليه", "~مسؤول", "%مسول", "%مسؤله"}),
        ("المسئولية", {"المسئوليه", "~مسئول", "%مسول", "%مسئله"}),
        ("رئيس", {"رئيس", "~رئيس", "%ريس"}),  # hamza on ya
        ("موتمر", {"موتمر", "~موتمر", "^متمر"}),  # no hamza: the loose key would be the stem
    ],
)
def test_a_word_with_hamza_on_waw_or_ya_has_a_loose_lexeme_of_its_own(text, expected):
    assert index_keys(text) == expected


def test_loose_keys_are_a_stream_of_their_own_on_sqlite():
    assert streams({"body": ("رئيس المؤتمر في عمان", "D")}) == {
        "body_exact": "رئيس المؤتمر ة عمان",
        "body_stem": "رئيس مؤتمر ة عمان",
        "body_loose": "ريس موتمر",
        "body_skeleton": "مؤتمر",
    }


def test_tsvector_clamps_positions_to_16383():
    vector = tsvector({"body": (" ".join(str(n) for n in range(16390)) + " 16389", "D")})
    assert "'16389':16383D " in vector
    assert "'16382':16383D " in vector


def test_tsvector_keeps_at_most_256_positions_per_lexeme():
    vector = tsvector({"body": ("عقد " * 300, "D")})
    positions = vector.split(" ")[0].split(":")[1].split(",")
    assert (len(positions), positions[0], positions[-1]) == (256, "1D", "256D")


@pytest.mark.parametrize("fields", [{"body": ("text", "E")}, {"body": ("text", "a")}])
@pytest.mark.parametrize("encode", [tsvector, streams])
def test_encoders_reject_bad_weights(encode, fields):
    with pytest.raises(ValueError, match="must"):
        encode(fields)


@pytest.mark.parametrize("fields", [{"bad name": ("text", "A")}, {"1body": ("text", "A")}])
def test_key_streams_reject_unsafe_field_names(fields):
    with pytest.raises(ValueError, match="must"):
        streams(fields)
