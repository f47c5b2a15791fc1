"""Generate a synthetic Arabic news corpus for benchmarks (see bench/corpus/generate.py)."""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.corpus.load import clear_corpus, corpus_articles, index_corpus, write_corpus


class Command(BaseCommand):
    help = (
        "Create N synthetic Arabic articles (slugs corpus-…), deterministic for --seed, then index them "
        "for search. --clear first deletes an existing corpus; N=0 with --clear only deletes."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="Number of articles to create.")
        parser.add_argument("--seed", type=int, default=1, help="Corpus seed (same seed, same corpus). Default 1.")
        parser.add_argument("--batch-size", type=int, default=5000, help="Articles per insert transaction.")
        parser.add_argument("--index-batch-size", type=int, default=1000, help="Articles per index_articles batch.")
        parser.add_argument("--workers", type=int, default=1, help="Processes that build the index (PostgreSQL).")
        parser.add_argument("--no-index", action="store_true", help="Insert only; build the search index later.")
        parser.add_argument("--clear", action="store_true", help="Delete the existing corpus first.")
        parser.add_argument(
            "--index-only", action="store_true", help="Only (re)build the search index of the existing corpus."
        )

    def handle(self, *args, count, seed, batch_size, index_batch_size, workers, no_index, clear, index_only, **options):
        if count < 0:
            raise CommandError("N must be 0 or more.")
        if batch_size < 1 or index_batch_size < 1 or workers < 1:
            raise CommandError("--batch-size, --index-batch-size and --workers must be at least 1.")
        progress = self.stdout.write if options["verbosity"] >= 1 else (lambda message: None)
        if index_only:
            ids = list(corpus_articles().order_by("id").values_list("id", flat=True))
            progress(f"Indexing {len(ids):,} corpus articles…")
            done, seconds = index_corpus(ids, batch_size=index_batch_size, workers=workers, progress=progress)
            self.stdout.write(self.style.SUCCESS(f"Indexed {done:,} articles in {seconds:.1f} s."))
            return
        if clear:
            clear_corpus(progress)
        elif count and corpus_articles().exists():
            raise CommandError(
                f"{corpus_articles().count()} corpus articles already exist; pass --clear to replace them."
            )
        if not count:
            return
        started = time.monotonic()
        progress(f"Writing {count:,} articles (seed {seed})…")
        ids = write_corpus(seed, count, batch_size=batch_size, progress=progress)
        written = time.monotonic() - started
        progress(f"Wrote {count:,} articles in {written:.1f} s ({count / written:,.0f}/s).")
        if no_index:
            progress("Not indexed (--no-index): run `manage.py reindex` before searching.")
        else:
            progress("Indexing…")
            done, seconds = index_corpus(ids, batch_size=index_batch_size, workers=workers, progress=progress)
            progress(f"Indexed {done:,} articles in {seconds:.1f} s ({done / max(seconds, 1e-9):,.0f}/s).")
        self.stdout.write(
            self.style.SUCCESS(f"Created {count:,} corpus articles in {time.monotonic() - started:.1f} s.")
        )
