"""Give every article a revision of its current state when its history does not show it yet.

For articles written before revisions existed, or loaded with `loaddata`: afterwards each one's
latest revision matches what is stored, so diffs and reverts have a starting point. Idempotent:
a second run records nothing.
"""

import uuid

from django.core.management.base import BaseCommand, CommandError

from articles import services
from articles.models import Article
from articles.policies import SYSTEM


class Command(BaseCommand):
    help = "Record a revision for each article whose history does not show its current state (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("uuids", nargs="*", metavar="UUID", help="Only these articles (default: all).")

    def handle(self, *args, uuids, **options):
        articles = Article.objects.order_by("pk")
        if uuids:
            for value in uuids:
                try:
                    uuid.UUID(value)
                except ValueError:
                    raise CommandError(f"“{value}” is not an article UUID.") from None
            articles = articles.filter(uuid__in=uuids)
            missing = set(uuids) - {str(value) for value in articles.values_list("uuid", flat=True)}
            if missing:
                raise CommandError(f"No article with UUID {', '.join(sorted(missing))}.")
        total, recorded = articles.count(), 0
        for number, article in enumerate(articles.iterator(), start=1):
            recorded += services.article_history_sync(actor=SYSTEM, article=article)
            if number % 100 == 0 or number == total:
                self.stdout.write(f"{number}/{total} articles checked, {recorded} revisions recorded")
        self.stdout.write(self.style.SUCCESS(f"Done: {recorded} of {total} articles needed a revision."))
