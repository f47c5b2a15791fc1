"""The admin's language and time zone: the newsroom's by default, each user's own if they chose.

Language: a user's saved preference, else the language cookie (what the switcher last chose in
this browser, also before signing in), else the newsroom's language (`NEWSROOM_LANGUAGE`, Arabic).
A language chosen on the sign-in page is the latest choice the user made: it becomes their
preference when they sign in (`adopt_language_chosen_before_sign_in`); a cookie left from an
earlier visit does not.
The browser's Accept-Language is not consulted in the admin: an editor whose browser is set to
English still opens the newsroom's Arabic admin until they choose English. (The API keeps
following Accept-Language for its messages.)

Time zone: a user's saved zone, else the newsroom's (`NEWSROOM_TIME_ZONE`). Django shows every
admin time in the active zone and reads every typed time in it.
"""

import zoneinfo

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from articles import services
from articles.errors import ServiceError
from articles.models import UserPreference
from articles.policies import actor_for_request


def user_preference(user) -> UserPreference | None:
    if user is None or not user.is_authenticated:
        return None
    return UserPreference.objects.filter(user=user).first()


def admin_language(request, preference) -> str:
    languages = dict(settings.LANGUAGES)
    for candidate in (
        preference.language if preference else "",
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
    ):
        if candidate in languages:
            return candidate
    return settings.LANGUAGE_CODE


def admin_time_zone(preference) -> zoneinfo.ZoneInfo:
    name = preference.time_zone if preference and preference.time_zone else settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class AdminPreferencesMiddleware:
    """Activates the admin's language and time zone for requests to the admin (after
    AuthenticationMiddleware and LocaleMiddleware, which it overrides there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(reverse("admin:index")):
            return self.get_response(request)
        preference = user_preference(getattr(request, "user", None))
        language = admin_language(request, preference)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        timezone.activate(admin_time_zone(preference))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def set_preferences_view(request):
    """POST language and/or time_zone: remembered in a cookie (language) and, for a signed-in
    user, in their preferences; then back to `next`."""
    if request.method == "GET" and request.user.is_authenticated and request.user.is_staff:
        return TemplateResponse(
            request,
            "admin/preferences.html",
            {
                **admin.site.each_context(request),
                "title": _("Your preferences"),
                "preference": user_preference(request.user) or UserPreference(),
                "languages": [
                    (code, translation.get_language_info(code)["name_local"]) for code, _n in settings.LANGUAGES
                ],
                "current_language": translation.get_language(),
                "newsroom_time_zone": settings.TIME_ZONE,
                "time_zones": sorted(zoneinfo.available_timezones()),
            },
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = request.POST.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    response = HttpResponseRedirect(target)
    data = {name: request.POST[name] for name in ("language", "time_zone") if name in request.POST}
    language = data.get("language", "")
    if language and language not in dict(settings.LANGUAGES):
        messages.error(request, _("Unknown language."))
        return response
    if request.user.is_authenticated and data:
        try:
            services.user_preferences_update(actor=actor_for_request(request), data=data)
        except ServiceError as error:
            messages.error(request, error.message)
            return response
        except ValidationError as error:  # an unknown time zone
            messages.error(request, " ".join(error.messages))
            return response
    if language:
        if not request.user.is_authenticated:
            request.session[LANGUAGE_CHOSEN_BEFORE_SIGN_IN] = language
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
            path=settings.LANGUAGE_COOKIE_PATH,
            samesite="Lax",
        )
    return response


#: The session key of a language chosen before signing in (the session survives the sign-in).
LANGUAGE_CHOSEN_BEFORE_SIGN_IN = "newsroom_language_chosen_before_sign_in"


def adopt_language_chosen_before_sign_in(sender, request, user, **kwargs):
    """user_logged_in: a language chosen on the sign-in page becomes the user's preference (else a
    preference saved earlier, in Arabic say, would turn the admin back as soon as they sign in)."""
    session = getattr(request, "session", None)
    language = session.pop(LANGUAGE_CHOSEN_BEFORE_SIGN_IN, None) if session is not None else None
    if language in dict(settings.LANGUAGES):
        services.user_preferences_update(actor=actor_for_request(request), data={"language": language})
