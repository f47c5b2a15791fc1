"""Load the seed articles (fixtures/seed.json) and bring their derived data up to date.

The fixtures use natural keys (article UUID, source and entity slugs, …), so running this twice
updates the same rows instead of adding new ones. Each seeded article's state is recorded in its
history (a revision only when the history does not already show it). `--demo-users` also (re-)applies the roles and
creates or updates one staff user per role, each with a newly generated password.
"""

import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import roles, services
from articles.models import Article
from articles.policies import SYSTEM

SEED_FIXTURES = ["seed"]

#: username → role (group name) of the demo users.
DEMO_USERS = {"reporter": roles.REPORTER, "editor": roles.EDITOR, "chief": roles.CHIEF_EDITOR}


class Command(BaseCommand):
    help = "Load the seed content (idempotent: running it again changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="Also create or update the users reporter, editor and chief (one per role) with new passwords.",
        )

    @transaction.atomic
    def handle(self, *args, demo_users=False, **options):
        call_command("loaddata", *SEED_FIXTURES, verbosity=options["verbosity"])
        seeded = Article.objects.filter(uuid__in=seed_article_uuids())
        recorded = 0
        for article in seeded:
            services.article_reindex(article)
            # loaddata writes rows directly: give each article a revision of what it now holds.
            recorded += services.article_history_sync(actor=SYSTEM, article=article)
            # What the machine proposes beyond the fixture's parts (not content: no new version).
            services.article_analyze(actor=SYSTEM, article=article)
        self.stdout.write(self.style.SUCCESS(f"Seeded {seeded.count()} articles ({recorded} new revisions)."))
        if demo_users:
            self.create_demo_users()

    def create_demo_users(self):
        roles.apply_roles()
        self.stdout.write("Demo users (passwords are new on every run):")
        for username, role in DEMO_USERS.items():
            password = secrets.token_urlsafe(12)
            user, created = get_user_model().objects.get_or_create(
                username=username, defaults={"email": f"{username}@newsroom.localhost"}
            )
            user.is_staff, user.is_active, user.is_superuser = True, True, False
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            verb = "created" if created else "updated"
            self.stdout.write(f"  {role:<13} username: {username:<9} password: {password}  ({verb})")


def seed_article_uuids() -> list[str]:
    path = settings.FIXTURE_DIRS[0] / "seed.json"
    return [row["fields"]["uuid"] for row in json.loads(path.read_text("utf-8")) if row["model"] == "articles.article"]
