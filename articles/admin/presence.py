"""Edit presence on an article's page: a soft lock, as Wagtail and Superdesk have.

Opening an article's change page says so (services.edit_presence_mark); the page then says it is
still open every PRESENCE_BEAT seconds (desk.js). Someone else opening the page meanwhile is told
who is editing and since when, and may take over; the first editor's page then says who took over.
Nothing is blocked: saves stay protected by the version check (ArticleAdminForm)."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from articles import services
from articles.models import EditPresence
from articles.policies import actor_for_request

#: Seconds between two “still open” signals of an open change page.
PRESENCE_BEAT = 30


def presence_json(presence: EditPresence | None) -> dict:
    if presence is None:
        return {"mine": True}
    return {
        "mine": False,
        "user": presence.user.get_full_name() or presence.user.get_username(),
        "since": date_format(timezone.localtime(presence.since), "DATETIME_FORMAT"),
    }


class EditPresenceAdminMixin:
    """For ArticleAdmin: marks presence when the change page opens, and the beat/take-over endpoint."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/presence/",
                self.admin_site.admin_view(self.presence_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_presence",
            ),
            *super().get_urls(),
        ]

    def presence_context(self, request, article) -> dict:
        """Mark the user's presence on `article`'s page (taking over with ?take_over=1); the context
        that tells them whether someone else is editing."""
        if request.method != "GET" or not self.has_change_permission(request, article):
            return {}
        other = services.edit_presence_mark(
            actor=actor_for_request(request), article=article, take_over=request.GET.get("take_over") == "1"
        )
        return {
            "presence": presence_json(other),
            "presence_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_presence", args=[article.pk]),
            "presence_beat": PRESENCE_BEAT,
            # desk.js fills it in when someone takes over (the same sentence the page shows).
            "presence_template": gettext("%(user)s has been editing this article since %(since)s."),
        }

    def presence_view(self, request, object_id):
        """POST: the page is still open (answers whether it is still the user's); `leave=1`: closed."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        actor = actor_for_request(request)
        if request.POST.get("leave") == "1":
            services.edit_presence_leave(actor=actor, article=article)
            return JsonResponse({"mine": False})
        # A beat never takes the page back from someone who took it over.
        other = services.presence_of_others(article, request.user)
        if other is None:
            other = services.edit_presence_mark(actor=actor, article=article)
        return JsonResponse(presence_json(other))
