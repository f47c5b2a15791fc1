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
read from the database or from a stored revision, so `diff_snapshots` compares like with like.
"""

import difflib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC

import reversion
from django.contrib.admin.models import LogEntry
from django.core import serializers
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from reversion.models import Revision

from articles.history import revision_store
from articles.models import (
    Article,
    ArticleRevision,
    Attribution,
    Caption,
    Entity,
    Mention,
    Quote,
    Source,
    paragraphs,
)

#: The parts of an article, by the name of their relation from Article (reversion `follow`).
PART_MODELS = {"captions": Caption, "attributions": Attribution, "mentions": Mention, "quotes": Quote}

#: Fields left out of the stored snapshots (the key: a revision restores onto the same row).
UNVERSIONED_FIELDS = {Article: ("id",)}


def _versioned_fields(model) -> tuple[str, ...]:
    excluded = UNVERSIONED_FIELDS.get(model, ("id",))
    return tuple(f.name for f in model._meta.local_fields if f.name not in excluded)


VERSIONED_FIELDS = {model: _versioned_fields(model) for model in (Article, *PART_MODELS.values())}

#: Article fields a diff compares (version and timestamps change on every write, so they are not news).
ARTICLE_DIFF_FIELDS = (
    "headline",
    "slug",
    "summary",
    "body",
    "language",
    "status",
    "published_at",
    "byline",
    "editor_note",
)

#: Part fields a diff compares (all but the article they belong to).
PART_DIFF_FIELDS = {
    kind: tuple(name for name in VERSIONED_FIELDS[model] if name != "article") for kind, model in PART_MODELS.items()
}

#: Foreign keys of parts that a diff shows as {id, slug, name} instead of a bare id.
REFERENCE_FIELDS = {"source": Source, "entity": Entity, "speaker": Entity}


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


def resolve_references(*snapshots: Snapshot | None) -> dict[tuple[str, int], dict]:
    """{("entity", id) or ("source", id): {"id", "slug", "name"}} for every reference in the snapshots.

    A row deleted since the revision was recorded resolves to slug and name None.
    """
    wanted: dict[type, set[int]] = {Entity: set(), Source: set()}
    for snapshot in snapshots:
        if snapshot is None:
            continue
        for rows in snapshot.parts.values():
            for values in rows.values():
                for name, model in REFERENCE_FIELDS.items():
                    if values.get(name) is not None:
                        wanted[model].add(values[name])
    references = {}
    for model, ids in wanted.items():
        key = model._meta.model_name
        found = {row["id"]: row for row in model.objects.filter(pk__in=ids).values("id", "slug", "name")} if ids else {}
        for pk in ids:
            references[(key, pk)] = found.get(pk, {"id": pk, "slug": None, "name": None})
    return references


# --------------------------------------------------------------------------- diff (pure functions)


def _reference(references, field_name: str, value):
    if value is None or field_name not in REFERENCE_FIELDS:
        return value
    key = (REFERENCE_FIELDS[field_name]._meta.model_name, value)
    return references.get(key, {"id": value, "slug": None, "name": None})


def _shorten(text: str, length: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def part_label(kind: str, values: dict, references=None) -> str:
    """How an editor names a part: caption by its order, mention by its entity, quote by its words."""
    references = references or {}
    if kind == "captions":
        return str(values["order"])
    if kind == "attributions":
        source = _reference(references, "source", values["source"])
        return f"{source['name'] or source['id']} ({values['paragraph']})"
    if kind == "mentions":
        entity = _reference(references, "entity", values["entity"])
        return str(entity["name"] or entity["id"])
    return _shorten(values["text"])


_WORDS = re.compile(r"(\s+)")


def word_diff(old: str, new: str) -> list[dict]:
    """Segments {"op": equal|delete|insert, "text"} that turn one paragraph into the other, word by word."""
    a, b = _WORDS.split(old), _WORDS.split(new)
    segments = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append({"op": "equal", "text": "".join(a[i1:i2])})
            continue
        if i2 > i1:
            segments.append({"op": "delete", "text": "".join(a[i1:i2])})
        if j2 > j1:
            segments.append({"op": "insert", "text": "".join(b[j1:j2])})
    return segments


def paragraph_diff(old_body: str, new_body: str) -> list[dict]:
    """The paragraphs that differ, as difflib opcodes with 1-based paragraph numbers.

    Each entry: {"op": replace|delete|insert, "old_start", "old": [paragraphs], "new_start", "new":
    [paragraphs]}; a replace of as many paragraphs as it adds also carries "words": one word_diff
    per pair of paragraphs, so that a one-letter correction is visible in a long paragraph.
    """
    a, b = paragraphs(old_body or ""), paragraphs(new_body or "")
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        change = {"op": tag, "old_start": i1 + 1, "old": a[i1:i2], "new_start": j1 + 1, "new": b[j1:j2]}
        if tag == "replace" and i2 - i1 == j2 - j1:
            change["words"] = [word_diff(old, new) for old, new in zip(a[i1:i2], b[j1:j2], strict=True)]
        changes.append(change)
    return changes


def _part_entry(kind: str, pk: int, values: dict, references) -> dict:
    return {
        "id": pk,
        "label": part_label(kind, values, references),
        "values": {name: _reference(references, name, values.get(name)) for name in PART_DIFF_FIELDS[kind]},
    }


def diff_snapshots(old: Snapshot | None, new: Snapshot, references=None) -> dict:
    """What changed from `old` (None: nothing existed yet) to `new`, field by field and part by part.

    {"fields": [{"field", "old", "new"} (+ "paragraphs" for the body)],
     "parts": {kind: {"added": [entry], "removed": [entry], "changed": [{"id", "label", "changes":
     [{"field", "old", "new"}]}]}}}; an entry is {"id", "label", "values"}. Parts are matched by
    primary key (a revert restores them with the same key). References are shown as {id, slug, name}.
    """
    references = references or {}
    old_article = old.article if old is not None else {}
    fields = []
    for name in ARTICLE_DIFF_FIELDS:
        before, after = old_article.get(name), new.article.get(name)
        if before != after:
            change = {"field": name, "old": before, "new": after}
            if name == "body":
                change["paragraphs"] = paragraph_diff(before, after)
            fields.append(change)
    parts = {}
    for kind in PART_MODELS:
        before = old.parts[kind] if old is not None else {}
        after = new.parts[kind]
        changed = []
        for pk in sorted(before.keys() & after.keys()):
            changes = [
                {
                    "field": name,
                    "old": _reference(references, name, before[pk].get(name)),
                    "new": _reference(references, name, after[pk].get(name)),
                }
                for name in PART_DIFF_FIELDS[kind]
                if before[pk].get(name) != after[pk].get(name)
            ]
            if changes:
                changed.append({"id": pk, "label": part_label(kind, after[pk], references), "changes": changes})
        parts[kind] = {
            "added": [_part_entry(kind, pk, after[pk], references) for pk in sorted(after.keys() - before.keys())],
            "removed": [_part_entry(kind, pk, before[pk], references) for pk in sorted(before.keys() - after.keys())],
            "changed": changed,
        }
    return {"fields": fields, "parts": parts}


#: Fields of the article shown in a snapshot (the stored copy also has timestamps and the creator).
ARTICLE_SNAPSHOT_FIELDS = ("uuid", *ARTICLE_DIFF_FIELDS, "version", "updated_at")

#: The order parts are listed in, as in the article's own API shape.
PART_ORDER = {
    "captions": lambda row: (row["order"], row["id"]),
    "attributions": lambda row: (row["paragraph"], row["id"]),
    "mentions": lambda row: (-row["count"], row["id"]),
    "quotes": lambda row: (row["paragraph"], row["order"], row["id"]),
}


def snapshot_payload(snapshot: Snapshot, references=None) -> dict:
    """A snapshot as the API and the admin show it: the article's fields, its paragraphs and its parts."""
    references = references or {}
    article = {name: snapshot.article.get(name) for name in ARTICLE_SNAPSHOT_FIELDS}
    article["paragraphs"] = paragraphs(snapshot.article.get("body") or "")
    payload = {"article": article}
    for kind in PART_MODELS:
        rows = [
            {"id": pk, **{name: _reference(references, name, values.get(name)) for name in PART_DIFF_FIELDS[kind]}}
            for pk, values in snapshot.parts[kind].items()
        ]
        payload[kind] = sorted(rows, key=PART_ORDER[kind])
    return payload


