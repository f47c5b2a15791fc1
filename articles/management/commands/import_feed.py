"""Import the entries of an RSS or Atom feed (a URL or a file) as drafts, keyed by entry id."""

import urllib.request

from django.core.management.base import CommandError

from articles.ingest import parse_feed
from articles.management.importing import ImportCommand

TIMEOUT = 30
MAX_BYTES = 20 * 1024 * 1024


class Command(ImportCommand):
    help = "Import an RSS or Atom feed's entries as drafts, keyed by entry id (a re-import updates them)."
    parse = staticmethod(parse_feed)
    source_help = "Feed URLs (http/https) or files (- reads standard input)."

    def read(self, source: str):
        if source.startswith(("http://", "https://")):
            request = urllib.request.Request(source, headers={"User-Agent": "Newsroom feed importer"})
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                    return response.read(MAX_BYTES)
            except OSError as error:
                raise CommandError(f"{source}: {error}") from error
        return super().read(source)
