"""Who may call an endpoint at all (DRF permission classes). What a write may change is decided by
the services (articles.policies); these only turn away callers early with the right status."""

from rest_framework.permissions import BasePermission

from articles import policies


class HasPerms(BasePermission):
    """An authenticated user holding every permission of the view's action, for custom actions
    where the model permission DRF would infer from the HTTP method is the wrong one. Use
    `HasPerms.of("articles.merge_entity")`."""

    perms: tuple[str, ...] = ()

    @classmethod
    def of(cls, *perms: str) -> type["HasPerms"]:
        name = "Has_" + "_".join(perm.split(".")[-1] for perm in perms)
        return type(name, (cls,), {"perms": perms})

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(self.perms))


class CanReadHistory(BasePermission):
    """Reading an article's history needs view_article; reverting also change_article."""

    def has_permission(self, request, view):
        if not policies.can_see_unpublished(request.user):
            return False
        if getattr(view, "action", None) == "revert":
            return request.user.has_perm("articles.change_article")
        return True
