"""Rebuild the search documents of all articles (or of some), in batches, with progress output."""

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.search import index_all_articles


class Command(BaseCommand):
    help = (
        "Rebuild the search document of every article (idempotent: the result depends only on the "
        "current content). Run it after loading data without the service layer, e.g. with loaddata."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="Articles read and written per batch (default 1000).",
        )
        parser.add_argument(
            "--queue", action="store_true", help="Queue the work for a Celery worker (make worker) instead."
        )

    def handle(self, *args, batch_size, queue=False, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be a positive whole number.")
        if queue:
            from articles.tasks import reindex_articles

            reindex_articles.delay(None, batch_size)
            self.stdout.write(
                self.style.SUCCESS("Queued the re-indexing of every article (articles.reindex_articles).")
            )
            return
        total = Article.objects.count()
        self.stdout.write(f"Indexing {total} articles in batches of {batch_size}…")
        done = index_all_articles(
            batch_size=batch_size, progress=lambda done: self.stdout.write(f"  {done}/{total} articles indexed")
        )
        self.stdout.write(self.style.SUCCESS(f"Indexed {done} articles."))
