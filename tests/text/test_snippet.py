import pytest

from articles.text import parse_query, snippet

FILLER = "كلمه"


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("قال إن <التعدين> يستهلك الطاقة", "تعدين", "قال إن &lt;<mark>التعدين</mark>&gt; يستهلك الطاقة"),
        ('صحيفة "واشنطن بوست" & غيرها', "واشنطن", "صحيفة &quot;<mark>واشنطن</mark> بوست&quot; &amp; غيرها"),
        ("<script>alert('x')</script>", "alert", "&lt;script&gt;<mark>alert</mark>(&#x27;x&#x27;)&lt;/script&gt;"),
    ],
)
def test_snippet_marks_matches_and_escapes_html(text, query, expected):
    assert snippet(text, query) == expected


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("تعدين البتكوين", "البيتكوين", "تعدين <mark>البتكوين</mark>"),  # skeleton
        ("أطلقت إيران بالمسيّرات", "المسيرة", "أطلقت إيران <mark>بالمسيّرات</mark>"),  # stem, marks kept
        ("الاجتماع عُقِد الاثنين", "عقد", "الاجتماع <mark>عُقِد</mark> الاثنين"),  # exact after normalisation
        ("جنوب إيران", "في إيران", "جنوب <mark>إيران</mark>"),  # stop words are not matched
        ("إيران وطهران", "إيران -طهران", "<mark>إيران</mark> وطهران"),  # exclusions are not marked
    ],
)
def test_snippet_matches_like_search(text, query, expected):
    assert snippet(text, query) == expected


def test_snippet_picks_the_window_with_most_matches_and_cuts_on_word_boundaries():
    text = "ايران " + f"{FILLER} " * 20 + f"ايران طهران ايران {FILLER} {FILLER}"
    expected = f"…{FILLER} {FILLER} <mark>ايران</mark> <mark>طهران</mark> <mark>ايران</mark> {FILLER} {FILLER}"
    assert snippet(text, "ايران طهران", max_chars=40) == expected


def test_snippet_centres_the_match_and_marks_both_cuts():
    text = " ".join([FILLER] * 30 + ["البتكوين"] + [FILLER] * 30)
    expected = f"…{FILLER} {FILLER} {FILLER} <mark>البتكوين</mark> {FILLER} {FILLER} {FILLER}…"
    assert snippet(text, "البيتكوين", max_chars=40) == expected


@pytest.mark.parametrize("query", ["طهران", "في", "؟"])
def test_snippet_without_match_is_the_beginning_of_the_text(query):
    text = " ".join([FILLER] * 30)
    assert snippet(text, query, max_chars=20) == f"{FILLER} {FILLER} {FILLER} {FILLER}…"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("x" * 50, "x" * 20 + "…"), ("ايران " + "x" * 50, "<mark>ايران</mark>…")],
)
def test_snippet_cuts_a_word_longer_than_the_passage(text, expected):
    assert snippet(text, "ايران", max_chars=20) == expected


def test_snippet_collapses_white_space():
    assert snippet("إيران\n\n  طهران", "طهران") == "إيران <mark>طهران</mark>"


def test_snippet_accepts_a_parsed_query():
    assert snippet("تعدين البتكوين", parse_query('"تعدين البتكوين"')) == "<mark>تعدين</mark> <mark>البتكوين</mark>"
