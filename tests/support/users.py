"""Users for tests: with given permissions, or one per newsroom role."""

from django.contrib.auth.models import Group, Permission

from articles.roles import apply_roles
from tests.support.factories import UserFactory

#: The key of each role in `role_users`, and the group (articles/roles.py) it stands for.
ROLE_NAMES = {"reporter": "Reporter", "editor": "Editor", "chief": "Chief editor"}


def user_with_perms(*codenames, **fields):
    """A user holding the given `articles` permissions, e.g. user_with_perms("add_article")."""
    user = UserFactory(**fields)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))
    return user


def role_users() -> dict:
    """One staff user per role (the groups of articles/roles.py), keyed reporter / editor / chief."""
    apply_roles()  # idempotent; also restores the groups after a transactional test flushed them
    users = {}
    for key, group_name in ROLE_NAMES.items():
        user = UserFactory(username=f"{key}-user", is_staff=True)
        user.groups.add(Group.objects.get(name=group_name))
        users[key] = user
    return users
