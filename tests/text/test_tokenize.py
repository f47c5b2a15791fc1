import pytest

from articles.text import Token, normalize, tokenize


def texts(text):
    return [token.text for token in tokenize(text)]


@pytest.mark.parametrize(
    "separator",
    [
        " ",
        "\n",
        "\u00a0",
        "،",
        "؛",
        "؟",
        "«",
        "»",
        '"',
        "'",
        ",",
        "-",
        "(",
        ")",
        ".",
        ":",
        "!",
        "?",
        "/",
        "…",
        "—",
        "_",
    ],
)
def test_tokenize_splits_on_white_space_and_punctuation(separator):
    assert texts(f"واشنطن{separator}بوست") == ["واشنطن", "بوست"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(أرشيفية.تعبيرية)", [Token(0, "ارشيفيه", 1, 8), Token(1, "تعبيريه", 9, 16)]),
        ("13-14", [Token(0, "13", 0, 2), Token(1, "14", 3, 5)]),
        ('بـ"مزارع', [Token(0, "ب", 0, 2), Token(1, "مزارع", 3, 8)]),
        ("الـ300", [Token(0, "ال", 0, 3), Token(1, "300", 3, 6)]),
        ("ال٣٠٠", [Token(0, "ال", 0, 2), Token(1, "300", 2, 5)]),
        ("عُقِد", [Token(0, "عقد", 0, 5)]),
        ("\u200fإيران\u200f", [Token(0, "ايران", 0, 7)]),
    ],
)
def test_tokenize_gives_offsets_into_the_original_text(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عام 1979", ["عام", "1979"]),
        ("١٩٧٩ ۱۹۷۹", ["1979", "1979"]),
        ("COVID19 F-16 iPhone", ["covid19", "f", "16", "iphone"]),
        ("الـiPhone", ["ال", "iphone"]),
        ("ی ک", ["ي", "ك"]),
        ("می\u200cخواهم", ["ميخواهم"]),  # ZWNJ inside a Persian word is dropped, not a split
        ("\ufdfa", ["صلي", "الله", "عليه", "وسلم"]),  # one character, four words after NFKC
    ],
)
def test_tokenize_keeps_latin_words_and_digit_runs_and_splits_them_from_arabic(text, expected):
    assert texts(text) == expected


def test_tokenize_counts_stop_words_in_positions():
    assert [(t.position, t.text) for t in tokenize("البتكوين في إيران")] == [(0, "البتكوين"), (1, "في"), (2, "ايران")]


@pytest.mark.parametrize("text", ["", "   ", "، ؛ ؟ « » - ( ) .", "ـ ً"])
def test_tokenize_finds_no_token_in_punctuation_or_marks_only(text):
    assert tokenize(text) == []


def test_tokenize_offsets_slice_the_original_word_in_a_real_paragraph():
    text = (
        "وقال الجيش الإسرائيلي إن الغالبية الساحقة من الصواريخ والمسيرات التي أطلقتها إيران "
        "وتخطى عددها الإجمالي الـ300، تم اعتراضها بمساعدة الولايات المتحدة (أرشيفية.تعبيرية)."
    )
    tokens = tokenize(text)
    assert len(tokens) == 24
    assert all(normalize(text[t.start : t.end]) == t.text for t in tokens)
