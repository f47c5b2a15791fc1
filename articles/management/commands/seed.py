"""Load the seed articles (fixtures/seed.json) and bring their derived data up to date.

The fixtures use natural keys (article UUID, source and entity slugs, …), so running this twice
updates the same rows instead of adding new ones. Each seeded article's state is recorded in its
history (a revision only when the history does not already show it).
"""

import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import services
from articles.models import Article

SEED_FIXTURES = ["seed"]


class Command(BaseCommand):
    help = "Load the seed content (idempotent: running it again changes nothing)."

    @transaction.atomic
    def handle(self, *args, **options):
        call_command("loaddata", *SEED_FIXTURES, verbosity=options["verbosity"])
        seeded = Article.objects.filter(uuid__in=seed_article_uuids())
        recorded = 0
        for article in seeded:
            services.article_reindex(article)
            # loaddata writes rows directly: give each article a revision of what it now holds.
            recorded += services.article_history_sync(article=article)
        self.stdout.write(self.style.SUCCESS(f"Seeded {seeded.count()} articles ({recorded} new revisions)."))


def seed_article_uuids() -> list[str]:
    path = settings.FIXTURE_DIRS[0] / "seed.json"
    return [row["fields"]["uuid"] for row in json.loads(path.read_text("utf-8")) if row["model"] == "articles.article"]