def diff_between(old: ArticleRevision | None, new: ArticleRevision) -> dict:
    """What changed from the revision `old` (None: nothing existed yet) to the revision `new`, with
    the entities and sources the parts refer to resolved (diff_snapshots)."""
    old_snapshot = snapshot_of_revision(old.revision) if old is not None else None
    new_snapshot = snapshot_of_revision(new.revision)
    return diff_snapshots(old_snapshot, new_snapshot, resolve_references(old_snapshot, new_snapshot))


def diff_is_empty(diff: dict) -> bool:
    return not diff["fields"] and not any(any(changes.values()) for changes in diff["parts"].values())


def change_message(old: Snapshot | None, new: Snapshot, references=None) -> list[dict]:
    """The revision comment, in the JSON shape of the admin's LogEntry change messages.

    Stored untranslated (field and model names in English) and rendered in the reader's language by
    `revision_comment`, as Django does for the admin's own history.
    """
    diff = diff_snapshots(old, new, references)
    message = []
    with translation.override(None):
        if old is None:
            message.append({"added": {}})
        else:
            names = [str(Article._meta.get_field(change["field"]).verbose_name) for change in diff["fields"]]
            if names:
                message.append({"changed": {"fields": names}})
        for kind, model in PART_MODELS.items():
            name = str(model._meta.verbose_name)
            changes = diff["parts"][kind]
            for entry in changes["added"]:
                message.append({"added": {"name": name, "object": entry["label"]}})
            for entry in changes["changed"]:
                fields = [str(model._meta.get_field(change["field"]).verbose_name) for change in entry["changes"]]
                message.append({"changed": {"name": name, "object": entry["label"], "fields": fields}})
            for entry in changes["removed"]:
                message.append({"deleted": {"name": name, "object": entry["label"]}})
    return message


