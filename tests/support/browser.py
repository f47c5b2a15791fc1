"""A real browser for admin tests: Debian's chromium driven by Playwright against a live server."""

import os
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.db import connections

from articles.roles import apply_roles
from tests.support.api import client_for
from tests.support.factories import UserFactory

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PASSWORD = "browser-test-password-42"

#: Marks for a module of browser tests.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)"),
]

#: The UI languages every defect's browser test runs in.
UI_LANGUAGES = ["ar", "en"]


@pytest.fixture
def browser(transactional_db):
    """A headless Chromium for one test. Playwright's sync API keeps an event loop running in the
    thread while it is open, so it is not shared between tests: a test after it would run inside
    that loop (async_to_sync refuses to). Closed, and the requests its pages sent on closing (the
    desk's presence beacon) answered, before the test's database is emptied (SQLite refuses to
    empty a table a request is writing)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            REQUESTS.wait_until_answered()
            # Inside sync_playwright() Django hands the test a database connection of its own
            # (asgiref's Local tells that context apart): close it here, or it outlives the
            # test's database and PostgreSQL refuses to drop it.
            connections.close_all()


class RequestsInFlight:
    """How many requests the live server is answering (in threads of this process; the test
    client's requests, in the main thread, are not counted)."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()
        request_started.connect(self.started, weak=False)
        request_finished.connect(self.finished, weak=False)

    def started(self, **kwargs):
        self.add(1)

    def finished(self, **kwargs):
        self.add(-1)

    def add(self, step):
        if threading.current_thread() is not threading.main_thread():
            with self.changed:
                self.count += step
                self.changed.notify_all()

    def wait_until_answered(self, quiet=0.2, timeout=10.0):
        """Until no request has been running for `quiet` seconds (a beacon sent as a page
        closed may reach the server a moment later); a failure after `timeout`."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while time.monotonic() < deadline:
                self.changed.wait_for(lambda: self.count == 0, timeout=deadline - time.monotonic())
                if self.count == 0 and not self.changed.wait_for(lambda: self.count > 0, timeout=quiet):
                    return
        pytest.fail(f"the live server was still answering {self.count} request(s) after {timeout} s")


REQUESTS = RequestsInFlight()


def newsroom_users(**roles) -> dict:
    """Staff users with the given groups, e.g. newsroom_users(reem="Reporter", omar="Editor"),
    all with PASSWORD (the groups re-applied: a transactional test starts without them)."""
    apply_roles()
    users = {}
    for username, group in roles.items():
        user = UserFactory(username=username, is_staff=True, password=PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
    return users


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(browser, base_url, username, *, url=None, language="ar", browser_locale=None, viewport=(1280, 900)):
    """A page logged in to the admin as `username`, open at `url` (default: the admin's front page,
    the desk), its UI in `language` (chosen with the language switcher's cookie; None: no choice
    made in this browser); `browser_locale` is what the browser itself asks for (default: `language`)."""
    context = browser.new_context(
        locale=browser_locale or language or "ar", viewport={"width": viewport[0], "height": viewport[1]}
    )
    if language:
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}])
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_for(username), "url": base_url}])
    page = context.new_page()
    page.goto(url or f"{base_url}/admin/")
    return page


def session_for(username) -> str:
    """A signed-in session's key for `username`, made as the login view makes it (Django's
    login(), user_logged_in sent) without the round trips through the form; the sign-in form
    itself is exercised in tests/admin/test_browser.py."""
    client = client_for(get_user_model().objects.get(username=username))
    return client.cookies[settings.SESSION_COOKIE_NAME].value
