from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient

from tests.support import users
from tests.support.factories import UserFactory

#: The `browser` fixture (a headless Chromium per test) for every package's browser tests.
pytest_plugins = ["tests.support.browser"]


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` are skipped, with the reason, when the suite runs on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://…, as .ci/run does)")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """PBKDF2 costs ~0.4 s per user on this machine; tests need no protection against brute force."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def superuser():
    return UserFactory(username="chief", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def superuser_api_client(superuser):
    client = APIClient()
    client.force_authenticate(superuser)
    return client


@pytest.fixture
def role_users(db):
    """One staff user per role (the groups of articles/roles.py), keyed reporter / editor / chief."""
    return users.role_users()


@pytest.fixture(scope="class")
def seeded_class(django_db_setup, django_db_blocker):
    """The seed (`manage.py seed`) loaded once per test class, inside a transaction rolled back at
    the class's end; each test runs in a savepoint of its own on top of it (pytest-django's `db`).
    Only for classes: everything inside the class sees the seed, nothing outside it does."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded(seeded_class, db):
    """The seed's two articles with everything they name, shared by the tests of a class."""


@pytest.fixture(autouse=True, scope="session")
def names_checked_at_every_analysis():
    """Tests write names with factories, behind the names services' back: every analysis looks."""
    from django.conf import settings

    settings.NAMES_CHECK_SECONDS = 0


@pytest.fixture(autouse=True, scope="session")
def static_files_looked_up_when_asked_for():
    """WhiteNoise lists every static file (through the finders) each time a middleware chain is
    built, i.e. for every test client: a sixth of the API tests' time in a profile. Looked up per
    request instead (its development mode), as `make run` does; `make serve` and the gunicorn
    tests keep the list built once per process."""
    from django.conf import settings

    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def empty_cache():
    """The throttles count in the cache (articles/api/throttling.py): every test starts with no counts."""
    from django.core.cache import cache

    cache.clear()
