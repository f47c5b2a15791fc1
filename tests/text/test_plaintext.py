import json
from pathlib import Path

import pytest

from articles.text.plaintext import PlainArticle, PlainCaption, parse_plaintext

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = ROOT / "fixtures" / "source" / "000_ff2bd479ac8dff35.txt"
SEED_JSON = ROOT / "fixtures" / "seed.json"


def fixture_rows(model):
    return [row["fields"] for row in json.loads(SEED_JSON.read_text("utf-8")) if row["model"] == model]


@pytest.fixture(scope="module")
def seed_articles():
    return parse_plaintext(SEED_TEXT.read_text("utf-8"))


def test_the_seed_file_holds_the_two_fixture_articles_paragraph_for_paragraph(seed_articles):
    bodies = [row["body"] for row in fixture_rows("articles.article")]

    assert [len(a.paragraphs) for a in seed_articles] == [13, 21]
    for article, body in zip(seed_articles, bodies, strict=True):
        # the README's rule: trailing spaces and NBSP removed from each paragraph's end
        assert list(article.paragraphs) == [p.rstrip(" \u00a0") for p in body.split("\n\n")]
        assert article.body == body


def test_the_seed_captions_and_their_flags_are_the_fixtures(seed_articles):
    captions = fixture_rows("articles.caption")

    parsed = [c for a in seed_articles for c in a.captions]
    assert [(c.text, c.alt_text, c.is_archival, c.is_illustrative) for c in parsed] == [
        (c["text"], c["alt_text"], c["is_archival"], c["is_illustrative"]) for c in captions
    ]
    assert [c.line for c in parsed] == [1, 30]


def test_paragraph_lines_are_recorded(seed_articles):
    assert seed_articles[0].lines[:3] == (4, 6, 8)
    assert seed_articles[1].lines[0] == 33


@pytest.mark.parametrize(
    ("caption", "text", "archival", "illustrative"),
    [
        ("صورة", "صورة", False, False),
        ("صورة (أرشيفية)", "صورة", True, False),
        ("صورة (تعبيرية)", "صورة", False, True),
        ("صورة (أرشيفية.تعبيرية)", "صورة", True, True),
        ("صورة (تعبيرية.أرشيفية)", "صورة", True, True),
        ("صورة (أرشيفية، تعبيرية)", "صورة", True, True),
        ("صورة (ارشيفيه / تعبيريه)", "صورة", True, True),
        ("صورة\u00a0(أرشيفية)\u00a0", "صورة", True, False),
        ("صورة (أرشيفية) من الحدث", "صورة (أرشيفية) من الحدث", False, False),  # only at the end
        ("صورة (أرشيف)", "صورة (أرشيف)", False, False),
    ],
)
def test_caption_flags_are_parsed_off_the_end_of_the_caption(caption, text, archival, illustrative):
    (article,) = parse_plaintext(f"{caption}\nالنص البديل\n\nفقرة")
    assert article.captions == (PlainCaption(text, "النص البديل", archival, illustrative, 1),)


@pytest.mark.parametrize(
    ("source", "paragraphs"),
    [
        ("فقرة أولى\n\nفقرة ثانية", ("فقرة أولى", "فقرة ثانية")),
        ("فقرة أولى \u00a0 \n\nفقرة", ("فقرة أولى", "فقرة")),  # trailing spaces and NBSP
        ("فقرة\u00a0أولى\n\nفقرة", ("فقرة\u00a0أولى", "فقرة")),  # NBSP inside is kept
        (" فقرة\n\nفقرة", (" فقرة", "فقرة")),  # leading space is kept
        ("فقرة\t\n\nفقرة", ("فقرة\t", "فقرة")),  # only spaces and NBSP are trailing white space
        ("فقرة\r\n\r\nفقرة\r\n", ("فقرة", "فقرة")),  # CRLF
        ("\n\n\nفقرة\n  \n\t\nفقرة\n\n", ("فقرة", "فقرة")),  # blank lines of white space
        ("عُقِد منذّ ضخة", ("عُقِد منذّ ضخة",)),  # diacritics and typos as written
    ],
)
def test_body_paragraphs_are_kept_as_written_but_for_trailing_white_space(source, paragraphs):
    (article,) = parse_plaintext(source)
    assert article.paragraphs == paragraphs
    assert article.captions == ()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a caption block after body paragraphs starts a new article
        (
            "صورة 1\nبديل 1\n\nفقرة 1\n\nصورة 2\nبديل 2\n\nفقرة 2",
            [(("فقرة 1",), ("صورة 1",)), (("فقرة 2",), ("صورة 2",))],
        ),
        # captions before the first paragraph all belong to the article
        ("صورة 1\nبديل 1\n\nصورة 2\nبديل 2\n\nفقرة", [(("فقرة",), ("صورة 1", "صورة 2"))]),
        # paragraphs before any caption make an article of their own
        ("فقرة 1\n\nصورة\nبديل\n\nفقرة 2", [(("فقرة 1",), ()), (("فقرة 2",), ("صورة",))]),
        # a trailing caption with no paragraph after it is still an article's
        ("فقرة\n\nصورة\nبديل", [(("فقرة",), ()), ((), ("صورة",))]),
        ("", []),
        ("\n \n", []),
    ],
)
def test_a_caption_after_body_paragraphs_starts_a_new_article(source, expected):
    articles = parse_plaintext(source)
    assert [(a.paragraphs, tuple(c.text for c in a.captions)) for a in articles] == expected


def test_a_block_of_three_lines_is_an_error():
    with pytest.raises(ValueError, match="line 3: a block of 3 lines"):
        parse_plaintext("فقرة\n\nسطر\nسطر\nسطر")


def test_the_body_joins_paragraphs_with_one_blank_line():
    assert PlainArticle(("أ", "ب")).body == "أ\n\nب"
