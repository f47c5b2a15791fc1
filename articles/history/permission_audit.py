"""Audit every change to who may do what: a user's groups and permissions, a group's permissions.

This is infrastructure, not domain logic: the changes happen in django.contrib.auth (the admin's
user and group pages, `user.groups.add()`, `roles.apply_roles()`, …), where no service of ours is
called, so `m2m_changed` receivers are the one place that sees them all. They only record; they
never change or refuse anything. The actor is the user of the current request when there is one
(articles.history.middleware.CurrentRequestMiddleware); changes made by commands have no actor.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed

from articles.history.audit import audit_record
from articles.history.middleware import current_request
from articles.policies import SYSTEM, actor_for_request

#: m2m actions recorded; on "pre_clear" the rows about to be removed are still readable.
_RECORDED = {"post_add": "add", "post_remove": "remove", "pre_clear": "clear"}


def _permission_names(permissions) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions.select_related("content_type"))


def _record(*, action: str, target, change: str, field: str, names: list[str]) -> None:
    request = current_request()
    audit_record(
        actor=actor_for_request(request) if request is not None else SYSTEM,
        action=action,
        target=target,
        details={"change": change, field: names},
    )


def user_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in _RECORDED:
        return
    User = get_user_model()
    if not reverse:  # user.groups.add(group, …)
        groups = Group.objects.filter(pk__in=pk_set) if pk_set is not None else instance.groups.all()
        pairs = [(instance, sorted(group.name for group in groups))]
    else:  # group.user_set.add(user, …)
        users = User.objects.filter(pk__in=pk_set) if pk_set is not None else instance.user_set.all()
        pairs = [(user, [instance.name]) for user in users]
    for user, names in pairs:
        if names:
            _record(
                action="permissions.user_groups", target=user, change=_RECORDED[action], field="groups", names=names
            )


def _permissions_changed(*, audit_action, holders, forward, reverse_holders, instance, action, reverse, pk_set):
    """Record a change of the permissions held by users or groups, from either side of the relation."""
    if action not in _RECORDED:
        return
    if not reverse:  # holder.<forward>.add(permission, …)
        permissions = Permission.objects.filter(pk__in=pk_set) if pk_set is not None else getattr(instance, forward)
        pairs = [(instance, _permission_names(permissions.all()))]
    else:  # permission.<reverse_holders>.add(holder, …)
        changed = (
            holders.objects.filter(pk__in=pk_set) if pk_set is not None else getattr(instance, reverse_holders).all()
        )
        names = _permission_names(Permission.objects.filter(pk=instance.pk))
        pairs = [(holder, names) for holder in changed]
    for holder, names in pairs:
        if names:
            _record(action=audit_action, target=holder, change=_RECORDED[action], field="permissions", names=names)


def user_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    _permissions_changed(
        audit_action="permissions.user_permissions",
        holders=get_user_model(),
        forward="user_permissions",
        reverse_holders="user_set",
        instance=instance,
        action=action,
        reverse=reverse,
        pk_set=pk_set,
    )


def group_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    _permissions_changed(
        audit_action="permissions.group_permissions",
        holders=Group,
        forward="permissions",
        reverse_holders="group_set",
        instance=instance,
        action=action,
        reverse=reverse,
        pk_set=pk_set,
    )


def connect() -> None:
    User = get_user_model()
    m2m_changed.connect(user_groups_changed, sender=User.groups.through, dispatch_uid="audit_user_groups")
    m2m_changed.connect(
        user_permissions_changed, sender=User.user_permissions.through, dispatch_uid="audit_user_permissions"
    )
    m2m_changed.connect(
        group_permissions_changed, sender=Group.permissions.through, dispatch_uid="audit_group_permissions"
    )
