"""Splitting plain-text articles in the seed format into body paragraphs and captions (pure Python).

The format (fixtures/source/000_ff2bd479ac8dff35.txt):

* Lines are grouped into **blocks** separated by blank lines (lines of white space only).
* A block of **one line** is a body paragraph.
* A block of **two lines** is an image: its caption, then its alt text. The caption may end with
  flags in brackets, ``(أرشيفية.تعبيرية)``: أرشيفية = an archive photo, تعبيرية = an illustrative
  one, either or both, separated by a full stop, an Arabic or Latin comma, a slash or spaces, with
  or without hamza or ta marbuta (ارشيفيه). The flags and the white space before them are removed
  from the caption.
* **A caption block that follows body paragraphs starts a new article**; caption blocks before
  the first body paragraph of an article belong to it. (So an image in the middle of an article
  cannot be told from the start of the next one: the format has no other article separator.)
* A block of three lines or more is an error (ValueError naming its first line).

Whitespace: each paragraph, caption and alt text is kept as written except that trailing spaces
and no-break spaces (U+00A0) are removed from its end (the seed's rule; see the README). A no-break
space inside a line, diacritics and typos are kept. Lines may end in CRLF.

``PlainArticle.body`` joins the paragraphs with one blank line, as Article.body stores them.
"""

import re
from dataclasses import dataclass, field

__all__ = ["PlainArticle", "PlainCaption", "parse_plaintext"]

_TRAILING = " \u00a0"
_FLAG = r"(?:[أا]رشيفي[ةه]|تعبيري[ةه])"
_FLAGS_RE = re.compile(rf"[ \u00a0]*\(\s*({_FLAG}(?:\s*[.،,/]?\s*{_FLAG})*)\s*\)[ \u00a0]*$")


@dataclass(frozen=True)
class PlainCaption:
    """An image's caption and alt text, with the flags parsed out of the caption."""

    text: str
    alt_text: str
    is_archival: bool = False
    is_illustrative: bool = False
    line: int = 0  # 1-based line of the caption in the source


@dataclass(frozen=True)
class PlainArticle:
    """One article of a plain-text file: its body paragraphs and its captions, in order."""

    paragraphs: tuple[str, ...]
    captions: tuple[PlainCaption, ...] = ()
    lines: tuple[int, ...] = field(default=(), compare=False)  # 1-based line of each paragraph

    @property
    def body(self) -> str:
        """The paragraphs separated by one blank line (the form of Article.body)."""
        return "\n\n".join(self.paragraphs)


def _caption(text: str, alt_text: str, line: int) -> PlainCaption:
    flags = _FLAGS_RE.search(text)
    if not flags:
        return PlainCaption(text, alt_text, line=line)
    words = flags.group(1)
    return PlainCaption(
        text[: flags.start()],
        alt_text,
        is_archival="رشيفي" in words,
        is_illustrative="تعبيري" in words,
        line=line,
    )


def parse_plaintext(text: str) -> list[PlainArticle]:
    """The articles of a plain-text file in the seed format (see the module docstring).

    >>> [a.paragraphs for a in parse_plaintext("صورة (أرشيفية)\\nصورة\\n\\nفقرة أولى\\u00a0\\n\\nفقرة ثانية")]
    [('فقرة أولى', 'فقرة ثانية')]
    """
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if line.strip():
            blocks[-1].append((number, line.rstrip(_TRAILING)))
        elif blocks[-1]:
            blocks.append([])
    articles: list[PlainArticle] = []
    paragraphs: list[str] = []
    lines: list[int] = []
    captions: list[PlainCaption] = []
    for block in blocks:
        if len(block) == 1:
            paragraphs.append(block[0][1])
            lines.append(block[0][0])
        elif len(block) == 2:
            if paragraphs:
                articles.append(PlainArticle(tuple(paragraphs), tuple(captions), tuple(lines)))
                paragraphs, lines, captions = [], [], []
            captions.append(_caption(block[0][1], block[1][1], block[0][0]))
        elif block:
            raise ValueError(f"line {block[0][0]}: a block of {len(block)} lines (expected 1 or 2)")
    if paragraphs or captions:
        articles.append(PlainArticle(tuple(paragraphs), tuple(captions), tuple(lines)))
    return articles
