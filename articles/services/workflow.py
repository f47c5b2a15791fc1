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
      article they created (articles.policies: the ownership rule).

Publication time: `publish` takes the given time or now (a future time is refused: that is what
`schedule` is for); `schedule` needs a future time; a scheduled article is visible to readers from
that time on with no background job (policies.public_article_q), and `release` (run by
`manage.py publish_scheduled`) records the state change afterwards. `correct` and `retract` need a
public note (a Correction row); `restore` sends a retracted article back to the newsroom as a draft,
so it reaches readers again only through review and publication.

Every transition is one transaction: it locks the article, checks the version the client edited
(If-Match), the permission and the state it starts from, bumps the version and
writes an audit entry `article.<transition>`.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import policies
from articles.errors import (
    IllegalTransitionError,
    ServiceError,
    StaleVersionError,
    UnknownTransitionError,
    VersionRequiredError,
)
from articles.history import revisions
from articles.history.audit import audit_record
from articles.history.changes import TRANSITION_TYPES, record_change
from articles.models import Article, Correction
from articles.models.validation import validate
from articles.services.articles import article_set_workflow_state

Status = Article.Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    from_states: tuple[str, ...]
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
        Transition(
            "submit", gettext_lazy("Submit for review"), (Status.DRAFT,), Status.IN_REVIEW, "articles.submit_article"
        ),
        Transition(
            "return_to_draft",
            gettext_lazy("Return to draft"),
            (Status.IN_REVIEW,),
            Status.DRAFT,
            "articles.submit_article",
        ),
        Transition(
            "publish",
            gettext_lazy("Publish"),
            (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED),
            Status.PUBLISHED,
            "articles.publish_article",
            published_at="optional",
        ),
        Transition(
            "schedule",
            gettext_lazy("Schedule"),
            (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED),
            Status.SCHEDULED,
            "articles.publish_article",
            published_at="required",
        ),
        Transition(
            "unschedule", gettext_lazy("Unschedule"), (Status.SCHEDULED,), Status.DRAFT, "articles.publish_article"
        ),
        Transition(
            "correct",
            gettext_lazy("Publish a correction"),
            (Status.PUBLISHED, Status.CORRECTED),
            Status.CORRECTED,
            "articles.correct_article",
            needs_note=True,
        ),
        Transition(
            "retract",
            gettext_lazy("Retract"),
            (Status.PUBLISHED, Status.CORRECTED),
            Status.RETRACTED,
            "articles.retract_article",
            needs_note=True,
        ),
        Transition("restore", gettext_lazy("Restore"), (Status.RETRACTED,), Status.DRAFT, "articles.restore_article"),
        Transition("release", gettext_lazy("Release when due"), (Status.SCHEDULED,), Status.PUBLISHED, None),
    )
}


#: The transitions a user can ask for (the API's and the admin's choices).
USER_TRANSITIONS = tuple(name for name, t in TRANSITIONS.items() if not t.system_only)


def get_transition(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except (KeyError, TypeError):
        raise UnknownTransitionError(str(name), USER_TRANSITIONS) from None


def available_transitions(*, actor, article: Article) -> list[Transition]:
    """The transitions `actor` may take on `article` now (permitted, and allowed from its state)."""
    return [
        t
        for t in TRANSITIONS.values()
        if not t.system_only
        and article.status in t.from_states
        and policies.transition_problem(actor, article, t) is None
    ]


# --------------------------------------------------------------------------- transitions


def _publication_time(article: Article, transition: Transition, published_at, now):
    """The publication time the article gets from `transition` (or a 400 explaining why not)."""
    if published_at is not None and timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at)
    if transition.published_at == "none":
        if published_at is not None:
            raise ServiceError(
                _("“%(label)s” does not take a publication time.") % {"label": transition.label},
                code="invalid_published_at",
            )
        return article.published_at
    if transition.name == "schedule":
        if published_at is None or published_at <= now:
            raise ServiceError(_("Scheduling needs a publication time in the future."), code="invalid_published_at")
        return published_at
    # publish
    if published_at is not None and published_at > now:
        raise ServiceError(
            _("A future publication time schedules the article: use the “schedule” transition."),
            code="invalid_published_at",
        )
    return published_at or now


@transaction.atomic
def article_transition(
    *,
    article: Article,
    name: str,
    actor,
    note: str = "",
    published_at=None,
    expected_version: int | None = None,
    version_required: bool = False,
) -> Article:
    """Move `article` through the transition `name`; returns the article as stored afterwards.

    `expected_version` is the version the client saw (If-Match, or the version the admin page was
    rendered with): a stale one is refused (StaleVersionError), and with `version_required` (the
    API) so is none (VersionRequiredError). Other refusals: UnknownTransitionError,
    NotPermittedError, IllegalTransitionError (not from this state), ServiceError (bad input).
    """
    transition = get_transition(name)
    actor = policies.require_transition(actor, article, transition)
    if expected_version is None and version_required:
        raise VersionRequiredError(article)
    # The recording locks and reads the article with its parts (for the revision and the search
    # document); the transition's checks use that read.
    with revisions.recording(article, user=actor.audit_user, savepoint=False) as recording:
        fresh = recording.stored is not None and not (recording.wrote or recording.parts_pending)
        locked = recording.working_copy() if fresh else Article.objects.select_for_update().get(pk=article.pk)
        details, was = _take(actor, locked, transition, note, published_at, expected_version)
    note = (note or "").strip()
    audit_record(actor=actor, action=f"article.{transition.name}", target=locked, details=details)
    record_change(actor, TRANSITION_TYPES[transition.name], locked, was=was, note=note or None)
    return locked


def _take(actor, locked: Article, transition: Transition, note, published_at, expected_version):
    """Check and store the transition on the locked article; returns the audit's details and the
    (status, publication time) it had."""
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersionError(locked, expected_version)
    if locked.status not in transition.from_states:
        raise IllegalTransitionError(locked, transition)

    now = timezone.now()
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise ServiceError(
            _("“%(label)s” needs a public note for readers.") % {"label": transition.label},
            code="note_required",
        )
    if transition.name == "release" and (locked.published_at is None or locked.published_at > now):
        raise IllegalTransitionError(locked, transition, reason=_("The article's publication time has not come yet."))
    new_time = _publication_time(locked, transition, published_at, now)
    if transition.target == Status.DRAFT:
        new_time = None if locked.status == Status.SCHEDULED else locked.published_at

    previous, was = locked.status, (locked.status, locked.published_at)
    article_set_workflow_state(
        actor=actor,
        article=locked,
        status=transition.target,
        published_at=new_time,
        expected_version=locked.version,
        event={
            "name": transition.name,
            "from": previous,
            "to": transition.target,
            "published_at": new_time.isoformat() if new_time else None,
            "note": note,
        },
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
        if actor.audit_user is not None:
            correction.created_by = actor.audit_user
        validate(correction, trusted=["article", "created_by"])  # the locked article, the acting user
        correction.save()
        details["correction_id"] = correction.pk
    if note:
        details["note"] = note
    return details, was


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
            released.append(article_transition(actor=policies.SYSTEM, article=article, name="release"))
        except IllegalTransitionError:
            continue
    return released
