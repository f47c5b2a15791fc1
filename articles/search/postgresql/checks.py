"""System check of the PostgreSQL database search needs."""

from django.core.checks import Tags, Warning, register
from django.db import connections


@register(Tags.database)
def postgresql_ctype_is_utf8(app_configs, databases=None, **kwargs):
    """Arabic needs a UTF-8 LC_CTYPE: under "C", pg_trgm produces no trigrams for Arabic letters."""
    problems = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":  # the one vendor test: this check is about PostgreSQL
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
