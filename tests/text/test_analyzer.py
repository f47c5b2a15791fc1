from articles.text import Term, analyze, matching_spans


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


def test_matching_spans_are_the_spans_of_the_words_with_one_of_the_keys():
    text = "قال وزير الطاقة: «إن البيتكوين والبتكوين في إيران» (عام 2024)."
    # by exact form (normalised: إيران → ايران), by stem, by spelling skeleton (البيتكوين has stem بيتكو)
    spans = matching_spans(text, exacts={"ايران"}, stems={"طاق"}, skeletons={"بتكن"})
    assert [text[start:end] for start, end in spans] == ["الطاقة", "البيتكوين", "والبتكوين", "إيران"]
    assert [text[s:e] for s, e in matching_spans(text, set(), {"بتكو"}, set())] == ["والبتكوين"]
    assert matching_spans(text, set(), set(), set()) == []
    assert matching_spans(text, exacts={"في"}, stems=set(), skeletons=set()) == []  # a stop word is not indexed
