from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_save

        from articles import checks  # noqa: F401  (registers the system checks)
        from articles.admin.preferences import adopt_language_chosen_before_sign_in
        from articles.api.throttling import record_failed_login
        from articles.api.tokens import revoke_on_credential_change
        from articles.history import permission_audit
        from articles.history.revisions import register_models
        from articles.search import on_connection_created
        from articles.search.postgresql import checks as search_checks  # noqa: F401  (registers its check)

        # Failed logins count towards the login throttles; a new password or a deactivation revokes tokens.
        user_login_failed.connect(record_failed_login, dispatch_uid="articles.record_failed_login")
        user_logged_in.connect(adopt_language_chosen_before_sign_in, dispatch_uid="articles.adopt_language")
        pre_save.connect(revoke_on_credential_change, sender=get_user_model(), dispatch_uid="articles.revoke_tokens")

        register_models()
        permission_audit.connect()
        # What a database needs on each connection for search (SQLite: the pg_trgm similarity port).
        connection_created.connect(on_connection_created, dispatch_uid="articles.search.connection_created")
