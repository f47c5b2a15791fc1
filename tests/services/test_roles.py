"""Roles (articles/roles.py), demo users (`seed --demo-users`) and the audit of permission changes."""

import json
import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles import roles
from articles.models import AuditEntry
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def group_perms(name: str) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    }


def test_data_migration_creates_the_three_roles_with_their_workflow_permissions():
    # given the migration's own operation and the models as they were at that migration
    # (not the rows it left: a transactional test or --reuse-db may have flushed them since)
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration("articles", "0006_roles_groups")
    [operation] = migration.operations
    historical_apps = executor.loader.project_state(("articles", "0006_roles_groups")).apps
    Group.objects.all().delete()

    # when it runs
    operation.code(historical_apps, None)

    # then the three groups hold the workflow permissions of their role
    reporter, editor, chief = (group_perms(name) for name in ("Reporter", "Editor", "Chief editor"))

    workflow_perms = {
        "articles.change_any_article",
        "articles.submit_article",
        "articles.publish_article",
        "articles.correct_article",
        "articles.retract_article",
        "articles.restore_article",
    }
    assert reporter & workflow_perms == {"articles.submit_article"}
    assert editor & workflow_perms == workflow_perms - {"articles.restore_article"}
    assert chief & workflow_perms == workflow_perms
    assert {"articles.add_article", "articles.change_article", "articles.view_article"} <= reporter
    assert "articles.delete_article" not in reporter
    assert "articles.delete_article" in editor


def test_chief_editor_holds_every_content_permission_except_writing_history():
    roles.apply_roles()
    every = {
        f"articles.{codename}"
        for codename in Permission.objects.filter(content_type__app_label="articles").values_list("codename", flat=True)
    }

    assert group_perms("Chief editor") == every - roles.NOT_GRANTED
    assert "articles.view_auditentry" in group_perms("Chief editor")
    assert "articles.change_auditentry" not in group_perms("Chief editor")
    assert "articles.add_correction" not in group_perms("Chief editor")


def test_apply_roles_resets_a_group_to_the_table_and_is_idempotent():
    roles.apply_roles()
    reporter = Group.objects.get(name="Reporter")
    reporter.permissions.add(Permission.objects.get(codename="publish_article"))

    first = roles.apply_roles()
    second = roles.apply_roles()

    assert "articles.publish_article" not in group_perms("Reporter")
    assert first == second
    assert Group.objects.filter(name__in=["Reporter", "Editor", "Chief editor"]).count() == 3


def test_apply_roles_skips_permissions_that_do_not_exist_yet(monkeypatch):
    monkeypatch.setitem(roles.ROLES, "Reporter", {"articles.view_article", "articles.merge_everything"})

    counts = roles.apply_roles()

    assert counts["Reporter"] == 1
    assert group_perms("Reporter") == {"articles.view_article"}


# --------------------------------------------------------------------------- demo users


