"""Load the seed content (fixtures/seed.json) without ever overwriting an editor's work.

By default `seed` only creates what is missing: an article, entity or source of the fixture that is
not in the database is created with its parts (captions, attributions, mentions, quotes) or aliases;
one that exists is left exactly as it is, parts included, whatever an editor did to it. `--reset`
deliberately puts the seed rows back to the fixture's content (the reset is a new version with its
own revision, so history never goes backwards).

The fixtures use natural keys (article UUID, source and entity slugs, …), so rows are matched
across runs. Each seeded article's state is recorded in its history (a revision only when the
history does not already show it).

`--demo-users` (re-)applies the roles and creates the missing demo users, one per role, each with a
new password that is printed; an existing login keeps its password unless `--new-passwords` asks.
"""

import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import roles, services
from articles.history.changes import record_change
from articles.models import Article, Attribution, Caption, Entity, EntityAlias, Mention, Quote, Source, SourceAlias
from articles.policies import SYSTEM

SEED_FIXTURES = ["seed"]

#: username → role (group name) of the demo users.
DEMO_USERS = {"reporter": roles.REPORTER, "editor": roles.EDITOR, "chief": roles.CHIEF_EDITOR}

#: Rows that belong to another (their owner): created only with it, never added to an existing one.
OWNED_BY = {
    Caption: "article_id",
    Attribution: "article_id",
    Mention: "article_id",
    Quote: "article_id",
    EntityAlias: "entity_id",
    SourceAlias: "source_id",
}
OWNERS = (Article, Entity, Source)


class Command(BaseCommand):
    help = "Create the seed content that is missing (never overwrites edits; --reset puts the fixture back)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Put every seed row back to the fixture's content, replacing editors' changes to them.",
        )
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="Also create the missing users reporter, editor and chief (one per role), printing their passwords.",
        )
        parser.add_argument(
            "--new-passwords",
            action="store_true",
            help="With --demo-users: give the existing demo users new passwords too.",
        )

    @transaction.atomic
    def handle(self, *args, reset=False, demo_users=False, new_passwords=False, **options):
        if reset:
            call_command("loaddata", *SEED_FIXTURES, verbosity=options["verbosity"])
            created, kept = None, 0
        else:
            created, kept = create_missing(settings.FIXTURE_DIRS[0] / "seed.json")
        seeded = Article.objects.filter(uuid__in=seed_article_uuids())
        recorded = 0
        for article in seeded:
            services.article_reindex(article)
            # The rows were written directly: give each article a revision of what it now holds.
            recorded += services.article_history_sync(actor=SYSTEM, article=article)
            # What the machine proposes beyond the fixture's parts (not content: no new version).
            services.article_analyze(actor=SYSTEM, article=article)
        if created is None:
            self.stdout.write(
                self.style.SUCCESS(f"Reset {seeded.count()} seed articles to the fixture ({recorded} new revisions).")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Seeded: {created} rows created, {kept} existing rows left as they are "
                    f"({recorded} new revisions). `seed --reset` puts the fixture back."
                )
            )
        if demo_users:
            self.create_demo_users(new_passwords=new_passwords)

    def create_demo_users(self, *, new_passwords=False):
        roles.apply_roles()
        self.stdout.write("Demo users:")
        for username, role in DEMO_USERS.items():
            user, created = get_user_model().objects.get_or_create(
                username=username, defaults={"email": f"{username}@newsroom.localhost"}
            )
            user.is_staff, user.is_active, user.is_superuser = True, True, False
            if created or new_passwords:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                shown = f"password: {password}  ({'created' if created else 'new password'})"
            else:
                shown = "password unchanged (seed --demo-users --new-passwords gives new ones)"
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"  {role:<13} username: {username:<9} {shown}")


def create_missing(path) -> tuple[int, int]:
    """Create the fixture's rows that are missing (with their parts); returns (created, kept)."""
    text = path.read_text("utf-8")
    uuids = seed_article_uuids()
    rows = json.loads(text)
    existing = {
        Article: set(Article.objects.filter(uuid__in=uuids).values_list("pk", flat=True)),
        Entity: set(
            Entity.objects.filter(
                slug__in=[r["fields"]["slug"] for r in rows if r["model"] == "articles.entity"]
            ).values_list("pk", flat=True)
        ),
        Source: set(
            Source.objects.filter(
                slug__in=[r["fields"]["slug"] for r in rows if r["model"] == "articles.source"]
            ).values_list("pk", flat=True)
        ),
    }
    owner_model = {"article_id": Article, "entity_id": Entity, "source_id": Source}
    created = kept = 0
    new_owners = []
    # The fixture lists owners before their parts, so each part's natural key finds its owner.
    for item in serializers.deserialize("json", text, handle_forward_references=True):
        obj = item.object
        model = type(obj)
        if model in OWNERS:
            exists = obj.pk is not None and obj.pk in existing[model]
        else:
            field = OWNED_BY[model]
            exists = getattr(obj, field) in existing[owner_model[field]]
        if exists:
            kept += 1
            continue
        item.save()
        created += 1
        if model in OWNERS:
            new_owners.append(obj)
    if new_owners:
        # The change feed starts with what the seed created (entities and sources before the
        # articles that name them), so that a partner reading it from the beginning has everything.
        new_owners.sort(key=lambda obj: isinstance(obj, Article))
        first, *rest = [(f"{type(obj)._meta.model_name}.created", obj) for obj in new_owners]
        record_change(SYSTEM, *first, also=rest)
    return created, kept


def seed_article_uuids() -> list[str]:
    path = settings.FIXTURE_DIRS[0] / "seed.json"
    return [row["fields"]["uuid"] for row in json.loads(path.read_text("utf-8")) if row["model"] == "articles.article"]
