"""Import IPTC ninjs 3.1 documents (one, an array, or one per line) as drafts, keyed by uri."""

from articles.ingest import parse_ninjs
from articles.management.importing import ImportCommand


class Command(ImportCommand):
    help = "Import ninjs 3.1 documents as drafts, keyed by uri (a re-import updates the article)."
    parse = staticmethod(parse_ninjs)
