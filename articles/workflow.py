"""The editorial workflow: an article's status changes only through the named transitions below.

    transition       from                            to          permission                 roles
    submit           draft                           in_review   articles.submit_article    reporter*, editor, chief
    return_to_draft  in_review                       draft       articles.submit_article    reporter*, editor, chief
    publish          draft, in_review, scheduled     published   articles.publish_article   editor, chief
    schedule         draft, in_review, scheduled     scheduled   articles.publish_article   editor, chief
    unschedule       scheduled                       draft       articles.publish_article   editor, chief
    correct          published, corrected            corrected   articles.correct_article   editor, chief
    retract          published, corrected            retracted   articles.retract_article   editor, chief
    restore          retracted                       draft       articles.restore_article   chief
    release          scheduled (time has come)       published   (system: publish_scheduled command)

    * A user without `articles.change_any_article` (a reporter) may take a transition only on an
      article they created; the same rule limits their editing to their own draft/in-review articles.

Publication time: `publish` takes the given time or now (a future time is refused: that is what
`schedule` is for); `schedule` needs a future time; a scheduled article is visible to readers from
that time on with no background job (selectors.public_article_q), and `release` (run by
`manage.py publish_scheduled`) records the state change afterwards. `correct` and `retract` need a
public note (a Correction row); `restore` sends a retracted article back to the newsroom as a draft,
so it reaches readers again only through review and publication.

Every transition is one transaction: it locks the article, checks the version the client edited
(If-Match), the permission and the source state, bumps the version (services.article_update) and
writes an audit entry `article.<transition>`.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import services
from articles.models import Article, Correction
from articles.services import ServiceError, StaleVersionError

Status = Article.Status

#: Transitions and edits a user without `change_any_article` may make only on their own articles.
CHANGE_ANY = "articles.change_any_article"
#: States in which an author without `change_any_article` may still edit their article.
OWN_EDITABLE_STATUSES = (Status.DRAFT, Status.IN_REVIEW)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    #: "app.codename" the user needs; None for a transition only the system takes.
    permission: str | None
    needs_note: bool = False
    #: "none", "optional" or "required": whether the transition takes a publication time.
    published_at: str = "none"

    @property
    def system_only(self) -> bool:
        return self.permission is None


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", _("Submit for review"), (Status.DRAFT,), Status.IN_REVIEW, "articles.submit_article"),
        Transition(
            "return_to_draft", _("Return to draft"), (Status.IN_REVIEW,), Status.DRAFT, "articles.submit_article"
        ),
        Transition(
            "publish",
            _("Publish"),
            (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED),
            Status.PUBLISHED,
            "articles.publish_article",
            published_at="optional",
        ),
        Transition(
            "schedule",
            _("Schedule"),
            (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED),
            Status.SCHEDULED,
            "articles.publish_article",
            published_at="required",
        ),
        Transition("unschedule", _("Unschedule"), (Status.SCHEDULED,), Status.DRAFT, "articles.publish_article"),
        Transition(
            "correct",
            _("Publish a correction"),
            (Status.PUBLISHED, Status.CORRECTED),
            Status.CORRECTED,
            "articles.correct_article",
            needs_note=True,
        ),
        Transition(
            "retract",
            _("Retract"),
            (Status.PUBLISHED, Status.CORRECTED),
            Status.RETRACTED,
            "articles.retract_article",
            needs_note=True,
        ),
        Transition("restore", _("Restore"), (Status.RETRACTED,), Status.DRAFT, "articles.restore_article"),
        Transition("release", _("Release when due"), (Status.SCHEDULED,), Status.PUBLISHED, None),
    )
}

#: The transitions a user can ask for (the API's and the admin's choices).
USER_TRANSITIONS = tuple(name for name, t in TRANSITIONS.items() if not t.system_only)


# --------------------------------------------------------------------------- errors


class UnknownTransitionError(ServiceError):
    status_code = 400

    def __init__(self, name: str):
        super().__init__(
            gettext("Unknown transition “%(name)s”. Choose one of: %(names)s.")
            % {"name": name, "names": ", ".join(USER_TRANSITIONS)},
            code="unknown_transition",
        )


class NotPermittedError(ServiceError):
    """The user's role does not allow this transition or edit (on this article)."""

    status_code = 403

    def __init__(self, message: str):
        super().__init__(message, code="permission_denied")


