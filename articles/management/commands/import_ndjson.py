"""Load an NDJSON dump (export_ndjson) into this database: streamed, a batch at a time, each batch
all or nothing; resumable after an interruption (FILE.progress keeps the last line committed)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest.bulk import BulkError, read_batches
from articles.policies import SYSTEM
from articles.services.bulk import load_batch


class Command(BaseCommand):
    help = "Import an NDJSON dump; each batch is one transaction; --resume continues an interrupted import."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The dump (from export_ndjson).")
        parser.add_argument("--batch-size", type=int, default=1000, help="Lines per transaction (default 1000).")
        parser.add_argument(
            "--resume", action="store_true", help="Continue after the last batch committed (FILE.progress)."
        )
        parser.add_argument("--no-index", action="store_true", help="Skip search indexing (run reindex after).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, file, batch_size=1000, resume=False, no_index=False, no_progress=False, **options):
        path = Path(file)
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        progress = path.with_name(path.name + ".progress")
        start_after = int(progress.read_text().strip() or 0) if resume and progress.exists() else 0
        bar = tqdm(total=path.stat().st_size, unit="B", unit_scale=True, disable=no_progress, file=sys.stderr)
        articles = 0
        with path.open("rb") as raw:
            lines = self._lines(raw, bar, start_after)
            try:
                for batch in read_batches(lines, size=batch_size, start_after=start_after):
                    articles += load_batch(actor=SYSTEM, batch=batch, index=not no_index)
                    progress.write_text(str(batch.last))
            except BulkError as error:
                bar.close()
                done = progress.read_text().strip() if progress.exists() else "0"
                raise CommandError(
                    f"{file}: {error}. Nothing of that batch was written; lines up to {done} are imported: "
                    f"fix the file and run again with --resume."
                ) from error
            except UnicodeDecodeError as error:
                bar.close()
                raise CommandError(f"{file}: not UTF-8 ({error}).") from error
        bar.close()
        progress.unlink(missing_ok=True)
        self.stdout.write(self.style.SUCCESS(f"Imported {articles} articles from {file}."))

    @staticmethod
    def _lines(raw, bar, start_after):
        for number, line in enumerate(raw, 1):
            bar.update(len(line))
            yield "" if number <= start_after else line.decode("utf-8")
