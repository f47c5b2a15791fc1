"""Authentication backend: Django's ModelBackend, reading a user's permissions in one query.

ModelBackend reads a user's own permissions and their groups' permissions with two queries, on
every request that checks one (each request loads its user afresh). The same set is read here
with one UNION; everything else (authentication, is_active, superusers) is ModelBackend's.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class ModelBackendOneQuery(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                rows = Permission.objects.values_list("content_type__app_label", "codename").order_by()
            else:
                rows = (
                    Permission.objects.filter(user=user_obj)
                    .values_list("content_type__app_label", "codename")
                    .order_by()
                    .union(
                        Permission.objects.filter(group__user=user_obj)
                        .values_list("content_type__app_label", "codename")
                        .order_by()
                    )
                )
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
