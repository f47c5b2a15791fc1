"""What the import commands share: reading FILE… (or - for standard input), all-or-nothing or
--skip-broken, printing each article with its UUID and each problem with its line and field (in
English, as every command of the project prints; the API answers in the client's language)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from articles.policies import SYSTEM
from articles.services.ingest import import_articles


class ImportCommand(BaseCommand):
    #: file text → list of ImportedArticle | ImportProblem
    parse = None
    source_help = "Files to import (- reads standard input)."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="FILE", help=self.source_help)
        parser.add_argument(
            "--skip-broken",
            action="store_true",
            help="Import the articles that are fine and report the broken ones (default: all or nothing per file).",
        )

    def read(self, source: str) -> str:
        if source == "-":
            return sys.stdin.read()
        try:
            return Path(source).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{source}: {error}") from error

    @no_translations
    def handle(self, *args, sources, skip_broken=False, **options):
        failed = False
        for source in sources:
            entries = type(self).parse(self.read(source))
            report = import_articles(actor=SYSTEM, entries=entries, skip_broken=skip_broken)
            for row in report.articles:
                self.stdout.write(f"{row['outcome']:<9} {row['uuid']}  {source}:{row['line']}")
            for problem in report.problems:
                self.stderr.write(f"{source}: {problem}")
            if not entries:
                self.stdout.write(f"{source}: no article in it, nothing imported.")
            if report.problems and not report.written:
                self.stderr.write(f"{source}: nothing imported (use --skip-broken to import the other articles).")
                failed = True
        if failed:
            raise CommandError("Some files were not imported.")
