"""Import plain-text articles in the seed's format (fixtures/source/) as drafts."""

from articles.ingest import parse_text
from articles.management.importing import ImportCommand


class Command(ImportCommand):
    help = "Import plain-text articles (the seed's format) as drafts; each is printed with its UUID."
    parse = staticmethod(parse_text)