@pytest.fixture
def tiny_seed(tmp_path, settings):
    """A one-article seed fixture, so the test does not depend on the real seed's content."""
    (tmp_path / "seed.json").write_text(
        json.dumps(
            [
                {
                    "model": "articles.article",
                    "fields": {
                        "uuid": "7f3c2a4e-9a59-4b7e-8f43-3d1c1c7b2a10",
                        "headline": "خبر البذرة",
                        "slug": "seed-article",
                        "body": "فقرة واحدة.",
                        "status": "draft",
                        "version": 1,
                        "created_at": "2024-01-01T00:00:00Z",
                        "updated_at": "2024-01-01T00:00:00Z",
                    },
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    settings.FIXTURE_DIRS = [tmp_path]
    return tmp_path


def printed_passwords(output: str) -> dict[str, str]:
    return dict(re.findall(r"username: (\w+)\s+password: (\S+)", output))


def test_seed_with_demo_users_creates_one_staff_user_per_role_with_printed_passwords(tiny_seed):
    out = StringIO()

    call_command("seed", "--demo-users", stdout=out)

    passwords = printed_passwords(out.getvalue())
    assert sorted(passwords) == ["chief", "editor", "reporter"]
    for username, group in (("reporter", "Reporter"), ("editor", "Editor"), ("chief", "Chief editor")):
        user = authenticate(username=username, password=passwords[username])
        assert user is not None, username
        assert (user.is_staff, user.is_superuser) == (True, False)
        assert list(user.groups.values_list("name", flat=True)) == [group]
    assert authenticate(username="chief", password="") is None


def test_demo_users_keep_their_passwords_and_get_new_ones_only_when_asked(tiny_seed):
    first, second, third = StringIO(), StringIO(), StringIO()

    call_command("seed", "--demo-users", stdout=first)
    call_command("seed", "--demo-users", stdout=second)
    call_command("seed", "--demo-users", "--new-passwords", stdout=third)

    old, new = printed_passwords(first.getvalue()), printed_passwords(third.getvalue())
    assert printed_passwords(second.getvalue()) == {}
    assert "username: editor    password unchanged" in second.getvalue()
    assert all(old[name] != new[name] for name in old)
    assert all(len(new[name]) >= 16 for name in new)
    assert authenticate(username="editor", password=old["editor"]) is None
    assert authenticate(username="editor", password=new["editor"]) is not None
    assert get_user_model().objects.filter(username__in=["reporter", "editor", "chief"]).count() == 3
    assert "(new password)" in third.getvalue()


def test_seed_without_the_flag_creates_no_user(tiny_seed):
    out = StringIO()

    call_command("seed", stdout=out)

    assert get_user_model().objects.count() == 0
    assert out.getvalue() == (
        "Seeded: 1 rows created, 0 existing rows left as they are (1 new revisions). "
        "`seed --reset` puts the fixture back.\n"
    )


# --------------------------------------------------------------------------- permission changes


def test_adding_a_user_to_a_group_is_audited():
    roles.apply_roles()
    user = UserFactory(username="salma")

    user.groups.add(Group.objects.get(name="Editor"))

    entry = AuditEntry.objects.get(action="permissions.user_groups")
    assert (entry.target_type, entry.target_id, entry.target_repr) == ("auth.user", str(user.pk), "salma")
    assert entry.details == {"change": "add", "groups": ["Editor"]}
    assert entry.actor is None


def test_removing_users_from_the_group_side_is_audited_per_user():
    roles.apply_roles()
    group = Group.objects.get(name="Reporter")
    first, second = UserFactory(username="a"), UserFactory(username="b")
    group.user_set.add(first, second)

    group.user_set.remove(first, second)

    removed = AuditEntry.objects.filter(action="permissions.user_groups", details__change="remove")
    assert sorted(removed.values_list("target_repr", flat=True)) == ["a", "b"]
    assert all(entry.details["groups"] == ["Reporter"] for entry in removed)


def test_direct_user_permissions_are_audited():
    user = UserFactory(username="huda")
    permission = Permission.objects.get(codename="publish_article")

    user.user_permissions.add(permission)
    user.user_permissions.clear()

    entries = AuditEntry.objects.filter(action="permissions.user_permissions").order_by("id")
    assert [entry.details for entry in entries] == [
        {"change": "add", "permissions": ["articles.publish_article"]},
        {"change": "clear", "permissions": ["articles.publish_article"]},
    ]


def test_group_permission_changes_are_audited():
    group = Group.objects.create(name="Interns")
    submit, view = Permission.objects.filter(codename__in=["view_article", "submit_article"]).order_by("codename")

    group.permissions.add(submit, view)
    group.permissions.remove(view)

    entries = AuditEntry.objects.filter(action="permissions.group_permissions", target_repr="Interns").order_by("id")
    assert [entry.details for entry in entries] == [
        {"change": "add", "permissions": ["articles.submit_article", "articles.view_article"]},
        {"change": "remove", "permissions": ["articles.view_article"]},
    ]


def test_group_permission_change_in_the_admin_names_who_did_it(client):
    # given a superuser and a group holding one permission
    admin_user = UserFactory(username="boss", is_staff=True, is_superuser=True)
    group = Group.objects.create(name="Desk")
    view = Permission.objects.get(codename="view_article")
    publish = Permission.objects.get(codename="publish_article")
    group.permissions.add(view)
    client.force_login(admin_user)

    # when the superuser swaps it for another in the admin
    response = client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {"name": "Desk", "permissions": [publish.pk]},
        HTTP_USER_AGENT="pytest-browser",
    )

    # then the log names the actor, the change and where it came from
    assert response.status_code == 302
    entries = AuditEntry.objects.filter(action="permissions.group_permissions", actor=admin_user).order_by("id")
    assert [(entry.details["change"], entry.details["permissions"]) for entry in entries] == [
        ("remove", ["articles.view_article"]),
        ("add", ["articles.publish_article"]),
    ]
    assert {(entry.actor_name, entry.ip_address, entry.user_agent) for entry in entries} == {
        ("boss", "127.0.0.1", "pytest-browser")
    }
