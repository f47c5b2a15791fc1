from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from articles import checks, permission_audit  # noqa: F401  (checks: registers the system checks)
        from articles.revisions import register_models
        from articles.search import register_sqlite_functions

        register_models()
        permission_audit.connect()
        # SQL functions the search needs on SQLite (PostgreSQL has them from pg_trgm).
        connection_created.connect(register_sqlite_functions, dispatch_uid="articles.search.sqlite_functions")
