"""HTML (a feed entry's body) → plain paragraphs, safely.

The HTML is first cleaned by nh3 (the Ammonia sanitizer): only text-bearing block and inline tags
stay, without attributes; scripts, styles, frames and the like go with their content. The clean HTML is then walked
by the standard library's HTMLParser: every block element ends a paragraph, <br> breaks a line
inside one, character references become characters, and runs of HTML white space (not no-break
spaces) become one space, as a browser shows them. No regular expression touches the HTML.
"""

from html.parser import HTMLParser

import nh3

BLOCKS = frozenset(
    ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "figcaption", "dd", "dt")
)
KEPT = BLOCKS | {"br", "b", "strong", "i", "em", "span", "a", "ul", "ol", "table", "tbody", "td", "th", "q", "cite"}
#: Removed with everything inside them.
DROPPED = frozenset(("script", "style", "iframe", "noscript", "object", "embed", "template", "svg", "math", "title"))
HTML_SPACE = " \t\n\r\f"


def _collapse(text: str) -> str:
    out, space = [], False
    for ch in text:
        if ch in HTML_SPACE:
            space = True
            continue
        if space and out:
            out.append(" ")
        space = False
        out.append(ch)
    return "".join(out)


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.lines: list[str] = []
        self.current: list[str] = []

    def _end_line(self):
        line = _collapse("".join(self.current))
        if line:
            self.lines.append(line)
        self.current = []

    def _end_paragraph(self):
        self._end_line()
        if self.lines:
            self.paragraphs.append("\n".join(self.lines))
        self.lines = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self._end_paragraph()
        elif tag == "br":
            self._end_line()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self._end_paragraph()

    def handle_data(self, data):
        self.current.append(data)


def html_paragraphs(html: str) -> list[str]:
    """The paragraphs of an HTML fragment, as plain text (see the module docstring)."""
    parser = _Paragraphs()
    parser.feed(nh3.clean(html, tags=set(KEPT), clean_content_tags=set(DROPPED), attributes={}, link_rel=None))
    parser.close()
    parser._end_paragraph()
    return parser.paragraphs


def html_text(html: str) -> str:
    """An HTML fragment (a title) as one line of plain text."""
    return " ".join(html_paragraphs(html)).replace("\n", " ")
