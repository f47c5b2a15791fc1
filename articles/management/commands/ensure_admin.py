"""Create or update the admin login `make run` prints: a new random password on every run."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create (or reset) a superuser with a freshly generated password and print the login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@newsroom.localhost")
        parser.add_argument("--site", default="http://127.0.0.1:8000", help="Where the site runs (printed).")

    @transaction.atomic
    def handle(self, *args, username, email, site, **options):
        if not username.strip():
            raise CommandError("The username must not be empty.")
        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} the admin login."))
        self.stdout.write(f"  Admin:    {site.rstrip('/')}/admin/")
        self.stdout.write(f"  Username: {username}")
        self.stdout.write(f"  Password: {password}")
