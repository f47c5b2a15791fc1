"""The admin's login, throttled like the token endpoint (articles/api/throttling.py): while the
username or the client's address has failed too often, a login is refused with 429 and Retry-After
before the password is checked. Failures are counted by the `user_login_failed` signal."""

import math

from django.contrib import admin
from django.http import HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.api.throttling import login_wait


def throttled_login(request, extra_context=None):
    if request.method == "POST":
        wait = login_wait(request, request.POST.get("username"))
        if wait is not None:
            seconds = math.ceil(wait)
            message = _("Too many failed logins. Try again in %(seconds)s seconds.") % {"seconds": seconds}
            response = HttpResponse(f"<!doctype html><title>429</title><p>{escape(message)}</p>", status=429)
            response["Retry-After"] = str(seconds)
            return response
    return admin.site.login(request, extra_context)
