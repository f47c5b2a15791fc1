"""Fixtures of the admin tests."""

from tests.support.browser import browser  # noqa: F401  (a real chromium, for the browser tests)
