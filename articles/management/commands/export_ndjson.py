"""Write the whole database (entities, sources, aliases, articles with all their parts, collections)
as NDJSON: one JSON object per line, UTF-8 without escapes, streamed in constant memory."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.ingest.bulk import dumps
from articles.policies import SYSTEM
from articles.services.bulk import export_counts, export_rows


class Command(BaseCommand):
    help = "Export the whole database as NDJSON (see articles/ingest/bulk.py for the lines)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="-", help="File to write (default: standard output).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, output="-", no_progress=False, **options):
        counts = export_counts()
        out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
        bar = tqdm(total=sum(counts.values()), unit=" rows", disable=no_progress, file=sys.stderr)
        try:
            for row in export_rows(actor=SYSTEM, counts=counts):
                out.write(dumps(row) + "\n")
                if row["type"] != "header":
                    bar.update()
        finally:
            bar.close()
            if out is not sys.stdout:
                out.close()
