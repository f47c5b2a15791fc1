import pytest

from articles.text import FIELD_GAP, Term, analyze, index_document, index_keys
from articles.text.analyzer import matching_spans


def test_analyze_drops_stop_words_and_keeps_positions_and_original_offsets():
    assert analyze("البتكوين في إيران") == [
        Term(0, "البتكوين", "بتكو", "بتكن", 0, 8),
        Term(2, "ايران", "ايران", "ارن", 12, 17),
    ]


def test_analyze_offsets_cover_the_word_as_written():
    text = "الاجتماع عُقِد الاثنين"
    term = analyze(text)[1]
    assert term == Term(1, "عقد", "عقد", None, 9, 14)
    assert text[term.start : term.end] == "عُقِد"


def test_analyze_drops_the_detached_article_before_a_number():
    assert analyze("الـ300") == [Term(1, "300", "300", None, 3, 6)]


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


def test_term_keys_list_the_lexemes_of_one_word():
    assert analyze("البتكوين")[0].keys == ("البتكوين", "~بتكو", "^بتكن")


def test_index_document_builds_a_weighted_tsvector_and_fts5_streams():
    doc = index_document({"title": ("البتكوين في إيران", "A")})
    assert doc.tsvector == "'البتكوين':1A '~بتكو':1A '^بتكن':1A 'ايران':3A '~ايران':3A '^ارن':3A"
    assert doc.fts5 == {
        "title_exact": "البتكوين في ايران",
        "title_stem": "بتكو في ايران",
        "title_skeleton": "بتكن ارن",
    }


def test_index_document_continues_positions_across_fields_with_a_gap():
    doc = index_document({"title": ("طهران", "A"), "summary": ("", "B"), "body": ("عقد طهران", "D")})
    assert FIELD_GAP == 100
    assert doc.tsvector == "'طهران':1A,103D '~طهران':1A,103D '^طهرن':1A,103D 'عقد':102D '~عقد':102D"
    assert doc.fts5["summary_exact"] == doc.fts5["summary_stem"] == doc.fts5["summary_skeleton"] == ""


def test_index_document_of_nothing_is_an_empty_tsvector():
    assert index_document({"body": ("، في «من»", "D")}) == (
        "",
        {"body_exact": "في من", "body_stem": "في من", "body_skeleton": ""},
    )


def test_index_document_clamps_positions_to_16383():
    doc = index_document({"body": (" ".join(str(n) for n in range(16390)) + " 16389", "D")})
    assert "'16389':16383D " in doc.tsvector
    assert "'16382':16383D " in doc.tsvector


def test_index_document_keeps_at_most_256_positions_per_lexeme():
    doc = index_document({"body": ("عقد " * 300, "D")})
    positions = doc.tsvector.split(" ")[0].split(":")[1].split(",")
    assert (len(positions), positions[0], positions[-1]) == (256, "1D", "256D")


@pytest.mark.parametrize(
    "fields",
    [{"body": ("text", "E")}, {"body": ("text", "a")}, {"bad name": ("text", "A")}, {"1body": ("text", "A")}],
)
def test_index_document_rejects_bad_weights_and_field_names(fields):
    with pytest.raises(ValueError, match="must"):
        index_document(fields)


def test_matching_spans_are_the_spans_of_the_words_with_one_of_the_keys():
    text = "قال وزير الطاقة: «إن البيتكوين والبتكوين في إيران» (عام 2024)."
    # by exact form (normalised: إيران → ايران), by stem, by spelling skeleton (البيتكوين has stem بيتكو)
    spans = matching_spans(text, exacts={"ايران"}, stems={"طاق"}, skeletons={"بتكن"})
    assert [text[start:end] for start, end in spans] == ["الطاقة", "البيتكوين", "والبتكوين", "إيران"]
    assert [text[s:e] for s, e in matching_spans(text, set(), {"بتكو"}, set())] == ["والبتكوين"]
    assert matching_spans(text, set(), set(), set()) == []
    assert matching_spans(text, exacts={"في"}, stems=set(), skeletons=set()) == []  # a stop word is not indexed
