"""The admin app with the newsroom's own site as `admin.site`: Django's, plus the desk's pages
(articles/admin/desk.py: the home page; articles/admin/preferences.py: language and time zone).

The site lives here, outside `articles.admin`, because resolving `admin.site` must not import the
modules that register models on it.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import path


class NewsroomAdminSite(admin.AdminSite):
    index_template = "admin/desk/index.html"

    def index(self, request, extra_context=None):
        """The desk (articles/admin/desk.py) above Django's list of models."""
        from articles.admin.desk import desk_context

        return super().index(request, {**desk_context(request), **(extra_context or {})})

    def get_urls(self):
        from articles.admin.preferences import set_preferences_view

        return [
            path("preferences/", set_preferences_view, name="preferences"),
            *super().get_urls(),
        ]


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin.NewsroomAdminSite"
