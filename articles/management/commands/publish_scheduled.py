"""Record `published` for scheduled articles whose publication time has come.

Readers already see such an article from its time on (the visibility rule needs no job); this
command only records the state change (version, audit log `article.release`). Idempotent: a second
run finds nothing to do. Safe to run from cron every minute.
"""

from django.core.management.base import BaseCommand

from articles import services


class Command(BaseCommand):
    help = "Mark scheduled articles whose publication time has come as published (idempotent)."

    def handle(self, *args, **options):
        released = services.article_release_due()
        for article in released:
            when = f"{article.published_at:%Y-%m-%d %H:%M %Z}"
            self.stdout.write(f"Published {article.uuid} «{article.headline}» (scheduled for {when}).")
        if released:
            self.stdout.write(self.style.SUCCESS(f"{len(released)} scheduled article(s) published."))
        else:
            self.stdout.write("No scheduled article is due.")
