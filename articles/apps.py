from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from articles import checks  # noqa: F401  (registers the system checks)
        from articles.history import permission_audit
        from articles.history.revisions import register_models
        from articles.search import on_connection_created
        from articles.search.postgresql import checks as search_checks  # noqa: F401  (registers its check)

        register_models()
        permission_audit.connect()
        # What a database needs on each connection for search (SQLite: the pg_trgm similarity port).
        connection_created.connect(on_connection_created, dispatch_uid="articles.search.connection_created")