class IllegalTransitionError(ServiceError):
    """The transition exists and the user may take it, but not from the article's current state."""

    status_code = 409

    def __init__(self, article: Article, transition: Transition, reason: str | None = None):
        labels = ", ".join(str(Status(source).label) for source in transition.sources)
        message = reason or gettext(
            "“%(label)s” is not possible for an article that is %(status)s; it is allowed only from: %(sources)s."
        ) % {"label": transition.label, "status": Status(article.status).label, "sources": labels}
        super().__init__(message, code="illegal_transition")
        self.article = article
        self.transition = transition

    @property
    def extra(self) -> dict:
        return {
            "status": self.article.status,
            "transition": self.transition.name,
            "allowed_from": list(self.transition.sources),
        }


class ArticleRetractedError(ServiceError):
    """Readers asking for a retracted article: 410 Gone with the retraction note."""

    status_code = 410

    def __init__(self, article: Article, retraction: Correction | None):
        super().__init__(gettext("This article has been retracted."), code="retracted")
        self.article = article
        self.retraction = retraction

    @property
    def extra(self) -> dict:
        return {
            "uuid": str(self.article.uuid),
            "retraction": {
                "note": self.retraction.note if self.retraction else "",
                "retracted_at": self.retraction.created_at.isoformat() if self.retraction else None,
            },
        }


# --------------------------------------------------------------------------- who may do what


def _is_system(user) -> bool:
    return user is None


def _owns(user, article: Article) -> bool:
    return bool(user.is_authenticated and article.created_by_id is not None and article.created_by_id == user.pk)


def get_transition(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except (KeyError, TypeError):
        raise UnknownTransitionError(str(name)) from None


def permission_problem(user, article: Article, transition: Transition) -> str | None:
    """Why `user` may not take `transition` on `article` (whatever its state), or None if they may."""
    if _is_system(user):
        return None
    if transition.system_only:
        return gettext("“%(label)s” is done by the system, not by a user.") % {"label": transition.label}
    if not (user.is_authenticated and user.has_perm(transition.permission)):
        return gettext("Your role does not allow “%(label)s”.") % {"label": transition.label}
    if not (user.has_perm(CHANGE_ANY) or _owns(user, article)):
        return gettext("Your role allows “%(label)s” only on articles you created.") % {"label": transition.label}
    return None


def require_permitted(user, article: Article, transition: Transition) -> None:
    problem = permission_problem(user, article, transition)
    if problem:
        raise NotPermittedError(problem)


def available_transitions(*, user, article: Article) -> list[Transition]:
    """The transitions `user` may take on `article` now (permitted, and allowed from its state)."""
    return [
        t
        for t in TRANSITIONS.values()
        if not t.system_only and article.status in t.sources and permission_problem(user, article, t) is None
    ]


def can_edit(user, article: Article) -> bool:
    """Whether `user` may change the article's content (fields and parts).

    Editors (`change_any_article`) edit any article; everyone else with `change_article` edits only
    the articles they created, and only while those are drafts or in review.
    """
    if _is_system(user):
        return True
    if not (user.is_authenticated and user.has_perm("articles.change_article")):
        return False
    if user.has_perm(CHANGE_ANY):
        return True
    return _owns(user, article) and article.status in OWN_EDITABLE_STATUSES


def editable_articles(user, articles):
    """Narrow a queryset of articles to those `user` may edit (the same rule as can_edit)."""
    if _is_system(user) or (user.is_authenticated and user.has_perm(CHANGE_ANY)):
        return articles
    if not (user.is_authenticated and user.has_perm("articles.change_article")):
        return articles.none()
    return articles.filter(created_by=user, status__in=OWN_EDITABLE_STATUSES)


def require_edit(user, article: Article) -> None:
    if not can_edit(user, article):
        raise NotPermittedError(
            gettext("You may edit only your own articles, and only while they are drafts or in review.")
        )


# --------------------------------------------------------------------------- transitions


def _publication_time(article: Article, transition: Transition, published_at, now):
    """The publication time the article gets from `transition` (or a 400 explaining why not)."""
    if published_at is not None and timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at)
    if transition.published_at == "none":
        if published_at is not None:
            raise ServiceError(
                gettext("“%(label)s” does not take a publication time.") % {"label": transition.label},
                code="invalid_published_at",
            )
        return article.published_at
    if transition.name == "schedule":
        if published_at is None or published_at <= now:
            raise ServiceError(
                gettext("Scheduling needs a publication time in the future."), code="invalid_published_at"
            )
        return published_at
    # publish
    if published_at is not None and published_at > now:
        raise ServiceError(
            gettext("A future publication time schedules the article: use the “schedule” transition."),
            code="invalid_published_at",
        )
    return published_at or now


