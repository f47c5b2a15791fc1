from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import checks, permission_audit  # noqa: F401  (checks: registers the system checks)
        from articles.revisions import register_models

        register_models()
        permission_audit.connect()
