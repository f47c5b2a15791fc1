"""Who may do what: the one home of the permission rules.

Every write service takes an `actor` (an `Actor`, or a user, which stands for itself with no
known origin) and asks this module before it writes; callers (API, admin, commands) do not check
edit rules themselves, so a new caller cannot forget one. Management commands act as `SYSTEM`,
which must be named explicitly: there is no default actor.

The rules
---------
Reading:
    A reader without `articles.view_article` sees an article only when its status is public
    (scheduled, published, corrected) and its publication time has come, and an article's parts
    only when the article is visible (`can_see_unpublished`, `public_article_q`).

Writing (WRITE_RULES below is the table the tests hold every write path to):
    article create            add_article
    article update / revert   change_article, and the edit rule
    article delete            delete_article, and the edit rule
    part create / update      add_<part> / change_<part>, and the edit rule on its article
    part delete               delete_<part>, and the edit rule on its article
    transition                the transition's permission, and the ownership rule
    entity / source           add_, change_, delete_<model>; aliases: the alias model's permissions
    entity merge              merge_entity
    collection                add_, change_, delete_collection; its items: change_collection
    webhook subscription      add_, change_, delete_webhooksubscription (a redelivery: change_)
    suggestion confirm        add_<part> it writes, and the edit rule; reject: change_article and the edit rule;
                              a new entity/source from it: add_<entity|source> and add_<part>, and the edit rule
    import                    add_article; updating an imported article also takes the edit rule on it, and
                              names it lacks the add_ permissions of entities and sources

The edit rule: users holding `articles.change_any_article` (editors) edit any article; everyone
else edits only the articles they created, and only while those are drafts or in review.
The ownership rule for transitions: without `change_any_article`, only on articles one created.
"""

import ipaddress
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.errors import NotPermittedError
from articles.models import Article

#: Edits and transitions of articles other users created.
CHANGE_ANY = "articles.change_any_article"
#: States in which an author without `change_any_article` may still edit their article.
OWN_EDITABLE_STATUSES = (Article.Status.DRAFT, Article.Status.IN_REVIEW)


@dataclass(frozen=True)
class Actor:
    """Who is acting, and from where (for the audit log). `SYSTEM` is the software itself."""

    user: Any = None
    ip_address: str | None = None
    user_agent: str = ""
    is_system: bool = False

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated)

    @property
    def audit_user(self):
        """The user to record as the actor (None for the system and anonymous users)."""
        return self.user if self.is_authenticated else None

    def has_perm(self, permission: str) -> bool:
        return self.is_system or (self.is_authenticated and self.user.has_perm(permission))

    def has_perms(self, *permissions: str) -> bool:
        return all(self.has_perm(permission) for permission in permissions)

    def owns(self, article: Article) -> bool:
        return self.is_authenticated and article.created_by_id is not None and article.created_by_id == self.user.pk


#: The software itself (commands, scheduled jobs, data migrations): allowed everything.
SYSTEM = Actor(is_system=True)


def actor_of(who) -> Actor:
    """`who` as an Actor: an Actor is returned as it is, a user stands for itself (origin unknown).

    None is refused: acting as the system must be said (`SYSTEM`), never implied by a forgotten
    argument.
    """
    if isinstance(who, Actor):
        return who
    if who is None:
        raise TypeError("An actor is required: pass the acting user, an Actor, or policies.SYSTEM.")
    return Actor(user=who)


def client_address(request) -> str | None:
    """The client's IP address: REMOTE_ADDR, or, behind TRUSTED_PROXIES reverse proxies, the address
    the first of them saw (the TRUSTED_PROXIES-th entry of X-Forwarded-For from the right: entries
    further left are whatever the client claimed; one that is not an IP address is ignored). The
    audit log and the throttles use it."""
    meta = request.META
    proxies = settings.TRUSTED_PROXIES
    hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if proxies and hops:
        try:
            return str(ipaddress.ip_address(hops[-min(proxies, len(hops))]))
        except ValueError:
            pass
    return meta.get("REMOTE_ADDR") or None


def actor_for_request(request) -> Actor:
    """The actor of an HTTP request: its user, the client's address and its user agent."""
    meta = request.META
    return Actor(
        user=getattr(request, "user", None),
        ip_address=client_address(request),
        user_agent=meta.get("HTTP_USER_AGENT", "")[:300],
    )


# --------------------------------------------------------------------------- reading


def can_see_unpublished(who) -> bool:
    """Whether `who` (a user, an Actor or None) may read drafts and embargoed articles."""
    if who is None:
        return False
    return actor_of(who).has_perm("articles.view_article")


def public_article_q(prefix: str = "") -> Q:
    """Q for articles readers may see now; `prefix` reaches them from a related model."""
    return Q(**{f"{prefix}status__in": Article.PUBLIC_STATUSES, f"{prefix}published_at__lte": timezone.now()})


