"""System checks for what Django's own checks do not know about this project."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import connections


@register(Tags.security, deploy=True)
def secret_key_is_not_the_development_key(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "DJANGO_SECRET_KEY is not set: the development key must never be used in production.",
                hint="Set DJANGO_SECRET_KEY to a long random value (python -c 'import secrets; "
                "print(secrets.token_urlsafe(50))').",
                id="newsroom.E001",
            )
        ]
    return []


@register(Tags.database)
def postgresql_ctype_is_utf8(app_configs, databases=None, **kwargs):
    """Arabic needs a UTF-8 LC_CTYPE: under "C", pg_trgm produces no trigrams for Arabic letters."""
    problems = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
            (ctype,) = cursor.fetchone()
        if "utf" not in ctype.lower().replace("-", ""):
            problems.append(
                Warning(
                    f"Database {alias!r} has LC_CTYPE {ctype!r}; Arabic matching needs a UTF-8 LC_CTYPE.",
                    hint="Create the database with: createdb -T template0 -E UTF8 --lc-ctype=C.UTF-8 …",
                    id="newsroom.W001",
                )
            )
    return problems
