"""What changed between two states of an article, and how revisions are shown to people.

Built on the snapshots `revisions` records (`revisions.Snapshot`): `diff_snapshots` (field by
field, part by part, with the body's paragraphs and words), `diff_between` (two stored revisions),
`snapshot_payload` (one state as the API and the admin show it), `resolve_references` (the entities
and sources parts name, as {id, slug, name}); and the revision comment: `change_message` (what
`revisions.Recording.save` stores, untranslated; it imports it when it runs, as this module
imports `revisions`) and `revision_comment` (how it reads in the active language, with the
workflow transition's sentence).
"""

import difflib
import json
import re

from django.contrib.admin.models import LogEntry
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from articles.history.revisions import PART_MODELS, VERSIONED_FIELDS, Snapshot, snapshot_of_revision
from articles.models import Article, ArticleRevision, Entity, Source, paragraphs

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
