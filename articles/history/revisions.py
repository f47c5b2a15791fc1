"""Article history: one django-reversion `Revision` per write, holding the article and all its parts.

Why django-reversion (and not django-simple-history): an article is a small tree (the article row
plus its captions, attributions, mentions and quotes) that editors change together. Reversion groups
every row saved in one transaction into one `Revision`, and `follow` makes that revision a complete
snapshot of the tree, so listing, diffing and reverting work on whole articles and a revert
restores the article and its parts atomically. simple-history keeps one history table per model
with no grouping; an article's state at a point in time would have to be reassembled from five
tables by timestamp.

How a write is recorded: every service that writes an article runs inside `recording(article,
user=…)`. It locks the article row, snapshots the article and its parts, lets the service write,
and on success snapshots again and saves one `Revision` (user, time, a comment computed from the
two snapshots) with an `ArticleRevision` row (article, version). Nested service calls join the
outermost recording, so one request is one revision and one version (services.articles.article_bump bumps
at most once per recording, and refuses to run outside one). A recording that wrote nothing saves
nothing. Deleted parts are simply absent from the next revision's snapshot.

Snapshots are the JSON that Django's serializer (and so reversion) produces: the same shape whether
read from the database or from a stored revision, so `diffs.diff_snapshots` compares like with like.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC

import reversion
from django.core import serializers
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from reversion.models import Revision

from articles.history import revision_store
from articles.models import Article, ArticleRevision, Attribution, Caption, Mention, Quote

#: The parts of an article, by the name of their relation from Article (reversion `follow`).
PART_MODELS = {"captions": Caption, "attributions": Attribution, "mentions": Mention, "quotes": Quote}

#: Fields left out of the stored snapshots (the key: a revision restores onto the same row).
UNVERSIONED_FIELDS = {Article: ("id",)}


def _versioned_fields(model) -> tuple[str, ...]:
    excluded = UNVERSIONED_FIELDS.get(model, ("id",))
    return tuple(f.name for f in model._meta.local_fields if f.name not in excluded)


VERSIONED_FIELDS = {model: _versioned_fields(model) for model in (Article, *PART_MODELS.values())}


def register_models() -> None:
    """Register the article (following its parts) and the parts with django-reversion."""
    for model in PART_MODELS.values():
        if not reversion.is_registered(model):
            reversion.register(model, fields=VERSIONED_FIELDS[model])
    if not reversion.is_registered(Article):
        reversion.register(Article, fields=VERSIONED_FIELDS[Article], follow=tuple(PART_MODELS))


# --------------------------------------------------------------------------- snapshots


@dataclass
class Snapshot:
    """An article and its parts as stored: field values in Django's JSON serialisation.

    `parts` maps each kind ("captions", …) to {primary key: {field: value}}.
    """

    article: dict
    parts: dict[str, dict[int, dict]] = field(default_factory=lambda: {kind: {} for kind in PART_MODELS})


def _serialized(model, rows) -> list[dict]:
    return json.loads(serializers.serialize("json", rows, fields=VERSIONED_FIELDS[model]))


#: How a written article's parts are loaded: in the API's order, with the entities and sources they
#: name joined in, so that the revision, the search document and the writer's response all use
#: this one read (one query per kind of part).
PART_PREFETCHES = {
    "captions": lambda: Caption.objects.order_by("order", "id"),
    "attributions": lambda: Attribution.objects.select_related("source").order_by("paragraph", "id"),
    "mentions": lambda: Mention.objects.select_related("entity").order_by("-count", "id"),
    "quotes": lambda: Quote.objects.select_related("speaker", "source").order_by("paragraph", "order", "id"),
}


def part_prefetches() -> list[Prefetch]:
    return [Prefetch(kind, make()) for kind, make in PART_PREFETCHES.items()]


def article_with_parts(article_id: int, *, lock: bool = False) -> Article:
    """The article with its parts prefetched (PART_PREFETCHES)."""
    rows = Article.objects.select_for_update(of=("self",)) if lock else Article.objects.all()
    return rows.prefetch_related(*part_prefetches()).get(pk=article_id)


def has_parts_loaded(article: Article) -> bool:
    cache = getattr(article, "_prefetched_objects_cache", {})
    return all(kind in cache for kind in PART_MODELS)


def snapshot_of(article: Article) -> Snapshot:
    """Snapshot of an article fetched with `article_with_parts`."""
    (row,) = _serialized(Article, [article])
    snapshot = Snapshot(article=row["fields"])
    for kind, model in PART_MODELS.items():
        snapshot.parts[kind] = {item["pk"]: item["fields"] for item in _serialized(model, getattr(article, kind).all())}
    return snapshot


def snapshot_of_revision(revision) -> Snapshot:
    """Snapshot of the article as a reversion `Revision` of it recorded it (revision_store)."""
    return revision_store.snapshot_at(revision.article_revision)


def stored_objects(revision) -> dict[type, list]:
    """The model instances stored in a revision (unsaved copies with their primary keys), by model."""
    return revision_store.stored_objects(snapshot_of_revision(revision))


# --------------------------------------------------------------------------- recording


WORKFLOW_FIELD_NAMES = {"status", "publication time"}


def _without_workflow_fields(message: list[dict]) -> list[dict]:
    """The change message without the article's status and publication time (a transition says them)."""
    kept = []
    for item in message:
        changed = item.get("changed")
        if changed is not None and "name" not in changed:
            fields = [name for name in changed.get("fields", []) if name not in WORKFLOW_FIELD_NAMES]
            if not fields:
                continue
            item = {"changed": {"fields": fields}}
        kept.append(item)
    return kept