# --------------------------------------------------------------------------- writing


#: Every write operation and the permissions it needs; "edit rule" / "ownership rule" as above.
#: The policy tests drive every API write endpoint and admin write page through this table.
WRITE_RULES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "article.create": (("articles.add_article",), None),
    "article.update": (("articles.change_article",), "edit"),
    "article.revert": (("articles.change_article",), "edit"),
    "article.delete": (("articles.delete_article",), "edit"),
    "part.create": (("articles.add_{part}",), "edit"),
    "part.update": (("articles.change_{part}",), "edit"),
    "part.delete": (("articles.delete_{part}",), "edit"),
    "article.transition": (("{transition}",), "ownership"),
    "entity.create": (("articles.add_entity",), None),
    "entity.update": (("articles.change_entity",), None),
    "entity.delete": (("articles.delete_entity",), None),
    "entity.merge": (("articles.merge_entity",), None),
    "entityalias.create": (("articles.add_entityalias",), None),
    "entityalias.update": (("articles.change_entityalias",), None),
    "entityalias.delete": (("articles.delete_entityalias",), None),
    "source.create": (("articles.add_source",), None),
    "source.update": (("articles.change_source",), None),
    "source.delete": (("articles.delete_source",), None),
    "sourcealias.create": (("articles.add_sourcealias",), None),
    "sourcealias.update": (("articles.change_sourcealias",), None),
    "sourcealias.delete": (("articles.delete_sourcealias",), None),
    "collection.create": (("articles.add_collection",), None),
    "collection.update": (("articles.change_collection",), None),
    "collection.delete": (("articles.delete_collection",), None),
    "collection.items": (("articles.change_collection",), None),
    "webhook.create": (("articles.add_webhooksubscription",), None),
    "webhook.update": (("articles.change_webhooksubscription",), None),
    "webhook.delete": (("articles.delete_webhooksubscription",), None),
    "suggestion.confirm": (("articles.add_{part}",), "edit"),
    "suggestion.reject": (("articles.change_article",), "edit"),
    "suggestion.create_name": (("articles.add_{model}", "articles.add_{part}"), "edit"),
    "import.create": (("articles.add_article",), None),
}


def require(who, operation: str, **names) -> Actor:
    """Refuse (NotPermittedError) unless `who` holds the permissions WRITE_RULES names for
    `operation` (`names` fill its placeholders: part, transition). Returns the Actor."""
    actor = actor_of(who)
    permissions, _rule = WRITE_RULES[operation]
    wanted = [permission.format(**names) for permission in permissions]
    if not actor.has_perms(*wanted):
        raise NotPermittedError(_("Your role does not allow this change."))
    return actor


def can_edit(who, article: Article) -> bool:
    """Whether `who` may change the article's content (fields and parts): `change_article`, and
    either `change_any_article` or their own draft or article in review."""
    actor = actor_of(who)
    if actor.is_system:
        return True
    if not actor.has_perm("articles.change_article"):
        return False
    return actor.has_perm(CHANGE_ANY) or (actor.owns(article) and article.status in OWN_EDITABLE_STATUSES)


def editable_articles(who, articles: QuerySet[Article]) -> QuerySet[Article]:
    """Narrow a queryset of articles to those `who` may edit (the same rule as can_edit)."""
    actor = actor_of(who)
    if actor.is_system or actor.has_perm(CHANGE_ANY):
        return articles
    if not actor.has_perm("articles.change_article"):
        return articles.none()
    return articles.filter(created_by=actor.user, status__in=OWN_EDITABLE_STATUSES)


def require_edit(who, article: Article, operation: str = "article.update", **names) -> Actor:
    """Refuse unless `who` may make the write `operation` to `article` (its permissions and the edit rule)."""
    actor = require(who, operation, **names)
    if not can_edit(actor, article):
        raise NotPermittedError(_("You may edit only your own articles, and only while they are drafts or in review."))
    return actor


def transition_problem(who, article: Article, transition) -> str | None:
    """Why `who` may not take `transition` on `article` (whatever its state), or None if they may."""
    actor = actor_of(who)
    if actor.is_system:
        return None
    if transition.system_only:
        return _("“%(label)s” is done by the system, not by a user.") % {"label": transition.label}
    if not actor.has_perm(transition.permission):
        return _("Your role does not allow “%(label)s”.") % {"label": transition.label}
    if not (actor.has_perm(CHANGE_ANY) or actor.owns(article)):
        return _("Your role allows “%(label)s” only on articles you created.") % {"label": transition.label}
    return None


def require_transition(who, article: Article, transition) -> Actor:
    problem = transition_problem(who, article, transition)
    if problem:
        raise NotPermittedError(problem)
    return actor_of(who)
