"""The change feed: every change of an article, entity, source or collection, in commit order.

Writing: each write service makes ONE call, `record_change(actor, type, target, …)`, inside its
transaction (the outbox pattern): the event commits or rolls back with the change itself, in one
INSERT and no other query.

Order: the feed's order is the events' `id`, and ids are handed out in commit order:
- PostgreSQL: a trigger (migration 0015) takes the transaction-level advisory lock FEED_LOCK
  before it draws an id from the feed's sequence. The lock is held until the transaction commits
  or rolls back, so a transaction can only draw an id once every transaction that drew a smaller
  one has ended; PostgreSQL makes a commit visible before it releases the transaction's locks. A
  reader that has seen id N will therefore never later see an id below N appear: reading
  `id > cursor ORDER BY id` neither misses nor reorders events, on the primary and on replicas
  (they replay commits in the same order). Writers that record changes queue on the lock only from
  their (last) INSERT to their COMMIT; services call record_change last for that reason.
- SQLite: writers are serialised by the database itself (the settings start every transaction
  with BEGIN IMMEDIATE), so ids are in commit order too.

Who sees an event: an event is `public` when the object was visible to anonymous readers before
or after the change (a draft's edits are not public; its publication is; so are its correction,
its retraction and its deletion). Entities, sources and collections are public resources.

Retention (`prune`, run by `manage.py changes_prune` and a daily task): events older than
CHANGES_COMPACT_AFTER_DAYS are compacted — an event is removed when a later event of the same
object exists, and a public event only when a later *public* one exists — so every object keeps
its latest event for every audience, and a reader starting from the beginning still ends up with
every current object. Deletions are kept CHANGES_KEEP_DELETIONS_DAYS, then removed with the
object's other events; a cursor older than the newest removed deletion is answered 410 (the
reader may have missed a deletion and must start again from the beginning).
"""

import base64
import binascii
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, Model, OuterRef, Subquery
from django.utils import timezone

from articles.history import content_version
from articles.models import Article, ChangeEvent, ChangeFeedPrune, Collection, Entity, Source
from articles.policies import actor_of, can_see_unpublished

#: The advisory lock key the PostgreSQL trigger takes (migration 0015 holds the same constant).
FEED_LOCK = 7_262_001

#: Event types that end an object's life (its events expire with them).
DELETION_TYPES = ("article.deleted", "entity.deleted", "entity.merged", "source.deleted", "collection.deleted")

#: What each transition records (services.workflow).
TRANSITION_TYPES = {
    "submit": "article.submitted",
    "return_to_draft": "article.returned_to_draft",
    "publish": "article.published",
    "release": "article.published",
    "schedule": "article.scheduled",
    "unschedule": "article.unscheduled",
    "correct": "article.corrected",
    "retract": "article.retracted",
    "restore": "article.restored",
}

#: Every event type the feed and webhooks carry.
EVENT_TYPES = (
    "article.created",
    "article.updated",
    *dict.fromkeys(TRANSITION_TYPES.values()),
    "article.deleted",
    "entity.created",
    "entity.updated",
    "entity.merged",
    "entity.deleted",
    "source.created",
    "source.updated",
    "source.deleted",
    "collection.created",
    "collection.updated",
    "collection.deleted",
)

OBJECT_TYPES = {Article: "article", Entity: "entity", Source: "source", Collection: "collection"}


def publicly_visible(status: str, published_at, now=None) -> bool:
    """Whether an article in this state is visible to anonymous readers (policies.public_article_q)."""
    now = now or timezone.now()
    return status in Article.PUBLIC_STATUSES and published_at is not None and published_at <= now


def _article_data(article: Article) -> dict:
    return {
        "status": article.status,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "headline": article.headline,
    }


def _event(actor, type_: str, target: Model, *, was: tuple | None = None, **data) -> ChangeEvent:
    """An unsaved event for `target` (no query: everything comes from the instance)."""
    if type_ not in EVENT_TYPES:
        raise ValueError(f"Unknown change type {type_!r}; add it to EVENT_TYPES.")
    now = timezone.now()
    event = ChangeEvent(type=type_, object_type=OBJECT_TYPES[type(target)], occurred_at=now, public=True)
    user = actor_of(actor).audit_user
    if user is not None:
        event.actor = user
    if isinstance(target, Article):
        event.object_key = str(target.uuid)
        event.public = publicly_visible(target.status, target.published_at, now) or (
            was is not None and publicly_visible(*was, now)
        )
        if target.pk is not None:
            # The version as stored at this point of the transaction, in the same INSERT.
            event.version = Subquery(Article.objects.filter(pk=target.pk).values("version")[:1])
        else:
            event.version = target.version
        data = {**_article_data(target), **data}
    else:
        event.object_key = target.slug
        name = getattr(target, "name", None) or getattr(target, "title", "")
        data = {"name": name, **data}
    event.data = {key: value for key, value in data.items() if value is not None}
    return event


