"""The retention of article revisions (articles.history.retention)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.history import retention


class Command(BaseCommand):
    help = (
        "Drop intermediate revisions older than --keep-days beyond each article's last --keep-last, folding "
        "what they changed into the next revision kept. The first revision, the audited ones (transitions "
        "and the revision before each, reverts and what they restored) are always kept. Idempotent; the "
        "articles.prune_revisions task runs it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", type=int, default=settings.REVISIONS_KEEP_DAYS, help="days")
        parser.add_argument("--keep-last", type=int, default=settings.REVISIONS_KEEP_LAST, help="revisions")

    def handle(self, *args, keep_days, keep_last, **options):
        if keep_days < 0 or keep_last < 1:
            raise CommandError("--keep-days must be at least 0 and --keep-last at least 1.")
        run = retention.prune_revisions(keep_days=keep_days, keep_last=keep_last)
        self.stdout.write(f"Revisions: {run.dropped} dropped from {run.articles} article(s).")
