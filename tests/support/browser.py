"""A real browser for admin tests: Debian's chromium driven by Playwright against a live server."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connections

from articles.roles import apply_roles
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
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            # Inside sync_playwright() Django hands the test a database connection of its own
            # (asgiref's Local tells that context apart): close it here, or it outlives the
            # session and PostgreSQL refuses to drop the test database.
            connections.close_all()


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


def log_in(browser, base_url, username, *, language="ar", browser_locale=None, viewport=(1280, 900)):
    """A page logged in to the admin as `username`, its UI in `language` (chosen with the language
    switcher's cookie; None: no choice made in this browser); `browser_locale` is what the browser
    itself asks for (default: `language`)."""
    context = browser.new_context(
        locale=browser_locale or language or "ar", viewport={"width": viewport[0], "height": viewport[1]}
    )
    if language:
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}])
    page = context.new_page()
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()
    return page