#: What the comment of a transition's revision says, by transition (articles/services/workflow.py).
TRANSITION_SENTENCES = {
    "submit": gettext_lazy("Submitted for review."),
    "return_to_draft": gettext_lazy("Returned to draft."),
    "publish": gettext_lazy("Published (publication time %(time)s)."),
    "schedule": gettext_lazy("Scheduled for %(time)s."),
    "unschedule": gettext_lazy("Unscheduled: back to draft."),
    "correct": gettext_lazy("Correction published: “%(note)s”"),
    "retract": gettext_lazy("Retracted: “%(note)s”"),
    "restore": gettext_lazy("Restored as a draft."),
    "release": gettext_lazy("Published at its scheduled time (%(time)s)."),
}
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


def transition_sentence(event: dict) -> str:
    """“Published (publication time 8 Dec 2026, 10:00 +03).” in the active language and time zone."""
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime
    from django.utils.formats import date_format

    sentence = TRANSITION_SENTENCES.get(event.get("name"))
    if sentence is None:
        return ""
    when = parse_datetime(event["published_at"]) if event.get("published_at") else None
    time = date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else "—"
    return str(sentence) % {"time": time, "note": event.get("note") or ""}


def revision_comment(meta: ArticleRevision) -> str:
    """The comment of a revision in the active language (needs `meta.revision` loaded)."""
    try:
        message = json.loads(meta.revision.comment or "[]")
    except ValueError:
        message = None
    if isinstance(message, list) and message and isinstance(message[0], dict) and "transition" in message[0]:
        rest = LogEntry(change_message=json.dumps(message[1:])).get_change_message() if message[1:] else ""
        text = " ".join(filter(None, [transition_sentence(message[0]["transition"]), rest]))
    else:
        text = LogEntry(change_message=meta.revision.comment).get_change_message()
    if meta.reverted_to:
        text = gettext("Reverted to version %(version)s.") % {"version": meta.reverted_to} + " " + text
    return text


# --------------------------------------------------------------------------- recording


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