@dataclass
class Recording:
    """The article a recording is about, its state before the write, and whether a write happened."""

    user: object = None
    reverted_to: int | None = None
    article_id: int | None = None
    #: The article as stored when the recording began, with its parts (PART_PREFETCHES).
    stored: Article | None = None
    before: Snapshot | None = None
    wrote: bool = False
    #: The version the write made, and its time (set by services.articles.article_bump).
    version: int | None = None
    updated_at: object = None
    #: The article instance the services wrote (its fields are the new state).
    written: Article | None = None
    #: Whether parts were written (or rows changed behind the services): the revision then reads
    #: the article again; otherwise its parts are those read at the start.
    parts_written: bool = False
    #: The stored row was not locked and read: the caller vouched for it (`adopt(…, pristine=True)`)
    #: and the version's compare-and-set checks it; the parts are read after that write.
    parts_pending: bool = False
    #: The article with its parts as read after the last write step (current_parts), if any.
    fresh: Article | None = None
    #: The workflow transition this write is ({"name", "from", "to", "published_at", "note"}), if any:
    #: the revision's comment then says what happened (“Published.”) rather than “Changed status.”
    transition: dict | None = None

    def adopt(self, article: Article | None, *, pristine: bool = False) -> None:
        """Start recording `article`: lock its row and snapshot it before anything changes.

        `pristine`: `article` is the row as stored, unchanged (an API write naming the version it
        edited): it is not read again; the compare-and-set of the version (article_bump) proves it
        was current, and its parts are read once that write holds the row (`load_parts`).
        """
        if article is None or article.pk is None:
            return
        if self.article_id is None:
            self.article_id = article.pk
            if pristine:
                self.stored = Article(**{f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields})
                self.stored._state.adding, self.stored._state.db = False, article._state.db
                self.parts_pending = True
            else:
                self.stored = article_with_parts(article.pk, lock=True)
                self.before = snapshot_of(self.stored)
        elif self.article_id != article.pk:
            raise RuntimeError(
                f"One recording covers one article: article {article.pk} was written while recording "
                f"article {self.article_id}. Record each article's write separately."
            )

    def working_copy(self) -> Article:
        """A copy of the stored article (with its parts) for a service to change: `stored` stays
        as it was read, the state the write is compared with."""
        copy = Article(**{f.attname: getattr(self.stored, f.attname) for f in Article._meta.concrete_fields})
        copy._state.adding, copy._state.db = False, self.stored._state.db
        copy._prefetched_objects_cache = dict(getattr(self.stored, "_prefetched_objects_cache", {}))
        return copy

    def load_parts(self) -> None:
        """Read the parts of a pristine article (once its version's compare-and-set holds the row)."""
        if self.parts_pending:
            from django.db.models import prefetch_related_objects

            prefetch_related_objects([self.stored], *part_prefetches())
            self.before = snapshot_of(self.stored)
            self.parts_pending = False

    def created(self, article: Article) -> None:
        """The article did not exist before this recording: its first revision is its creation."""
        if self.article_id not in (None, article.pk):
            raise RuntimeError("A recording cannot create an article while it records another one.")
        self.article_id, self.before, self.wrote = article.pk, None, True
        self.version, self.updated_at, self.written = article.version, article.updated_at, article
        # A new article has no parts until the services add some (which sets parts_written).
        self.stored = Article(pk=article.pk)
        self.stored._prefetched_objects_cache = {kind: _no_parts(model, article) for kind, model in PART_MODELS.items()}

    def compare_with(self, before: Snapshot | None) -> None:
        """Record the difference from `before` (not from the state at the start), reading the
        article again at the end (rows may have changed outside the services)."""
        self.load_parts()
        self.before = before
        self.mark_parts_written()

    def mark_parts_written(self) -> None:
        """A service wrote parts of the article: the parts read so far are out of date."""
        self.parts_written, self.fresh = True, None

    def current_parts(self) -> dict:
        """The article's parts as they now are: those read at the start while no part was
        written, else read again (once per write step; `fresh` keeps the article read)."""
        if not self.parts_written:
            self.load_parts()
            return self.stored._prefetched_objects_cache
        if self.fresh is None:
            self.fresh = article_with_parts(self.article_id)
        return self.fresh._prefetched_objects_cache

    def save(self) -> None:
        """Store the revision of the article as it now is: what changed since `before`."""
        # diffs builds on this module (Snapshot, PART_MODELS): imported here, not at the top.
        from articles.history.diffs import change_message, resolve_references

        if not self.wrote:
            return
        self.load_parts()
        if self.parts_written or self.written is None:
            article = self.fresh if self.fresh is not None else article_with_parts(self.article_id)
            after = snapshot_of(article)
            if self.written is not None:
                self.written._prefetched_objects_cache = article._prefetched_objects_cache
        else:
            article = self.written
            if self.stored is not None:  # its parts are those read at the start (none for a new one)
                article._prefetched_objects_cache = dict(self.stored._prefetched_objects_cache)
            after = Snapshot(
                article=_serialized(Article, [_in_utc(article)])[0]["fields"],
                parts=self.before.parts if self.before is not None else Snapshot(article={}).parts,
            )
        message = change_message(self.before, after, resolve_references(*_changed_parts(self.before, after)))
        if self.transition:
            message = [{"transition": self.transition}, *_without_workflow_fields(message)]
        revision = Revision.objects.create(
            date_created=timezone.now(), user=self.user, comment=json.dumps(message, ensure_ascii=False)
        )
        ArticleRevision.objects.create(
            revision=revision,
            article_id=self.article_id,
            version=after.article["version"],
            reverted_to=self.reverted_to,
            changes=revision_store.delta(self.before, after),
        )