def record_change(actor, type_: str, target: Model, *, was: tuple | None = None, also=(), **data) -> None:
    """Append the change `type_` of `target` to the feed, in the caller's transaction (one INSERT).

    `was`: for an article whose state changed, its (status, published_at) before the change (the
    event is public if the article was visible before or after). `also`: further (type, target)
    pairs recorded in the same INSERT (an entity merge changes the survivor and articles).
    `data`: details shown with the event (a correction's note, a merge's survivor, …).
    Also wakes the webhook dispatcher and bumps the content version once the transaction commits.
    """
    events = [_event(actor, type_, target, was=was, **data)]
    events += [_event(actor, other_type, other) for other_type, other in also]
    if len(events) == 1:
        events[0].save(force_insert=True)
    else:
        ChangeEvent.objects.bulk_create(events)
    transaction.on_commit(_wake_dispatcher, robust=True)  # never fails the write: logged
    transaction.on_commit(content_version.bump, robust=True)  # the response cache's keys change (no scan)


def _wake_dispatcher() -> None:
    """Ask the task queue to deliver the new events now (the periodic dispatcher would anyway)."""
    from articles.syndication.dispatch import wake

    wake()


# --------------------------------------------------------------------------- reading


class CursorError(ValueError):
    """A cursor this feed did not hand out."""


class CursorExpired(Exception):
    """A cursor from before the newest removed deletion: the reader may have missed one."""

    def __init__(self, horizon: int):
        super().__init__(horizon)
        self.horizon = horizon


def encode_cursor(event_id: int) -> str:
    """The opaque cursor that resumes the feed after the event `event_id`."""
    return base64.urlsafe_b64encode(f"c1:{event_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The event id a cursor resumes after (0 for none: the beginning)."""
    if cursor in (None, ""):
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise CursorError(cursor) from None
    prefix, _, number = text.partition(":")
    if prefix != "c1" or not number.isdecimal() or len(number) > 19:
        raise CursorError(cursor)
    return int(number)


def expired_through() -> int:
    """The highest event id removed by retention (0 if none)."""
    return ChangeFeedPrune.objects.aggregate(horizon=Max("expired_through"))["horizon"] or 0


def events_after(*, user, after: int, limit: int) -> list[ChangeEvent]:
    """The next `limit` events after the id `after` that `user` may see, in feed order.

    Raises CursorExpired when events after `after` have been removed by retention.
    """
    if after:
        horizon = expired_through()
        if after < horizon:
            raise CursorExpired(horizon)
    events = ChangeEvent.objects.filter(id__gt=after).order_by("id")
    if not can_see_unpublished(user):
        events = events.filter(public=True)
    return list(events[:limit])


# --------------------------------------------------------------------------- retention


def prune(*, compact_after: timedelta | None = None, keep_deletions: timedelta | None = None, now=None):
    """Compact old events and expire old deletions (see the module doc); returns the ChangeFeedPrune row."""
    now = now or timezone.now()
    if compact_after is None:
        compact_after = timedelta(days=settings.CHANGES_COMPACT_AFTER_DAYS)
    if keep_deletions is None:
        keep_deletions = timedelta(days=settings.CHANGES_KEEP_DELETIONS_DAYS)
    same_object = ChangeEvent.objects.filter(
        object_type=OuterRef("object_type"), object_key=OuterRef("object_key"), id__gt=OuterRef("id")
    )
    with transaction.atomic():
        old = ChangeEvent.objects.filter(occurred_at__lt=now - compact_after).annotate(
            later=Exists(same_object), later_public=Exists(same_object.filter(public=True))
        )
        superseded = old.filter(later=True).exclude(public=True, later_public=False).values("pk")
        compacted = ChangeEvent.objects.filter(pk__in=superseded).delete()[0]
        # Objects whose last event is a deletion older than the retention: all their events go.
        latest = ChangeEvent.objects.filter(
            object_type=OuterRef("object_type"), object_key=OuterRef("object_key")
        ).order_by("-id")
        dead = ChangeEvent.objects.filter(
            type__in=DELETION_TYPES,
            occurred_at__lt=now - keep_deletions,
            id=Subquery(latest.values("id")[:1]),
        )
        doomed = ChangeEvent.objects.filter(
            Exists(dead.filter(object_type=OuterRef("object_type"), object_key=OuterRef("object_key")))
        )
        through = doomed.aggregate(top=Max("id"))["top"] or 0
        expired = doomed.delete()[0] if through else 0
        return ChangeFeedPrune.objects.create(
            ran_at=now, compacted=compacted, expired=expired, expired_through=max(through, expired_through())
        )
