"""The newsroom's roles, as one table: which permissions each group holds.

`apply_roles()` makes the groups match this table. The data migration that created the groups calls
it, `seed --demo-users` calls it again, and a later migration that adds permissions (collections,
entity merge, …) re-applies the table with `migrations.RunPython(roles.apply_roles_migration)`.
Permissions named here that do not exist yet are skipped, so the table may name what another
branch adds; the group gets them as soon as they exist and the roles are applied again.

Which transition needs which permission is in articles/services/workflow.py (TRANSITIONS).
"""

from django.db import transaction

REPORTER = "Reporter"
EDITOR = "Editor"
CHIEF_EDITOR = "Chief editor"

ALL = ("add", "change", "delete", "view")


def model_perms(model: str, *actions: str) -> set[str]:
    return {f"articles.{action}_{model}" for action in actions or ALL}


#: Article parts: editing one is editing its article, so the article's ownership rule applies too.
PART_MODELS = ("caption", "attribution", "mention", "quote")

_REPORTER_PERMS = (
    model_perms("article", "add", "change", "view")
    | {"articles.submit_article"}
    | {perm for model in PART_MODELS for perm in model_perms(model)}
    | model_perms("entity", "add", "change", "view")
    | model_perms("entityalias", "add", "change", "view")
    | model_perms("source", "add", "change", "view")
    | model_perms("sourcealias", "add", "change", "view")
    | model_perms("correction", "view")
)

_EDITOR_PERMS = (
    _REPORTER_PERMS
    | model_perms("article")
    | {
        "articles.change_any_article",
        "articles.publish_article",
        "articles.correct_article",
        "articles.retract_article",
    }
    | model_perms("entity")
    | model_perms("entityalias")
    | model_perms("source")
    | model_perms("sourcealias")
    # Curation and the audit log (added by the collections / merge / audit branches).
    | model_perms("collection")
    | model_perms("collectionitem")
    | {"articles.merge_entity"}
    | model_perms("auditentry", "view")
)

#: The chief editor holds every permission of the content app ("articles.*") except those in
#: NOT_GRANTED.
_CHIEF_PERMS = {"articles.*"}

#: Granted to no role: the audit log only grows through articles.history.audit.audit_record, and corrections are
#: written only by the `correct` and `retract` transitions (articles/services/workflow.py).
NOT_GRANTED = model_perms("auditentry", "add", "change", "delete") | model_perms(
    "correction", "add", "change", "delete"
)

ROLES: dict[str, set[str]] = {
    REPORTER: _REPORTER_PERMS,
    EDITOR: _EDITOR_PERMS,
    CHIEF_EDITOR: _CHIEF_PERMS,
}


def role_permissions(role: str, permission_model):
    """The existing Permission rows the table grants to `role` (names that do not exist are skipped)."""
    wanted = ROLES[role]
    rows = permission_model.objects.select_related("content_type")
    granted = []
    for permission in rows:
        name = f"{permission.content_type.app_label}.{permission.codename}"
        app_wildcard = f"{permission.content_type.app_label}.*"
        if (name in wanted or app_wildcard in wanted) and name not in NOT_GRANTED:
            granted.append(permission)
    return granted


@transaction.atomic
def apply_roles(apps=None) -> dict[str, int]:
    """Create the groups and set each one's permissions to exactly what ROLES grants.

    Idempotent. `apps` is the migration state in a data migration (None: the real models). Returns
    how many permissions each group holds.
    """
    if apps is None:
        from django.contrib.auth.models import Group, Permission
    else:
        _create_permissions(apps)
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    counts = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        permissions = role_permissions(role, Permission)
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts


def _create_permissions(apps) -> None:
    """Permissions are normally created after all migrations ran; a data migration needs them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def apply_roles_migration(apps, schema_editor):
    """For `migrations.RunPython`: (re-)apply the roles table in a migration."""
    apply_roles(apps)