@transaction.atomic
def article_transition(
    *,
    article: Article,
    name: str,
    user=None,
    note: str = "",
    published_at=None,
    expected_version: int | None = None,
    request=None,
) -> Article:
    """Move `article` through the transition `name`; returns the article as stored afterwards.

    `user` None means the system (management commands). `expected_version` is the version the
    client saw (If-Match, or the version the admin page was rendered with): a stale one is a 412.
    Errors: 400 unknown transition or bad input, 403 not permitted, 409 illegal from this state.
    """
    transition = get_transition(name)
    require_permitted(user, article, transition)
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersionError(locked, expected_version)
    if locked.status not in transition.sources:
        raise IllegalTransitionError(locked, transition)

    now = timezone.now()
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise ServiceError(
            gettext("“%(label)s” needs a public note for readers.") % {"label": transition.label},
            code="note_required",
        )
    if transition.name == "release" and (locked.published_at is None or locked.published_at > now):
        raise IllegalTransitionError(
            locked, transition, reason=gettext("The article's publication time has not come yet.")
        )
    new_time = _publication_time(locked, transition, published_at, now)
    if transition.target == Status.DRAFT:
        new_time = None if locked.status == Status.SCHEDULED else locked.published_at

    previous = locked.status
    services.article_update(
        article=locked,
        data={"status": transition.target, "published_at": new_time},
        user=user,
        expected_version=locked.version,
    )
    details = {
        "transition": transition.name,
        "from": previous,
        "to": locked.status,
        "version": locked.version,
        "published_at": locked.published_at.isoformat() if locked.published_at else None,
    }
    if transition.name in ("correct", "retract"):
        kind = Correction.Kind.RETRACTION if transition.name == "retract" else Correction.Kind.CORRECTION
        correction = Correction(article=locked, kind=kind, note=note, public=True, created_at=now)
        if user is not None and user.is_authenticated:
            correction.created_by = user
        correction.full_clean()
        correction.save()
        details["correction_id"] = correction.pk
    if note:
        details["note"] = note
    services.audit_record(
        action=f"article.{transition.name}", user=user, target=locked, details=details, request=request
    )
    return locked


def article_release_due(*, now=None) -> list[Article]:
    """Record `published` for every scheduled article whose time has come (idempotent).

    Each article is its own transaction, so one failure does not undo the others; an article that
    someone else changed meanwhile is skipped.
    """
    now = now or timezone.now()
    due = Article.objects.filter(status=Status.SCHEDULED, published_at__lte=now).order_by("published_at", "id")
    released = []
    for article in due:
        try:
            released.append(article_transition(article=article, name="release", user=None))
        except IllegalTransitionError:
            continue
    return released
