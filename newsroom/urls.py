from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularSwaggerSplitView

from articles.admin.login import throttled_login
from articles.api.views.schema import SchemaView
from newsroom import health

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/login/", throttled_login, name="admin-login"),  # before the admin's own
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("articles.api.urls")),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    # Swagger UI from our own static files (drf-spectacular-sidecar) with its start-up script served
    # as a file, not inline: works offline and under a Content-Security-Policy of 'self'.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
