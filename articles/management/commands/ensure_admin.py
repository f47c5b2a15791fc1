"""Make sure the admin login `make run` prints exists: created with a random password the first
time; an existing login keeps its password (and is made an active superuser again) unless
`--reset-password` asks for a new one."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create the admin superuser if missing (printing its password); --reset-password gives it a new one."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@newsroom.localhost")
        parser.add_argument("--site", default="http://127.0.0.1:8000", help="Where the site runs (printed).")
        parser.add_argument("--reset-password", action="store_true", help="Give an existing login a new password.")

    @transaction.atomic
    def handle(self, *args, username, email, site, reset_password=False, **options):
        if not username.strip():
            raise CommandError("The username must not be empty.")
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
        user.is_staff = user.is_superuser = user.is_active = True
        password = None
        if created or reset_password or not user.has_usable_password():
            password = secrets.token_urlsafe(12)
            user.set_password(password)
        user.save()
        verb = "Created" if created else "Kept"
        self.stdout.write(self.style.SUCCESS(f"{verb} the admin login."))
        self.stdout.write(f"  Admin:    {site.rstrip('/')}/admin/")
        self.stdout.write(f"  Username: {username}")
        if password:
            self.stdout.write(f"  Password: {password}")
        else:
            self.stdout.write("  Password: unchanged (manage.py ensure_admin --reset-password gives a new one)")
