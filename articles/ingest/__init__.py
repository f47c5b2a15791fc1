"""Reading articles from files and feeds into `items.ImportedArticle`s (text: the seed's
plain-text format; ninjs 3.1; RSS/Atom feeds) and the bulk NDJSON dump of the whole database
(`bulk`). Parsing only: the services write (services.ingest, services.bulk)."""

from articles.ingest.feeds import parse_feed
from articles.ingest.ninjs import parse_ninjs
from articles.ingest.text import parse_text

__all__ = ["parse_feed", "parse_ninjs", "parse_text"]
