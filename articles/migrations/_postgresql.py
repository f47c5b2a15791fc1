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


SEARCH_INDEX = "article_search_vector_idx"


def replace_search_index(columns: str) -> list[str]:
    """Statements replacing the search index by a GIN index on `columns`: the new one is built
    next to it and swapped in, CONCURRENTLY (reads and writes go on; the migration must not be
    atomic)."""
    return [
        "DROP INDEX CONCURRENTLY IF EXISTS article_search_vector_new_idx",
        f"CREATE INDEX CONCURRENTLY article_search_vector_new_idx ON articles_article USING gin ({columns})",
        f"DROP INDEX CONCURRENTLY IF EXISTS {SEARCH_INDEX}",
        f"ALTER INDEX article_search_vector_new_idx RENAME TO {SEARCH_INDEX}",
    ]
