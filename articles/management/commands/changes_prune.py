"""The change feed's retention: compact old events, expire old deletions (articles.history.changes)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.history import changes
from articles.syndication import dispatch


class Command(BaseCommand):
    help = (
        "Compact the change feed (events older than --compact-after days that a later event of the same "
        "object supersedes) and expire deletions older than --keep-deletions days. Idempotent; the "
        "articles.prune_changes task runs it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--compact-after", type=int, default=settings.CHANGES_COMPACT_AFTER_DAYS, help="days")
        parser.add_argument("--keep-deletions", type=int, default=settings.CHANGES_KEEP_DELETIONS_DAYS, help="days")

    def handle(self, *args, compact_after, keep_deletions, **options):
        if compact_after < 1 or keep_deletions < compact_after:
            raise CommandError("--compact-after must be at least 1 and --keep-deletions at least --compact-after.")
        run = changes.prune(compact_after=timedelta(days=compact_after), keep_deletions=timedelta(days=keep_deletions))
        self.stdout.write(f"Change feed: {run.compacted} event(s) compacted, {run.expired} expired.")
        self.stdout.write(f"Webhooks: {dispatch.prune_deliveries()} delivered deliveries removed.")
