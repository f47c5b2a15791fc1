import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from tests.factories import UserFactory


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
def fast_password_hashing(settings):
    """Factories hash a password for every user; the production hasher makes that the slowest part
    of the suite. (The hasher itself is Django's to test, not ours.)"""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_client():
    return APIClient()


def user_with_perms(*codenames, **fields):
    """A user holding the given `articles` permissions, e.g. user_with_perms("add_article")."""
    user = UserFactory(**fields)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))
    return user


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
