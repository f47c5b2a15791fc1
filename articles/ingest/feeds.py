"""RSS and Atom feeds (feedparser) → imported articles, one per entry, keyed by the entry's id.

An entry's title is the headline, its content (else its summary) the body, reduced to paragraphs
by articles/ingest/html.py (nh3, then the standard library's HTML parser); a summary beside a
content becomes the article's summary; its author the byline; the language is the entry's, else
the feed's, else Arabic. Problems name the entry by its position in the feed ("line" = entry
number) and the field: an entry without an id (or link), a title or a body.
"""

import feedparser
from django.utils.translation import gettext as _

from articles.ingest.html import html_paragraphs, html_text
from articles.ingest.items import ImportedArticle, ImportProblem

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _text(detail) -> list[str]:
    """Paragraphs of a feedparser text construct (its value, HTML or plain)."""
    value = detail.get("value", "") if hasattr(detail, "get") else str(detail)
    if detail.get("type", "text/html") in HTML_TYPES:
        return html_paragraphs(value)
    return [p.strip() for p in value.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _language(value: str | None) -> str | None:
    return value.split(",")[0].strip() or None if value else None


def parse_feed(data: bytes | str) -> list[ImportedArticle | ImportProblem]:
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):  # an HTML page parses without error
        reason = str(parsed.get("bozo_exception", "")) or _("not a feed")
        return [ImportProblem(None, "", _("This is not an RSS or Atom feed (%(reason)s).") % {"reason": reason})]
    feed_language = _language(parsed.feed.get("language"))
    out: list[ImportedArticle | ImportProblem] = []
    for number, entry in enumerate(parsed.entries, 1):
        ident = entry.get("id") or entry.get("link")
        if not ident:
            out.append(ImportProblem(number, "id", _("The entry has no id and no link to key it by.")))
            continue
        headline = (
            html_text(entry.get("title", ""))
            if entry.get("title_detail", {}).get("type") in HTML_TYPES
            else (" ".join(entry.get("title", "").split()))
        )
        if not headline:
            out.append(ImportProblem(number, "title", _("The entry has no title.")))
            continue
        contents = entry.get("content") or []
        summary = entry.get("summary_detail")
        body = _text(contents[0]) if contents else _text(summary) if summary else []
        if not body:
            out.append(ImportProblem(number, "content", _("The entry has no text.")))
            continue
        fields = {"headline": headline[:300], "body": "\n\n".join(body)}
        if contents and summary:
            lead = " ".join(_text(summary))
            if lead and lead != fields["body"]:
                fields["summary"] = lead
        if entry.get("author"):
            fields["byline"] = entry["author"][:200]
        language = _language((contents[0] if contents else summary or {}).get("language")) or feed_language
        fields["language"] = language or "ar"
        out.append(ImportedArticle(key=f"feed:{ident}"[:600], format="feed", line=number, fields=fields))
    return out
