"""The editors' admin: Arabic and right-to-left by default, every write through the services.

One module per area; importing this package (Django's admin autodiscovery) registers them all.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.admin import articles, audit, curation, history, names, parts, search, syndication, tokens  # noqa: F401

admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Content database")
