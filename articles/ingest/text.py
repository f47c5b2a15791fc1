"""Plain text in the seed's format (articles/text/plaintext.py) → imported articles.

Each article's headline is the first sentence of its first paragraph (at most 300 characters, cut
at a word): the format has no headline, so an editor writes the real one. Its key is a digest of its
paragraphs and captions, so importing the same file again changes nothing. A block the format does
not allow (three lines or more) makes its whole article a problem naming the block's line: the
other articles of the file import (with --skip-broken) or none do.
"""

import hashlib

from django.utils.translation import gettext as _

from articles.ingest.items import ImportedArticle, ImportProblem
from articles.text.plaintext import PlainArticle, parse_plaintext

HEADLINE_LENGTH = 300
_BROKEN = "\x00broken:"


def headline_of(paragraph: str) -> str:
    """The first sentence of a paragraph, at most HEADLINE_LENGTH characters (cut at a word)."""
    paragraph = paragraph.split(". ", 1)[0].strip().removesuffix(".")
    if len(paragraph) <= HEADLINE_LENGTH:
        return paragraph
    cut = paragraph[: HEADLINE_LENGTH - 1]
    return cut[: cut.rfind(" ")].rstrip("،, ") + "…" if " " in cut else cut + "…"


def _parse(text: str) -> tuple[list[PlainArticle], dict[int, str]]:
    """Parse, replacing each block the format refuses with a one-line marker paragraph (so that
    its article can be found and left out whole); returns the articles and line → problem."""
    broken: dict[int, str] = {}
    lines = text.split("\n")
    while True:
        try:
            return parse_plaintext("\n".join(lines)), broken
        except ValueError as error:
            message = str(error)
            number = int(message.split(":", 1)[0].removeprefix("line "))
            broken[number] = message.split(":", 1)[1].strip()
            end = number
            while end < len(lines) and lines[end].strip():
                end += 1
            lines[number - 1 : end] = [f"{_BROKEN}{number}"] + [""] * (end - number)


def parse_text(text: str, *, language: str = "ar") -> list[ImportedArticle | ImportProblem]:
    articles, broken = _parse(text)
    out: list[ImportedArticle | ImportProblem] = []
    for article in articles:
        first = min([*article.lines, *(c.line for c in article.captions)], default=None)
        bad = [p for p in article.paragraphs if p.startswith(_BROKEN)]
        if bad:
            number = int(bad[0].removeprefix(_BROKEN))
            out.append(
                ImportProblem(
                    number,
                    "",
                    _("%(problem)s; the article starting at line %(first)s is left out.")
                    % {"problem": broken[number], "first": first},
                )
            )
            continue
        if not article.paragraphs:
            out.append(
                ImportProblem(first, "body", _("Captions with no paragraph after them: an article needs a body."))
            )
            continue
        captions = [
            {
                "text": c.text,
                "alt_text": c.alt_text,
                "is_archival": c.is_archival,
                "is_illustrative": c.is_illustrative,
                "order": order,
            }
            for order, c in enumerate(article.captions, 1)
        ]
        content = "\n".join([article.body, *(f"{c['text']}\n{c['alt_text']}" for c in captions)])
        out.append(
            ImportedArticle(
                key="text:" + hashlib.sha256(content.encode()).hexdigest(),
                format="text",
                line=first,
                fields={"headline": headline_of(article.paragraphs[0]), "body": article.body, "language": language},
                captions=captions,
            )
        )
    return out
