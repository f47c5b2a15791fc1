"""What several migrations share: SQL that only PostgreSQL needs (the migration loader skips
modules whose name starts with an underscore, so this one is not a migration)."""

from django.db import migrations


def postgresql_only(forwards: list[str], backwards: list[str]) -> migrations.RunPython:
    """An operation running the `forwards` statements (reversed: `backwards`) on PostgreSQL, and
    nothing on SQLite."""

    def run(statements):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return operation

    return migrations.RunPython(run(forwards), run(backwards), elidable=False)
