"""How revisions are stored: what changed, not the whole article each time.

A revision's `ArticleRevision.changes` holds the rows that differ from the revision before it:

    {"full": bool,
     "article": {field: value},                       # the article's fields that changed
     "parts": {kind: {"set": {pk: {field: value}},    # parts added or changed (all their fields)
                      "deleted": [pk, …]}}}           # parts removed

Values are in Django's JSON serialisation (the shape `revisions.Snapshot` holds). A `full` entry
holds the whole article and every part (a part it does not list did not exist): the first
revision of an article is one, and retention (history/retention.py) turns the oldest revision it
keeps into one when it drops those before it. Revisions recorded before this storage existed have
no `changes`: their django-reversion `Version` rows hold the whole article, so they count as full.

An article's state at a revision is the latest full entry at or before it with the later entries
applied in order: one query for the entries (and one for the Version rows of an older, full
revision), whatever the length of the history.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core import serializers

from articles.models import Article, ArticleRevision


def _kinds():
    from articles.history.revisions import PART_MODELS

    return PART_MODELS


def _empty_snapshot():
    from articles.history.revisions import Snapshot

    return Snapshot(article={})


def delta(before, after) -> dict:
    """The entry that turns the snapshot `before` (None: nothing existed) into `after`."""
    if before is None:
        return full_entry(after)
    article = {name: value for name, value in after.article.items() if before.article.get(name) != value}
    parts = {}
    for kind in _kinds():
        old, new = before.parts[kind], after.parts[kind]
        changed = {str(pk): values for pk, values in new.items() if old.get(pk) != values}
        deleted = sorted(pk for pk in old if pk not in new)
        if changed or deleted:
            parts[kind] = {"set": changed, "deleted": deleted}
    return {"full": False, "article": article, "parts": parts}


def full_entry(snapshot) -> dict:
    """An entry that holds the whole of `snapshot`."""
    return {
        "full": True,
        "article": dict(snapshot.article),
        "parts": {
            kind: {"set": {str(pk): values for pk, values in snapshot.parts[kind].items()}, "deleted": []}
            for kind in _kinds()
        },
    }


def apply(snapshot, entry: dict):
    """`snapshot` with `entry` applied (a full entry replaces it); returns a new snapshot."""
    result = _empty_snapshot()
    if not entry.get("full"):
        result.article = dict(snapshot.article)
        result.parts = {kind: dict(rows) for kind, rows in snapshot.parts.items()}
    result.article.update(entry.get("article", {}))
    for kind, change in entry.get("parts", {}).items():
        rows = result.parts[kind]
        for pk in change.get("deleted", ()):
            rows.pop(int(pk), None)
        for pk, values in change.get("set", {}).items():
            rows[int(pk)] = values
    return result


def merge(first: dict, second: dict) -> dict:
    """One entry with the effect of `first` then `second` (to drop the revision of `first`)."""
    if second.get("full"):
        return second
    if first.get("full"):
        return full_entry(apply(apply(_empty_snapshot(), first), second))
    parts = {}
    for kind in _kinds():
        one = first.get("parts", {}).get(kind, {"set": {}, "deleted": []})
        two = second.get("parts", {}).get(kind, {"set": {}, "deleted": []})
        gone = {str(pk) for pk in two["deleted"]}
        rows = {pk: values for pk, values in one["set"].items() if pk not in gone}
        rows.update(two["set"])
        deleted = sorted({int(pk) for pk in (*one["deleted"], *two["deleted"])})
        if rows or deleted:
            parts[kind] = {"set": rows, "deleted": deleted}
    return {"full": False, "article": {**first.get("article", {}), **second.get("article", {})}, "parts": parts}


def versions_snapshot(revision_id: int):
    """The snapshot held by the django-reversion Version rows of a revision (its whole article)."""
    from reversion.models import Version

    kinds = {model: kind for kind, model in _kinds().items()}
    snapshot = _empty_snapshot()
    for version in Version.objects.filter(revision_id=revision_id):
        model = ContentType.objects.get_for_id(version.content_type_id).model_class()
        (row,) = json.loads(version.serialized_data)
        if model is Article:
            snapshot.article = row["fields"]
        elif model in kinds:
            snapshot.parts[kinds[model]][int(row["pk"])] = row["fields"]
    return snapshot


def snapshot_at(meta: ArticleRevision):
    """The article and its parts as they were at the revision `meta`."""
    entries = list(
        ArticleRevision.objects.filter(article_id=meta.article_id, version__lte=meta.version)
        .order_by("-version")
        .values_list("revision_id", "changes")
    )
    chain = []
    base = None
    for revision_id, changes in entries:
        if changes is None:
            base = versions_snapshot(revision_id)
            break
        chain.append(changes)
        if changes.get("full"):
            break
    snapshot = base if base is not None else _empty_snapshot()
    for changes in reversed(chain):
        snapshot = apply(snapshot, changes)
    return snapshot


def stored_objects(snapshot) -> dict[type, list]:
    """The model instances of a snapshot (unsaved copies with their primary keys), by model."""
    objects = {Article: []}
    rows = [{"model": "articles.article", "pk": None, "fields": snapshot.article}] if snapshot.article else []
    for kind, model in _kinds().items():
        objects[model] = []
        label = model._meta.label_lower
        rows += [{"model": label, "pk": pk, "fields": values} for pk, values in snapshot.parts[kind].items()]
    for item in serializers.deserialize("json", json.dumps(rows), ignorenonexistent=True):
        objects[type(item.object)].append(item.object)
    return objects