def _no_parts(model, article: Article):
    """An evaluated, empty queryset of the article's parts, as prefetch_related leaves one: reading
    it costs nothing, and a new query from it (`.get()`, `.filter()`) asks the database."""
    rows = model.objects.filter(article=article)
    rows._result_cache, rows._prefetch_done = [], True
    return rows


def _in_utc(article: Article) -> Article:
    """A copy of `article` with its times in UTC, as read back from the database."""
    copy = Article(**{f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields})
    for name in ("created_at", "updated_at", "published_at"):
        value = getattr(copy, name)
        if value is not None and value.tzinfo is not None:
            setattr(copy, name, value.astimezone(UTC))
    return copy


def _changed_parts(before: Snapshot | None, after: Snapshot) -> tuple[Snapshot | None, Snapshot]:
    """The two snapshots reduced to the parts that differ (whose references a comment names)."""
    if before is None:
        return None, after
    old, new = Snapshot(article={}), Snapshot(article={})
    for kind in PART_MODELS:
        a, b = before.parts[kind], after.parts[kind]
        for pk in a.keys() | b.keys():
            if a.get(pk) != b.get(pk):
                if pk in a:
                    old.parts[kind][pk] = a[pk]
                if pk in b:
                    new.parts[kind][pk] = b[pk]
    return old, new


_active: ContextVar[Recording | None] = ContextVar("article_recording", default=None)


@contextmanager
def recording(
    article: Article | None,
    *,
    user=None,
    reverted_to: int | None = None,
    pristine: bool = False,
    savepoint: bool = True,
) -> Iterator[Recording]:
    """Record everything written to `article` inside the block as one revision (see the module doc).

    `article` is None when the block creates it (the service then calls `Recording.created`).
    Inside another recording of the same article, the block joins it. `pristine`: see
    `Recording.adopt`. `savepoint=False`: the caller's own transaction (a service's) ends with the
    block and rolls back whatever it raises, so the block needs no savepoint of its own.
    """
    outer = _active.get()
    if outer is not None:
        outer.adopt(article)
        if reverted_to is not None:
            outer.reverted_to = reverted_to
        yield outer
        return
    with transaction.atomic(savepoint=savepoint):
        current = Recording(
            user=user if user is not None and user.is_authenticated else None,
            reverted_to=reverted_to,
        )
        current.adopt(article, pristine=pristine)
        token = _active.set(current)
        try:
            yield current
        finally:
            _active.reset(token)
        current.save()


def current_recording() -> Recording | None:
    """The recording in progress, if any."""
    return _active.get()


def active_recording(article: Article) -> Recording:
    """The recording that `article` is being written in; writing an article outside one is a bug."""
    current = _active.get()
    if current is None:
        raise RuntimeError(
            "Article writes must run inside articles.history.revisions.recording(article, user=…), "
            "so that every version of an article has a revision."
        )
    current.adopt(article)
    if article.pk == current.article_id:
        current.written = article
    return current
